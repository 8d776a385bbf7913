// The built-in assertion pack: queries/default.yaml, compiled in so that
// `segproof check` works without a query file. The text is generated into
// the build tree by CMakeLists.txt (default_queries.cc).
#include "segproof/query/assertion.h"

namespace segproof {

extern const char kDefaultQueriesYaml[];

AssertionSet builtinAssertions(DiagnosticEngine& diags) {
  return parseAssertions("<built-in>/default.yaml", kDefaultQueriesYaml, diags);
}

}  // namespace segproof
