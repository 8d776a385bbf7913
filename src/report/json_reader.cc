// Check reports from JSON (json_reader.h): the inverse of checkJson.
#include "report/json_reader.h"

#include <algorithm>
#include <stdexcept>
#include <tuple>

namespace segproof {

using json = nlohmann::ordered_json;

namespace {

// A field that is missing or of the wrong type; `where` is a JSON pointer.
struct ReadError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Typed access to a JSON value that knows where it is, for the messages.
class Node {
 public:
  Node(const json& value, std::string where) : value_(value), where_(std::move(where)) {}

  Node operator[](const std::string& key) const {
    if (!value_.is_object()) fail("expected an object");
    auto it = value_.find(key);
    if (it == value_.end()) throw ReadError("missing \"" + key + "\" at " + pointer());
    return Node(*it, where_ + "/" + key);
  }
  Node operator[](size_t index) const {
    return Node(value_[index], where_ + "/" + std::to_string(index));
  }
  bool has(const std::string& key) const { return value_.is_object() && value_.contains(key); }
  bool isNull() const { return value_.is_null(); }

  size_t size() const {
    if (!value_.is_array()) fail("expected an array");
    return value_.size();
  }
  std::string str() const {
    if (!value_.is_string()) fail("expected a string");
    return value_.get<std::string>();
  }
  std::string strOrEmpty() const { return isNull() ? std::string() : str(); }
  size_t count() const {
    if (!value_.is_number_unsigned()) fail("expected a number 0 or more");
    return value_.get<size_t>();
  }
  int integer() const {
    if (!value_.is_number_integer()) fail("expected an integer");
    return value_.get<int>();
  }
  double number() const {
    if (!value_.is_number()) fail("expected a number");
    return value_.get<double>();
  }
  bool boolean() const {
    if (!value_.is_boolean()) fail("expected true or false");
    return value_.get<bool>();
  }
  std::vector<std::string> strings() const {
    std::vector<std::string> out;
    for (size_t i = 0; i < size(); ++i) out.push_back((*this)[i].str());
    return out;
  }
  const json& raw() const { return value_; }
  [[noreturn]] void fail(const std::string& what) const {
    throw ReadError(what + " at " + pointer());
  }

