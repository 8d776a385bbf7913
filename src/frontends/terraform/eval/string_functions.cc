// Built-ins on strings: format, join, split, replace, regex, trim, ...
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <regex>

#include "frontends/common/limits.h"
#include "frontends/terraform/eval/functions_internal.h"
#include "frontends/terraform/eval/json.h"

namespace segproof::hcl::internal {

namespace {

std::string joinCharacters(const std::vector<std::string>& chars, size_t begin, size_t end) {
  std::string out;
  for (size_t i = begin; i < end && i < chars.size(); ++i) out += chars[i];
  return out;
}

std::string padded(std::string text, const std::string& flags, int width) {
  int length = static_cast<int>(characters(text).size());
  if (length >= width) return text;
  std::string pad(static_cast<size_t>(width - length), ' ');
  return flags.find('-') != std::string::npos ? text + pad : pad + text;
}

// snprintf into a string of the size it needs (a %f of 1e300 is long).
template <class T>
std::string printed(const std::string& spec, T value) {
  int size = std::snprintf(nullptr, 0, spec.c_str(), value);
  if (size < 0) argError("cannot format with " + spec);
  std::string out(static_cast<size_t>(size) + 1, '\0');
  std::snprintf(out.data(), out.size(), spec.c_str(), value);
  out.pop_back();
  return out;
}

// One `%` verb of format(): flags, width and precision as in Go's fmt.
std::string formatVerb(char verb, const std::string& flags, int width, int precision,
                       const Value& arg) {
  std::string spec = "%" + flags + (width > 0 ? std::to_string(width) : "");
  if (precision >= 0) spec += "." + std::to_string(precision);
  switch (verb) {
    case 's': {
      std::string text = stringArg(arg, "a %s argument");
      if (precision >= 0)
        text = joinCharacters(characters(text), 0, static_cast<size_t>(precision));
      return padded(text, flags, width);
    }
    case 'q':
      return padded(jsonEncode(Value::string(stringArg(arg, "a %q argument")), false), flags,
                    width);
    case 'v':
      if (arg.isString()) return padded(arg.asString(), flags, width);
      return padded(jsonEncode(arg, false), flags, width);
    case 't':
      return padded(boolArg(arg, "a %t argument") ? "true" : "false", flags, width);
    case 'd':
    case 'x':
    case 'X':
    case 'o': {
      double number = numberArg(arg, "a number argument");
      if (!isInteger(number))
        argError("%" + std::string(1, verb) + " needs a whole number, not " + arg.str());
      spec += std::string("ll") + verb;
      return printed(spec, static_cast<long long>(number));
    }
    case 'f':
    case 'e':
    case 'E':
    case 'g':
    case 'G':
      spec += verb;
      return printed(spec, numberArg(arg, "a number argument"));
    default:
      argError(std::string("unsupported format verb %") + verb);
  }
}

std::string formatString(const std::string& pattern, const ValueList& args, size_t first_arg) {
  std::string out;
  size_t next_arg = first_arg;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] != '%') {
      out += pattern[i];
      continue;
    }
    if (++i == pattern.size()) argError("format string ends with a lone '%'");
    if (pattern[i] == '%') {
      out += '%';
      continue;
    }
    std::string flags;
    while (i < pattern.size() && std::string("-+ 0#").find(pattern[i]) != std::string::npos)
      flags += pattern[i++];
    int width = 0;
    while (i < pattern.size() && std::isdigit(static_cast<unsigned char>(pattern[i]))) {
      width = std::min(width * 10 + (pattern[i++] - '0'), 256);
    }
    int precision = -1;
    if (i < pattern.size() && pattern[i] == '.') {
      precision = 0;
      ++i;
      while (i < pattern.size() && std::isdigit(static_cast<unsigned char>(pattern[i]))) {
        precision = std::min(precision * 10 + (pattern[i++] - '0'), 256);
      }
    }
    if (i == pattern.size()) argError("format string ends inside a verb");
    if (next_arg >= args.size()) argError("not enough arguments for the format string");
    out += formatVerb(pattern[i], flags, width, precision, args[next_arg++]);
    checkSize(out.size());
  }
  if (next_arg < args.size()) {
    argError("too many arguments; only " + std::to_string(next_arg - first_arg) +
             " used by the format string");
  }
  return out;
}

Value format(const ValueList& args) {
  return Value::string(formatString(stringArg(args[0], "the format"), args, 1));
}

