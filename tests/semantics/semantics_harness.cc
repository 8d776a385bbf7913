#include "semantics_harness.h"

#include <catch2/catch.hpp>

#include "aws/model_builder.h"
#include "frontends/native/native_frontend.h"

namespace segproof::testing {

Scenario::Scenario(const std::string& yaml, AnalyzerOptions options)
    : Scenario(yaml, [](aws::Resources&) {}, options) {}

Scenario::Scenario(const std::string& yaml, const std::function<void(aws::Resources&)>& edit,
                   AnalyzerOptions options) {
  DiagnosticEngine diags;
  std::string text = "segproof: model/v1\n" + yaml;
  diags.addSource("scenario.yaml", text);
  aws::Resources resources;
  NativeFrontend().load("scenario.yaml", text, resources, diags);
  edit(resources);
  network_ = aws::buildNetwork(resources, diags);
  INFO(diags.renderAll());
  REQUIRE_FALSE(diags.hasErrors());
  options.jobs = 1;
  analyzer_ = std::make_unique<Analyzer>(network_, options);
}

AssertionResult Scenario::ask(const std::string& from, const std::string& to,
                              const std::string& protocol, const std::string& ports) const {
  DiagnosticEngine diags;
  auto src = parseSelector(from, {}, diags);
  auto dst = parseSelector(to, {}, diags);
  REQUIRE(src);
  REQUIRE(dst);
  FlowSpec flow;
  if (protocol == "tcp") flow.protocol = kTcp;
  if (protocol == "udp") flow.protocol = kUdp;
  if (protocol == "icmp") flow.protocol = kIcmp;
  if (!ports.empty()) {
    size_t dash = ports.find('-');
    int lo = std::stoi(ports.substr(0, dash));
    int hi = dash == std::string::npos ? lo : std::stoi(ports.substr(dash + 1));
    flow.ports.push_back({lo, hi});
  }
  AssertionResult result = analyzer_->reach({*src}, {*dst}, flow, diags);
  INFO(diags.renderAll());
  REQUIRE_FALSE(diags.hasErrors());
  return result;
}

Verdict Scenario::verdict(const std::string& from, const std::string& to,
                          const std::string& protocol, const std::string& ports) const {
  AssertionResult r = ask(from, to, protocol, ports);
  INFO("reason: " << r.reason);
  return r.verdict;
}

}  // namespace segproof::testing
