// Managed services that AWS places in subnets (databases, caches, functions,
// container tasks, Kubernetes, search domains, interface VPC endpoints) and
// the subnet groups that name their subnets.
#include "frontends/native/native_loader.h"

namespace segproof::native {

namespace {

const std::pair<std::string_view, EndpointKind> kServiceKinds[] = {
    {"database", EndpointKind::kDatabase},
    {"cache", EndpointKind::kCache},
    {"function", EndpointKind::kFunction},
    {"container", EndpointKind::kContainer},
    {"kubernetes-control-plane", EndpointKind::kKubernetesControlPlane},
    {"kubernetes-node", EndpointKind::kKubernetesNode},
    {"search-domain", EndpointKind::kSearchDomain},
    {"vpc-endpoint", EndpointKind::kVpcEndpoint},
};

}  // namespace

// `databases:` predates `services:` and stays: a service of kind database.
void NativeLoader::database(const YAML::Node& node) {
  aws::ServiceSpec spec;
  auto fields = element(node, "database",
                        {"name", "subnets", "subnet_group", "publicly_accessible", "dual_stack",
                         "security_groups", "port", "tags"},
                        {"name"}, spec.provenance, spec.name);
  if (!fields || !readService(*fields, spec)) return;
  spec.kind = EndpointKind::kDatabase;
  out_.services.push_back(std::move(spec));
}

void NativeLoader::service(const YAML::Node& node) {
  aws::ServiceSpec spec;
  auto fields = element(node, "service",
                        {"name", "kind", "subnets", "subnet_group", "publicly_accessible",
                         "public_from_subnet", "dual_stack", "security_groups", "port", "tags"},
                        {"name", "kind"}, spec.provenance, spec.name);
  if (!fields) return;
  auto kind = reader_.text(*fields, "kind");
  if (!kind) return;
  if (auto known = findKind(kServiceKinds, kind->value)) {
    spec.kind = *known;
  } else {
    reader_.expected(*fields->get("kind"), choices(kServiceKinds), "kind", *fields);
    return;
  }
  if (readService(*fields, spec)) out_.services.push_back(std::move(spec));
}

// The keys databases and services share; false when one of them is wrong.
bool NativeLoader::readService(const Fields& fields, aws::ServiceSpec& spec) {
  int errors = reader_.diags().errorCount();
  if (!reader_.oneOf(fields, "subnets", "subnet_group")) return false;
  spec.subnets = reader_.refs(fields, "subnets");
  spec.subnet_group = reader_.ref(fields, "subnet_group");
  if (auto flag = reader_.boolean(fields, "publicly_accessible"))
    spec.publicly_accessible = flag->value;
  // Instances the service launches: their subnets decide their public IPv4
  // and, unless dual_stack says, their IPv6 address.
  if (auto flag = reader_.boolean(fields, "public_from_subnet")) {
    spec.public_from_subnet = flag->value;
    if (flag->value) spec.ipv6 = {aws::ServiceIpv6::kFromSubnet, flag->location};
  }
  // One IPv6 address per interface, from its subnet's IPv6 block.
  if (auto flag = reader_.boolean(fields, "dual_stack"))
    spec.ipv6 = {flag->value ? aws::ServiceIpv6::kDualStack : aws::ServiceIpv6::kNone,
                 flag->location};
  spec.security_groups = reader_.refs(fields, "security_groups");
  spec.port = reader_.integer(fields, "port");
  spec.tags = reader_.tags(fields, "tags");
  return reader_.diags().errorCount() == errors;
}

void NativeLoader::subnetGroup(const YAML::Node& node) {
  aws::SubnetGroupSpec spec;
  auto fields = element(node, "subnet group", {"name", "subnets"}, {"name", "subnets"},
                        spec.provenance, spec.name);
  if (!fields) return;
  int errors = reader_.diags().errorCount();
  spec.subnets = reader_.refs(*fields, "subnets");
  if (reader_.diags().errorCount() == errors) out_.subnet_groups.push_back(std::move(spec));
}

}  // namespace segproof::native
