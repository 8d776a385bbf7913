#include "frontends/common/json_document.h"

#include <catch2/catch.hpp>

namespace segproof::json {
namespace {

// The document of `text` as f.json; fails the test when it does not parse.
Document parseOk(const std::string& text) {
  DiagnosticEngine diags;
  std::optional<Document> document = Document::parse("f.json", text, diags);
  INFO(diags.renderAll());
  REQUIRE(document);
  REQUIRE(!diags.hasErrors());
  return std::move(*document);
}

// The single diagnostic reported for `text`, as "line:col: code: message".
std::string problem(const std::string& text) {
  DiagnosticEngine diags;
  std::optional<Document> document = Document::parse("f.json", text, diags);
  CHECK(!document);
  REQUIRE(diags.diagnostics().size() == 1);
  const Diagnostic& d = diags.diagnostics()[0];
  return std::to_string(d.location.line) + ":" + std::to_string(d.location.column) + ": " + d.code +
         ": " + d.message;
}

std::string at(const SourceLocation& location) {
  return std::to_string(location.line) + ":" + std::to_string(location.column);
}

TEST_CASE("scalars keep their kind, value and text", "[frontends][json]") {
  Document d = parseOk(R"([null, true, false, -12.5e2, 0, "s"])");
  const Node* root = d.root();
  REQUIRE(root->isArray());
  REQUIRE(root->items.size() == 6);
  CHECK(root->items[0]->isNull());
  CHECK(root->items[1]->kind == Kind::kBool);
  CHECK(root->items[1]->boolean);
  CHECK(!root->items[2]->boolean);
  CHECK(root->items[3]->kind == Kind::kNumber);
  CHECK(root->items[3]->text == "-12.5e2");
  CHECK(root->items[3]->number == -1250.0);
  CHECK(root->items[4]->text == "0");
  CHECK(root->items[5]->isString());
  CHECK(root->items[5]->text == "s");
}

TEST_CASE("huge numbers keep their text and saturate", "[frontends][json]") {
  Document d = parseOk("[1e400, 123456789012345678901234567890, 1e-400]");
  CHECK(d.root()->items[0]->text == "1e400");
  CHECK(d.root()->items[0]->number > 1e308);
  CHECK(d.root()->items[1]->text == "123456789012345678901234567890");
  CHECK(d.root()->items[2]->number == 0.0);
}

TEST_CASE("nested values know their line, column and byte range", "[frontends][json]") {
  std::string text =
      "{\n"
      "  \"a\": [1,\n"
      "\t{\"b\": \"x\"}],\n"
      "  \"c\": null\n"
      "}\n";
  Document d = parseOk(text);
  const Node* root = d.root();
  CHECK(at(root->location) == "1:1");
  CHECK(root->location.file == "f.json");
  CHECK(root->begin == 0);
  CHECK(root->end == static_cast<int>(text.size()) - 1);
  REQUIRE(root->members.size() == 2);
  CHECK(root->members[0].key == "a");
  CHECK(at(root->members[0].key_location) == "2:3");
  const Node* a = root->members[0].value;
  CHECK(at(a->location) == "2:8");
  CHECK(at(a->items[0]->location) == "2:9");
  // A tab counts as one column, like every other byte.
  const Node* inner = a->items[1];
  CHECK(at(inner->location) == "3:2");
  CHECK(at(inner->members[0].key_location) == "3:3");
  const Node* b = inner->find("b");
  REQUIRE(b);
  CHECK(at(b->location) == "3:8");
  CHECK(text.substr(b->begin, b->end - b->begin) == "\"x\"");
  CHECK(text.substr(a->begin, a->end - a->begin) == "[1,\n\t{\"b\": \"x\"}]");
  CHECK(at(root->members[1].value->location) == "4:8");
}

TEST_CASE("objects keep member order and duplicates; find returns the last", "[frontends][json]") {
  Document d = parseOk(R"({"z": 1, "a": 2, "z": 3})");
  const Node* root = d.root();
  REQUIRE(root->members.size() == 3);
  CHECK(root->members[0].key == "z");
  CHECK(root->members[1].key == "a");
  CHECK(root->members[2].key == "z");
  CHECK(root->find("z")->text == "3");
  CHECK(root->find("a")->text == "2");
  CHECK(root->find("missing") == nullptr);
}

TEST_CASE("string escapes are decoded", "[frontends][json]") {
  Document d = parseOk(R"(["a\"b\\c\/d\b\f\n\r\t", "\u0041\u00e9\u20AC", "\ud83d\ude00"])");
  CHECK(d.root()->items[0]->text == "a\"b\\c/d\b\f\n\r\t");
  CHECK(d.root()->items[1]->text == "A\xC3\xA9\xE2\x82\xAC");
  // A surrogate pair is one code point, U+1F600, in four UTF-8 bytes.
  CHECK(d.root()->items[2]->text == "\xF0\x9F\x98\x80");
}

TEST_CASE("UTF-8 text passes through and columns count bytes", "[frontends][json]") {
  Document d = parseOk("{\"\xC3\xA9\": \"\xE2\x82\xAC\", \"n\": 1}");
  CHECK(d.root()->members[0].key == "\xC3\xA9");
  CHECK(d.root()->members[0].value->text == "\xE2\x82\xAC");
  CHECK(at(d.root()->members[1].key_location) == "1:15");
}

TEST_CASE("a leading byte order mark is skipped", "[frontends][json]") {
  Document d = parseOk("\xEF\xBB\xBF{\"k\": true}");
  CHECK(d.root()->isObject());
  CHECK(d.root()->begin == 3);
  CHECK(at(d.root()->location) == "1:1");
  CHECK(at(d.root()->members[0].key_location) == "1:2");
}

TEST_CASE("structural errors point at the offending character", "[frontends][json]") {
  CHECK(problem("") == "1:1: json-syntax: expected a JSON value; the input is empty");
  CHECK(problem("  \n  ") == "2:3: json-syntax: expected a JSON value; the input is empty");
  CHECK(problem("{\"a\": 1 \"b\": 2}") ==
        "1:9: json-syntax: expected ',' or '}' after an object member, found '\"'");
  CHECK(problem("[1 2]") ==
        "1:4: json-syntax: expected ',' or ']' after an array element, found '2'");
  CHECK(problem("{\"a\" 1}") ==
        "1:6: json-syntax: expected ':' after the object key \"a\", found '1'");
  CHECK(problem("{a: 1}") ==
        "1:2: json-syntax: expected a string key or '}' in an object, found 'a'");
  CHECK(problem("{\"a\": 1,}") ==
        "1:9: json-syntax: expected a string key after ',', found '}'; JSON does not allow a "
        "trailing comma");
  CHECK(problem("[1,]") ==
        "1:4: json-syntax: expected a JSON value after ',', found ']'; JSON does not allow a "
        "trailing comma");
  CHECK(problem("{\"a\": }") == "1:7: json-syntax: expected a JSON value, found '}'");
  CHECK(problem("{\"a\": 1") ==
        "1:8: json-syntax: expected ',' or '}' after an object member, found the end of the "
        "input");
  CHECK(problem("[") == "1:2: json-syntax: expected a JSON value, found the end of the input");
  CHECK(problem("{} x") ==
        "1:4: json-syntax: unexpected 'x' after the JSON value; expected the end of the input");
  CHECK(problem("[1]\n]") ==
        "2:1: json-syntax: unexpected ']' after the JSON value; expected the end of the input");
  CHECK(problem("// c\n{}") ==
        "1:1: json-syntax: expected a JSON value, found '/'; JSON has no comments");
  CHECK(problem("['a']") ==
        "1:2: json-syntax: expected a JSON value, found '''; JSON strings use double quotes");
  CHECK(problem("[True]") == "1:2: json-syntax: expected a JSON value, found 'T'");
  CHECK(problem("[nul]") ==
        "1:2: json-syntax: expected a JSON value, found 'nul'; the only words in JSON are true, "
        "false and null");
  CHECK(problem("[\x01]") == "1:2: json-syntax: expected a JSON value, found byte 0x01");
}

TEST_CASE("string errors point into the string", "[frontends][json]") {
  CHECK(problem("[\"abc") ==
        "1:2: json-syntax: unterminated string; expected '\"' before the end of the input");
  CHECK(problem("[\"ab\nc\"]") ==
        "1:5: json-syntax: unterminated string; a JSON string must end on the line it starts "
        "(write a line break as \\n)");
  CHECK(problem("[\"a\tb\"]") ==
        "1:4: json-syntax: invalid control character (byte 0x09) in a string; write it as an "
        "escape such as \\t or \\u0009");
  CHECK(problem("[\"a\\xb\"]") ==
        "1:4: json-syntax: invalid escape sequence '\\x'; JSON allows \\\" \\\\ \\/ \\b \\f \\n "
        "\\r \\t and \\uXXXX");
  CHECK(problem("[\"\\u12G4\"]") ==
        "1:3: json-syntax: invalid escape sequence; '\\u' needs 4 hexadecimal digits");
  CHECK(problem("[\"x\\ud83d\"]") ==
        "1:4: json-syntax: invalid escape sequence; the high surrogate '\\ud83d' must be "
        "followed by a low surrogate '\\uDC00'..'\\uDFFF'");
  CHECK(problem("[\"\\ud83d\\u0041\"]") ==
        "1:3: json-syntax: invalid escape sequence; the high surrogate '\\ud83d' must be "
        "followed by a low surrogate '\\uDC00'..'\\uDFFF'");
  CHECK(problem("[\"\\ude00\"]") ==
        "1:3: json-syntax: invalid escape sequence; the low surrogate '\\ude00' has no high "
        "surrogate before it");
}

TEST_CASE("strings must be well-formed UTF-8", "[frontends][json]") {
  const std::string message = ") in a string; JSON text must be UTF-8";
  CHECK(problem("[\"a\xFF\"]") == "1:4: json-syntax: invalid UTF-8 (byte 0xFF" + message);
  // Truncated, overlong, a surrogate, beyond U+10FFFF.
  CHECK(problem("[\"\xC3\"]") == "1:3: json-syntax: invalid UTF-8 (byte 0xC3" + message);
  CHECK(problem("[\"\xC0\x80\"]") == "1:3: json-syntax: invalid UTF-8 (byte 0xC0" + message);
  CHECK(problem("[\"\xE0\x80\x80\"]") == "1:3: json-syntax: invalid UTF-8 (byte 0xE0" + message);
  CHECK(problem("[\"\xED\xA0\x80\"]") == "1:3: json-syntax: invalid UTF-8 (byte 0xED" + message);
  CHECK(problem("[\"\xF4\x90\x80\x80\"]") ==
        "1:3: json-syntax: invalid UTF-8 (byte 0xF4" + message);
  CHECK(problem("[\"\x80\"]") == "1:3: json-syntax: invalid UTF-8 (byte 0x80" + message);
  Document d = parseOk("[\"\xF4\x8F\xBF\xBF \xE2\x82\xAC \xC2\x80\"]");
  CHECK(d.root()->items[0]->text == "\xF4\x8F\xBF\xBF \xE2\x82\xAC \xC2\x80");
}

TEST_CASE("number errors point at the offending character", "[frontends][json]") {
  CHECK(problem("[-]") ==
        "1:3: json-syntax: invalid number; expected a digit after '-', found ']'");
  CHECK(problem("[01]") ==
        "1:2: json-syntax: invalid number; JSON numbers cannot have leading zeros");
  CHECK(problem("[1.]") ==
        "1:4: json-syntax: invalid number; expected a digit after '.', found ']'");
  CHECK(problem("[1e+]") ==
        "1:5: json-syntax: invalid number; expected a digit in the exponent, found ']'");
  CHECK(problem("[+1]") == "1:2: json-syntax: expected a JSON value, found '+'");
  CHECK(problem("[.5]") == "1:2: json-syntax: expected a JSON value, found '.'");
}

TEST_CASE("nesting is limited without overflowing the stack", "[frontends][json]") {
  constexpr int kMax = limits::kMaxJsonNesting;
  std::string ok = std::string(kMax, '[') + std::string(kMax, ']');
  CHECK(parseOk(ok).root()->isArray());

  std::string deep = std::string(kMax + 1, '[') + std::string(kMax + 1, ']');
  CHECK(problem(deep) == "1:" + std::to_string(kMax + 1) +
                             ": nesting-too-deep: arrays and objects nested deeper than " +
                             std::to_string(kMax) + " levels");

  std::string hostile;
  for (int i = 0; i < 100000; ++i) hostile += "{\"a\":";
  CHECK(problem(hostile).find("nested deeper than") != std::string::npos);
}

TEST_CASE("every truncation parses or reports exactly one error", "[frontends][json]") {
  std::string text = R"({"a": [1, -2.5e3, true, null, {"b\u00e9": "\ud83d\ude00\n"}], "c": {}})";
  for (size_t n = 0; n <= text.size(); ++n) {
    DiagnosticEngine diags;
    std::optional<Document> document = Document::parse("f.json", text.substr(0, n), diags);
    INFO(text.substr(0, n));
    CHECK(diags.errorCount() == (document ? 0 : 1));
    CHECK(static_cast<bool>(document) == (n == text.size()));
  }
}

TEST_CASE("hasTopLevelKey scans the keys of the top-level object", "[frontends][json]") {
  CHECK(hasTopLevelKey(R"({"format_version": "1.2", "planned_values": {}})", "planned_values"));
  CHECK(hasTopLevelKey("\xEF\xBB\xBF \n{\"a\": 1}", "a"));
  // Values are skipped, nested keys do not count.
  CHECK(!hasTopLevelKey(R"({"a": {"b": 1}, "c": [{"b": 2}], "d": "\"b\""})", "b"));
  CHECK(hasTopLevelKey(R"({"a": {"b": [1, {"}": "]"}]}, "s": "x,y", "b": null})", "b"));
  // Escaped keys are compared decoded.
  CHECK(hasTopLevelKey(R"({"\u0062": 1})", "b"));
  // Anything after the key is tolerated.
  CHECK(hasTopLevelKey(R"({"a": 1, "b": [1, 2,,,)", "b"));
  CHECK(!hasTopLevelKey(R"({"a": 1})", "b"));
  CHECK(!hasTopLevelKey(R"(["b"])", "b"));
  CHECK(!hasTopLevelKey(R"("b")", "b"));
  CHECK(!hasTopLevelKey("", "b"));
  CHECK(!hasTopLevelKey(R"({"b")", "b"));
  CHECK(!hasTopLevelKey(R"({"a": "unterminated)", "b"));
  CHECK(!hasTopLevelKey(R"({"a": 1 "b": 2})", "b"));
}

}  // namespace
}  // namespace segproof::json
