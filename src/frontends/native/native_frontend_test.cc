#include "frontends/native/native_frontend.h"

#include <catch2/catch.hpp>

#include "aws/model_builder.h"

namespace segproof {
namespace {

// Loads `text` as net.yaml; the diagnostics stay in `diags`.
aws::Resources load(const std::string& text, DiagnosticEngine& diags) {
  diags.addSource("net.yaml", text);
  aws::Resources out;
  NativeFrontend().load("net.yaml", text, out, diags);
  return out;
}

// The diagnostics of loading `text`, rendered.
std::string problems(const std::string& text) {
  DiagnosticEngine diags;
  load(text, diags);
  return diags.renderAll();
}

std::string model(const std::string& body) { return "segproof: model/v1\n" + body; }

TEST_CASE("native models are recognised by their segproof key", "[frontends][native]") {
  NativeFrontend native;
  CHECK(native.recognizes("a.yaml", "segproof: model/v1\nvpcs: []\n"));
  CHECK(native.recognizes("a.json", R"({"segproof": "model/v1", "vpcs": []})"));
  CHECK(native.recognizes("a.txt", "vpcs: []\nsegproof: model/v2\n"));
  // Broken YAML that declares itself a model is still ours, to report the error.
  CHECK(native.recognizes("a.yaml", "segproof: model/v1\nvpcs: [\n"));
  CHECK_FALSE(native.recognizes("a.yaml", "vpcs: []\n"));
  CHECK_FALSE(native.recognizes("a.yaml", "# written for segproof\nvpcs: []\n"));
  CHECK_FALSE(native.recognizes("a.yaml", "- segproof\n- model/v1\n"));
  CHECK_FALSE(native.recognizes("main.tf", "resource \"aws_vpc\" \"segproof\" {\n}\n"));
  CHECK_FALSE(native.recognizes("a.yaml", ""));
  // Assertion files share the marker key and live beside models.
  CHECK_FALSE(native.recognizes("q.yaml", "segproof: queries/v1\nassertions: []\n"));
  CHECK_FALSE(native.recognizes("q.yaml", "segproof: queries/v1\nassertions: [\n"));
  CHECK(std::string(native.name()) == "native");
}

TEST_CASE("elements keep the 1-based position of their mapping and values of theirs",
          "[frontends][native]") {
  DiagnosticEngine diags;
  aws::Resources r = load(model("vpcs:\n"
                                "  - name: prod\n"
                                "    cidr: 10.0.0.0/16\n"
                                "    tags: {Env: prod, Empty: }\n"
                                "  - {name: test, cidrs: [10.1.0.0/16, 10.2.0.0/16]}\n"),
                          diags);
  REQUIRE(diags.renderAll() == "");
  REQUIRE(r.vpcs.size() == 2);
  const aws::VpcSpec& prod = r.vpcs[0];
  CHECK(prod.name == "prod");
  CHECK(prod.provenance.address == "prod");
  CHECK(prod.provenance.location.str() == "net.yaml:3:5");
  REQUIRE(prod.cidrs.size() == 1);
  CHECK(prod.cidrs[0].value == "10.0.0.0/16");
  CHECK(prod.cidrs[0].location.str() == "net.yaml:4:11");
  CHECK(prod.tags == Tags{{"Env", "prod"}, {"Empty", ""}});
  const aws::VpcSpec& test = r.vpcs[1];
  CHECK(test.provenance.location.str() == "net.yaml:6:5");
  REQUIRE(test.cidrs.size() == 2);
  CHECK(test.cidrs[1].value == "10.2.0.0/16");
  CHECK(test.cidrs[1].location.str() == "net.yaml:6:39");
}

TEST_CASE("malformed YAML is a yaml-syntax error with yaml-cpp's position", "[frontends][native]") {
  CHECK(problems("segproof: model/v1\nvpcs: [\n  {name: a\n") ==
        "net.yaml:4:1: error[yaml-syntax]: invalid YAML: end of map flow not found\n");
  CHECK(problems("segproof: model/v1\nvpcs:\n  - name: a\n - name: b\n") ==
        "net.yaml:4:2: error[yaml-syntax]: invalid YAML: end of map not found\n"
        "   - name: b\n"
        "   ^\n");
}

TEST_CASE("only model/v1 is read", "[frontends][native]") {
  CHECK(problems("segproof: model/v2\nvpcs: [{name: prod}]\n") ==
        "net.yaml:1:11: error[unsupported-version]: unsupported model version 'model/v2' (this "
        "segproof reads model/v1)\n"
        "  segproof: model/v2\n"
        "            ^\n");
  CHECK(problems("segproof: [1]\n") ==
        "net.yaml:1:11: error[invalid-value]: expected a string for 'segproof' in model\n"
        "  segproof: [1]\n"
        "            ^\n");
}

TEST_CASE("unknown keys suggest the closest allowed key", "[frontends][native]") {
  CHECK(problems(model("security_groups:\n  - name: web-sg\n    ingres: []\n")) ==
        "net.yaml:4:5: error[unknown-key]: unknown key 'ingres' in security group (did you mean "
        "'ingress'?)\n"
        "      ingres: []\n"
        "      ^\n");
  CHECK(problems(model("vpc: []\n")) ==
        "net.yaml:2:1: error[unknown-key]: unknown key 'vpc' in model (did you mean 'vpcs'?)\n"
        "  vpc: []\n"
        "  ^\n");
}

TEST_CASE("unknown keys far from any allowed one list them", "[frontends][native]") {
  CHECK(problems(model("internet_gateways:\n  - {name: igw, colour: blue}\n")) ==
        "net.yaml:3:17: error[unknown-key]: unknown key 'colour' in internet gateway (allowed "
        "keys: name, vpc, tags)\n"
        "    - {name: igw, colour: blue}\n"
        "                  ^\n");
}

TEST_CASE("missing required keys are reported at the element", "[frontends][native]") {
  DiagnosticEngine diags;
  aws::Resources r = load(model("subnets:\n  - name: web-a\n    vpc: prod\n"), diags);
  CHECK(diags.renderAll() ==
        "net.yaml:3:5: error[missing-key]: missing key 'cidr' in subnet\n"
        "    - name: web-a\n"
        "      ^\n");
  CHECK(r.subnets.empty());
  CHECK(problems(model("vpcs:\n  - {name: prod}\n")) ==
        "net.yaml:3:5: error[missing-key]: missing key 'cidr' (or 'cidrs') in VPC\n"
        "    - {name: prod}\n"
        "      ^\n");
  CHECK(problems("vpcs: []\n") ==
        "net.yaml:1:1: error[missing-key]: missing key 'segproof' in model\n"
        "  vpcs: []\n"
        "  ^\n");
}

TEST_CASE("values of the wrong type are invalid-value errors", "[frontends][native]") {
  CHECK(problems(model("vpcs: {name: prod}\n")) ==
        "net.yaml:2:7: error[invalid-value]: expected a list for 'vpcs' in model\n"
        "  vpcs: {name: prod}\n"
        "        ^\n");
  CHECK(problems(model("vpcs: [prod]\n")) ==
        "net.yaml:2:8: error[invalid-value]: expected a mapping for each item of 'vpcs' in "
        "model\n"
        "  vpcs: [prod]\n"
        "         ^\n");
  CHECK(problems(model("subnets:\n  - {name: a, vpc: p, cidr: 10.0.0.0/24, "
                       "map_public_ip_on_launch: maybe}\n")) ==
        "net.yaml:3:67: error[invalid-value]: expected true or false for "
        "'map_public_ip_on_launch' in subnet\n"
        "    - {name: a, vpc: p, cidr: 10.0.0.0/24, map_public_ip_on_launch: maybe}\n"
        "                                                                    ^\n");
  CHECK(problems(model("databases:\n  - {name: db, subnets: [a], port: high}\n")) ==
        "net.yaml:3:36: error[invalid-value]: expected an integer for 'port' in database\n"
        "    - {name: db, subnets: [a], port: high}\n"
        "                                     ^\n");
  CHECK(problems(model("vpcs:\n  - {name: [x], cidr: 10.0.0.0/16, tags: [a]}\n")) ==
        "net.yaml:3:12: error[invalid-value]: expected a string for 'name' in VPC\n"
        "    - {name: [x], cidr: 10.0.0.0/16, tags: [a]}\n"
        "             ^\n");
  CHECK(problems(model("instances:\n  - {name: i, subnet: s, security_groups: [[a]]}\n")) ==
        "net.yaml:3:44: error[invalid-value]: expected a string for each item of "
        "'security_groups' in instance\n"
        "    - {name: i, subnet: s, security_groups: [[a]]}\n"
        "                                             ^\n");
}

TEST_CASE("duplicate keys and conflicting keys", "[frontends][native]") {
  CHECK(problems(model("vpcs:\n  - {name: a, cidr: 10.0.0.0/16, cidr: 10.1.0.0/16}\n")) ==
        "net.yaml:3:34: error[duplicate-key]: duplicate key 'cidr' in VPC\n"
        "    - {name: a, cidr: 10.0.0.0/16, cidr: 10.1.0.0/16}\n"
        "                                   ^\n");
  CHECK(problems(model("vpcs:\n  - {name: a, cidr: 10.0.0.0/16, cidrs: [10.1.0.0/16]}\n")) ==
        "net.yaml:3:34: error[conflicting-keys]: 'cidr' and 'cidrs' cannot both be given in "
        "VPC\n"
        "    - {name: a, cidr: 10.0.0.0/16, cidrs: [10.1.0.0/16]}\n"
        "                                   ^\n");
}

}  // namespace
}  // namespace segproof
