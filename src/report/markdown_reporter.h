// Markdown reports for a pull-request comment (docs/output.md, "Markdown").
//
// check: a heading with the overall result, a verdict table (one row per
//   assertion), the evidence of the first violations in full (at most three
//   witnesses or proofs overall), then the rest of the evidence, the proofs
//   of what holds and the notes folded in <details> blocks. Unknown reasons
//   and internal errors are shown unfolded.
// lint: a heading, counts by severity, a findings table (check, severity,
//   resource, file:line, path verdict), the suppressed findings with their
//   reasons (unfolded: auditors must see them), then each finding's message,
//   path witness or proof and fix in a <details> block.
//
// Table cells escape `|`, backticks, backslashes and `<`. The output stays
// within `limit` bytes (GitHub's comment limit counts characters, and no
// character is shorter than a byte): what does not fit is left out, from the
// end, and a closing note says how many items (table rows, evidence blocks,
// details blocks) were. Deterministic: no timestamps, no timings.
#ifndef SEGPROOF_REPORT_MARKDOWN_REPORTER_H_
#define SEGPROOF_REPORT_MARKDOWN_REPORTER_H_

#include <cstddef>
#include <string>

#include "segproof/lint/lint.h"
#include "segproof/query/result.h"

namespace segproof {

// The most characters GitHub accepts in an issue or pull-request comment.
inline constexpr size_t kGithubCommentLimit = 65536;

std::string checkMarkdown(const CheckReport& report, size_t limit = kGithubCommentLimit);
std::string lintMarkdown(const LintReport& report, size_t limit = kGithubCommentLimit);

// Pieces the Markdown reports share: text for a table cell or a line of
// prose (escaped, on one line); a fenced code block; a folded section.
std::string markdownInline(const std::string& text);
std::string markdownCodeBlock(const std::string& text);
std::string markdownDetails(const std::string& summary, const std::string& body);

}  // namespace segproof

#endif  // SEGPROOF_REPORT_MARKDOWN_REPORTER_H_
