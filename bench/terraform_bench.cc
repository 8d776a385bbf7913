// segproof_bench_terraform: how long reading Terraform takes.
//
//   segproof_bench_terraform [--runs 5] [--corpora DIR] [--sizes 30,60,120,240]
//                            [--enterprise 0.125,0.25,0.5,1]
//
// For each input, every stage runs --runs times in-process and the median
// (min-max) wall time is printed as Markdown:
//   parse:    reading and parsing every file of the root module and of the
//             local modules it calls (module_source.h), no evaluation;
//   evaluate: parse + evaluation of the whole module tree (variables,
//             locals, count / for_each, dynamic blocks, child modules);
//   load:     evaluate + the AWS mapping (loadInputs);
//   build:    load + the model (loadNetwork: references, defaults,
//             validation).
// Inputs: terraform-aws-vpc/examples/complete and
// terraform-aws-security-group/examples/complete from --corpora (default
// ../shared/corpora next to the source tree; skipped when absent), and
// generated root modules: N VPCs made by a local child module called with
// for_each, each with 6 subnets (count), 3 security groups whose rules come
// from dynamic blocks, a network ACL, routes and 20 instances (1 to 250 VPCs:
// VPC i is 10.i.0.0/16); and, with --enterprise, the enterprise network of
// segproof_gen --shape enterprise --scale F --format terraform (flat root
// modules: for_each subnets, count associations, inline, dynamic and
// separate rules; terraform_writer.cc) at each scale F.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "frontends/frontend.h"
#include "frontends/terraform/module/module_evaluator.h"
#include "frontends/terraform/module/module_source.h"
#include "generate_network.h"
#include "list_args.h"

namespace fs = std::filesystem;

namespace segproof::bench {
namespace {

struct Options {
  int runs = 5;
  std::string corpora = std::string(SEGPROOF_SOURCE_DIR) + "/../shared/corpora";
  std::vector<int> sizes = {30, 60, 120, 240};
  std::vector<double> enterprise;  // scales of the enterprise network
};

const char* kVpcModule = R"(variable "index" { type = number }
variable "name" { type = string }
variable "office" { type = string }
locals {
  cidr  = "10.${var.index}.0.0/16"
  tiers = { web = 0, app = 2, data = 4 }
  rules = {
    web  = [{ port = 443, cidr = "0.0.0.0/0" }, { port = 80, cidr = "0.0.0.0/0" }, { port = 22, cidr = var.office }]
    app  = [{ port = 8080, cidr = local.cidr }, { port = 8443, cidr = local.cidr }]
    data = [{ port = 5432, cidr = local.cidr }, { port = 6379, cidr = local.cidr }]
  }
}
resource "aws_vpc" "this" {
  cidr_block = local.cidr
  tags       = { Name = var.name, Env = var.index % 2 == 0 ? "prod" : "test" }
}
resource "aws_internet_gateway" "this" { vpc_id = aws_vpc.this.id }
resource "aws_subnet" "this" {
  count                   = 6
  vpc_id                  = aws_vpc.this.id
  cidr_block              = cidrsubnet(local.cidr, 8, count.index)
  map_public_ip_on_launch = count.index < 2
  tags                    = { Tier = element(keys(local.tiers), floor(count.index / 2)) }
}
resource "aws_route_table" "public" {
  vpc_id = aws_vpc.this.id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.this.id
  }
}
resource "aws_route_table_association" "public" {
  count          = 2
  subnet_id      = aws_subnet.this[count.index].id
  route_table_id = aws_route_table.public.id
}
resource "aws_security_group" "tier" {
  for_each = local.rules
  name     = "${var.name}-${each.key}"
  vpc_id   = aws_vpc.this.id
  dynamic "ingress" {
    for_each = each.value
    content {
      from_port   = ingress.value.port
      to_port     = ingress.value.port
      protocol    = "tcp"
      cidr_blocks = [ingress.value.cidr]
    }
  }
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
resource "aws_network_acl" "data" {
  vpc_id     = aws_vpc.this.id
  subnet_ids = slice(aws_subnet.this[*].id, 4, 6)
  dynamic "ingress" {
    for_each = range(10)
    content {
      rule_no    = 100 + ingress.value * 10
      action     = ingress.value % 3 == 0 ? "deny" : "allow"
      protocol   = "tcp"
      cidr_block = cidrsubnet("10.0.0.0/8", 8, ingress.value)
      from_port  = 1024
      to_port    = 65535
    }
  }
}
resource "aws_instance" "node" {
  count                  = 20
  subnet_id              = aws_subnet.this[count.index % 6].id
  private_ip             = cidrhost(aws_subnet.this[count.index % 6].cidr_block, 10 + count.index)
  vpc_security_group_ids = [aws_security_group.tier[element(keys(local.rules), floor((count.index % 6) / 2))].id]
  tags                   = { Name = "${var.name}-node-${count.index}" }
}
output "vpc_id" { value = aws_vpc.this.id }
)";

// A root module of `vpcs` VPCs; returns its folder.
std::string generate(int vpcs, const fs::path& base) {
  fs::path root = base / ("tf-" + std::to_string(vpcs));
  fs::create_directories(root / "modules" / "vpc");
  std::ofstream(root / "modules" / "vpc" / "main.tf") << kVpcModule;
  std::ofstream main(root / "main.tf");
  main << "variable \"vpc_count\" { default = " << vpcs << " }\n"
       << "variable \"office\" { default = \"198.51.100.0/24\" }\n"
       << "module \"vpc\" {\n  source   = \"./modules/vpc\"\n"
       << "  for_each = { for i in range(var.vpc_count) : format(\"vpc%03d\", i) => i }\n"
       << "  index    = each.value + 1\n  name     = each.key\n  office   = var.office\n}\n";
  return root.generic_string();
}

double seconds(const std::function<void()>& f) {
  auto start = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

struct Timing {
  std::vector<double> samples;
  std::string str() const {
    std::vector<double> s = samples;
    std::sort(s.begin(), s.end());
    char buffer[96];
    std::snprintf(buffer, sizeof buffer, "%.1f ms (%.1f-%.1f)", s[s.size() / 2] * 1e3,
                  s.front() * 1e3, s.back() * 1e3);
    return buffer;
  }
};

// Files of the module in `dir` and of the local modules below it.
void parseTree(const std::string& dir, DiagnosticEngine& diags) {
  std::error_code error;
  for (fs::recursive_directory_iterator it(dir, error); !error && it != fs::recursive_directory_iterator();
       it.increment(error)) {
    if (it->is_directory() && it->path().filename().string().rfind('.', 0) == 0) {
      it.disable_recursion_pending();
      continue;
    }
    if (!it->is_directory()) continue;
    std::string sub = it->path().generic_string();
    terraform::readModuleSource(sub, terraform::terraformFilesIn(sub), diags);
  }
  terraform::readModuleSource(dir, terraform::terraformFilesIn(dir), diags);
}

void measure(const std::string& label, const std::string& dir, int runs) {
  Timing parse, evaluate, load, build;
  size_t instances = 0;
  size_t elements = 0;
  int errors = 0;
  for (int run = 0; run < runs; ++run) {
    parse.samples.push_back(seconds([&] {
      DiagnosticEngine diags;
      parseTree(dir, diags);
    }));
    evaluate.samples.push_back(seconds([&] {
      DiagnosticEngine diags;
      terraform::Configuration config = terraform::evaluateRootModule(
          dir, terraform::terraformFilesIn(dir), true, {}, diags);
      instances = config.resources.size();
    }));
    load.samples.push_back(seconds([&] {
      DiagnosticEngine diags;
      loadInputs({dir}, diags);
    }));
    build.samples.push_back(seconds([&] {
      DiagnosticEngine diags;
      Network network = loadNetwork({dir}, diags);
      elements = network.subnets.size() + network.security_groups.size() +
                 network.interfaces.size() + network.network_acls.size();
      errors = diags.errorCount();
    }));
  }
  std::cout << "| " << label << " | " << instances << " | " << elements << " | " << parse.str()
            << " | " << evaluate.str() << " | " << load.str() << " | " << build.str() << " | "
            << errors << " |\n";
  std::cout.flush();
}

}  // namespace
}  // namespace segproof::bench

