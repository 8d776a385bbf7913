// Reading evaluated properties, resolving Ref and GetAtt to resources of the
// stack, and recording what unknown values leave out.
#include <algorithm>
#include <cctype>
#include <string_view>

#include "frontends/cloudformation/mapping/cfn_mapper.h"

namespace segproof::cloudformation::mapping {

namespace {

bool contains(Types types, const std::string& type) {
  return std::any_of(types.begin(), types.end(), [&](const char* t) { return type == t; });
}

// VPC attributes that name one of its implicit elements (GetAtt
// VPC.DefaultSecurityGroup), with the type that stands for the element and
// the suffix aws::buildNetwork names it by.
struct VpcDefault {
  const char* attribute;
  const char* type;
  const char* suffix;
};
constexpr VpcDefault kVpcDefaults[] = {
    {"DefaultSecurityGroup", "AWS::EC2::SecurityGroup", "/default-security-group"},
    {"DefaultNetworkAcl", "AWS::EC2::NetworkAcl", "/default-network-acl"},
};

// AWS gives every region's default VPC this block
// (docs.aws.amazon.com/vpc/latest/userguide/default-vpc.html).
constexpr const char* kDefaultVpcCidr = "172.31.0.0/16";

}  // namespace

// "Network/WebSG.GroupId" -> {"Network/WebSG", "GroupId"}: logical ids hold
// no dots, GetAtt attributes may ("Endpoint.Address").
// Only a plain attribute names the resource: an expression over a reference
// ("A.Ref != ''") does not, and yields no logical id.
std::pair<std::string, std::string> splitReference(const std::string& description) {
  size_t slash = description.rfind('/');
  size_t dot = description.find('.', slash == std::string::npos ? 0 : slash);
  if (dot == std::string::npos) return {description, ""};
  std::string attribute = description.substr(dot + 1);
  bool plain = !attribute.empty() && std::all_of(attribute.begin(), attribute.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_';
  });
  if (!plain) return {"", ""};
  return {description.substr(0, dot), std::move(attribute)};
}

// The stack gives a list of objects both as the property's value and as one
// block per element; the blocks carry each element's location.
Props::Elements Props::elements(const std::string& name) const {
  Elements out;
  std::vector<const terraform::EvalBlock*> blocks;
  if (body()) blocks = body()->blocksOf(name);
  const hcl::Value* value = get(name);
  if (!value) {
    for (const terraform::EvalBlock* block : blocks)
      out.items.emplace_back(block->body, block->range.location());
    return out;
  }
  if (value->isUnknown()) {
    out.unknown = UnknownValue{value->description(), where(name)};
    return out;
  }
  if (!value->isSequence()) {
    out.invalid = true;
    return out;
  }
  const hcl::ValueList& items = value->items();
  size_t objects = std::count_if(items.begin(), items.end(),
                                 [](const hcl::Value& item) { return item.isMap(); });
  size_t next = 0;
  for (const hcl::Value& item : items) {
    if (item.isUnknown()) {
      out.unknown = UnknownValue{item.description(), where(name)};
    } else if (item.isMap()) {
      if (blocks.size() == objects) {
        out.items.emplace_back(blocks[next]->body, blocks[next]->range.location());
      } else {
        out.items.emplace_back(item.entries(), where(name));
      }
      ++next;
    } else if (!item.isNull()) {
      out.invalid = true;
    }
  }
  return out;
}

CfnMapper::CfnMapper(const Stack& stack, aws::Resources& out, DiagnosticEngine& diags)
    : stack_(stack), out_(out), diags_(diags), outside_(diags, out, "template") {
  for (const Resource& resource : stack_.resources) by_id_.emplace(resource.logical_id, &resource);
}

void CfnMapper::invalid(const SourceLocation& where, const Resource& owner,
                        const std::string& message) {
  diags_.error("cfn-invalid", where, owner.logical_id + " (" + owner.type + "): " + message);
}

bool CfnMapper::required(const Props& props, const std::string& name, const Resource& owner) {
  if (props.get(name)) return true;
  invalid(props.location(), owner, "missing required property " + name);
  return false;
}

