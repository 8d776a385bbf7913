#include "frontends/terraform/module/module_source.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "frontends/common/input_file.h"
#include "frontends/terraform/hcl/json_syntax.h"
#include "frontends/terraform/hcl/parser.h"

namespace segproof::terraform {

namespace fs = std::filesystem;

namespace {

bool endsWith(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool isOverrideFile(const std::string& path) {
  std::string name = fs::path(path).filename().string();
  return name == "override.tf" || name == "override.tf.json" || endsWith(name, "_override.tf") ||
         endsWith(name, "_override.tf.json");
}

void declare(ModuleSource& module, const hcl::Block& block, DiagnosticEngine& diags) {
  auto label = [&](size_t i) { return block.labels.size() > i ? block.labels[i].value : ""; };
  auto once = [&](std::map<std::string, const hcl::Block*>& table, const std::string& what,
                  size_t labels) {
    if (block.labels.size() != labels) {
      diags.error("terraform-invalid", block.range.location(),
                  "a " + block.type + " block needs " + std::to_string(labels) + " label" +
                      (labels == 1 ? "" : "s"));
      return;
    }
    auto [it, inserted] = table.emplace(label(0), &block);
    if (!inserted) {
      diags.error("terraform-duplicate", block.range.location(),
                  what + " \"" + label(0) + "\" is declared twice (first at " +
                      it->second->range.location().str() + ")");
    }
  };
  if (block.type == "variable") {
    once(module.variables, "variable", 1);
  } else if (block.type == "output") {
    once(module.outputs, "output", 1);
  } else if (block.type == "module") {
    once(module.module_calls, "module", 1);
    // A module call takes arguments only; Terraform refuses any nested block
    // ("Unsupported block type"), so whatever it says is not configuration.
    for (const hcl::Block& nested : block.body.blocks)
      diags.error("terraform-invalid", nested.range.location(),
                  "a module call takes arguments, not blocks: this `" + nested.type +
                      "` block is not part of the configuration (Terraform: Unsupported block "
                      "type); pass it as an argument the module declares");
  } else if (block.type == "resource" || block.type == "data") {
    if (block.labels.size() != 2) {
      diags.error("terraform-invalid", block.range.location(),
                  "a " + block.type + " block needs two labels: type and name");
      return;
    }
    auto [it, inserted] =
        module.resource_index.emplace(std::make_tuple(block.type, label(0), label(1)), &block);
    if (!inserted) {
      diags.error("terraform-duplicate", block.range.location(),
                  block.type + " " + label(0) + "." + label(1) + " is declared twice (first at " +
                      it->second->range.location().str() + ")");
      return;
    }
    module.resources.push_back(&block);
  } else if (block.type == "locals") {
    for (const hcl::Attribute& attribute : block.body.attributes) {
      auto [it, inserted] = module.locals.emplace(attribute.name, &attribute);
      if (!inserted) {
        diags.error("terraform-duplicate", attribute.range.location(),
                    "local." + attribute.name + " is declared twice (first at " +
                        it->second->range.location().str() + ")");
      }
    }
  }
  // terraform, provider, moved, import, removed, check blocks: no network meaning.
}

// Registers and parses one file's text into `module`.
void addFile(ModuleSource& module, const std::string& file, const std::string& content,
             DiagnosticEngine& diags) {
  diags.addSource(file, content);
  hcl::ParseResult parsed = endsWith(file, ".tf.json") ? hcl::parseJsonSyntax(file, content, diags)
                                                       : hcl::parse(file, content, diags);
  module.ok = module.ok && parsed.ok;
  module.files.push_back(file);
  module.bodies.push_back(std::move(parsed.body));
}

// Pointers into the bodies are taken only once the vector no longer grows.
void declareAll(ModuleSource& module, DiagnosticEngine& diags) {
  for (const hcl::Body& body : module.bodies)
    for (const hcl::Block& block : body.blocks) declare(module, block, diags);
}

}  // namespace

const hcl::Block* ModuleSource::findResource(const std::string& kind, const std::string& type,
                                             const std::string& name) const {
  auto it = resource_index.find(std::make_tuple(kind, type, name));
  return it == resource_index.end() ? nullptr : it->second;
}

bool isTerraformFile(const std::string& path) {
  return endsWith(path, ".tf") || endsWith(path, ".tf.json");
}

std::vector<std::string> terraformFilesIn(const std::string& dir) {
  std::vector<std::string> files;
  std::error_code error;
  for (fs::directory_iterator it(dir, error); !error && it != fs::directory_iterator();
       it.increment(error)) {
    std::string path = it->path().lexically_normal().generic_string();
    std::string name = it->path().filename().string();
    if (name.empty() || name[0] == '.') continue;
    if (it->is_regular_file(error) && isTerraformFile(path)) files.push_back(path);
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::unique_ptr<ModuleSource> readModuleSource(const std::string& dir,
                                               const std::vector<std::string>& files,
                                               DiagnosticEngine& diags) {
  auto module = std::make_unique<ModuleSource>();
  module->dir = dir;
  module->bodies.reserve(files.size());
  for (const std::string& file : files) {
    if (isOverrideFile(file)) {
      diags.warning("terraform-override", {file, 0, 0},
                    "override files are not merged by segproof yet; this file is skipped");
      continue;
    }
    std::string text;
    ReadStatus read = readInputFile(file, text, diags);
    if (read != ReadStatus::kOk) {
      if (read == ReadStatus::kUnreadable)
        diags.error("unreadable-input", {file, 0, 0}, "cannot read the file");
      module->ok = false;
      continue;
    }
    addFile(*module, file, text, diags);
  }
  declareAll(*module, diags);
  return module;
}

std::unique_ptr<ModuleSource> parseModuleText(const std::string& dir, const std::string& file,
                                              const std::string& content,
                                              DiagnosticEngine& diags) {
  auto module = std::make_unique<ModuleSource>();
  module->dir = dir;
  addFile(*module, file, content, diags);
  declareAll(*module, diags);
  return module;
}

}  // namespace segproof::terraform
