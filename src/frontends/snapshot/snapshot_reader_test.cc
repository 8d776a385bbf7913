// The snapshot reader on small snapshots written to a scratch folder: bad
// input, the states that count, layouts, disagreements between files.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>

#include "frontends/frontend.h"
#include "frontends/scratch_test_util.h"
#include "frontends/snapshot/snapshot_frontend.h"
#include "frontends/snapshot/snapshot_reader.h"

namespace segproof {
namespace {

using testing::Scratch;

const char* kVpcs = R"({"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}]})";
const char* kSubnets =
    R"({"Subnets": [{"SubnetId": "subnet-1", "VpcId": "vpc-1", "CidrBlock": "10.0.1.0/24"}]})";
const char* kGroups = R"({"SecurityGroups": [
  {"GroupId": "sg-1", "GroupName": "default", "VpcId": "vpc-1",
   "IpPermissions": [], "IpPermissionsEgress": []}]})";

std::string instance(const std::string& id, const std::string& state, const std::string& ip) {
  return R"({"InstanceId": ")" + id + R"(", "State": {"Name": ")" + state +
         R"("}, "SubnetId": "subnet-1", "PrivateIpAddress": ")" + ip +
         R"(", "SecurityGroups": [{"GroupId": "sg-1"}]})";
}

void writeBase(const Scratch& scratch, const std::string& folder = "") {
  scratch.write(folder + "Vpcs.json", kVpcs);
  scratch.write(folder + "Subnets.json", kSubnets);
  scratch.write(folder + "SecurityGroups.json", kGroups);
}

bool hasInterface(const Network& net, const std::string& name) {
  return std::any_of(net.interfaces.begin(), net.interfaces.end(),
                     [&](const Interface& i) { return i.name == name; });
}

std::vector<std::string> codes(const DiagnosticEngine& diags) {
  std::vector<std::string> out;
  for (const Diagnostic& d : diags.diagnostics()) out.push_back(d.code);
  return out;
}

TEST_CASE("snapshot: a missing required field is an error at the element",
          "[frontends][snapshot]") {
  Scratch scratch("snapshot-missing");
  writeBase(scratch);
  std::string path = scratch.write("SecurityGroups.json", R"({"SecurityGroups": [
  {"GroupName": "web", "VpcId": "vpc-1"}
]})");
  DiagnosticEngine diags;
  Network net = loadNetwork({scratch.path()}, diags);
  REQUIRE(diags.errorCount() == 1);
  const Diagnostic& d = diags.diagnostics().front();
  CHECK(d.code == "snapshot-missing-field");
  CHECK(d.location.str() == path + ":2:3");
  CHECK(d.message == "security group has no GroupId (required)");
  CHECK(net.security_groups.empty());  // the stage stopped: no partial model
}

TEST_CASE("snapshot: a value of the wrong type is an error at the value", "[frontends][snapshot]") {
  Scratch scratch("snapshot-type");
  writeBase(scratch);
  std::string path = scratch.write(
      "Subnets.json",
      R"({"Subnets": [{"SubnetId": "subnet-1", "VpcId": "vpc-1", "CidrBlock": 10}]})");
  DiagnosticEngine diags;
  loadNetwork({scratch.path()}, diags);
  REQUIRE(diags.errorCount() == 1);
  const Diagnostic& d = diags.diagnostics().front();
  CHECK(d.code == "snapshot-bad-value");
  CHECK(d.location.str() == path + ":1:70");
  CHECK(d.message == "subnet: CidrBlock must be a string, found a number");
}

TEST_CASE("snapshot: an invalid CIDR reaches the builder's diagnostic", "[frontends][snapshot]") {
  Scratch scratch("snapshot-cidr");
  writeBase(scratch);
  scratch.write(
      "Subnets.json",
      R"({"Subnets": [{"SubnetId": "subnet-1", "VpcId": "vpc-1", "CidrBlock": "10.0.1.0/33"}]})");
  DiagnosticEngine diags;
  loadNetwork({scratch.path()}, diags);
  CHECK(diags.hasErrors());
  CHECK(codes(diags).front() == "invalid-cidr");
}

