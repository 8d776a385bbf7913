// Reading evaluated values, resolving references to instances, and recording
// what unknown values leave out.
#include "frontends/terraform/mapping/mapping_context.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <string_view>

namespace segproof::terraform::mapping {

namespace {

// The VPC attributes that name one of its implicit elements: the type that
// stands for that element, the suffix aws::buildNetwork names it by, and the
// resource that adopts it with the argument naming the VPC's element (`via`:
// the VPC attribute that argument carries).
struct VpcDefault {
  const char* attribute;
  const char* type;
  const char* suffix;
  const char* adopter;
  const char* argument;
  const char* via;
};
constexpr VpcDefault kVpcDefaults[] = {
    {"default_security_group_id", "aws_security_group", "/default-security-group",
     "aws_default_security_group", "vpc_id", "id"},
    {"default_network_acl_id", "aws_network_acl", "/default-network-acl", "aws_default_network_acl",
     "default_network_acl_id", "default_network_acl_id"},
    {"default_route_table_id", "aws_route_table", "/main-route-table", "aws_default_route_table",
     "default_route_table_id", "default_route_table_id"},
    {"main_route_table_id", "aws_route_table", "/main-route-table", "aws_default_route_table",
     "default_route_table_id", "default_route_table_id"},
};

// The transit gateway attributes naming its default route table, which
// aws::buildNetwork adds as "<address>/default-route-table".
constexpr const char* kTgwDefaultTable = "/default-route-table";
constexpr const char* kTgwDefaultTableAttributes[] = {"association_default_route_table_id",
                                                      "propagation_default_route_table_id"};
bool namesTgwDefaultTable(const std::string& attribute) {
  return std::any_of(std::begin(kTgwDefaultTableAttributes), std::end(kTgwDefaultTableAttributes),
                     [&](const char* name) { return attribute == name; });
}

// The cluster security group EKS creates for an aws_eks_cluster, named by
// "<address>.vpc_config[0].cluster_security_group_id".
constexpr const char* kEksClusterGroupAttribute = "cluster_security_group_id";
constexpr std::string_view kEksClusterGroupPath = ".vpc_config[0].cluster_security_group_id";

const VpcDefault* vpcDefaultOf(const std::string& attribute) {
  for (const VpcDefault& entry : kVpcDefaults)
    if (attribute == entry.attribute) return &entry;
  return nullptr;
}

bool contains(Types types, const std::string& type) {
  return std::any_of(types.begin(), types.end(), [&](const char* t) { return type == t; });
}

}  // namespace

AwsMapper::AwsMapper(const Configuration& config, aws::Resources& out, DiagnosticEngine& diags)
    : config_(config), out_(out), diags_(diags), outside_(diags, out, "configuration") {
  for (const ResourceInstance& instance : config_.resources)
    by_address_.emplace(instance.address, &instance);
  // Managed resources before data sources that read the same object.
  for (bool data : {false, true}) {
    for (const ResourceInstance& instance : config_.resources) {
      const EvalAttribute* id = instance.body.attribute("id");
      if (instance.data == data && id && id->value.isString())
        by_id_.emplace(id->value.asString(), std::pair{&instance, "id"});
    }
  }
  // After the ids, so that an adopting resource's own id wins.
  for (const ResourceInstance& instance : config_.resources) {
    if (instance.data) continue;
    if (instance.type == "aws_vpc") {
      for (const VpcDefault& entry : kVpcDefaults) {
        const EvalAttribute* id = instance.body.attribute(entry.attribute);
        if (id && id->value.isString())
          by_id_.emplace(id->value.asString(), std::pair{&instance, entry.attribute});
      }
    }
    if (instance.type == "aws_eks_cluster") {
      // A state gives the id of the cluster security group EKS created.
      const EvalAttribute* vpc_config = instance.body.attribute("vpc_config");
      if (vpc_config && vpc_config->value.isSequence() && !vpc_config->value.items().empty() &&
          vpc_config->value.items().front().isMap()) {
        const hcl::ValueMap& entries = vpc_config->value.items().front().entries();
        auto id = entries.find(kEksClusterGroupAttribute);
        if (id != entries.end() && id->second.isString() && !id->second.asString().empty())
          by_id_.emplace(id->second.asString(), std::pair{&instance, kEksClusterGroupAttribute});
      }
    }
    if (instance.type == "aws_ec2_transit_gateway") {
      for (const char* attribute : kTgwDefaultTableAttributes) {
        const EvalAttribute* id = instance.body.attribute(attribute);
        if (id && id->value.isString() && !id->value.asString().empty())
          by_id_.emplace(id->value.asString(), std::pair{&instance, attribute});
      }
    }
  }
}

void AwsMapper::invalid(const SourceLocation& where, const ResourceInstance& owner,
                        const std::string& message) {
  diags_.error("terraform-invalid", where, owner.address + ": " + message);
}

bool AwsMapper::required(const Fields& fields, const std::string& name,
                         const ResourceInstance& owner) {
  if (fields.get(name)) return true;
  invalid(fields.location(), owner, "missing required argument " + name);
  return false;
}

std::optional<std::string> AwsMapper::scalar(const hcl::Value& value, const SourceLocation& where,
                                             const std::string& what,
                                             const ResourceInstance& owner) {
  if (value.isString() || value.isNumber() || value.isBool()) return hcl::toString(value);
  invalid(where, owner,
          "expected a string for " + what + ", found a " + hcl::valueKindName(value.kind()));
  return std::nullopt;
}

Read<Text> AwsMapper::text(const Fields& fields, const std::string& name,
                           const ResourceInstance& owner) {
  Read<Text> read;
  const hcl::Value* value = fields.get(name);
  if (!value) return read;
  SourceLocation where = fields.where(name);
  if (value->isUnknown()) {
    read.unknown = UnknownValue{value->description(), where};
  } else if (auto written = scalar(*value, where, name, owner)) {
    read.value = Text{*written, where};
  } else {
    read.invalid = true;
  }
  return read;
}

Read<Located<long long>> AwsMapper::integer(const Fields& fields, const std::string& name,
                                            const ResourceInstance& owner) {
  std::string problem;
  auto read = frontends::readInteger(fields.get(name), fields.where(name), name, problem);
  if (read.invalid) invalid(fields.where(name), owner, problem);
  return read;
}

Read<Located<bool>> AwsMapper::flag(const Fields& fields, const std::string& name,
                                    const ResourceInstance& owner) {
  std::string problem;
  auto read = frontends::readFlag(fields.get(name), fields.where(name), name, false, problem);
  if (read.invalid) invalid(fields.where(name), owner, problem);
  return read;
}

const hcl::ValueList* AwsMapper::sequence(const Fields& fields, const std::string& name,
                                          const ResourceInstance& owner,
                                          std::optional<UnknownValue>* unknown) {
  std::string problem;
  const hcl::ValueList* items =
      frontends::readSequence(fields.get(name), fields.where(name), name, unknown, problem);
  if (!problem.empty()) invalid(fields.where(name), owner, problem);
  return items;
}

// Blocks first (also those a `dynamic` block generated), then the attribute
// form `name = [{...}]`, which Terraform offers for the same arguments.
Nested AwsMapper::nested(const Fields& fields, const std::string& name,
                         const ResourceInstance& owner) {
  Nested result;
  if (fields.body()) {
    for (const EvalBlock* block : fields.body()->blocksOf(name))
      result.items.emplace_back(block->body, block->range.location());
  }
  const hcl::ValueList* items = sequence(fields, name, owner, &result.unknown);
  if (!items) return result;
  for (const hcl::Value& item : *items) {
    if (item.isUnknown()) {
      result.unknown = UnknownValue{item.description(), fields.where(name)};
    } else if (item.isMap()) {
      result.items.emplace_back(item.entries(), fields.where(name));
    } else if (!item.isNull()) {
      invalid(fields.where(name), owner,
              "expected objects in " + name + ", found a " + hcl::valueKindName(item.kind()));
    }
  }
  return result;
}

// Unknown tags and tag values are ignored: they carry no reachability meaning.
Tags AwsMapper::tags(const Fields& fields) const {
  Tags out;
  const hcl::Value* value = fields.get("tags");
  if (!value || !value->isMap()) return out;
  for (const auto& [key, item] : value->entries()) {
    if (item.isUnknown() || item.isNull() || item.isSequence() || item.isMap()) continue;
    if (auto written = hcl::toString(item)) out[key] = *written;
  }
  return out;
}

const ResourceInstance* AwsMapper::findInstance(const std::string& address) const {
  auto it = by_address_.find(address);
  return it == by_address_.end() ? nullptr : it->second;
}

// The name aws::buildNetwork gives a VPC's implicit element, or the address
// of the resource that adopts it.
std::string AwsMapper::vpcDefault(const ResourceInstance& vpc, const std::string& attribute) const {
  const VpcDefault* entry = vpcDefaultOf(attribute);
  if (!entry) return vpc.address;
  const EvalAttribute* vpc_value = vpc.body.attribute(entry->via);
  for (const ResourceInstance& instance : config_.resources) {
    if (instance.type != entry->adopter || instance.data || omitted_.count(instance.address))
      continue;
    const EvalAttribute* named = instance.body.attribute(entry->argument);
    if (!named) continue;
    const hcl::Value& value = named->value;
    bool by_reference =
        value.isUnknown() && (value.description() == vpc.address + "." + entry->via ||
                              value.description() == vpc.address + "." + attribute);
    bool by_id = value.isString() && vpc_value && vpc_value->value == value;
    if (by_reference || by_id) return instance.address;
  }
  return vpc.address + entry->suffix;
}

Reference AwsMapper::resolveTo(const ResourceInstance& target, const std::string& attribute,
                               const SourceLocation& where, Types types,
                               const std::string& description) {
  Reference result;
  if (auto absorbed = absorbed_.find(target.address); absorbed != absorbed_.end()) {
    result.kind = Reference::Kind::kResolved;
    result.target = &target;
    result.ref = Ref{absorbed->second, where};
    return result;
  }
  if (auto accepted = tgw_accepters_.find(target.address);
      accepted != tgw_accepters_.end() &&
      (attribute == "id" || attribute == "transit_gateway_attachment_id") &&
      contains(types, "aws_ec2_transit_gateway_peering_attachment")) {
    result.kind = Reference::Kind::kResolved;
    result.target = &target;
    result.ref = Ref{accepted->second, where};
    return result;
  }
  // A transit gateway attachment's transit_gateway_id names its gateway
  // (routes name it so, to wait for the attachment): one step is followed.
  if (!target.data && attribute == "transit_gateway_id" &&
      contains(types, "aws_ec2_transit_gateway") && !following_ &&
      target.type.rfind("aws_ec2_transit_gateway_", 0) == 0) {
    if (const EvalAttribute* named = target.body.attribute(attribute)) {
      following_ = true;
      Reference followed = reference(named->value, where, {"aws_ec2_transit_gateway"}, target);
      following_ = false;
      if (followed.resolved()) return followed;
    }
  }
  if (!target.data && !omitted_.count(target.address)) {
    if (target.type == "aws_vpc") {
      const VpcDefault* entry = vpcDefaultOf(attribute);
      if (entry && contains(types, entry->type)) {
        result.kind = Reference::Kind::kResolved;
        result.target = &target;
        result.ref = Ref{vpcDefault(target, attribute), where};
        return result;
      }
    }
    // Known once the cluster is mapped (before the group rule resources and
    // the interfaces that may name it); earlier references stay unknown.
    if (target.type == "aws_eks_cluster" && attribute == kEksClusterGroupAttribute &&
        contains(types, "aws_security_group")) {
      auto group = eks_cluster_group_.find(target.address);
      if (group != eks_cluster_group_.end()) {
        result.kind = Reference::Kind::kResolved;
        result.target = &target;
        result.ref = Ref{group->second.address, where};
        return result;
      }
    }
    if (target.type == "aws_ec2_transit_gateway" && namesTgwDefaultTable(attribute) &&
        contains(types, "aws_ec2_transit_gateway_route_table")) {
      result.kind = Reference::Kind::kResolved;
      result.target = &target;
      result.ref = Ref{target.address + kTgwDefaultTable, where};
      return result;
    }
    if (contains(types, target.type)) {
      result.kind = Reference::Kind::kResolved;
      result.target = &target;
      result.ref = Ref{target.address, where};
      return result;
    }
  }
  result.kind = Reference::Kind::kUnknown;
  result.unknown = UnknownValue{description, where};
  return result;
}

Reference AwsMapper::reference(const hcl::Value& value, const SourceLocation& where, Types types,
                               const ResourceInstance& owner, bool by_name) {
  Reference result;
  if (value.isNull()) return result;
  if (value.isUnknown()) {
    // "<address>.<attribute>": the address may itself hold dots (module paths,
    // keys), so try each split from the right.
    const std::string& description = value.description();
    if (description.size() > kEksClusterGroupPath.size() &&
        description.compare(description.size() - kEksClusterGroupPath.size(),
                            kEksClusterGroupPath.size(), kEksClusterGroupPath) == 0) {
      std::string cluster = description.substr(0, description.size() - kEksClusterGroupPath.size());
      if (const ResourceInstance* target = findInstance(cluster))
        return resolveTo(*target, kEksClusterGroupAttribute, where, types, description);
    }
    // Only a plain attribute name names the resource: an expression over
    // it ("aws_security_group.app.id != \"\" ? ... : ...") does not.
    auto plainName = [](const std::string& text) {
      return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
      });
    };
    for (size_t dot = description.rfind('.'); dot != std::string::npos && dot > 0;
         dot = description.rfind('.', dot - 1)) {
      std::string attribute = description.substr(dot + 1);
      if (!plainName(attribute)) break;
      if (const ResourceInstance* target = findInstance(description.substr(0, dot)))
        return resolveTo(*target, attribute, where, types, description);
    }
    result.kind = Reference::Kind::kUnknown;
    result.unknown = UnknownValue{description, where};
    return result;
  }
  if (!value.isString()) {
    invalid(
        where, owner,
        std::string("expected a string reference, found a ") + hcl::valueKindName(value.kind()));
    result.kind = Reference::Kind::kInvalid;
    return result;
  }
  const std::string& written = value.asString();
  if (auto it = by_id_.find(written); it != by_id_.end())
    return resolveTo(*it->second.first, it->second.second, where, types, written);
  if (by_name) {
    for (const ResourceInstance& instance : config_.resources) {
      const EvalAttribute* name = instance.body.attribute("name");
      if (!instance.data && contains(types, instance.type) && name &&
          name->value == hcl::Value::string(written))
        return resolveTo(instance, "name", where, types, written);
    }
  }
  result.kind = Reference::Kind::kUnknown;
  result.unknown = UnknownValue{written, where};
  return result;
}

