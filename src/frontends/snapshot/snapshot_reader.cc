// Parsing and indexing the files of a snapshot, typed field reads, and the
// order in which the readers translate them.
#include "frontends/snapshot/snapshot_reader.h"

#include <algorithm>
#include <cmath>

namespace segproof::snapshot {

namespace {

const char* const kReadKeys[] = {"Vpcs",
                                 "Subnets",
                                 "RouteTables",
                                 "SecurityGroups",
                                 "NetworkAcls",
                                 "NetworkInterfaces",
                                 "Reservations",
                                 "InternetGateways",
                                 "EgressOnlyInternetGateways",
                                 "NatGateways",
                                 "VpcPeeringConnections",
                                 "TransitGateways",
                                 "TransitGatewayAttachments",
                                 "TransitGatewayVpcAttachments",
                                 "TransitGatewayRouteTables",
                                 "TransitGatewayRoutes",
                                 "VpcEndpoints",
                                 "PrefixLists",
                                 "PrefixListEntries",
                                 "Addresses",
                                 "LoadBalancers",
                                 "Listeners",
                                 "TargetGroups",
                                 "TargetHealth",
                                 "DBInstances"};

const char* const kBatfishOnlyKeys[] = {"LoadBalancerListeners", "LoadBalancerTargetHealth",
                                        "TransitGatewayStaticRoutes", "TransitGatewayPropagations"};

const std::vector<const json::Node*> kNone;

}  // namespace

bool isReadKey(const std::string& key) {
  return std::find(std::begin(kReadKeys), std::end(kReadKeys), key) != std::end(kReadKeys);
}

bool isBatfishOnlyKey(const std::string& key) {
  return std::find(std::begin(kBatfishOnlyKeys), std::end(kBatfishOnlyKeys), key) !=
         std::end(kBatfishOnlyKeys);
}

bool databaseServes(const std::string& status) {
  static const char* const kServing[] = {"available",
                                         "backing-up",
                                         "modifying",
                                         "maintenance",
                                         "storage-optimization",
                                         "configuring-enhanced-monitoring",
                                         "configuring-iam-database-auth",
                                         "configuring-log-exports",
                                         "upgrading",
                                         "rebooting",
                                         "renaming",
                                         "resetting-master-credentials"};
  return std::find(std::begin(kServing), std::end(kServing), status) != std::end(kServing);
}

// ---- FieldReader ----

const json::Node* FieldReader::get(const json::Node& object, const char* key) const {
  const json::Node* value = object.isObject() ? object.find(key) : nullptr;
  return value && !value->isNull() ? value : nullptr;
}

bool FieldReader::expect(const json::Node& value, json::Kind kind, const char* key,
                         const char* what) {
  if (value.kind == kind) return true;
  diags_.error("snapshot-bad-value", value.location,
               std::string(what) + ": " + key + " must be " + json::kindName(kind) + ", found " +
                   json::kindName(value.kind));
  return false;
}

void FieldReader::missing(const json::Node& object, const char* key, const char* what) {
  diags_.error("snapshot-missing-field", object.location,
               std::string(what) + " has no " + key + " (required)");
}

std::optional<aws::Text> FieldReader::text(const json::Node& object, const char* key,
                                           const char* what, bool required) {
  const json::Node* value = get(object, key);
  if (!value) {
    if (required) missing(object, key, what);
    return std::nullopt;
  }
  if (!expect(*value, json::Kind::kString, key, what)) return std::nullopt;
  if (value->text.empty() && required) {
    missing(object, key, what);
    return std::nullopt;
  }
  return aws::Text{value->text, value->location};
}

std::optional<aws::Located<bool>> FieldReader::flag(const json::Node& object, const char* key,
                                                    const char* what) {
  const json::Node* value = get(object, key);
  if (!value || !expect(*value, json::Kind::kBool, key, what)) return std::nullopt;
  return aws::Located<bool>{value->boolean, value->location};
}

std::optional<aws::Located<long long>> FieldReader::integer(const json::Node& object,
                                                            const char* key, const char* what,
                                                            bool required) {
  const json::Node* value = get(object, key);
  if (!value) {
    if (required) missing(object, key, what);
    return std::nullopt;
  }
  if (!expect(*value, json::Kind::kNumber, key, what)) return std::nullopt;
  if (value->number != std::floor(value->number) || std::fabs(value->number) > 1e15) {
    diags_.error("snapshot-bad-value", value->location,
                 std::string(what) + ": " + key + " must be a whole number, found " + value->text);
    return std::nullopt;
  }
  return aws::Located<long long>{static_cast<long long>(value->number), value->location};
}

std::vector<const json::Node*> FieldReader::objects(const json::Node& object, const char* key,
                                                    const char* what) {
  std::vector<const json::Node*> items;
  const json::Node* value = get(object, key);
  if (!value || !expect(*value, json::Kind::kArray, key, what)) return items;
  for (const json::Node* item : value->items) {
    if (expect(*item, json::Kind::kObject, key, what)) items.push_back(item);
  }
  return items;
}

const json::Node* FieldReader::object(const json::Node& object, const char* key, const char* what) {
  const json::Node* value = get(object, key);
  if (!value || !expect(*value, json::Kind::kObject, key, what)) return nullptr;
  return value;
}

std::vector<aws::Text> FieldReader::strings(const json::Node& object, const char* key,
                                            const char* what) {
  std::vector<aws::Text> items;
  const json::Node* value = get(object, key);
  if (!value || !expect(*value, json::Kind::kArray, key, what)) return items;
  for (const json::Node* item : value->items) {
    if (expect(*item, json::Kind::kString, key, what))
      items.push_back({item->text, item->location});
  }
  return items;
}

Tags FieldReader::tags(const json::Node& object, const char* key) {
  Tags tags;
  for (const json::Node* tag : objects(object, key, "tag")) {
    auto name = text(*tag, "Key", "tag", true);
    auto value = text(*tag, "Value", "tag");
    if (name) tags[name->value] = value ? value->value : "";
  }
  return tags;
}

// ---- RegionIndex ----

const std::vector<const json::Node*>& RegionIndex::of(const std::string& key) const {
  auto it = elements.find(key);
  return it == elements.end() ? kNone : it->second;
}

// ---- SnapshotReader ----

void SnapshotReader::parse(RegionIndex& region) {
  for (const SnapshotFile& file : region.folder.files) {
    auto document = json::Document::parse(file.path, file.text, diags_);
    if (!document) continue;
    const json::Node* root = document->root();
    if (!root || !root->isObject()) {
      diags_.error("snapshot-bad-value", root ? root->location : SourceLocation{file.path, 1, 1},
                   "a snapshot file must be a JSON object such as {\"Vpcs\": [...]}");
      continue;
    }
    for (const json::Member& member : root->members) {
      if (!isReadKey(member.key)) {
        diags_.warning("snapshot-file-not-read", member.key_location,
                       "key '" + member.key + "' is not one segproof reads" +
                           (isBatfishOnlyKey(member.key)
                                ? " (a Batfish-only form; collect with scripts/snapshot-aws.sh)"
                                : "") +
                           "; it is skipped");
        continue;
      }
      if (!fields_.get(*root, member.key.c_str())) continue;
      if (member.value->kind != json::Kind::kArray) {
        diags_.error("snapshot-bad-value", member.value->location,
                     member.key + " must be an array, found " + json::kindName(member.value->kind));
        continue;
      }
      region.files_with.insert(member.key);
      auto& list = region.elements[member.key];
      for (const json::Node* item : member.value->items) {
        if (item->isObject()) {
          list.push_back(item);
        } else {
          diags_.error(
              "snapshot-bad-value", item->location,
              "an element of " + member.key + " must be an object, found " + json::kindName(item->kind));
        }
      }
    }
    region.documents.push_back(std::move(*document));
  }
}

// Ids other files name, read without diagnostics (the translation reports).
void SnapshotReader::index(RegionIndex& region) {
  auto collect = [&](const char* key, const char* id, std::set<std::string>& into) {
    for (const json::Node* element : region.of(key)) {
      const json::Node* value = fields_.get(*element, id);
      if (value && value->isString()) into.insert(value->text);
    }
  };
  collect("Vpcs", "VpcId", region.vpcs);
  collect("SecurityGroups", "GroupId", region.security_groups);
  for (const json::Node* element : region.of("TransitGateways")) {
    const json::Node* value = fields_.get(*element, "TransitGatewayId");
    const json::Node* state = fields_.get(*element, "State");
    bool counts =
        !state || !state->isString() || state->text == "available" || state->text == "modifying";
    if (value && value->isString() && counts) region.transit_gateways.insert(value->text);
  }
  collect("PrefixLists", "PrefixListId", region.prefix_lists);
  for (const json::Node* reservation : region.of("Reservations")) {
    const json::Node* instances = fields_.get(*reservation, "Instances");
    if (!instances || !instances->isArray()) continue;
    for (const json::Node* instance : instances->items) {
      const json::Node* id = fields_.get(*instance, "InstanceId");
      if (!id || !id->isString()) continue;
      region.listed_instances.insert(id->text);
      const json::Node* state = fields_.get(*instance, "State");
      const json::Node* name = state ? fields_.get(*state, "Name") : nullptr;
      if (name && name->isString() && name->text == "running")
        region.running_instances.insert(id->text);
    }
  }
  for (const json::Node* endpoint : region.of("VpcEndpoints")) {
    const json::Node* id = fields_.get(*endpoint, "VpcEndpointId");
    const json::Node* type = fields_.get(*endpoint, "VpcEndpointType");
    if (id && id->isString())
      region.vpc_endpoints[id->text] = type && type->isString() ? type->text : "";
  }
}

aws::Ref SnapshotReader::ref(const std::optional<aws::Text>& text) const {
  return text ? ref(*text) : aws::Ref{};
}

Provenance SnapshotReader::provenance(const json::Node& object, const aws::Text& cloud_id,
                                      const std::string& cloud_name) const {
  Provenance provenance;
  provenance.location = object.location;
  provenance.address = id(cloud_id);
  provenance.cloud_id = cloud_id.value;
  provenance.cloud_name = cloud_name;
  return provenance;
}

const RegionIndex* SnapshotReader::regionOf(const std::string& account,
                                            const std::string& region) const {
  for (const auto& candidate : regions_) {
    if (candidate->folder.account == account && candidate->folder.region == region)
      return candidate.get();
  }
  return nullptr;
}

aws::Ref SnapshotReader::outsideGateway(const aws::Text& target, RouteTargetKind kind) {
  std::string name = id(target);
  if (outside_gateways_.insert(name).second) {
    aws::GatewaySpec spec;
    spec.provenance = {target.location, name, target.value, ""};
    spec.name = name;
    spec.kind = kind;
    out_.gateways.push_back(spec);
  }
  return {name, target.location};
}

void SnapshotReader::uncertain(const SourceLocation& where, const std::string& description,
                               const std::string& effect, const aws::Ref& vpc) {
  diags_.warning("snapshot-uncertain", where, description + ": " + effect);
  out_.uncertainties.push_back({{description, where}, effect, vpc});
}

void SnapshotReader::read(const std::vector<RegionFolder>& regions) {
  bool qualify = regions.size() > 1;
  for (const RegionFolder& folder : regions) {
    auto region = std::make_unique<RegionIndex>();
    region->folder = folder;
    if (qualify) region->prefix = folder.account + "/" + folder.region + "/";
    parse(*region);
    index(*region);
    for (const SnapshotFile& file : folder.files) out_.files.push_back(file.path);
    regions_.push_back(std::move(region));
  }
  // What other elements name first (in every region: peerings and groups
  // cross them), then what names it.
  for (const auto& region : regions_) {
    region_ = region.get();
    readPrefixLists();
    readVpcs();
    readSubnets();
    readSecurityGroups();
    readNetworkAcls();
    readInternetGateways();
    readNatGateways();
    readPeerings();
    readTransitGateways();
    readVpcEndpoints();
  }
  for (const auto& region : regions_) {
    region_ = region.get();
    interfaces_.clear();
    // Interfaces first: routes name them.
    readNetworkInterfaces();
    readInstances();
    checkAddresses();
    readRouteTables();
    readTransitGatewayRoutes();
    readLoadBalancers();
    readListeners();
    readTargetGroups();
    readTargets();
    readDatabases();
  }
  region_ = nullptr;
}

}  // namespace segproof::snapshot
