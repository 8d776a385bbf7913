#include "query/spelling.h"

#include <algorithm>
#include <cctype>

namespace segproof {

namespace {

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

// Optimal string alignment distance, case-insensitive: insertions, deletions,
// substitutions and transpositions of neighbours each cost one.
int editDistance(std::string_view a, std::string_view b) {
  const size_t n = a.size(), m = b.size();
  std::vector<std::vector<int>> d(n + 1, std::vector<int>(m + 1, 0));
  for (size_t i = 0; i <= n; ++i) d[i][0] = static_cast<int>(i);
  for (size_t j = 0; j <= m; ++j) d[0][j] = static_cast<int>(j);
  for (size_t i = 1; i <= n; ++i) {
    for (size_t j = 1; j <= m; ++j) {
      int cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) &&
          lower(a[i - 2]) == lower(b[j - 1]))
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[n][m];
}

}  // namespace

std::string closestSpelling(std::string_view word, const std::vector<std::string>& candidates) {
  // One edit per three characters, at least one and at most two: "isolate"
  // -> "isolated", but "db" does not become "dev", nor "aws_instance.nope"
  // "aws_instance.web" (long names share long prefixes).
  const int limit = std::clamp(static_cast<int>(word.size()) / 3, 1, 2);
  std::string best;
  int best_distance = limit + 1;
  for (const std::string& candidate : candidates) {
    int distance = editDistance(word, candidate);
    if (distance < best_distance &&
        distance < static_cast<int>(std::max(word.size(), candidate.size()))) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

std::string didYouMean(std::string_view word, const std::vector<std::string>& candidates) {
  std::string best = closestSpelling(word, candidates);
  if (best.empty()) return best;
  return "; did you mean '" + best + "'?";
}

}  // namespace segproof