Reference AwsMapper::reference(const Fields& fields, const std::string& name, Types types,
                               const ResourceInstance& owner, bool by_name) {
  const hcl::Value* value = fields.get(name);
  if (!value) return {};
  return reference(*value, fields.where(name), types, owner, by_name);
}

std::optional<Ref> AwsMapper::requiredRef(const Fields& fields, const std::string& name,
                                          Types types, const ResourceInstance& in, const Ref& vpc) {
  Reference found = reference(fields, name, types, in);
  switch (found.kind) {
    case Reference::Kind::kResolved:
      return found.ref;
    case Reference::Kind::kUnknown:
      if (out_.keep_unplaced) return unplaced(in, found.unknown, vpc);
      omit(in, found.unknown, vpc);
      return std::nullopt;
    case Reference::Kind::kAbsent:
      required(fields, name, in);
      // Terraform refuses the resource; lint still judges what it says.
      if (out_.keep_unplaced) return Ref{name + " not given", in.range.location(), true};
      return std::nullopt;
    case Reference::Kind::kInvalid:
      return std::nullopt;
  }
  return std::nullopt;
}

void AwsMapper::uncertain(const UnknownValue& value, const std::string& effect, const Ref& vpc) {
  outside_.uncertain(value, effect, vpc);
}

void AwsMapper::omit(const ResourceInstance& instance, const UnknownValue& value, const Ref& vpc) {
  omitted_.insert(instance.address);
  uncertain(value, instance.address + " is left out", vpc);
}

