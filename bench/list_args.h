// Comma-separated option values of the bench programs ("500,1500,5000",
// "0.125,0.25"), checked: a malformed list is refused, never thrown.
// Header-only: shared by segproof_bench and segproof_bench_terraform.
#ifndef SEGPROOF_BENCH_LIST_ARGS_H_
#define SEGPROOF_BENCH_LIST_ARGS_H_

#include <charconv>
#include <cstdlib>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace segproof::bench {

// "500,1500": positive integers; false (and `out` unusable) otherwise.
inline bool parseList(std::string_view text, std::vector<int>& out) {
  out.clear();
  while (!text.empty()) {
    size_t comma = text.find(',');
    std::string_view item = text.substr(0, comma);
    int value = 0;
    auto [end, error] = std::from_chars(item.data(), item.data() + item.size(), value);
    if (error != std::errc() || end != item.data() + item.size() || value <= 0) return false;
    out.push_back(value);
    text = comma == std::string_view::npos ? "" : text.substr(comma + 1);
  }
  return !out.empty();
}

// "0.125,0.25": positive numbers of at most 100.
inline bool parseScales(std::string_view text, std::vector<double>& out) {
  out.clear();
  std::string rest(text);
  while (!rest.empty()) {
    size_t comma = rest.find(',');
    std::string item = rest.substr(0, comma);
    char* end = nullptr;
    double value = std::strtod(item.c_str(), &end);
    if (item.empty() || end != item.c_str() + item.size() || !(value > 0) || value > 100)
      return false;
    out.push_back(value);
    rest = comma == std::string::npos ? "" : rest.substr(comma + 1);
  }
  return !out.empty();
}

}  // namespace segproof::bench

#endif  // SEGPROOF_BENCH_LIST_ARGS_H_
