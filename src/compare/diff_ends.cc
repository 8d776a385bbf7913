// The ends a reachability diff compares (segproof/compare/diff.h): the
// internet split into the address ranges the two networks tell apart, and
// the segments given, or one end per endpoint, or one per subnet.
#include <algorithm>
#include <map>
#include <set>

#include "compare/internet_ranges.h"
#include "segproof/compare/diff.h"

namespace segproof {

namespace {

// More endpoints than this and the ends are subnets, more subnets and they
// are VPCs: a matrix of n^2 cells per side stays a few thousand questions
// (260 subnet ends of a 5,000-interface network took 2 minutes per side;
// docs/performance.md).
constexpr size_t kMaxEnds = 60;

Selector selectorOf(Selector::Kind kind, const std::string& prefix, const std::string& key) {
  Selector s;
  s.kind = kind;
  s.text = prefix + key;
  s.key = key;
  return s;
}

bool internetOnly(const Segment& segment) {
  return !segment.selectors.empty() &&
         std::all_of(segment.selectors.begin(), segment.selectors.end(),
                     [](const Selector& s) { return s.kind == Selector::Kind::kInternet; });
}

// The owners of interfaces (an instance, a database, a load balancer...), or
// the interface itself when it has none.
std::set<std::string> endpointOwners(const Network& network) {
  std::set<std::string> out;
  for (const Interface& iface : network.interfaces)
    out.insert(iface.owner.empty() ? iface.name : iface.owner);
  return out;
}

std::set<std::string> subnetsWithInterfaces(const Network& network) {
  std::set<std::string> out;
  for (const Interface& iface : network.interfaces)
    if (iface.subnet.valid()) out.insert(network.at(iface.subnet).name);
  return out;
}

std::set<std::string> vpcsWithInterfaces(const Network& network) {
  std::set<std::string> out;
  for (const Interface& iface : network.interfaces)
    if (iface.subnet.valid()) out.insert(network.at(network.at(iface.subnet).vpc).name);
  return out;
}

// One end per name of `before` ∪ `after`, selected by `make` on the sides
// that have it.
template <class Make>
void addNamed(const std::set<std::string>& in_before, const std::set<std::string>& in_after,
              Make make, std::vector<DiffEnd>& ends) {
  std::set<std::string> all = in_before;
  all.insert(in_after.begin(), in_after.end());
  for (const std::string& name : all) {
    DiffEnd end;
    end.name = name;
    if (in_before.count(name)) end.before = {make(name)};
    if (in_after.count(name)) end.after = {make(name)};
    ends.push_back(std::move(end));
  }
}

}  // namespace

std::vector<DiffEnd> defaultDiffEnds(const Network& before, const Network& after,
                                     const std::vector<Segment>& segments,
                                     std::vector<std::string>& notes) {
  std::vector<DiffEnd> ends = internetEnds({&before, &after}, notes);
  if (!segments.empty()) {
    for (const Segment& segment : segments) {
      if (internetOnly(segment)) continue;  // the internet ends stand for it
      ends.push_back({segment.name, segment.selectors, segment.selectors, false});
    }
    notes.push_back("ends: the segments of the query files");
    return ends;
  }
  std::set<std::string> owners_before = endpointOwners(before);
  std::set<std::string> owners_after = endpointOwners(after);
  std::set<std::string> owners = owners_before;
  owners.insert(owners_after.begin(), owners_after.end());
  if (owners.size() <= kMaxEnds) {
    addNamed(owners_before, owners_after,
             [](const std::string& name) {
               return selectorOf(Selector::Kind::kResource, "resource:", name);
             },
             ends);
    notes.push_back("ends: one per endpoint (instance, database, load balancer, service or "
                    "interface); give segments with -q FILE to compare coarser parts");
    return ends;
  }
  std::set<std::string> subnets_before = subnetsWithInterfaces(before);
  std::set<std::string> subnets_after = subnetsWithInterfaces(after);
  std::set<std::string> subnets = subnets_before;
  subnets.insert(subnets_after.begin(), subnets_after.end());
  if (subnets.size() <= kMaxEnds) {
    addNamed(subnets_before, subnets_after,
             [](const std::string& name) { return selectorOf(Selector::Kind::kSubnet, "subnet:", name); },
             ends);
    notes.push_back("ends: one per subnet with interfaces (" + std::to_string(owners.size()) +
                    " endpoints are more than " + std::to_string(kMaxEnds) +
                    "); give segments with -q FILE for other ends");
    return ends;
  }
  addNamed(vpcsWithInterfaces(before), vpcsWithInterfaces(after),
           [](const std::string& name) { return selectorOf(Selector::Kind::kVpc, "vpc:", name); },
           ends);
  notes.push_back("ends: one per VPC with interfaces (" + std::to_string(owners.size()) +
                  " endpoints and " + std::to_string(subnets.size()) + " subnets are more than " +
                  std::to_string(kMaxEnds) + "); give segments with -q FILE for finer ends; each "
                  "change's witness names the endpoints");
  return ends;
}

}  // namespace segproof