Ref AwsMapper::unplaced(const ResourceInstance& instance, const UnknownValue& value,
                        const Ref& vpc) {
  uncertain(value, instance.address + " is judged as written, without its place in the network",
            vpc);
  return Ref{value.description, value.location, true};
}

// One allow-all group per outside group and VPC: an interface carrying it may
// be admitted anything and send anything, as far as the input can tell.
Ref AwsMapper::externalGroup(const UnknownValue& value, const Ref& vpc) {
  return outside_.group(value, outsideName(value.description), vpc);
}

std::string AwsMapper::outsideName(const std::string& description) const {
  auto dot = description.rfind('.');
  if (dot != std::string::npos && findInstance(description.substr(0, dot)))
    return description.substr(0, dot);
  return description;
}

namespace {

// The argument holding the name AWS knows a resource by, for the types
// whose name `segproof drift` matches on.
struct CloudNameArgument {
  std::string_view type;
  const char* argument;
};
constexpr CloudNameArgument kCloudNameArguments[] = {
    {"aws_security_group", "name"},
    {"aws_lb", "name"},
    {"aws_alb", "name"},
    {"aws_elb", "name"},
    {"aws_lb_target_group", "name"},
    {"aws_alb_target_group", "name"},
    {"aws_db_instance", "identifier"},
    {"aws_rds_cluster", "cluster_identifier"},
    {"aws_elasticache_cluster", "cluster_id"},
    {"aws_ec2_managed_prefix_list", "name"},
};

// The attribute's value when it is a known string, else "".
std::string knownText(const ResourceInstance& instance, const char* attribute) {
  const EvalAttribute* value = instance.body.attribute(attribute);
  return value && value->value.isString() ? value->value.asString() : "";
}

}  // namespace

Provenance AwsMapper::provenance(const ResourceInstance& instance) const {
  Provenance out{instance.range.location(), instance.address};
  out.cloud_id = knownText(instance, "id");
  for (const CloudNameArgument& entry : kCloudNameArguments) {
    if (entry.type == instance.type) out.cloud_name = knownText(instance, entry.argument);
  }
  return out;
}

Ref AwsMapper::vpcOf(const Ref& element) const {
  if (auto it = vpc_of_.find(element.address); it != vpc_of_.end()) return it->second;
  for (const VpcDefault& entry : kVpcDefaults) {
    const std::string& name = element.address;
    std::string suffix = entry.suffix;
    if (name.size() > suffix.size() &&
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
      return Ref{name.substr(0, name.size() - suffix.size()), element.location};
  }
  return {};
}

}  // namespace segproof::terraform::mapping