Read<Text> CfnMapper::text(const Props& props, const std::string& name, const Resource& owner) {
  Read<Text> read;
  const hcl::Value* value = props.get(name);
  if (!value) return read;
  SourceLocation where = props.where(name);
  if (value->isUnknown()) {
    if (auto known = knownAttribute(value->description())) {
      read.value = Text{*known, where};
    } else {
      read.unknown = UnknownValue{value->description(), where};
    }
  } else if (value->isString() || value->isNumber() || value->isBool()) {
    read.value = Text{*hcl::toString(*value), where};
  } else {
    invalid(where, owner,
            "expected a string for " + name + ", found a " + hcl::valueKindName(value->kind()));
    read.invalid = true;
  }
  return read;
}

// Templates write numbers as numbers or as strings ("443").
Read<Located<long long>> CfnMapper::integer(const Props& props, const std::string& name,
                                            const Resource& owner) {
  std::string problem;
  auto read = frontends::readInteger(props.get(name), props.where(name), name, problem);
  if (read.invalid) invalid(props.where(name), owner, problem);
  return read;
}

// CloudFormation accepts any case: "True", "false".
Read<Located<bool>> CfnMapper::flag(const Props& props, const std::string& name,
                                    const Resource& owner) {
  std::string problem;
  auto read = frontends::readFlag(props.get(name), props.where(name), name, true, problem);
  if (read.invalid) invalid(props.where(name), owner, problem);
  return read;
}

const hcl::ValueList* CfnMapper::sequence(const Props& props, const std::string& name,
                                          const Resource& owner,
                                          std::optional<UnknownValue>* unknown) {
  std::string problem;
  const hcl::ValueList* items =
      frontends::readSequence(props.get(name), props.where(name), name, unknown, problem);
  if (!problem.empty()) invalid(props.where(name), owner, problem);
  return items;
}

Props::Elements CfnMapper::elements(const Props& props, const std::string& name,
                                    const Resource& owner) {
  Props::Elements out = props.elements(name);
  if (out.invalid) invalid(props.where(name), owner, "expected a list of objects for " + name);
  return out;
}

std::optional<Props> CfnMapper::object(const Props& props, const std::string& name,
                                       const Resource& owner,
                                       std::optional<UnknownValue>* unknown) {
  const hcl::Value* value = props.get(name);
  if (!value) return std::nullopt;
  if (value->isUnknown()) {
    *unknown = UnknownValue{value->description(), props.where(name)};
    return std::nullopt;
  }
  if (!value->isMap()) {
    invalid(props.where(name), owner,
            "expected an object for " + name + ", found a " + hcl::valueKindName(value->kind()));
    return std::nullopt;
  }
  return Props(value->entries(), props.where(name));
}

// Tags: [{Key, Value}]. Unknown keys and values carry no reachability meaning.
Tags CfnMapper::tags(const Props& props) const {
  Tags out;
  Props::Elements list = props.elements("Tags");
  for (const Props& tag : list.items) {
    const hcl::Value* key = tag.get("Key");
    const hcl::Value* value = tag.get("Value");
    if (!key || !key->isString()) continue;
    if (!value) {
      out[key->asString()] = "";
    } else if (value->isString() || value->isNumber() || value->isBool()) {
      out[key->asString()] = *hcl::toString(*value);
    }
  }
  return out;
}

// GetAtt Vpc.CidrBlock and Subnet.CidrBlock return the block the template
// writes (rules often admit "the VPC"): known when that block is known.
std::optional<std::string> CfnMapper::knownAttribute(const std::string& description) const {
  auto [id, attribute] = splitReference(description);
  const Resource* target = find(id);
  if (!target || attribute != "CidrBlock" || omitted_.count(id)) return std::nullopt;
  if (target->type != "AWS::EC2::VPC" && target->type != "AWS::EC2::Subnet") return std::nullopt;
  const terraform::EvalAttribute* cidr = target->properties.attribute("CidrBlock");
  if (!cidr || !cidr->value.isString() || cidr->value.asString().empty()) return std::nullopt;
  return cidr->value.asString();
}

const Resource* CfnMapper::find(const std::string& logical_id) const {
  auto it = by_id_.find(logical_id);
  return it == by_id_.end() ? nullptr : it->second;
}

