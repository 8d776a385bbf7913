// The command line. CLI11 is included here only (it is slow to compile).
#include "cli/commands.h"

#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>

#include "report/json_reporter.h"
#include "report/text_reporter.h"
#include "segproof/segproof.h"

namespace segproof {

namespace {

struct CommonOptions {
  std::vector<std::string> inputs;
  InputOptions input;
  std::string format = "text";
  std::string output;
  int jobs = 0;
  double timeout_seconds = 10;
  size_t max_witnesses = 5;
  std::string ephemeral = "1024-65535";
  bool no_interval_pruning = false;
};

struct CheckCommand {
  CommonOptions common;
  std::vector<std::string> query_files;
};

struct ReachCommand {
  CommonOptions common;
  std::vector<std::string> from, to;
  std::string protocol;
  std::string port;
};

struct ModelCommand {
  std::vector<std::string> inputs;
  InputOptions input;
  std::string format = "json";
  std::string output;
};

void addInputOptions(CLI::App* app, InputOptions& o) {
  app->add_option("--var", o.vars, "Set a Terraform input variable: NAME=VALUE (repeatable)");
  app->add_option("--var-file", o.var_files,
                  "Read Terraform input variables from a .tfvars or .tfvars.json file (repeatable)");
  app->add_option("--param", o.params, "Set a CloudFormation parameter: NAME=VALUE (repeatable)");
  app->add_option("--param-file", o.param_files,
                  "Read CloudFormation parameters from a JSON file (repeatable)");
}

void addCommon(CLI::App* app, CommonOptions& o, const std::string& formats) {
  app->add_option("inputs", o.inputs, "Files or folders to read (format recognised by content)")
      ->required();
  addInputOptions(app, o.input);
  app->add_option("--format", o.format, "Output format: " + formats);
  app->add_option("-o,--output", o.output, "Write the report to FILE instead of standard output");
  app->add_option("--jobs", o.jobs, "Worker threads (default: all cores)")->check(CLI::NonNegativeNumber);
  app->add_option("--timeout", o.timeout_seconds,
                  "Solver time limit per sub-problem, in seconds (0: none); past it the verdict is unknown")
      ->check(CLI::NonNegativeNumber);
  app->add_option("--max-witnesses", o.max_witnesses, "Witnesses shown per assertion (default 5)");
  app->add_option("--ephemeral-ports", o.ephemeral,
                  "Source ports initiators use, as FROM-TO (default 1024-65535)");
  app->add_flag("--no-interval-pruning", o.no_interval_pruning,
                "Send every candidate path to Z3 instead of pruning with interval checks "
                "(slower; a cross-check of the engine)");
}

bool analyzerOptions(const CommonOptions& c, AnalyzerOptions& o) {
  auto range = parsePortRange(c.ephemeral);
  if (!range) {
    std::cerr << "error[invalid-port]: --ephemeral-ports '" << c.ephemeral
              << "' is not a port range FROM-TO within 0-65535\n";
    return false;
  }
  o.jobs = c.jobs;
  o.timeout_ms = static_cast<unsigned>(c.timeout_seconds * 1000);
  o.max_witnesses = c.max_witnesses;
  o.ephemeral_from = range->from;
  o.ephemeral_to = range->to;
  o.interval_pruning = !c.no_interval_pruning;
  return true;
}

bool checkFormat(const std::string& format, std::initializer_list<const char*> allowed) {
  for (const char* a : allowed)
    if (format == a) return true;
  std::cerr << "error[invalid-format]: unknown format '" << format << "'\n";
  return false;
}

// Prints diagnostics; true when there were errors.
bool flush(const DiagnosticEngine& diags) {
  std::cerr << diags.renderAll();
  return diags.hasErrors();
}

int emit(const std::string& text, const std::string& output) {
  if (output.empty()) {
    std::cout << text;
    return kExitOk;
  }
  std::ofstream out(output);
  out << text;
  if (!out) {
    std::cerr << "error[output]: cannot write '" << output << "'\n";
    return kExitError;
  }
  return kExitOk;
}

int runCheck(const CheckCommand& cmd) {
  AnalyzerOptions options;
  if (!checkFormat(cmd.common.format, {"text", "json"}) || !analyzerOptions(cmd.common, options))
    return kExitError;
  DiagnosticEngine diags;
  Network network = loadNetwork(cmd.common.inputs, diags, cmd.common.input);
  if (diags.hasErrors()) return flush(diags), kExitError;
  AssertionSet assertions;
  if (cmd.query_files.empty()) {
    assertions = builtinAssertions(diags);
  } else {
    for (const std::string& file : cmd.query_files) {
      AssertionSet part = loadAssertionFile(file, diags);
      assertions.segments.insert(assertions.segments.end(), part.segments.begin(), part.segments.end());
      assertions.assertions.insert(assertions.assertions.end(), part.assertions.begin(), part.assertions.end());
    }
  }
  if (diags.hasErrors()) return flush(diags), kExitError;
  Analyzer analyzer(network, options);
  CheckReport report = analyzer.check(assertions, diags);
  if (flush(diags)) return kExitError;
  std::string text = cmd.common.format == "json" ? checkJson(report).dump(2) + "\n" : checkText(report);
  if (emit(text, cmd.common.output) != kExitOk) return kExitError;
  bool violated = false, unknown = false;
  for (const AssertionResult& r : report.results) {
    violated = violated || r.verdict == Verdict::kViolated;
    unknown = unknown || r.verdict == Verdict::kUnknown;
  }
  return violated ? kExitViolated : unknown ? kExitUnknown : kExitOk;
}

std::vector<Selector> selectors(const std::vector<std::string>& texts, const char* option,
                                DiagnosticEngine& diags) {
  std::vector<Selector> out;
  for (const std::string& t : texts)
    if (auto s = parseSelector(t, SourceLocation{std::string("command line (") + option + ")", 0, 0}, diags))
      out.push_back(*s);
  return out;
}

int runReach(const ReachCommand& cmd) {
  AnalyzerOptions options;
  if (!checkFormat(cmd.common.format, {"text", "json"}) || !analyzerOptions(cmd.common, options))
    return kExitError;
  FlowSpec flow;
  std::string protocol = cmd.protocol.empty() ? (cmd.port.empty() ? "any" : "tcp") : cmd.protocol;
  if (protocol == "tcp") flow.protocol = kTcp;
  else if (protocol == "udp") flow.protocol = kUdp;
  else if (protocol == "icmp") flow.protocol = kIcmp;
  else if (protocol != "any") {
    std::cerr << "error[invalid-protocol]: --protocol must be tcp, udp, icmp or any, not '" << protocol << "'\n";
    return kExitError;
  }
  if (!cmd.port.empty()) {
    auto ports = parsePortRange(cmd.port);
    if (!ports) {
      std::cerr << "error[invalid-port]: --port '" << cmd.port << "' is not a port N or range N-M within 0-65535\n";
      return kExitError;
    }
    if (flow.protocol != kTcp && flow.protocol != kUdp) {
      std::cerr << "error[ports-without-protocol]: --port needs --protocol tcp or udp\n";
      return kExitError;
    }
    flow.ports.push_back(*ports);
  }
  DiagnosticEngine diags;
  std::vector<Selector> from = selectors(cmd.from, "--from", diags);
  std::vector<Selector> to = selectors(cmd.to, "--to", diags);
  if (diags.hasErrors()) return flush(diags), kExitError;
  Network network = loadNetwork(cmd.common.inputs, diags, cmd.common.input);
  if (diags.hasErrors()) return flush(diags), kExitError;
  Analyzer analyzer(network, options);
  AssertionResult result = analyzer.reach(from, to, flow, diags);
  if (flush(diags)) return kExitError;
  std::string text = cmd.common.format == "json" ? reachJson(result).dump(2) + "\n" : reachText(result);
  return emit(text, cmd.common.output);
}

int runModel(const ModelCommand& cmd) {
  if (!checkFormat(cmd.format, {"json", "dot"})) return kExitError;
  DiagnosticEngine diags;
  Network network = loadNetwork(cmd.inputs, diags, cmd.input);
  if (flush(diags)) return kExitError;
  std::string text = cmd.format == "dot" ? modelDot(network) : modelJson(network).dump(2) + "\n";
  return emit(text, cmd.output);
}

}  // namespace

int runCli(int argc, char** argv) {
  CLI::App app{"segproof: proves network segmentation of cloud infrastructure code"};
  app.set_version_flag("--version", std::string("segproof ") + kVersion);
  app.require_subcommand(1);

  CheckCommand check;
  CLI::App* check_app = app.add_subcommand("check", "Check reachability assertions (the built-in pack by default)");
  addCommon(check_app, check.common, "text, json");
  check_app->add_option("-q,--queries", check.query_files, "Assertion file (repeatable); default: the built-in pack");

  ReachCommand reach;
  CLI::App* reach_app = app.add_subcommand("reach", "Ask one question: can --from reach --to?");
  addCommon(reach_app, reach.common, "text, json");
  reach_app->add_option("--from", reach.from, "Source selector (repeatable)")->required();
  reach_app->add_option("--to", reach.to, "Destination selector (repeatable)")->required();
  reach_app->add_option("--protocol", reach.protocol, "tcp, udp, icmp or any (default: any, or tcp with --port)");
  reach_app->add_option("--port", reach.port, "Destination port N or range N-M");

  ModelCommand model;
  CLI::App* model_app = app.add_subcommand("model", "Print the extracted network model");
  model_app->add_option("inputs", model.inputs, "Files or folders to read")->required();
  addInputOptions(model_app, model.input);
  model_app->add_option("--format", model.format, "json or dot");
  model_app->add_option("-o,--output", model.output, "Write to FILE instead of standard output");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e), kExitOk;
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e), kExitOk;
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e), kExitOk;
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitError;
  }
  if (check_app->parsed()) return runCheck(check);
  if (reach_app->parsed()) return runReach(reach);
  if (model_app->parsed()) return runModel(model);
  return kExitError;
}

}  // namespace segproof