 private:
  std::string pointer() const { return where_.empty() ? "/" : where_; }
  const json& value_;
  std::string where_;
};

SourceLocation locationOf(const Node& n) {
  if (n.isNull()) return {};
  return {n["file"].str(), n["line"].integer(), n["column"].integer()};
}

int protocolOf(const Node& n) {
  std::string name = n.str();
  if (name == "all") return kAnyProtocol;
  if (name == "tcp") return kTcp;
  if (name == "udp") return kUdp;
  if (name == "icmp") return kIcmp;
  if (name == "icmpv6") return kIcmpV6;
  size_t end = 0;
  int number = -1;
  try {
    number = std::stoi(name, &end);
  } catch (const std::exception&) {
    end = 0;
  }
  if (end != name.size() || number < 0 || number > 255) n.fail("unknown protocol '" + name + "'");
  return number;
}

IpAddress addressOf(const Node& n) {
  std::optional<IpAddress> ip = IpAddress::parse(n.str());
  if (!ip) n.fail("expected an IP address");
  return *ip;
}

FlowPacket packetOf(const Node& n) {
  FlowPacket p;
  p.source = addressOf(n["src"]);
  p.destination = addressOf(n["dst"]);
  p.protocol = protocolOf(n["protocol"]);
  if (n.has("src_port")) p.source_port = n["src_port"].integer();
  if (n.has("dst_port")) p.destination_port = n["dst_port"].integer();
  if (n.has("icmp_type")) p.icmp_type = n["icmp_type"].integer();
  if (n.has("icmp_code")) p.icmp_code = n["icmp_code"].integer();
  return p;
}

PathHop hopOf(const Node& n) {
  PathHop h;
  h.step = n["step"].str();
  h.element = n["element"].str();
  h.rule = n["rule"].str();
  h.location = locationOf(n["location"]);
  h.reply = n["reply"].boolean();
  if (n.has("packet")) h.packet = n["packet"].str();
  return h;
}

Witness witnessOf(const Node& n) {
  Witness w;
  w.source = n["from"].str();
  w.destination = n["to"].str();
  w.packet = packetOf(n["packet"]);
  w.places = n["path"].strings();
  Node hops = n["hops"];
  for (size_t i = 0; i < hops.size(); ++i) w.hops.push_back(hopOf(hops[i]));
  return w;
}

std::optional<BlockedExplanation> blockedOf(const Node& n) {
  if (n.isNull()) return std::nullopt;
  BlockedExplanation b;
  b.source = n["from"].str();
  b.destination = n["to"].str();
  b.places = n["path"].strings();
  b.blocked_at = hopOf(n["blocked_at"]);
  return b;
}

std::vector<ControlRef> controlsOf(const Node& n) {
  std::vector<ControlRef> out;
  for (size_t i = 0; i < n.size(); ++i) {
    Node c = n[i];
    out.push_back({c["framework"].str(), c["id"].str(), c["title"].str(), c["relation"].str()});
  }
  return out;
}

Verdict verdictOf(const Node& n) {
  for (Verdict v : {Verdict::kHolds, Verdict::kViolated, Verdict::kUnknown})
    if (n.str() == verdictName(v)) return v;
  n.fail("unknown verdict '" + n.str() + "'");
}

AssertionKind kindOf(const Node& n) {
  for (AssertionKind k : {AssertionKind::kUnreachable, AssertionKind::kIsolated,
                          AssertionKind::kOnly, AssertionKind::kReachable})
    if (n.str() == assertionKindName(k)) return k;
  n.fail("unknown assertion kind '" + n.str() + "'");
}

// Selectors as written; parsed again so that their kind is known, and kept
// as text alone when they do not parse (a report of another version).
std::vector<Selector> selectorsOf(const Node& n) {
  std::vector<Selector> out;
  for (const std::string& text : n.strings()) {
    DiagnosticEngine quiet;
    std::optional<Selector> s = parseSelector(text, {}, quiet);
    if (!s) {
      s = Selector{};
      s->text = text;
    }
    out.push_back(std::move(*s));
  }
  return out;
}

FlowSpec flowOf(const Node& n) {
  FlowSpec f;
  f.protocol = n["protocol"].integer();
  Node ports = n["ports"];
  for (size_t i = 0; i < ports.size(); ++i) {
    if (ports[i].size() != 2) ports[i].fail("expected [from, to]");
    f.ports.push_back({ports[i][0].integer(), ports[i][1].integer()});
  }
  return f;
}

// The scope a shard records (json_reporter.cc, shardAssertionJson).
void readScope(const Node& n, Assertion& a) {
  a.from = selectorsOf(n["from"]);
  a.to = selectorsOf(n["to"]);
  a.flow = flowOf(n["flow"]);
  Node segments = n["segments"];
  for (size_t i = 0; i < segments.size(); ++i) {
    Node s = segments[i];
    a.segments.push_back({s["name"].str(), s["description"].str(), selectorsOf(s["selectors"]),
                          locationOf(s["location"])});
  }
  Node allowed = n["allowed"];
  for (size_t i = 0; i < allowed.size(); ++i) {
    Node f = allowed[i];
    a.allowed.push_back({selectorsOf(f["from"]), flowOf(f["flow"]), locationOf(f["location"])});
  }
  a.include_internal = n["include_internal"].boolean();
}

AssertionResult resultOf(const Node& n, bool shard) {
  AssertionResult r;
  Assertion& a = r.assertion;
  a.id = n["id"].str();
  a.description = n["description"].str();
  a.kind = kindOf(n["kind"]);
  a.severity = n["severity"].str();
  a.location = locationOf(n["location"]);
  r.verdict = verdictOf(n["verdict"]);
  r.flows = n["flows"].count();
  Node witnesses = n["witnesses"];
  for (size_t i = 0; i < witnesses.size(); ++i) r.witnesses.push_back(witnessOf(witnesses[i]));
  r.closest = blockedOf(n["closest_blocked"]);
  r.reason = n["reason"].strOrEmpty();
  r.controls = controlsOf(n["controls"]);
  Node stats = n["stats"];
  r.pairs_checked = stats["pairs"].count();
  r.paths_explored = stats["paths"].count();
  r.solver_calls = stats["solver_calls"].count();
  if (shard) {
    readScope(n["assertion"], a);
    r.closest_depth = n["closest_depth"].count();
    if (r.closest) r.closest->reason = n["closest_reason"].strOrEmpty();
    r.certain_flow = n["certain_flow"].boolean();
    r.internal_errors = n["internal_errors"].strings();
  }
  return r;
}

ShardInfo shardOf(const Node& n) {
  ShardInfo s;
  int index = n["index"].integer();
  s.count = n["count"].integer();
  if (s.count < 1 || index < 1 || index > s.count) n["index"].fail("expected a shard 1 to count");
  s.index = index - 1;
  s.subproblems = n["subproblems"].count();
  s.subproblems_total = n["subproblems_total"].count();
  s.uncertain_parts = n["uncertain_parts"].strOrEmpty();
  s.ipv6 = n["ipv6"].strOrEmpty();
  return s;
}

std::vector<InputDigest> digestsOf(const Node& n) {
  std::vector<InputDigest> out;
  for (size_t i = 0; i < n.size(); ++i)
    out.push_back({n[i]["path"].str(), n[i]["bytes"].count(), n[i]["sha256"].strOrEmpty()});
  return out;
}

// Gives each report-level internal error "<id>: <text>" back to its result.
void spreadInternalErrors(CheckReport& report) {
  for (const std::string& e : report.internal_errors)
    for (AssertionResult& r : report.results)
      if (e.rfind(r.assertion.id + ": ", 0) == 0) {
        r.internal_errors.push_back(e.substr(r.assertion.id.size() + 2));
        break;
      }
}

CheckDocument documentOf(const Node& root) {
  CheckDocument doc;
  if (!root.raw().is_object() || !root.has("results") || !root.has("summary"))
    throw ReadError("it has no \"results\" and \"summary\"");
  Node tool = root["tool"];
  if (tool["name"].str() != "segproof") tool["name"].fail("not written by segproof");
  doc.version = tool["version"].str();
  CheckReport& report = doc.report;
  report.inputs = root["inputs"].strings();
  Node summary = root["summary"];
  report.seconds = summary["seconds"].number();
  report.jobs = summary["jobs"].integer();
  bool shard = root.has("shard");
  Node results = root["results"];
  for (size_t i = 0; i < results.size(); ++i) report.results.push_back(resultOf(results[i], shard));
  if (summary["assertions"].count() != report.results.size())
    summary["assertions"].fail("the summary does not count the results");
  report.notes = root["notes"].strings();
  report.internal_errors = root["internal_errors"].strings();
  if (shard) {
    Node s = root["shard"];
    report.shard = shardOf(s);
    doc.max_witnesses = s["max_witnesses"].count();
    if (!s["options"].raw().is_object()) s["options"].fail("expected an object");
    doc.options = s["options"].raw();
    doc.input_digests = digestsOf(s["input_digests"]);
  } else {
    spreadInternalErrors(report);
  }
  return doc;
}

}  // namespace

std::pair<size_t, size_t> lineColumnOf(std::string_view text, size_t offset) {
  // nlohmann counts the byte it stopped at: offset 1 is the first byte.
  size_t end = std::min(offset == 0 ? 0 : offset - 1, text.size());
  size_t line = 1, column = 1;
  for (size_t i = 0; i < end; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return {line, column};
}

std::string ReadProblem::str() const {
  if (line == 0) return message;
  return std::to_string(line) + ":" + std::to_string(column) + ": " + message;
}

std::optional<CheckDocument> checkFromJson(const json& doc, ReadProblem& problem) {
  problem = {};
  try {
    return documentOf(Node(doc, ""));
  } catch (const ReadError& e) {
    problem.message = e.what();
  } catch (const json::exception& e) {  // a number out of range of its type
    problem.message = e.what();
  }
  return std::nullopt;
}

std::optional<CheckDocument> readCheckJson(std::string_view text, ReadProblem& problem) {
  json doc;
  try {
    doc = json::parse(text.begin(), text.end());
  } catch (const json::parse_error& e) {
    problem = {};
    std::tie(problem.line, problem.column) = lineColumnOf(text, e.byte);
    std::string what = e.what();
    // "[json.exception.parse_error.101] parse error at line 3, column 5: syntax error ..."
    size_t colon = what.find(": ");
    problem.message = "not JSON: " + (colon == std::string::npos ? what : what.substr(colon + 2));
    return std::nullopt;
  }
  return checkFromJson(doc, problem);
}

}  // namespace segproof
