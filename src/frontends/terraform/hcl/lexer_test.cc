#include "frontends/terraform/hcl/lexer.h"

#include <catch2/catch.hpp>

namespace segproof::hcl {
namespace {

// The kinds of the tokens of `text`, as a compact string.
std::string kinds(const std::string& text) {
  DiagnosticEngine diags;
  std::string out;
  for (const Token& t : lex("t.tf", text, diags)) {
    switch (t.kind) {
      case TokenKind::kEof:
        out += "EOF";
        break;
      case TokenKind::kNewline:
        out += "NL ";
        break;
      case TokenKind::kIdent:
        out += "id(" + t.text + ") ";
        break;
      case TokenKind::kNumber:
        out += "num(" + t.text + ") ";
        break;
      case TokenKind::kOQuote:
        out += "<\" ";
        break;
      case TokenKind::kCQuote:
        out += "\"> ";
        break;
      case TokenKind::kTemplateLiteral:
        out += "lit(" + t.text + ") ";
        break;
      case TokenKind::kTemplateInterp:
        out += t.strip ? "${~ " : "${ ";
        break;
      case TokenKind::kTemplateControl:
        out += t.strip ? "%{~ " : "%{ ";
        break;
      case TokenKind::kTemplateSeqEnd:
        out += t.strip ? "~} " : "} ";
        break;
      case TokenKind::kHeredocBegin:
        out += "<<" + t.text + " ";
        break;
      case TokenKind::kHeredocEnd:
        out += t.text + ">> ";
        break;
      case TokenKind::kInvalid:
        out += "INVALID ";
        break;
      default:
        out += t.text + " ";
        break;
    }
  }
  return out;
}

std::vector<Token> tokens(const std::string& text) {
  DiagnosticEngine diags;
  return lex("t.tf", text, diags);
}

std::string lexProblems(const std::string& text) {
  DiagnosticEngine diags;
  diags.addSource("t.tf", text);
  lex("t.tf", text, diags);
  return diags.renderAll();
}

TEST_CASE("hcl lexer splits an attribute into tokens", "[frontends][hcl]") {
  CHECK(kinds("cidr_block = \"10.0.0.0/16\"\n") ==
        "id(cidr_block) = <\" lit(10.0.0.0/16) \"> NL EOF");
  CHECK(kinds("a-b_c9 = 1.5e3") == "id(a-b_c9) = num(1.5e3) EOF");
}

TEST_CASE("hcl lexer reads every operator, longest first", "[frontends][hcl]") {
  CHECK(kinds("== != <= >= && || => ... = < > ! - + * / % ? : , . [ ] ( ) { }") ==
        "== != <= >= && || => ... = < > ! - + * / % ? : , . [ ] ( ) { } EOF");
}

TEST_CASE("hcl lexer skips comments but keeps their newlines", "[frontends][hcl]") {
  CHECK(kinds("a # one\nb // two\nc /* three\n four */ d") == "id(a) NL id(b) NL id(c) id(d) EOF");
}

TEST_CASE("hcl lexer keeps a dot before a digit out of the number", "[frontends][hcl]") {
  CHECK(kinds("a.0.b") == "id(a) . num(0) . id(b) EOF");
  CHECK(kinds("a.0.1") == "id(a) . num(0.1) EOF");
}

TEST_CASE("hcl lexer decodes string escapes", "[frontends][hcl]") {
  std::vector<Token> t = tokens(R"("a\n\t\"\\\u00e9\U0001F600 $${x} %%{y}")");
  REQUIRE(t.size() == 4);
  CHECK(t[1].text == "a\n\t\"\\\xC3\xA9\xF0\x9F\x98\x80 ${x} %{y}");
}

TEST_CASE("hcl lexer switches modes inside templates", "[frontends][hcl]") {
  CHECK(kinds(R"("a${b}c${ {x = 1}["x"] }d")") ==
        "<\" lit(a) ${ id(b) } lit(c) ${ { id(x) = num(1) } [ <\" lit(x) \"> ] } lit(d) \"> EOF");
  CHECK(kinds(R"("%{if a}x%{endif}")") == "<\" %{ id(if) id(a) } lit(x) %{ id(endif) } \"> EOF");
}

TEST_CASE("hcl lexer applies strip markers to neighbouring literals", "[frontends][hcl]") {
  CHECK(kinds("\"a  ${~ b ~}  c\"") == "<\" lit(a) ${~ id(b) ~} lit(c) \"> EOF");
}

TEST_CASE("hcl lexer reads heredocs line by line", "[frontends][hcl]") {
  CHECK(kinds("x = <<EOT\nhello ${name}\n  world\nEOT\n") ==
        "id(x) = <<EOT lit(hello ) ${ id(name) } lit(\n) lit(  world\n) EOT>> NL EOF");
}

TEST_CASE("hcl lexer removes the common indentation of <<- heredocs", "[frontends][hcl]") {
  std::vector<Token> t = tokens("x = <<-EOT\n    a\n      b\n\n    c\n    EOT\n");
  std::string body;
  for (const Token& token : t)
    if (token.kind == TokenKind::kTemplateLiteral) body += token.text;
  CHECK(body == "a\n  b\n\nc\n");
}

TEST_CASE("hcl lexer records 1-based positions", "[frontends][hcl]") {
  std::vector<Token> t = tokens("a = 1\n  bb = \"x\"");
  REQUIRE(t.size() >= 8);
  CHECK(t[4].text == "bb");
  CHECK(t[4].begin.line == 2);
  CHECK(t[4].begin.column == 3);
  CHECK(t[4].end.column == 5);
  CHECK(t[6].kind == TokenKind::kOQuote);
  CHECK(t[6].begin.column == 8);
}

TEST_CASE("hcl lexer reports bad escapes and unterminated text", "[frontends][hcl]") {
  CHECK(lexProblems("x = \"a\\qb\"\n") ==
        "t.tf:1:7: error[hcl-syntax]: invalid escape sequence '\\q'\n"
        "  x = \"a\\qb\"\n"
        "        ^\n");
  CHECK(lexProblems("x = \"abc\ny = 1\n") ==
        "t.tf:1:9: error[hcl-syntax]: unterminated string; a quoted string must end on the "
        "line it starts\n"
        "  x = \"abc\n"
        "          ^\n");
  CHECK(lexProblems("x = <<EOT\nabc\n") ==
        "t.tf:1:5: error[hcl-syntax]: unterminated heredoc; expected a line containing only "
        "'EOT' before the end of the file\n"
        "  x = <<EOT\n"
        "      ^\n");
  CHECK(lexProblems("/* open") ==
        "t.tf:1:1: error[hcl-syntax]: unterminated comment; expected '*/' to close the '/*'\n"
        "  /* open\n"
        "  ^\n");
  CHECK(lexProblems("x = @") ==
        "t.tf:1:5: error[hcl-syntax]: invalid character '@'\n"
        "  x = @\n"
        "      ^\n");
}

}  // namespace
}  // namespace segproof::hcl
