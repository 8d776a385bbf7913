// Reads real `terraform show -json` plans from the corpora beside the
// repository (../shared/corpora), when they are there; otherwise the test
// says so and passes.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "frontends/terraform/plan/plan_reader.h"

namespace segproof::terraform {
namespace {

std::string corpus(const std::string& path) {
  return std::string(SEGPROOF_SOURCE_DIR) + "/../shared/corpora/" + path;
}

// The plan at `path` read without errors, or nullopt when it is absent.
std::optional<Configuration> readCorpusPlan(const std::string& path) {
  if (!std::filesystem::exists(path)) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  CHECK(isTerraformJson(text.str()));
  DiagnosticEngine diags;
  diags.addSource(path, text.str());
  Configuration config = readTerraformJson(path, text.str(), diags);
  INFO(diags.renderAll());
  CHECK_FALSE(diags.hasErrors());
  return config;
}

const ResourceInstance* find(const Configuration& config, const std::string& address) {
  for (const ResourceInstance& resource : config.resources)
    if (resource.address == address) return &resource;
  return nullptr;
}

TEST_CASE("real plans from the corpora are read", "[frontends][plan][corpus]") {
  std::optional<Configuration> goat =
      readCorpusPlan(corpus("checkov/tests/terraform/runner/resources/plan/tfplan.json"));
  if (!goat) {
    WARN("corpora not found beside the repository: skipped");
    return;
  }
  // 55 planned instances and the 4 data sources read at plan time.
  CHECK(goat->resources.size() == 59);
  const ResourceInstance* subnet = find(*goat, "aws_subnet.web_subnet");
  REQUIRE(subnet != nullptr);
  REQUIRE(subnet->body.attribute("vpc_id") != nullptr);
  CHECK(subnet->body.attribute("vpc_id")->value.str() == "(unknown aws_vpc.web_vpc.id)");
  CHECK(subnet->body.attribute("cidr_block")->value.str() == "\"172.16.10.0/24\"");

  std::optional<Configuration> for_each = readCorpusPlan(corpus(
      "checkov/tests/common/runner_registry/plan_with_for_each_for_enrichment/tf_plan.json"));
  REQUIRE(for_each);
  CHECK(for_each->resources.size() == 7);
  const ResourceInstance* sg = find(*for_each, "module.sg[\"bad_example\"].aws_security_group.bad");
  REQUIRE(sg != nullptr);
  CHECK(sg->module == "module.sg[\"bad_example\"]");

  for (const char* kics : {"positive.json", "negative.json"}) {
    std::optional<Configuration> config = readCorpusPlan(corpus(
        std::string("kics/assets/queries/terraform/aws/sensitive_port_is_exposed_to_entire_network/"
                    "test/") +
        kics));
    REQUIRE(config);
    CHECK(config->resources.size() == 1);
  }
}

}  // namespace
}  // namespace segproof::terraform
