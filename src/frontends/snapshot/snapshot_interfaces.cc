// Instances and network interfaces (Reservations.json,
// NetworkInterfaces.json) and Elastic IPs (Addresses.json).
//
// An instance counts only while running; its interfaces go with it. Its
// primary interface (device index 0) is the Interface named after the
// instance. Either file alone describes instance interfaces; when both do,
// NetworkInterfaces.json wins, with a "snapshot-disagreement" warning where
// they differ. Requester-managed interfaces (load balancer nodes, NAT and
// transit gateway interfaces, databases, interface endpoints) are built by
// their service's file; those of services whose file the snapshot lacks
// (Lambda, ECS, ElastiCache...) are interfaces of their own (builder()).
#include <algorithm>

#include "frontends/snapshot/snapshot_reader.h"

namespace segproof::snapshot {

// What one interface element says (either file's form).
struct InterfaceView {
  const json::Node* node = nullptr;
  std::optional<aws::Text> id;
  std::optional<aws::Text> subnet;
  std::vector<aws::Text> private_ips;  // the primary first
  std::vector<aws::Text> ipv6;
  std::vector<aws::Text> groups;
  std::optional<aws::Text> public_ip;
  bool elastic = false;
  std::optional<aws::Located<bool>> source_dest_check;
  std::optional<aws::Text> instance;
  long long device_index = 0;
  bool requester_managed = false;
  // The snapshot file whose elements build this requester-managed
  // interface ("LoadBalancers", "DBInstances"...), "" when none does; see
  // builder().
  std::string built_by;
  Tags tags;
};

namespace {

// Which file's elements build a requester-managed interface: NAT and
// transit gateway interfaces are the gateways' own ("NatGateways"); load
// balancer nodes, database interfaces and interface endpoints are built
// from their service's element, when the snapshot has that file. Other
// services' interfaces (Lambda, ECS tasks, ElastiCache, EFS... whose
// describe calls are not collected) are endpoints of their own, with the
// addresses and groups listed here: "".
std::string builder(FieldReader& fields, const json::Node& node) {
  const char* what = "network interface";
  auto text = [&](const char* key) {
    auto value = fields.text(node, key, what);
    return value ? value->value : std::string();
  };
  std::string type = text("InterfaceType");
  std::string requester = text("RequesterId");
  std::string description = text("Description");
  if (type == "nat_gateway" || type == "natGateway") return "NatGateways";
  if (type == "transit_gateway") return "TransitGatewayAttachments";
  if (type == "vpc_endpoint" || type == "gateway_load_balancer_endpoint") return "VpcEndpoints";
  if (type == "network_load_balancer" || type == "gateway_load_balancer" || type == "load_balancer" ||
      requester == "amazon-elb" || description.rfind("ELB ", 0) == 0)
    return "LoadBalancers";
  if (requester == "amazon-rds" || description == "RDSNetworkInterface") return "DBInstances";
  return "";
}

InterfaceView readView(FieldReader& fields, const json::Node& node) {
  const char* what = "network interface";
  InterfaceView view;
  view.node = &node;
  view.id = fields.text(node, "NetworkInterfaceId", what, true);
  view.subnet = fields.text(node, "SubnetId", what);
  for (const json::Node* address : fields.objects(node, "PrivateIpAddresses", what)) {
    auto ip = fields.text(*address, "PrivateIpAddress", "private IP address", true);
    if (!ip) continue;
    auto primary = fields.flag(*address, "Primary", "private IP address");
    auto at = primary && primary->value ? view.private_ips.begin() : view.private_ips.end();
    view.private_ips.insert(at, *ip);
  }
  if (view.private_ips.empty()) {
    if (auto ip = fields.text(node, "PrivateIpAddress", what)) view.private_ips.push_back(*ip);
  }
  for (const json::Node* address : fields.objects(node, "Ipv6Addresses", what)) {
    if (auto ip = fields.text(*address, "Ipv6Address", "IPv6 address", true))
      view.ipv6.push_back(*ip);
  }
  for (const json::Node* group : fields.objects(node, "Groups", what)) {
    if (auto id = fields.text(*group, "GroupId", "interface security group", true))
      view.groups.push_back(*id);
  }
  if (const json::Node* association = fields.object(node, "Association", what)) {
    view.public_ip = fields.text(*association, "PublicIp", "interface association");
    view.elastic = fields.get(*association, "AllocationId") != nullptr;
  }
  view.source_dest_check = fields.flag(node, "SourceDestCheck", what);
  if (const json::Node* attachment = fields.object(node, "Attachment", what)) {
    view.instance = fields.text(*attachment, "InstanceId", "interface attachment");
    if (auto index = fields.integer(*attachment, "DeviceIndex", "interface attachment"))
      view.device_index = index->value;
  }
  auto managed = fields.flag(node, "RequesterManaged", what);
  view.requester_managed = managed && managed->value;
  if (view.requester_managed) view.built_by = builder(fields, node);
  view.tags = fields.tags(node, "TagSet");
  return view;
}

std::vector<std::string> sorted(const std::vector<aws::Text>& texts) {
  std::vector<std::string> values;
  for (const aws::Text& text : texts) values.push_back(text.value);
  std::sort(values.begin(), values.end());
  return values;
}

// What differs between two views of one interface, or "".
std::string differences(const InterfaceView& a, const InterfaceView& b) {
  std::string out;
  auto add = [&](const char* what) { out.append(out.empty() ? "" : ", ").append(what); };
  if (sorted(a.private_ips) != sorted(b.private_ips)) add("private addresses");
  if (sorted(a.ipv6) != sorted(b.ipv6)) add("IPv6 addresses");
  if (sorted(a.groups) != sorted(b.groups)) add("security groups");
  if ((a.public_ip ? a.public_ip->value : "") != (b.public_ip ? b.public_ip->value : ""))
    add("public address");
  if ((a.subnet ? a.subnet->value : "") != (b.subnet ? b.subnet->value : "")) add("subnet");
  return out;
}

// The interfaces of a running instance: as NetworkInterfaces.json
// (`listed`) describes them, else as the instance does, with a warning where
// the two differ; empty when neither lists any.
std::vector<InterfaceView> instanceViews(FieldReader& fields, DiagnosticEngine& diags,
                                         const std::map<std::string, const json::Node*>& listed,
                                         const json::Node& instance,
                                         const std::string& instance_id) {
  std::vector<InterfaceView> views;
  std::set<std::string> seen;
  for (const json::Node* eni : fields.objects(instance, "NetworkInterfaces", "instance")) {
    InterfaceView own = readView(fields, *eni);
    if (!own.id) continue;
    seen.insert(own.id->value);
    auto found = listed.find(own.id->value);
    if (found == listed.end()) {
      views.push_back(own);
      continue;
    }
    InterfaceView view = readView(fields, *found->second);
    std::string differ = differences(view, own);
    if (!differ.empty()) {
      diags.warning("snapshot-disagreement", found->second->location,
                    "network interface " + own.id->value +
                        " differs between NetworkInterfaces.json and Reservations.json (" + differ +
                        "); NetworkInterfaces.json is read");
    }
    views.push_back(view);
  }
  for (const auto& [eni, node] : listed) {
    if (seen.count(eni)) continue;
    InterfaceView view = readView(fields, *node);
    if (view.instance && view.instance->value == instance_id) views.push_back(view);
  }
  return views;
}

}  // namespace

void SnapshotReader::readNetworkInterfaces() {
  bool have_reservations = region_->has("Reservations");
  for (const json::Node* element : region_->of("NetworkInterfaces")) {
    InterfaceView view = readView(fields_, *element);
    if (!view.id) continue;
    // Gateways' interfaces are never endpoints; a service's are built by
    // its own file when the snapshot has it, else they stand here.
    if (view.requester_managed && !view.built_by.empty() &&
        (region_->has(view.built_by) || view.built_by == "NatGateways" ||
         view.built_by == "TransitGatewayAttachments"))
      continue;
    std::string name = id(*view.id);
    if (view.instance && have_reservations) {
      // Reservations.json says whether the instance counts; readInstances
      // builds the interfaces of those that do, from this element.
      if (region_->running_instances.count(view.instance->value)) {
        interfaces_[view.id->value] = element;
      } else {
        interface_names_[name] = "";
      }
      continue;
    }
    if (!view.subnet) {
      fields_.missing(*element, "SubnetId", "network interface");
      continue;
    }
    if (view.instance && view.device_index == 0) {
      // Without Reservations.json the interface stands for its instance,
      // whose state the snapshot does not say: it counts.
      addInstance(*element, *view.instance, &view, view.tags);
      continue;
    }
    addInterface(view, view.instance ? ref(*view.instance) : aws::Ref{});
  }
}

void SnapshotReader::readInstances() {
  const char* what = "instance";
  for (const json::Node* reservation : region_->of("Reservations")) {
    for (const json::Node* element : fields_.objects(*reservation, "Instances", "reservation")) {
      auto instance_id = fields_.text(*element, "InstanceId", what, true);
      if (!instance_id || !region_->running_instances.count(instance_id->value)) continue;
      std::vector<InterfaceView> views =
          instanceViews(fields_, diags_, interfaces_, *element, instance_id->value);
      auto primary = std::find_if(views.begin(), views.end(),
                                  [](const InterfaceView& v) { return v.device_index == 0; });
      addInstance(*element, *instance_id, primary == views.end() ? nullptr : &*primary,
                  fields_.tags(*element));
      for (auto view = views.begin(); view != views.end(); ++view) {
        if (view != primary) addInterface(*view, ref(*instance_id));
      }
    }
  }
}

// The instance `instance_id` at `element`, whose primary interface
// `primary` describes (nullptr: the instance element's own fields).
void SnapshotReader::addInstance(const json::Node& element, const aws::Text& instance_id,
                                 const InterfaceView* primary, Tags tags) {
  const char* what = "instance";
  aws::InstanceSpec spec;
  spec.provenance = provenance(element, instance_id);
  spec.name = id(instance_id);
  spec.tags = std::move(tags);
  auto check = fields_.flag(element, "SourceDestCheck", what);
  spec.source_dest_check = !check || check->value;
  std::optional<aws::Text> subnet;
  std::optional<aws::Text> public_ip;
  bool elastic = false;
  std::vector<aws::Text> groups;
  if (primary) {
    subnet = primary->subnet;
    spec.private_ips = primary->private_ips;
    spec.ipv6.addresses = primary->ipv6;
    groups = primary->groups;
    public_ip = primary->public_ip;
    elastic = primary->elastic;
    if (primary->source_dest_check) spec.source_dest_check = primary->source_dest_check->value;
    interface_names_[id(*primary->id)] = spec.name;
  } else {
    if (auto ip = fields_.text(element, "PrivateIpAddress", what)) spec.private_ips.push_back(*ip);
    public_ip = fields_.text(element, "PublicIpAddress", what);
    for (const json::Node* group : fields_.objects(element, "SecurityGroups", what)) {
      if (auto group_id = fields_.text(*group, "GroupId", "instance security group", true))
        groups.push_back(*group_id);
    }
  }
  if (!subnet) subnet = fields_.text(element, "SubnetId", what);
  if (!subnet) {
    fields_.missing(element, "SubnetId", what);
    return;
  }
  spec.subnet = ref(*subnet);
  // What the snapshot shows is all there is: no address the subnet would add.
  spec.ipv6.count = aws::Located<long long>{0, element.location};
  for (const aws::Text& group : groups) spec.security_groups.push_back(ref(group));
  if (public_ip) {
    spec.public_ip.address = public_ip;
    spec.public_ip.elastic = elastic;
  } else {
    spec.public_ip.associate = aws::Located<bool>{false, element.location};
  }
  public_ips_[spec.name] = public_ip ? public_ip->value : "";
  out_.instances.push_back(std::move(spec));
}

// A standalone interface, or one attached to `instance` other than its
// primary one.
void SnapshotReader::addInterface(const InterfaceView& view, const aws::Ref& instance) {
  if (!view.subnet) {
    fields_.missing(*view.node, "SubnetId", "network interface");
    return;
  }
  aws::NetworkInterfaceSpec spec;
  spec.provenance = provenance(*view.node, *view.id);
  spec.name = id(*view.id);
  spec.subnet = ref(*view.subnet);
  spec.private_ips = view.private_ips;
  spec.ipv6 = {view.ipv6, aws::Located<long long>{0, view.node->location}};
  for (const aws::Text& group : view.groups) spec.security_groups.push_back(ref(group));
  if (view.public_ip) {
    spec.public_ip.address = view.public_ip;
    spec.public_ip.elastic = view.elastic;
  }
  spec.source_dest_check = !view.source_dest_check || view.source_dest_check->value;
  spec.attached_instance = instance;
  spec.tags = view.tags;
  interface_names_[spec.name] = spec.name;
  public_ips_[spec.name] = view.public_ip ? view.public_ip->value : "";
  out_.network_interfaces.push_back(std::move(spec));
}

// Elastic IPs: the interfaces already carry them (Association); an
// associated address that an interface does not show is a disagreement.
void SnapshotReader::checkAddresses() {
  const char* what = "address";
  for (const json::Node* element : region_->of("Addresses")) {
    auto ip = fields_.text(*element, "PublicIp", what, true);
    auto association = fields_.text(*element, "AssociationId", what);
    auto eni = fields_.text(*element, "NetworkInterfaceId", what);
    if (!ip || !association || !eni) continue;
    auto name = interface_names_.find(id(*eni));
    if (name == interface_names_.end() || name->second.empty()) continue;
    auto shown = public_ips_.find(name->second);
    if (shown == public_ips_.end() || shown->second == ip->value) continue;
    diags_.warning("snapshot-disagreement", element->location,
                   "Elastic IP " + ip->value + " is associated with " + eni->value +
                       ", which shows " +
                       (shown->second.empty() ? "no public address" : shown->second) +
                       "; the interface is read");
  }
}

}  // namespace segproof::snapshot
