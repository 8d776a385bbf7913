// Built-ins on collections and numbers: concat, merge, lookup, flatten, ...
#include <algorithm>
#include <cmath>

#include "frontends/common/limits.h"
#include "frontends/terraform/eval/functions_internal.h"

namespace segproof::hcl::internal {

namespace {

// The element at `index`, which the caller has checked to be in range.
Value at(const ValueList& items, long long index) { return items[static_cast<size_t>(index)]; }

void flattenInto(const ValueList& items, ValueList& out, bool& unknown) {
  for (const Value& item : items) {
    if (item.isUnknown()) unknown = true;
    if (item.isSequence()) {
      flattenInto(item.items(), out, unknown);
    } else {
      out.push_back(item);
    }
  }
}

Value concat(const ValueList& args) {
  ValueList out;
  std::uint64_t size = 1;
  for (const Value& arg : args) {
    size += arg.size();
    checkSize(size);
    for (const Value& item : sequenceArg(arg, "each argument")) out.push_back(item);
  }
  return Value::list(std::move(out));
}

Value merge(const ValueList& args) {
  ValueMap out;
  for (const Value& arg : args) {
    if (arg.isNull()) continue;
    for (const auto& [key, value] : mapArg(arg, "each argument")) out[key] = value;
  }
  return Value::map(std::move(out));
}

Value lookup(const ValueList& args) {
  const ValueMap& map = mapArg(args[0], "the first argument");
  std::string key = stringArg(args[1], "the key");
  auto it = map.find(key);
  if (it != map.end()) return it->second;
  if (args.size() < 3) argError("no element for key \"" + key + "\" and no default");
  return args[2];
}

Value element(const ValueList& args) {
  const ValueList& items = sequenceArg(args[0], "the first argument");
  long long index = intArg(args[1], "the index");
  if (items.empty()) argError("cannot use element() on an empty list");
  // Current Terraform wraps negative indexes too: -1 is the last element.
  long long size = static_cast<long long>(items.size());
  return at(items, (index % size + size) % size);
}

Value length(const ValueList& args) {
  const Value& arg = args[0];
  if (arg.isString()) return Value::number(static_cast<double>(characters(arg.asString()).size()));
  if (arg.isMap()) return Value::number(static_cast<double>(arg.entries().size()));
  if (arg.isSequence()) return Value::number(static_cast<double>(arg.items().size()));
  argError("length() needs a string or a collection, not " + arg.str());
}

Value keys(const ValueList& args) {
  ValueList out;
  for (const auto& [key, value] : mapArg(args[0], "the argument"))
    out.push_back(Value::string(key));
  return Value::list(std::move(out));
}

Value values(const ValueList& args) {
  mapArg(args[0], "the argument");
  return Value::list(args[0].elements());
}

Value flatten(const ValueList& args) {
  ValueList out;
  bool unknown = false;
  flattenInto(sequenceArg(args[0], "the argument"), out, unknown);
  if (unknown) return Value::unknown("flatten");  // an unknown might be a list
  return Value::list(std::move(out));
}

Value distinct(const ValueList& args) {
  ValueList out;
  for (const Value& item : sequenceArg(args[0], "the argument")) {
    if (std::find(out.begin(), out.end(), item) == out.end()) out.push_back(item);
  }
  return Value::list(std::move(out));
}

Value toset(const ValueList& args) {
  if (args[0].isNull()) return Value::null();
  return Value::set(unifyElements(sequenceArg(args[0], "the argument")));
}

Value tolist(const ValueList& args) {
  if (args[0].isNull()) return Value::null();
  return Value::list(unifyElements(sequenceArg(args[0], "the argument")));
}

Value tomap(const ValueList& args) {
  if (args[0].isNull()) return Value::null();
  ValueMap entries = mapArg(args[0], "the argument");
  ValueList items;
  for (const auto& [key, value] : entries) items.push_back(value);
  items = unifyElements(std::move(items));
  size_t i = 0;
  for (auto& [key, value] : entries) value = items[i++];
  return Value::map(std::move(entries));
}

Value tostring(const ValueList& args) {
  if (args[0].isNull()) return Value::null();
  return Value::string(stringArg(args[0], "the argument"));
}

Value tonumber(const ValueList& args) {
  if (args[0].isNull()) return Value::null();
  return Value::number(numberArg(args[0], "the argument"));
}

Value tobool(const ValueList& args) {
  if (args[0].isNull()) return Value::null();
  return Value::boolean(boolArg(args[0], "the argument"));
}

Value coalesce(const ValueList& args) {
  for (const Value& arg : args) {
    if (arg.isNull() || (arg.isString() && arg.asString().empty())) continue;
    return arg;
  }
  argError("no non-null, non-empty-string arguments");
}

Value coalescelist(const ValueList& args) {
  for (const Value& arg : args) {
    if (!sequenceArg(arg, "each argument").empty()) return arg;
  }
  argError("no non-empty list arguments");
}

Value compact(const ValueList& args) {
  ValueList out;
  for (const Value& item : sequenceArg(args[0], "the argument")) {
    if (item.isNull()) continue;
    std::string text = stringArg(item, "each element");
    if (!text.empty()) out.push_back(Value::string(text));
  }
  return Value::list(std::move(out));
}

Value contains(const ValueList& args) {
  const ValueList& items = sequenceArg(args[0], "the first argument");
  return Value::boolean(std::find(items.begin(), items.end(), args[1]) != items.end());
}

Value indexOf(const ValueList& args) {
  const ValueList& items = sequenceArg(args[0], "the first argument");
  auto it = std::find(items.begin(), items.end(), args[1]);
  if (it == items.end()) argError("item not found");
  return Value::number(static_cast<double>(it - items.begin()));
}

Value range(const ValueList& args) {
  double start = 0;
  double limit = 0;
  if (args.size() == 1) {
    limit = numberArg(args[0], "the limit");
  } else {
    start = numberArg(args[0], "the start");
    limit = numberArg(args[1], "the limit");
  }
  double step = start <= limit ? 1 : -1;
  if (args.size() == 3) step = numberArg(args[2], "the step");
  if (step == 0) argError("step must not be zero");
  if ((step > 0 && start > limit) || (step < 0 && start < limit)) {
    argError("step must move from the start towards the limit");
  }
  ValueList out;
  for (double v = start; step > 0 ? v < limit : v > limit; v += step) {
    if (out.size() == limits::kMaxRangeElements) argError("more than 1024 elements");
    out.push_back(Value::number(v));
  }
  return Value::list(std::move(out));
}

Value zipmap(const ValueList& args) {
  const ValueList& names = sequenceArg(args[0], "the keys");
  const ValueList& items = sequenceArg(args[1], "the values");
  if (names.size() != items.size()) argError("the keys and values must have the same length");
  ValueMap out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i].isUnknown()) return Value::unknown("zipmap");
    out[stringArg(names[i], "each key")] = items[i];
  }
  return Value::map(std::move(out));
}

