// Load balancers (LoadBalancers.json, Listeners.json, TargetGroups.json,
// TargetHealth.json), databases (DBInstances.json), VPC endpoints
// (VpcEndpoints.json) and prefix lists (PrefixLists.json,
// PrefixListEntries.json).
#include "frontends/snapshot/snapshot_reader.h"

namespace segproof::snapshot {

namespace {

// Target health states that still receive traffic: a failing health check
// is not a security boundary. "unused" targets (not registered, stopped, in
// a zone the load balancer does not use) receive nothing.
bool targetCounts(const std::string& state) { return state != "unused"; }

}  // namespace

void SnapshotReader::readLoadBalancers() {
  for (const json::Node* element : region_->of("LoadBalancers")) {
    const char* what = "load balancer";
    auto arn = fields_.text(*element, "LoadBalancerArn", what, true);
    auto lb_name = fields_.text(*element, "LoadBalancerName", what, true);
    if (!arn || !lb_name) continue;
    if (const json::Node* state = fields_.object(*element, "State", what)) {
      auto code = fields_.text(*state, "Code", what);
      if (code && code->value != "active" && code->value != "active_impaired") continue;
    }
    aws::LoadBalancerSpec spec;
    spec.provenance = {element->location, arn->value, arn->value, lb_name->value};
    spec.name = id(*lb_name);
    auto type = fields_.text(*element, "Type", what);
    if (type && type->value == "network") spec.kind = LoadBalancerKind::kNetwork;
    if (type && type->value == "gateway") spec.kind = LoadBalancerKind::kGateway;
    auto scheme = fields_.text(*element, "Scheme", what);
    spec.internet_facing = !scheme || scheme->value == "internet-facing";
    if (scheme) spec.scheme_location = scheme->location;
    for (const json::Node* zone : fields_.objects(*element, "AvailabilityZones", what)) {
      if (auto subnet = fields_.text(*zone, "SubnetId", "load balancer zone", true))
        spec.subnets.push_back(ref(*subnet));
    }
    for (const aws::Text& group : fields_.strings(*element, "SecurityGroups", what))
      spec.security_groups.push_back(ref(group));
    auto address_type = fields_.text(*element, "IpAddressType", what);
    if (address_type && address_type->value.rfind("dualstack", 0) == 0)
      spec.dual_stack = address_type->location;
    out_.load_balancers.push_back(std::move(spec));
  }
}

void SnapshotReader::readListeners() {
  for (const json::Node* element : region_->of("Listeners")) {
    const char* what = "listener";
    auto lb = fields_.text(*element, "LoadBalancerArn", what, true);
    if (!lb) continue;
    auto arn = fields_.text(*element, "ListenerArn", what);
    aws::ListenerSpec spec;
    spec.provenance = {element->location, arn ? arn->value : lb->value, arn ? arn->value : "", ""};
    spec.load_balancer = {lb->value, lb->location};
    if (auto protocol = fields_.text(*element, "Protocol", what)) spec.protocol = *protocol;
    spec.port = fields_.integer(*element, "Port", what);
    auto forward = [&](const aws::Text& group) {
      for (const aws::Ref& known : spec.target_groups)
        if (known.address == group.value) return;
      spec.target_groups.push_back({group.value, group.location});
    };
    for (const json::Node* action : fields_.objects(*element, "DefaultActions", what)) {
      auto type = fields_.text(*action, "Type", "listener action", true);
      if (!type || type->value != "forward") continue;
      if (auto group = fields_.text(*action, "TargetGroupArn", "listener action")) forward(*group);
      if (const json::Node* config = fields_.object(*action, "ForwardConfig", "listener action")) {
        for (const json::Node* target :
             fields_.objects(*config, "TargetGroups", "listener action")) {
          if (auto group = fields_.text(*target, "TargetGroupArn", "listener action", true))
            forward(*group);
        }
      }
    }
    out_.listeners.push_back(std::move(spec));
  }
}

void SnapshotReader::readTargetGroups() {
  for (const json::Node* element : region_->of("TargetGroups")) {
    const char* what = "target group";
    auto arn = fields_.text(*element, "TargetGroupArn", what, true);
    auto group_name = fields_.text(*element, "TargetGroupName", what, true);
    if (!arn || !group_name) continue;
    aws::TargetGroupSpec spec;
    spec.provenance = {element->location, arn->value, arn->value, group_name->value};
    spec.name = id(*group_name);
    if (auto protocol = fields_.text(*element, "Protocol", what)) spec.protocol = *protocol;
    spec.port = fields_.integer(*element, "Port", what);
    if (auto type = fields_.text(*element, "TargetType", what)) spec.target_type = *type;
    if (auto vpc = fields_.text(*element, "VpcId", what)) spec.vpc = ref(*vpc);
    // preserve_client_ip comes from attributes not collected: AWS's default
    // (on for instance targets of network load balancers).
    spec.preserve_client_ip = false;
    out_.target_groups.push_back(std::move(spec));
  }
}

void SnapshotReader::readTargets() {
  std::map<std::string, std::string> target_types;  // group ARN -> TargetType
  for (const json::Node* element : region_->of("TargetGroups")) {
    const json::Node* arn = fields_.get(*element, "TargetGroupArn");
    const json::Node* type = fields_.get(*element, "TargetType");
    if (arn && arn->isString())
      target_types[arn->text] = type && type->isString() ? type->text : "instance";
  }
  for (const json::Node* element : region_->of("TargetHealth")) {
    const char* what = "target health";
    auto group = fields_.text(*element, "TargetGroupArn", what, true);
    if (!group) continue;
    const std::string& type = target_types[group->value];
    for (const json::Node* description :
         fields_.objects(*element, "TargetHealthDescriptions", what)) {
      const json::Node* target = fields_.object(*description, "Target", what);
      if (!target) {
        fields_.missing(*description, "Target", what);
        continue;
      }
      auto target_id = fields_.text(*target, "Id", "target", true);
      if (!target_id) continue;
      if (const json::Node* health = fields_.object(*description, "TargetHealth", what)) {
        auto state = fields_.text(*health, "State", what);
        if (state && !targetCounts(state->value)) continue;
      }
      aws::TargetSpec spec;
      spec.provenance = {description->location, group->value, group->value, ""};
      spec.target_group = {group->value, group->location};
      spec.port = fields_.integer(*target, "Port", "target");
      if (type == "ip") {
        spec.ip = *target_id;
      } else if (type == "lambda") {
        diags_.note("snapshot-not-modelled", target_id->location,
                    "Lambda target " + target_id->value + " is not collected: not analysed");
        continue;
      } else if (type == "alb") {
        spec.target = {target_id->value, target_id->location};
      } else {
        // An instance that does not count receives nothing.
        if (region_->has("Reservations") && !region_->running_instances.count(target_id->value))
          continue;
        spec.target = ref(*target_id);
      }
      out_.targets.push_back(std::move(spec));
    }
  }
}

void SnapshotReader::readDatabases() {
  for (const json::Node* element : region_->of("DBInstances")) {
    const char* what = "DB instance";
    auto identifier = fields_.text(*element, "DBInstanceIdentifier", what, true);
    auto status = fields_.text(*element, "DBInstanceStatus", what, true);
    if (!identifier || !status || !databaseServes(status->value)) continue;
    aws::ServiceSpec spec;
    spec.provenance = provenance(*element, *identifier, identifier->value);
    spec.name = id(*identifier);
    spec.kind = EndpointKind::kDatabase;
    const json::Node* group = fields_.object(*element, "DBSubnetGroup", what);
    if (!group) {
      fields_.missing(*element, "DBSubnetGroup", what);
      continue;
    }
    for (const json::Node* subnet : fields_.objects(*group, "Subnets", "DB subnet group")) {
      if (auto subnet_id = fields_.text(*subnet, "SubnetIdentifier", "DB subnet", true))
        spec.subnets.push_back(ref(*subnet_id));
    }
    for (const json::Node* sg : fields_.objects(*element, "VpcSecurityGroups", what)) {
      auto sg_id = fields_.text(*sg, "VpcSecurityGroupId", "DB security group", true);
      auto sg_status = fields_.text(*sg, "Status", "DB security group");
      if (sg_id && (!sg_status || sg_status->value == "active"))
        spec.security_groups.push_back(ref(*sg_id));
    }
    auto is_public = fields_.flag(*element, "PubliclyAccessible", what);
    spec.publicly_accessible = is_public && is_public->value;
    if (const json::Node* endpoint = fields_.object(*element, "Endpoint", what))
      spec.port = fields_.integer(*endpoint, "Port", what);
    auto network = fields_.text(*element, "NetworkType", what);
    if (network && network->value == "DUAL")
      spec.ipv6 = {aws::ServiceIpv6::kDualStack, network->location};
    spec.tags = fields_.tags(*element, "TagList");
    out_.services.push_back(std::move(spec));
  }
}

// Gateway endpoints are route targets; interface endpoints have interfaces
// in their subnets; gateway load balancer endpoints are not analysed (routes
// to them leave the model).
void SnapshotReader::readVpcEndpoints() {
  const char* what = "VPC endpoint";
  for (const json::Node* element : region_->of("VpcEndpoints")) {
    auto endpoint_id = fields_.text(*element, "VpcEndpointId", what, true);
    auto type = fields_.text(*element, "VpcEndpointType", what, true);
    auto vpc = fields_.text(*element, "VpcId", what, true);
    if (!endpoint_id || !type || !vpc) continue;
    auto state = fields_.text(*element, "State", what);
    if (state && state->value != "available") continue;
    if (type->value == "Gateway") {
      aws::GatewaySpec spec;
      spec.provenance = provenance(*element, *endpoint_id);
      spec.name = id(*endpoint_id);
      spec.kind = RouteTargetKind::kVpcEndpoint;
      spec.vpc = ref(*vpc);
      spec.tags = fields_.tags(*element);
      out_.gateways.push_back(std::move(spec));
    } else if (type->value == "Interface") {
      aws::ServiceSpec spec;
      spec.provenance = provenance(*element, *endpoint_id);
      spec.name = id(*endpoint_id);
      spec.kind = EndpointKind::kVpcEndpoint;
      for (const aws::Text& subnet : fields_.strings(*element, "SubnetIds", what))
        spec.subnets.push_back(ref(subnet));
      for (const json::Node* group : fields_.objects(*element, "Groups", what)) {
        if (auto group_id = fields_.text(*group, "GroupId", "endpoint security group", true))
          spec.security_groups.push_back(ref(*group_id));
      }
      spec.tags = fields_.tags(*element);
      if (!spec.subnets.empty()) out_.services.push_back(std::move(spec));
    }
  }
}

// AWS-managed lists (owner "AWS") stand for AWS services, which are not
// analysed: their content is not known, as for the IaC frontends.
void SnapshotReader::readPrefixLists() {
  const char* what = "prefix list";
  std::map<std::string, const json::Node*> entries;
  for (const json::Node* element : region_->of("PrefixListEntries")) {
    if (auto list_id = fields_.text(*element, "PrefixListId", "prefix list entries", true))
      entries[list_id->value] = element;
  }
  for (const json::Node* element : region_->of("PrefixLists")) {
    auto list_id = fields_.text(*element, "PrefixListId", what, true);
    if (!list_id) continue;
    auto list_name = fields_.text(*element, "PrefixListName", what);
    auto owner = fields_.text(*element, "OwnerId", what);
    aws::PrefixListSpec spec;
    spec.provenance = provenance(*element, *list_id, list_name ? list_name->value : "");
    spec.name = id(*list_id);
    bool aws_managed = owner && owner->value == "AWS";
    bool old_form = fields_.get(*element, "Cidrs") != nullptr;
    auto listed = entries.find(list_id->value);
    if (aws_managed) {
      spec.content_known = false;
    } else if (old_form) {
      spec.entries = fields_.strings(*element, "Cidrs", what);
    } else if (listed != entries.end()) {
      for (const json::Node* entry : fields_.objects(*listed->second, "Entries", what)) {
        if (auto cidr = fields_.text(*entry, "Cidr", "prefix list entry", true))
          spec.entries.push_back(*cidr);
      }
    } else {
      diags_.warning("snapshot-uncertain", element->location,
                     "prefix list " + list_id->value +
                         ": its entries are not in the snapshot (PrefixListEntries.json); its "
                         "content is not known");
      spec.content_known = false;
    }
    out_.prefix_lists.push_back(std::move(spec));
  }
}

}  // namespace segproof::snapshot
