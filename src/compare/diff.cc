// Differential reachability (segproof/compare/diff.h).
//
// Each side answers the segment matrix over the ends (one `reachable`
// question per ordered pair, with what travels per protocol); the cells are
// compared port set by port set. Every difference is then asked again as
// one question per side with a concrete flow of it: the side that allows
// it gives the witness, the other the proof (the hop that stops it). A
// disagreement between the two is an inconsistency of the engine, never a
// finding.
#include "segproof/compare/diff.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <map>

#include "compare/assertion_cover.h"
#include "compare/internet_ranges.h"
#include "encode/header_space.h"

namespace segproof {

namespace {

// What travels from one end to another on one side, per protocol.
struct Ports {
  IntervalSet tcp, udp, other;
  bool icmp = false;
  bool empty() const { return tcp.empty() && udp.empty() && other.empty() && !icmp; }
  Ports minus(const Ports& o) const {
    return {tcp.subtract(o.tcp), udp.subtract(o.udp), other.subtract(o.other), icmp && !o.icmp};
  }
  Ports intersect(const Ports& o) const {
    return {tcp.intersect(o.tcp), udp.intersect(o.udp), other.intersect(o.other), icmp && o.icmp};
  }
  bool operator==(const Ports&) const = default;
};

IntervalSet setOf(const std::vector<PortRange>& ranges) {
  IntervalSet out;
  for (const PortRange& r : ranges)
    out.add(static_cast<uint64_t>(r.from), static_cast<uint64_t>(r.to));
  return out;
}

std::vector<PortRange> rangesOf(const IntervalSet& set) {
  std::vector<PortRange> out;
  for (const Interval& i : set.intervals()) out.push_back({static_cast<int>(i.lo), static_cast<int>(i.hi)});
  return out;
}

Ports portsOf(const MatrixCell& cell) {
  return {setOf(cell.tcp), setOf(cell.udp), setOf(cell.other_protocol_numbers), cell.icmp};
}

// The ports an assertion's flow covers, as a Ports.
Ports portsOf(const FlowSpec& flow) {
  IntervalSet all = IntervalSet::range(0, 65535);
  IntervalSet ports = flow.ports.empty() ? all : setOf(flow.ports);
  Ports out;
  if (flow.protocol == kAnyProtocol) {
    out = {all, all, IntervalSet::range(0, 255), true};
  } else if (flow.protocol == kTcp) {
    out.tcp = ports;
  } else if (flow.protocol == kUdp) {
    out.udp = ports;
  } else if (flow.protocol == kIcmp) {
    out.icmp = true;
  } else {
    out.other = IntervalSet::point(static_cast<uint64_t>(flow.protocol));
  }
  return out;
}

// One concrete flow of `ports` (the lowest port of the first protocol).
FlowSpec firstFlow(const Ports& ports) {
  FlowSpec flow;
  auto port = [](const IntervalSet& s) {
    int p = static_cast<int>(s.min());
    return std::vector<PortRange>{{p, p}};
  };
  if (!ports.tcp.empty()) {
    flow.protocol = kTcp;
    flow.ports = port(ports.tcp);
  } else if (!ports.udp.empty()) {
    flow.protocol = kUdp;
    flow.ports = port(ports.udp);
  } else if (ports.icmp) {
    flow.protocol = kIcmp;
  } else {
    flow.protocol = static_cast<int>(ports.other.min());
  }
  return flow;
}

std::string rangesText(const std::vector<PortRange>& ranges) {
  std::string out;
  for (const PortRange& r : ranges) {
    if (!out.empty()) out += ",";
    out += r.from == r.to ? std::to_string(r.from) : std::to_string(r.from) + "-" + std::to_string(r.to);
  }
  return out;
}

HeaderRanges headersOf(const Ports& ports) {
  HeaderRanges h;
  h.tcp = rangesOf(ports.tcp);
  h.udp = rangesOf(ports.udp);
  h.icmp = ports.icmp;
  h.other_protocols = rangesOf(ports.other);
  return h;
}

// One side of the comparison: its network, its engine, and the matrix over
// the ends it has.
class Side {
 public:
  Side(const Network& network, const std::vector<DiffEnd>& ends, bool after,
       const AnalyzerOptions& options)
      : network_(network), analyzer_(network, options), after_(after) {
    for (const DiffEnd& end : ends) {
      const std::vector<Selector>& selectors = after ? end.after : end.before;
      DiagnosticEngine quiet;
      bool selects = false;
      for (const Selection& s : resolveSelectors(selectors, network, quiet))
        selects = selects || !s.empty();
      if (!selects || quiet.hasErrors()) {
        where_.push_back(-1);
        continue;
      }
      where_.push_back(static_cast<int>(segments_.size()));
      segments_.push_back({end.name, "", selectors, {}});
    }
  }