Value setproduct(const ValueList& args) {
  // Checked before anything is built: the result multiplies its arguments.
  std::uint64_t combinations = 1;
  for (const Value& arg : args) {
    combinations *= sequenceArg(arg, "each argument").size();
    checkSize(combinations * (args.size() + 1));
  }
  std::vector<ValueList> product{{}};
  bool all_sets = true;
  for (const Value& arg : args) {
    all_sets = all_sets && arg.kind() == ValueKind::kSet;
    std::vector<ValueList> next;
    for (const ValueList& prefix : product) {
      for (const Value& item : sequenceArg(arg, "each argument")) {
        next.push_back(prefix);
        next.back().push_back(item);
      }
    }
    product = std::move(next);
  }
  ValueList out;
  for (ValueList& combination : product) out.push_back(Value::list(std::move(combination)));
  return all_sets ? Value::set(std::move(out)) : Value::list(std::move(out));
}

Value slice(const ValueList& args) {
  const ValueList& items = sequenceArg(args[0], "the first argument");
  long long start = intArg(args[1], "the start index");
  long long end = intArg(args[2], "the end index");
  if (start < 0) argError("the start index must not be negative");
  if (end > static_cast<long long>(items.size())) argError("the end index is beyond the list");
  if (start > end) argError("the start index is after the end index");
  return Value::list(ValueList(items.begin() + start, items.begin() + end));
}

Value sort(const ValueList& args) {
  std::vector<std::string> texts;
  for (const Value& item : sequenceArg(args[0], "the argument"))
    texts.push_back(stringArg(item, "each element"));
  std::sort(texts.begin(), texts.end());
  ValueList out;
  for (std::string& text : texts) out.push_back(Value::string(std::move(text)));
  return Value::list(std::move(out));
}

Value reverse(const ValueList& args) {
  ValueList items = sequenceArg(args[0], "the argument");
  std::reverse(items.begin(), items.end());
  return Value::list(std::move(items));
}

Value chunklist(const ValueList& args) {
  const ValueList& items = sequenceArg(args[0], "the first argument");
  long long size = intArg(args[1], "the chunk size");
  if (size < 0) argError("the chunk size must not be negative");
  if (size == 0) return Value::list({Value::list(items)});
  ValueList out;
  for (size_t i = 0; i < items.size(); i += static_cast<size_t>(size)) {
    size_t end = std::min(items.size(), i + static_cast<size_t>(size));
    out.push_back(Value::list(
        ValueList(items.begin() + static_cast<long>(i), items.begin() + static_cast<long>(end))));
  }
  return Value::list(std::move(out));
}

