#include "frontends/terraform/eval/json.h"

#include <cstdio>
#include <cstdlib>

#include "frontends/terraform/hcl/utf8.h"

namespace segproof::hcl {

namespace {

void encodeString(const std::string& text, bool escape_html, std::string& out) {
  out += '"';
  for (char c : text) {
    unsigned char u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (u < 0x20 || (escape_html && (c == '<' || c == '>' || c == '&'))) {
      char buffer[8];
      std::snprintf(buffer, sizeof buffer, "\\u%04x", u);
      out += buffer;
    } else {
      out += c;
    }
  }
  out += '"';
}

void encode(const Value& value, bool escape_html, std::string& out) {
  switch (value.kind()) {
    case ValueKind::kNull:
    case ValueKind::kUnknown:
      out += "null";
      break;
    case ValueKind::kBool:
      out += value.asBool() ? "true" : "false";
      break;
    case ValueKind::kNumber:
      out += formatNumber(value.asNumber());
      break;
    case ValueKind::kString:
      encodeString(value.asString(), escape_html, out);
      break;
    case ValueKind::kList:
    case ValueKind::kSet: {
      out += '[';
      for (size_t i = 0; i < value.items().size(); ++i) {
        if (i > 0) out += ',';
        encode(value.items()[i], escape_html, out);
      }
      out += ']';
      break;
    }
    case ValueKind::kMap: {
      out += '{';
      bool first = true;
      for (const auto& [key, item] : value.entries()) {
        if (!first) out += ',';
        first = false;
        encodeString(key, escape_html, out);
        out += ':';
        encode(item, escape_html, out);
      }
      out += '}';
      break;
    }
  }
}

// A recursive-descent reader; depth is bounded so any input terminates
// without exhausting the stack.
class JsonReader {
 public:
  explicit JsonReader(const std::string& text) : text_(text) {}

  std::optional<Value> document(std::string& error) {
    std::optional<Value> value = read(0);
    skipSpace();
    if (value && pos_ != text_.size()) fail("unexpected text after the value");
    if (!error_.empty()) {
      error = error_ + " at offset " + std::to_string(pos_);
      return std::nullopt;
    }
    return value;
  }

 private:
  static constexpr int kMaxDepth = 200;

  std::nullopt_t fail(const std::string& message) {
    if (error_.empty()) error_ = message;
    return std::nullopt;
  }

