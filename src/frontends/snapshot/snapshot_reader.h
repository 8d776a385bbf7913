// Reading one AWS account snapshot (docs/snapshots.md): the JSON outputs of
// `aws ec2/elbv2/rds describe-*` calls, one file per call, in one folder per
// account and region. A snapshot is read as a unit: which instances run,
// which interfaces a service owns and which peerings are active decide what
// the other files mean, so every file of every region is parsed and indexed
// before anything is translated.
//
// Translation is syntax only: each element becomes the aws:: spec its IaC
// equivalent would (src/aws/ gives them meaning). Every spec keeps the
// position of its JSON object; its address and name are the AWS id,
// qualified as ACCOUNT/REGION/id when the snapshot has several regions.
//
// Problems in the files are diagnostics: a required field that is missing is
// "snapshot-missing-field", a field of the wrong type "snapshot-bad-value",
// both at the element. Nothing here throws.
#ifndef SEGPROOF_FRONTENDS_SNAPSHOT_SNAPSHOT_READER_H_
#define SEGPROOF_FRONTENDS_SNAPSHOT_SNAPSHOT_READER_H_

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "aws/resources.h"
#include "frontends/common/json_document.h"
#include "segproof/diag/diagnostic.h"

namespace segproof::snapshot {

struct SnapshotFile {
  std::string path;
  std::string text;  // registered with the diagnostics (addSource)
};

// One region folder and its snapshot files. `account` and `region` are
// empty for a flat snapshot, whose ids are not qualified.
struct RegionFolder {
  std::string path;
  std::string account;
  std::string region;
  std::vector<SnapshotFile> files;
};

// The top-level keys the reader translates, and Batfish's keys it knows but
// does not read (a "snapshot-file-not-read" warning).
bool isReadKey(const std::string& key);
bool isBatfishOnlyKey(const std::string& key);

// Typed reads of the fields of one JSON object. A field that is absent or
// null is "not given"; one of the wrong type is a "snapshot-bad-value" error
// and reads as not given; `required` turns "not given" into a
// "snapshot-missing-field" error at the object. `what` names the element in
// messages ("security group", "route").
class FieldReader {
 public:
  explicit FieldReader(DiagnosticEngine& diags) : diags_(diags) {}

  const json::Node* get(const json::Node& object, const char* key) const;
  std::optional<aws::Text> text(const json::Node& object, const char* key, const char* what,
                                bool required = false);
  std::optional<aws::Located<bool>> flag(const json::Node& object, const char* key,
                                         const char* what);
  std::optional<aws::Located<long long>> integer(const json::Node& object, const char* key,
                                                 const char* what, bool required = false);
  // Object members of an array field (non-objects are bad values, skipped).
  std::vector<const json::Node*> objects(const json::Node& object, const char* key,
                                         const char* what);
  // A nested object field, or nullptr.
  const json::Node* object(const json::Node& object, const char* key, const char* what);
  // String members of an array field.
  std::vector<aws::Text> strings(const json::Node& object, const char* key, const char* what);
  // `Tags` / `TagSet`: [{"Key", "Value"}].
  Tags tags(const json::Node& object, const char* key = "Tags");
  // "snapshot-missing-field" at `object`.
  void missing(const json::Node& object, const char* key, const char* what);

 private:
  bool expect(const json::Node& value, json::Kind kind, const char* key, const char* what);

  DiagnosticEngine& diags_;
};

// The elements of one region, by top-level key, and the ids other files
// name, read before translation.
struct RegionIndex {
  RegionFolder folder;
  std::string prefix;  // "ACCOUNT/REGION/" or ""
  std::vector<json::Document> documents;
  std::map<std::string, std::vector<const json::Node*>> elements;  // key -> elements
  std::set<std::string> files_with;  // keys some file of the region holds
  std::set<std::string> vpcs, security_groups, transit_gateways, prefix_lists;
  std::set<std::string> running_instances;           // State.Name running
  std::set<std::string> listed_instances;            // in Reservations.json, any state
  std::map<std::string, std::string> vpc_endpoints;  // id -> VpcEndpointType