TEST_CASE("snapshot: unknown and Batfish-only keys are skipped with a warning",
          "[frontends][snapshot]") {
  Scratch scratch("snapshot-keys");
  writeBase(scratch);
  scratch.write("Extra.json", R"({"FlowLogs": []})");
  scratch.write("Statics.json", R"({"TransitGatewayStaticRoutes": []})");
  DiagnosticEngine diags;
  Network net = loadNetwork({scratch.path()}, diags);
  CHECK_FALSE(diags.hasErrors());
  CHECK(codes(diags) ==
        std::vector<std::string>{"snapshot-file-not-read", "snapshot-file-not-read"});
  CHECK(diags.diagnostics()[0].message.find("'FlowLogs'") != std::string::npos);
  CHECK(diags.diagnostics()[1].message.find("Batfish-only") != std::string::npos);
  CHECK(net.vpcs.size() == 1);
}

TEST_CASE("snapshot: only running instances count", "[frontends][snapshot]") {
  Scratch scratch("snapshot-instances");
  writeBase(scratch);
  scratch.write("Reservations.json", R"({"Reservations": [{"Instances": [)" +
                                         instance("i-run", "running", "10.0.1.10") + "," +
                                         instance("i-pending", "pending", "10.0.1.11") + "," +
                                         instance("i-stopping", "stopping", "10.0.1.12") + "]}]}");
  DiagnosticEngine diags;
  Network net = loadNetwork({scratch.path()}, diags);
  INFO(diags.renderAll());
  REQUIRE_FALSE(diags.hasErrors());
  CHECK(hasInterface(net, "i-run"));
  CHECK_FALSE(hasInterface(net, "i-pending"));
  CHECK_FALSE(hasInterface(net, "i-stopping"));
  // The instance's own fields serve when no interface is listed; no public
  // address unless one is shown.
  CHECK(net.interfaces.front().private_addresses.front().ip->str() == "10.0.1.10");
  CHECK_FALSE(net.interfaces.front().public_address.present());
}

TEST_CASE("snapshot: databases count in the states in which they serve", "[frontends][snapshot]") {
  for (const char* serving :
       {"available", "backing-up", "modifying", "maintenance", "storage-optimization", "upgrading",
        "rebooting", "renaming", "configuring-enhanced-monitoring", "resetting-master-credentials"})
    CHECK(snapshot::databaseServes(serving));
  for (const char* idle : {"stopped", "stopping", "starting", "creating", "deleting", "failed",
                           "incompatible-network", "storage-full"})
    CHECK_FALSE(snapshot::databaseServes(idle));
  Scratch scratch("snapshot-databases");
  writeBase(scratch);
  auto db = [](const std::string& id, const std::string& status) {
    return R"({"DBInstanceIdentifier": ")" + id + R"(", "DBInstanceStatus": ")" + status +
           R"(", "DBSubnetGroup": {"Subnets": [{"SubnetIdentifier": "subnet-1"}]},
               "VpcSecurityGroups": [{"VpcSecurityGroupId": "sg-1", "Status": "active"}]})";
  };
  scratch.write("DBInstances.json", R"({"DBInstances": [)" + db("busy", "backing-up") + "," +
                                        db("off", "stopped") + "]}");
  DiagnosticEngine diags;
  Network net = loadNetwork({scratch.path()}, diags);
  REQUIRE_FALSE(diags.hasErrors());
  REQUIRE(net.interfaces.size() == 1);
  CHECK(net.interfaces.front().owner == "busy");
  CHECK(net.interfaces.front().provenance.cloud_name == "busy");
}