  void skipSpace() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                   text_[pos_] == '\n' || text_[pos_] == '\r')) {
      ++pos_;
    }
  }

  bool literal(const char* word) {
    std::string w(word);
    if (text_.compare(pos_, w.size(), w) != 0) return false;
    pos_ += w.size();
    return true;
  }

  std::optional<Value> read(int depth) {
    if (depth > kMaxDepth) return fail("nesting too deep");
    skipSpace();
    if (pos_ == text_.size()) return fail("unexpected end of input");
    char c = text_[pos_];
    if (c == '{') return readObject(depth);
    if (c == '[') return readArray(depth);
    if (c == '"') {
      std::optional<std::string> s = readString();
      if (!s) return std::nullopt;
      return Value::string(std::move(*s));
    }
    if (literal("true")) return Value::boolean(true);
    if (literal("false")) return Value::boolean(false);
    if (literal("null")) return Value::null();
    return readNumber();
  }

  std::optional<Value> readNumber() {
    size_t start = pos_;
    while (pos_ < text_.size() &&
           std::string("+-0123456789.eE").find(text_[pos_]) != std::string::npos)
      ++pos_;
    std::string token = text_.substr(start, pos_ - start);
    if (token.empty()) return fail("invalid character");
    char* end = nullptr;
    double number = std::strtod(token.c_str(), &end);
    if (end != token.c_str() + token.size()) return fail("invalid number \"" + token + "\"");
    return Value::number(number);
  }

  std::optional<unsigned> readHex4() {
    if (pos_ + 4 > text_.size()) return fail("truncated \\u escape");
    unsigned code = 0;
    for (int i = 0; i < 4; ++i) {
      char h = text_[pos_++];
      code <<= 4;
      if (h >= '0' && h <= '9')
        code |= static_cast<unsigned>(h - '0');
      else if (h >= 'a' && h <= 'f')
        code |= static_cast<unsigned>(h - 'a' + 10);
      else if (h >= 'A' && h <= 'F')
        code |= static_cast<unsigned>(h - 'A' + 10);
      else
        return fail("invalid \\u escape");
    }
    return code;
  }

  std::optional<std::string> readString() {
    ++pos_;  // the opening quote
    std::string out;
    while (pos_ < text_.size() && text_[pos_] != '"') {
      char c = text_[pos_++];
      if (c != '\\') {
        out += c;
        continue;
      }
      if (pos_ == text_.size()) break;
      char e = text_[pos_++];
      switch (e) {
        case '"':
        case '\\':
        case '/':
          out += e;
          break;
        case 'n':
          out += '\n';
          break;
        case 't':
          out += '\t';
          break;
        case 'r':
          out += '\r';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'u': {
          std::optional<unsigned> code = readHex4();
          if (!code) return std::nullopt;
          if (*code >= 0xd800 && *code < 0xdc00 && literal("\\u")) {  // a surrogate pair
            std::optional<unsigned> low = readHex4();
            if (!low) return std::nullopt;
            *code = 0x10000 + ((*code - 0xd800) << 10) + (*low - 0xdc00);
          }
          appendUtf8(out, *code);
          break;
        }
        default:
          fail(std::string("invalid escape \\") + e);
          return std::nullopt;
      }
    }
    if (pos_ == text_.size()) {
      fail("unterminated string");
      return std::nullopt;
    }
    ++pos_;  // the closing quote
    return out;
  }

  std::optional<Value> readArray(int depth) {
    ++pos_;
    ValueList items;
    skipSpace();
    if (pos_ < text_.size() && text_[pos_] == ']') {
      ++pos_;
      return Value::list(std::move(items));
    }
    while (true) {
      std::optional<Value> item = read(depth + 1);
      if (!item) return std::nullopt;
      items.push_back(std::move(*item));
      skipSpace();
      if (pos_ < text_.size() && text_[pos_] == ',') {
        ++pos_;
      } else if (pos_ < text_.size() && text_[pos_] == ']') {
        ++pos_;
        return Value::list(std::move(items));
      } else {
        return fail("expected ',' or ']'");
      }
    }
  }

  std::optional<Value> readObject(int depth) {
    ++pos_;
    ValueMap entries;
    skipSpace();
    if (pos_ < text_.size() && text_[pos_] == '}') {
      ++pos_;
      return Value::map(std::move(entries));
    }
    while (true) {
      skipSpace();
      if (pos_ == text_.size() || text_[pos_] != '"') return fail("expected a string key");
      std::optional<std::string> key = readString();
      if (!key) return std::nullopt;
      skipSpace();
      if (pos_ == text_.size() || text_[pos_] != ':') return fail("expected ':'");
      ++pos_;
      std::optional<Value> item = read(depth + 1);
      if (!item) return std::nullopt;
      entries[*key] = std::move(*item);
      skipSpace();
      if (pos_ < text_.size() && text_[pos_] == ',') {
        ++pos_;
      } else if (pos_ < text_.size() && text_[pos_] == '}') {
        ++pos_;
        return Value::map(std::move(entries));
      } else {
        return fail("expected ',' or '}'");
      }
    }
  }

  const std::string& text_;
  size_t pos_ = 0;
  std::string error_;
};

}  // namespace

std::string jsonEncode(const Value& value, bool escape_html) {
  std::string out;
  encode(value, escape_html, out);
  return out;
}

std::optional<Value> jsonDecode(const std::string& text, std::string& error) {
  return JsonReader(text).document(error);
}

}  // namespace segproof::hcl
