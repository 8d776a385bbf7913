// Transit gateways, written as one element that holds its attachments and
// route tables, so that a hub-and-spoke design reads as one block. The
// nested elements get the enclosing transit gateway as their reference.
#include "frontends/native/native_loader.h"

namespace segproof::native {

namespace {

// Several spellings lead out of the model alike; they are kept apart in the
// format because a reader of the design wants to know which it is.
const std::pair<std::string_view, TgwAttachmentKind> kAttachmentKinds[] = {
    {"vpc", TgwAttachmentKind::kVpc},       {"peering", TgwAttachmentKind::kPeering},
    {"vpn", TgwAttachmentKind::kOther},     {"direct-connect", TgwAttachmentKind::kOther},
    {"connect", TgwAttachmentKind::kOther}, {"other", TgwAttachmentKind::kOther},
};

// The keys that only one kind of attachment has.
const std::pair<std::string_view, TgwAttachmentKind> kKindKeys[] = {
    {"vpc", TgwAttachmentKind::kVpc},
    {"subnets", TgwAttachmentKind::kVpc},
    {"appliance_mode", TgwAttachmentKind::kVpc},
    {"ipv6_support", TgwAttachmentKind::kVpc},
    {"peer", TgwAttachmentKind::kPeering},
    {"active", TgwAttachmentKind::kPeering},
};

std::string defaultTableName(const std::string& gateway) {
  return gateway + "/default-route-table";
}

}  // namespace

void NativeLoader::transitGateway(const YAML::Node& node) {
  aws::TransitGatewaySpec spec;
  auto fields = element(
      node, "transit gateway",
      {"name", "default_association", "default_propagation", "attachments", "route_tables", "tags"},
      {"name"}, spec.provenance, spec.name);
  if (!fields) return;
  int errors = reader_.diags().errorCount();
  if (auto flag = reader_.boolean(*fields, "default_association"))
    spec.default_association = flag->value;
  if (auto flag = reader_.boolean(*fields, "default_propagation"))
    spec.default_propagation = flag->value;
  spec.tags = reader_.tags(*fields, "tags");
  Ref self{spec.name, spec.provenance.location};
  for (const YAML::Node& item : reader_.items(*fields, "attachments"))
    transitAttachment(item, self);
  for (const YAML::Node& item : reader_.items(*fields, "route_tables"))
    transitRouteTable(item, spec);
  if (reader_.diags().errorCount() == errors) out_.transit_gateways.push_back(std::move(spec));
}

void NativeLoader::transitAttachment(const YAML::Node& node, const Ref& gateway) {
  aws::TransitGatewayAttachmentSpec spec;
  auto fields = element(node, "transit gateway attachment",
                        {"name", "kind", "vpc", "subnets", "peer", "active", "appliance_mode",
                         "ipv6_support", "default_association", "default_propagation", "tags"},
                        {"name"}, spec.provenance, spec.name);
  if (!fields) return;
  int errors = reader_.diags().errorCount();
  spec.transit_gateway = gateway;
  if (!readAttachmentKind(*fields, spec)) return;
  spec.vpc = reader_.ref(*fields, "vpc");
  spec.subnets = reader_.refs(*fields, "subnets");
  spec.peer_transit_gateway = reader_.ref(*fields, "peer");
  if (auto flag = reader_.boolean(*fields, "active")) spec.active = flag->value;
  if (auto flag = reader_.boolean(*fields, "appliance_mode")) spec.appliance_mode = flag->value;
  if (auto flag = reader_.boolean(*fields, "ipv6_support")) spec.ipv6_support = flag->value;
  if (auto flag = reader_.boolean(*fields, "default_association"))
    spec.default_association = flag->value;
  if (auto flag = reader_.boolean(*fields, "default_propagation"))
    spec.default_propagation = flag->value;
  spec.tags = reader_.tags(*fields, "tags");
  if (reader_.diags().errorCount() == errors)
    out_.transit_gateway_attachments.push_back(std::move(spec));
}

// `kind` when written, else `vpc` or `peer` says it. The keys of the kind
// are required and the keys of other kinds are errors, so that a field AWS
// would ignore is not silently dropped.
bool NativeLoader::readAttachmentKind(const Fields& fields,
                                      aws::TransitGatewayAttachmentSpec& spec) {
  if (!reader_.exclusive(fields, "vpc", "peer")) return false;
  std::string kind_name;
  if (auto kind = reader_.text(fields, "kind")) {
    auto known = findKind(kAttachmentKinds, kind->value);
    if (!known) {
      reader_.expected(*fields.get("kind"), choices(kAttachmentKinds), "kind", fields);
      return false;
    }
    spec.kind = *known;
    kind_name = kind->value;
  } else if (fields.has("kind")) {
    return false;  // not a string: reported
  } else if (fields.has("vpc") || fields.has("peer")) {
    spec.kind = fields.has("vpc") ? TgwAttachmentKind::kVpc : TgwAttachmentKind::kPeering;
    kind_name = fields.has("vpc") ? "vpc" : "peering";
  } else {
    reader_.diags().error("missing-key", reader_.at(fields.node()),
                          "missing key 'vpc', 'peer' or 'kind' in " + fields.what());
    return false;
  }
  bool fits = true;
  for (const auto& [key, kind] : kKindKeys) {
    const YAML::Node* value = fields.get(key);
    if (!value || kind == spec.kind) continue;
    reader_.diags().error("invalid-value", reader_.at(*value),
                          "'" + std::string(key) + "' does not apply to a " + kind_name +
                              " attachment in " + fields.what());
    fits = false;
  }
  if (spec.kind == TgwAttachmentKind::kVpc)
    fits = reader_.require(fields, {"vpc", "subnets"}) && fits;
  if (spec.kind == TgwAttachmentKind::kPeering) fits = reader_.require(fields, {"peer"}) && fits;
  return fits;
}

// `default: true` is the transit gateway's default route table, named as the
// builder names it unless a name is written.
void NativeLoader::transitRouteTable(const YAML::Node& node, aws::TransitGatewaySpec& gateway) {
  Fields fields =
      reader_.fields(node, "transit gateway route table",
                     {"name", "default", "associations", "propagations", "routes", "tags"});
  int errors = reader_.diags().errorCount();
  aws::TransitGatewayRouteTableSpec spec;
  auto is_default = reader_.boolean(fields, "default");
  spec.is_default = is_default && is_default->value;
  if (spec.is_default && !fields.has("name")) {
    spec.name = defaultTableName(gateway.name);
  } else {
    if (!reader_.require(fields, {"name"})) return;
    auto name = reader_.text(fields, "name");
    if (!name) return;
    spec.name = name->value;
  }
  spec.provenance = {reader_.at(node), spec.name};
  spec.transit_gateway = {gateway.name, gateway.provenance.location};
  if (spec.is_default) {
    if (gateway.default_route_table.given()) {
      reader_.diags().error("invalid-value", is_default->location,
                            "transit gateway '" + gateway.name +
                                "' already has a default route table, '" +
                                gateway.default_route_table.address + "'");
      return;
    }
    gateway.default_route_table = {spec.name, is_default->location};
  }
  spec.tags = reader_.tags(fields, "tags");
  Ref self{spec.name, spec.provenance.location};
  for (const Ref& attachment : reader_.refs(fields, "associations"))
    out_.transit_gateway_associations.push_back(
        {{attachment.location, spec.name}, attachment, self});
  for (const Ref& attachment : reader_.refs(fields, "propagations"))
    out_.transit_gateway_propagations.push_back(
        {{attachment.location, spec.name}, attachment, self});
  std::vector<YAML::Node> routes = reader_.items(fields, "routes");
  for (size_t i = 0; i < routes.size(); ++i) transitRoute(routes[i], self, i);
  if (reader_.diags().errorCount() == errors)
    out_.transit_gateway_route_tables.push_back(std::move(spec));
}

// One destination, and an attachment or `blackhole: true`.
void NativeLoader::transitRoute(const YAML::Node& node, const Ref& table, size_t index) {
  Fields fields = reader_.fields(node, "transit gateway route",
                                 {"destination", "prefix_list", "attachment", "blackhole"});
  int errors = reader_.diags().errorCount();
  bool destination = reader_.oneOf(fields, "destination", "prefix_list");
  if (!reader_.oneOf(fields, "attachment", "blackhole") || !destination) return;
  aws::TransitGatewayRouteSpec spec;
  spec.provenance = {reader_.at(node), table.address + ".routes[" + std::to_string(index) + "]"};
  spec.route_table = table;
  spec.destination = reader_.text(fields, "destination");
  spec.destination_prefix_list = reader_.ref(fields, "prefix_list");
  spec.attachment = reader_.ref(fields, "attachment");
  if (auto flag = reader_.boolean(fields, "blackhole")) {
    if (!flag->value) reader_.expected(*fields.get("blackhole"), "true", "blackhole", fields);
    spec.blackhole = flag->value;
  }
  if (reader_.diags().errorCount() == errors)
    out_.transit_gateway_routes.push_back(std::move(spec));
}

}  // namespace segproof::native
