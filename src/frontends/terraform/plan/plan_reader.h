// Reads the JSON that `terraform show -json` prints for a saved plan or a
// state into the same evaluated resources the module evaluator produces
// (instance.h), so the AWS mapping does not care which one it was given.
//
// State: every instance under values.root_module (and its child_modules),
// with all values known.
//
// Plan: the instances of planned_values (what exists after apply); those the
// plan deletes are absent. An instance missing from planned_values is taken
// from resource_changes[].change.after, and data sources read at plan time
// from prior_state. A value known only after apply (after_unknown, or an
// attribute absent from the planned values whose configuration has
// references) becomes hcl::Value::unknown naming where it comes from: the
// configuration's references are resolved to the referenced instance
// ("aws_vpc.main.id", "module.net.aws_subnet.private[0].id"), through module
// variables and outputs; a reference to a resource without an attribute is
// taken as its "id". What cannot be resolved keeps the reference text
// ("var.vpc_id", "local.cidr"); a computed attribute without configuration is
// the instance's own ("aws_vpc.main.arn").
//
// Every attribute's range is its value in the JSON file (after_unknown or the
// configuration expression for values the plan does not know); an instance's
// range is its resource object. Lists of objects (ingress, route) stay list
// attributes: this reader makes no blocks.
//
// Errors: "json-syntax" from the JSON reader; "terraform-json" for a
// document that is not a plan or state, an unsupported format_version, and
// members missing or of the wrong type (the offending resource or module is
// skipped, the rest is read).
#ifndef SEGPROOF_FRONTENDS_TERRAFORM_PLAN_PLAN_READER_H_
#define SEGPROOF_FRONTENDS_TERRAFORM_PLAN_PLAN_READER_H_

#include <string>
#include <string_view>

#include "frontends/terraform/instance.h"
#include "segproof/diag/diagnostic.h"

namespace segproof::terraform {

// Whether `text` is a JSON object with "format_version" and any of
// "planned_values", "values", "resource_changes", "prior_state",
// "terraform_version": what terraform show -json prints. Cheap.
bool isTerraformJson(std::string_view text);

// Reads the plan or state `text` of `file`. The caller registers `text` with
// diags.addSource(file, ...) to see source lines in diagnostics.
Configuration readTerraformJson(const std::string& file, std::string_view text,
                                DiagnosticEngine& diags);

}  // namespace segproof::terraform

#endif  // SEGPROOF_FRONTENDS_TERRAFORM_PLAN_PLAN_READER_H_
