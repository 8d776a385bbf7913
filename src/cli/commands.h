// The command line: subcommands check, reach and model (CLI11).
#ifndef SEGPROOF_CLI_COMMANDS_H_
#define SEGPROOF_CLI_COMMANDS_H_

namespace segproof {

// Exit codes (documented in README.md):
inline constexpr int kExitOk = 0;        // every assertion holds / question answered
inline constexpr int kExitViolated = 1;  // an assertion is violated
inline constexpr int kExitError = 2;     // usage or input error
inline constexpr int kExitUnknown = 3;   // none violated, some unknown
inline constexpr int kExitInternal = 4;  // a check of the engine against itself failed

int runCli(int argc, char** argv);

}  // namespace segproof

#endif  // SEGPROOF_CLI_COMMANDS_H_
