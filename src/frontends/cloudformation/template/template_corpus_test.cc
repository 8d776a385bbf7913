// Smoke test over the CloudFormation templates of public rule sets (cfn_nag,
// KICS, Checkov) kept under /work/shared/corpora: every template that
// isCloudFormationTemplate recognises is read without a crash and without a
// syntax error. Skipped, passing, when the corpora are absent.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "frontends/cloudformation/template/template_reader.h"

namespace segproof::cloudformation {
namespace {

namespace fs = std::filesystem;

bool isTemplateExtension(const fs::path& path) {
  std::string extension = path.extension().string();
  return extension == ".yaml" || extension == ".yml" || extension == ".json" ||
         extension == ".template";
}

TEST_CASE("templates of public corpora are read without crashes or syntax errors",
          "[frontends][cloudformation][corpus]") {
  std::string corpora = std::string(SEGPROOF_SOURCE_DIR) + "/../shared/corpora";
  const std::vector<std::string> roots = {corpora + "/cfn_nag/spec",
                                          corpora + "/kics/assets/queries/cloudFormation",
                                          corpora + "/checkov/tests/cloudformation"};
  std::error_code error;
  if (!fs::is_directory(corpora, error)) {
    SUCCEED("no corpora at " + corpora + "; skipped");
    return;
  }
  int candidates = 0, templates = 0, resources = 0, with_errors = 0;
  std::map<std::string, int> codes;
  for (const std::string& root : roots) {
    if (!fs::is_directory(root, error)) continue;
    for (const fs::directory_entry& entry : fs::recursive_directory_iterator(root, error)) {
      if (!entry.is_regular_file() || !isTemplateExtension(entry.path())) continue;
      ++candidates;
      std::ifstream in(entry.path(), std::ios::binary);
      std::ostringstream text;
      text << in.rdbuf();
      if (!isCloudFormationTemplate(text.str())) continue;
      ++templates;
      DiagnosticEngine diags;
      std::string file = entry.path().generic_string();
      Stack stack = readTemplate(file, text.str(), {}, diags);
      resources += static_cast<int>(stack.resources.size());
      if (diags.hasErrors()) ++with_errors;
      for (const Diagnostic& diagnostic : diags.diagnostics()) {
        ++codes[diagnostic.code];
        if (diagnostic.code == "yaml-syntax" || diagnostic.code == "json-syntax")
          FAIL_CHECK(file << ": " << diags.render(diagnostic));
      }
    }
  }
  std::cout << "cloudformation corpus: " << candidates << " yaml/json files, " << templates
            << " templates, " << resources << " resources, " << with_errors
            << " templates with errors\n";
  for (const auto& [code, count] : codes) std::cout << "  " << code << ": " << count << "\n";
  CHECK(templates > 0);
}

}  // namespace
}  // namespace segproof::cloudformation