  void solve(DiagnosticEngine& diags) { matrix_ = analyzer_.matrix(segments_, diags); }

  bool has(size_t end) const { return where_[end] >= 0; }
  const MatrixCell* cell(size_t from, size_t to) const {
    if (!has(from) || !has(to)) return nullptr;
    return &matrix_.cells[static_cast<size_t>(where_[from])][static_cast<size_t>(where_[to])];
  }
  const std::vector<Selector>& selectors(size_t end) const {
    return segments_[static_cast<size_t>(where_[end])].selectors;
  }
  const SegmentMatrix& matrix() const { return matrix_; }
  const Network& network() const { return network_; }
  const Analyzer& analyzer() const { return analyzer_; }
  bool after() const { return after_; }

  // The questions "from -> to with flow", answered together (one run of
  // the engine: the pairs are searched in parallel and share their work).
  struct Question {
    size_t from = 0;
    size_t to = 0;
    FlowSpec flow;
  };
  std::vector<AssertionResult> askAll(const std::vector<Question>& questions) const {
    AssertionSet set;
    for (size_t q = 0; q < questions.size(); ++q) {
      Assertion a;
      a.id = std::to_string(q);
      a.kind = AssertionKind::kReachable;
      a.from = selectors(questions[q].from);
      a.to = selectors(questions[q].to);
      a.flow = questions[q].flow;
      set.assertions.push_back(std::move(a));
    }
    DiagnosticEngine quiet;
    return analyzer_.check(set, quiet).results;
  }

 private:
  const Network& network_;
  Analyzer analyzer_;
  bool after_;
  std::vector<int> where_;  // end -> segment index, -1 when absent
  std::vector<Segment> segments_;
  SegmentMatrix matrix_;
};

// What one side says of an end pair: nothing travels, these ports, or it
// cannot say (why).
struct Reading {
  Ports ports;
  std::string undecided;
};

Reading readCell(const Side& side, size_t from, size_t to) {
  Reading r;
  const MatrixCell* cell = side.cell(from, to);
  if (!cell || !cell->asked) return r;
  std::string which = side.after() ? "AFTER" : "BEFORE";
  if (cell->verdict == Verdict::kUnknown) {
    r.undecided = which + ": " + cell->reason;
  } else if (cell->verdict == Verdict::kHolds) {
    r.ports = portsOf(*cell);
    if (!cell->exact)
      r.undecided = which + ": only an upper bound of what travels is known" +
                    (cell->reason.empty() ? std::string() : " (" + cell->reason + ")");
  }
  return r;
}

using Question = Side::Question;

class Comparison {
 public:
  Comparison(Side& before, Side& after, const std::vector<DiffEnd>& ends,
             const AssertionSet& assertions, DiffReport& report)
      : before_(before), after_(after), ends_(ends), report_(report),
        cover_(assertions, after.network()) {}

  void run() {
    for (size_t i = 0; i < ends_.size(); ++i)
      for (size_t j = 0; j < ends_.size(); ++j) {
        if (ends_[i].internet && ends_[j].internet) continue;
        if (!before_.cell(i, j) && !after_.cell(i, j)) continue;
        ++report_.pairs_compared;
        comparePair(i, j);
      }
    confirm();
    forbiddenBy();
    for (Candidate& c : candidates_)
      if (c.confirmed) report_.changes.push_back(std::move(c.change));
  }

 private:
  // A difference of the matrices, until both sides have answered for it.
  struct Candidate {
    FlowChange change;
    size_t from = 0;
    size_t to = 0;
    Ports delta;
    bool confirmed = false;
  };

  void comparePair(size_t i, size_t j) {
    Reading b = readCell(before_, i, j);
    Reading a = readCell(after_, i, j);
    if (!b.undecided.empty() || !a.undecided.empty()) {
      report_.undecided.push_back(
          {ends_[i].name, ends_[j].name, !a.undecided.empty() ? a.undecided : b.undecided});
      return;
    }
    Ports opened = a.ports.minus(b.ports);
    Ports closed = b.ports.minus(a.ports);
    if (!opened.empty()) candidate(FlowChange::Kind::kOpened, i, j, opened);
    if (!closed.empty()) candidate(FlowChange::Kind::kClosed, i, j, closed);
  }

