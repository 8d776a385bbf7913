// The HCL2 native-syntax parser: a file's text -> its Body (ast.h).
//
// Syntax only: nothing is evaluated and no Terraform meaning is applied.
// Problems are reported as "hcl-syntax" errors at file:line:col; the caller
// registers the text with DiagnosticEngine::addSource to get carets. After an
// error the parser skips to the end of the line (or the enclosing block), so
// one run reports several independent errors; the Body still holds every
// attribute and block that parsed.
//
// Any input terminates: every step consumes a token, and nesting deeper than
// limits::kMaxHclNesting is a "nesting-too-deep" error rather than a stack
// overflow.
#ifndef SEGPROOF_FRONTENDS_TERRAFORM_HCL_PARSER_H_
#define SEGPROOF_FRONTENDS_TERRAFORM_HCL_PARSER_H_

#include <functional>
#include <string>
#include <string_view>

#include "frontends/common/limits.h"
#include "frontends/terraform/hcl/ast.h"
#include "segproof/diag/diagnostic.h"

namespace segproof::hcl {

struct ParseResult {
  Body body;
  bool ok = false;  // false when any syntax error was reported
};

ParseResult parse(const std::string& file, std::string_view text, DiagnosticEngine& diags);

// Where the byte at `offset` of a text parsed on its own lies in its file
// (offset 0..size, size being just past the end). Lets a string taken out of
// another file, such as a decoded JSON string, be parsed with positions and
// diagnostics that point into that file.
using PositionMap = std::function<Position(int offset)>;

// `text` as a bare template (see lexTemplate): a StringLiteral when it has
// no sequences, a Template otherwise, as for a quoted string. Null after
// reporting "hcl-syntax" errors.
ExprPtr parseTemplate(const std::string& file, std::string_view text, const PositionMap& where,
                      DiagnosticEngine& diags);

// `text` as one whole expression, such as `aws.west` or `aws_vpc.main`. Null
// after reporting "hcl-syntax" errors.
ExprPtr parseExpression(const std::string& file, std::string_view text, const PositionMap& where,
                        DiagnosticEngine& diags);

}  // namespace segproof::hcl

#endif  // SEGPROOF_FRONTENDS_TERRAFORM_HCL_PARSER_H_
