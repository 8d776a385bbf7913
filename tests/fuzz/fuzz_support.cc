// Shared steps of the fuzz entry points (fuzz_support.h).
#include "fuzz_support.h"

#include "aws/model_builder.h"

namespace segproof::fuzz {

void buildIfClean(const aws::Resources& resources, DiagnosticEngine& diags) {
  if (diags.hasErrors()) return;
  aws::buildNetwork(resources, diags);
}

void loadAndBuild(const Frontend& frontend, const std::string& path, const std::string& text) {
  if (!frontend.recognizes(path, text)) return;
  DiagnosticEngine diags;
  diags.addSource(path, text);
  aws::Resources resources;
  frontend.load(path, text, resources, diags);
  buildIfClean(resources, diags);
}

}  // namespace segproof::fuzz
