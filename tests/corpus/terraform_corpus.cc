// The Terraform corpus walk (ctest label "corpus"): every .tf file and
// `terraform show -json` file of the public fixtures in ../shared/corpora
// must load without a crash, and valid HCL without a syntax error. Prints how
// many inputs loaded cleanly, with warnings only, or with errors, and checks
// that the terraform-aws-security-group examples expand their named rules
// into concrete ports and CIDRs.
//
// Usage: tests_corpus_terraform CORPORA_DIR [--verbose]
// Exit: 0 pass, 1 fail, 77 skipped (CORPORA_DIR absent).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "corpus_walk.h"
#include "frontends/terraform/module/module_evaluator.h"
#include "frontends/terraform/module/module_source.h"

namespace fs = std::filesystem;
using namespace segproof;

namespace {

using corpus::Tally;

bool isTf(const fs::path& p) { return terraform::isTerraformFile(p.generic_string()); }

bool isTerraformJsonFile(const fs::path& p) {
  if (p.extension() != ".json") return false;
  std::FILE* f = std::fopen(p.c_str(), "rb");
  if (!f) return false;
  char buffer[4096];
  size_t n = std::fread(buffer, 1, sizeof buffer, f);
  std::fclose(f);
  std::string head(buffer, n);
  return head.find("\"format_version\"") != std::string::npos &&
         (head.find("\"planned_values\"") != std::string::npos ||
          head.find("\"terraform_version\"") != std::string::npos ||
          head.find("\"values\"") != std::string::npos);
}

// Root modules of a module repository: the repository itself, its examples
// and its submodules (each a folder with Terraform files).
std::vector<std::string> moduleRoots(const fs::path& repo) {
  std::vector<std::string> roots = {repo.generic_string()};
  for (const char* group : {"examples", "modules"}) {
    std::error_code error;
    for (fs::directory_iterator it(repo / group, error); !error && it != fs::directory_iterator();
         it.increment(error)) {
      if (it->is_directory() && !terraform::terraformFilesIn(it->path().generic_string()).empty())
        roots.push_back(it->path().generic_string());
    }
  }
  std::sort(roots.begin() + 1, roots.end());
  return roots;
}

// terraform-aws-security-group/examples/complete: the named rule
// "https-443-tcp" with ingress_cidr_blocks ["10.10.0.0/16"] must become a
// rule for tcp 443 from 10.10.0.0/16.
bool namedRulesExpand(const fs::path& repo) {
  std::string dir = (repo / "examples" / "complete").generic_string();
  DiagnosticEngine diags;
  terraform::Configuration config = terraform::evaluateRootModule(
      dir, terraform::terraformFilesIn(dir), true, {}, diags);
  int expanded = 0;
  bool found_https = false;
  for (const terraform::ResourceInstance& r : config.resources) {
    if (r.type != "aws_security_group_rule") continue;
    const terraform::EvalAttribute* from = r.body.attribute("from_port");
    const terraform::EvalAttribute* to = r.body.attribute("to_port");
    const terraform::EvalAttribute* protocol = r.body.attribute("protocol");
    if (!from || !to || !protocol || !from->value.isNumber() || !protocol->value.isString()) continue;
    ++expanded;
    const terraform::EvalAttribute* cidrs = r.body.attribute("cidr_blocks");
    if (r.address.rfind("module.main_sg.", 0) == 0 && from->value.asNumber() == 443 &&
        to->value.asNumber() == 443 && protocol->value.asString() == "tcp" && cidrs &&
        cidrs->value.str() == "[\"10.10.0.0/16\"]")
      found_https = true;
  }
  std::cout << "terraform-aws-security-group/examples/complete: " << expanded
            << " security group rules with concrete ports and protocol; main_sg https-443-tcp "
            << (found_https ? "expanded to tcp/443 from 10.10.0.0/16" : "NOT EXPANDED") << "\n";
  return found_https && expanded >= 20;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: tests_corpus_terraform CORPORA_DIR [--verbose]\n";
    return 1;
  }
  fs::path corpora = argv[1];
  bool verbose = argc > 2 && std::string(argv[2]) == "--verbose";
  if (!fs::is_directory(corpora)) {
    std::cout << "skipped: " << corpora << " is absent\n";
    return 77;
  }
  auto start = std::chrono::steady_clock::now();
  std::map<std::string, Tally> tallies;
  for (const char* peer : {"checkov", "kics", "trivy-checks"}) {
    for (const std::string& file : corpus::filesUnder(corpora / peer, isTf))
      corpus::load(file, tallies[peer], verbose);
    for (const std::string& file : corpus::filesUnder(corpora / peer, isTerraformJsonFile))
      corpus::load(file, tallies[std::string(peer) + " (plan JSON)"], verbose);
  }
  for (const char* repo : {"terraform-aws-vpc", "terraform-aws-security-group"}) {
    for (const std::string& root : moduleRoots(corpora / repo))
      corpus::load(root, tallies[repo], verbose);
  }
  Tally total = corpus::report(tallies);
  bool expanded = namedRulesExpand(corpora / "terraform-aws-security-group");
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "walked in " << seconds << " s\n";
  if (total.syntax_errors > 0) std::cout << "FAIL: syntax errors in valid inputs\n";
  if (!expanded) std::cout << "FAIL: named security group rules were not expanded\n";
  return total.syntax_errors == 0 && expanded ? 0 : 1;
}
