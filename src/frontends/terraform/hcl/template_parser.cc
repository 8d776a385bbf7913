// Quoted templates and heredocs: literal text, `${expr}` interpolations and
// the `%{if}` / `%{for}` directives. Escapes, strip markers and heredoc
// indentation were already handled by the lexer.
#include "frontends/terraform/hcl/parser_internal.h"

namespace segproof::hcl {
namespace {

// Adds literal text, merging with a literal just before it so that the
// tree holds one part per run of text.
void appendLiteral(TemplateParts& parts, const Token& token, const std::string& file) {
  if (token.text.empty()) return;
  if (!parts.empty()) {
    if (auto* text = std::get_if<std::string>(&parts.back().node)) {
      *text += token.text;
      parts.back().range.end = token.end;
      return;
    }
  }
  parts.push_back({{file, token.begin, token.end}, token.text});
}

// The index of the keyword after the `%{` at `i`, skipping newlines.
size_t keywordAfter(const std::vector<Token>& tokens, size_t i) {
  ++i;
  while (tokens[i].kind == TokenKind::kNewline) ++i;
  return i;
}

// A string without sequences is a StringLiteral, any other a Template.
decltype(Expr::node) stringValue(TemplateParts parts) {
  if (parts.empty()) return StringLiteral{};
  if (parts.size() == 1) {
    if (auto* text = std::get_if<std::string>(&parts.front().node))
      return StringLiteral{std::move(*text)};
  }
  return Template{std::move(parts)};
}

}  // namespace

ExprPtr Parser::parseQuoted() {
  const Token& open = next();
  TemplateParts parts;
  if (!parseTemplateParts(parts, TokenKind::kCQuote, "string") || !expectTemplateEnd())
    return nullptr;
  if (!expect(TokenKind::kCQuote, "'\"' to end the string")) return nullptr;
  return make(open.begin, stringValue(std::move(parts)));
}

ExprPtr Parser::parseTemplateText() {
  Position begin = peek().begin;
  TemplateParts parts;
  if (!parseTemplateParts(parts, TokenKind::kEof, "string") || !expectTemplateEnd()) return nullptr;
  if (!expect(TokenKind::kEof, "the end of the string")) return nullptr;
  return make(begin, stringValue(std::move(parts)));
}

ExprPtr Parser::parseHeredoc() {
  const Token& open = next();
  TemplateParts parts;
  if (!parseTemplateParts(parts, TokenKind::kHeredocEnd, "heredoc") || !expectTemplateEnd())
    return nullptr;
  if (!expect(TokenKind::kHeredocEnd, "a line containing only '" + open.text + "'")) return nullptr;
  return make(open.begin, Heredoc{open.text, open.indented, std::move(parts)});
}

// Parses parts up to `end` or to an `%{else}`, `%{endif}` or `%{endfor}`,
// which the caller consumes or reports.
bool Parser::parseTemplateParts(TemplateParts& parts, TokenKind end, const char* what) {
  while (true) {
    const Token& token = peek();
    if (token.kind == TokenKind::kTemplateLiteral) {
      next();
      appendLiteral(parts, token, file_);
    } else if (token.kind == TokenKind::kTemplateInterp) {
      if (!parseInterpolation(parts)) return false;
    } else if (token.kind == TokenKind::kTemplateControl) {
      const Token& keyword = tokens_[keywordAfter(tokens_, pos_)];
      if (keyword.text == "else" || keyword.text == "endif" || keyword.text == "endfor")
        return true;
      if (!parseDirective(parts, end, what)) return false;
    } else {
      return true;
    }
  }
}

bool Parser::parseInterpolation(TemplateParts& parts) {
  const Token& open = next();
  NewlineScope newlines(*this, false);
  ExprPtr expr = parseExpression();
  if (!expr) return false;
  if (!at(TokenKind::kTemplateSeqEnd)) {
    error(peek(), "expected '}' to close the interpolation, found " + describe(peek()));
    return false;
  }
  const Token& close = next();
  parts.push_back({range(open.begin, close.end),
                   TemplateInterpolation{std::move(expr), open.strip, close.strip}});
  return true;
}

bool Parser::parseDirective(TemplateParts& parts, TokenKind end, const char* what) {
  const Token& open = next();
  NewlineScope newlines(*this, false);
  // Directives nest without passing through parseExpression's guard.
  DepthGuard guard(*this);
  if (tooDeep()) return false;
  if (atKeyword("if")) return parseIfDirective(parts, open, end, what);
  if (atKeyword("for")) return parseForDirective(parts, open, end, what);
  error(peek(), "expected 'if' or 'for' after '%{', found " + describe(peek()));
  return false;
}

bool Parser::parseIfDirective(TemplateParts& parts, const Token& open, TokenKind end,
                              const char* what) {
  next();
  TemplateIf node;
  node.condition = parseExpression();
  if (!node.condition || !expectSequenceEnd("if") ||
      !parseTemplateParts(node.then_parts, end, what)) {
    return false;
  }
  if (at(TokenKind::kTemplateControl) && tokens_[keywordAfter(tokens_, pos_)].text == "else") {
    pos_ = keywordAfter(tokens_, pos_) + 1;
    node.has_else = true;
    if (!expectSequenceEnd("else") || !parseTemplateParts(node.else_parts, end, what)) return false;
  }
  if (!at(TokenKind::kTemplateControl) || tokens_[keywordAfter(tokens_, pos_)].text != "endif") {
    error(peek(), "expected '%{endif}' to close the '%{if}' at line " +
                      std::to_string(open.begin.line) + ", column " +
                      std::to_string(open.begin.column) + ", found " + describe(peek()));
    return false;
  }
  pos_ = keywordAfter(tokens_, pos_) + 1;
  if (!expectSequenceEnd("endif")) return false;
  parts.push_back({range(open.begin, lastEnd()), std::move(node)});
  return true;
}

bool Parser::parseForDirective(TemplateParts& parts, const Token& open, TokenKind end,
                               const char* what) {
  next();
  TemplateFor node;
  if (!parseForIntro(node.key, node.value, node.collection, "'%{for}' directive") ||
      !expectSequenceEnd("for") || !parseTemplateParts(node.body, end, what)) {
    return false;
  }
  if (!at(TokenKind::kTemplateControl) || tokens_[keywordAfter(tokens_, pos_)].text != "endfor") {
    error(peek(), "expected '%{endfor}' to close the '%{for}' at line " +
                      std::to_string(open.begin.line) + ", column " +
                      std::to_string(open.begin.column) + ", found " + describe(peek()));
    return false;
  }
  pos_ = keywordAfter(tokens_, pos_) + 1;
  if (!expectSequenceEnd("endfor")) return false;
  parts.push_back({range(open.begin, lastEnd()), std::move(node)});
  return true;
}

// parseTemplateParts stops at `%{else}`, `%{endif}` and `%{endfor}`; at the
// top of a template they close nothing.
bool Parser::expectTemplateEnd() {
  if (!at(TokenKind::kTemplateControl)) return true;
  const std::string& keyword = tokens_[keywordAfter(tokens_, pos_)].text;
  std::string opener = keyword == "endfor" ? "for" : "if";
  error(peek(), "'%{" + keyword + "}' without a matching '%{" + opener + "}'");
  return false;
}

bool Parser::expectSequenceEnd(const char* directive) {
  NewlineScope newlines(*this, false);
  if (accept(TokenKind::kTemplateSeqEnd)) return true;
  error(peek(),
        std::string("expected '}' to close the '%{") + directive + "', found " + describe(peek()));
  return false;
}

}  // namespace segproof::hcl
