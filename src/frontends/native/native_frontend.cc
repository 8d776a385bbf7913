#include "frontends/native/native_frontend.h"

#include <optional>
#include <thread>

#include "frontends/common/yaml_limits.h"
#include "frontends/native/native_loader.h"

namespace segproof {

namespace {

// The value of a top-level `segproof:` key written in block style (a line
// that starts with it), or nullopt when no line does.
std::optional<std::string_view> blockMarker(std::string_view content) {
  constexpr std::string_view kKey = "segproof:";
  for (size_t start = 0; start < content.size();) {
    size_t end = content.find('\n', start);
    if (end == std::string_view::npos) end = content.size();
    if (content.substr(start, kKey.size()) == kKey)
      return content.substr(start + kKey.size(), end - start - kKey.size());
    start = end + 1;
  }
  return std::nullopt;
}

// `segproof: queries/v1` marks an assertion file, which lives beside models
// in the same folders and is not a model.
bool isModelMarker(std::string_view value) {
  return value.find("queries/") == std::string_view::npos;
}

}  // namespace

bool NativeFrontend::recognizes(const std::string&, std::string_view content) const {
  // Spares parsing large inputs of other formats.
  if (content.find("segproof") == std::string_view::npos) return false;
  // The usual block-style file is recognised from its text alone, so large
  // models are not parsed twice (docs/performance.md). This also recognises
  // a model whose YAML is broken, so that loading it reports the error.
  if (auto marker = blockMarker(content)) return isModelMarker(*marker);
  try {
    YAML::Node root = YAML::Load(std::string(content));  // flow style or JSON
    if (!root.IsMap()) return false;
    for (const auto& pair : root) {
      if (pair.first.IsScalar() && pair.first.Scalar() == "segproof")
        return !pair.second.IsScalar() || isModelMarker(pair.second.Scalar());
    }
    return false;
  } catch (const YAML::Exception&) {
    return false;
  }
}

void NativeFrontend::load(const std::string& path, std::string_view content, aws::Resources& out,
                          DiagnosticEngine& diags) const {
  // The limit scan parses the text once more. For a large model it runs on
  // a thread of its own while yaml-cpp builds the document (which neither
  // expands aliases nor recurses past its own depth guard); nothing reads
  // the document before the scan has passed.
  constexpr size_t kConcurrentScan = 1 << 20;
  std::optional<YAML::Node> parsed;
  if (content.size() >= kConcurrentScan) {
    DiagnosticEngine scan_diags;
    bool within = true;
    std::thread scan([&] { within = checkYamlLimits(path, content, scan_diags); });
    try {
      parsed = YAML::Load(std::string(content));
    } catch (const YAML::Exception&) {
      parsed.reset();  // reported below, after the scan, by the second parse
    }
    scan.join();
    if (!within) {
      for (const Diagnostic& d : scan_diags.diagnostics()) diags.report(d);
      return;
    }
  } else if (!checkYamlLimits(path, content, diags)) {
    return;
  }
  try {
    YAML::Node root = parsed ? *parsed : YAML::Load(std::string(content));
    native::NativeLoader(path, diags, out).load(root);
  } catch (const YAML::Exception& e) {
    // Parse errors; the loader itself only uses yaml-cpp calls that do not throw.
    SourceLocation where{path, 0, 0};
    if (!e.mark.is_null()) where = {path, e.mark.line + 1, e.mark.column + 1};
    diags.error("yaml-syntax", where, "invalid YAML: " + e.msg);
  }
}

namespace native {

void NativeLoader::load(const YAML::Node& root) {
  if (!root.IsMap()) {
    reader_.diags().error("invalid-value", reader_.at(root),
                          "expected a mapping at the top of a native model");
    return;
  }
  Fields top = reader_.fields(
      root, "model",
      {"segproof", "vpcs", "internet_gateways", "subnets", "route_tables", "nat_gateways",
       "security_groups", "network_acls", "peerings", "gateways", "prefix_lists", "instances",
       "network_interfaces", "databases", "services", "subnet_groups", "transit_gateways",
       "load_balancers", "target_groups"});
  if (!readsVersion(top)) return;
  using Reader = void (NativeLoader::*)(const YAML::Node&);
  static const std::pair<std::string_view, Reader> kSections[] = {
      {"vpcs", &NativeLoader::vpc},
      {"internet_gateways", &NativeLoader::internetGateway},
      {"subnets", &NativeLoader::subnet},
      {"route_tables", &NativeLoader::routeTable},
      {"nat_gateways", &NativeLoader::natGateway},
      {"security_groups", &NativeLoader::securityGroup},
      {"network_acls", &NativeLoader::networkAcl},
      {"peerings", &NativeLoader::peering},
      {"gateways", &NativeLoader::gateway},
      {"prefix_lists", &NativeLoader::prefixList},
      {"instances", &NativeLoader::instance},
      {"network_interfaces", &NativeLoader::networkInterface},
      {"databases", &NativeLoader::database},
      {"services", &NativeLoader::service},
      {"subnet_groups", &NativeLoader::subnetGroup},
      {"transit_gateways", &NativeLoader::transitGateway},
      {"load_balancers", &NativeLoader::loadBalancer},
      {"target_groups", &NativeLoader::targetGroup},
  };
  // Sections in file order, so diagnostics follow the file.
  for (const Fields::Entry& entry : top.entries()) {
    for (const auto& [key, read] : kSections) {
      if (key != entry.key) continue;
      for (const YAML::Node& item : reader_.items(top, key)) (this->*read)(item);
    }
  }
}

// Another version's keys may mean other things: nothing is read unless the
// version is the one this segproof knows.
bool NativeLoader::readsVersion(const Fields& top) {
  if (!reader_.require(top, {"segproof"})) return false;
  auto version = reader_.text(top, "segproof");
  if (!version) return false;
  if (version->value == kModelVersion) return true;
  reader_.diags().error("unsupported-version", version->location,
                        "unsupported model version '" + version->value + "' (this segproof reads " +
                            std::string(kModelVersion) + ")");
  return false;
}

std::optional<Fields> NativeLoader::element(const YAML::Node& node, const char* what,
                                            std::initializer_list<std::string_view> allowed,
                                            std::initializer_list<std::string_view> required,
                                            Provenance& provenance, std::string& name) {
  Fields fields = reader_.fields(node, what, allowed);
  if (!reader_.require(fields, required)) return std::nullopt;
  auto written = reader_.text(fields, "name");
  if (!written) return std::nullopt;
  name = written->value;
  provenance = {reader_.at(node), name};
  return fields;
}

}  // namespace native

}  // namespace segproof