TEST_CASE("snapshot: NetworkInterfaces.json wins over Reservations.json", "[frontends][snapshot]") {
  Scratch scratch("snapshot-disagree");
  writeBase(scratch);
  scratch.write("Reservations.json", R"({"Reservations": [{"Instances": [{
    "InstanceId": "i-1", "State": {"Name": "running"}, "SubnetId": "subnet-1",
    "NetworkInterfaces": [{"NetworkInterfaceId": "eni-1", "SubnetId": "subnet-1",
      "Attachment": {"DeviceIndex": 0}, "Groups": [{"GroupId": "sg-1"}],
      "PrivateIpAddresses": [{"PrivateIpAddress": "10.0.1.10", "Primary": true}]}]}]}]})");
  std::string path = scratch.write("NetworkInterfaces.json", R"({"NetworkInterfaces": [
  {"NetworkInterfaceId": "eni-1", "SubnetId": "subnet-1", "RequesterManaged": false,
   "Attachment": {"InstanceId": "i-1", "DeviceIndex": 0}, "Groups": [{"GroupId": "sg-1"}],
   "PrivateIpAddresses": [{"PrivateIpAddress": "10.0.1.99", "Primary": true}]}]})");
  DiagnosticEngine diags;
  Network net = loadNetwork({scratch.path()}, diags);
  REQUIRE_FALSE(diags.hasErrors());
  REQUIRE(codes(diags) == std::vector<std::string>{"snapshot-disagreement"});
  CHECK(diags.diagnostics().front().location.str() == path + ":2:3");
  REQUIRE(net.interfaces.size() == 1);
  CHECK(net.interfaces.front().name == "i-1");
  CHECK(net.interfaces.front().private_addresses.front().ip->str() == "10.0.1.99");
}

TEST_CASE("snapshot: a requester-managed interface no collected file builds is an endpoint",
          "[frontends][snapshot]") {
  // A Lambda function's interface (its describe call is not collected)
  // carries real addresses and groups: it stands as an interface. A NAT
  // gateway's never does, and a database's is built from DBInstances.json
  // only when the snapshot has that file.
  Scratch scratch("snapshot-managed");
  writeBase(scratch);
  scratch.write("NetworkInterfaces.json", R"({"NetworkInterfaces": [
  {"NetworkInterfaceId": "eni-lambda", "SubnetId": "subnet-1", "InterfaceType": "lambda",
   "RequesterManaged": true, "RequesterId": "AROAEXAMPLE:fn", "Groups": [{"GroupId": "sg-1"}],
   "PrivateIpAddresses": [{"PrivateIpAddress": "10.0.1.50", "Primary": true}]},
  {"NetworkInterfaceId": "eni-nat", "SubnetId": "subnet-1", "InterfaceType": "nat_gateway",
   "RequesterManaged": true, "Groups": [],
   "PrivateIpAddresses": [{"PrivateIpAddress": "10.0.1.5", "Primary": true}]},
  {"NetworkInterfaceId": "eni-rds", "SubnetId": "subnet-1", "InterfaceType": "interface",
   "RequesterManaged": true, "RequesterId": "amazon-rds", "Description": "RDSNetworkInterface",
   "Groups": [{"GroupId": "sg-1"}],
   "PrivateIpAddresses": [{"PrivateIpAddress": "10.0.1.60", "Primary": true}]}]})");
  {
    DiagnosticEngine diags;
    Network net = loadNetwork({scratch.path()}, diags);
    INFO(diags.renderAll());
    REQUIRE_FALSE(diags.hasErrors());
    CHECK(hasInterface(net, "eni-lambda"));
    CHECK_FALSE(hasInterface(net, "eni-nat"));
    CHECK(hasInterface(net, "eni-rds"));  // no DBInstances.json: nothing else builds it
  }
  scratch.write("DBInstances.json", R"({"DBInstances": []})");
  DiagnosticEngine diags;
  Network net = loadNetwork({scratch.path()}, diags);
  REQUIRE_FALSE(diags.hasErrors());
  CHECK(hasInterface(net, "eni-lambda"));
  CHECK_FALSE(hasInterface(net, "eni-rds"));  // DBInstances.json decides which databases count
}

