// sarif_validate FILE...: checks SARIF logs with validateSarif
// (tools/sarif_validate.h). Prints each violation as "FILE: /pointer: what";
// exits 0 when every file is valid, 1 when some file is invalid, 2 when some
// file cannot be read or is no JSON.
#include <fstream>
#include <iostream>

#include "tools/sarif_validate.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: sarif_validate FILE...\n";
    return 2;
  }
  int status = 0;
  for (int i = 1; i < argc; ++i) {
    std::ifstream in(argv[i]);
    nlohmann::json log = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
    if (!in.is_open() || log.is_discarded()) {
      std::cerr << argv[i] << ": cannot read a JSON document\n";
      status = 2;
      continue;
    }
    std::vector<std::string> problems = segproof::validateSarif(log);
    for (const std::string& p : problems) std::cout << argv[i] << ": " << p << "\n";
    if (!problems.empty() && status == 0) status = 1;
  }
  return status;
}
