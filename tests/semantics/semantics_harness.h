// A small harness for engine-level semantics tests: a network written in the
// native YAML format, questions asked through the public Analyzer API.
#ifndef SEGPROOF_TESTS_SEMANTICS_HARNESS_H_
#define SEGPROOF_TESTS_SEMANTICS_HARNESS_H_

#include <functional>
#include <memory>
#include <string>

#include "aws/resources.h"
#include "segproof/segproof.h"

namespace segproof::testing {

class Scenario {
 public:
  // Parses `yaml` (a native model); fails the test on any diagnostic error.
  explicit Scenario(const std::string& yaml, AnalyzerOptions options = {});
  // The same, with `edit` applied to the resources before the model is built
  // (for what the native format cannot say, such as unknown values).
  Scenario(const std::string& yaml, const std::function<void(aws::Resources&)>& edit,
           AnalyzerOptions options = {});

  // reach --from FROM --to TO --protocol PROTOCOL [--port PORTS]
  AssertionResult ask(const std::string& from, const std::string& to,
                      const std::string& protocol = "tcp", const std::string& ports = "") const;
  Verdict verdict(const std::string& from, const std::string& to,
                  const std::string& protocol = "tcp", const std::string& ports = "") const;
  bool reachable(const std::string& from, const std::string& to,
                 const std::string& protocol = "tcp", const std::string& ports = "") const {
    return verdict(from, to, protocol, ports) == Verdict::kHolds;
  }
  bool unreachable(const std::string& from, const std::string& to,
                   const std::string& protocol = "tcp", const std::string& ports = "") const {
    return verdict(from, to, protocol, ports) == Verdict::kViolated;
  }
  const Network& network() const { return network_; }

 private:
  Network network_;
  std::unique_ptr<Analyzer> analyzer_;
};

}  // namespace segproof::testing

#endif  // SEGPROOF_TESTS_SEMANTICS_HARNESS_H_
