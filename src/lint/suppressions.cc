// Reading .segproof.yaml and applying its suppressions (docs/lint.md,
// "Suppressions").
#include "lint/suppressions.h"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <filesystem>
#include <system_error>
#include <utility>

#include "frontends/common/input_file.h"
#include "lint/catalogue.h"
#include "lint/yaml_fields.h"
#include "query/spelling.h"

namespace segproof::lint {

namespace {

const std::string kFormatMarker = "config/v1";
const std::vector<std::string> kTopKeys = {"segproof", "suppressions"};
const std::vector<std::string> kSuppressionKeys = {"check", "resource", "reason", "expires"};

bool isLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

// A calendar date written YYYY-MM-DD.
bool validDate(const std::string& text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return false;
  }
  int year = std::stoi(text.substr(0, 4));
  int month = std::stoi(text.substr(5, 2));
  int day = std::stoi(text.substr(8, 2));
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1) return false;
  int last = kDays[month - 1] + (month == 2 && isLeapYear(year) ? 1 : 0);
  return day <= last;
}

std::string trimmed(const std::string& text) {
  size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  size_t last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

std::vector<std::string> catalogueIds() {
  std::vector<std::string> ids;
  for (const CheckInfo& check : checkCatalogue()) ids.emplace_back(check.id);
  return ids;
}

// One part of a resource address: "aws_instance", "web[0]", "module.app"'s
// "app": its name and its instance key as written ("[0]", "[\"a\"]", or "").
struct AddressPart {
  std::string_view name;
  std::string_view key;
};

// Splits at the dots outside instance keys (a key may hold dots: ["a.b"]).
std::vector<AddressPart> addressParts(std::string_view address) {
  std::vector<AddressPart> parts;
  size_t start = 0;
  size_t key_start = std::string_view::npos;
  int depth = 0;
  bool quoted = false;
  auto close = [&](size_t end) {
    size_t name_end = std::min(key_start, end);
    parts.push_back({address.substr(start, name_end - start),
                     key_start < end ? address.substr(key_start, end - key_start) : ""});
  };
  for (size_t i = 0; i < address.size(); ++i) {
    char c = address[i];
    if (quoted) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        quoted = false;
      }
    } else if (c == '"' && depth > 0) {
      quoted = true;
    } else if (c == '[') {
      if (depth++ == 0 && key_start == std::string_view::npos) key_start = i;
    } else if (c == ']') {
      depth = std::max(0, depth - 1);
    } else if (c == '.' && depth == 0) {
      close(i);
      start = i + 1;
      key_start = std::string_view::npos;
    }
  }
  close(address.size());
  return parts;
}

// `pattern` names `address`: the same parts, a part of `pattern` without an
// instance key standing for every instance.
bool addressMatches(std::string_view pattern, std::string_view address) {
  if (pattern == address) return true;
  std::vector<AddressPart> want = addressParts(pattern);
  std::vector<AddressPart> have = addressParts(address);
  if (want.size() != have.size()) return false;
  for (size_t i = 0; i < want.size(); ++i) {
    if (want[i].name != have[i].name) return false;
    if (!want[i].key.empty() && want[i].key != have[i].key) return false;
  }
  return true;
}

class LintConfigParser {
 public:
  LintConfigParser(const std::string& name, DiagnosticEngine& diags, std::string today)
      : fields_(name, diags), today_(std::move(today)) {}

  LintConfig parse(const std::string& text);

 private:
  std::optional<Suppression> parseSuppression(const YAML::Node& node);

  YamlFields fields_;
  std::string today_;
  std::vector<std::string> check_ids_ = catalogueIds();
};

LintConfig LintConfigParser::parse(const std::string& text) {
  LintConfig config;
  config.path = fields_.name();
  std::optional<YAML::Node> root = fields_.load(text);
  if (!root || root->IsNull()) return config;  // an empty file suppresses nothing
  if (!root->IsMap()) {
    fields_.diags().error("invalid-value", {fields_.name(), 1, 1},
                          "expected a mapping with the keys " + wordList(kTopKeys));
    return config;
  }
  for (const YamlField& field : fields_.fields(*root, kTopKeys, "the configuration")) {
    if (field.key == "segproof") {
      fields_.checkMarker(field.value, kFormatMarker);
    } else if (field.value.IsNull()) {
      continue;  // "suppressions:" with nothing
    } else if (!field.value.IsSequence()) {
      fields_.error("invalid-value", field.value,
                    "'suppressions' must be a list of {check, resource, reason, expires}");
    } else {
      for (const YAML::Node& item : field.value) {
        if (std::optional<Suppression> suppression = parseSuppression(item))
          config.suppressions.push_back(std::move(*suppression));
      }
    }
  }
  return config;
}