Reference CfnMapper::reference(const hcl::Value& value, const SourceLocation& where, Types types,
                               const Resource& owner, const char* name_property) {
  Reference result;
  if (value.isNull()) return result;
  auto resolved = [&](const Resource* target, std::string address) {
    result.kind = Reference::Kind::kResolved;
    result.target = target;
    result.ref = Ref{std::move(address), where};
    return result;
  };
  auto unknown = [&](const std::string& description) {
    result.kind = Reference::Kind::kUnknown;
    result.unknown = UnknownValue{description, where};
    return result;
  };
  if (value.isUnknown()) {
    const std::string& description = value.description();
    auto [id, attribute] = splitReference(description);
    const Resource* target = find(id);
    if (!target || omitted_.count(id)) return unknown(description);
    if (auto absorbed = absorbed_.find(id); absorbed != absorbed_.end())
      return resolved(target, absorbed->second);
    if (target->type == "AWS::EC2::VPC") {
      for (const VpcDefault& entry : kVpcDefaults) {
        if (attribute == entry.attribute && contains(types, entry.type))
          return resolved(nullptr, id + entry.suffix);
      }
    }
    // Elements AWS creates with a resource, which the mapping adds: an EKS
    // cluster's security group, a transit gateway's default route table.
    if (target->type == "AWS::EKS::Cluster" && attribute == "ClusterSecurityGroupId" &&
        contains(types, "AWS::EC2::SecurityGroup")) {
      auto group = cluster_groups_.find(id);
      if (group == cluster_groups_.end()) return unknown(description);
      return resolved(nullptr, group->second.address);
    }
    if (target->type == "AWS::EC2::TransitGateway" &&
        (attribute == "AssociationDefaultRouteTableId" ||
         attribute == "PropagationDefaultRouteTableId") &&
        contains(types, "AWS::EC2::TransitGatewayRouteTable")) {
      auto table = tgw_default_table_.find(id);
      if (table == tgw_default_table_.end()) return unknown(description);
      return resolved(nullptr, table->second);
    }
    // GetAtt Subnet.VpcId (or SecurityGroup.VpcId...): the VPC that resource
    // names, followed through a few such steps (a cycle is no VPC).
    if (attribute == "VpcId" && target->type != "AWS::EC2::VPC" &&
        contains(types, "AWS::EC2::VPC")) {
      const Resource* current = target;
      for (int step = 0; step < 8 && current; ++step) {
        const terraform::EvalAttribute* named = current->properties.attribute("VpcId");
        if (!named || !named->value.isUnknown()) break;
        auto [next_id, next_attribute] = splitReference(named->value.description());
        current = find(next_id);
        if (!current || omitted_.count(next_id)) break;
        if (current->type == "AWS::EC2::VPC") return resolved(current, next_id);
        if (next_attribute != "VpcId") break;
      }
      return unknown(description);
    }
    if (contains(types, target->type)) return resolved(target, id);
    return unknown(description);
  }
  if (!value.isString()) {
    invalid(
        where, owner,
        std::string("expected a string reference, found a ") + hcl::valueKindName(value.kind()));
    result.kind = Reference::Kind::kInvalid;
    return result;
  }
  const std::string& written = value.asString();
  if (name_property) {
    for (const Resource& resource : stack_.resources) {
      if (!contains(types, resource.type) || omitted_.count(resource.logical_id)) continue;
      const terraform::EvalAttribute* name = resource.properties.attribute(name_property);
      if (name && name->value == hcl::Value::string(written))
        return resolved(&resource, resource.logical_id);
    }
  }
  return unknown(written);
}

Reference CfnMapper::reference(const Props& props, const std::string& name, Types types,
                               const Resource& owner, const char* name_property) {
  const hcl::Value* value = props.get(name);
  if (!value) return {};
  return reference(*value, props.where(name), types, owner, name_property);
}

std::optional<Ref> CfnMapper::requiredRef(const Props& props, const std::string& name, Types types,
                                          const Resource& in, const Ref& vpc) {
  Reference found = reference(props, name, types, in);
  switch (found.kind) {
    case Reference::Kind::kResolved:
      return found.ref;
    case Reference::Kind::kUnknown:
      if (out_.keep_unplaced) return unplaced(in, found.unknown, vpc);
      omit(in, found.unknown, vpc);
      return std::nullopt;
    case Reference::Kind::kAbsent:
      required(props, name, in);
      // CloudFormation refuses the resource; lint still judges what it says.
      if (out_.keep_unplaced) return Ref{name + " not given", in.location, true};
      return std::nullopt;
    case Reference::Kind::kInvalid:
      return std::nullopt;
  }
  return std::nullopt;
}

