#include "frontends/common/json_document.h"

#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <utility>

#include "frontends/terraform/hcl/utf8.h"

namespace segproof::json {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

int hexValue(char c) {
  if (isDigit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// How the character at `i` is named in messages: "'x'", "byte 0x01",
// "the end of the input".
std::string describeAt(std::string_view text, size_t i) {
  if (i >= text.size()) return "the end of the input";
  auto byte = static_cast<unsigned char>(text[i]);
  if (byte < 0x20 || byte >= 0x7F) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    return std::string("byte 0x") + kHex[byte >> 4] + kHex[byte & 0xF];
  }
  return "'" + std::string(1, text[i]) + "'";
}

// The character that `\e` stands for, or '\0' when `e` is not one of the
// single-character escapes.
char simpleEscape(char e) {
  static constexpr std::string_view kNames = "\"\\/bfnrt";
  static constexpr std::string_view kValues = "\"\\/\b\f\n\r\t";
  size_t k = e == '\0' ? std::string_view::npos : kNames.find(e);
  return k == std::string_view::npos ? '\0' : kValues[k];
}

// Reads the four hex digits of a `\u` escape at text[i..i+4).
int readHex4(std::string_view text, size_t i) {
  if (i + 4 > text.size()) return -1;
  int value = 0;
  for (size_t k = i; k < i + 4; ++k) {
    int digit = hexValue(text[k]);
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

// The length of the well-formed UTF-8 sequence at text[i] (2 to 4 bytes:
// no overlong forms, surrogates or code points above U+10FFFF), or 0.
int utf8Length(std::string_view text, size_t i) {
  auto byte = [text](size_t k) {
    return k < text.size() ? static_cast<unsigned char>(text[k]) : 0u;
  };
  unsigned lead = byte(i);
  int length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0;
  if (length == 0 || lead > 0xF4) return 0;
  uint32_t cp = lead & (0x7F >> length);
  for (int k = 1; k < length; ++k) {
    unsigned next = byte(i + k);
    if ((next & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (next & 0x3F);
  }
  static constexpr uint32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kSmallest[length] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return length;
}

struct StringError {
  size_t at = 0;
  std::string message;
};

// Reads the JSON string whose opening quote is text[i]; shared by the parser
// and hasTopLevelKey. On success `i` is just past the closing quote and `out`
// (when given) holds the decoded content; otherwise `error` says why.
bool scanString(std::string_view text, size_t& i, std::string* out, StringError& error) {
  size_t open = i++;
  while (true) {
    if (i >= text.size()) {
      error = {open, "unterminated string; expected '\"' before the end of the input"};
      return false;
    }
    char c = text[i];
    if (c == '"') {
      ++i;
      return true;
    }
    if (c == '\n' || c == '\r') {
      error = {i,
               "unterminated string; a JSON string must end on the line it starts "
               "(write a line break as \\n)"};
      return false;
    }
    if (static_cast<unsigned char>(c) < 0x20) {
      error = {i, "invalid control character (" + describeAt(text, i) +
                      ") in a string; write it as an escape such as \\t or \\u0009"};
      return false;
    }
    if (static_cast<unsigned char>(c) >= 0x80) {
      int length = utf8Length(text, i);
      if (length == 0) {
        error = {
            i, "invalid UTF-8 (" + describeAt(text, i) + ") in a string; JSON text must be UTF-8"};
        return false;
      }
      if (out) out->append(text.substr(i, length));
      i += length;
      continue;
    }
    if (c != '\\') {
      if (out) *out += c;
      ++i;
      continue;
    }
    char e = i + 1 < text.size() ? text[i + 1] : '\0';
    char simple = simpleEscape(e);
    if (simple != '\0') {
      if (out) *out += simple;
      i += 2;
      continue;
    }
    if (e != 'u') {
      std::string shown = i + 1 < text.size() && e >= 0x20 && e < 0x7F ? std::string(1, e) : "";
      error = {i, "invalid escape sequence '\\" + shown +
                      "'; JSON allows \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX"};
      return false;
    }
    int unit = readHex4(text, i + 2);
    if (unit < 0) {
      error = {i, "invalid escape sequence; '\\u' needs 4 hexadecimal digits"};
      return false;
    }
    auto cp = static_cast<uint32_t>(unit);
    size_t length = 6;
    if (unit >= 0xD800 && unit <= 0xDBFF) {
      // A high surrogate must be followed by an escaped low surrogate; the
      // pair encodes one code point above U+FFFF.
      int low = i + 7 < text.size() && text[i + 6] == '\\' && text[i + 7] == 'u'
                    ? readHex4(text, i + 8)
                    : -1;
      if (low < 0xDC00 || low > 0xDFFF) {
        error = {i, "invalid escape sequence; the high surrogate '\\u" +
                        std::string(text.substr(i + 2, 4)) +
                        "' must be followed by a low surrogate '\\uDC00'..'\\uDFFF'"};
        return false;
      }
      cp = 0x10000 + ((cp - 0xD800) << 10) + (static_cast<uint32_t>(low) - 0xDC00);
      length = 12;
    } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
      error = {i, "invalid escape sequence; the low surrogate '\\u" +
                      std::string(text.substr(i + 2, 4)) + "' has no high surrogate before it"};
      return false;
    }
    if (out) hcl::appendUtf8(*out, cp);
    i += length;
  }
}

size_t skipSpace(std::string_view text, size_t i) {
  while (i < text.size() && isSpace(text[i])) ++i;
  return i;
}

// Skips one value without checking it (hasTopLevelKey); false when the input
// ends first.
bool skipValue(std::string_view text, size_t& i) {
  int depth = 0;
  StringError ignored;
  while (i < text.size()) {
    char c = text[i];
    if (c == '"') {
      if (!scanString(text, i, nullptr, ignored)) return false;
    } else if (c == '{' || c == '[') {
      ++depth;
      ++i;
    } else if (c == '}' || c == ']') {
      if (depth == 0) return true;
      --depth;
      ++i;
    } else if (c == ',' && depth == 0) {
      return true;
    } else {
      ++i;
    }
    if (depth == 0 && (c == '"' || c == '}' || c == ']')) return true;
  }
  return false;
}

}  // namespace

// Recursive descent over the text; stops at the first error, because JSON
// offers no reliable place to resume.
class Parser {
 public:
  Parser(const std::string& file, std::string_view text, DiagnosticEngine& diags)
      : file_(file), text_(text), diags_(diags) {}

  std::optional<Document> run() {
    if (text_.substr(0, kBom.size()) == kBom) {
      pos_ = kBom.size();
      // The byte order mark is invisible in editors: columns start after it.
      line_start_ = pos_;
    }
    skipWhitespace();
    if (pos_ >= text_.size()) {
      error(pos_, "expected a JSON value; the input is empty");
      return std::nullopt;
    }
    Node* root = parseValue(0);
    if (!root) return std::nullopt;
    skipWhitespace();
    if (pos_ < text_.size()) {
      error(pos_, "unexpected " + describeAt(text_, pos_) +
                      " after the JSON value; expected the end of the input");
      return std::nullopt;
    }
    document_.root_ = root;
    return std::move(document_);
  }

 private:
  SourceLocation locationAt(size_t offset) const {
    return {file_, line_, static_cast<int>(offset - line_start_) + 1};
  }
  void error(size_t offset, std::string message, const char* code = "json-syntax") {
    diags_.error(code, locationAt(offset), std::move(message));
  }
  char at() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }

  // Newlines occur only here: strings may not contain them.
  void skipWhitespace() {
    while (pos_ < text_.size() && isSpace(text_[pos_])) {
      if (text_[pos_] == '\n') {
        ++line_;
        line_start_ = pos_ + 1;
      }
      ++pos_;
    }
  }

  Node* newNode(Kind kind) {
    auto node = std::make_unique<Node>();
    node->kind = kind;
    node->location = locationAt(pos_);
    node->begin = static_cast<int>(pos_);
    document_.nodes_.push_back(std::move(node));
    return document_.nodes_.back().get();
  }
  Node* finish(Node* node) {
    node->end = static_cast<int>(pos_);
    return node;
  }

  Node* parseValue(int depth);
  Node* parseObject(int depth);
  Node* parseArray(int depth);
  bool parseString(std::string& out);
  Node* parseNumber();
  Node* parseWord();

  const std::string& file_;
  std::string_view text_;
  DiagnosticEngine& diags_;
  Document document_;
  size_t pos_ = 0;
  size_t line_start_ = 0;
  int line_ = 1;
};

Node* Parser::parseValue(int depth) {
  char c = at();
  if (c == '{' || c == '[') {
    if (depth >= limits::kMaxJsonNesting) {
      error(pos_,
            "arrays and objects nested deeper than " + std::to_string(limits::kMaxJsonNesting) +
                " levels",
            "nesting-too-deep");
      return nullptr;
    }
    return c == '{' ? parseObject(depth + 1) : parseArray(depth + 1);
  }
  if (c == '"') {
    Node* node = newNode(Kind::kString);
    if (!parseString(node->text)) return nullptr;
    return finish(node);
  }
  if (c == '-' || isDigit(c)) return parseNumber();
  if (c >= 'a' && c <= 'z') return parseWord();
  std::string found = describeAt(text_, pos_);
  if (c == '/') found += "; JSON has no comments";
  if (c == '\'') found += "; JSON strings use double quotes";
  error(pos_, "expected a JSON value, found " + found);
  return nullptr;
}

// After `{` or `,` a key must follow; a `}` after `,` is a trailing comma,
// which JSON does not allow.
Node* Parser::parseObject(int depth) {
  Node* node = newNode(Kind::kObject);
  ++pos_;
  skipWhitespace();
  if (at() == '}') {
    ++pos_;
    return finish(node);
  }
  while (true) {
    if (at() != '"') {
      std::string found = describeAt(text_, pos_);
      if (at() == '}') found += "; JSON does not allow a trailing comma";
      error(pos_, (node->members.empty() ? "expected a string key or '}' in an object, found "
                                         : "expected a string key after ',', found ") +
                      found);
      return nullptr;
    }
    Member member;
    member.key_location = locationAt(pos_);
    if (!parseString(member.key)) return nullptr;
    skipWhitespace();
    if (at() != ':') {
      error(pos_, "expected ':' after the object key \"" + member.key + "\", found " +
                      describeAt(text_, pos_));
      return nullptr;
    }
    ++pos_;
    skipWhitespace();
    member.value = parseValue(depth);
    if (!member.value) return nullptr;
    node->members.push_back(std::move(member));
    skipWhitespace();
    if (at() == '}') {
      ++pos_;
      return finish(node);
    }
    if (at() != ',') {
      error(pos_, "expected ',' or '}' after an object member, found " + describeAt(text_, pos_));
      return nullptr;
    }
    ++pos_;
    skipWhitespace();
  }
}

Node* Parser::parseArray(int depth) {
  Node* node = newNode(Kind::kArray);
  ++pos_;
  skipWhitespace();
  if (at() == ']') {
    ++pos_;
    return finish(node);
  }
  while (true) {
    if (at() == ']') {
      error(pos_,
            "expected a JSON value after ',', found ']'; JSON does not allow a trailing "
            "comma");
      return nullptr;
    }
    Node* item = parseValue(depth);
    if (!item) return nullptr;
    node->items.push_back(item);
    skipWhitespace();
    if (at() == ']') {
      ++pos_;
      return finish(node);
    }
    if (at() != ',') {
      error(pos_, "expected ',' or ']' after an array element, found " + describeAt(text_, pos_));
      return nullptr;
    }
    ++pos_;
    skipWhitespace();
  }
}

bool Parser::parseString(std::string& out) {
  StringError failure;
  if (scanString(text_, pos_, &out, failure)) return true;
  error(failure.at, std::move(failure.message));
  return false;
}

// -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
Node* Parser::parseNumber() {
  Node* node = newNode(Kind::kNumber);
  size_t start = pos_;
  if (at() == '-') ++pos_;
  if (!isDigit(at())) {
    error(pos_, "invalid number; expected a digit after '-', found " + describeAt(text_, pos_));
    return nullptr;
  }
  if (at() == '0' && isDigit(pos_ + 1 < text_.size() ? text_[pos_ + 1] : '\0')) {
    error(pos_, "invalid number; JSON numbers cannot have leading zeros");
    return nullptr;
  }
  while (isDigit(at())) ++pos_;
  if (at() == '.') {
    ++pos_;
    if (!isDigit(at())) {
      error(pos_, "invalid number; expected a digit after '.', found " + describeAt(text_, pos_));
      return nullptr;
    }
    while (isDigit(at())) ++pos_;
  }
  if (at() == 'e' || at() == 'E') {
    ++pos_;
    if (at() == '+' || at() == '-') ++pos_;
    if (!isDigit(at())) {
      error(pos_,
            "invalid number; expected a digit in the exponent, found " + describeAt(text_, pos_));
      return nullptr;
    }
    while (isDigit(at())) ++pos_;
  }
  node->text = std::string(text_.substr(start, pos_ - start));
  auto [end, status] =
      std::from_chars(node->text.data(), node->text.data() + node->text.size(), node->number);
  if (status == std::errc::result_out_of_range) {
    // Too large or too small for a double: strtod saturates to infinity or
    // underflows to zero, which is what a reader expects.
    node->number = std::strtod(node->text.c_str(), nullptr);
  }
  return finish(node);
}

Node* Parser::parseWord() {
  size_t start = pos_;
  while (at() >= 'a' && at() <= 'z') ++pos_;
  std::string_view word = text_.substr(start, pos_ - start);
  Node* node = nullptr;
  if (word == "true" || word == "false") {
    pos_ = start;
    node = newNode(Kind::kBool);
    node->boolean = word == "true";
  } else if (word == "null") {
    pos_ = start;
    node = newNode(Kind::kNull);
  } else {
    error(start, "expected a JSON value, found '" + std::string(word) +
                     "'; the only words in JSON are true, false and null");
    return nullptr;
  }
  pos_ += word.size();
  return finish(node);
}

std::optional<Document> Document::parse(const std::string& file, std::string_view text,
                                        DiagnosticEngine& diags) {
  return Parser(file, text, diags).run();
}

const Node* Node::find(std::string_view key) const {
  for (auto it = members.rbegin(); it != members.rend(); ++it) {
    if (it->key == key) return it->value;
  }
  return nullptr;
}

bool hasTopLevelKey(std::string_view text, std::string_view key) {
  size_t i = text.substr(0, kBom.size()) == kBom ? kBom.size() : 0;
  i = skipSpace(text, i);
  if (i >= text.size() || text[i] != '{') return false;
  i = skipSpace(text, i + 1);
  StringError ignored;
  while (i < text.size() && text[i] == '"') {
    std::string name;
    if (!scanString(text, i, &name, ignored)) return false;
    i = skipSpace(text, i);
    if (i >= text.size() || text[i] != ':') return false;
    if (name == key) return true;
    i = skipSpace(text, i + 1);
    if (!skipValue(text, i)) return false;
    i = skipSpace(text, i);
    if (i >= text.size() || text[i] != ',') return false;
    i = skipSpace(text, i + 1);
  }
  return false;
}

const char* kindName(Kind kind) {
  switch (kind) {
    case Kind::kNull:
      return "null";
    case Kind::kBool:
      return "a boolean";
    case Kind::kNumber:
      return "a number";
    case Kind::kString:
      return "a string";
    case Kind::kArray:
      return "an array";
    case Kind::kObject:
      return "an object";
  }
  return "a value";
}

}  // namespace segproof::json
