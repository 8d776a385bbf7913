#include "segproof/query/selector.h"

#include <catch2/catch.hpp>

namespace segproof {
namespace {

Cidr cidr(const char* text) { return *parseCidr(text).cidr; }
IpAddress ip(const char* text) { return *IpAddress::parse(text); }

std::vector<int> ids(const std::vector<InterfaceId>& interfaces) {
  std::vector<int> out;
  for (InterfaceId id : interfaces) out.push_back(id.value);
  return out;
}

std::vector<int> ids(const std::vector<GatewayId>& gateways) {
  std::vector<int> out;
  for (GatewayId id : gateways) out.push_back(id.value);
  return out;
}

Selector parsed(const std::string& text) {
  DiagnosticEngine diags;
  std::optional<Selector> selector = parseSelector(text, {"q.yaml", 1, 1}, diags);
  INFO(diags.renderAll());
  REQUIRE(selector);
  return *selector;
}

// Parses `text`, written at column 7 of "from: <text>", expecting one error.
std::string parseError(const std::string& text) {
  DiagnosticEngine diags;
  diags.addSource("q.yaml", "from: " + text + "\n");
  CHECK_FALSE(parseSelector(text, {"q.yaml", 1, 7}, diags));
  CHECK(diags.errorCount() == 1);
  return diags.renderAll();
}

// Two VPCs, three subnets, five interfaces and two gateways:
//   vpc main 10.0.0.0/16 {Env=prod, Team=core}
//     subnet web 10.0.1.0/24 {Tier=web}: web[0] (10.0.1.10, public 54.1.2.3), web[1] {Env=staging}
//     subnet db 10.0.2.0/24 {Tier=db}: the database
//   vpc other 10.1.0.0/16
//     subnet other 10.1.0.0/24: bastion's interface {Tier=bastion}, webserver
//   a VPN gateway on main, a transit gateway.
Network testNetwork() {
  Network n;
  Vpc main;
  main.provenance.location = SourceLocation{"net.tf", 1, 1};
  main.provenance.address = "aws_vpc.main";
  main.name = "aws_vpc.main";
  main.cidrs = {cidr("10.0.0.0/16")};
  main.tags = {{"Env", "prod"}, {"Team", "core"}};
  n.vpcs.push_back(main);
  Vpc other;
  other.name = "aws_vpc.other";
  other.cidrs = {cidr("10.1.0.0/16")};
  n.vpcs.push_back(other);

  auto subnet = [&](const char* name, int vpc, const char* block, Tags tags) {
    Subnet s;
    s.name = name;
    s.vpc = VpcId{vpc};
    s.cidr = cidr(block);
    s.tags = std::move(tags);
    n.subnets.push_back(s);
  };
  subnet("aws_subnet.web", 0, "10.0.1.0/24", {{"Tier", "web"}});
  subnet("aws_subnet.db", 0, "10.0.2.0/24", {{"Tier", "db"}});
  subnet("aws_subnet.other", 1, "10.1.0.0/24", {});

  SecurityGroup web_sg;
  web_sg.name = "aws_security_group.web";
  web_sg.vpc = VpcId{0};
  n.security_groups.push_back(web_sg);
  SecurityGroup db_sg;
  db_sg.name = "aws_security_group.db";
  db_sg.vpc = VpcId{0};
  n.security_groups.push_back(db_sg);

  auto iface = [&](const char* name, const char* owner, int subnet_id, int sg, Tags tags) {
    Interface i;
    i.name = name;
    i.owner = owner;
    i.subnet = SubnetId{subnet_id};
    i.private_addresses = {PrivateAddress{}};
    if (sg >= 0) i.security_groups = {SecurityGroupId{sg}};
    i.tags = std::move(tags);
    n.interfaces.push_back(i);
    return n.interfaces.size() - 1;
  };
  size_t web0 = iface("aws_instance.web[0]", "", 0, 0, {});
  n.interfaces[web0].private_addresses = {PrivateAddress{ip("10.0.1.10")}};
  n.interfaces[web0].public_address.kind = PublicAddress::Kind::kAssigned;
  n.interfaces[web0].public_address.ip = ip("54.1.2.3");
  iface("aws_instance.web[1]", "", 0, 0, {{"Env", "staging"}});
  iface("aws_db_instance.main", "", 1, 1, {});
  iface("aws_network_interface.bastion", "aws_instance.bastion", 2, -1, {{"Tier", "bastion"}});
  iface("aws_instance.webserver", "", 2, -1, {});

  Gateway vpn;
  vpn.name = "aws_vpn_gateway.onprem";
  vpn.kind = RouteTargetKind::kVpnGateway;
  vpn.vpc = VpcId{0};
  n.gateways.push_back(vpn);
  Gateway tgw;
  tgw.name = "aws_ec2_transit_gateway.hub";
  tgw.kind = RouteTargetKind::kTransitGateway;
  n.gateways.push_back(tgw);
  return n;
}

Selection resolve(const std::string& text, const Network& network) {
  DiagnosticEngine diags;
  Selection selection = resolveSelector(parsed(text), network, diags);
  INFO(diags.renderAll());
  CHECK_FALSE(diags.hasErrors());
  return selection;
}

// --- Parsing ----------------------------------------------------------------

TEST_CASE("selector keywords parse", "[query]") {
  CHECK(parsed("internet").kind == Selector::Kind::kInternet);
  CHECK(parsed("any").kind == Selector::Kind::kAny);
  Selector s = parsed("any");
  CHECK(s.text == "any");
  CHECK(s.location.str() == "q.yaml:1:1");
}

TEST_CASE("selectors with an address parse", "[query]") {
  Selector resource = parsed("resource:aws_instance.web[\"a\"]");
  CHECK(resource.kind == Selector::Kind::kResource);
  CHECK(resource.key == "aws_instance.web[\"a\"]");
  CHECK(parsed("subnet:aws_subnet.a").kind == Selector::Kind::kSubnet);
  CHECK(parsed("subnet:aws_subnet.a").key == "aws_subnet.a");
  CHECK(parsed("sg:aws_security_group.web").kind == Selector::Kind::kSecurityGroup);
  CHECK(parsed("vpc:aws_vpc.main").kind == Selector::Kind::kVpc);
  CHECK(parsed("vpc:aws_vpc.main").text == "vpc:aws_vpc.main");
}

TEST_CASE("tag selectors split at the first '='", "[query]") {
  Selector tag = parsed("tag:Env=prod");
  CHECK(tag.kind == Selector::Kind::kTag);
  CHECK(tag.key == "Env");
  CHECK(tag.value == "prod");
  Selector odd = parsed("tag:Query=a=b");
  CHECK(odd.key == "Query");
  CHECK(odd.value == "a=b");
  CHECK(parsed("tag:Owner=").value.empty());
}

TEST_CASE("cidr selectors accept non-canonical blocks and IPv6", "[query]") {
  Selector block = parsed("cidr:10.1.2.3/16");
  CHECK(block.kind == Selector::Kind::kCidr);
  CHECK(block.cidr == cidr("10.1.0.0/16"));
  CHECK(parsed("cidr:fc00::/7").cidr == cidr("fc00::/7"));
}

TEST_CASE("an unknown selector form names the valid forms", "[query]") {
  CHECK(parseError("web") ==
        "q.yaml:1:7: error[invalid-selector]: invalid selector 'web': expected internet, any, "
        "resource:ADDR, tag:KEY=VALUE, subnet:ADDR, sg:ADDR, vpc:ADDR, cidr:CIDR or kind:KIND\n"
        "  from: web\n"
        "        ^\n");
}

TEST_CASE("a misspelt selector gets a suggestion", "[query]") {
  CHECK(parseError("internt") ==
        "q.yaml:1:7: error[invalid-selector]: invalid selector 'internt': expected internet, "
        "any, resource:ADDR, tag:KEY=VALUE, subnet:ADDR, sg:ADDR, vpc:ADDR, cidr:CIDR or "
        "kind:KIND; did you mean 'internet'?\n"
        "  from: internt\n"
        "        ^\n");
  CHECK(parseError("tags:Env=prod") ==
        "q.yaml:1:7: error[invalid-selector]: invalid selector 'tags:Env=prod': expected "
        "internet, any, resource:ADDR, tag:KEY=VALUE, subnet:ADDR, sg:ADDR, vpc:ADDR, "
        "cidr:CIDR or kind:KIND; did you mean 'tag:'?\n"
        "  from: tags:Env=prod\n"
        "        ^\n");
}

TEST_CASE("kind selectors parse every spelling", "[query]") {
  const std::vector<std::pair<const char*, EndpointKind>> kinds = {
      {"instance", EndpointKind::kInstance},
      {"network-interface", EndpointKind::kNetworkInterface},
      {"database", EndpointKind::kDatabase},
      {"cache", EndpointKind::kCache},
      {"function", EndpointKind::kFunction},
      {"container", EndpointKind::kContainer},
      {"kubernetes-control-plane", EndpointKind::kKubernetesControlPlane},
      {"kubernetes-node", EndpointKind::kKubernetesNode},
      {"search-domain", EndpointKind::kSearchDomain},
      {"vpc-endpoint", EndpointKind::kVpcEndpoint},
      {"load-balancer", EndpointKind::kLoadBalancer},
  };
  for (const auto& [text, kind] : kinds) {
    INFO(text);
    Selector s = parsed(std::string("kind:") + text);
    CHECK(s.kind == Selector::Kind::kEndpointKind);
    CHECK(s.endpoint_kind == kind);
    CHECK_FALSE(s.internet_facing.has_value());
    CHECK(s.key == text);
    CHECK(s.text == std::string("kind:") + text);
  }
  Selector facing = parsed("kind:internet-facing-load-balancer");
  CHECK(facing.endpoint_kind == EndpointKind::kLoadBalancer);
  CHECK(facing.internet_facing == std::optional<bool>(true));
  Selector internal = parsed("kind:internal-load-balancer");
  CHECK(internal.endpoint_kind == EndpointKind::kLoadBalancer);
  CHECK(internal.internet_facing == std::optional<bool>(false));
}

TEST_CASE("an unknown kind lists the kinds and suggests a close one", "[query]") {
  const std::string kinds =
      "expected instance, network-interface, database, cache, function, container, "
      "kubernetes-control-plane, kubernetes-node, search-domain, vpc-endpoint, load-balancer, "
      "internet-facing-load-balancer or internal-load-balancer";
  auto unknown = [&](const std::string& kind) {
    return "q.yaml:1:7: error[invalid-selector]: invalid selector 'kind:" + kind +
           "': unknown kind '" + kind + "': " + kinds;
  };
  CHECK(parseError("kind:databse") ==
        unknown("databse") + "; did you mean 'database'?\n  from: kind:databse\n        ^\n");
  CHECK(parseError("kind:internal-loadbalancer").find("did you mean 'internal-load-balancer'?") !=
        std::string::npos);
  // Kinds are lowercase, as the other forms are.
  CHECK(parseError("kind:Database").find("; did you mean 'database'?") != std::string::npos);
  CHECK(parseError("kind:router") == unknown("router") + "\n  from: kind:router\n        ^\n");
  CHECK(parseError("kinds:database").find("; did you mean 'kind:'?") != std::string::npos);
}

TEST_CASE("a selector form without its value is invalid", "[query]") {
  CHECK(parseError("resource:") ==
        "q.yaml:1:7: error[invalid-selector]: invalid selector 'resource:': resource: needs a "
        "value, as in resource:aws_instance.web\n"
        "  from: resource:\n"
        "        ^\n");
  CHECK(parseError("sg:").find("sg: needs a value, as in sg:aws_security_group.web") !=
        std::string::npos);
  CHECK(parseError("subnet:").find("[invalid-selector]") != std::string::npos);
  CHECK(parseError("vpc:").find("[invalid-selector]") != std::string::npos);
  CHECK(parseError("kind:").find("kind: needs a value, as in kind:database") != std::string::npos);
}

TEST_CASE("a tag selector needs KEY=VALUE", "[query]") {
  CHECK(parseError("tag:Env") ==
        "q.yaml:1:7: error[invalid-selector]: invalid selector 'tag:Env': expected "
        "tag:KEY=VALUE, as in tag:Env=prod\n"
        "  from: tag:Env\n"
        "        ^\n");
  CHECK(parseError("tag:=prod").find("expected tag:KEY=VALUE") != std::string::npos);
}

TEST_CASE("a cidr selector reports why the block is invalid", "[query]") {
  CHECK(parseError("cidr:10.0.0.0/33") ==
        "q.yaml:1:7: error[invalid-selector]: invalid selector 'cidr:10.0.0.0/33': prefix "
        "length '33' is out of range (0-32)\n"
        "  from: cidr:10.0.0.0/33\n"
        "        ^\n");
  CHECK(parseError("cidr:10.0.0.1").find("is not a CIDR block") != std::string::npos);
}

TEST_CASE("an empty selector is invalid", "[query]") {
  DiagnosticEngine diags;
  CHECK_FALSE(parseSelector("", {"q.yaml", 2, 3}, diags));
  CHECK(diags.renderAll() ==
        "q.yaml:2:3: error[invalid-selector]: empty selector: expected internet, any, "
        "resource:ADDR, tag:KEY=VALUE, subnet:ADDR, sg:ADDR, vpc:ADDR, cidr:CIDR or kind:KIND\n");
}

// --- Resolution -------------------------------------------------------------

TEST_CASE("internet selects only the internet", "[query]") {
  Network n = testNetwork();
  Selection s = resolve("internet", n);
  CHECK(s.internet);
  CHECK(s.interfaces.empty());
  CHECK(s.external.empty());
  CHECK(s.address_filter.empty());
  CHECK_FALSE(s.empty());
}

TEST_CASE("any selects every interface, the internet and VPN zones", "[query]") {
  Network n = testNetwork();
  Selection s = resolve("any", n);
  CHECK(ids(s.interfaces) == std::vector<int>{0, 1, 2, 3, 4});
  CHECK(s.internet);
  CHECK(ids(s.external) == std::vector<int>{0});  // not the transit gateway
}

TEST_CASE("resource selects by name or owner, and every instance of a count", "[query]") {
  Network n = testNetwork();
  CHECK(ids(resolve("resource:aws_instance.web", n).interfaces) == std::vector<int>{0, 1});
  CHECK(ids(resolve("resource:aws_instance.web[1]", n).interfaces) == std::vector<int>{1});
  CHECK(ids(resolve("resource:aws_instance.webserver", n).interfaces) == std::vector<int>{4});
  CHECK(ids(resolve("resource:aws_instance.bastion", n).interfaces) == std::vector<int>{3});
  CHECK(ids(resolve("resource:aws_network_interface.bastion", n).interfaces) ==
        std::vector<int>{3});
  Selection vpn = resolve("resource:aws_vpn_gateway.onprem", n);
  CHECK(vpn.interfaces.empty());
  CHECK(ids(vpn.external) == std::vector<int>{0});
  CHECK_FALSE(vpn.internet);
}

TEST_CASE("tag selects by effective tags: VPC, overlaid by subnet, overlaid by interface",
          "[query]") {
  Network n = testNetwork();
  // Env=prod comes from the VPC; web[1] overrides it with staging.
  CHECK(ids(resolve("tag:Env=prod", n).interfaces) == std::vector<int>{0, 2});
  CHECK(ids(resolve("tag:Env=staging", n).interfaces) == std::vector<int>{1});
  CHECK(ids(resolve("tag:Team=core", n).interfaces) == std::vector<int>{0, 1, 2});
  CHECK(ids(resolve("tag:Tier=web", n).interfaces) == std::vector<int>{0, 1});
  CHECK(ids(resolve("tag:Tier=bastion", n).interfaces) == std::vector<int>{3});
  // Exact and case-sensitive; no match is an empty selection, not an error.
  CHECK(resolve("tag:env=prod", n).empty());
  CHECK(resolve("tag:Env=Prod", n).empty());
}

TEST_CASE("subnet, sg and vpc select the interfaces inside", "[query]") {
  Network n = testNetwork();
  CHECK(ids(resolve("subnet:aws_subnet.web", n).interfaces) == std::vector<int>{0, 1});
  CHECK(ids(resolve("sg:aws_security_group.db", n).interfaces) == std::vector<int>{2});
  CHECK(ids(resolve("vpc:aws_vpc.main", n).interfaces) == std::vector<int>{0, 1, 2});
  CHECK(ids(resolve("vpc:aws_vpc.other", n).interfaces) == std::vector<int>{3, 4});
  Selection s = resolve("subnet:aws_subnet.db", n);
  CHECK_FALSE(s.internet);
  CHECK(s.external.empty());
}

TEST_CASE("cidr selects overlapping subnets and filters addresses", "[query]") {
  Network n = testNetwork();
  Selection inside = resolve("cidr:10.0.2.0/24", n);
  CHECK(ids(inside.interfaces) == std::vector<int>{2});
  CHECK(inside.address_filter == std::vector<Cidr>{cidr("10.0.2.0/24")});
  CHECK_FALSE(inside.internet);
  CHECK(inside.external.empty());  // all of it is inside a VPC

  // A single fixed address selects its interface (and, through the subnet, its neighbour;
  // the address filter narrows them later).
  CHECK(ids(resolve("cidr:10.0.1.10/32", n).interfaces) == std::vector<int>{0, 1});
  CHECK(ids(resolve("cidr:10.0.0.0/8", n).interfaces) == std::vector<int>{0, 1, 2, 3, 4});
}

TEST_CASE("cidr over public space selects the internet and known public IPs", "[query]") {
  Network n = testNetwork();
  Selection pub = resolve("cidr:54.1.2.0/24", n);
  CHECK(pub.internet);
  CHECK(ids(pub.interfaces) == std::vector<int>{0});
  CHECK(pub.external.empty());

  Selection everything = resolve("cidr:0.0.0.0/0", n);
  CHECK(everything.internet);
  CHECK(ids(everything.interfaces) == std::vector<int>{0, 1, 2, 3, 4});
  CHECK(ids(everything.external) == std::vector<int>{0});
}

TEST_CASE("cidr over private space outside every VPC selects on-premises zones", "[query]") {
  Network n = testNetwork();
  Selection onprem = resolve("cidr:192.168.0.0/16", n);
  CHECK_FALSE(onprem.internet);
  CHECK(onprem.interfaces.empty());
  CHECK(ids(onprem.external) == std::vector<int>{0});
  // 10.0.0.0/15 is exactly the two VPCs: nothing is left for on-premises.
  CHECK(resolve("cidr:10.0.0.0/15", n).external.empty());
  CHECK(ids(resolve("cidr:10.0.0.0/14", n).external) == std::vector<int>{0});
}

TEST_CASE("cidr internet detection honours every special block", "[query]") {
  Network n = testNetwork();
  for (const char* special :
       {"0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16",
        "172.16.0.0/12", "192.168.0.0/16", "224.0.0.0/4", "240.0.0.0/4", "224.0.0.0/3"}) {
    INFO(special);
    CHECK_FALSE(resolve(std::string("cidr:") + special, n).internet);
  }
  for (const char* public_block : {"1.0.0.0/8", "100.0.0.0/8", "172.32.0.0/11", "172.0.0.0/8",
                                   "192.0.0.0/8", "8.8.8.8/32", "128.0.0.0/2"}) {
    INFO(public_block);
    CHECK(resolve(std::string("cidr:") + public_block, n).internet);
  }
  CHECK(resolve("cidr:2001:db8::/32", n).internet);
  CHECK_FALSE(resolve("cidr:fd00::/8", n).internet);
  CHECK(ids(resolve("cidr:fd00::/8", n).external) == std::vector<int>{0});
}

// testNetwork() with an internet-facing and an internal load balancer, one
// node each in subnet web (interfaces 5 and 6), and a load balancer node
// that names no load balancer (interface 7; the builder always sets it).
Network loadBalancerNetwork() {
  Network n = testNetwork();
  auto balancer = [&](const char* name, bool internet_facing) {
    LoadBalancer lb;
    lb.name = name;
    lb.internet_facing = internet_facing;
    n.load_balancers.push_back(lb);
    Interface node;
    node.name = std::string(name) + " (aws_subnet.web)";
    node.owner = name;
    node.kind = EndpointKind::kLoadBalancer;
    node.subnet = SubnetId{0};
    node.private_addresses = {PrivateAddress{}};
    node.load_balancer = LoadBalancerId{static_cast<int32_t>(n.load_balancers.size() - 1)};
    n.interfaces.push_back(node);
  };
  balancer("aws_lb.front", true);
  balancer("aws_lb.internal", false);
  Interface orphan;
  orphan.name = "orphan node";
  orphan.kind = EndpointKind::kLoadBalancer;
  orphan.subnet = SubnetId{0};
  orphan.private_addresses = {PrivateAddress{}};
  n.interfaces.push_back(orphan);
  return n;
}

TEST_CASE("kind selects interfaces by what they belong to", "[query]") {
  Network n = loadBalancerNetwork();
  n.interfaces[2].kind = EndpointKind::kDatabase;
  n.interfaces[3].kind = EndpointKind::kNetworkInterface;
  CHECK(ids(resolve("kind:instance", n).interfaces) == std::vector<int>{0, 1, 4});
  CHECK(ids(resolve("kind:database", n).interfaces) == std::vector<int>{2});
  CHECK(ids(resolve("kind:network-interface", n).interfaces) == std::vector<int>{3});
  Selection lbs = resolve("kind:load-balancer", n);
  CHECK(ids(lbs.interfaces) == std::vector<int>{5, 6, 7});
  CHECK_FALSE(lbs.internet);
  CHECK(lbs.external.empty());
  CHECK(lbs.address_filter.empty());
}

TEST_CASE("kind narrows load balancer nodes by internet-facing or internal", "[query]") {
  Network n = loadBalancerNetwork();
  CHECK(ids(resolve("kind:internet-facing-load-balancer", n).interfaces) == std::vector<int>{5});
  CHECK(ids(resolve("kind:internal-load-balancer", n).interfaces) == std::vector<int>{6});
  // The load balancer decides, not its node (an internal one has no public address).
  n.load_balancers[0].internet_facing = false;
  CHECK(ids(resolve("kind:internal-load-balancer", n).interfaces) == std::vector<int>{5, 6});
  CHECK(resolve("kind:internet-facing-load-balancer", n).empty());
}

TEST_CASE("a kind that no interface has selects nothing, without an error", "[query]") {
  Network n = testNetwork();
  CHECK(resolve("kind:load-balancer", n).empty());
  CHECK(resolve("kind:internal-load-balancer", n).empty());
  CHECK(resolve("kind:cache", n).empty());
}

TEST_CASE("a resource selector that matches nothing is an error", "[query]") {
  Network n = testNetwork();
  DiagnosticEngine diags;
  diags.addSource("q.yaml", "to: resource:aws_instance.nope\n");
  Selection s = resolveSelector(
      *parseSelector("resource:aws_instance.nope", {"q.yaml", 1, 5}, diags), n, diags);
  CHECK(s.empty());
  CHECK(diags.renderAll() ==
        "q.yaml:1:5: error[unknown-selector-target]: no resource matches "
        "'resource:aws_instance.nope'\n"
        "  to: resource:aws_instance.nope\n"
        "      ^\n");
}

TEST_CASE("an unknown target suggests a close name or the right form", "[query]") {
  Network n = testNetwork();
  auto error = [&](const std::string& text) {
    DiagnosticEngine diags;
    resolveSelector(parsed(text), n, diags);
    CHECK(diags.errorCount() == 1);
    return diags.renderAll();
  };
  CHECK(error("resource:aws_instance.wb") ==
        "q.yaml:1:1: error[unknown-selector-target]: no resource matches "
        "'resource:aws_instance.wb'; did you mean 'aws_instance.web'?\n");
  CHECK(error("resource:aws_subnet.db") ==
        "q.yaml:1:1: error[unknown-selector-target]: no resource matches "
        "'resource:aws_subnet.db'; aws_subnet.db is a subnet: write subnet:aws_subnet.db\n");
  CHECK(error("subnet:aws_subnet.dbs") ==
        "q.yaml:1:1: error[unknown-selector-target]: no subnet matches "
        "'subnet:aws_subnet.dbs'; did you mean 'aws_subnet.db'?\n");
  CHECK(error("sg:aws_vpc.main") ==
        "q.yaml:1:1: error[unknown-selector-target]: no security group matches "
        "'sg:aws_vpc.main'; aws_vpc.main is a VPC: write vpc:aws_vpc.main\n");
  CHECK(error("vpc:aws_security_group.web") ==
        "q.yaml:1:1: error[unknown-selector-target]: no VPC matches "
        "'vpc:aws_security_group.web'; aws_security_group.web is a security group: write "
        "sg:aws_security_group.web\n");
}

TEST_CASE("an existing subnet without interfaces is not an error", "[query]") {
  Network n = testNetwork();
  Subnet empty;
  empty.name = "aws_subnet.spare";
  empty.vpc = VpcId{1};
  empty.cidr = cidr("10.1.1.0/24");
  n.subnets.push_back(empty);
  CHECK(resolve("subnet:aws_subnet.spare", n).empty());
}

TEST_CASE("subnet, sg and vpc match instances and resource addresses", "[query]") {
  Network n = testNetwork();
  n.subnets[0].name = "aws_subnet.public[0]";
  n.subnets[1].name = "aws_subnet.public[1]";
  n.subnets[2].name = "OtherSubnet";  // a CloudFormation logical id...
  n.subnets[2].provenance.address = "aws_cloudformation_stack.net";  // ...inside a stack
  CHECK(ids(resolve("subnet:aws_subnet.public", n).interfaces) == std::vector<int>{0, 1, 2});
  CHECK(ids(resolve("subnet:aws_subnet.public[1]", n).interfaces) == std::vector<int>{2});
  CHECK(ids(resolve("subnet:OtherSubnet", n).interfaces) == std::vector<int>{3, 4});
  CHECK(ids(resolve("subnet:aws_cloudformation_stack.net", n).interfaces) ==
        std::vector<int>{3, 4});
  // A prefix is not an instance: "aws_subnet.pub" names nothing.
  DiagnosticEngine diags;
  resolveSelector(parsed("subnet:aws_subnet.pub"), n, diags);
  CHECK(diags.errorCount() == 1);
}

TEST_CASE("resolveSelectors resolves each selector", "[query]") {
  Network n = testNetwork();
  DiagnosticEngine diags;
  std::vector<Selection> all =
      resolveSelectors({parsed("internet"), parsed("tag:Tier=db")}, n, diags);
  REQUIRE(all.size() == 2);
  CHECK(all[0].internet);
  CHECK(ids(all[1].interfaces) == std::vector<int>{2});
  CHECK_FALSE(diags.hasErrors());
}

}  // namespace
}  // namespace segproof