// formatlist: list arguments go element by element, others repeat.
Value formatlist(const ValueList& args) {
  std::string pattern = stringArg(args[0], "the format");
  std::optional<size_t> count;
  for (size_t i = 1; i < args.size(); ++i) {
    if (!args[i].isSequence()) continue;
    if (count && *count != args[i].items().size())
      argError("all list arguments must have the same length");
    count = args[i].items().size();
  }
  ValueList out;
  std::uint64_t size = 1;
  for (size_t n = 0; n < count.value_or(1); ++n) {
    ValueList row{args[0]};
    for (size_t i = 1; i < args.size(); ++i)
      row.push_back(args[i].isSequence() ? args[i].items()[n] : args[i]);
    out.push_back(Value::string(formatString(pattern, row, 1)));
    size = size + out.back().size();
    checkSize(size);
  }
  return Value::list(std::move(out));
}

Value join(const ValueList& args) {
  std::string separator = stringArg(args[0], "the separator");
  std::string out;
  bool first = true;
  for (size_t i = 1; i < args.size(); ++i) {
    for (const Value& item : sequenceArg(args[i], "each list")) {
      if (!first) out += separator;
      first = false;
      out += stringArg(item, "each element");
      checkSize(out.size());
    }
  }
  return Value::string(out);
}

Value split(const ValueList& args) {
  std::string separator = stringArg(args[0], "the separator");
  std::string text = stringArg(args[1], "the string");
  ValueList out;
  if (separator.empty()) {
    for (std::string& c : characters(text)) out.push_back(Value::string(std::move(c)));
    return Value::list(std::move(out));
  }
  size_t start = 0;
  for (size_t at; (at = text.find(separator, start)) != std::string::npos;
       start = at + separator.size()) {
    out.push_back(Value::string(text.substr(start, at - start)));
  }
  out.push_back(Value::string(text.substr(start)));
  return Value::list(std::move(out));
}

// Patterns and subjects are bounded and matched by libstdc++'s automaton
// (__polynomial), never by backtracking (src/frontends/common/limits.h).
std::regex compile(const std::string& pattern) {
  if (pattern.size() > limits::kMaxRegexPattern)
    argError("regular expressions longer than " + std::to_string(limits::kMaxRegexPattern) +
             " bytes are not evaluated");
  try {
    return std::regex(pattern, std::regex::ECMAScript | std::regex_constants::__polynomial);
  } catch (const std::regex_error& error) {
    argError("invalid regular expression \"" + pattern + "\": " + error.what());
  }
}

const std::string& regexSubject(const std::string& text) {
  if (text.size() > limits::kMaxRegexSubject)
    argError("regular expressions are matched against strings of at most " +
             std::to_string(limits::kMaxRegexSubject) + " bytes; this one has " +
             std::to_string(text.size()));
  return text;
}

Value replace(const ValueList& args) {
  std::string text = stringArg(args[0], "the string");
  std::string search = stringArg(args[1], "the substring");
  std::string replacement = stringArg(args[2], "the replacement");
  if (search.size() >= 2 && search.front() == '/' && search.back() == '/') {
    regexSubject(text);
    return Value::string(
        std::regex_replace(text, compile(search.substr(1, search.size() - 2)), replacement));
  }
  if (search.empty()) argError("the substring must not be empty");
  std::string out;
  size_t start = 0;
  for (size_t at; (at = text.find(search, start)) != std::string::npos;
       start = at + search.size()) {
    out += text.substr(start, at - start) + replacement;
    checkSize(out.size());
  }
  return Value::string(out + text.substr(start));
}

// The result of one match: the whole match without groups, else the groups.
Value matchValue(const std::smatch& match) {
  if (match.size() == 1) return Value::string(match[0].str());
  ValueList groups;
  for (size_t i = 1; i < match.size(); ++i) {
    groups.push_back(match[i].matched ? Value::string(match[i].str()) : Value::null());
  }
  return Value::list(std::move(groups));
}

Value regex(const ValueList& args) {
  std::regex pattern = compile(stringArg(args[0], "the pattern"));
  std::string text = regexSubject(stringArg(args[1], "the string"));
  std::smatch match;
  if (!std::regex_search(text, match, pattern))
    argError("pattern did not match any part of the string");
  return matchValue(match);
}

Value regexall(const ValueList& args) {
  std::regex pattern = compile(stringArg(args[0], "the pattern"));
  std::string text = regexSubject(stringArg(args[1], "the string"));
  ValueList out;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), pattern);
       it != std::sregex_iterator(); ++it) {
    out.push_back(matchValue(*it));
  }
  return Value::list(std::move(out));
}

Value substr(const ValueList& args) {
  std::vector<std::string> chars = characters(stringArg(args[0], "the string"));
  long long size = static_cast<long long>(chars.size());
  long long offset = intArg(args[1], "the offset");
  long long length = intArg(args[2], "the length");
  if (offset < 0) offset = std::max(0LL, size + offset);  // counts from the end
  if (offset > size) return Value::string("");
  long long end = length < 0 ? size : std::min(size, offset + length);
  return Value::string(
      joinCharacters(chars, static_cast<size_t>(offset), static_cast<size_t>(end)));
}

