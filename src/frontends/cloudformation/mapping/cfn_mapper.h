// Internal to mapping/: the state of one mapCloudFormation() run, shared by
// the files that implement it (cfn_values.cc: properties, references and what
// unknown values leave out; cfn_map_vpc.cc: VPCs, subnets, gateways,
// peerings, prefix lists, Elastic IPs, NAT gateways; cfn_map_routing.cc: route
// tables, routes, associations; cfn_map_security.cc: security groups, network
// ACLs and their rules; cfn_map_endpoints.cc: instances, network interfaces,
// databases; cfn_map_group_uses.cc: groups named by what the model does not
// carry; cfn_mapping.cc: the order of the types, unsupported types).
//
// Resource types are mapped in dependency order, so that an element left out
// for an unknown value is known as left out when later elements name it: a
// reference to it then counts as unknown.
#ifndef SEGPROOF_FRONTENDS_CLOUDFORMATION_MAPPING_CFN_MAPPER_H_
#define SEGPROOF_FRONTENDS_CLOUDFORMATION_MAPPING_CFN_MAPPER_H_

#include <initializer_list>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "aws/resources.h"
#include "frontends/common/outside_elements.h"
#include "frontends/common/value_reads.h"
#include "frontends/cloudformation/stack.h"
#include "segproof/diag/diagnostic.h"

namespace segproof::cloudformation::mapping {

using aws::Located;
using aws::Ref;
using aws::Text;
using aws::UnknownValue;
using terraform::EvalBody;

// The properties of a resource, or the keys of one element of a list
// property (its block, with a location per key) or of an object property
// (a map, located where the property is).
class Props : public frontends::Arguments {
 public:
  using Arguments::Arguments;

  // The elements of the list property `name` that are objects, each located
  // at its element when the stack gives one block per element.
  struct Elements {
    std::vector<Props> items;
    std::optional<UnknownValue> unknown;  // the list, or an element, is unknown
    bool invalid = false;                 // not a list of objects
  };
  Elements elements(const std::string& name) const;
};

using frontends::Read;

// A reference read from a value.
struct Reference {
  enum class Kind { kAbsent, kResolved, kUnknown, kInvalid };
  Kind kind = Kind::kAbsent;
  const Resource* target = nullptr;  // kResolved (nullptr for a VPC's implicit element)
  Ref ref;                           // kResolved
  UnknownValue unknown;              // kUnknown
  bool resolved() const { return kind == Kind::kResolved; }
};

using Types = std::initializer_list<const char*>;

// An instance's NetworkInterfaces, by device.
struct InstanceDevices {
  const Resource* primary = nullptr;    // device 0 named by NetworkInterfaceId
  std::optional<Props> primary_inline;  // device 0 written inline
  std::vector<size_t> others_inline;    // elements at other devices
  std::vector<std::pair<std::string, SourceLocation>> others_named;  // interface, where named
  bool left_out = false;                                             // an unknown primary interface
};

class CfnMapper {
 public:
  CfnMapper(const Stack& stack, aws::Resources& out, DiagnosticEngine& diags);
  void run();

 private:
  // cfn_mapping.cc
  void mapResource(const Resource& in);

  // cfn_values.cc: values
  Read<Text> text(const Props& props, const std::string& name, const Resource& owner);
  Read<Located<long long>> integer(const Props& props, const std::string& name,
                                   const Resource& owner);
  Read<Located<bool>> flag(const Props& props, const std::string& name, const Resource& owner);
  // The elements of a list of scalars (or references); nullptr when absent,
  // unknown as a whole (`unknown`) or not a list (an error).
  const hcl::ValueList* sequence(const Props& props, const std::string& name, const Resource& owner,
                                 std::optional<UnknownValue>* unknown);
  Props::Elements elements(const Props& props, const std::string& name, const Resource& owner);
  Tags tags(const Props& props) const;
  void invalid(const SourceLocation& where, const Resource& owner, const std::string& message);
  bool required(const Props& props, const std::string& name, const Resource& owner);

  // cfn_values.cc: references
  Reference reference(const hcl::Value& value, const SourceLocation& where, Types types,
                      const Resource& owner, const char* name_property = nullptr);
  Reference reference(const Props& props, const std::string& name, Types types,
                      const Resource& owner, const char* name_property = nullptr);
  // A reference the resource cannot do without: missing is an error, unknown
  // leaves the resource out (omit()); nullopt in both cases.
  std::optional<Ref> requiredRef(const Props& props, const std::string& name, Types types,
                                 const Resource& in, const Ref& vpc = {});
  const Resource* find(const std::string& logical_id) const;
  // The value of an unknown GetAtt the template fixes (Vpc.CidrBlock).
  std::optional<std::string> knownAttribute(const std::string& description) const;