TEST_CASE("snapshot: ECMP and cut transit gateway tables are uncertainties",
          "[frontends][snapshot]") {
  Scratch scratch("snapshot-ecmp");
  writeBase(scratch);
  scratch.write("TransitGateways.json",
                R"({"TransitGateways": [{"TransitGatewayId": "tgw-1", "State": "available"}]})");
  scratch.write("TransitGatewayRouteTables.json", R"({"TransitGatewayRouteTables": [
    {"TransitGatewayRouteTableId": "tgw-rtb-1", "TransitGatewayId": "tgw-1"}]})");
  scratch.write("TransitGatewayRoutes.json", R"({"TransitGatewayRoutes": [
    {"TransitGatewayRouteTableId": "tgw-rtb-1", "AdditionalRoutesAvailable": true, "Routes": [
      {"DestinationCidrBlock": "10.9.0.0/16", "Type": "static", "State": "active",
       "TransitGatewayAttachments": [{"TransitGatewayAttachmentId": "tgw-attach-1"},
                                     {"TransitGatewayAttachmentId": "tgw-attach-2"}]}]}]})");
  DiagnosticEngine diags;
  Network net = loadNetwork({scratch.path()}, diags);
  INFO(diags.renderAll());
  REQUIRE_FALSE(diags.hasErrors());
  REQUIRE(net.uncertainties.size() == 2);
  CHECK(net.uncertainties[0].effect.find("more routes than the snapshot lists") !=
        std::string::npos);
  CHECK(net.uncertainties[1].effect.find("ECMP") != std::string::npos);
  CHECK(net.tgw_route_tables.front().routes.empty());
}

TEST_CASE("snapshot: one file named alone is read alone", "[frontends][snapshot]") {
  Scratch scratch("snapshot-single");
  writeBase(scratch);
  DiagnosticEngine diags;
  aws::Resources resources = loadInputs({scratch.path("Vpcs.json")}, diags);
  CHECK_FALSE(diags.hasErrors());
  CHECK(resources.vpcs.size() == 1);
  CHECK(resources.subnets.empty());
}

TEST_CASE("snapshot: other inputs in a snapshot folder keep their frontend",
          "[frontends][snapshot]") {
  Scratch scratch("snapshot-mixed");
  writeBase(scratch);
  scratch.write("native.json",
                R"({"segproof": "model/v1", "vpcs": [{"name": "lab", "cidr": "10.7.0.0/16"}]})");
  DiagnosticEngine diags;
  aws::Resources resources = loadInputs({scratch.path()}, diags);
  INFO(diags.renderAll());
  CHECK(diags.diagnostics().empty());
  CHECK(resources.vpcs.size() == 2);
}

const std::string kTwoAccounts = std::string(SEGPROOF_SOURCE_DIR) + "/tests/snapshots/two-accounts";

TEST_CASE("snapshot: several regions qualify ids and resolve peerings across accounts",
          "[frontends][snapshot]") {
  DiagnosticEngine diags;
  Network net = loadNetwork({kTwoAccounts}, diags);
  INFO(diags.renderAll());
  REQUIRE_FALSE(diags.hasErrors());
  CHECK(diags.diagnostics().empty());
  REQUIRE(net.vpcs.size() == 2);
  CHECK(net.vpcs[0].name == "111122223333/eu-west-1/vpc-0a0a000000000001");
  CHECK(net.vpcs[0].provenance.cloud_id == "vpc-0a0a000000000001");
  CHECK(net.vpcs[1].name == "444455556666/eu-west-1/vpc-0b0b000000000001");
  REQUIRE(net.peerings.size() == 1);
  const Peering& peering = net.peerings.front();
  CHECK(peering.name == "111122223333/eu-west-1/pcx-0a0a000000000001");
  CHECK(net.at(peering.requester).name == net.vpcs[0].name);
  CHECK(net.at(peering.accepter).name == net.vpcs[1].name);
  // Both accounts' tables route over the one peering.
  for (const RouteTable& table : net.route_tables) {
    CHECK(std::any_of(table.routes.begin(), table.routes.end(), [&](const Route& r) {
      return r.target == RouteTargetKind::kPeering && r.peering.valid();
    }));
  }
  // A group of the other account referenced through the peering resolves.
  bool cross = false;
  for (const SecurityGroup& group : net.security_groups)
    for (const SecurityGroupRule& rule : group.rules)
      cross = cross || (rule.peer.kind == RulePeer::Kind::kSecurityGroup &&
                        net.at(rule.peer.security_group).vpc != group.vpc);
  CHECK(cross);
}

