// segproof_gen: writes a synthetic AWS network in the native model format,
// or as Terraform source.
//
//   segproof_gen --interfaces N [--seed S] [-o FILE.yaml] [shape overrides]
//   segproof_gen --shape enterprise [--scale F] [--seed S] [-o FILE.yaml]
//   segproof_gen ... --format terraform -o DIR
//   segproof_gen ... --ipv6          (dual-stack; YAML only)
//
// The shape follows from N by the fixed ratios of shapeForInterfaces, or
// from F by enterpriseShape (generate_network.h); the overrides (also
// --interfaces after --shape) change one parameter each. The same arguments
// always write the same files. A summary goes to stderr.
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "generate_network.h"

namespace {

using segproof::bench::NetworkShape;

constexpr const char* kUsage =
    "usage: segproof_gen --interfaces N [--seed S] [-o FILE]\n"
    "                    [--vpcs N] [--subnets-per-vpc N] [--groups-per-vpc N]\n"
    "                    [--rules-per-group N] [--acl-rules N] [--peerings N]\n"
    "       segproof_gen --shape enterprise [--scale F] [same options]\n"
    "       segproof_gen ... --format terraform -o DIR\n"
    "       segproof_gen ... --ipv6   (dual-stack: IPv6 beside IPv4; YAML only)\n";

bool parseNumber(std::string_view text, long long& out) {
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  return error == std::errc() && end == text.data() + text.size();
}

// The shape parameter an option sets, or nullptr.
int* shapeField(NetworkShape& shape, std::string_view option) {
  if (option == "--vpcs") return &shape.vpcs;
  if (option == "--subnets-per-vpc") return &shape.subnets_per_vpc;
  if (option == "--groups-per-vpc") return &shape.groups_per_vpc;
  if (option == "--rules-per-group") return &shape.rules_per_group;
  if (option == "--acl-rules") return &shape.acl_rules;
  if (option == "--peerings") return &shape.peerings;
  return nullptr;
}

struct Arguments {
  bool enterprise = false;
  double scale = 1;
  bool terraform = false;
  bool ipv6 = false;
  long long interfaces = -1;
  long long seed = 1;
  std::string output;
  std::vector<std::pair<std::string, long long>> overrides;
};

bool parseArguments(int argc, char** argv, Arguments& args) {
  NetworkShape probe;
  for (int i = 1; i < argc; ++i) {
    std::string_view option = argv[i];
    if (option == "--ipv6") {  // the only option without a value
      args.ipv6 = true;
      continue;
    }
    if (i + 1 >= argc) return false;
    std::string_view value = argv[++i];
    long long number = 0;
    if (option == "-o") {
      args.output = value;
    } else if (option == "--shape" && (value == "enterprise" || value == "classic")) {
      args.enterprise = value == "enterprise";
    } else if (option == "--format" && (value == "yaml" || value == "terraform")) {
      args.terraform = value == "terraform";
    } else if (option == "--scale") {
      std::string text(value);
      char* end = nullptr;
      args.scale = std::strtod(text.c_str(), &end);
      if (end != text.c_str() + text.size() || !(args.scale > 0) || args.scale > 100) {
        std::cerr << "segproof_gen: expected a positive scale, at most 100\n";
        return false;
      }
    } else if (option == "--shape" || option == "--format") {
      std::cerr << "segproof_gen: unknown " << option << " " << value << "\n";
      return false;
    } else if (!parseNumber(value, number) || number < 0 || number > 1'000'000'000) {
      std::cerr << "segproof_gen: expected a non-negative number for " << option << "\n";
      return false;
    } else if (option == "--interfaces") {
      args.interfaces = number;
    } else if (option == "--seed") {
      args.seed = number;
    } else if (shapeField(probe, option)) {
      args.overrides.emplace_back(std::string(option), number);
    } else {
      return false;
    }
  }
  if (args.terraform && args.ipv6) {
    std::cerr << "segproof_gen: --ipv6 is written as native YAML only, not as Terraform\n";
    return false;
  }
  if (args.terraform && args.output.empty()) {
    std::cerr << "segproof_gen: --format terraform needs -o DIR\n";
    return false;
  }
  return args.interfaces >= 0 || args.enterprise;
}

void printCounts(const segproof::bench::NetworkCounts& c) {
  std::cerr << "segproof_gen: " << c.interfaces << " interfaces (" << c.instances << " instances, "
            << c.databases << " databases), " << c.vpcs << " VPCs, " << c.subnets << " subnets, "
            << c.security_groups << " security groups (" << c.security_group_rules << " rules), "
            << c.network_acls << " network ACLs (" << c.network_acl_rules << " rules), "
            << c.peerings << " peerings, " << c.route_tables << " route tables\n";
}

}  // namespace

int main(int argc, char** argv) {
  Arguments args;
  if (!parseArguments(argc, argv, args)) {
    std::cerr << kUsage;
    return 2;
  }
  NetworkShape shape =
      args.enterprise
          ? segproof::bench::enterpriseShape(args.scale, static_cast<uint64_t>(args.seed))
          : segproof::bench::shapeForInterfaces(static_cast<int>(args.interfaces),
                                                static_cast<uint64_t>(args.seed));
  if (args.enterprise && args.interfaces >= 0) shape.interfaces = static_cast<int>(args.interfaces);
  for (const auto& [option, value] : args.overrides)
    *shapeField(shape, option) = static_cast<int>(value);
  shape.ipv6 = args.ipv6;
  if (std::string problem = segproof::bench::checkShape(shape); !problem.empty()) {
    std::cerr << "segproof_gen: " << problem << "\n";
    return 2;
  }
  if (args.terraform) {
    std::string error;
    std::optional<segproof::bench::NetworkCounts> counts =
        segproof::bench::writeNetworkTerraform(shape, args.output, error);
    if (!counts) {
      std::cerr << "segproof_gen: " << error << "\n";
      return 1;
    }
    printCounts(*counts);
    return 0;
  }
  std::ofstream file;
  if (!args.output.empty()) {
    file.open(args.output);
    if (!file) {
      std::cerr << "segproof_gen: cannot write " << args.output << "\n";
      return 1;
    }
  }
  std::ostream& out = args.output.empty() ? std::cout : file;
  segproof::bench::NetworkCounts c = segproof::bench::writeNetworkYaml(shape, out);
  out.flush();
  if (!out) {
    std::cerr << "segproof_gen: write failed\n";
    return 1;
  }
  printCounts(c);
  return 0;
}