  // cfn_values.cc: what is left out
  void uncertain(const UnknownValue& value, const std::string& effect, const Ref& vpc);
  void omit(const Resource& in, const UnknownValue& value, const Ref& vpc);
  // With keep_unplaced, what omit() becomes: the uncertainty is recorded and
  // the reference kept as unknown.
  Ref unplaced(const Resource& in, const UnknownValue& value, const Ref& vpc);
  Ref externalGroup(const UnknownValue& value, const Ref& vpc);
  Ref externalGateway(const UnknownValue& value, RouteTargetKind kind);
  // The logical id for "<LogicalId>.<attribute>", else the description.
  std::string outsideName(const std::string& description) const;
  Provenance provenance(const Resource& in) const;
  Ref vpcOf(const Ref& element) const;
  Ref defaultVpc(const Resource& user);

  // cfn_map_group_uses.cc
  // Records in out_.other_group_uses the groups `in` names in any property:
  // for a resource the model does not carry (a load balancer, a launch
  // template, an instance left out for an unknown subnet).
  void recordGroupUses(const Resource& in);
  void recordGroupUse(const hcl::Value& value, const SourceLocation& where, bool group_key,
                      const Resource& in);

  // cfn_map_vpc.cc
  void mapVpc(const Resource& in);
  void mapVpcCidrBlock(const Resource& in);
  void mapSubnet(const Resource& in);
  void mapInternetGateway(const Resource& in);
  void mapGateway(const Resource& in, RouteTargetKind kind);
  void mapGatewayAttachment(const Resource& in);
  void mapPeering(const Resource& in);
  void mapPrefixList(const Resource& in);
  void mapElasticIp(const Resource& in);
  void mapElasticIpAssociation(const Resource& in);
  void mapNatGateway(const Resource& in);

  // cfn_map_routing.cc
  void mapRouteTable(const Resource& in);
  void mapRoute(const Resource& in);
  bool routeTarget(const Props& props, aws::RouteSpec& spec, const Ref& vpc, const Resource& in);
  void mapRouteTableAssociation(const Resource& in);
  void mapRoutePropagation(const Resource& in);

  // cfn_map_security.cc
  void mapSecurityGroup(const Resource& in);
  void mapSecurityGroupRule(const Resource& in, Direction direction);
  void mapGroupRule(const Props& props, aws::SecurityGroupRuleSpec rule, const Resource& owner);
  bool rulePeer(const Props& props, const std::string& name, aws::SecurityGroupRuleSpec& rule,
                const Resource& owner);
  bool ruleMatch(const Props& props, aws::MatchSpec& match, std::vector<UnknownValue>& unknowns,
                 const Resource& owner);
  void mapNetworkAcl(const Resource& in);
  void mapNetworkAclEntry(const Resource& in);
  bool aclMatch(const Props& props, aws::NetworkAclRuleSpec& spec, const Resource& in);
  void mapNetworkAclAssociation(const Resource& in);

  // cfn_map_endpoints.cc
  void mapInstance(const Resource& in);
  InstanceDevices instanceDevices(const Props::Elements& devices, const Resource& in);
  std::optional<Located<bool>> associatePublicIp(const Props& props, const Resource& in,
                                                 const Ref& vpc);
  void mapInlineInterface(const Props& device, const Resource& in, const std::string& name,
                          const Ref& vpc);
  void mapNetworkInterface(const Resource& in);
  void mapInterfaceAttachment(const Resource& in);
  void mapDbSubnetGroup(const Resource& in);
  void mapDatabase(const Resource& in);
  std::vector<Ref> interfaceGroups(const Props& props, const std::string& name, const Ref& vpc,
                                   const Resource& owner, const char* name_property = nullptr);
  void addGroup(std::vector<Ref>& groups, const Ref& group) const;
  std::vector<Text> privateIps(const Props& props, const Resource& owner);
  bool sourceDestCheck(const Props& props, const Resource& owner, const Ref& vpc);

  const Stack& stack_;
  aws::Resources& out_;
  DiagnosticEngine& diags_;

  std::map<std::string, const Resource*> by_id_;
  std::set<std::string> omitted_;               // logical ids left out
  std::map<std::string, size_t> vpc_at_;        // logical id -> index in out_.vpcs
  std::map<std::string, size_t> interface_at_;  // -> index in out_.network_interfaces
  std::map<std::string, Ref> vpc_of_;           // element -> its VPC
  // Network interfaces that are an instance's primary interface (device
  // index 0) -> that instance: naming them names the instance.
  std::map<std::string, std::string> absorbed_;
  std::map<std::string, Ref> attached_by_;  // interface -> instance (other devices)
  // Instances, interfaces and databases whose groups the model carries;
  // others of these types are scanned by recordGroupUses().
  std::set<std::string> carries_groups_;
  // Groups that AWS::EC2::SecurityGroupEgress resources add rules to: CFN
  // then removes the default allow-all egress rule (cfn_map_security.cc).
  std::set<std::string> egress_added_;
  std::string default_vpc_;
  frontends::OutsideElements outside_;  // uncertainties, outside groups and gateways
  frontends::UnsupportedTypes unsupported_;
};

}  // namespace segproof::cloudformation::mapping

#endif  // SEGPROOF_FRONTENDS_CLOUDFORMATION_MAPPING_CFN_MAPPER_H_