// Every field of the wrong type, file by file: diagnostics at known
// positions, never a crash or a model built from half the input.
TEST_CASE("snapshot: wrong types anywhere are errors, not crashes", "[frontends][snapshot]") {
  namespace fs = std::filesystem;
  const std::string fixture = std::string(SEGPROOF_SOURCE_DIR) + "/tests/snapshots/three-tier";
  struct Mutation {
    std::regex pattern;
    const char* replacement;
    bool hits_required;  // some required field changes in every file
  };
  const Mutation mutations[] = {
      {std::regex(R"(": "[^"]*")"), "\": 7", true},     // strings become numbers
      {std::regex(R"(": \[)"), "\": {\"x\": [", true},  // arrays become objects
      // Scalars become strings: some files have no such field that is read.
      {std::regex(R"(": (true|false|[0-9]+))"), "\": \"1\"", false},
  };
  for (const auto& entry : fs::directory_iterator(fixture)) {
    if (entry.path().extension() != ".json") continue;
    std::ifstream in(entry.path());
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (const Mutation& mutation : mutations) {
      std::string mutated = std::regex_replace(text, mutation.pattern, mutation.replacement);
      if (mutated == text) continue;
      Scratch scratch("snapshot-mutated");
      for (const auto& other : fs::directory_iterator(fixture))
        if (other.path().extension() == ".json") fs::copy(other.path(), scratch.path());
      scratch.write(entry.path().filename().string(), mutated);
      DiagnosticEngine diags;
      Network net = loadNetwork({scratch.path()}, diags);
      INFO(entry.path().filename().string() << " " << mutation.replacement);
      if (mutation.hits_required) CHECK(diags.hasErrors());
      if (diags.hasErrors()) CHECK(net.interfaces.empty());
      for (const Diagnostic& d : diags.diagnostics()) CHECK(d.location.known());
    }
  }
}

TEST_CASE("snapshot: NetworkInterfaces.json alone describes instance interfaces",
          "[frontends][snapshot]") {
  Scratch scratch("snapshot-enis");
  writeBase(scratch);
  scratch.write("NetworkInterfaces.json", R"({"NetworkInterfaces": [
  {"NetworkInterfaceId": "eni-1", "SubnetId": "subnet-1", "Groups": [{"GroupId": "sg-1"}],
   "Attachment": {"InstanceId": "i-1", "DeviceIndex": 0},
   "PrivateIpAddresses": [{"PrivateIpAddress": "10.0.1.10", "Primary": true}]},
  {"NetworkInterfaceId": "eni-2", "SubnetId": "subnet-1", "Groups": [{"GroupId": "sg-1"}],
   "Attachment": {"InstanceId": "i-1", "DeviceIndex": 1},
   "PrivateIpAddresses": [{"PrivateIpAddress": "10.0.1.11", "Primary": true}]},
  {"NetworkInterfaceId": "eni-3", "SubnetId": "subnet-1", "RequesterManaged": true,
   "InterfaceType": "nat_gateway",
   "PrivateIpAddresses": [{"PrivateIpAddress": "10.0.1.12", "Primary": true}]}]})");
  DiagnosticEngine diags;
  Network net = loadNetwork({scratch.path()}, diags);
  INFO(diags.renderAll());
  REQUIRE_FALSE(diags.hasErrors());
  REQUIRE(net.interfaces.size() == 2);  // the NAT gateway's interface is the gateway's
  CHECK(net.interfaces[0].name == "i-1");
  CHECK(net.interfaces[0].kind == EndpointKind::kInstance);
  CHECK(net.interfaces[1].name == "eni-2");
  CHECK(net.interfaces[1].owner == "i-1");
  CHECK(net.interfaces[1].kind == EndpointKind::kInstance);
}