Value mapCase(const ValueList& args, bool upper) {
  std::string text = stringArg(args[0], "the string");
  for (char& c : text) {
    c = static_cast<char>(upper ? std::toupper(static_cast<unsigned char>(c))
                                : std::tolower(static_cast<unsigned char>(c)));
  }
  return Value::string(text);
}

// Removes characters in `cutset` from the ends of `text`.
std::string trimSet(const std::string& text, const std::string& cutset) {
  std::vector<std::string> chars = characters(text);
  std::vector<std::string> cut = characters(cutset);
  auto inCut = [&](const std::string& c) {
    return std::find(cut.begin(), cut.end(), c) != cut.end();
  };
  size_t begin = 0;
  size_t end = chars.size();
  while (begin < end && inCut(chars[begin])) ++begin;
  while (end > begin && inCut(chars[end - 1])) --end;
  return joinCharacters(chars, begin, end);
}

Value trimprefix(const ValueList& args) {
  std::string text = stringArg(args[0], "the string");
  std::string prefix = stringArg(args[1], "the prefix");
  return Value::string(text.rfind(prefix, 0) == 0 ? text.substr(prefix.size()) : text);
}

Value trimsuffix(const ValueList& args) {
  std::string text = stringArg(args[0], "the string");
  std::string suffix = stringArg(args[1], "the suffix");
  bool ends = text.size() >= suffix.size() &&
              text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
  return Value::string(ends ? text.substr(0, text.size() - suffix.size()) : text);
}

Value startswith(const ValueList& args) {
  return Value::boolean(
      stringArg(args[0], "the string").rfind(stringArg(args[1], "the prefix"), 0) == 0);
}

Value endswith(const ValueList& args) {
  std::string text = stringArg(args[0], "the string");
  std::string suffix = stringArg(args[1], "the suffix");
  return Value::boolean(text.size() >= suffix.size() &&
                        text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0);
}

Value jsondecode(const ValueList& args) {
  std::string error;
  std::optional<Value> value = jsonDecode(stringArg(args[0], "the argument"), error);
  if (!value) argError(error);
  return *value;
}

}  // namespace

void addStringFunctions(BuiltinTable& table) {
  table["format"] = {1, -1, false, format};
  // Paths, as Terraform's basename / dirname treat them (no file access).
  table["basename"] = {1, 1, false, [](const ValueList& args) {
    std::string path = stringArg(args[0], "the path");
    while (path.size() > 1 && path.back() == '/') path.pop_back();
    size_t slash = path.rfind('/');
    return Value::string(slash == std::string::npos || path == "/" ? path : path.substr(slash + 1));
  }};
  table["dirname"] = {1, 1, false, [](const ValueList& args) {
    std::string path = stringArg(args[0], "the path");
    while (path.size() > 1 && path.back() == '/') path.pop_back();
    size_t slash = path.rfind('/');
    if (slash == std::string::npos) return Value::string(".");
    return Value::string(slash == 0 ? "/" : path.substr(0, slash));
  }};
  table["formatlist"] = {1, -1, false, formatlist};
  table["join"] = {1, -1, false, join};
  table["split"] = {2, 2, false, split};
  table["replace"] = {3, 3, false, replace};
  table["regex"] = {2, 2, false, regex};
  table["regexall"] = {2, 2, false, regexall};
  table["substr"] = {3, 3, false, substr};
  table["lower"] = {1, 1, false, [](const ValueList& args) { return mapCase(args, false); }};
  table["upper"] = {1, 1, false, [](const ValueList& args) { return mapCase(args, true); }};
  table["trimspace"] = {
      1, 1, false, [](const ValueList& args) {
        return Value::string(trimSet(stringArg(args[0], "the string"), " \t\n\r\v\f"));
      }};
  table["trim"] = {2, 2, false, [](const ValueList& args) {
                     return Value::string(trimSet(stringArg(args[0], "the string"),
                                                  stringArg(args[1], "the cutset")));
                   }};
  table["trimprefix"] = {2, 2, false, trimprefix};
  table["trimsuffix"] = {2, 2, false, trimsuffix};
  table["startswith"] = {2, 2, false, startswith};
  table["endswith"] = {2, 2, false, endswith};
  table["jsonencode"] = {
      1, 1, false, [](const ValueList& args) { return Value::string(jsonEncode(args[0], true)); }};
  table["jsondecode"] = {1, 1, false, jsondecode};
}

}  // namespace segproof::hcl::internal
