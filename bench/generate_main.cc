// segproof_gen: writes a synthetic AWS network in the native model format.
//
//   segproof_gen --interfaces N [--seed S] [-o FILE.yaml] [shape overrides]
//
// The shape follows from N by the fixed ratios of shapeForInterfaces
// (generate_network.h); the overrides change one parameter each. The same
// arguments always write the same file. A summary goes to stderr.
#include <charconv>
#include <fstream>
#include <iostream>
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
    "                    [--rules-per-group N] [--acl-rules N] [--peerings N]\n";

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
  long long interfaces = -1;
  long long seed = 1;
  std::string output;
  std::vector<std::pair<std::string, long long>> overrides;
};

bool parseArguments(int argc, char** argv, Arguments& args) {
  NetworkShape probe;
  for (int i = 1; i < argc; ++i) {
    std::string_view option = argv[i];
    if (i + 1 >= argc) return false;
    std::string_view value = argv[++i];
    long long number = 0;
    if (option == "-o") {
      args.output = value;
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
  return args.interfaces >= 0;
}

}  // namespace

int main(int argc, char** argv) {
  Arguments args;
  if (!parseArguments(argc, argv, args)) {
    std::cerr << kUsage;
    return 2;
  }
  NetworkShape shape = segproof::bench::shapeForInterfaces(static_cast<int>(args.interfaces),
                                                           static_cast<uint64_t>(args.seed));
  for (const auto& [option, value] : args.overrides)
    *shapeField(shape, option) = static_cast<int>(value);
  if (std::string problem = segproof::bench::checkShape(shape); !problem.empty()) {
    std::cerr << "segproof_gen: " << problem << "\n";
    return 2;
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
  std::cerr << "segproof_gen: " << c.interfaces << " interfaces (" << c.instances << " instances, "
            << c.databases << " databases), " << c.vpcs << " VPCs, " << c.subnets << " subnets, "
            << c.security_groups << " security groups (" << c.security_group_rules << " rules), "
            << c.network_acls << " network ACLs (" << c.network_acl_rules << " rules), "
            << c.peerings << " peerings, " << c.route_tables << " route tables\n";
  return 0;
}