TEST_CASE("snapshot: a peering to a VPC outside the snapshot leads out of the model",
          "[frontends][snapshot]") {
  Scratch scratch("snapshot-outside");
  writeBase(scratch);
  scratch.write("VpcPeeringConnections.json", R"({"VpcPeeringConnections": [
  {"VpcPeeringConnectionId": "pcx-1", "Status": {"Code": "active"},
   "RequesterVpcInfo": {"VpcId": "vpc-1", "OwnerId": "111122223333", "Region": "eu-west-1"},
   "AccepterVpcInfo": {"VpcId": "vpc-9", "OwnerId": "444455556666", "Region": "eu-west-1"}},
  {"VpcPeeringConnectionId": "pcx-2", "Status": {"Code": "pending-acceptance"},
   "RequesterVpcInfo": {"VpcId": "vpc-1"}, "AccepterVpcInfo": {"VpcId": "vpc-8"}}]})");
  scratch.write("RouteTables.json", R"({"RouteTables": [
  {"RouteTableId": "rtb-1", "VpcId": "vpc-1", "Associations": [{"Main": true}], "Routes": [
    {"DestinationCidrBlock": "10.9.0.0/16", "VpcPeeringConnectionId": "pcx-1", "State": "active"},
    {"DestinationCidrBlock": "10.8.0.0/16", "VpcPeeringConnectionId": "pcx-2", "State": "active"}]}]})");
  DiagnosticEngine diags;
  Network net = loadNetwork({scratch.path()}, diags);
  INFO(diags.renderAll());
  REQUIRE_FALSE(diags.hasErrors());
  CHECK(codes(diags) == std::vector<std::string>{"snapshot-outside-reference"});
  CHECK(net.peerings.empty());
  const RouteTable& table = net.route_tables.front();
  auto route = [&](const std::string& destination) {
    for (const Route& r : table.routes)
      if (r.destination.str() == destination) return r;
    FAIL("no route to " << destination);
    return Route{};
  };
  Route outside = route("10.9.0.0/16");
  CHECK(outside.target == RouteTargetKind::kOther);
  CHECK(net.at(outside.gateway).name == "pcx-1");
  CHECK(route("10.8.0.0/16").target == RouteTargetKind::kBlackhole);
}

TEST_CASE("snapshot: region folders group into snapshots by layout", "[frontends][snapshot]") {
  auto layouts = snapshot::groupSnapshots({
      "snap/111122223333/eu-west-1", "snap/111122223333/us-east-1",
      "snap/444455556666/eu-west-1",                                    // the collector's
      "bf/aws_configs/accounts/111122223333/eu-west-1",                 // Batfish's, one region
      "flat/aws_configs", "other"});                                    // flat ones
  REQUIRE(layouts.size() == 4);
  CHECK(layouts[0].root == "bf/aws_configs");
  REQUIRE(layouts[0].regions.size() == 1);
  CHECK(layouts[0].regions[0].account == "111122223333");
  CHECK(layouts[0].regions[0].region == "eu-west-1");
  CHECK(layouts[1].root == "flat/aws_configs");
  CHECK(layouts[1].regions[0].account.empty());
  CHECK(layouts[2].root == "other");
  CHECK(layouts[3].root == "snap");
  REQUIRE(layouts[3].regions.size() == 3);
  CHECK(layouts[3].regions[1].region == "us-east-1");
  CHECK(layouts[3].regions[2].account == "444455556666");
}

}  // namespace
}  // namespace segproof
