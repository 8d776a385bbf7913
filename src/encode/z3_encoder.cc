#include "encode/z3_encoder.h"

namespace segproof {

namespace {

unsigned fieldBits(Field field) {
  switch (field) {
    case Field::kSrcIp:
    case Field::kDstIp:
      return 32;
    case Field::kSrcPort:
    case Field::kDstPort:
      return 16;
    default:
      return 8;
  }
}

}  // namespace

PathSolver::PathSolver(z3::context& context, unsigned timeout_ms)
    : ctx_(context), solver_(z3::solver(context, "QF_BV")) {
  if (timeout_ms > 0) {
    z3::params params(ctx_);
    params.set("timeout", timeout_ms);
    solver_.set(params);
  }
}

PathSolver::Header PathSolver::header(int version) {
  Header h;
  h.reserve(kFieldCount);
  for (int f = 0; f < kFieldCount; ++f) {
    Field field = static_cast<Field>(f);
    std::string name = "v" + std::to_string(version) + "_" + fieldName(field);
    h.push_back(ctx_.bv_const(name.c_str(), fieldBits(field)));
  }
  return h;
}

z3::expr PathSolver::inSet(const IntervalSet& set, const z3::expr& x, Field field) {
  if (set.empty()) return ctx_.bool_val(false);
  uint64_t max = fieldMax(field);
  unsigned bits = fieldBits(field);
  z3::expr_vector parts(ctx_);
  for (const Interval& i : set.intervals()) {
    if (i.lo == 0 && i.hi == max) return ctx_.bool_val(true);
    if (i.lo == i.hi) {
      parts.push_back(x == ctx_.bv_val(i.lo, bits));
    } else if (i.lo == 0) {
      parts.push_back(z3::ule(x, ctx_.bv_val(i.hi, bits)));
    } else if (i.hi == max) {
      parts.push_back(z3::uge(x, ctx_.bv_val(i.lo, bits)));
    } else {
      parts.push_back(z3::uge(x, ctx_.bv_val(i.lo, bits)) && z3::ule(x, ctx_.bv_val(i.hi, bits)));
    }
  }
  return parts.size() == 1 ? parts[0] : z3::mk_or(parts);
}

z3::expr PathSolver::inCube(const Cube& cube, const Header& h) {
  z3::expr_vector parts(ctx_);
  for (int f = 0; f < kFieldCount; ++f) {
    Field field = static_cast<Field>(f);
    const IntervalSet& values = cube[field];
    if (values == IntervalSet::full(field)) continue;
    parts.push_back(inSet(values, h[f], field));
  }
  if (parts.empty()) return ctx_.bool_val(true);
  return parts.size() == 1 ? parts[0] : z3::mk_and(parts);
}

z3::expr PathSolver::inHeaderSet(const HeaderSet& set, const Header& h) {
  if (set.empty()) return ctx_.bool_val(false);
  z3::expr_vector parts(ctx_);
  for (const Cube& cube : set.cubes()) parts.push_back(inCube(cube, h));
  return parts.size() == 1 ? parts[0] : z3::mk_or(parts);
}

z3::expr PathSolver::firstMatch(const std::vector<AclLine>& lines, const Header& h,
                                const std::string& tag) {
  // unmatched_i: no line before i matched. Allowed iff some allow line i
  // matches while unmatched_i holds. Linear in the number of lines.
  z3::expr_vector allowed(ctx_);
  z3::expr unmatched = ctx_.bool_val(true);
  for (size_t i = 0; i < lines.size(); ++i) {
    z3::expr match = inCube(lines[i].cube, h);
    if (lines[i].allow) allowed.push_back(unmatched && match);
    z3::expr next = ctx_.bool_const((tag + "_n" + std::to_string(i)).c_str());
    solver_.add(next == (unmatched && !match));
    unmatched = next;
  }
  if (allowed.empty()) return ctx_.bool_val(false);
  return z3::mk_or(allowed);
}

z3::expr PathSolver::guardExpr(const Guard& guard, size_t index,
                               const std::vector<Header>& versions) {
  const Header& h = versions[guard.version];
  if (guard.exact) return inHeaderSet(guard.set, h);
  std::string tag = "g" + std::to_string(index);
  if (!guard.reply) return firstMatch(guard.lines, h, tag);
  Header reply = h;
  std::swap(reply[static_cast<int>(Field::kSrcIp)], reply[static_cast<int>(Field::kDstIp)]);
  std::swap(reply[static_cast<int>(Field::kSrcPort)], reply[static_cast<int>(Field::kDstPort)]);
  z3::expr is_tcp = h[static_cast<int>(Field::kProtocol)] == ctx_.bv_val(kTcp, 8);
  return !is_tcp || firstMatch(guard.lines, reply, tag);
}

std::vector<PathSolver::Header> PathSolver::assertBase(const PathFormula& formula) {
  std::vector<Header> versions;
  for (int v = 0; v < formula.versions; ++v) versions.push_back(header(v));
  solver_.add(inHeaderSet(formula.initial, versions[0]));
  if (formula.distinct_endpoints) {
    solver_.add(versions[0][static_cast<int>(Field::kSrcIp)] !=
                versions[0][static_cast<int>(Field::kDstIp)]);
  }
  for (int v : formula.distinct_versions)
    solver_.add(versions[v][static_cast<int>(Field::kSrcIp)] != versions[v][static_cast<int>(Field::kDstIp)]);
  const int dst = static_cast<int>(Field::kDstIp);
  for (int v : formula.distinct_forwards) solver_.add(versions[v][dst] != versions[v - 1][dst]);
  const int proto = static_cast<int>(Field::kProtocol);
  for (const Rewrite& r : formula.rewrites) {
    const Header& before = versions[r.version - 1];
    const Header& after = versions[r.version];
    z3::expr ported = before[proto] == ctx_.bv_val(kTcp, 8) || before[proto] == ctx_.bv_val(kUdp, 8);
    // Packets without ports keep them; their addresses take the image's.
    HeaderSet addresses_only = r.image.assign(Field::kSrcPort, IntervalSet::range(0, fieldMax(Field::kSrcPort)))
                                   .assign(Field::kDstPort, IntervalSet::range(0, fieldMax(Field::kDstPort)));
    z3::expr ports_kept = ctx_.bool_val(true);
    for (int f = 0; f < kFieldCount; ++f) {
      Field field = static_cast<Field>(f);
      if (!r.rewrites(field)) solver_.add(after[f] == before[f]);
      else if (field == Field::kSrcPort || field == Field::kDstPort) ports_kept = ports_kept && after[f] == before[f];
    }
    if (r.source_from_destination)
      solver_.add(after[static_cast<int>(Field::kSrcIp)] == before[static_cast<int>(Field::kDstIp)]);
    solver_.add(z3::implies(ported, inHeaderSet(r.image, after)));
    solver_.add(z3::implies(!ported, ports_kept && inHeaderSet(addresses_only, after)));
  }
  return versions;
}

Packet PathSolver::packetOf(const z3::model& model, const Header& h) {
  Packet p;
  for (int f = 0; f < kFieldCount; ++f)
    p.fields[f] = model.eval(h[f], true).get_numeral_uint64();
  return p;
}

PathSolver::Outcome PathSolver::check(const PathFormula& formula,
                                      const std::vector<WitnessPreference>& preferences) {
  Outcome out;
  solver_.push();
  std::vector<Header> versions = assertBase(formula);
  for (size_t i = 0; i < formula.guards.size(); ++i)
    solver_.add(guardExpr(formula.guards[i], i, versions));
  z3::expr_vector wishes(ctx_);
  for (size_t i = 0; i < preferences.size(); ++i) {
    z3::expr lit = ctx_.bool_const(("pref" + std::to_string(i)).c_str());
    Field f = preferences[i].field;
    solver_.add(z3::implies(lit, inSet(preferences[i].values, versions[0][static_cast<int>(f)], f)));
    wishes.push_back(lit);
  }
  ++calls_;
  z3::check_result result = wishes.empty() ? solver_.check() : solver_.check(wishes);
  // Wishes come in priority order: drop the least important one the formula
  // refuses (in the unsat core) and ask again.
  while (result == z3::unsat && !wishes.empty()) {
    z3::expr_vector core = solver_.unsat_core();
    int drop = core.empty() ? -1 : 0;  // an empty core: the formula itself is unsat
    for (unsigned i = 0; i < wishes.size(); ++i)
      for (unsigned j = 0; j < core.size(); ++j)
        if (z3::eq(core[j], wishes[i])) drop = static_cast<int>(i);
    z3::expr_vector kept(ctx_);
    for (unsigned i = 0; i < wishes.size() && drop >= 0; ++i)
      if (static_cast<int>(i) != drop) kept.push_back(wishes[i]);
    wishes = kept;
    ++calls_;
    result = wishes.empty() ? solver_.check() : solver_.check(wishes);
  }
  if (result == z3::sat) {
    out.status = Status::kSat;
    for (const z3::expr& wish : wishes) solver_.add(wish);
    ++calls_;
    if (solver_.check() == z3::sat) minimize(versions, formula.rewrites);
    ++calls_;
    result = solver_.check();
  }
  if (result == z3::sat) {
    z3::model model = solver_.get_model();
    for (const Header& h : versions) out.versions.push_back(packetOf(model, h));
  } else if (result == z3::unsat) {
    out.status = Status::kUnsat;
  } else {
    out.status = Status::kUnknown;
    out.reason = solver_.reason_unknown();
  }
  solver_.pop();
  return out;
}

void PathSolver::minimize(const std::vector<Header>& versions, const std::vector<Rewrite>& rewrites) {
  for (size_t v = 0; v < versions.size(); ++v) {
    for (int f = 0; f < kFieldCount; ++f) {
      Field field = static_cast<Field>(f);
      // Later versions differ from the one before only where it rewrites.
      if (v > 0 && !rewrites[v - 1].rewrites(field)) continue;
      const z3::expr& x = versions[v][f];
      // Search the whole field, not below the model's value: the number of
      // probes must not depend on the model Z3 happened to find first.
      uint64_t lo = 0;
      uint64_t hi = fieldMax(field);
      while (lo < hi) {
        uint64_t mid = lo + (hi - lo) / 2;
        solver_.push();
        solver_.add(z3::ule(x, ctx_.bv_val(mid, x.get_sort().bv_size())));
        ++calls_;
        bool fits = solver_.check() == z3::sat;
        solver_.pop();
        if (fits) hi = mid;
        else lo = mid + 1;
      }
      solver_.add(x == ctx_.bv_val(lo, x.get_sort().bv_size()));
      ++calls_;
      if (solver_.check() != z3::sat) return;  // cannot happen; keep what we have
    }
  }
}

PathSolver::Status PathSolver::confirm(const PathFormula& formula, const std::vector<Packet>& packets) {
  solver_.push();
  std::vector<Header> versions = assertBase(formula);
  for (size_t i = 0; i < formula.guards.size(); ++i)
    solver_.add(guardExpr(formula.guards[i], i, versions));
  for (size_t v = 0; v < versions.size() && v < packets.size(); ++v)
    for (int f = 0; f < kFieldCount; ++f)
      solver_.add(versions[v][f] == ctx_.bv_val(packets[v].fields[f], versions[v][f].get_sort().bv_size()));
  ++calls_;
  z3::check_result result = solver_.check();
  solver_.pop();
  if (result == z3::sat) return Status::kSat;
  return result == z3::unsat ? Status::kUnsat : Status::kUnknown;
}

size_t PathSolver::firstBlockingGuard(const PathFormula& formula) {
  solver_.push();
  std::vector<Header> versions = assertBase(formula);
  size_t answer = formula.guards.size() + 1;
  ++calls_;
  if (solver_.check() == z3::unsat) answer = 0;  // no header at all, before any guard
  for (size_t i = 0; answer != 0 && i < formula.guards.size(); ++i) {
    solver_.add(guardExpr(formula.guards[i], i, versions));
    ++calls_;
    if (solver_.check() == z3::unsat) {
      answer = i + 1;
      break;
    }
  }
  solver_.pop();
  return answer;
}

}  // namespace segproof
