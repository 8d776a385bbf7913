// Bodies, blocks and attributes, token access and error recovery; the
// expression and template grammar live in expression_parser.cc and
// template_parser.cc.
#include "frontends/terraform/hcl/parser.h"

#include <algorithm>
#include <iterator>

#include "frontends/terraform/hcl/parser_internal.h"

namespace segproof::hcl {

const Token& Parser::peek() {
  if (!newline_significant_.back()) {
    while (tokens_[pos_].kind == TokenKind::kNewline) ++pos_;
  }
  return tokens_[pos_];
}

// The n-th token after the next one, under the current newline rule.
const Token& Parser::peekAhead(int n) {
  size_t i = &peek() - tokens_.data();
  while (n > 0 && tokens_[i].kind != TokenKind::kEof) {
    ++i;
    if (newline_significant_.back() || tokens_[i].kind != TokenKind::kNewline) --n;
  }
  return tokens_[i];
}

const Token& Parser::next() {
  const Token& token = peek();
  if (token.kind != TokenKind::kEof) ++pos_;
  return token;
}

bool Parser::accept(TokenKind kind) {
  if (!at(kind)) return false;
  next();
  return true;
}

bool Parser::atKeyword(const char* word) { return at(TokenKind::kIdent) && peek().text == word; }

bool Parser::expect(TokenKind kind, const std::string& what) {
  if (accept(kind)) return true;
  error(peek(), "expected " + what + ", found " + describe(peek()));
  return false;
}

void Parser::skipNewlines() {
  while (tokens_[pos_].kind == TokenKind::kNewline) ++pos_;
}

bool Parser::tooDeep() {
  if (depth_ <= limits::kMaxHclNesting) return false;
  error(peek(),
        "nesting is too deep; at most " + std::to_string(limits::kMaxHclNesting) +
            " levels of brackets, blocks and expressions are supported",
        "nesting-too-deep");
  return true;
}

// Reports only the first error of a line: later ones are usually its echo.
// Invalid tokens were already reported by the lexer.
void Parser::error(const Token& token, const std::string& message, const char* code) {
  if (!recovering_ && token.kind != TokenKind::kInvalid)
    diags_.error(code, {file_, token.begin.line, token.begin.column}, message);
  recovering_ = true;
}

Position Parser::lastEnd() const { return pos_ > 0 ? tokens_[pos_ - 1].end : tokens_[0].begin; }

Body Parser::parseFile() { return parseBody(false); }

Body Parser::parseBody(bool in_block) {
  Body body;
  skipNewlines();
  Position begin = tokens_[pos_].begin;
  while (true) {
    skipNewlines();
    const Token& token = peek();
    if (token.kind == TokenKind::kEof) break;
    if (token.kind == TokenKind::kRBrace) {
      if (in_block) break;
      error(token, "unexpected '}' with no block to close");
      next();
      recover(pos_);
      continue;
    }
    size_t item_start = pos_;
    if (!parseItem(body)) recover(item_start);
  }
  body.range = range(begin, lastEnd());
  return body;
}

bool Parser::parseItem(Body& body) {
  const Token& name = peek();
  if (name.kind != TokenKind::kIdent) {
    error(name, "expected an attribute or a block, found " + describe(name));
    return false;
  }
  next();
  if (at(TokenKind::kAssign)) return parseAttribute(body, name);
  return parseBlock(body, name);
}

bool Parser::parseAttribute(Body& body, const Token& name) {
  next();
  ExprPtr value = parseExpression();
  if (!value) return false;
  SourceRange attribute_range = range(name.begin, lastEnd());
  body.attributes.push_back(
      {attribute_range, name.text, range(name.begin, name.end), std::move(value)});
  return expectItemEnd("the value of attribute '" + name.text + "'");
}

// HCL needs a newline after each item; a closing brace may end a one-line
// block such as `tags { Name = "a" }`.
bool Parser::expectItemEnd(const std::string& after) {
  if (accept(TokenKind::kNewline) || at(TokenKind::kEof) || at(TokenKind::kRBrace)) return true;
  error(peek(), "expected a newline after " + after + ", found " + describe(peek()));
  return false;
}

bool Parser::parseBlock(Body& body, const Token& type) {
  Block block;
  block.type = type.text;
  std::string header = type.text;
  while (at(TokenKind::kIdent) || at(TokenKind::kOQuote)) {
    const Token& open = next();
    BlockLabel label{open.text, false, range(open.begin, open.end)};
    if (open.kind == TokenKind::kOQuote) {
      label.quoted = true;
      label.value = at(TokenKind::kTemplateLiteral) ? next().text : "";
      if (!expect(TokenKind::kCQuote,
                  "'\"' to end the block label; labels cannot contain "
                  "interpolations")) {
        return false;
      }
      label.range = range(open.begin, lastEnd());
    }
    header.append(" ").append(label.quoted ? "\"" + label.value + "\"" : label.value);
    block.labels.push_back(std::move(label));
  }
  if (!at(TokenKind::kLBrace)) {
    error(peek(), "expected '=' or a block body after '" + header + "', found " + describe(peek()));
    return false;
  }
  const Token& open = next();
  DepthGuard guard(*this);
  if (tooDeep()) return false;
  block.body = parseBody(true);
  bool closed = accept(TokenKind::kRBrace);
  block.range = range(type.begin, lastEnd());
  body.blocks.push_back(std::move(block));
  if (!closed) {
    error(peek(), "expected '}' to close the block '" + header + "' opened at line " +
                      std::to_string(open.begin.line) + ", found " + describe(peek()));
    return false;
  }
  return expectItemEnd("the block '" + header + "'");
}

namespace {

TokenKind closerOf(TokenKind opener) {
  switch (opener) {
    case TokenKind::kLBrace:
      return TokenKind::kRBrace;
    case TokenKind::kLBracket:
      return TokenKind::kRBracket;
    case TokenKind::kLParen:
      return TokenKind::kRParen;
    case TokenKind::kTemplateInterp:
    case TokenKind::kTemplateControl:
      return TokenKind::kTemplateSeqEnd;
    default:
      return TokenKind::kEof;
  }
}

bool isCloser(TokenKind kind) {
  return kind == TokenKind::kRBrace || kind == TokenKind::kRBracket || kind == TokenKind::kRParen ||
         kind == TokenKind::kTemplateSeqEnd;
}

// Applies `kind` to the stack of brackets open since the item started. A
// '}' that matches no open bracket belongs to the enclosing block: the
// result is false, and recovery stops before it. Other stray closers are
// skipped like any token.
bool track(std::vector<TokenKind>& open, TokenKind kind) {
  if (closerOf(kind) != TokenKind::kEof) {
    open.push_back(closerOf(kind));
  } else if (isCloser(kind)) {
    auto match = std::find(open.rbegin(), open.rend(), kind);
    if (match == open.rend()) return kind != TokenKind::kRBrace;
    // Brackets opened inside the matching one and never closed are abandoned.
    open.erase(std::prev(match.base()), open.end());
  }
  return true;
}

}  // namespace

// Skips to the end of the item that failed: the first newline outside the
// brackets opened since `item_start` (so a multi-line value is skipped
// whole), or the '}' that closes the enclosing block.
void Parser::recover(size_t item_start) {
  std::vector<TokenKind> open;
  for (size_t i = item_start; i < pos_; ++i) track(open, tokens_[i].kind);
  while (tokens_[pos_].kind != TokenKind::kEof) {
    TokenKind kind = tokens_[pos_].kind;
    if (open.empty() && kind == TokenKind::kNewline) {
      ++pos_;
      break;
    }
    if (!track(open, kind)) break;
    ++pos_;
  }
  recovering_ = false;
}

namespace {

// Lexes and parses `text` as a template or as an expression, with every
// position (of tokens, so of nodes, and of diagnostics) moved by `where`.
ExprPtr parseEmbedded(const std::string& file, std::string_view text, const PositionMap& where,
                      DiagnosticEngine& diags, bool as_template) {
  DiagnosticEngine lexer_diags;
  std::vector<Token> tokens =
      as_template ? lexTemplate(file, text, lexer_diags) : lex(file, text, lexer_diags);
  // The lexer reports line:col of `text`; back to an offset, then moved.
  std::vector<int> line_starts{0};
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') line_starts.push_back(static_cast<int>(i) + 1);
  }
  for (Diagnostic diagnostic : lexer_diags.diagnostics()) {
    Position at = where(line_starts[diagnostic.location.line - 1] + diagnostic.location.column - 1);
    diagnostic.location = {file, at.line, at.column};
    diags.report(std::move(diagnostic));
  }
  for (Token& token : tokens) {
    token.begin = where(token.begin.offset);
    token.end = where(token.end.offset);
  }
  Parser parser(file, std::move(tokens), diags);
  ExprPtr expr = as_template ? parser.parseTemplateText() : parser.parseExpressionText();
  return lexer_diags.hasErrors() ? nullptr : std::move(expr);
}

}  // namespace

ExprPtr parseTemplate(const std::string& file, std::string_view text, const PositionMap& where,
                      DiagnosticEngine& diags) {
  return parseEmbedded(file, text, where, diags, true);
}

ExprPtr parseExpression(const std::string& file, std::string_view text, const PositionMap& where,
                        DiagnosticEngine& diags) {
  return parseEmbedded(file, text, where, diags, false);
}

ParseResult parse(const std::string& file, std::string_view text, DiagnosticEngine& diags) {
  int errors_before = diags.errorCount();
  Parser parser(file, lex(file, text, diags), diags);
  ParseResult result;
  result.body = parser.parseFile();
  result.ok = diags.errorCount() == errors_before;
  return result;
}

}  // namespace segproof::hcl