  void candidate(FlowChange::Kind kind, size_t i, size_t j, const Ports& delta) {
    Candidate c;
    c.change.kind = kind;
    c.change.from = ends_[i].name;
    c.change.to = ends_[j].name;
    c.change.headers = headersOf(delta);
    if (ends_[i].internet) c.change.headers.sources = {ends_[i].name};
    c.from = i;
    c.to = j;
    c.delta = delta;
    candidates_.push_back(std::move(c));
  }

  const Side& allowing(const Candidate& c) const {
    return c.change.kind == FlowChange::Kind::kOpened ? after_ : before_;
  }
  const Side& other(const Candidate& c) const {
    return c.change.kind == FlowChange::Kind::kOpened ? before_ : after_;
  }

  // Every candidate asked with one concrete flow on both sides: the
  // allowing side's witness, the other side's proof; a candidate whose
  // answers are not what the matrices said is an undecided pair (unknown)
  // or an internal error.
  void confirm() {
    std::vector<Question> on_before, on_after;
    std::vector<size_t> yes_at, no_at;  // per candidate: its question on each side
    for (const Candidate& c : candidates_) {
      Question q{c.from, c.to, firstFlow(c.delta)};
      auto& yes = &allowing(c) == &after_ ? on_after : on_before;
      auto& no = &allowing(c) == &after_ ? on_before : on_after;
      yes_at.push_back(yes.size());
      yes.push_back(q);
      no_at.push_back(other(c).cell(c.from, c.to) ? no.size() : SIZE_MAX);
      if (other(c).cell(c.from, c.to)) no.push_back(q);
    }
    std::vector<AssertionResult> before_answers = before_.askAll(on_before);
    std::vector<AssertionResult> after_answers = after_.askAll(on_after);
    for (size_t k = 0; k < candidates_.size(); ++k) {
      Candidate& c = candidates_[k];
      bool opened = c.change.kind == FlowChange::Kind::kOpened;
      const AssertionResult& yes = (opened ? after_answers : before_answers)[yes_at[k]];
      const AssertionResult* no =
          no_at[k] == SIZE_MAX ? nullptr : &(opened ? before_answers : after_answers)[no_at[k]];
      settle(c, yes, no);
    }
  }

  void settle(Candidate& c, const AssertionResult& yes, const AssertionResult* no) {
    std::string what = c.change.from + " -> " + c.change.to + " " + firstFlow(c.delta).text();
    for (const AssertionResult* r : {&yes, no})
      if (r)
        for (const std::string& e : r->internal_errors) report_.internal_errors.push_back(e);
    for (const AssertionResult* r : {&yes, no})
      if (r && r->verdict == Verdict::kUnknown) {
        report_.undecided.push_back({c.change.from, c.change.to, r->reason});
        return;
      }
    if (yes.verdict != Verdict::kHolds || yes.witnesses.empty()) {
      report_.internal_errors.push_back("diff: the segment matrix lets " + what +
                                        " through, the question finds no flow");
      return;
    }
    if (no && no->verdict == Verdict::kHolds) {
      report_.internal_errors.push_back("diff: the segment matrix shows no " + what +
                                        " on one side, the question finds a flow");
      return;
    }
    c.change.witness = yes.witnesses.front();
    if (no) c.change.blocked_on_other_side = no->closest;
    c.confirmed = true;
  }

