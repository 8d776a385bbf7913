// Managed services placed in subnets: Lambda, ECS, EKS, ElastiCache, RDS
// clusters, search domains and VPC endpoints.
#include <catch2/catch.hpp>

#include "frontends/cloudformation/mapping/cfn_test_util.h"

namespace segproof::cloudformation {
namespace {

using namespace testing;

// Resources 0-3 (lines 1, 11, 21, 31); the tests add theirs from line 41.
StackBuilder withNetwork() {
  StackBuilder b = vpcWithTwoSubnets();
  b.add("AppSG", "AWS::EC2::SecurityGroup", {{"VpcId", ref("Vpc")}, {"GroupName", str("app")}});
  return b;
}

Value subnets() { return list({ref("SubnetA"), ref("SubnetB")}); }

TEST_CASE("CloudFormation Lambda functions and search domains in a VPC are services",
          "[frontends][cloudformation][cfn-mapping]") {
  StackBuilder b = withNetwork();
  b.add("Fn", "AWS::Lambda::Function",
        {{"VpcConfig",
          object({{"SubnetIds", subnets()}, {"SecurityGroupIds", list({att("AppSG.GroupId")})}})}});
  b.add("NoVpc", "AWS::Lambda::Function", {{"Runtime", str("python3.12")}});
  b.add("EmptyVpc", "AWS::Lambda::Function",
        {{"VpcConfig", object({{"SubnetIds", list({})}, {"SecurityGroupIds", list({})}})}});
  b.add("Search", "AWS::OpenSearchService::Domain",
        {{"VPCOptions", object({{"SubnetIds", list({ref("SubnetA")})},
                                {"SecurityGroupIds", strs({"sg-0abc"})}})}});
  b.add("Legacy", "AWS::Elasticsearch::Domain",
        {{"VPCOptions", object({{"SubnetIds", list({ref("SubnetB")})}})}});
  b.add("Public", "AWS::OpenSearchService::Domain", {{"DomainName", str("logs")}});
  DiagnosticEngine diags;
  aws::Resources r = mapStack(b.stack, diags);
  CHECK(diags.renderAll() ==
        "template.yaml:72:5: warning[unknown-value]: 'sg-0abc' is not known: interfaces with "
        "this group may be members of any security group, which rules that admit members of a "
        "group cannot account for\n");
  REQUIRE(r.services.size() == 3);
  const aws::ServiceSpec& fn = r.services[0];
  CHECK(fn.name == "Fn");
  CHECK(fn.provenance.location.str() == "template.yaml:41:3");
  CHECK(fn.kind == EndpointKind::kFunction);
  CHECK(addresses(fn.subnets) == Names{"SubnetA", "SubnetB"});
  CHECK(fn.subnets[0].location.str() == "template.yaml:42:5");
  CHECK(addresses(fn.security_groups) == Names{"AppSG"});
  CHECK(!fn.publicly_accessible);
  CHECK(r.services[1].name == "Search");
  CHECK(r.services[1].kind == EndpointKind::kSearchDomain);
  CHECK(addresses(r.services[1].security_groups) == Names{"sg-0abc"});
  CHECK(r.services[2].name == "Legacy");
  CHECK(r.services[2].kind == EndpointKind::kSearchDomain);
  CHECK(r.services[2].security_groups.empty());  // the builder gives the VPC's default group
  // The services carry their groups: not "other uses".
  CHECK(r.other_group_uses.empty());
}

TEST_CASE("CloudFormation Lambda functions and search domains with unknown or wrong values",
          "[frontends][cloudformation][cfn-mapping]") {
  StackBuilder b = withNetwork();
  b.add("Hidden", "AWS::Lambda::Function",
        {{"VpcConfig", object({{"SubnetIds", unknown("Parameters.FnSubnets")},
                               {"SecurityGroupIds", list({ref("AppSG")})}})}});
  b.add("Imported", "AWS::Lambda::Function",
        {{"VpcConfig",
          object({{"SubnetIds", list({unknown("ImportValue.Subnet"), ref("SubnetA")})}})}});
  b.add("Wrong", "AWS::Lambda::Function", {{"VpcConfig", str("vpc")}});
  b.add("WrongSubnets", "AWS::OpenSearchService::Domain",
        {{"VPCOptions", object({{"SubnetIds", str("subnet-1")}})}});
  b.add("Unplaced", "AWS::Elasticsearch::Domain",
        {{"VPCOptions", unknown("ImportValue.SearchVpcOptions")}});
  DiagnosticEngine diags;
  aws::Resources r = mapStack(b.stack, diags);
  CHECK(diags.renderAll() ==
        "template.yaml:42:5: warning[unknown-value]: 'Parameters.FnSubnets' is not known: Hidden "
        "is left out\n"
        "template.yaml:52:5: warning[unknown-value]: 'ImportValue.Subnet' is not known: a subnet "
        "of Imported is left out\n"
        "template.yaml:62:5: error[cfn-invalid]: Wrong (AWS::Lambda::Function): expected an "
        "object for VpcConfig, found a string\n"
        "template.yaml:72:5: error[cfn-invalid]: WrongSubnets (AWS::OpenSearchService::Domain): "
        "expected a list for SubnetIds, found a string\n"
        "template.yaml:82:5: warning[unknown-value]: 'ImportValue.SearchVpcOptions' is not "
        "known: Unplaced is left out\n");
  REQUIRE(r.services.size() == 1);
  CHECK(r.services[0].name == "Imported");
  CHECK(addresses(r.services[0].subnets) == Names{"SubnetA"});
  // Left out, its group is in use all the same.
  CHECK(addresses(r.other_group_uses) == Names{"AppSG"});
}

TEST_CASE("CloudFormation ECS services in awsvpc mode are container services",
          "[frontends][cloudformation][cfn-mapping]") {
  StackBuilder b = withNetwork();
  auto awsvpc = [](hcl::ValueMap config) {
    return object({{"AwsvpcConfiguration", object(std::move(config))}});
  };
  b.add("Tasks", "AWS::ECS::Service",
        {{"NetworkConfiguration", awsvpc({{"Subnets", subnets()},
                                          {"SecurityGroups", list({ref("AppSG")})},
                                          {"AssignPublicIp", str("ENABLED")}})}});
  b.add("Private", "AWS::ECS::Service",
        {{"NetworkConfiguration",
          awsvpc({{"Subnets", list({ref("SubnetB")})}, {"AssignPublicIp", str("DISABLED")}})}});
  b.add("Bridge", "AWS::ECS::Service", {{"TaskDefinition", ref("Task")}});
  b.add("MaybePublic", "AWS::ECS::Service",
        {{"NetworkConfiguration", awsvpc({{"Subnets", list({ref("SubnetA")})},
                                          {"AssignPublicIp", unknown("Parameters.Public")}})}});
  b.add("Yes", "AWS::ECS::Service",
        {{"NetworkConfiguration",
          awsvpc({{"Subnets", list({ref("SubnetA")})}, {"AssignPublicIp", str("YES")}})}});
  b.add("Imported", "AWS::ECS::Service",
        {{"NetworkConfiguration", unknown("ImportValue.Network")}});
  b.add("Wrong", "AWS::ECS::Service",
        {{"NetworkConfiguration", object({{"AwsvpcConfiguration", list({})}})}});
  DiagnosticEngine diags;
  aws::Resources r = mapStack(b.stack, diags);
  CHECK(diags.renderAll() ==
        "template.yaml:72:5: warning[unknown-value]: 'Parameters.Public' is not known: the tasks "
        "of MaybePublic are taken to get public IPv4 addresses\n"
        "template.yaml:82:5: error[cfn-invalid]: Yes (AWS::ECS::Service): expected ENABLED or "
        "DISABLED for AssignPublicIp, found \"YES\"\n"
        "template.yaml:92:5: warning[unknown-value]: 'ImportValue.Network' is not known: "
        "Imported is left out\n"
        "template.yaml:102:5: error[cfn-invalid]: Wrong (AWS::ECS::Service): expected an object "
        "for AwsvpcConfiguration, found a list\n");
  REQUIRE(r.services.size() == 3);
  CHECK(r.services[0].name == "Tasks");
  CHECK(r.services[0].kind == EndpointKind::kContainer);
  CHECK(addresses(r.services[0].subnets) == Names{"SubnetA", "SubnetB"});
  CHECK(addresses(r.services[0].security_groups) == Names{"AppSG"});
  CHECK(r.services[0].publicly_accessible);
  CHECK(r.services[1].name == "Private");
  CHECK(!r.services[1].publicly_accessible);
  CHECK(r.services[2].name == "MaybePublic");
  CHECK(r.services[2].publicly_accessible);
  REQUIRE(r.uncertainties.size() == 2);
  CHECK(r.uncertainties[0].vpc.address == "Vpc");
}

TEST_CASE("CloudFormation EKS clusters get the cluster security group, node groups carry it",
          "[frontends][cloudformation][cfn-mapping]") {
  StackBuilder b = withNetwork();
  b.add("Cluster", "AWS::EKS::Cluster",
        {{"Name", str("prod")},
         {"ResourcesVpcConfig",
          object({{"SubnetIds", subnets()}, {"SecurityGroupIds", list({ref("AppSG")})}})}});
  b.add("Nodes", "AWS::EKS::Nodegroup",
        {{"ClusterName", ref("Cluster")}, {"Subnets", list({ref("SubnetA")})}});
  b.add("ByName", "AWS::EKS::Nodegroup",
        {{"ClusterName", str("prod")},
         {"Subnets", list({ref("SubnetB")})},
         {"LaunchTemplate", object({{"Id", ref("NodeTemplate")}})}});
  b.add("FromApp", "AWS::EC2::SecurityGroupIngress",
        {{"GroupId", att("Cluster.ClusterSecurityGroupId")},
         {"IpProtocol", str("tcp")},
         {"FromPort", num(443)},
         {"ToPort", num(443)},
         {"SourceSecurityGroupId", att("AppSG.GroupId")}});
  DiagnosticEngine diags;
  aws::Resources r = mapStack(b.stack, diags);
  CHECK(diags.renderAll() ==
        "template.yaml:64:5: warning[unknown-value]: 'ByName.LaunchTemplate' is not known: "
        "interfaces with this group may be members of any security group, which rules that "
        "admit members of a group cannot account for\n");
  REQUIRE(r.security_groups.size() == 3);
  const aws::SecurityGroupSpec& cluster_group = r.security_groups[1];
  CHECK(cluster_group.name == "Cluster/cluster-security-group");
  CHECK(cluster_group.provenance.location.str() == "template.yaml:41:3");
  CHECK(cluster_group.vpc.address == "Vpc");
  CHECK(cluster_group.keep_default_egress);  // all traffic out, as AWS creates it
  CHECK(r.security_groups[2].name == "ByName/launch-template-groups");
  REQUIRE(r.security_group_rules.size() == 4);
  const aws::SecurityGroupRuleSpec& self = r.security_group_rules[0];
  CHECK(self.security_group.address == "Cluster/cluster-security-group");
  CHECK(self.direction == Direction::kIngress);
  CHECK(self.self);
  CHECK(self.match.protocol.value == "-1");
  CHECK(self.stand_in);  // AWS writes it, not the template
  // GetAtt Cluster.ClusterSecurityGroupId names the group.
  CHECK(r.security_group_rules[1].security_group.address == "Cluster/cluster-security-group");
  CHECK(r.security_group_rules[1].peer_group.address == "AppSG");
  REQUIRE(r.services.size() == 3);
  const aws::ServiceSpec& plane = r.services[0];
  CHECK(plane.name == "Cluster");
  CHECK(plane.kind == EndpointKind::kKubernetesControlPlane);
  CHECK(addresses(plane.subnets) == Names{"SubnetA", "SubnetB"});
  CHECK(addresses(plane.security_groups) == Names{"AppSG", "Cluster/cluster-security-group"});
  const aws::ServiceSpec& nodes = r.services[1];
  CHECK(nodes.kind == EndpointKind::kKubernetesNode);
  CHECK(nodes.public_from_subnet);
  CHECK(!nodes.publicly_accessible);
  CHECK(addresses(nodes.security_groups) == Names{"Cluster/cluster-security-group"});
  CHECK(nodes.security_groups[0].location.str() == "template.yaml:52:5");
  CHECK(addresses(r.services[2].security_groups) == Names{"ByName/launch-template-groups"});
  CHECK(r.other_group_uses.empty());
}

TEST_CASE("CloudFormation EKS resources with unknown or wrong values",
          "[frontends][cloudformation][cfn-mapping]") {
  StackBuilder b = withNetwork();
  b.add("Hidden", "AWS::EKS::Cluster",
        {{"ResourcesVpcConfig", object({{"SubnetIds", unknown("ImportValue.EksSubnets")}})}});
  b.add("OnHidden", "AWS::EKS::Nodegroup",
        {{"ClusterName", ref("Hidden")}, {"Subnets", list({ref("SubnetA")})}});
  b.add("Shared", "AWS::EKS::Nodegroup",
        {{"ClusterName", unknown("Parameters.Cluster")},
         {"Subnets", list({ref("SubnetA")})},
         {"RemoteAccess", object({{"Ec2SshKey", str("ops")}})}});
  b.add("Wrong", "AWS::EKS::Cluster", {{"ResourcesVpcConfig", list({})}});
  b.add("NoCluster", "AWS::EKS::Nodegroup", {{"Subnets", list({ref("SubnetA")})}});
  DiagnosticEngine diags;
  aws::Resources r = mapStack(b.stack, diags);
  CHECK(diags.renderAll() ==
        "template.yaml:42:5: warning[unknown-value]: 'ImportValue.EksSubnets' is not known: "
        "Hidden is left out\n"
        "template.yaml:72:5: error[cfn-invalid]: Wrong (AWS::EKS::Cluster): expected an object "
        "for ResourcesVpcConfig, found a list\n"
        "template.yaml:52:5: warning[unknown-value]: 'Hidden.Ref' is not known: interfaces with "
        "this group may be members of any security group, which rules that admit members of a "
        "group cannot account for\n"
        "template.yaml:62:5: warning[unknown-value]: 'Parameters.Cluster' is not known: "
        "interfaces with this group may be members of any security group, which rules that "
        "admit members of a group cannot account for\n"
        "template.yaml:64:5: warning[unknown-value]: 'Shared.RemoteAccess' is not known: the SSH "
        "access group EKS creates for Shared is not modelled\n"
        "template.yaml:81:3: error[cfn-invalid]: NoCluster (AWS::EKS::Nodegroup): missing "
        "required property ClusterName\n");
  REQUIRE(r.services.size() == 2);
  CHECK(addresses(r.services[0].security_groups) == Names{"Hidden/cluster-security-group"});
  CHECK(addresses(r.services[1].security_groups) ==
        Names{"Parameters.Cluster/cluster-security-group"});
}

TEST_CASE("CloudFormation ElastiCache clusters and replication groups are caches",
          "[frontends][cloudformation][cfn-mapping]") {
  StackBuilder b = withNetwork();
  b.add("CacheSubnets", "AWS::ElastiCache::SubnetGroup",
        {{"SubnetIds", subnets()}, {"CacheSubnetGroupName", str("cache-subnets")}});
  b.add("Redis", "AWS::ElastiCache::CacheCluster",
        {{"CacheSubnetGroupName", ref("CacheSubnets")},
         {"VpcSecurityGroupIds", list({att("AppSG.GroupId")})},
         {"Port", num(6379)}});
  b.add("Replicas", "AWS::ElastiCache::ReplicationGroup",
        {{"CacheSubnetGroupName", str("cache-subnets")},
         {"SecurityGroupIds", list({ref("AppSG")})},
         {"Port", str("6380")}});
  b.add("DefaultVpc", "AWS::ElastiCache::CacheCluster", {{"Engine", str("redis")}});
  b.add("Imported", "AWS::ElastiCache::ReplicationGroup",
        {{"CacheSubnetGroupName", unknown("ImportValue.CacheSubnets")}});
  b.add("BadPort", "AWS::ElastiCache::CacheCluster",
        {{"CacheSubnetGroupName", ref("CacheSubnets")}, {"Port", list({})}});
  b.add("HiddenSubnets", "AWS::ElastiCache::SubnetGroup",
        {{"SubnetIds", unknown("Parameters.CacheSubnets")}});
  DiagnosticEngine diags;
  aws::Resources r = mapStack(b.stack, diags);
  CHECK(diags.renderAll() ==
        "template.yaml:102:5: warning[unknown-value]: 'Parameters.CacheSubnets' is not known: "
        "HiddenSubnets is left out\n"
        "template.yaml:71:3: warning[unknown-value]: 'DefaultVpc.CacheSubnetGroupName' is not "
        "known: DefaultVpc is left out\n"
        "template.yaml:93:5: error[cfn-invalid]: BadPort (AWS::ElastiCache::CacheCluster): "
        "expected a whole number for Port, found []\n"
        "template.yaml:82:5: warning[unknown-value]: 'ImportValue.CacheSubnets' is not known: "
        "Imported is left out\n");
  REQUIRE(r.subnet_groups.size() == 1);
  CHECK(r.subnet_groups[0].name == "CacheSubnets");
  CHECK(addresses(r.subnet_groups[0].subnets) == Names{"SubnetA", "SubnetB"});
  REQUIRE(r.services.size() == 3);
  const aws::ServiceSpec& redis = r.services[0];
  CHECK(redis.name == "Redis");
  CHECK(redis.kind == EndpointKind::kCache);
  CHECK(redis.subnet_group.address == "CacheSubnets");
  CHECK(redis.subnets.empty());
  CHECK(addresses(redis.security_groups) == Names{"AppSG"});
  CHECK(redis.port->value == 6379);
  CHECK(r.services[1].name == "BadPort");
  CHECK(!r.services[1].port);
  const aws::ServiceSpec& replicas = r.services[2];
  CHECK(replicas.name == "Replicas");
  CHECK(replicas.subnet_group.address == "CacheSubnets");  // by its name
  CHECK(addresses(replicas.security_groups) == Names{"AppSG"});
  CHECK(replicas.port->value == 6380);
}

TEST_CASE("CloudFormation Aurora instances take their cluster's placement",
          "[frontends][cloudformation][cfn-mapping]") {
  StackBuilder b = withNetwork();
  b.add("DbSubnets", "AWS::RDS::DBSubnetGroup",
        {{"SubnetIds", subnets()}, {"DBSubnetGroupName", str("db")}});
  b.add("Aurora", "AWS::RDS::DBCluster",
        {{"DBClusterIdentifier", str("aurora")},
         {"DBSubnetGroupName", ref("DbSubnets")},
         {"VpcSecurityGroupIds", list({ref("AppSG")})},
         {"Port", num(5432)}});
  b.add("Writer", "AWS::RDS::DBInstance",
        {{"DBClusterIdentifier", ref("Aurora")}, {"PubliclyAccessible", str("true")}});
  b.add("Reader", "AWS::RDS::DBInstance", {{"DBClusterIdentifier", str("aurora")}});
  b.add("Serverless", "AWS::RDS::DBCluster",
        {{"DBSubnetGroupName", str("db")}, {"VpcSecurityGroupIds", strs({"sg-0db"})}});
  b.add("Orphan", "AWS::RDS::DBInstance",
        {{"DBClusterIdentifier", unknown("ImportValue.Cluster")}});
  b.add("Unplaced", "AWS::RDS::DBCluster", {{"Engine", str("aurora-mysql")}});
  b.add("Member", "AWS::RDS::DBInstance", {{"DBClusterIdentifier", ref("Unplaced")}});
  b.add("Wrong", "AWS::RDS::DBCluster", {{"DBSubnetGroupName", list({})}});
  DiagnosticEngine diags;
  aws::Resources r = mapStack(b.stack, diags);
  CHECK(diags.renderAll() ==
        "template.yaml:83:5: warning[unknown-value]: 'sg-0db' is not known: interfaces with this "
        "group may be members of any security group, which rules that admit members of a group "
        "cannot account for\n"
        "template.yaml:101:3: warning[unknown-value]: 'Unplaced.DBSubnetGroupName' is not known: "
        "Unplaced is left out\n"
        "template.yaml:122:5: error[cfn-invalid]: Wrong (AWS::RDS::DBCluster): expected a string "
        "reference, found a list\n"
        "template.yaml:92:5: warning[unknown-value]: 'ImportValue.Cluster' is not known: Orphan "
        "is left out\n"
        "template.yaml:112:5: warning[unknown-value]: 'Unplaced.Ref' is not known: Member is "
        "left out\n");
  REQUIRE(r.services.size() == 3);
  // The cluster without instances is a database itself; members come after.
  const aws::ServiceSpec& serverless = r.services[0];
  CHECK(serverless.name == "Serverless");
  CHECK(serverless.kind == EndpointKind::kDatabase);
  CHECK(serverless.subnet_group.address == "DbSubnets");
  CHECK(addresses(serverless.security_groups) == Names{"sg-0db"});
  const aws::ServiceSpec& writer = r.services[1];
  CHECK(writer.name == "Writer");
  CHECK(writer.subnet_group.address == "DbSubnets");
  CHECK(addresses(writer.security_groups) == Names{"AppSG"});
  CHECK(writer.port->value == 5432);
  CHECK(writer.publicly_accessible);
  CHECK(r.services[2].name == "Reader");
  CHECK(addresses(r.services[2].security_groups) == Names{"AppSG"});
  CHECK(!r.services[2].publicly_accessible);
  CHECK(r.other_group_uses.empty());
}

const aws::ServiceSpec& service(const aws::Resources& r, const std::string& name) {
  for (const aws::ServiceSpec& spec : r.services) {
    if (spec.name == name) return spec;
  }
  FAIL("no service " << name);
  return r.services.front();
}

TEST_CASE("CloudFormation IPv6 of services: dual-stack written, IPv4 only, or not fixed",
          "[frontends][cloudformation][cfn-mapping][ipv6]") {
  using aws::ServiceIpv6;
  StackBuilder b = withNetwork();
  b.add("DbSubnets", "AWS::RDS::DBSubnetGroup", {{"SubnetIds", subnets()}});
  b.add("Dual", "AWS::RDS::DBInstance",
        {{"DBSubnetGroupName", ref("DbSubnets")}, {"NetworkType", str("DUAL")}});
  b.add("V4", "AWS::RDS::DBInstance",
        {{"DBSubnetGroupName", ref("DbSubnets")}, {"NetworkType", str("IPV4")}});
  b.add("Aurora", "AWS::RDS::DBCluster",
        {{"DBSubnetGroupName", ref("DbSubnets")}, {"NetworkType", unknown("Parameters.Net")}});
  b.add("Writer", "AWS::RDS::DBInstance", {{"DBClusterIdentifier", ref("Aurora")}});
  b.add("CacheSubnets", "AWS::ElastiCache::SubnetGroup", {{"SubnetIds", subnets()}});
  b.add("Redis", "AWS::ElastiCache::ReplicationGroup",
        {{"CacheSubnetGroupName", ref("CacheSubnets")}, {"NetworkType", str("dual_stack")}});
  b.add("Memcached", "AWS::ElastiCache::CacheCluster",
        {{"CacheSubnetGroupName", ref("CacheSubnets")}, {"NetworkType", str("ipv4")}});
  b.add("Fn", "AWS::Lambda::Function",
        {{"VpcConfig",
          object({{"SubnetIds", subnets()}, {"Ipv6AllowedForDualStack", str("true")}})}});
  b.add("V4Fn", "AWS::Lambda::Function", {{"VpcConfig", object({{"SubnetIds", subnets()}})}});
  b.add("Tasks", "AWS::ECS::Service",
        {{"NetworkConfiguration",
          object({{"AwsvpcConfiguration", object({{"Subnets", subnets()}})}})}});
  b.add("Cluster", "AWS::EKS::Cluster",
        {{"ResourcesVpcConfig", object({{"SubnetIds", subnets()}})},
         {"KubernetesNetworkConfig", object({{"IpFamily", str("ipv6")}})}});
  b.add("Nodes", "AWS::EKS::Nodegroup",
        {{"ClusterName", ref("Cluster")}, {"Subnets", list({ref("SubnetA")})}});
  b.add("Search", "AWS::OpenSearchService::Domain",
        {{"IPAddressType", str("dualstack")},
         {"VPCOptions", object({{"SubnetIds", list({ref("SubnetA")})}})}});
  b.add("Ssm", "AWS::EC2::VPCEndpoint",
        {{"VpcEndpointType", str("Interface")},
         {"VpcId", ref("Vpc")},
         {"ServiceName", str("com.amazonaws.eu-west-1.ssm")},
         {"SubnetIds", subnets()},
         {"IpAddressType", str("dualstack")}});
  b.add("Ecr", "AWS::EC2::VPCEndpoint",
        {{"VpcEndpointType", str("Interface")},
         {"VpcId", ref("Vpc")},
         {"ServiceName", str("com.amazonaws.eu-west-1.ecr.api")},
         {"SubnetIds", subnets()}});
  DiagnosticEngine diags;
  aws::Resources r = mapStack(b.stack, diags);
  REQUIRE(diags.renderAll() == "");
  auto ipv6 = [&](const std::string& name) { return service(r, name).ipv6.value; };
  CHECK(ipv6("Dual") == ServiceIpv6::kDualStack);
  CHECK(ipv6("V4") == ServiceIpv6::kNone);
  CHECK(ipv6("Writer") == ServiceIpv6::kPossible);  // the cluster's unknown NetworkType
  CHECK(ipv6("Redis") == ServiceIpv6::kDualStack);
  CHECK(ipv6("Memcached") == ServiceIpv6::kNone);
  CHECK(ipv6("Fn") == ServiceIpv6::kPossible);  // only its dual-stack subnets give one
  CHECK(ipv6("V4Fn") == ServiceIpv6::kNone);
  CHECK(ipv6("Tasks") == ServiceIpv6::kPossible);  // the account setting decides
  CHECK(ipv6("Cluster") == ServiceIpv6::kDualStack);
  CHECK(ipv6("Nodes") == ServiceIpv6::kFromSubnet);
  CHECK(ipv6("Search") == ServiceIpv6::kDualStack);
  CHECK(ipv6("Ssm") == ServiceIpv6::kDualStack);
  CHECK(ipv6("Ecr") == ServiceIpv6::kNone);
}

TEST_CASE("CloudFormation VPC endpoints: interface services, gateway routes to managed lists",
          "[frontends][cloudformation][cfn-mapping]") {
  StackBuilder b = withNetwork();
  b.add("Table", "AWS::EC2::RouteTable", {{"VpcId", ref("Vpc")}});
  b.add("Table2", "AWS::EC2::RouteTable", {{"VpcId", ref("Vpc")}});
  b.add("S3", "AWS::EC2::VPCEndpoint",
        {{"VpcId", ref("Vpc")},
         {"ServiceName", str("com.amazonaws.eu-west-1.s3")},
         {"RouteTableIds", list({ref("Table"), ref("Table2")})}});
  b.add("Dynamo", "AWS::EC2::VPCEndpoint",
        {{"VpcEndpointType", str("Gateway")},
         {"VpcId", ref("Vpc")},
         {"ServiceName", unknown("Fn::Sub(com.amazonaws.${AWS::Region}.dynamodb)")},
         {"RouteTableIds", list({ref("Table"), unknown("ImportValue.SharedTable")})}});
  b.add("S3Again", "AWS::EC2::VPCEndpoint",
        {{"VpcId", ref("Vpc")},
         {"ServiceName", str("com.amazonaws.eu-west-1.s3")},
         {"RouteTableIds", list({ref("Table2")})}});
  b.add("Api", "AWS::EC2::VPCEndpoint",
        {{"VpcEndpointType", str("Interface")},
         {"VpcId", ref("Vpc")},
         {"ServiceName", str("com.amazonaws.eu-west-1.execute-api")},
         {"SubnetIds", subnets()},
         {"SecurityGroupIds", list({ref("AppSG")})}});
  b.add("ToS3", "AWS::EC2::Route",
        {{"RouteTableId", ref("Table")},
         {"DestinationCidrBlock", str("52.0.0.0/8")},
         {"VpcEndpointId", ref("S3")}});
  DiagnosticEngine diags;
  aws::Resources r = mapStack(b.stack, diags);
  CHECK(diags.renderAll() ==
        "template.yaml:75:5: warning[unknown-value]: 'ImportValue.SharedTable' is not known: a "
        "route of Dynamo is left out\n");
  REQUIRE(r.gateways.size() == 3);
  CHECK(r.gateways[0].name == "S3");
  CHECK(r.gateways[0].kind == RouteTargetKind::kVpcEndpoint);
  CHECK(r.gateways[0].vpc.address == "Vpc");
  REQUIRE(r.prefix_lists.size() == 2);
  CHECK(r.prefix_lists[0].name == "aws-managed:com.amazonaws.eu-west-1.s3");
  CHECK(!r.prefix_lists[0].content_known);
  CHECK(r.prefix_lists[0].provenance.location.str() == "template.yaml:63:5");
  CHECK(r.prefix_lists[1].name == "aws-managed:com.amazonaws.${AWS::Region}.dynamodb");
  CHECK(!r.prefix_lists[1].content_known);
  REQUIRE(r.routes.size() == 5);
  const aws::RouteSpec& first = r.routes[0];
  CHECK(first.provenance.address == "S3");
  CHECK(first.route_table.address == "Table");
  CHECK(first.destination_prefix_list.address == "aws-managed:com.amazonaws.eu-west-1.s3");
  CHECK(!first.destination);
  CHECK(first.target == RouteTargetKind::kVpcEndpoint);
  CHECK(first.target_ref.address == "S3");
  CHECK(r.routes[1].route_table.address == "Table2");
  CHECK(r.routes[2].target_ref.address == "Dynamo");
  CHECK(r.routes[3].destination_prefix_list.address == "aws-managed:com.amazonaws.eu-west-1.s3");
  CHECK(r.routes[3].target_ref.address == "S3Again");
  // A route naming a gateway endpoint of the template targets it.
  CHECK(r.routes[4].provenance.address == "ToS3");
  CHECK(r.routes[4].target == RouteTargetKind::kVpcEndpoint);
  CHECK(r.routes[4].target_ref.address == "S3");
  REQUIRE(r.services.size() == 1);
  CHECK(r.services[0].name == "Api");
  CHECK(r.services[0].kind == EndpointKind::kVpcEndpoint);
  CHECK(addresses(r.services[0].subnets) == Names{"SubnetA", "SubnetB"});
  CHECK(addresses(r.services[0].security_groups) == Names{"AppSG"});
  CHECK(r.other_group_uses.empty());
}

TEST_CASE("CloudFormation VPC endpoints with unknown or wrong values",
          "[frontends][cloudformation][cfn-mapping]") {
  StackBuilder b = withNetwork();
  b.add("Unknown", "AWS::EC2::VPCEndpoint",
        {{"VpcEndpointType", unknown("Parameters.EndpointType")}, {"VpcId", ref("Vpc")}});
  b.add("Wrong", "AWS::EC2::VPCEndpoint", {{"VpcEndpointType", list({})}});
  b.add("SharedVpc", "AWS::EC2::VPCEndpoint",
        {{"VpcId", unknown("ImportValue.Vpc")}, {"ServiceName", str("s3")}});
  b.add("Hidden", "AWS::EC2::VPCEndpoint",
        {{"VpcEndpointType", str("Interface")},
         {"SubnetIds", unknown("Parameters.EndpointSubnets")},
         {"SecurityGroupIds", list({ref("AppSG")})}});
  b.add("NoService", "AWS::EC2::VPCEndpoint", {{"VpcId", ref("Vpc")}});
  b.add("Inspection", "AWS::EC2::VPCEndpoint",
        {{"VpcEndpointType", str("GatewayLoadBalancer")}, {"SubnetIds", list({ref("SubnetA")})}});
  DiagnosticEngine diags;
  aws::Resources r = mapStack(b.stack, diags);
  CHECK(diags.renderAll() ==
        "template.yaml:42:5: warning[unknown-value]: 'Parameters.EndpointType' is not known: "
        "Unknown is left out\n"
        "template.yaml:52:5: error[cfn-invalid]: Wrong (AWS::EC2::VPCEndpoint): expected a "
        "string for VpcEndpointType, found a list\n"
        "template.yaml:62:5: warning[unknown-value]: 'ImportValue.Vpc' is not known: SharedVpc "
        "is left out\n"
        "template.yaml:73:5: warning[unknown-value]: 'Parameters.EndpointSubnets' is not known: "
        "Hidden is left out\n"
        "template.yaml:81:3: error[cfn-invalid]: NoService (AWS::EC2::VPCEndpoint): missing "
        "required property ServiceName\n"
        "template.yaml:91:3: warning[cfn-unsupported]: 1 resource of type AWS::EC2::VPCEndpoint "
        "is not modelled yet (its reachability is not analysed)\n");
  CHECK(r.services.empty());
  CHECK(r.gateways.empty());
  CHECK(addresses(r.other_group_uses) == Names{"AppSG"});
}

TEST_CASE("CloudFormation service types with more unknown or wrong values",
          "[frontends][cloudformation][cfn-mapping]") {
  StackBuilder b = withNetwork();
  b.add("WrongSubnets", "AWS::ElastiCache::SubnetGroup", {{"SubnetIds", num(1)}});
  b.add("WrongGroups", "AWS::ElastiCache::ReplicationGroup",
        {{"CacheSubnetGroupName", ref("Unknown")}, {"SecurityGroupIds", str("sg-1")}});
  b.add("WrongNodes", "AWS::EKS::Nodegroup",
        {{"ClusterName", str("prod")}, {"Subnets", object({{"a", num(1)}})}});
  b.add("ImportedSearch", "AWS::OpenSearchService::Domain",
        {{"VPCOptions", object({{"SubnetIds", list({unknown("ImportValue.SearchSubnet")})}})}});
  b.add("Cache", "AWS::ElastiCache::SubnetGroup", {{"SubnetIds", list({ref("SubnetA")})}});
  b.add("Groups", "AWS::ElastiCache::ReplicationGroup",
        {{"CacheSubnetGroupName", ref("Cache")}, {"SecurityGroupIds", str("sg-1")}});
  DiagnosticEngine diags;
  aws::Resources r = mapStack(b.stack, diags);
  CHECK(diags.renderAll() ==
        "template.yaml:42:5: error[cfn-invalid]: WrongSubnets (AWS::ElastiCache::SubnetGroup): "
        "expected a list for SubnetIds, found a number\n"
        "template.yaml:52:5: warning[unknown-value]: 'Unknown.Ref' is not known: WrongGroups is "
        "left out\n"
        "template.yaml:93:5: error[cfn-invalid]: Groups (AWS::ElastiCache::ReplicationGroup): "
        "expected a list for SecurityGroupIds, found a string\n"
        "template.yaml:63:5: error[cfn-invalid]: WrongNodes (AWS::EKS::Nodegroup): expected a "
        "list for Subnets, found a map\n"
        "template.yaml:72:5: warning[unknown-value]: 'ImportValue.SearchSubnet' is not known: a "
        "subnet of ImportedSearch is left out\n");
  // As for instances, a wrong group list leaves the groups out (the error
  // stops the run before any network is built).
  CHECK(r.services.size() == 1);
}

}  // namespace
}  // namespace segproof::cloudformation
