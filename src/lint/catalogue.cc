// The check list (catalogue.h); docs/lint.md describes each.
#include "lint/catalogue.h"

#include <array>

#include "lint/checks.h"

namespace segproof::lint {

namespace {

using S = LintSeverity;

constexpr std::array kChecks = {
    // Rules that admit the internet (open_rules.cc).
    CheckInfo{"sg-ingress-all-protocols", S::kCritical,
              "security group admits the internet on all protocols"},
    CheckInfo{"sg-ingress-admin-port", S::kCritical,
              "security group admits the internet on a remote administration port"},
    CheckInfo{"sg-ingress-sensitive-port", S::kHigh,
              "security group admits the internet on a sensitive service port"},
    CheckInfo{"sg-ingress-port-range", S::kMedium,
              "security group admits the internet on a port range"},
    CheckInfo{"sg-ingress-open", S::kLow, "security group admits the internet"},
    CheckInfo{"sg-egress-all-protocols", S::kMedium,
              "security group lets traffic out to the internet on all protocols"},
    CheckInfo{"sg-egress-open", S::kLow, "security group lets traffic out to the internet"},
    CheckInfo{"nacl-ingress-all-protocols", S::kHigh,
              "network ACL admits the internet on all protocols"},
    CheckInfo{"nacl-ingress-admin-port", S::kHigh,
              "network ACL admits the internet on a remote administration port"},
    CheckInfo{"nacl-ingress-sensitive-port", S::kMedium,
              "network ACL admits the internet on a sensitive service port"},
    CheckInfo{"nacl-ingress-port-range", S::kLow,
              "network ACL admits the internet on every port of tcp or udp"},
    CheckInfo{"nacl-egress-all-protocols", S::kLow,
              "network ACL lets traffic out to the internet on all protocols"},
    // How wide a rule is, whatever its peer (rule_shape.cc).
    CheckInfo{"sg-rule-all-protocols", S::kInfo,
              "security group rule allows all protocols (peer not the internet)"},
    CheckInfo{"sg-rule-port-range", S::kInfo,
              "security group rule allows a port range (peer not the internet)"},
    CheckInfo{"nacl-entry-all-protocols", S::kInfo,
              "network ACL entry allows all protocols (peer not the internet)"},
    CheckInfo{"nacl-entry-all-ports", S::kInfo,
              "network ACL entry allows every tcp or udp port (peer not the internet)"},
    // Network ACL hygiene (nacl_hygiene.cc).
    CheckInfo{"nacl-rule-shadowed", S::kMedium, "network ACL entry never decides a packet"},
    CheckInfo{"nacl-deny-ineffective", S::kLow, "network ACL deny has no effect"},
    CheckInfo{"nacl-duplicate-number", S::kHigh,
              "two network ACL entries share a rule number and direction"},
    CheckInfo{"nacl-overlapping-entries", S::kInfo,
              "network ACL entries overlap with different actions"},
    CheckInfo{"nacl-missing-port-range", S::kMedium,
              "tcp or udp network ACL entry without a port range"},
    // Security group, VPC, subnet and route hygiene (hygiene.cc).
    CheckInfo{"sg-duplicate-rule", S::kLow,
              "security group rule is contained in another rule of the group"},
    CheckInfo{"sg-unused", S::kLow, "security group is attached to nothing"},
    CheckInfo{"sg-missing-group", S::kInfo,
              "rule names a security group that is not in the inputs"},
    CheckInfo{"default-sg-not-restricted", S::kMedium,
              "a VPC's default security group is not adopted and emptied"},
    CheckInfo{"subnet-public-ip", S::kLow, "subnet assigns public IPv4 addresses on launch"},
    CheckInfo{"instance-public-ip", S::kLow, "instance or interface has a public IPv4 address"},
    CheckInfo{"route-data-store-igw", S::kHigh,
              "database may be placed in a subnet that routes 0.0.0.0/0 to an internet gateway"},
    CheckInfo{"route-peering-wide", S::kMedium,
              "peering route is wider than the peer VPC's address space"},
};

}  // namespace

std::span<const CheckInfo> checkCatalogue() { return kChecks; }

const CheckInfo* findCheck(std::string_view id) {
  for (const CheckInfo& check : kChecks)
    if (check.id == id) return &check;
  return nullptr;
}

LintFinding makeFinding(std::string_view check, const std::string& resource,
                        const std::string& element, const SourceLocation& location,
                        std::string message, std::string fix) {
  const CheckInfo* info = findCheck(check);
  LintFinding out;
  out.check = std::string(check);
  out.severity = info ? info->severity : LintSeverity::kMedium;
  out.message = std::move(message);
  out.resource = resource;
  out.element = element;
  out.location = location;
  out.fix = std::move(fix);
  return out;
}

LintFinding ruleFinding(std::string_view check, const LintRule& rule, std::string message,
                        std::string fix) {
  return makeFinding(check, rule.resource, rule.element, rule.location, std::move(message),
                     std::move(fix));
}

}  // namespace segproof::lint