  // The negative assertions each opened flow breaks: those that hold its
  // witness, and those whose flow meets the opened ports and whose own
  // witness within both they hold, when BEFORE does not allow it.
  void forbiddenBy() {
    struct Probe {
      size_t candidate;
      size_t assertion;
    };
    std::vector<Probe> probes;
    std::vector<Question> questions;
    for (size_t n = 0; n < candidates_.size(); ++n) {
      Candidate& c = candidates_[n];
      if (!c.confirmed || c.change.kind != FlowChange::Kind::kOpened) continue;
      for (size_t k = 0; k < cover_.size(); ++k) {
        if (cover_.covers(k, *c.change.witness)) {
          c.change.forbidden_by.push_back(cover_.assertion(k).id);
          continue;
        }
        for (const FlowSpec& spec : cover_.flows(k)) {
          Ports within = c.delta.intersect(portsOf(spec));
          if (within.empty()) continue;
          probes.push_back({n, k});
          questions.push_back({c.from, c.to, firstFlow(within)});
          break;
        }
      }
    }
    if (probes.empty()) return;
    std::vector<AssertionResult> found = after_.askAll(questions);
    std::vector<Probe> held;
    std::vector<Question> proofs;
    for (size_t p = 0; p < probes.size(); ++p) {
      const AssertionResult& r = found[p];
      if (r.verdict != Verdict::kHolds || r.witnesses.empty() ||
          !cover_.covers(probes[p].assertion, r.witnesses.front()))
        continue;
      held.push_back(probes[p]);
      proofs.push_back(questions[p]);
    }
    std::vector<Question> asked;
    std::vector<size_t> at;
    for (size_t p = 0; p < held.size(); ++p) {
      const Candidate& c = candidates_[held[p].candidate];
      at.push_back(before_.cell(c.from, c.to) ? asked.size() : SIZE_MAX);
      if (before_.cell(c.from, c.to)) asked.push_back(proofs[p]);
    }
    std::vector<AssertionResult> before_answers = before_.askAll(asked);
    for (size_t p = 0; p < held.size(); ++p) {
      if (at[p] != SIZE_MAX && before_answers[at[p]].verdict != Verdict::kViolated) continue;
      Candidate& c = candidates_[held[p].candidate];
      c.change.forbidden_by.push_back(cover_.assertion(held[p].assertion).id);
    }
    for (Candidate& c : candidates_) {
      std::vector<std::string>& ids = c.change.forbidden_by;
      std::sort(ids.begin(), ids.end());
      ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    }
  }