  const std::vector<const json::Node*>& of(const std::string& key) const;
  bool has(const std::string& key) const { return files_with.count(key) > 0; }
};

struct InterfaceView;  // snapshot_interfaces.cc

// Reads every region of one snapshot into `out`.
class SnapshotReader {
 public:
  SnapshotReader(DiagnosticEngine& diags, aws::Resources& out)
      : diags_(diags), out_(out), fields_(diags) {}

  void read(const std::vector<RegionFolder>& regions);

 private:
  // snapshot_reader.cc: parsing, indexing, names.
  void parse(RegionIndex& region);
  void index(RegionIndex& region);
  std::string id(const aws::Text& text) const { return region_->prefix + text.value; }
  aws::Ref ref(const aws::Text& text) const { return {id(text), text.location}; }
  aws::Ref ref(const std::optional<aws::Text>& text) const;
  Provenance provenance(const json::Node& object, const aws::Text& cloud_id,
                        const std::string& cloud_name = "") const;
  // The region folder holding `account`/`region`, if the snapshot has it.
  const RegionIndex* regionOf(const std::string& account, const std::string& region) const;
  // A gateway outside the snapshot (not collected, or in a folder that is
  // not there), added once: routes to it leave the model.
  aws::Ref outsideGateway(const aws::Text& target, RouteTargetKind kind);
  void uncertain(const SourceLocation& where, const std::string& description,
                 const std::string& effect, const aws::Ref& vpc);

  // snapshot_network.cc: VPCs, subnets, route tables and routes.
  void readVpcs();
  void readSubnets();
  void readRouteTables();
  void readRoute(const json::Node& route, const aws::Ref& table);
  bool routeTarget(const json::Node& route, aws::RouteSpec& spec);

  // snapshot_filters.cc: security groups and network ACLs.
  void readSecurityGroups();
  void readPermission(const json::Node& permission, const aws::Ref& group, Direction direction);
  void readNetworkAcls();
  void readAclEntry(const json::Node& entry, const aws::Ref& acl);

  // snapshot_interfaces.cc: instances, network interfaces, Elastic IPs.
  void readInstances();
  void readNetworkInterfaces();
  void addInstance(const json::Node& element, const aws::Text& instance_id,
                   const InterfaceView* primary, Tags tags);
  void addInterface(const InterfaceView& view, const aws::Ref& instance);
  void checkAddresses();

  // snapshot_gateways.cc: internet, egress-only and NAT gateways, peerings,
  // transit gateways.
  void readInternetGateways();
  void readNatGateways();
  void readPeerings();
  void readTransitGateways();
  void readTgwAttachments();
  void readTgwVpcSide(const json::Node* detail, const json::Node& attachment,
                      aws::TransitGatewayAttachmentSpec& spec);
  void readTransitGatewayRoutes();

  // snapshot_services.cc: load balancers, databases, VPC endpoints, prefix
  // lists.
  void readLoadBalancers();
  void readListeners();
  void readTargetGroups();
  void readTargets();
  void readDatabases();
  void readVpcEndpoints();
  void readPrefixLists();

  DiagnosticEngine& diags_;
  aws::Resources& out_;
  FieldReader fields_;
  std::vector<std::unique_ptr<RegionIndex>> regions_;
  const RegionIndex* region_ = nullptr;  // the region being translated
  std::set<std::string> outside_gateways_;
  // By region prefix + id as the files write it: the name of the peering
  // or transit gateway attachment built for it, "" when it does not count.
  std::map<std::string, std::string> peering_names_;
  std::map<std::string, std::string> attachment_names_;
  std::set<std::string> nat_gateways_;  // built, by name
  // Interfaces by qualified ENI id: the name of the model's interface (an
  // instance's primary one answers to the instance id), "" when dropped (its
  // instance does not count).
  std::map<std::string, std::string> interface_names_;
  std::map<std::string, std::string> public_ips_;  // interface name -> public IPv4 or
  // The elements of NetworkInterfaces.json by ENI id: Reservations.json
  // yields to them.
  std::map<std::string, const json::Node*> interfaces_;
};

// Whether a DB instance in `status` serves traffic (docs/snapshots.md).
bool databaseServes(const std::string& status);

}  // namespace segproof::snapshot

#endif  // SEGPROOF_FRONTENDS_SNAPSHOT_SNAPSHOT_READER_H_
