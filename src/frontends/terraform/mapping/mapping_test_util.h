// Helpers for the mapping tests: build Configuration objects by hand, the
// way the module evaluator or the plan reader would, and map them.
//
// Locations are synthetic and predictable: the n-th resource added (from 0)
// has its header at main.tf:<10n+1>:1 and its k-th attribute (from 0, in the
// order given) at main.tf:<10n+2+k>:3. Blocks carry the line they are given.
#ifndef SEGPROOF_FRONTENDS_TERRAFORM_MAPPING_MAPPING_TEST_UTIL_H_
#define SEGPROOF_FRONTENDS_TERRAFORM_MAPPING_MAPPING_TEST_UTIL_H_

#include <string>
#include <utility>
#include <vector>

#include "frontends/terraform/mapping/aws_mapping.h"

namespace segproof::terraform::testing {

using hcl::Value;
using Attributes = std::vector<std::pair<std::string, Value>>;

inline Value str(const std::string& text) { return Value::string(text); }
inline Value num(double value) { return Value::number(value); }
inline Value boolean(bool value) { return Value::boolean(value); }
// A reference or any other value known only at apply time.
inline Value unknown(const std::string& description) { return Value::unknown(description); }
inline Value strs(const std::vector<std::string>& texts) {
  hcl::ValueList items;
  for (const std::string& text : texts) items.push_back(Value::string(text));
  return Value::list(items);
}
inline Value list(hcl::ValueList items) { return Value::list(std::move(items)); }
inline Value object(hcl::ValueMap entries) { return Value::map(std::move(entries)); }

inline hcl::SourceRange rangeAt(int line, int column) {
  return {"main.tf", {line, column, 0}, {line, column + 1, 0}};
}

inline EvalBody body(const Attributes& attributes, int first_line) {
  EvalBody out;
  int line = first_line;
  for (const auto& [name, value] : attributes) out.attributes[name] = {value, rangeAt(line++, 3)};
  return out;
}

inline EvalBlock block(const std::string& type, const Attributes& attributes, int line) {
  return {type, rangeAt(line, 3), body(attributes, line + 1)};
}

class ConfigBuilder {
 public:
  // Adds an instance: "module.net.aws_subnet.a[0]", "data.aws_vpc.shared".
  ResourceInstance& add(const std::string& address, const Attributes& attributes,
                        std::vector<EvalBlock> blocks = {}) {
    ResourceInstance instance;
    instance.address = address;
    std::string rest = address;
    while (rest.rfind("module.", 0) == 0) {
      size_t end = rest.find('.', 7);
      instance.module += (instance.module.empty() ? "" : ".") + rest.substr(0, end);
      rest = rest.substr(end + 1);
    }
    if (rest.rfind("data.", 0) == 0) {
      instance.data = true;
      rest = rest.substr(5);
    }
    size_t dot = rest.find('.');
    instance.type = rest.substr(0, dot);
    instance.name =
        rest.substr(dot + 1, rest.find('[') == std::string::npos ? std::string::npos
                                                                 : rest.find('[') - dot - 1);
    int line = static_cast<int>(config.resources.size()) * 10 + 1;
    instance.range = rangeAt(line, 1);
    instance.body = body(attributes, line + 1);
    instance.body.blocks = std::move(blocks);
    config.resources.push_back(std::move(instance));
    return config.resources.back();
  }

  Configuration config;
};

// True when every diagnostic is the warning that an interface's group is
// outside the configuration (membership uncertain), and there is at least
// one: what a configuration naming outside groups must get.
inline bool onlyMembershipWarnings(const DiagnosticEngine& diags) {
  for (const Diagnostic& d : diags.diagnostics()) {
    if (d.code != "unknown-value" ||
        d.message.find("may be members of any security group") == std::string::npos)
      return false;
  }
  return !diags.diagnostics().empty();
}

inline aws::Resources mapConfig(const Configuration& config, DiagnosticEngine& diags) {
  aws::Resources out;
  mapAwsResources(config, out, diags);
  return out;
}

}  // namespace segproof::terraform::testing

#endif  // SEGPROOF_FRONTENDS_TERRAFORM_MAPPING_MAPPING_TEST_UTIL_H_