  Side& before_;
  Side& after_;
  const std::vector<DiffEnd>& ends_;
  DiffReport& report_;
  AssertionCover cover_;
  std::vector<Candidate> candidates_;
};

void compareAssertions(const CheckReport& before, const CheckReport& after, DiffReport& report) {
  std::map<std::string, const AssertionResult*> was;
  for (const AssertionResult& r : before.results) was[r.assertion.id] = &r;
  std::map<std::string, bool> flows_forbidden;
  for (const FlowChange& c : report.changes)
    for (const std::string& id : c.forbidden_by) flows_forbidden[id] = true;
  for (const AssertionResult& r : after.results) {
    ++report.assertions_compared;
    auto it = was.find(r.assertion.id);
    std::optional<Verdict> old;
    if (it != was.end()) old = it->second->verdict;
    bool worse = r.verdict == Verdict::kViolated && old == Verdict::kViolated &&
                 flows_forbidden.count(r.assertion.id);
    if (old == r.verdict && !worse) continue;
    AssertionChange c;
    c.id = r.assertion.id;
    c.description = r.assertion.description;
    c.before = old;
    c.after = r.verdict;
    c.reason = r.reason;
    if (!r.witnesses.empty() && r.verdict == Verdict::kViolated) c.witness = r.witnesses.front();
    c.new_violation_flows = worse;
    report.assertions.push_back(std::move(c));
  }
  for (const AssertionResult& r : before.results) {
    bool still = std::any_of(after.results.begin(), after.results.end(),
                             [&](const AssertionResult& x) { return x.assertion.id == r.assertion.id; });
    if (still) continue;
    ++report.assertions_compared;
    report.assertions.push_back({r.assertion.id, r.assertion.description, r.verdict, std::nullopt,
                                 "", std::nullopt, false});
  }
}

// Changes that differ only in which IPv4 internet class they come from
// become one change from the union of those classes' addresses: "tcp/22
// from the IPv4 internet except 198.51.100.0/24", not one line per class.
void mergeInternetSources(const std::vector<DiffEnd>& ends, std::vector<FlowChange>& changes) {
  std::map<std::string, IntervalSet> classes;
  for (const DiffEnd& end : ends) {
    IntervalSet addresses = internetAddressesOf(end);
    if (end.internet && !addresses.empty()) classes[end.name] = addresses;
  }
  std::vector<FlowChange> out;
  std::map<std::string, std::pair<size_t, IntervalSet>> merged;  // key -> (index in out, addresses)
  for (FlowChange& c : changes) {
    auto it = classes.find(c.from);
    if (it == classes.end()) {
      out.push_back(std::move(c));
      continue;
    }
    HeaderRanges ports = c.headers;
    ports.sources.clear();
    std::string key = std::to_string(static_cast<int>(c.kind)) + "\n" + c.to + "\n" + ports.text();
    for (const std::string& id : c.forbidden_by) key += "\n" + id;
    auto [at, fresh] = merged.try_emplace(key, out.size(), IntervalSet());
    at->second.second = at->second.second.unite(it->second);
    if (fresh) {
      c.from = "internet";
      out.push_back(std::move(c));
    }
    out[at->second.first].headers.sources = {internetText(at->second.second)};
  }
  changes = std::move(out);
}

}  // namespace

std::string HeaderRanges::text() const {
  auto whole = [](const std::vector<PortRange>& v) { return v.size() == 1 && v[0].all(); };
  // Every protocol number but tcp (6), udp (17) and icmp (1).
  const std::vector<std::pair<int, int>> rest = {{0, 0}, {2, 5}, {7, 16}, {18, 255}};
  bool every_other = other_protocols.size() == rest.size();
  for (size_t i = 0; every_other && i < rest.size(); ++i)
    every_other = other_protocols[i].from == rest[i].first && other_protocols[i].to == rest[i].second;
  std::string out;
  auto add = [&](const std::string& part) { out += (out.empty() ? "" : " ") + part; };
  if (whole(tcp) && whole(udp) && icmp && every_other) {
    add("all traffic");
  } else {
    if (!tcp.empty()) add("tcp/" + (whole(tcp) ? std::string("any") : rangesText(tcp)));
    if (!udp.empty()) add("udp/" + (whole(udp) ? std::string("any") : rangesText(udp)));
    if (icmp) add("icmp");
    if (!other_protocols.empty()) add("protocol " + rangesText(other_protocols));
  }
  for (size_t i = 0; i < sources.size(); ++i) out += (i == 0 ? " from " : "; ") + sources[i];
  return out;
}

bool DiffReport::forbiddenNewReachability() const {
  for (const FlowChange& c : changes)
    if (!c.forbidden_by.empty()) return true;
  for (const AssertionChange& a : assertions)
    if (a.after == Verdict::kViolated) return true;
  return false;
}

bool DiffReport::anyUndecided() const {
  if (!undecided.empty()) return true;
  for (const AssertionChange& a : assertions)
    if (a.after == Verdict::kUnknown) return true;
  return false;
}

DiffReport diffReachability(const Network& before, const Network& after,
                            const std::vector<DiffEnd>& ends, const AssertionSet& assertions,
                            const AnalyzerOptions& options, DiagnosticEngine& diags) {
  auto start = std::chrono::steady_clock::now();
  DiffReport report;
  report.before_inputs = before.input_files;
  report.after_inputs = after.input_files;
  for (const DiffEnd& end : ends) report.ends.push_back(end.name);
  Side old_side(before, ends, false, options);
  Side new_side(after, ends, true, options);
  for (size_t e = 0; e < ends.size(); ++e)
    if (!old_side.has(e) && !new_side.has(e) && !ends[e].internet)
      report.notes.push_back("end " + ends[e].name + " selects nothing on either side");
  // Selector problems of AFTER are the user's to fix, as for `check`;
  // BEFORE may lack what AFTER adds.
  DiagnosticEngine before_diags;
  old_side.solve(before_diags);
  new_side.solve(diags);
  CheckReport old_check = old_side.analyzer().check(assertions, before_diags);
  CheckReport new_check = new_side.analyzer().check(assertions, diags);
  Comparison(old_side, new_side, ends, assertions, report).run();
  mergeInternetSources(ends, report.changes);
  std::stable_sort(report.changes.begin(), report.changes.end(),
                   [](const FlowChange& a, const FlowChange& b) { return a.kind < b.kind; });
  compareAssertions(old_check, new_check, report);
  for (const SegmentMatrix* m : {&old_side.matrix(), &new_side.matrix()})
    for (const std::string& e : m->internal_errors) report.internal_errors.push_back(e);
  for (const CheckReport* c : {&old_check, &new_check})
    for (const std::string& e : c->internal_errors) report.internal_errors.push_back(e);
  for (const std::string& n : old_side.matrix().notes) report.notes.push_back("BEFORE: " + n);
  for (const std::string& n : new_side.matrix().notes) report.notes.push_back("AFTER: " + n);
  report.jobs = new_side.matrix().jobs;
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace segproof
