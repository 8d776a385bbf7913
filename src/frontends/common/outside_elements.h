// What a mapping adds for what its input names but does not describe, the
// same way for Terraform and CloudFormation: uncertainties (a part left out
// for an unknown value, with one warning each), an allow-all stand-in for a
// security group outside the input, and a gateway leading out of the model.
// The mapping decides the names (`base`: the resource a reference names, or
// the reference itself); this class keeps them unique and adds each once.
#ifndef SEGPROOF_FRONTENDS_COMMON_OUTSIDE_ELEMENTS_H_
#define SEGPROOF_FRONTENDS_COMMON_OUTSIDE_ELEMENTS_H_

#include <map>
#include <set>
#include <string>

#include "aws/resources.h"
#include "segproof/diag/diagnostic.h"

namespace segproof::frontends {

class OutsideElements {
 public:
  // `input` names what the mapping reads in rule descriptions: "template",
  // "configuration".
  OutsideElements(DiagnosticEngine& diags, aws::Resources& out, std::string input)
      : diags_(diags), out_(out), input_(std::move(input)) {}

  // Records that `effect` follows from `value` not being known, in `vpc`
  // (invalid when not known), with an "unknown-value" warning.
  void uncertain(const aws::UnknownValue& value, const std::string& effect, const aws::Ref& vpc);

  // The allow-all group standing for the outside group `value` in `vpc`,
  // added at its first use as `base` (or "base (vpc)" when `base` is taken by
  // another VPC's stand-in). Interfaces carrying it may be members of any
  // group, which is an uncertainty of that VPC.
  aws::Ref group(const aws::UnknownValue& value, const std::string& base, const aws::Ref& vpc);

  // The gateway called `name` leading out of the model, added once.
  aws::Ref gateway(const aws::UnknownValue& value, const std::string& name, RouteTargetKind kind);

 private:
  DiagnosticEngine& diags_;
  aws::Resources& out_;
  std::string input_;
  std::map<std::string, std::string> groups_;  // description|vpc -> group name
  std::set<std::string> gateways_;
};

}  // namespace segproof::frontends

#endif  // SEGPROOF_FRONTENDS_COMMON_OUTSIDE_ELEMENTS_H_
