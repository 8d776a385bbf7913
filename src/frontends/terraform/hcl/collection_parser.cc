// Object constructors and for expressions, the two grammar rules whose
// newline handling differs from the rest: object items end at newlines,
// while a for expression ignores them even inside braces.
#include "frontends/terraform/hcl/parser_internal.h"

namespace segproof::hcl {

ExprPtr Parser::parseObject() {
  const Token& open = next();
  {
    NewlineScope newlines(*this, false);
    if (atKeyword("for") && peekAhead(1).kind == TokenKind::kIdent) return parseFor(open, true);
  }
  NewlineScope newlines(*this, true);
  Object object;
  while (true) {
    skipNewlines();
    if (at(TokenKind::kRBrace)) break;
    if (!parseObjectItem(object)) return nullptr;
    if (accept(TokenKind::kComma) || at(TokenKind::kNewline)) continue;
    if (at(TokenKind::kRBrace)) break;
    error(peek(), "expected ',', a newline or '}' after an object item, found " + describe(peek()));
    return nullptr;
  }
  next();
  return make(open.begin, std::move(object));
}

// A key is a bare identifier (the key's name), or any expression: a string,
// or `(expr)` to use a variable's value as the key.
bool Parser::parseObjectItem(Object& object) {
  ObjectItem item;
  const Token& first = peek();
  TokenKind after = peekAhead(1).kind;
  if (first.kind == TokenKind::kIdent &&
      (after == TokenKind::kAssign || after == TokenKind::kColon)) {
    next();
    item.key = make(first.begin, Variable{first.text});
    item.key_is_identifier = true;
  } else if (first.kind == TokenKind::kEof) {
    error(first, "expected '}' to close the object, found " + describe(first));
    return false;
  } else {
    item.key = parseExpression();
    if (!item.key) return false;
  }
  if (!accept(TokenKind::kAssign) && !accept(TokenKind::kColon)) {
    error(peek(), "expected '=' or ':' after the object key, found " + describe(peek()));
    return false;
  }
  item.value = parseExpression();
  if (!item.value) return false;
  object.items.push_back(std::move(item));
  return true;
}

ExprPtr Parser::parseFor(const Token& open, bool object) {
  NewlineScope newlines(*this, false);
  next();
  For node;
  node.object = object;
  if (!parseForIntro(node.key_var, node.value_var, node.collection, "for expression") ||
      !expect(TokenKind::kColon, "':' after the collection of the for expression")) {
    return nullptr;
  }
  if (object) {
    node.key = parseExpression();
    if (!node.key || !expect(TokenKind::kFatArrow, "'=>' after the key of the for expression"))
      return nullptr;
  }
  node.value = parseExpression();
  if (!node.value) return nullptr;
  node.grouping = object && accept(TokenKind::kEllipsis);
  if (atKeyword("if")) {
    next();
    node.condition = parseExpression();
    if (!node.condition) return nullptr;
  }
  bool closed = object ? expect(TokenKind::kRBrace, "'}' to close the for expression")
                       : expect(TokenKind::kRBracket, "']' to close the for expression");
  return closed ? make(open.begin, std::move(node)) : nullptr;
}

// `k, v in collection` or `v in collection`, after the `for` keyword.
bool Parser::parseForIntro(std::string& key, std::string& value, ExprPtr& collection,
                           const char* construct) {
  const Token& first = peek();
  if (first.kind != TokenKind::kIdent) {
    error(first, "expected a variable name after 'for', found " + describe(first));
    return false;
  }
  next();
  value = first.text;
  if (accept(TokenKind::kComma)) {
    const Token& second = peek();
    if (second.kind != TokenKind::kIdent) {
      error(second, "expected a second variable name after ',', found " + describe(second));
      return false;
    }
    next();
    key = first.text;
    value = second.text;
  }
  if (!atKeyword("in")) {
    error(peek(), std::string("expected 'in' after the variables of the ") + construct +
                      ", found " + describe(peek()));
    return false;
  }
  next();
  collection = parseExpression();
  return collection != nullptr;
}

}  // namespace segproof::hcl
