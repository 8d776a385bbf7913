// The CloudFormation corpus walk (ctest label "corpus"): every template of
// the public fixtures in ../shared/corpora (cfn_nag, KICS, Checkov) that
// segproof recognises as CloudFormation must load without a crash, and a
// valid one without a syntax error. Prints how many loaded cleanly, with
// warnings only, or with errors.
//
// Usage: tests_corpus_cloudformation CORPORA_DIR [--verbose]
// Exit: 0 pass, 1 fail, 77 skipped (CORPORA_DIR absent).
#include <chrono>
#include <fstream>
#include <sstream>

#include "corpus_walk.h"
#include "frontends/cloudformation/template/template_reader.h"

namespace fs = std::filesystem;
using namespace segproof;

namespace {

bool isTemplate(const fs::path& path) {
  std::string extension = path.extension().string();
  if (extension != ".yaml" && extension != ".yml" && extension != ".json" &&
      extension != ".template")
    return false;
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return cloudformation::isCloudFormationTemplate(text.str());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: tests_corpus_cloudformation CORPORA_DIR [--verbose]\n";
    return 1;
  }
  fs::path corpora = argv[1];
  bool verbose = argc > 2 && std::string(argv[2]) == "--verbose";
  if (!fs::is_directory(corpora)) {
    std::cout << "skipped: " << corpora << " is absent\n";
    return 77;
  }
  auto start = std::chrono::steady_clock::now();
  std::map<std::string, corpus::Tally> tallies;
  for (const char* set : {"cfn_nag", "kics", "checkov"}) {
    for (const std::string& file : corpus::filesUnder(corpora / set, isTemplate))
      corpus::load(file, tallies[set], verbose);
  }
  corpus::Tally total = corpus::report(tallies);
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "walked in " << seconds << " s\n";
  if (total.syntax_errors > 0) std::cout << "FAIL: syntax errors in valid inputs\n";
  if (total.clean + total.warnings + total.errors == 0) std::cout << "FAIL: no template found\n";
  return total.syntax_errors == 0 && total.clean + total.warnings + total.errors > 0 ? 0 : 1;
}