int main(int argc, char** argv) {
  using namespace segproof::bench;
  Options options;
  for (int i = 1; i < argc; i += 2) {
    std::string flag = argv[i];
    std::vector<int> runs;
    bool ok = true;
    if (i + 1 == argc) {
      ok = false;  // an option without its value
    } else if (flag == "--runs") {
      ok = parseList(argv[i + 1], runs) && runs.size() == 1;
      if (ok) options.runs = runs[0];
    } else if (flag == "--corpora") {
      options.corpora = argv[i + 1];
    } else if (flag == "--sizes") {
      ok = parseList(argv[i + 1], options.sizes);
    } else if (flag == "--enterprise") {
      ok = parseScales(argv[i + 1], options.enterprise);
    } else {
      ok = false;
    }
    if (!ok) {
      std::cerr << "usage: segproof_bench_terraform [--runs N] [--corpora DIR] [--sizes A,B,...]\n"
                   "                                [--enterprise F,G,...]\n";
      return 2;
    }
  }
  fs::path scratch = fs::temp_directory_path() / ("segproof-tfbench-" + std::to_string(::getpid()));
  std::cout << "| input | resource instances | model elements | parse | evaluate | load (+ mapping) | "
               "build (+ model) | errors |\n|---|---|---|---|---|---|---|---|\n";
  for (const char* repo : {"terraform-aws-vpc", "terraform-aws-security-group"}) {
    fs::path dir = fs::path(options.corpora) / repo / "examples" / "complete";
    if (fs::is_directory(dir)) measure(std::string(repo) + "/examples/complete", dir.generic_string(), options.runs);
    else std::cerr << "skipped " << dir << " (absent)\n";
  }
  for (int vpcs : options.sizes) {
    if (vpcs < 1 || vpcs > 250) {
      std::cerr << "skipped " << vpcs << " VPCs (1 to 250)\n";
      continue;
    }
    std::string dir = generate(vpcs, scratch);
    measure("generated, " + std::to_string(vpcs) + " VPCs", dir, options.runs);
  }
  for (double scale : options.enterprise) {
    NetworkShape shape = enterpriseShape(scale, 1);
    if (std::string problem = checkShape(shape); !problem.empty() || !(scale > 0)) {
      std::cerr << "skipped enterprise scale " << scale << " (" << problem << ")\n";
      continue;
    }
    std::string dir = (scratch / ("enterprise-" + std::to_string(scale))).generic_string();
    std::string error;
    std::optional<NetworkCounts> counts = writeNetworkTerraform(shape, dir, error);
    if (!counts) {
      std::cerr << "segproof_bench_terraform: " << error << "\n";
      continue;
    }
    char label[96];
    std::snprintf(label, sizeof label, "enterprise, scale %g (%d interfaces, %d VPCs)", scale,
                  counts->interfaces, counts->vpcs);
    measure(label, dir, options.runs);
  }
  fs::remove_all(scratch);
  return 0;
}
