// segproof: proves network segmentation of cloud infrastructure code.
#include "cli/commands.h"

int main(int argc, char** argv) { return segproof::runCli(argc, argv); }
