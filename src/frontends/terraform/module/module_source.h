// The files of one Terraform module folder, parsed and sorted by block kind.
//
// Terraform reads every *.tf and *.tf.json file of a folder as one module;
// the order of files and blocks does not matter to its meaning. Override
// files (*_override.tf, override.tf) are not merged yet: they are skipped
// with a "terraform-override" warning.
#ifndef SEGPROOF_FRONTENDS_TERRAFORM_MODULE_MODULE_SOURCE_H_
#define SEGPROOF_FRONTENDS_TERRAFORM_MODULE_MODULE_SOURCE_H_

#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "frontends/terraform/hcl/ast.h"
#include "segproof/diag/diagnostic.h"

namespace segproof::terraform {

struct ModuleSource {
  std::string dir;
  std::vector<std::string> files;
  std::vector<hcl::Body> bodies;  // one per file; the pointers below point into them

  std::map<std::string, const hcl::Block*> variables;
  std::map<std::string, const hcl::Attribute*> locals;
  std::vector<const hcl::Block*> resources;  // managed resources and data sources
  // The same blocks by (kind: "resource" or "data", type, name), so that
  // finding one, or those of one type, is not a scan.
  std::map<std::tuple<std::string, std::string, std::string>, const hcl::Block*> resource_index;
  std::map<std::string, const hcl::Block*> module_calls;
  std::map<std::string, const hcl::Block*> outputs;
  bool ok = true;  // false when a file failed to read or parse

  // The block of `kind` ("resource" or "data"), `type` and `name`, or nullptr.
  const hcl::Block* findResource(const std::string& kind, const std::string& type,
                                 const std::string& name) const;
};

// Whether `path` names a Terraform configuration file (*.tf or *.tf.json).
bool isTerraformFile(const std::string& path);

// The Terraform files directly in `dir`, sorted (no recursion).
std::vector<std::string> terraformFilesIn(const std::string& dir);

// Reads and parses `files` (registering their text with diags) as the module
// in `dir`. Duplicate declarations are "terraform-duplicate" errors.
std::unique_ptr<ModuleSource> readModuleSource(const std::string& dir,
                                               const std::vector<std::string>& files,
                                               DiagnosticEngine& diags);

// readModuleSource for a module of one file whose text is already in hand
// (registered with diags here); nothing is read from disk.
std::unique_ptr<ModuleSource> parseModuleText(const std::string& dir, const std::string& file,
                                              const std::string& content,
                                              DiagnosticEngine& diags);

}  // namespace segproof::terraform

#endif  // SEGPROOF_FRONTENDS_TERRAFORM_MODULE_MODULE_SOURCE_H_
