// Expressions: operators by HCL precedence, traversals and splats, calls,
// tuples, objects and for expressions.
#include <cstdlib>
#include <optional>

#include "frontends/terraform/hcl/parser_internal.h"

namespace segproof::hcl {
namespace {

struct BinaryOperator {
  TokenKind token;
  BinaryOp op;
};

// Loosest first; every level is left-associative.
const std::vector<std::vector<BinaryOperator>>& operatorLevels() {
  static const std::vector<std::vector<BinaryOperator>> kLevels = {
      {{TokenKind::kOr, BinaryOp::kOr}},
      {{TokenKind::kAnd, BinaryOp::kAnd}},
      {{TokenKind::kEqual, BinaryOp::kEqual}, {TokenKind::kNotEqual, BinaryOp::kNotEqual}},
      {{TokenKind::kLess, BinaryOp::kLess},
       {TokenKind::kLessEqual, BinaryOp::kLessEqual},
       {TokenKind::kGreater, BinaryOp::kGreater},
       {TokenKind::kGreaterEqual, BinaryOp::kGreaterEqual}},
      {{TokenKind::kPlus, BinaryOp::kAdd}, {TokenKind::kMinus, BinaryOp::kSubtract}},
      {{TokenKind::kStar, BinaryOp::kMultiply},
       {TokenKind::kSlash, BinaryOp::kDivide},
       {TokenKind::kPercent, BinaryOp::kModulo}},
  };
  return kLevels;
}

std::optional<BinaryOp> operatorAt(size_t level, TokenKind token) {
  for (const BinaryOperator& candidate : operatorLevels()[level])
    if (candidate.token == token) return candidate.op;
  return std::nullopt;
}

}  // namespace

ExprPtr Parser::make(Position begin, decltype(Expr::node) node) {
  auto expr = std::make_unique<Expr>();
  expr->range = range(begin, lastEnd());
  expr->node = std::move(node);
  return expr;
}

ExprPtr Parser::parseExpressionText() {
  NewlineScope newlines(*this, false);
  ExprPtr expr = parseExpression();
  if (!expr || !expect(TokenKind::kEof, "the end of the expression")) return nullptr;
  return expr;
}

ExprPtr Parser::parseExpression() {
  DepthGuard guard(*this);
  if (tooDeep()) return nullptr;
  Position begin = peek().begin;
  ExprPtr condition = parseBinary(0);
  if (!condition || !accept(TokenKind::kQuestion)) return condition;
  ExprPtr then_expr = parseExpression();
  if (!then_expr) return nullptr;
  if (!expect(TokenKind::kColon, "':' after the true result of the conditional")) return nullptr;
  ExprPtr else_expr = parseExpression();
  if (!else_expr) return nullptr;
  return make(begin, Conditional{std::move(condition), std::move(then_expr), std::move(else_expr)});
}

ExprPtr Parser::parseBinary(int level) {
  if (level == static_cast<int>(operatorLevels().size())) return parseUnary();
  Position begin = peek().begin;
  ExprPtr lhs = parseBinary(level + 1);
  DepthGuard chain(*this, 0);
  while (lhs) {
    std::optional<BinaryOp> op = operatorAt(level, peek().kind);
    if (!op) break;
    chain.deepen();
    if (tooDeep()) return nullptr;
    next();
    ExprPtr rhs = parseBinary(level + 1);
    if (!rhs) return nullptr;
    lhs = make(begin, Binary{*op, std::move(lhs), std::move(rhs)});
  }
  return lhs;
}

ExprPtr Parser::parseUnary() {
  Position begin = peek().begin;
  if (at(TokenKind::kBang) || at(TokenKind::kMinus)) {
    UnaryOp op = next().kind == TokenKind::kBang ? UnaryOp::kNot : UnaryOp::kNegate;
    DepthGuard guard(*this);
    if (tooDeep()) return nullptr;
    ExprPtr operand = parseUnary();
    if (!operand) return nullptr;
    return make(begin, Unary{op, std::move(operand)});
  }
  ExprPtr primary = parsePrimary();
  return primary ? parsePostfix(std::move(primary)) : nullptr;
}

ExprPtr Parser::parsePostfix(ExprPtr expr) {
  DepthGuard chain(*this, 0);
  while (expr && (at(TokenKind::kDot) || at(TokenKind::kLBracket))) {
    chain.deepen();
    if (tooDeep()) return nullptr;
    if (at(TokenKind::kDot) && peekAhead(1).kind == TokenKind::kStar) {
      next();
      next();
      expr = parseSplat(std::move(expr), false);
    } else if (at(TokenKind::kLBracket) && peekAhead(1).kind == TokenKind::kStar &&
               peekAhead(2).kind == TokenKind::kRBracket) {
      next();
      next();
      next();
      expr = parseSplat(std::move(expr), true);
    } else if (!parseTraversalStep(expr)) {
      return nullptr;
    }
  }
  return expr;
}

// One `.name`, `.0` (legacy index) or `[key]` applied to `expr`.
bool Parser::parseTraversalStep(ExprPtr& expr) {
  Position begin = expr->range.begin;
  if (accept(TokenKind::kDot)) {
    const Token& step = peek();
    if (step.kind == TokenKind::kIdent) {
      next();
      expr = make(begin, GetAttr{std::move(expr), step.text});
      return true;
    }
    if (step.kind == TokenKind::kNumber &&
        step.text.find_first_not_of("0123456789.") == std::string::npos) {
      next();
      applyLegacyIndexes(expr, step);
      return true;
    }
    error(step, "expected an attribute name after '.', found " + describe(step));
    return false;
  }
  next();
  NewlineScope newlines(*this, false);
  ExprPtr key = parseExpression();
  if (!key || !expect(TokenKind::kRBracket, "']' to close the index")) return false;
  expr = make(begin, Index{std::move(expr), std::move(key), false});
  return true;
}

// `a.0.1` lexes its tail as the number "0.1": each dotted piece becomes
// one legacy index, with its own range inside the number token.
void Parser::applyLegacyIndexes(ExprPtr& expr, const Token& number) {
  Position begin = expr->range.begin;
  size_t start = 0;
  while (start <= number.text.size()) {
    size_t dot = std::min(number.text.find('.', start), number.text.size());
    std::string digits = number.text.substr(start, dot - start);
    auto shift = [](Position p, size_t by) {
      int n = static_cast<int>(by);
      return Position{p.line, p.column + n, p.offset + n};
    };
    Position key_begin = shift(number.begin, start);
    Position key_end = shift(key_begin, digits.size());
    auto key = std::make_unique<Expr>();
    key->range = range(key_begin, key_end);
    key->node = NumberLiteral{digits, std::strtod(digits.c_str(), nullptr)};
    auto index = std::make_unique<Expr>();
    index->range = range(begin, key_end);
    index->node = Index{std::move(expr), std::move(key), true};
    expr = std::move(index);
    start = dot + 1;
  }
}

// After `[*]` every following `.name` and `[key]` applies to each element;
// after `.*` only the `.name` steps do (HCL's attribute-only splat).
ExprPtr Parser::parseSplat(ExprPtr source, bool full) {
  Position begin = source->range.begin;
  auto each = std::make_unique<Expr>();
  each->range = range(lastEnd(), lastEnd());
  each->node = SplatItem{};
  DepthGuard chain(*this, 0);
  while (true) {
    bool attribute = at(TokenKind::kDot) && peekAhead(1).kind != TokenKind::kStar;
    bool index =
        full && at(TokenKind::kLBracket) &&
        !(peekAhead(1).kind == TokenKind::kStar && peekAhead(2).kind == TokenKind::kRBracket);
    if (!attribute && !index) break;
    chain.deepen();
    if (tooDeep()) return nullptr;
    if (!parseTraversalStep(each)) return nullptr;
  }
  return make(begin, Splat{std::move(source), std::move(each), full});
}

ExprPtr Parser::parsePrimary() {
  const Token& token = peek();
  switch (token.kind) {
    case TokenKind::kNumber:
      next();
      return make(token.begin, NumberLiteral{token.text, std::strtod(token.text.c_str(), nullptr)});
    case TokenKind::kIdent:
      return parseIdentifier();
    case TokenKind::kOQuote:
      return parseQuoted();
    case TokenKind::kHeredocBegin:
      return parseHeredoc();
    case TokenKind::kLBracket:
      return parseTuple();
    case TokenKind::kLBrace:
      return parseObject();
    case TokenKind::kLParen:
      return parseParens();
    default:
      error(token, "expected an expression, found " + describe(token));
      return nullptr;
  }
}

ExprPtr Parser::parseIdentifier() {
  const Token& name = next();
  if (name.text == "true" || name.text == "false")
    return make(name.begin, BoolLiteral{name.text == "true"});
  if (name.text == "null") return make(name.begin, NullLiteral{});
  if (at(TokenKind::kLParen)) return parseCall(name);
  return make(name.begin, Variable{name.text});
}

ExprPtr Parser::parseCall(const Token& name) {
  next();
  NewlineScope newlines(*this, false);
  Call call{name.text, {}, false};
  while (!at(TokenKind::kRParen)) {
    ExprPtr arg = parseExpression();
    if (!arg) return nullptr;
    call.args.push_back(std::move(arg));
    if (accept(TokenKind::kEllipsis)) {
      call.expand_final = true;
      if (!at(TokenKind::kRParen)) {
        error(peek(), "expected ')' after the expanded final argument of '" + name.text +
                          "', found " + describe(peek()));
        return nullptr;
      }
    } else if (!accept(TokenKind::kComma) && !at(TokenKind::kRParen)) {
      error(peek(), "expected ',' or ')' in the arguments of '" + name.text + "', found " +
                        describe(peek()));
      return nullptr;
    }
  }
  next();
  return make(name.begin, std::move(call));
}

ExprPtr Parser::parseTuple() {
  const Token& open = next();
  NewlineScope newlines(*this, false);
  if (atKeyword("for") && peekAhead(1).kind == TokenKind::kIdent) return parseFor(open, false);
  Tuple tuple;
  while (!at(TokenKind::kRBracket)) {
    ExprPtr item = parseExpression();
    if (!item) return nullptr;
    tuple.items.push_back(std::move(item));
    if (!accept(TokenKind::kComma) && !at(TokenKind::kRBracket)) {
      error(peek(), "expected ',' or ']' after a tuple element, found " + describe(peek()));
      return nullptr;
    }
  }
  next();
  return make(open.begin, std::move(tuple));
}

ExprPtr Parser::parseParens() {
  const Token& open = next();
  NewlineScope newlines(*this, false);
  ExprPtr inner = parseExpression();
  if (!inner || !expect(TokenKind::kRParen, "')' to close the '(' at line " +
                                                std::to_string(open.begin.line) + ", column " +
                                                std::to_string(open.begin.column))) {
    return nullptr;
  }
  return make(open.begin, Parens{std::move(inner)});
}

}  // namespace segproof::hcl
