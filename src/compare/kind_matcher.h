// Matching the elements of one kind for `segproof drift`
// (compare/resource_match.h): keys, and the rule that decides by them.
//
// A key decides only when its value belongs to exactly one element of the
// kind on each side and both are still unmatched; a value several elements
// share on a side matches nothing by that key and is noted as ambiguous.
// No element is matched twice; the result depends only on the inputs.
#ifndef SEGPROOF_COMPARE_KIND_MATCHER_H_
#define SEGPROOF_COMPARE_KIND_MATCHER_H_

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "compare/resource_match.h"
#include "segproof/compare/drift.h"
#include "segproof/model/network.h"

namespace segproof::compare {

// A key value (compared) and how a match by it reads ("Name tag web").
struct Key {
  std::string value;
  std::string how;
};
using Keys = std::vector<Key>;
using KeyFn = std::function<Keys(size_t index)>;

// What the matching needs of an element, whatever its kind.
struct Item {
  std::string name;
  const Provenance* provenance = nullptr;
  const Tags* tags = nullptr;  // null: the kind has no tags
};

template <class Element>
std::vector<Item> itemsOf(const std::vector<Element>& elements) {
  std::vector<Item> items;
  items.reserve(elements.size());
  for (const Element& e : elements) items.push_back({e.name, &e.provenance, &e.tags});
  return items;
}

// One kind being matched: its items on each side, and the result, written
// into `result` (resized here) and `out`.
class KindMatcher {
 public:
  KindMatcher(const char* kind, std::vector<Item> code, std::vector<Item> live,
              IndexMatching& result, ResourceMatching& out);

  const std::vector<Item>& code() const { return code_; }
  const std::vector<Item>& live() const { return live_; }

  // Matches the still unmatched elements by one key.
  void matchBy(const KeyFn& code_keys, const KeyFn& live_keys);

  // Appends the matches of this kind (in code order) to out.matches and
  // the unmatched elements of each side to out.code_only / out.live_only.
  void finish();

 private:
  std::map<std::string, std::vector<size_t>> byValue(size_t count, const KeyFn& keys);
  void record(size_t code, size_t live, const std::string& how);

  const char* kind_;
  std::vector<Item> code_;
  std::vector<Item> live_;
  IndexMatching& result_;
  ResourceMatching& out_;
  std::map<std::string, std::string> how_;  // by key value
  std::vector<std::pair<size_t, ResourceMatch>> matches_;
};

// A scope (the matched VPC of a security group) in live terms: the code
// side translates its own; "" when the element's scope is unmatched.
using ScopeFn = std::function<std::string(size_t index)>;

// The keys every kind has, in order: (a) cloud id, (b) Name tag, (c) AWS
// name, compared within equal scopes when scopes are given.
void matchByNames(KindMatcher& m, const ScopeFn& code_scope = {}, const ScopeFn& live_scope = {});

}  // namespace segproof::compare

#endif  // SEGPROOF_COMPARE_KIND_MATCHER_H_