void CfnMapper::uncertain(const UnknownValue& value, const std::string& effect, const Ref& vpc) {
  outside_.uncertain(value, effect, vpc);
}

void CfnMapper::omit(const Resource& in, const UnknownValue& value, const Ref& vpc) {
  omitted_.insert(in.logical_id);
  uncertain(value, in.logical_id + " is left out", vpc);
}

Ref CfnMapper::unplaced(const Resource& in, const UnknownValue& value, const Ref& vpc) {
  uncertain(value, in.logical_id + " is judged as written, without its place in the network",
            vpc);
  return Ref{value.description, value.location, true};
}

// One allow-all group per outside group and VPC: an interface carrying it may
// be admitted anything and send anything, as far as the template tells.
Ref CfnMapper::externalGroup(const UnknownValue& value, const Ref& vpc) {
  return outside_.group(value, outsideName(value.description), vpc);
}

// A gateway the template names but does not describe (a transit gateway, an
// endpoint, "vgw-0abc"): a synthetic gateway leading out of the model.
Ref CfnMapper::externalGateway(const UnknownValue& value, RouteTargetKind kind) {
  return outside_.gateway(value, outsideName(value.description), kind);
}

std::string CfnMapper::outsideName(const std::string& description) const {
  auto [id, attribute] = splitReference(description);
  return !attribute.empty() && find(id) ? id : description;
}

namespace {

// The property holding the name AWS knows a resource by, for the types
// whose name `segproof drift` matches on (docs/drift.md).
struct CloudNameProperty {
  std::string_view type;
  const char* property;
};
constexpr CloudNameProperty kCloudNameProperties[] = {
    {"AWS::EC2::SecurityGroup", "GroupName"},
    {"AWS::ElasticLoadBalancingV2::LoadBalancer", "Name"},
    {"AWS::ElasticLoadBalancingV2::TargetGroup", "Name"},
    {"AWS::ElasticLoadBalancing::LoadBalancer", "LoadBalancerName"},
    {"AWS::RDS::DBInstance", "DBInstanceIdentifier"},
    {"AWS::RDS::DBCluster", "DBClusterIdentifier"},
    {"AWS::EC2::PrefixList", "PrefixListName"},
};

}  // namespace

Provenance CfnMapper::provenance(const Resource& in) const {
  Provenance out{in.location, in.logical_id};
  for (const CloudNameProperty& entry : kCloudNameProperties) {
    if (entry.type != in.type) continue;
    const terraform::EvalAttribute* name = in.properties.attribute(entry.property);
    if (name && name->value.isString()) out.cloud_name = name->value.asString();
  }
  return out;
}

Ref CfnMapper::vpcOf(const Ref& element) const {
  if (auto it = vpc_of_.find(element.address); it != vpc_of_.end()) return it->second;
  const std::string& name = element.address;
  for (const VpcDefault& entry : kVpcDefaults) {
    std::string suffix = entry.suffix;
    if (name.size() > suffix.size() &&
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
      return Ref{name.substr(0, name.size() - suffix.size()), element.location};
  }
  return {};
}

// A security group without VpcId lives in the region's default VPC, which
// the template does not describe: added once with AWS's fixed block.
Ref CfnMapper::defaultVpc(const Resource& user) {
  if (default_vpc_.empty()) {
    default_vpc_ = "default VPC";
    aws::VpcSpec spec;
    spec.provenance = {user.location, default_vpc_};
    spec.name = default_vpc_;
    spec.cidrs.push_back(Text{kDefaultVpcCidr, user.location});
    out_.vpcs.push_back(std::move(spec));
    diags_.note("cfn-default-vpc", user.location,
                user.logical_id +
                    " names no VpcId: AWS creates it in the region's default VPC, "
                    "which segproof adds as \"default VPC\" (172.31.0.0/16)");
  }
  return Ref{default_vpc_, user.location};
}

}  // namespace segproof::cloudformation::mapping