Value transpose(const ValueList& args) {
  std::map<std::string, ValueList> out;
  for (const auto& [key, list] : mapArg(args[0], "the argument")) {
    for (const Value& item : sequenceArg(list, "each value")) {
      out[stringArg(item, "each element")].push_back(Value::string(key));
    }
  }
  ValueMap entries;
  for (auto& [key, items] : out) entries[key] = Value::list(std::move(items));
  return Value::map(std::move(entries));
}

Value one(const ValueList& args) {
  const ValueList& items = sequenceArg(args[0], "the argument");
  if (items.size() > 1) argError("must be a list or set with at most one element");
  return items.empty() ? Value::null() : items[0];
}

Value alltrue(const ValueList& args) {
  bool all = true;
  for (const Value& item : sequenceArg(args[0], "the argument"))
    all = boolArg(item, "each element") && all;
  return Value::boolean(all);
}

Value anytrue(const ValueList& args) {
  bool any = false;
  for (const Value& item : sequenceArg(args[0], "the argument"))
    any = boolArg(item, "each element") || any;
  return Value::boolean(any);
}

Value sum(const ValueList& args) {
  const ValueList& items = sequenceArg(args[0], "the argument");
  if (items.empty()) argError("cannot sum an empty list");
  double total = 0;
  for (const Value& item : items) total += numberArg(item, "each element");
  return Value::number(total);
}

Value extreme(const ValueList& args, bool want_max) {
  if (args.empty()) argError("needs at least one number");
  double best = numberArg(args[0], "each argument");
  for (const Value& arg : args) {
    double v = numberArg(arg, "each argument");
    best = want_max ? std::max(best, v) : std::min(best, v);
  }
  return Value::number(best);
}

}  // namespace

void addCollectionFunctions(BuiltinTable& table) {
  constexpr bool kStructural = true;
  constexpr bool kValues = false;
  table["concat"] = {0, -1, kStructural, concat};
  table["merge"] = {0, -1, kStructural, merge};
  table["lookup"] = {2, 3, kStructural, lookup};
  table["element"] = {2, 2, kStructural, element};
  table["length"] = {1, 1, kStructural, length};
  table["keys"] = {1, 1, kStructural, keys};
  table["values"] = {1, 1, kStructural, values};
  table["flatten"] = {1, 1, kStructural, flatten};
  table["distinct"] = {1, 1, kValues, distinct};
  table["toset"] = {1, 1, kValues, toset};
  table["tolist"] = {1, 1, kStructural, tolist};
  table["tomap"] = {1, 1, kStructural, tomap};
  table["tostring"] = {1, 1, kValues, tostring};
  table["tonumber"] = {1, 1, kValues, tonumber};
  table["tobool"] = {1, 1, kValues, tobool};
  table["coalesce"] = {1, -1, kValues, coalesce};
  table["coalescelist"] = {1, -1, kStructural, coalescelist};
  table["compact"] = {1, 1, kValues, compact};
  table["contains"] = {2, 2, kValues, contains};
  table["index"] = {2, 2, kValues, indexOf};
  table["range"] = {1, 3, kValues, range};
  table["zipmap"] = {2, 2, kStructural, zipmap};
  table["setproduct"] = {1, -1, kValues, setproduct};
  table["slice"] = {3, 3, kStructural, slice};
  table["sort"] = {1, 1, kValues, sort};
  table["reverse"] = {1, 1, kStructural, reverse};
  table["chunklist"] = {2, 2, kStructural, chunklist};
  table["transpose"] = {1, 1, kValues, transpose};
  table["one"] = {1, 1, kStructural, one};
  table["alltrue"] = {1, 1, kValues, alltrue};
  table["anytrue"] = {1, 1, kValues, anytrue};
  table["sum"] = {1, 1, kValues, sum};
  table["min"] = {1, -1, kValues, [](const ValueList& args) { return extreme(args, false); }};
  table["max"] = {1, -1, kValues, [](const ValueList& args) { return extreme(args, true); }};
  table["abs"] = {1, 1, kValues, [](const ValueList& args) {
                    return Value::number(std::fabs(numberArg(args[0], "the argument")));
                  }};
  table["ceil"] = {1, 1, kValues, [](const ValueList& args) {
                     return Value::number(std::ceil(numberArg(args[0], "the argument")));
                   }};
  table["floor"] = {1, 1, kValues, [](const ValueList& args) {
                      return Value::number(std::floor(numberArg(args[0], "the argument")));
                    }};
}

}  // namespace segproof::hcl::internal
