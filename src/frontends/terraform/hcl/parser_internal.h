// The recursive-descent parser behind parse() (parser.h), shared by
// parser.cc (bodies and blocks), expression_parser.cc, collection_parser.cc
// and template_parser.cc.
//
// Error discipline: a parse function that fails reports once (unless the
// parser is already recovering) and returns null/false; callers only
// propagate. The body parser then skips to a synchronisation point and
// clears recovering_, so each line yields at most one error.
#ifndef SEGPROOF_FRONTENDS_TERRAFORM_HCL_PARSER_INTERNAL_H_
#define SEGPROOF_FRONTENDS_TERRAFORM_HCL_PARSER_INTERNAL_H_

#include <string>
#include <vector>

#include "frontends/terraform/hcl/ast.h"
#include "frontends/terraform/hcl/lexer.h"
#include "segproof/diag/diagnostic.h"

namespace segproof::hcl {

class Parser {
 public:
  Parser(const std::string& file, std::vector<Token> tokens, DiagnosticEngine& diags)
      : file_(file), tokens_(std::move(tokens)), diags_(diags) {}

  Body parseFile();
  // All the tokens as one bare template (template_parser.cc) or as one
  // expression (expression_parser.cc).
  ExprPtr parseTemplateText();
  ExprPtr parseExpressionText();

 private:
  // Newlines end attributes, and object items, but are insignificant
  // inside (), [], templates and for expressions. A scope sets the rule
  // until it is destroyed.
  class NewlineScope {
   public:
    NewlineScope(Parser& parser, bool significant) : parser_(parser) {
      parser_.newline_significant_.push_back(significant);
    }
    ~NewlineScope() { parser_.newline_significant_.pop_back(); }
    NewlineScope(const NewlineScope&) = delete;
    NewlineScope& operator=(const NewlineScope&) = delete;

   private:
    Parser& parser_;
  };
  // Counts nesting so hostile input cannot overflow the stack: of the parser,
  // and of every later walk over the tree it builds.
  class DepthGuard {
   public:
    explicit DepthGuard(Parser& parser, int levels = 1) : parser_(parser), levels_(levels) {
      parser_.depth_ += levels_;
    }
    ~DepthGuard() { parser_.depth_ -= levels_; }
    DepthGuard(const DepthGuard&) = delete;
    DepthGuard& operator=(const DepthGuard&) = delete;
    // One level more, for a loop that wraps the expression it has built
    // (`a + b + c`, `a.b.c`): the tree gets deeper without the parser
    // recursing.
    void deepen() {
      ++parser_.depth_;
      ++levels_;
    }

   private:
    Parser& parser_;
    int levels_;
  };

  // Tokens (parser.cc).
  const Token& peek();
  const Token& peekAhead(int n);
  const Token& next();
  bool at(TokenKind kind) { return peek().kind == kind; }
  bool accept(TokenKind kind);
  bool atKeyword(const char* word);
  bool expect(TokenKind kind, const std::string& what);
  void skipNewlines();
  bool tooDeep();
  void error(const Token& token, const std::string& message, const char* code = "hcl-syntax");
  SourceRange range(const Position& begin, const Position& end) const {
    return {file_, begin, end};
  }
  Position lastEnd() const;

  // Bodies (parser.cc).
  Body parseBody(bool in_block);
  bool parseItem(Body& body);
  bool parseAttribute(Body& body, const Token& name);
  bool parseBlock(Body& body, const Token& type);
  bool expectItemEnd(const std::string& after);
  void recover(size_t item_start);

  // Expressions (expression_parser.cc).
  ExprPtr parseExpression();
  ExprPtr parseBinary(int level);
  ExprPtr parseUnary();
  ExprPtr parsePostfix(ExprPtr expr);
  bool parseTraversalStep(ExprPtr& expr);
  void applyLegacyIndexes(ExprPtr& expr, const Token& number);
  ExprPtr parseSplat(ExprPtr source, bool full);
  ExprPtr parsePrimary();
  ExprPtr parseIdentifier();
  ExprPtr parseCall(const Token& name);
  ExprPtr parseTuple();
  ExprPtr parseObject();
  bool parseObjectItem(Object& object);
  ExprPtr parseFor(const Token& open, bool object);
  bool parseForIntro(std::string& key, std::string& value, ExprPtr& collection,
                     const char* construct);
  ExprPtr parseParens();
  ExprPtr make(Position begin, decltype(Expr::node) node);

  // Templates (template_parser.cc).
  ExprPtr parseQuoted();
  ExprPtr parseHeredoc();
  bool parseTemplateParts(TemplateParts& parts, TokenKind end, const char* what);
  bool parseInterpolation(TemplateParts& parts);
  bool parseDirective(TemplateParts& parts, TokenKind end, const char* what);
  bool parseIfDirective(TemplateParts& parts, const Token& open, TokenKind end, const char* what);
  bool parseForDirective(TemplateParts& parts, const Token& open, TokenKind end, const char* what);
  bool expectTemplateEnd();
  bool expectSequenceEnd(const char* directive);

  const std::string& file_;
  std::vector<Token> tokens_;
  DiagnosticEngine& diags_;
  size_t pos_ = 0;
  std::vector<bool> newline_significant_{true};
  int depth_ = 0;
  bool recovering_ = false;
};

}  // namespace segproof::hcl

#endif  // SEGPROOF_FRONTENDS_TERRAFORM_HCL_PARSER_INTERNAL_H_
