#include "cli/commands.h"

namespace segproof {

int runCli(int, char**) { return kExitError; }

}  // namespace segproof
