// JUnit XML reports (docs/output.md, "JUnit"): the form Jenkins, GitLab CI and
// the GitHub test-report actions read, so a CI system lists every assertion
// and every lint finding as a test of its own.
//
// check: one <testsuite name="segproof check">, one <testcase> per assertion.
//   violated -> <failure type="violated"> whose text holds every witness
//   (packet, path, each hop's rule and file:line:col); unknown -> <error
//   type="unknown"> (an unknown verdict is no pass: exit code 3); an
//   assertion with internal errors -> <error type="internal">; holds -> a
//   passing testcase whose <system-out> holds the proof (or, for a
//   `reachable` assertion, its witnesses).
// lint: one <testsuite> per catalogue check, in catalogue order (then any
//   check the catalogue does not know), one <testcase> per finding: a
//   <failure> when unsuppressed, <skipped message="suppressed: REASON"> when
//   suppressed; a check without findings is one passing testcase. The run's
//   properties (inputs, config, notes) are on the first suite; internal
//   errors are an <error type="internal"> in a last suite, "segproof internal".
//
// The output is deterministic except for the `time` attributes (the run's
// seconds). Text is escaped for XML 1.0: characters it forbids (control
// characters other than tab, newline and carriage return, invalid UTF-8,
// U+FFFE, U+FFFF) become U+FFFD.
#ifndef SEGPROOF_REPORT_JUNIT_REPORTER_H_
#define SEGPROOF_REPORT_JUNIT_REPORTER_H_

#include <string>

#include "report/xml_escape.h"
#include <string_view>

#include "segproof/lint/lint.h"
#include "segproof/query/result.h"

namespace segproof {

std::string checkJunit(const CheckReport& report);
std::string lintJunit(const LintReport& report);


}  // namespace segproof

#endif  // SEGPROOF_REPORT_JUNIT_REPORTER_H_
