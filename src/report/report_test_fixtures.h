// Fixtures shared by the reporters' unit tests (src/report/*_test.cc): check
// reports built through the engine, the examples, and a small Terraform
// network linted in a Scratch folder. Test-only and header-only (every
// non-test .cc of src/report goes into the library); the functions use
// Catch2's assertions, so they are called from inside a TEST_CASE.
#ifndef SEGPROOF_REPORT_REPORT_TEST_FIXTURES_H_
#define SEGPROOF_REPORT_REPORT_TEST_FIXTURES_H_

#include <catch2/catch.hpp>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "frontends/scratch_test_util.h"
#include "segproof/lint/lint.h"
#include "segproof/segproof.h"

namespace segproof::testing {

// The check report of the built-in pack followed by the assertions of
// `queries` (a query file's text, named queries.yaml) on `inputs`, which it
// records as the report's inputs. Fails the test when a stage has errors.
inline CheckReport checkOf(const std::vector<std::string>& inputs, const std::string& queries = "",
                           int jobs = 1) {
  DiagnosticEngine diags;
  Network network = loadNetwork(inputs, diags);
  AssertionSet set = builtinAssertions(diags);
  if (!queries.empty()) {
    AssertionSet more = parseAssertions("queries.yaml", queries, diags);
    set.segments.insert(set.segments.end(), more.segments.begin(), more.segments.end());
    set.assertions.insert(set.assertions.end(), more.assertions.begin(), more.assertions.end());
  }
  AnalyzerOptions options;
  options.jobs = jobs;
  Analyzer analyzer(network, options);
  CheckReport report = analyzer.check(set, diags);
  report.inputs = inputs;
  INFO(diags.renderAll());
  REQUIRE_FALSE(diags.hasErrors());
  return report;
}

// The absolute path of `relative` under the repository's examples/.
inline std::string example(const std::string& relative) {
  return std::string(SEGPROOF_SOURCE_DIR) + "/examples/" + relative;
}

// The whole text of the file at `path` ("" when it cannot be read).
inline std::string readFile(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// The result of assertion `id` in `report`; fails the test when there is none.
inline const AssertionResult& resultOf(const CheckReport& report, const std::string& id) {
  for (const AssertionResult& r : report.results)
    if (r.assertion.id == id) return r;
  FAIL("no result " << id);
  return report.results.front();
}

// A query file with one assertion, `id`, that no SSH from the internet
// reaches the bastion (violated on examples/three-tier). `id` and
// `description` go into YAML double-quoted scalars, so YAML escapes
// (`\"`, `\x01`, `\t`) in them are decoded by the parser.
inline std::string bastionSshQueries(const std::string& id, const std::string& description) {
  return R"(
segproof: queries/v1
assertions:
  - id: ")" +
         id + R"("
    description: ")" +
         description + R"("
    kind: unreachable
    from: internet
    to: resource:bastion
    protocol: tcp
    ports: 22
)";
}

// Terraform for a public subnet (routed to an internet gateway) with an
// instance whose group opens SSH (aws_security_group.web.ingress[0], from
// `ssh_cidr_blocks`, the text inside its `cidr_blocks = [...]`) and HTTPS
// (ingress[1], from the internet). The text starts with a line end; the
// group's block starts on line 26.
inline std::string publicWebTerraform(const std::string& ssh_cidr_blocks = R"("0.0.0.0/0")") {
  return R"(
resource "aws_vpc" "main" { cidr_block = "10.0.0.0/16" }
resource "aws_internet_gateway" "igw" { vpc_id = aws_vpc.main.id }
resource "aws_subnet" "public" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.1.0/24"
}
resource "aws_route_table" "public" {
  vpc_id = aws_vpc.main.id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.igw.id
  }
}
resource "aws_route_table_association" "public" {
  subnet_id      = aws_subnet.public.id
  route_table_id = aws_route_table.public.id
}
resource "aws_instance" "web" {
  ami                         = "ami-1"
  instance_type               = "t3.micro"
  subnet_id                   = aws_subnet.public.id
  associate_public_ip_address = true
  vpc_security_group_ids      = [aws_security_group.web.id]
}
resource "aws_security_group" "web" {
  vpc_id = aws_vpc.main.id
  ingress {
    protocol    = "tcp"
    from_port   = 22
    to_port     = 22
    cidr_blocks = [)" +
         ssh_cidr_blocks + R"(]
  }
  ingress {
    protocol    = "tcp"
    from_port   = 443
    to_port     = 443
    cidr_blocks = ["0.0.0.0/0"]
  }
}
)";
}

// A `.segproof.yaml` for publicWebTerraform() that suppresses the finding of
// sg-ingress-open on the HTTPS rule, with markup in its reason
// (`Public web tier <TLS> & "443" is the product`) for the escaping tests.
inline constexpr const char* kSuppressHttpsConfig = R"(segproof: config/v1
suppressions:
  - check: sg-ingress-open
    resource: aws_security_group.web.ingress[1]
    reason: Public web tier <TLS> & "443" is the product
)";

// lintInputs on publicWebTerraform() as main.tf with `config` as the
// .segproof.yaml, both written into `scratch`, with path verdicts. Fails the
// test when linting reports errors.
inline LintReport lintOf(const Scratch& scratch, const std::string& config = kSuppressHttpsConfig) {
  DiagnosticEngine diags;
  LintOptions options;
  options.config_path = scratch.write(".segproof.yaml", config);
  LintReport report = lintInputs({scratch.write("main.tf", publicWebTerraform())}, diags, options);
  INFO(diags.renderAll());
  REQUIRE_FALSE(diags.hasErrors());
  return report;
}

}  // namespace segproof::testing

#endif  // SEGPROOF_REPORT_REPORT_TEST_FIXTURES_H_
