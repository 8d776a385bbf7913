// Load balancers, listeners, listener rules, target groups and targets;
// classic load balancers; targets of ECS services and Auto Scaling groups.
#include <catch2/catch.hpp>

#include "frontends/cloudformation/mapping/cfn_test_util.h"

namespace segproof::cloudformation {
namespace {

using namespace testing;

// Resources 0-4 (lines 1, 11, 21, 31, 41); the tests add theirs from line 51.
StackBuilder withNetwork() {
  StackBuilder b = vpcWithTwoSubnets();
  b.add("LbSG", "AWS::EC2::SecurityGroup", {{"VpcId", ref("Vpc")}});
  b.add("Host", "AWS::EC2::Instance", {{"SubnetId", ref("SubnetA")}});
  return b;
}

Value forward(const std::string& group) {
  return object({{"Type", str("forward")}, {"TargetGroupArn", ref(group)}});
}

TEST_CASE("CloudFormation application and network load balancers",
          "[frontends][cloudformation][cfn-mapping][cfn-load-balancers]") {
  StackBuilder b = withNetwork();
  b.add("Alb", "AWS::ElasticLoadBalancingV2::LoadBalancer",
        {{"Subnets", list({ref("SubnetA"), ref("SubnetB")})},
         {"SecurityGroups", list({att("LbSG.GroupId")})},
         {"IpAddressType", str("dualstack")}},
        {elements("Tags", {{{"Key", str("Name")}, {"Value", str("web")}}}, 55)});
  b.add("Nlb", "AWS::ElasticLoadBalancingV2::LoadBalancer",
        {{"Type", str("network")}, {"Scheme", str("internal")}},
        {elements("SubnetMappings", {{{"SubnetId", ref("SubnetB")}}}, 64)});
  b.add("Glb", "AWS::ElasticLoadBalancingV2::LoadBalancer",
        {{"Type", str("gateway")},
         {"Scheme", str("internet-facing")},
         {"Subnets", list({ref("SubnetA")})}});
  DiagnosticEngine diags;
  aws::Resources r = mapStack(b.stack, diags);
  CHECK(diags.renderAll().empty());
  REQUIRE(r.load_balancers.size() == 3);
  const aws::LoadBalancerSpec& alb = r.load_balancers[0];
  CHECK(alb.name == "Alb");
  CHECK(alb.provenance.location.str() == "template.yaml:51:3");
  CHECK(alb.kind == aws::LoadBalancerKind::kApplication);
  CHECK(alb.internet_facing);  // AWS's default scheme
  CHECK(!alb.scheme_location.known());
  CHECK(addresses(alb.subnets) == Names{"SubnetA", "SubnetB"});
  CHECK(alb.subnets[0].location.str() == "template.yaml:52:5");
  CHECK(addresses(alb.security_groups) == Names{"LbSG"});
  CHECK(alb.tags.at("Name") == "web");
  REQUIRE(alb.dual_stack);
  CHECK(alb.dual_stack->str() == "template.yaml:54:5");
  const aws::LoadBalancerSpec& nlb = r.load_balancers[1];
  CHECK(nlb.kind == aws::LoadBalancerKind::kNetwork);
  CHECK(!nlb.internet_facing);
  CHECK(nlb.scheme_location.str() == "template.yaml:63:5");
  CHECK(addresses(nlb.subnets) == Names{"SubnetB"});
  CHECK(nlb.subnets[0].location.str() == "template.yaml:66:9");
  CHECK(nlb.security_groups.empty());  // no group: traffic not filtered
  CHECK_FALSE(nlb.dual_stack);
  CHECK(r.load_balancers[2].kind == aws::LoadBalancerKind::kGateway);
  CHECK(r.load_balancers[2].internet_facing);
  // The load balancers carry their groups: not "other uses".
  CHECK(r.other_group_uses.empty());
  CHECK(r.uncertainties.empty());
}

TEST_CASE("CloudFormation load balancers with unknown or wrong values",
          "[frontends][cloudformation][cfn-mapping][cfn-load-balancers]") {
  StackBuilder b = withNetwork();
  b.add("AnyType", "AWS::ElasticLoadBalancingV2::LoadBalancer",
        {{"Type", unknown("Parameters.LbType")},
         {"Subnets", list({ref("SubnetA")})},
         {"SecurityGroups", list({ref("LbSG")})}});
  b.add("MaybePublic", "AWS::ElasticLoadBalancingV2::LoadBalancer",
        {{"Scheme", unknown("Parameters.Scheme")},
         {"Subnets", list({ref("SubnetA"), unknown("ImportValue.SharedSubnet")})},
         {"SecurityGroups", strs({"sg-0abc"})}});
  b.add("Hidden", "AWS::ElasticLoadBalancingV2::LoadBalancer",
        {{"Subnets", unknown("Parameters.LbSubnets")}});
  b.add("Mapped", "AWS::ElasticLoadBalancingV2::LoadBalancer",
        {{"SubnetMappings", unknown("Parameters.Mappings")}});
  b.add("Classic", "AWS::ElasticLoadBalancingV2::LoadBalancer",
        {{"Type", str("classic")}, {"Subnets", list({ref("SubnetA")})}});
  b.add("Public", "AWS::ElasticLoadBalancingV2::LoadBalancer",
        {{"Scheme", str("public")}, {"Subnets", list({ref("SubnetA")})}});
  b.add("OneSubnet", "AWS::ElasticLoadBalancingV2::LoadBalancer", {{"Subnets", str("subnet-1")}});
  b.add("Nowhere", "AWS::ElasticLoadBalancingV2::LoadBalancer", {{"Type", str("network")}});
  b.add("NoId", "AWS::ElasticLoadBalancingV2::LoadBalancer", {},
        {elements("SubnetMappings", {{{"AllocationId", str("eipalloc-1")}}}, 132)});
  DiagnosticEngine diags;
  aws::Resources r = mapStack(b.stack, diags);
  CHECK(diags.renderAll() ==
        "template.yaml:52:5: warning[unknown-value]: 'Parameters.LbType' is not known: AnyType is "
        "left out\n"
        "template.yaml:63:5: warning[unknown-value]: 'ImportValue.SharedSubnet' is not known: a "
        "subnet of MaybePublic is left out\n"
        "template.yaml:62:5: warning[unknown-value]: 'Parameters.Scheme' is not known: MaybePublic "
        "is taken to be internet-facing\n"
        "template.yaml:64:5: warning[unknown-value]: 'sg-0abc' is not known: interfaces with this "
        "group may be members of any security group, which rules that admit members of a group "
        "cannot account for\n"
        "template.yaml:72:5: warning[unknown-value]: 'Parameters.LbSubnets' is not known: Hidden "
        "is left out\n"
        "template.yaml:82:5: warning[unknown-value]: 'Parameters.Mappings' is not known: Mapped is "
        "left out\n"
        "template.yaml:92:5: error[cfn-invalid]: Classic "
        "(AWS::ElasticLoadBalancingV2::LoadBalancer): expected application, network or gateway for "
        "Type, found \"classic\"\n"
        "template.yaml:102:5: error[cfn-invalid]: Public "
        "(AWS::ElasticLoadBalancingV2::LoadBalancer): expected internet-facing or internal for "
        "Scheme, found \"public\"\n"
        "template.yaml:112:5: error[cfn-invalid]: OneSubnet "
        "(AWS::ElasticLoadBalancingV2::LoadBalancer): expected a list for Subnets, found a string\n"
        "template.yaml:121:3: error[cfn-invalid]: Nowhere "
        "(AWS::ElasticLoadBalancingV2::LoadBalancer): missing required property Subnets\n"
        "template.yaml:133:7: error[cfn-invalid]: NoId "
        "(AWS::ElasticLoadBalancingV2::LoadBalancer): missing required property SubnetId\n");
  REQUIRE(r.load_balancers.size() == 1);
  const aws::LoadBalancerSpec& lb = r.load_balancers[0];
  CHECK(lb.name == "MaybePublic");
  CHECK(lb.internet_facing);
  CHECK(lb.scheme_location.str() == "template.yaml:62:5");
  CHECK(addresses(lb.subnets) == Names{"SubnetA"});
  CHECK(addresses(lb.security_groups) == Names{"sg-0abc"});
  CHECK(r.uncertainties.size() == 6);
  // Left out, AnyType's group is in use all the same.
  CHECK(addresses(r.other_group_uses) == Names{"LbSG"});
}

TEST_CASE("CloudFormation listeners and listener rules forward to target groups",
          "[frontends][cloudformation][cfn-mapping][cfn-load-balancers]") {
  StackBuilder b = withNetwork();
  b.add("Alb", "AWS::ElasticLoadBalancingV2::LoadBalancer",
        {{"Subnets", list({ref("SubnetA"), ref("SubnetB")})}});
  b.add("Web", "AWS::ElasticLoadBalancingV2::TargetGroup",
        {{"VpcId", ref("Vpc")}, {"Protocol", str("HTTP")}, {"Port", num(80)}});
  b.add("Api", "AWS::ElasticLoadBalancingV2::TargetGroup",
        {{"VpcId", ref("Vpc")}, {"Protocol", str("HTTP")}, {"Port", num(8080)}});
  b.add("Http", "AWS::ElasticLoadBalancingV2::Listener",
        {{"LoadBalancerArn", ref("Alb")}, {"Protocol", str("HTTP")}, {"Port", num(80)}},
        {elements("DefaultActions", {{{"Type", str("forward")}, {"TargetGroupArn", ref("Web")}}},
                  85)});
  b.add("Https", "AWS::ElasticLoadBalancingV2::Listener",
        {{"LoadBalancerArn", ref("Alb")},
         {"Protocol", str("HTTPS")},
         {"Port", str("443")},
         {"DefaultActions",
          list({object({{"Type", str("forward")},
                        {"ForwardConfig",
                         object({{"TargetGroups", list({object({{"TargetGroupArn", ref("Web")}}),
                                                        object({{"TargetGroupArn", ref("Api")},
                                                                {"Weight", num(0)}})})}})}})})}});
  b.add("Redirect", "AWS::ElasticLoadBalancingV2::Listener",
        {{"LoadBalancerArn", ref("Alb")},
         {"Protocol", str("HTTP")},
         {"Port", num(8000)},
         {"DefaultActions", list({object({{"Type", str("redirect")}})})}});
  b.add("ApiRule", "AWS::ElasticLoadBalancingV2::ListenerRule",
        {{"ListenerArn", ref("Http")},
         {"Priority", num(10)},
         {"Actions", list({forward("Api"), forward("Web")})},
         {"Conditions", list({object({{"Field", str("path-pattern")}})})}});
  b.add("RedirectRule", "AWS::ElasticLoadBalancingV2::ListenerRule",
        {{"ListenerArn", ref("Redirect")},
         {"Actions", list({object({{"Type", str("fixed-response")}})})}});
  DiagnosticEngine diags;
  aws::Resources r = mapStack(b.stack, diags);
  CHECK(diags.renderAll().empty());
  REQUIRE(r.listeners.size() == 3);
  const aws::ListenerSpec& http = r.listeners[0];
  CHECK(http.provenance.address == "Http");
  CHECK(http.provenance.location.str() == "template.yaml:81:3");
  CHECK(http.load_balancer.address == "Alb");
  CHECK(http.load_balancer.location.str() == "template.yaml:82:5");
  CHECK(http.protocol.value == "HTTP");
  REQUIRE(http.port);
  CHECK(http.port->value == 80);
  // The rule's groups join the default action's (layer 7 conditions aside).
  CHECK(addresses(http.target_groups) == Names{"Web", "Api"});
  CHECK(http.target_groups[0].location.str() == "template.yaml:88:9");
  CHECK(http.target_groups[1].location.str() == "template.yaml:114:5");
  const aws::ListenerSpec& https = r.listeners[1];
  CHECK(https.port->value == 443);
  CHECK(addresses(https.target_groups) == Names{"Web", "Api"});
  CHECK(r.listeners[2].target_groups.empty());
  CHECK(r.uncertainties.empty());
}

TEST_CASE("CloudFormation listeners with unknown or wrong values",
          "[frontends][cloudformation][cfn-mapping][cfn-load-balancers]") {
  StackBuilder b = withNetwork();
  b.add("Alb", "AWS::ElasticLoadBalancingV2::LoadBalancer", {{"Subnets", list({ref("SubnetA")})}});
  b.add("Web", "AWS::ElasticLoadBalancingV2::TargetGroup",
        {{"VpcId", ref("Vpc")}, {"Protocol", str("HTTP")}, {"Port", num(80)}});
  b.add("Shared", "AWS::ElasticLoadBalancingV2::Listener",
        {{"LoadBalancerArn", unknown("ImportValue.SharedAlb")}, {"Port", num(80)}});
  b.add("SharedRule", "AWS::ElasticLoadBalancingV2::ListenerRule",
        {{"ListenerArn", ref("Shared")}, {"Actions", list({forward("Web")})}});
  b.add(
      "Wide", "AWS::ElasticLoadBalancingV2::Listener",
      {{"LoadBalancerArn", ref("Alb")},
       {"Protocol", unknown("Parameters.Protocol")},
       {"Port", unknown("Parameters.Port")},
       {"DefaultActions",
        list({object({{"Type", str("forward")},
                      {"TargetGroupArn", unknown("ImportValue.TargetGroup")}}),
              object({{"Type", unknown("Parameters.Action")}, {"TargetGroupArn", ref("Web")}})})}});
  b.add("Hidden", "AWS::ElasticLoadBalancingV2::Listener",
        {{"LoadBalancerArn", ref("Alb")},
         {"Port", num(81)},
         {"DefaultActions", unknown("Parameters.Actions")}});
  b.add("Weighted", "AWS::ElasticLoadBalancingV2::Listener",
        {{"LoadBalancerArn", ref("Alb")},
         {"Port", num(82)},
         {"DefaultActions", list({object({{"Type", str("forward")},
                                          {"ForwardConfig", unknown("Parameters.Forward")}})})}});
  b.add("OutsideRule", "AWS::ElasticLoadBalancingV2::ListenerRule",
        {{"ListenerArn", str("arn:aws:elasticloadbalancing:listener/app/x")},
         {"Actions", list({forward("Web")})}});
  b.add("BadPort", "AWS::ElasticLoadBalancingV2::Listener",
        {{"LoadBalancerArn", ref("Alb")}, {"Port", str("http")}});
  b.add("BadActions", "AWS::ElasticLoadBalancingV2::Listener",
        {{"LoadBalancerArn", ref("Alb")}, {"DefaultActions", str("forward")}});
  b.add("NoBalancer", "AWS::ElasticLoadBalancingV2::Listener", {{"Port", num(80)}});
  b.add("NoType", "AWS::ElasticLoadBalancingV2::ListenerRule",
        {{"ListenerArn", ref("Wide")},
         {"Actions", list({object({{"TargetGroupArn", ref("Web")}})})}});
  b.add("NoListener", "AWS::ElasticLoadBalancingV2::ListenerRule",
        {{"Actions", list({forward("Web")})}});
  DiagnosticEngine diags;
  aws::Resources r = mapStack(b.stack, diags);
  CHECK(diags.renderAll() ==
        "template.yaml:72:5: warning[unknown-value]: 'ImportValue.SharedAlb' is not known: Shared "
        "is left out\n"
        "template.yaml:93:5: warning[unknown-value]: 'Parameters.Protocol' is not known: Wide is "
        "taken to use TCP and UDP\n"
        "template.yaml:94:5: warning[unknown-value]: 'Parameters.Port' is not known: Wide is taken "
        "to use any port\n"
        "template.yaml:95:5: warning[unknown-value]: 'ImportValue.TargetGroup' is not known: a "
        "target group Wide forwards to is left out\n"
        "template.yaml:95:5: warning[unknown-value]: 'Parameters.Action' is not known: an action "
        "of Wide is taken to forward\n"
        "template.yaml:104:5: warning[unknown-value]: 'Parameters.Actions' is not known: the "
        "target groups Hidden forwards to are left out\n"
        "template.yaml:114:5: warning[unknown-value]: 'Parameters.Forward' is not known: the "
        "target groups Weighted forwards to are left out\n"
        "template.yaml:133:5: error[cfn-invalid]: BadPort (AWS::ElasticLoadBalancingV2::Listener): "
        "expected a whole number for Port, found \"http\"\n"
        "template.yaml:143:5: error[cfn-invalid]: BadActions "
        "(AWS::ElasticLoadBalancingV2::Listener): expected a list of objects for DefaultActions\n"
        "template.yaml:151:3: error[cfn-invalid]: NoBalancer "
        "(AWS::ElasticLoadBalancingV2::Listener): missing required property LoadBalancerArn\n"
        "template.yaml:82:5: warning[unknown-value]: 'Shared.Ref' is not known: SharedRule is left "
        "out\n"
        "template.yaml:122:5: warning[unknown-value]: "
        "'arn:aws:elasticloadbalancing:listener/app/x' is not known: OutsideRule is left out\n"
        "template.yaml:163:5: error[cfn-invalid]: NoType "
        "(AWS::ElasticLoadBalancingV2::ListenerRule): missing required property Type\n"
        "template.yaml:171:3: error[cfn-invalid]: NoListener "
        "(AWS::ElasticLoadBalancingV2::ListenerRule): missing required property ListenerArn\n");
  REQUIRE(r.listeners.size() == 4);
  const aws::ListenerSpec& wide = r.listeners[0];
  CHECK(wide.provenance.address == "Wide");
  CHECK(wide.protocol.value == "TCP_UDP");
  CHECK(!wide.port);  // any port
  CHECK(addresses(wide.target_groups) == Names{"Web"});
  CHECK(r.listeners[1].target_groups.empty());
  CHECK(r.listeners[2].target_groups.empty());
  CHECK(r.listeners[3].provenance.address == "BadActions");
  REQUIRE(r.uncertainties.size() == 9);
  CHECK(r.uncertainties[1].vpc.address == "Vpc");  // Wide's, through its load balancer
}

TEST_CASE("CloudFormation target groups and their targets",
          "[frontends][cloudformation][cfn-mapping][cfn-load-balancers]") {
  StackBuilder b = withNetwork();
  b.add("Fn", "AWS::Lambda::Function", {{"Runtime", str("python3.12")}});
  b.add("Alb", "AWS::ElasticLoadBalancingV2::LoadBalancer", {{"Subnets", list({ref("SubnetA")})}});
  b.add("Web", "AWS::ElasticLoadBalancingV2::TargetGroup",
        {{"VpcId", ref("Vpc")}, {"Protocol", str("HTTP")}, {"Port", num(80)}, {"Name", str("web")}},
        {elements("Targets", {{{"Id", ref("Host")}, {"Port", num(8080)}}, {{"Id", ref("Host")}}},
                  76)});
  b.add("Ips", "AWS::ElasticLoadBalancingV2::TargetGroup",
        {{"VpcId", ref("Vpc")},
         {"Protocol", str("TCP")},
         {"Port", num(443)},
         {"TargetType", str("ip")},
         {"Targets",
          list({object({{"Id", str("10.0.1.5")}}), object({{"Id", att("Host.PrivateIp")}})})}});
  b.add("Functions", "AWS::ElasticLoadBalancingV2::TargetGroup",
        {{"TargetType", str("lambda")}, {"Targets", list({object({{"Id", att("Fn.Arn")}})})}});
  b.add("Albs", "AWS::ElasticLoadBalancingV2::TargetGroup",
        {{"VpcId", ref("Vpc")},
         {"Protocol", str("TCP")},
         {"Port", num(80)},
         {"TargetType", str("alb")},
         {"Targets", list({object({{"Id", ref("Alb")}})})}});
  DiagnosticEngine diags;
  aws::Resources r = mapStack(b.stack, diags);
  CHECK(diags.renderAll().empty());
  REQUIRE(r.target_groups.size() == 4);
  const aws::TargetGroupSpec& web = r.target_groups[0];
  CHECK(web.name == "Web");
  CHECK(web.provenance.location.str() == "template.yaml:71:3");
  CHECK(web.protocol.value == "HTTP");
  CHECK(web.port->value == 80);
  CHECK(web.target_type.value == "instance");
  CHECK(web.vpc.address == "Vpc");
  CHECK(!web.preserve_client_ip);  // an application load balancer proxies
  CHECK(r.target_groups[1].target_type.value == "ip");
  CHECK(!r.target_groups[1].preserve_client_ip);  // ip targets of TCP: off by default
  const aws::TargetGroupSpec& functions = r.target_groups[2];
  CHECK(functions.target_type.value == "lambda");
  CHECK(!functions.vpc.given());
  CHECK(!functions.port);
  REQUIRE(r.targets.size() == 6);
  const aws::TargetSpec& first = r.targets[0];
  CHECK(first.provenance.location.str() == "template.yaml:77:7");
  CHECK(first.target_group.address == "Web");
  CHECK(first.target.address == "Host");
  CHECK(first.target.location.str() == "template.yaml:78:9");
  CHECK(first.port->value == 8080);
  CHECK(!r.targets[1].port);  // the group's
  CHECK(r.targets[2].ip->value == "10.0.1.5");
  CHECK(!r.targets[2].target.given());
  CHECK(r.targets[3].target.address == "Host");  // !GetAtt Host.PrivateIp
  CHECK(!r.targets[3].ip);
  CHECK(r.targets[4].target.address == "Fn");
  CHECK(r.targets[5].target.address == "Alb");
  CHECK(r.uncertainties.empty());
}

TEST_CASE("CloudFormation target groups preserve client addresses as AWS does",
          "[frontends][cloudformation][cfn-mapping][cfn-load-balancers]") {
  StackBuilder b = withNetwork();
  auto group = [&](const std::string& name, const std::string& protocol,
                   const std::string& target_type, std::vector<Attributes> attributes) {
    b.add(name, "AWS::ElasticLoadBalancingV2::TargetGroup",
          {{"VpcId", ref("Vpc")},
           {"Protocol", str(protocol)},
           {"Port", num(53)},
           {"TargetType", str(target_type)}},
          {elements("TargetGroupAttributes", std::move(attributes),
                    static_cast<int>(b.stack.resources.size()) * 10 + 6)});
  };
  Attributes off = {{"Key", str("preserve_client_ip.enabled")}, {"Value", str("false")}};
  Attributes on = {{"Key", str("preserve_client_ip.enabled")}, {"Value", str("true")}};
  Attributes other = {{"Key", str("deregistration_delay.timeout_seconds")}, {"Value", str("5")}};
  group("TcpInstances", "TCP", "instance", {other});
  group("TcpInstancesOff", "TLS", "instance", {off});
  group("TcpIps", "TCP", "ip", {});
  group("TcpIpsOn", "TCP", "ip", {on});
  group("UdpIpsOff", "UDP", "ip", {off});
  group("Appliances", "GENEVE", "instance", {});
  group("HttpOn", "HTTP", "instance", {on});
  group("Maybe", "TCP", "ip",
        {{{"Key", str("preserve_client_ip.enabled")}, {"Value", unknown("Parameters.Preserve")}}});
  DiagnosticEngine diags;
  aws::Resources r = mapStack(b.stack, diags);
  CHECK(diags.renderAll() ==
        "template.yaml:129:9: warning[unknown-value]: 'Parameters.Preserve' is not known: Maybe is "
        "taken to preserve client IP addresses\n");
  std::vector<bool> preserved;
  for (const aws::TargetGroupSpec& spec : r.target_groups)
    preserved.push_back(spec.preserve_client_ip);
  CHECK(preserved == std::vector<bool>{true, false, false, true, true, true, false, true});
  CHECK(r.uncertainties.size() == 1);
}

TEST_CASE("CloudFormation target groups with unknown or wrong values",
          "[frontends][cloudformation][cfn-mapping][cfn-load-balancers]") {
  StackBuilder b = withNetwork();
  b.add("Alb", "AWS::ElasticLoadBalancingV2::LoadBalancer", {{"Subnets", list({ref("SubnetA")})}});
  b.add("AnyType", "AWS::ElasticLoadBalancingV2::TargetGroup",
        {{"VpcId", ref("Vpc")}, {"TargetType", unknown("Parameters.TargetType")}});
  b.add("Http", "AWS::ElasticLoadBalancingV2::Listener",
        {{"LoadBalancerArn", ref("Alb")}, {"DefaultActions", list({forward("AnyType")})}});
  b.add("SharedVpc", "AWS::ElasticLoadBalancingV2::TargetGroup",
        {{"VpcId", unknown("ImportValue.Vpc")}, {"Port", num(80)}});
  b.add("Wide", "AWS::ElasticLoadBalancingV2::TargetGroup",
        {{"VpcId", ref("Vpc")},
         {"Protocol", unknown("Parameters.Protocol")},
         {"Port", unknown("Parameters.Port")},
         {"Targets",
          list({object({{"Id", unknown("ImportValue.Host")}}), object({{"Id", str("i-0abc")}}),
                object({{"Id", ref("Host")}, {"Port", unknown("Parameters.HostPort")}})})}});
  b.add("Hidden", "AWS::ElasticLoadBalancingV2::TargetGroup",
        {{"VpcId", ref("Vpc")}, {"Port", num(80)}, {"Targets", unknown("Parameters.Targets")}});
  b.add("Container", "AWS::ElasticLoadBalancingV2::TargetGroup",
        {{"VpcId", ref("Vpc")}, {"TargetType", str("container")}});
  b.add("NoVpc", "AWS::ElasticLoadBalancingV2::TargetGroup", {{"Port", num(80)}});
  b.add("NoId", "AWS::ElasticLoadBalancingV2::TargetGroup",
        {{"VpcId", ref("Vpc")}, {"Targets", list({object({{"Port", num(80)}})})}});
  b.add("BadPort", "AWS::ElasticLoadBalancingV2::TargetGroup",
        {{"VpcId", ref("Vpc")}, {"Port", boolean(true)}});
  DiagnosticEngine diags;
  aws::Resources r = mapStack(b.stack, diags);
  CHECK(diags.renderAll() ==
        "template.yaml:63:5: warning[unknown-value]: 'Parameters.TargetType' is not known: AnyType "
        "is left out\n"
        "template.yaml:82:5: warning[unknown-value]: 'ImportValue.Vpc' is not known: SharedVpc is "
        "left out\n"
        "template.yaml:93:5: warning[unknown-value]: 'Parameters.Protocol' is not known: Wide is "
        "taken to use TCP and UDP\n"
        "template.yaml:94:5: warning[unknown-value]: 'Parameters.Port' is not known: Wide is taken "
        "to use any port\n"
        "template.yaml:95:5: warning[unknown-value]: 'ImportValue.Host' is not known: a target of "
        "Wide is left out\n"
        "template.yaml:95:5: warning[unknown-value]: 'i-0abc' is not known: a target of Wide is "
        "left out\n"
        "template.yaml:95:5: warning[unknown-value]: 'Parameters.HostPort' is not known: a target "
        "of Wide is taken to receive on the group's port\n"
        "template.yaml:104:5: warning[unknown-value]: 'Parameters.Targets' is not known: the "
        "targets of Hidden are left out\n"
        "template.yaml:113:5: error[cfn-invalid]: Container "
        "(AWS::ElasticLoadBalancingV2::TargetGroup): expected instance, ip, lambda or alb for "
        "TargetType, found \"container\"\n"
        "template.yaml:121:3: error[cfn-invalid]: NoVpc "
        "(AWS::ElasticLoadBalancingV2::TargetGroup): missing required property VpcId\n"
        "template.yaml:133:5: error[cfn-invalid]: NoId (AWS::ElasticLoadBalancingV2::TargetGroup): "
        "missing required property Id\n"
        "template.yaml:143:5: error[cfn-invalid]: BadPort "
        "(AWS::ElasticLoadBalancingV2::TargetGroup): expected a whole number for Port, found true\n"
        "template.yaml:73:5: warning[unknown-value]: 'AnyType.Ref' is not known: a target group "
        "Http forwards to is left out\n");
  REQUIRE(r.target_groups.size() == 3);
  const aws::TargetGroupSpec& wide = r.target_groups[0];
  CHECK(wide.name == "Wide");
  CHECK(wide.protocol.value == "TCP_UDP");
  CHECK(!wide.port);  // any port
  CHECK(wide.preserve_client_ip);
  REQUIRE(r.targets.size() == 1);
  CHECK(r.targets[0].target.address == "Host");
  CHECK(!r.targets[0].port);
  REQUIRE(r.listeners.size() == 1);
  CHECK(r.listeners[0].target_groups.empty());
  REQUIRE(r.uncertainties.size() == 9);
  CHECK(r.uncertainties[2].vpc.address == "Vpc");
}

TEST_CASE("CloudFormation ECS services register their tasks as targets",
          "[frontends][cloudformation][cfn-mapping][cfn-load-balancers]") {
  StackBuilder b = withNetwork();
  b.add("Web", "AWS::ElasticLoadBalancingV2::TargetGroup",
        {{"VpcId", ref("Vpc")},
         {"Protocol", str("HTTP")},
         {"Port", num(80)},
         {"TargetType", str("ip")}});
  b.add("Elb", "AWS::ElasticLoadBalancing::LoadBalancer",
        {{"LoadBalancerName", str("legacy")}, {"Subnets", list({ref("SubnetA")})}});
  auto awsvpc = object({{"AwsvpcConfiguration", object({{"Subnets", list({ref("SubnetB")})}})}});
  b.add("Tasks", "AWS::ECS::Service",
        {{"NetworkConfiguration", awsvpc},
         {"LoadBalancers",
          list({object({{"TargetGroupArn", ref("Web")},
                        {"ContainerName", str("app")},
                        {"ContainerPort", num(8080)}}),
                object({{"TargetGroupArn", unknown("ImportValue.Tg")}, {"ContainerPort", num(80)}}),
                object({{"TargetGroupArn", ref("Web")},
                        {"ContainerPort", unknown("Parameters.ContainerPort")}})})}});
  b.add("Bridge", "AWS::ECS::Service",
        {{"LoadBalancers",
          list({object({{"LoadBalancerName", str("legacy")}, {"ContainerPort", num(80)}})})}});
  b.add("Hidden", "AWS::ECS::Service",
        {{"NetworkConfiguration", awsvpc}, {"LoadBalancers", unknown("Parameters.LoadBalancers")}});
  b.add("Wrong", "AWS::ECS::Service",
        {{"NetworkConfiguration", awsvpc},
         {"LoadBalancers",
          list({object({{"TargetGroupArn", ref("Web")}, {"ContainerPort", str("http")}}),
                object({{"ContainerPort", num(80)}})})}});
  DiagnosticEngine diags;
  aws::Resources r = mapStack(b.stack, diags);
  CHECK(diags.renderAll() ==
        "template.yaml:73:5: warning[unknown-value]: 'ImportValue.Tg' is not known: a load "
        "balancer target group of Tasks is left out\n"
        "template.yaml:73:5: warning[unknown-value]: 'Parameters.ContainerPort' is not known: the "
        "tasks of Tasks are taken to receive on the port of Web\n"
        "template.yaml:82:5: warning[unknown-value]: 'Bridge.Tasks' is not known: the targets "
        "Bridge registers with Elb are not known\n"
        "template.yaml:93:5: warning[unknown-value]: 'Parameters.LoadBalancers' is not known: the "
        "load balancers of Hidden and their targets are left out\n"
        "template.yaml:103:5: error[cfn-invalid]: Wrong (AWS::ECS::Service): expected a whole "
        "number for ContainerPort, found \"http\"\n"
        "template.yaml:103:5: error[cfn-invalid]: Wrong (AWS::ECS::Service): missing required "
        "property TargetGroupArn\n");
  REQUIRE(r.targets.size() == 2);
  const aws::TargetSpec& tasks = r.targets[0];
  CHECK(tasks.target_group.address == "Web");
  CHECK(tasks.target.address == "Tasks");
  CHECK(tasks.target.location.str() == "template.yaml:73:5");
  CHECK(tasks.port->value == 8080);
  CHECK(!r.targets[1].port);  // unknown: the group's
  CHECK(r.uncertainties.size() == 4);
}

TEST_CASE("CloudFormation Auto Scaling groups' targets are uncertainties",
          "[frontends][cloudformation][cfn-mapping][cfn-load-balancers]") {
  StackBuilder b = withNetwork();
  b.add("Web", "AWS::ElasticLoadBalancingV2::TargetGroup",
        {{"VpcId", ref("Vpc")}, {"Protocol", str("HTTP")}, {"Port", num(80)}});
  b.add("Elb", "AWS::ElasticLoadBalancing::LoadBalancer",
        {{"LoadBalancerName", str("legacy")}, {"Subnets", list({ref("SubnetA")})}});
  b.add("Fleet", "AWS::AutoScaling::AutoScalingGroup",
        {{"TargetGroupARNs", list({ref("Web"), unknown("ImportValue.Tg")})},
         {"LoadBalancerNames", strs({"legacy"})}});
  b.add("Unknown", "AWS::AutoScaling::AutoScalingGroup",
        {{"TargetGroupARNs", unknown("Parameters.Groups")}});
  b.add("Plain", "AWS::AutoScaling::AutoScalingGroup", {{"MinSize", str("1")}});
  b.add("Wrong", "AWS::AutoScaling::AutoScalingGroup",
        {{"TargetGroupARNs", str("arn:aws:elasticloadbalancing:targetgroup/web")}});
  DiagnosticEngine diags;
  aws::Resources r = mapStack(b.stack, diags);
  CHECK(diags.renderAll() ==
        "template.yaml:72:5: warning[unknown-value]: 'Fleet.Instances' is not known: the targets "
        "Fleet registers with Web are not known\n"
        "template.yaml:72:5: warning[unknown-value]: 'ImportValue.Tg' is not known: the instances "
        "Fleet registers with load balancers are not known\n"
        "template.yaml:73:5: warning[unknown-value]: 'Fleet.Instances' is not known: the targets "
        "Fleet registers with Elb are not known\n"
        "template.yaml:82:5: warning[unknown-value]: 'Parameters.Groups' is not known: the "
        "instances Unknown registers with load balancers are not known\n"
        "template.yaml:102:5: error[cfn-invalid]: Wrong (AWS::AutoScaling::AutoScalingGroup): "
        "expected a list for TargetGroupARNs, found a string\n"
        "template.yaml:71:3: warning[cfn-unsupported]: 4 resources of type "
        "AWS::AutoScaling::AutoScalingGroup are not modelled yet (their reachability is not "
        "analysed)\n");
  CHECK(r.targets.empty());
  REQUIRE(r.uncertainties.size() == 4);
  CHECK(r.uncertainties[0].vpc.address == "Vpc");  // Web's
}

TEST_CASE("CloudFormation classic load balancers",
          "[frontends][cloudformation][cfn-mapping][cfn-load-balancers]") {
  StackBuilder b = withNetwork();
  b.add("Elb", "AWS::ElasticLoadBalancing::LoadBalancer",
        {{"Subnets", list({ref("SubnetA"), ref("SubnetB")})},
         {"SecurityGroups", list({ref("LbSG")})},
         {"Scheme", str("internal")},
         {"Instances", list({ref("Host"), str("i-0abc")})}},
        {elements("Listeners",
                  {{{"LoadBalancerPort", num(80)},
                    {"Protocol", str("HTTP")},
                    {"InstancePort", str("8080")},
                    {"InstanceProtocol", str("HTTP")}},
                   {{"LoadBalancerPort", num(443)},
                    {"Protocol", str("TCP")},
                    {"InstancePort", unknown("Parameters.Port")}}},
                  57)});
  b.add("DefaultVpc", "AWS::ElasticLoadBalancing::LoadBalancer",
        {{"AvailabilityZones", strs({"eu-west-1a"})}, {"SecurityGroups", list({ref("LbSG")})}});
  b.add("Hidden", "AWS::ElasticLoadBalancing::LoadBalancer",
        {{"Subnets", list({ref("SubnetA")})},
         {"Listeners", unknown("Parameters.Listeners")},
         {"Instances", unknown("Parameters.Instances")}});
  b.add("Wrong", "AWS::ElasticLoadBalancing::LoadBalancer",
        {{"Subnets", list({ref("SubnetA")})}, {"Scheme", str("private")}});
  b.add("Partial", "AWS::ElasticLoadBalancing::LoadBalancer",
        {{"Subnets", list({ref("SubnetA")})},
         {"Listeners", list({object({{"LoadBalancerPort", num(80)}, {"Protocol", str("TCP")}}),
                             object({{"LoadBalancerPort", list({})},
                                     {"Protocol", str("TCP")},
                                     {"InstancePort", num(80)}})})}});
  DiagnosticEngine diags;
  aws::Resources r = mapStack(b.stack, diags);
  CHECK(
      diags.renderAll() ==
      "template.yaml:66:9: warning[unknown-value]: 'Parameters.Port' is not known: "
      "Elb.Listeners[1] is taken to use any port\n"
      "template.yaml:55:5: warning[unknown-value]: 'i-0abc' is not known: an instance of Elb is "
      "left out\n"
      "template.yaml:61:3: warning[unknown-value]: 'DefaultVpc.Subnets' is not known: DefaultVpc "
      "is left out\n"
      "template.yaml:73:5: warning[unknown-value]: 'Parameters.Listeners' is not known: the "
      "listeners of Hidden are left out\n"
      "template.yaml:74:5: warning[unknown-value]: 'Parameters.Instances' is not known: the "
      "instances of Hidden are left out\n"
      "template.yaml:83:5: error[cfn-invalid]: Wrong (AWS::ElasticLoadBalancing::LoadBalancer): "
      "expected internet-facing or internal for Scheme, found \"private\"\n"
      "template.yaml:93:5: error[cfn-invalid]: Partial (AWS::ElasticLoadBalancing::LoadBalancer): "
      "missing required property InstancePort\n"
      "template.yaml:93:5: error[cfn-invalid]: Partial (AWS::ElasticLoadBalancing::LoadBalancer): "
      "expected a whole number for LoadBalancerPort, found []\n");
  REQUIRE(r.load_balancers.size() == 3);
  const aws::LoadBalancerSpec& elb = r.load_balancers[0];
  CHECK(elb.name == "Elb");
  CHECK(elb.kind == aws::LoadBalancerKind::kClassic);
  CHECK(!elb.internet_facing);
  CHECK(addresses(elb.subnets) == Names{"SubnetA", "SubnetB"});
  CHECK(addresses(elb.security_groups) == Names{"LbSG"});
  REQUIRE(r.listeners.size() == 2);
  const aws::ListenerSpec& http = r.listeners[0];
  CHECK(http.provenance.address == "Elb.Listeners[0]");
  CHECK(http.provenance.location.str() == "template.yaml:58:7");
  CHECK(http.load_balancer.address == "Elb");
  CHECK(http.protocol.value == "HTTP");
  CHECK(http.port->value == 80);
  CHECK(http.target_protocol.value == "HTTP");
  CHECK(http.target_port->value == 8080);
  CHECK(http.target_groups.empty());
  const aws::ListenerSpec& tcp = r.listeners[1];
  CHECK(tcp.target_protocol.value.empty());  // not written
  CHECK(!tcp.target_port);                   // unknown: any port
  REQUIRE(r.targets.size() == 1);
  CHECK(r.targets[0].load_balancer.address == "Elb");
  CHECK(!r.targets[0].target_group.given());
  CHECK(r.targets[0].target.address == "Host");
  CHECK(r.uncertainties.size() == 5);
  CHECK(addresses(r.other_group_uses) == Names{"LbSG"});
}

TEST_CASE("CloudFormation cross-zone load balancing",
          "[frontends][cloudformation][cfn-mapping][cfn-load-balancers]") {
  StackBuilder b = withNetwork();
  auto crossZone = [](Value value, int line) {
    return elements("LoadBalancerAttributes",
                    {{{"Key", str("load_balancing.cross_zone.enabled")}, {"Value", value}}}, line);
  };
  b.add("Nlb", "AWS::ElasticLoadBalancingV2::LoadBalancer",
        {{"Type", str("network")}, {"Subnets", list({ref("SubnetA")})}},
        {crossZone(str("true"), 55)});
  b.add("Plain", "AWS::ElasticLoadBalancingV2::LoadBalancer",
        {{"Type", str("network")}, {"Subnets", list({ref("SubnetA")})}});
  // An application load balancer always balances across zones.
  b.add("Alb", "AWS::ElasticLoadBalancingV2::LoadBalancer", {{"Subnets", list({ref("SubnetA")})}},
        {crossZone(str("false"), 75)});
  b.add("Hidden", "AWS::ElasticLoadBalancingV2::LoadBalancer",
        {{"Type", str("network")}, {"Subnets", list({ref("SubnetA")})}},
        {crossZone(unknown("Parameters.CrossZone"), 85)});
  Value listener = list({object({{"LoadBalancerPort", num(80)},
                                 {"Protocol", str("HTTP")},
                                 {"InstancePort", num(80)}})});
  b.add("Elb", "AWS::ElasticLoadBalancing::LoadBalancer",
        {{"Subnets", list({ref("SubnetA")})}, {"Listeners", listener}});
  b.add("ElbOn", "AWS::ElasticLoadBalancing::LoadBalancer",
        {{"Subnets", list({ref("SubnetA")})},
         {"Listeners", listener},
         {"CrossZone", boolean(true)}});
  DiagnosticEngine diags;
  aws::Resources r = mapStack(b.stack, diags);
  CHECK(diags.renderAll() ==
        "template.yaml:88:9: warning[unknown-value]: 'Parameters.CrossZone' is not known: Hidden "
        "is taken to balance across zones\n");
  REQUIRE(r.load_balancers.size() == 6);
  const auto& nlb = r.load_balancers[0].cross_zone;
  REQUIRE(nlb);
  CHECK(nlb->value);
  CHECK(nlb->location.str() == "template.yaml:58:9");
  CHECK_FALSE(r.load_balancers[1].cross_zone);  // the builder's default: off
  CHECK_FALSE(r.load_balancers[2].cross_zone);  // the builder's default: on
  REQUIRE(r.load_balancers[3].cross_zone);
  CHECK(r.load_balancers[3].cross_zone->value);
  const auto& elb = r.load_balancers[4].cross_zone;
  REQUIRE(elb);
  CHECK_FALSE(elb->value);  // absent: off
  CHECK(elb->location.str() == "template.yaml:91:3");
  REQUIRE(r.load_balancers[5].cross_zone);
  CHECK(r.load_balancers[5].cross_zone->value);
}

}  // namespace
}  // namespace segproof::cloudformation