std::optional<Suppression> LintConfigParser::parseSuppression(const YAML::Node& node) {
  const std::string what = "a suppression";
  if (!node.IsMap()) {
    fields_.error("invalid-value", node, "expected a suppression {check, resource, reason}");
    return std::nullopt;
  }
  int errors = fields_.diags().errorCount();
  Suppression suppression;
  suppression.location = fields_.at(node);
  std::vector<YamlField> entries = fields_.fields(node, kSuppressionKeys, what);
  fields_.require(node, entries, {"check", "resource", "reason"}, what);
  const YAML::Node* expires_node = nullptr;
  for (const YamlField& entry : entries) {
    if (entry.key == "check") {
      std::optional<std::string> check = fields_.scalar(entry.value, "a check id or \"*\"");
      if (!check) continue;
      if (*check != "*" && findCheck(*check) == nullptr) {
        fields_.error("unknown-check", entry.value,
                      "unknown check '" + *check + "'" + didYouMean(*check, check_ids_) +
                          " (the checks are listed in docs/lint.md; \"*\" names them all)");
      }
      suppression.check = *check;
    } else if (entry.key == "resource") {
      std::optional<std::string> resource = fields_.scalar(entry.value, "a resource address");
      if (resource && trimmed(*resource).empty()) {
        fields_.error("invalid-value", entry.value, "'resource' must name a resource");
      }
      suppression.resource = trimmed(resource.value_or(""));
    } else if (entry.key == "reason") {
      if (entry.value.IsNull()) {
        fields_.error("missing-reason", entry.value,
                      "a suppression needs a reason: say why the finding is accepted");
        continue;
      }
      std::optional<std::string> reason = fields_.scalar(entry.value, "a reason (text)");
      if (reason && trimmed(*reason).empty()) {
        fields_.error("missing-reason", entry.value,
                      "a suppression needs a reason: say why the finding is accepted");
      }
      suppression.reason = trimmed(reason.value_or(""));
    } else {
      std::optional<std::string> date = fields_.scalar(entry.value, "a date YYYY-MM-DD");
      if (date && !validDate(*date)) {
        fields_.error("invalid-value", entry.value,
                      "'" + *date + "' is not a date: write YYYY-MM-DD, e.g. 2027-06-30");
      }
      suppression.expires = date.value_or("");
      expires_node = &entry.value;
    }
  }
  if (fields_.diags().errorCount() > errors) return std::nullopt;
  if (expires_node && suppressionExpired(suppression, today_)) {
    fields_.warning("suppression-expired", *expires_node,
                    "suppression expired on " + suppression.expires + ": findings of '" +
                        suppression.check + "' on " + suppression.resource + " are reported again");
  }
  return suppression;
}

}  // namespace

std::string currentDate() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[16];
  std::strftime(text, sizeof text, "%Y-%m-%d", &utc);
  return text;
}

std::optional<LintConfig> loadLintConfig(const std::string& path, DiagnosticEngine& diags) {
  std::optional<std::string> text = readUserFile(path, "suppression file", diags);
  if (!text) return std::nullopt;
  return parseLintConfig(path, *text, diags);
}

LintConfig parseLintConfig(const std::string& name, const std::string& text,
                           DiagnosticEngine& diags) {
  return parseLintConfig(name, text, diags, currentDate());
}

LintConfig parseLintConfig(const std::string& name, const std::string& text,
                           DiagnosticEngine& diags, const std::string& today) {
  LintConfigParser parser(name, diags, today);
  try {
    return parser.parse(text);
  } catch (const YAML::Exception& e) {
    // Every node is type-checked before use; a last line of defence so that
    // no yaml-cpp exception escapes.
    diags.error("yaml-syntax", {name, e.mark.line + 1, e.mark.column + 1}, e.msg);
    return LintConfig{name, {}};
  }
}

bool suppressionExpired(const Suppression& suppression, const std::string& today) {
  // YYYY-MM-DD dates order as text.
  return !suppression.expires.empty() && suppression.expires <= today;
}

bool suppressionMatches(const Suppression& suppression, const LintFinding& finding) {
  if (suppression.check != "*" && suppression.check != finding.check) return false;
  return addressMatches(suppression.resource, finding.resource) ||
         addressMatches(suppression.resource, finding.element);
}

void applySuppressions(std::vector<Suppression>& suppressions, std::vector<LintFinding>& findings,
                       std::vector<SuppressedFinding>& suppressed) {
  applySuppressions(suppressions, findings, suppressed, currentDate());
}

void applySuppressions(std::vector<Suppression>& suppressions, std::vector<LintFinding>& findings,
                       std::vector<SuppressedFinding>& suppressed, const std::string& today) {
  std::vector<LintFinding> kept;
  for (LintFinding& finding : findings) {
    auto by = std::find_if(suppressions.begin(), suppressions.end(), [&](const Suppression& s) {
      return !suppressionExpired(s, today) && suppressionMatches(s, finding);
    });
    if (by == suppressions.end()) {
      kept.push_back(std::move(finding));
      continue;
    }
    ++by->matched;
    suppressed.push_back({std::move(finding), static_cast<size_t>(by - suppressions.begin())});
  }
  findings = std::move(kept);
}

void warnUnusedSuppressions(const std::vector<Suppression>& suppressions, DiagnosticEngine& diags) {
  warnUnusedSuppressions(suppressions, diags, currentDate());
}

void warnUnusedSuppressions(const std::vector<Suppression>& suppressions, DiagnosticEngine& diags,
                            const std::string& today) {
  for (const Suppression& suppression : suppressions) {
    if (suppression.matched > 0 || suppressionExpired(suppression, today)) continue;
    diags.warning("suppression-unused", suppression.location,
                  "suppression of '" + suppression.check + "' on " + suppression.resource +
                      " matched no finding; remove it if the finding is gone");
  }
}

}  // namespace segproof::lint
