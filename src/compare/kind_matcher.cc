// One kind of drift matching: keys and the rule that decides by them
// (compare/kind_matcher.h).
#include "compare/kind_matcher.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <utility>

namespace segproof::compare {

KindMatcher::KindMatcher(const char* kind, std::vector<Item> code, std::vector<Item> live,
                         IndexMatching& result, ResourceMatching& out)
    : kind_(kind), code_(std::move(code)), live_(std::move(live)), result_(result), out_(out) {
  result_.code_to_live.assign(code_.size(), -1);
  result_.live_to_code.assign(live_.size(), -1);
}

void KindMatcher::matchBy(const KeyFn& code_keys, const KeyFn& live_keys) {
  std::map<std::string, std::vector<size_t>> code_by = byValue(code_.size(), code_keys);
  std::map<std::string, std::vector<size_t>> live_by = byValue(live_.size(), live_keys);
  for (const auto& [value, codes] : code_by) {
    auto found = live_by.find(value);
    if (found == live_by.end()) continue;
    const std::vector<size_t>& lives = found->second;
    if (codes.size() == 1 && lives.size() == 1) {
      if (result_.code_to_live[codes[0]] < 0 && result_.live_to_code[lives[0]] < 0)
        record(codes[0], lives[0], how_[value]);
      continue;
    }
    // Elements an earlier key matched are no longer in question.
    auto open = [](const std::vector<size_t>& indices, const std::vector<int32_t>& to) {
      return std::any_of(indices.begin(), indices.end(), [&](size_t i) { return to[i] < 0; });
    };
    if (!open(codes, result_.code_to_live) || !open(lives, result_.live_to_code)) continue;
    out_.notes.push_back(std::string("ambiguous ") + how_[value] + " (" + kind_ +
                         "): " + std::to_string(codes.size()) + " in the code, " +
                         std::to_string(lives.size()) + " live; none matched by it");
  }
}

void KindMatcher::finish() {
  std::sort(matches_.begin(), matches_.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [index, match] : matches_) out_.matches.push_back(std::move(match));
  for (size_t i = 0; i < code_.size(); ++i) {
    if (result_.code_to_live[i] < 0)
      out_.code_only.push_back({kind_, code_[i].name, code_[i].provenance->location});
  }
  for (size_t i = 0; i < live_.size(); ++i) {
    if (result_.live_to_code[i] < 0)
      out_.live_only.push_back({kind_, live_[i].name, live_[i].provenance->location});
  }
}

std::map<std::string, std::vector<size_t>> KindMatcher::byValue(size_t count, const KeyFn& keys) {
  std::map<std::string, std::vector<size_t>> out;
  for (size_t i = 0; i < count; ++i) {
    std::set<std::string> seen;  // an element counts once per value
    for (Key& key : keys(i)) {
      if (!seen.insert(key.value).second) continue;
      out[key.value].push_back(i);
      how_.emplace(key.value, std::move(key.how));
    }
  }
  return out;
}

void KindMatcher::record(size_t code, size_t live, const std::string& how) {
  result_.code_to_live[code] = static_cast<int32_t>(live);
  result_.live_to_code[live] = static_cast<int32_t>(code);
  matches_.push_back(
      {code, ResourceMatch{kind_, code_[code].name, live_[live].name, how,
                           code_[code].provenance->location, live_[live].provenance->location}});
}

namespace {

// Whether `text` reads like an AWS id ("sg-0a1b2c3d", "pl-63a5400a",
// "tgw-attach-0123abcd"): code that names an element outside itself by id
// gets an element of that name.
bool looksLikeAwsId(const std::string& text) {
  size_t dash = text.rfind('-');
  if (dash == std::string::npos || dash == 0) return false;
  for (size_t i = 0; i < dash; ++i) {
    if (!std::islower(static_cast<unsigned char>(text[i])) && text[i] != '-') return false;
  }
  size_t digits = text.size() - dash - 1;
  if (digits < 8 || digits > 17) return false;
  return std::all_of(text.begin() + static_cast<std::ptrdiff_t>(dash) + 1, text.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) || (c >= 'a' && c <= 'f');
  });
}

// (a) The code element's cloud id equals the live element's id or name.
void matchByCloudId(KindMatcher& m) {
  m.matchBy(
      [&](size_t i) -> Keys {
        const Item& item = m.code()[i];
        std::string id = item.provenance->cloud_id;
        if (id.empty() && looksLikeAwsId(item.name)) id = item.name;
        if (id.empty()) return {};
        return {{"id:" + id, "cloud id " + id}};
      },
      [&](size_t i) -> Keys {
        const Item& item = m.live()[i];
        Keys keys;
        for (const std::string* id :
             {&item.provenance->cloud_id, &item.name, &item.provenance->address}) {
          if (!id->empty()) keys.push_back({"id:" + *id, "cloud id " + *id});
        }
        return keys;
      });
}

// (b) Equal Name tags.
void matchByNameTag(KindMatcher& m) {
  auto keys = [](const std::vector<Item>& items) {
    return [&items](size_t i) -> Keys {
      if (!items[i].tags) return {};
      auto name = items[i].tags->find("Name");
      if (name == items[i].tags->end() || name->second.empty()) return {};
      return {{"tag:" + name->second, "Name tag " + name->second}};
    };
  };
  m.matchBy(keys(m.code()), keys(m.live()));
}

// (c) Equal AWS names, within equal scopes.
void matchByAwsName(KindMatcher& m, const ScopeFn& code_scope, const ScopeFn& live_scope) {
  auto keys = [](const std::vector<Item>& items, const ScopeFn& scope) {
    return [&items, &scope](size_t i) -> Keys {
      const std::string& name = items[i].provenance->cloud_name;
      if (name.empty()) return {};
      std::string where = scope ? scope(i) : "*";
      if (where.empty()) return {};
      return {{"name:" + where + ":" + name, "AWS name " + name}};
    };
  };
  m.matchBy(keys(m.code(), code_scope), keys(m.live(), live_scope));
}

}  // namespace

void matchByNames(KindMatcher& m, const ScopeFn& code_scope, const ScopeFn& live_scope) {
  matchByCloudId(m);
  matchByNameTag(m);
  matchByAwsName(m, code_scope, live_scope);
}

}  // namespace segproof::compare
