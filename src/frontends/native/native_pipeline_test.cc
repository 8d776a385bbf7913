// The native frontend followed by aws::buildNetwork: the documented example,
// AWS diagnostics located in YAML, and robustness against any input.
#include <catch2/catch.hpp>
#include <random>

#include "aws/model_builder.h"
#include "frontends/native/native_frontend.h"
#include "frontends/native/native_test_util.h"

namespace segproof {
namespace {

// The first ```yaml block of docs/model-format.md.
std::string documentedExample() {
  std::string example = testing::documentedExample(0);
  REQUIRE_FALSE(example.empty());
  return example;
}

void loadInto(const std::string& file, const std::string& text, aws::Resources& out,
              DiagnosticEngine& diags) {
  diags.addSource(file, text);
  NativeFrontend().load(file, text, out, diags);
  out.files.push_back(file);
}

const Interface& endpoint(const Network& net, const std::string& name) {
  for (const Interface& interface : net.interfaces)
    if (interface.name == name) return interface;
  FAIL("no endpoint " << name);
  return net.interfaces.front();
}

TEST_CASE("the documented example builds, with AWS's defaults applied", "[frontends][native]") {
  std::string example = documentedExample();
  DiagnosticEngine diags;
  aws::Resources resources;
  loadInto("example.yaml", example, resources, diags);
  Network net = aws::buildNetwork(resources, diags);
  CHECK(diags.renderAll() == "");
  CHECK(net.input_files == std::vector<std::string>{"example.yaml"});
  CHECK(net.vpcs.size() == 2);
  // 4 instances, 1 interface, a database and a cache in 2 subnets each, 3 other services
  CHECK(net.interfaces.size() == 12);
  CHECK(endpoint(net, "web-1").public_address.kind == PublicAddress::Kind::kAssigned);
  CHECK_FALSE(endpoint(net, "fw-1").public_address.present());
  CHECK(endpoint(net, "bastion").public_address.ip->str() == "198.51.100.7");
  CHECK(endpoint(net, "fw-eni").owner == "fw-1");
  CHECK(endpoint(net, "fw-eni").tags.at("Role") == "firewall");
  CHECK(endpoint(net, "orders-db (data-b)").kind == EndpointKind::kDatabase);
  CHECK(endpoint(net, "sessions (data-a)").kind == EndpointKind::kCache);
  CHECK(endpoint(net, "thumbnails").kind == EndpointKind::kFunction);
  CHECK(endpoint(net, "workers").public_address.kind == PublicAddress::Kind::kAssigned);
  CHECK(endpoint(net, "admin-api").public_address.kind == PublicAddress::Kind::kAssigned);
  CHECK(net.at(endpoint(net, "fw-1").security_groups.at(0)).name == "prod/default-security-group");
  const Vpc& test = net.vpcs[1];
  CHECK(net.at(test.default_security_group).name == "test-default");
  CHECK(net.at(test.default_security_group).rules.size() == 2);  // written ingress, default egress
  CHECK(net.at(test.main_route_table).name == "test-main");
  for (const Subnet& subnet : net.subnets) {
    INFO(subnet.name);
    std::string table = net.at(subnet.route_table).name;
    std::string acl = net.at(subnet.network_acl).name;
    if (subnet.name == "web-a") CHECK((table == "public-rt" && acl == "web-acl"));
    if (subnet.name == "app-a") CHECK((table == "private-rt" && acl == "prod/default-network-acl"));
    if (subnet.name == "data-b") CHECK((table == "prod/main-route-table" && acl == "data-acl"));
  }
}

TEST_CASE("AWS diagnostics point into the YAML", "[frontends][native]") {
  std::string text =
      "segproof: model/v1\n"
      "vpcs: [{name: prod, cidr: 10.0.0.0/16}]\n"
      "subnets: [{name: web-a, vpc: prdo, cidr: 10.0.1.0/24}]\n"
      "security_groups:\n"
      "  - name: web-sg\n"
      "    vpc: prod\n"
      "    ingress: [{protocol: tcp, ports: 22-70000, cidr: 0.0.0.0/0}]\n";
  DiagnosticEngine diags;
  aws::Resources resources;
  loadInto("net.yaml", text, resources, diags);
  REQUIRE_FALSE(diags.hasErrors());
  aws::buildNetwork(resources, diags);
  CHECK(diags.renderAll() ==
        "net.yaml:3:30: error[unknown-reference]: unknown VPC 'prdo'\n"
        "  subnets: [{name: web-a, vpc: prdo, cidr: 10.0.1.0/24}]\n"
        "                               ^\n"
        "net.yaml:7:38: error[invalid-port]: port 70000 is out of range (0-65535)\n"
        "      ingress: [{protocol: tcp, ports: 22-70000, cidr: 0.0.0.0/0}]\n"
        "                                       ^\n");
}

TEST_CASE("names are unique across the files of one input set", "[frontends][native]") {
  DiagnosticEngine diags;
  aws::Resources resources;
  loadInto("a.yaml", "segproof: model/v1\nvpcs: [{name: prod, cidr: 10.0.0.0/16}]\n", resources,
           diags);
  loadInto("b.yaml", "segproof: model/v1\nvpcs:\n  - {name: prod, cidr: 10.1.0.0/16}\n", resources,
           diags);
  aws::buildNetwork(resources, diags);
  CHECK(diags.renderAll() ==
        "b.yaml:3:5: error[duplicate-name]: duplicate VPC name 'prod' (first defined at "
        "a.yaml:2:8)\n"
        "    - {name: prod, cidr: 10.1.0.0/16}\n"
        "      ^\n");
}

// Loads `text` and reports whether anything escaped as an exception.
bool loadsQuietly(const std::string& text) {
  try {
    DiagnosticEngine diags;
    aws::Resources out;
    NativeFrontend native;
    native.recognizes("fuzz.yaml", text);
    native.load("fuzz.yaml", text, out, diags);
    aws::buildNetwork(out, diags);
    return true;
  } catch (...) {
    return false;
  }
}

TEST_CASE("odd inputs never escape as exceptions", "[frontends][native]") {
  const char* inputs[] = {
      "",
      "segproof: model/v1\n",
      "segproof: model/v1\nvpcs:\n",
      "segproof: model/v1\nvpcs: [~, 1, [], {}]\n",
      "segproof: model/v1\n? [complex, key]\n: value\n",
      "segproof: model/v1\nvpcs: [{name: a, cidr: &x 10.0.0.0/16}, {name: b, cidr: *x}]\n",
      "segproof: model/v1\nvpcs: [{name: a, cidr: *undefined}]\n",
      "segproof: model/v1\n---\nsecond: document\n",
      "segproof: !!binary aGVsbG8=\n",
      "segproof: model/v1\nsecurity_groups: [{name: s, ingress: [{protocol: tcp, ports: "
      "-}]}]\n",
      "segproof: model/v1\nsecurity_groups: [{name: s, ingress: [{protocol: tcp, ports: "
      "99999999999999999999, cidr: 1.2.3.4/0}]}]\n",
      "segproof: model/v1\ninstances: [{name: i, subnet: s, public_ip: {a: b}}]\n",
      "\t\x01\x02\xff\xfe",
      "segproof: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n",
  };
  for (const char* input : inputs) {
    INFO(input);
    CHECK(loadsQuietly(input));
  }
  CHECK(loadsQuietly("segproof: " + std::string(5000, '[')));
}

TEST_CASE("damaged copies of the example never escape as exceptions", "[frontends][native]") {
  std::string example = documentedExample();
  for (size_t cut = 0; cut < example.size(); cut += 37) {
    INFO(cut);
    REQUIRE(loadsQuietly(example.substr(0, cut)));
  }
  std::mt19937 random(20240601);
  const std::string noise = "{}[]:,-?&*!|>'\"%@` \n\t#0aZ";
  for (int round = 0; round < 200; ++round) {
    std::string damaged = example;
    for (int i = 0; i < 5; ++i) damaged[random() % damaged.size()] = noise[random() % noise.size()];
    INFO(damaged);
    REQUIRE(loadsQuietly(damaged));
  }
}

}  // namespace
}  // namespace segproof
