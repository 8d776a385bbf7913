// The HCL2 native-syntax lexer: text -> tokens, with template modes.
//
// HCL is not context-free at the character level: inside `"..."` and heredocs
// the text is template literal, and inside `${ }` / `%{ }` it is expression
// syntax again. The lexer keeps a stack of these modes, so the parser sees one
// flat token stream in which a string is OQuote, literal and interpolation
// tokens, then CQuote.
//
// The lexer already decodes escapes, applies template strip markers (`~`)
// to neighbouring literals and removes the common indentation of `<<-`
// heredocs, so the parser never looks at raw characters.
//
// Errors (invalid characters, bad escapes, unterminated strings, comments and
// heredocs) are reported as "hcl-syntax" diagnostics; where text cannot be
// tokenised a kInvalid token stands in, which the parser skips silently.
// Columns count bytes. Never fails to terminate: every step consumes input.
#ifndef SEGPROOF_FRONTENDS_TERRAFORM_HCL_LEXER_H_
#define SEGPROOF_FRONTENDS_TERRAFORM_HCL_LEXER_H_

#include <string>
#include <string_view>
#include <vector>

#include "frontends/terraform/hcl/ast.h"
#include "segproof/diag/diagnostic.h"

namespace segproof::hcl {

enum class TokenKind {
  kEof,
  kNewline,
  kIdent,
  kNumber,
  kOQuote,           // `"` opening a quoted template
  kCQuote,           // `"` closing it
  kTemplateLiteral,  // decoded literal text inside a template
  kTemplateInterp,   // `${` (strip = `${~`)
  kTemplateControl,  // `%{` (strip = `%{~`)
  kTemplateSeqEnd,   // `}` closing `${` or `%{` (strip = `~}`)
  kHeredocBegin,     // `<<EOT` + newline; text = marker, indented = `<<-`
  kHeredocEnd,       // the marker line
  kLBrace,
  kRBrace,
  kLBracket,
  kRBracket,
  kLParen,
  kRParen,
  kAssign,
  kColon,
  kComma,
  kDot,
  kEllipsis,
  kQuestion,
  kFatArrow,
  kBang,
  kMinus,
  kPlus,
  kStar,
  kSlash,
  kPercent,
  kEqual,
  kNotEqual,
  kLess,
  kLessEqual,
  kGreater,
  kGreaterEqual,
  kAnd,
  kOr,
  kInvalid,
};

struct Token {
  TokenKind kind = TokenKind::kEof;
  std::string text;  // as written, except template literals (decoded)
  Position begin;
  Position end;
  bool strip = false;       // template strip marker on this token
  bool indented = false;    // kHeredocBegin: `<<-`
  bool line_start = false;  // heredoc literal starting a line (internal)
};

// Tokenises all of `text`; the last token is always kEof.
std::vector<Token> lex(const std::string& file, std::string_view text, DiagnosticEngine& diags);

// Tokenises all of `text` as a bare template: literal text with `${ }` and
// `%{ }` sequences, like a heredoc body without its markers (no escapes
// other than `$${` and `%%{`, no closing delimiter). For strings that are
// templates once decoded, such as those of the JSON syntax.
std::vector<Token> lexTemplate(const std::string& file, std::string_view text,
                               DiagnosticEngine& diags);

// How a token is named in messages: "'='", "a newline", "the end of the file".
std::string describe(const Token& token);

}  // namespace segproof::hcl

#endif  // SEGPROOF_FRONTENDS_TERRAFORM_HCL_LEXER_H_
