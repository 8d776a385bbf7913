#include "frontends/terraform/hcl/lexer.h"

#include <algorithm>
#include <cstdint>
#include <utility>

#include "frontends/terraform/hcl/utf8.h"

namespace segproof::hcl {
namespace {

bool isIdentStart(char c) {
  auto u = static_cast<unsigned char>(c);
  // Bytes of multi-byte UTF-8 sequences are accepted so that Unicode
  // identifiers lex as one token; HCL allows them.
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || u >= 0x80;
}
bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isIdentChar(char c) { return isIdentStart(c) || isDigit(c) || c == '-'; }
bool isHex(char c) { return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

uint32_t hexValue(char c) {
  if (isDigit(c)) return static_cast<uint32_t>(c - '0');
  return static_cast<uint32_t>((c | 0x20) - 'a' + 10);
}

// What opened the innermost open construct; decides how text is read.
enum class Frame { kBrace, kSequence, kQuoted, kHeredoc };

struct OpenFrame {
  Frame frame;
  std::string marker;  // heredoc only
  bool indented = false;
  size_t first_token = 0;
  Position begin;
};

class Lexer {
 public:
  Lexer(const std::string& file, std::string_view text, DiagnosticEngine& diags)
      : file_(file), text_(text), diags_(diags) {}

  std::vector<Token> run(bool bare_template) {
    // A bare template reads like the body of a heredoc whose end marker
    // never comes: an empty marker matches no line.
    if (bare_template) frames_.push_back({Frame::kHeredoc, "", false, 0, pos_});
    while (pos_.offset < size()) {
      if (frames_.empty() || frames_.back().frame == Frame::kBrace ||
          frames_.back().frame == Frame::kSequence) {
        lexNormal();
      } else if (frames_.back().frame == Frame::kQuoted) {
        lexQuoted();
      } else {
        lexHeredoc();
      }
    }
    if (bare_template) frames_.erase(frames_.begin());
    closeUnterminated();
    Token eof;
    eof.kind = TokenKind::kEof;
    eof.begin = eof.end = pos_;
    tokens_.push_back(eof);
    applyStripMarkers();
    return std::move(tokens_);
  }

 private:
  int size() const { return static_cast<int>(text_.size()); }
  char at(int ahead = 0) const {
    int i = pos_.offset + ahead;
    return i < size() ? text_[i] : '\0';
  }
  bool startsWith(std::string_view s) const {
    return text_.substr(pos_.offset).substr(0, s.size()) == s;
  }
  void advance(int n = 1) {
    for (int i = 0; i < n && pos_.offset < size(); ++i) {
      if (text_[pos_.offset] == '\n') {
        ++pos_.line;
        pos_.column = 1;
      } else {
        ++pos_.column;
      }
      ++pos_.offset;
    }
  }
  void error(Position at, std::string message) {
    diags_.error("hcl-syntax", {file_, at.line, at.column}, std::move(message));
  }
  Token& emit(TokenKind kind, Position begin, std::string text) {
    Token t;
    t.kind = kind;
    t.begin = begin;
    t.end = pos_;
    t.text = std::move(text);
    tokens_.push_back(std::move(t));
    return tokens_.back();
  }
  // Consumes `n` characters and emits them as one token.
  Token& take(TokenKind kind, int n) {
    Position begin = pos_;
    advance(n);
    return emit(kind, begin, std::string(text_.substr(begin.offset, n)));
  }

  void lexNormal();
  bool lexComment();
  void lexNumber();
  bool lexHeredocBegin();
  void lexOperator();
  void closeBrace();
  void lexQuoted();
  void lexEscape(std::string& out);
  bool lexTemplateOpener();
  void lexHeredoc();
  bool atHeredocEnd() const;
  void dedentHeredoc(size_t first_token);
  void closeUnterminated();
  void applyStripMarkers();

  const std::string& file_;
  std::string_view text_;
  DiagnosticEngine& diags_;
  Position pos_;
  std::vector<OpenFrame> frames_;
  std::vector<Token> tokens_;
};

void Lexer::lexNormal() {
  char c = at();
  if (c == ' ' || c == '\t' || c == '\r') return advance();
  if (c == '\n') return static_cast<void>(take(TokenKind::kNewline, 1));
  if (lexComment()) return;
  if (isIdentStart(c)) {
    Position begin = pos_;
    while (pos_.offset < size() && isIdentChar(at())) advance();
    emit(TokenKind::kIdent, begin,
         std::string(text_.substr(begin.offset, pos_.offset - begin.offset)));
    return;
  }
  if (isDigit(c)) return lexNumber();
  if (c == '"') {
    frames_.push_back({Frame::kQuoted, "", false, tokens_.size(), pos_});
    take(TokenKind::kOQuote, 1);
    return;
  }
  if (c == '<' && at(1) == '<' && lexHeredocBegin()) return;
  lexOperator();
}

// Comments end before the newline, which stays significant.
bool Lexer::lexComment() {
  if (at() == '#' || (at() == '/' && at(1) == '/')) {
    while (pos_.offset < size() && at() != '\n') advance();
    return true;
  }
  if (at() != '/' || at(1) != '*') return false;
  Position begin = pos_;
  advance(2);
  while (pos_.offset < size() && !(at() == '*' && at(1) == '/')) advance();
  if (pos_.offset >= size()) {
    error(begin, "unterminated comment; expected '*/' to close the '/*'");
  } else {
    advance(2);
  }
  return true;
}

void Lexer::lexNumber() {
  Position begin = pos_;
  while (isDigit(at())) advance();
  // Only a '.' followed by a digit belongs to the number, so `a.0.b` keeps
  // its dots for the legacy index syntax.
  if (at() == '.' && isDigit(at(1))) {
    advance();
    while (isDigit(at())) advance();
  }
  if ((at() == 'e' || at() == 'E') &&
      (isDigit(at(1)) || ((at(1) == '+' || at(1) == '-') && isDigit(at(2))))) {
    advance(2);
    while (isDigit(at())) advance();
  }
  emit(TokenKind::kNumber, begin,
       std::string(text_.substr(begin.offset, pos_.offset - begin.offset)));
}

bool Lexer::lexHeredocBegin() {
  int i = 2;
  bool indented = at(i) == '-';
  if (indented) ++i;
  if (!isIdentStart(at(i))) return false;
  int marker_start = i;
  while (isIdentChar(at(i))) ++i;
  std::string marker(text_.substr(pos_.offset + marker_start, i - marker_start));
  int line_end = i;
  if (at(line_end) == '\r') ++line_end;
  if (at(line_end) != '\n') return false;
  Position begin = pos_;
  advance(i);
  Position marker_end = pos_;
  advance(line_end + 1 - i);
  Token& t = emit(TokenKind::kHeredocBegin, begin, marker);
  t.end = marker_end;
  t.indented = indented;
  frames_.push_back({Frame::kHeredoc, marker, indented, tokens_.size(), begin});
  return true;
}

void Lexer::lexOperator() {
  struct Op {
    std::string_view text;
    TokenKind kind;
  };
  // Longest first, so `==` wins over `=`.
  static constexpr Op kOps[] = {
      {"...", TokenKind::kEllipsis}, {"==", TokenKind::kEqual},        {"!=", TokenKind::kNotEqual},
      {"<=", TokenKind::kLessEqual}, {">=", TokenKind::kGreaterEqual}, {"&&", TokenKind::kAnd},
      {"||", TokenKind::kOr},        {"=>", TokenKind::kFatArrow},     {"[", TokenKind::kLBracket},
      {"]", TokenKind::kRBracket},   {"(", TokenKind::kLParen},        {")", TokenKind::kRParen},
      {"=", TokenKind::kAssign},     {":", TokenKind::kColon},         {",", TokenKind::kComma},
      {".", TokenKind::kDot},        {"?", TokenKind::kQuestion},      {"!", TokenKind::kBang},
      {"-", TokenKind::kMinus},      {"+", TokenKind::kPlus},          {"*", TokenKind::kStar},
      {"/", TokenKind::kSlash},      {"%", TokenKind::kPercent},       {"<", TokenKind::kLess},
      {">", TokenKind::kGreater},
  };
  if (at() == '{') {
    frames_.push_back({Frame::kBrace, "", false, tokens_.size(), pos_});
    take(TokenKind::kLBrace, 1);
    return;
  }
  if (at() == '}' || (at() == '~' && at(1) == '}')) return closeBrace();
  for (const Op& op : kOps) {
    if (startsWith(op.text)) {
      take(op.kind, static_cast<int>(op.text.size()));
      return;
    }
  }
  // A whole UTF-8 sequence would be one character, but bytes >= 0x80 are
  // identifier starts, so this is always a single ASCII byte.
  Position begin = pos_;
  std::string shown(1, at());
  auto byte = static_cast<unsigned char>(at());
  if (byte < 0x20 || byte == 0x7F) {
    error(begin, "invalid control character (byte " + std::to_string(byte) + ")");
  } else {
    error(begin, "invalid character '" + shown + "'");
  }
  advance();
  emit(TokenKind::kInvalid, begin, shown);
}

// `}` closes a brace or a template sequence, depending on what is open.
void Lexer::closeBrace() {
  bool strip = at() == '~';
  bool sequence = !frames_.empty() && frames_.back().frame == Frame::kSequence;
  if (strip && !sequence) {
    Position begin = pos_;
    error(begin, "invalid character '~'; a strip marker must close a template sequence");
    advance();
    emit(TokenKind::kInvalid, begin, "~");
    return;
  }
  if (!frames_.empty()) frames_.pop_back();
  take(sequence ? TokenKind::kTemplateSeqEnd : TokenKind::kRBrace, strip ? 2 : 1).strip = strip;
}

void Lexer::lexQuoted() {
  if (at() == '"') {
    frames_.pop_back();
    take(TokenKind::kCQuote, 1);
    return;
  }
  if (at() == '\n') {
    error(pos_, "unterminated string; a quoted string must end on the line it starts");
    frames_.pop_back();
    emit(TokenKind::kInvalid, pos_, "");
    return;
  }
  if (lexTemplateOpener()) return;
  Position begin = pos_;
  std::string literal;
  while (pos_.offset < size() && at() != '"' && at() != '\n') {
    if ((at() == '$' || at() == '%') && at(1) == '{') break;
    if ((at() == '$' || at() == '%') && at(1) == at() && at(2) == '{') {
      literal += at();
      literal += '{';
      advance(3);
    } else if (at() == '\\') {
      lexEscape(literal);
    } else {
      literal += at();
      advance();
    }
  }
  emit(TokenKind::kTemplateLiteral, begin, std::move(literal));
}

void Lexer::lexEscape(std::string& out) {
  Position begin = pos_;
  char c = at(1);
  switch (c) {
    case 'n':
      out += '\n';
      return advance(2);
    case 'r':
      out += '\r';
      return advance(2);
    case 't':
      out += '\t';
      return advance(2);
    case '"':
      out += '"';
      return advance(2);
    case '\\':
      out += '\\';
      return advance(2);
    default:
      break;
  }
  if (c == 'u' || c == 'U') {
    int digits = c == 'u' ? 4 : 8;
    uint32_t cp = 0;
    int i = 0;
    for (; i < digits && isHex(at(2 + i)); ++i) cp = cp * 16 + hexValue(at(2 + i));
    if (i == digits && cp <= 0x10FFFF) {
      appendUtf8(out, cp);
      return advance(2 + digits);
    }
    error(begin, std::string("invalid escape sequence; '\\") + c + "' needs " +
                     std::to_string(digits) + " hexadecimal digits of a Unicode character");
    return advance(2 + i);
  }
  std::string shown = c == '\n' || c == '\0' ? "" : std::string(1, c);
  error(begin, "invalid escape sequence '\\" + shown + "'");
  advance(shown.empty() ? 1 : 2);
}

// `${` or `%{` (with an optional `~`) starts a template sequence.
bool Lexer::lexTemplateOpener() {
  if ((at() != '$' && at() != '%') || at(1) != '{') return false;
  TokenKind kind = at() == '$' ? TokenKind::kTemplateInterp : TokenKind::kTemplateControl;
  bool strip = at(2) == '~';
  frames_.push_back({Frame::kSequence, "", false, tokens_.size(), pos_});
  take(kind, strip ? 3 : 2).strip = strip;
  return true;
}

// At the start of each heredoc line, either the closing marker or literal
// text up to the end of the line or the next template sequence.
void Lexer::lexHeredoc() {
  bool line_start = pos_.offset == 0 || text_[pos_.offset - 1] == '\n';
  if (line_start && atHeredocEnd()) {
    OpenFrame frame = std::move(frames_.back());
    frames_.pop_back();
    while (at() == ' ' || at() == '\t') advance();
    Position begin = pos_;
    advance(static_cast<int>(frame.marker.size()));
    emit(TokenKind::kHeredocEnd, begin, frame.marker);
    if (frame.indented) dedentHeredoc(frame.first_token);
    return;
  }
  if (!line_start && lexTemplateOpener()) return;
  // A line that starts with a sequence still gets an (empty) line-start
  // literal, so that it counts as unindented for `<<-`.
  Position begin = pos_;
  std::string literal;
  while (pos_.offset < size()) {
    if ((at() == '$' || at() == '%') && at(1) == '{') break;
    if ((at() == '$' || at() == '%') && at(1) == at() && at(2) == '{') {
      literal += at();
      literal += '{';
      advance(3);
      continue;
    }
    literal += at();
    advance();
    if (literal.back() == '\n') break;
  }
  emit(TokenKind::kTemplateLiteral, begin, std::move(literal)).line_start = line_start;
  // The loop may have stopped at once before a sequence; open it now so that
  // this step consumed input and the next one is not at a line start again.
  if (pos_.offset == begin.offset) lexTemplateOpener();
}

bool Lexer::atHeredocEnd() const {
  std::string_view rest = text_.substr(pos_.offset);
  std::string_view line = rest.substr(0, rest.find('\n'));
  auto first = line.find_first_not_of(" \t");
  if (first == std::string_view::npos) return false;
  auto last = line.find_last_not_of(" \t\r");
  return line.substr(first, last + 1 - first) == frames_.back().marker;
}

// `<<-` removes the smallest indentation of the non-blank lines from every
// line, so that heredocs can follow the indentation of the code around them.
void Lexer::dedentHeredoc(size_t first_token) {
  size_t indent = std::string::npos;
  for (size_t i = first_token; i < tokens_.size(); ++i) {
    const Token& t = tokens_[i];
    if (!t.line_start) continue;
    size_t ws = t.text.find_first_not_of(" \t");
    if (ws == std::string::npos) ws = t.text.size();
    bool blank = ws == t.text.size() || t.text.find_first_not_of(" \t\r\n") == std::string::npos;
    bool followed_by_sequence = !t.text.empty() && t.text.back() != '\n';
    if (blank && !followed_by_sequence) continue;
    indent = std::min(indent, ws);
  }
  for (size_t i = first_token; i < tokens_.size(); ++i) {
    Token& t = tokens_[i];
    if (!t.line_start) continue;
    size_t ws = t.text.find_first_not_of(" \t");
    if (ws == std::string::npos) ws = t.text.size();
    // A blank line shorter than the indentation keeps just its newline.
    t.text.erase(0, std::min(indent, ws));
    // Nested heredocs are handled once, by their own end.
    t.line_start = false;
  }
}

// Reports strings and heredocs still open at the end of the input; open
// braces are left to the parser, which knows what they belong to.
void Lexer::closeUnterminated() {
  for (auto it = frames_.rbegin(); it != frames_.rend(); ++it) {
    if (it->frame == Frame::kQuoted) {
      error(it->begin, "unterminated string; expected '\"' before the end of the file");
    } else if (it->frame == Frame::kHeredoc) {
      error(it->begin, "unterminated heredoc; expected a line containing only '" + it->marker +
                           "' before the end of the file");
    } else {
      continue;
    }
    emit(TokenKind::kInvalid, pos_, "");
    break;
  }
  frames_.clear();
}

// `${~` and `%{~` strip the whitespace before them, `~}` the whitespace
// after, including newlines; done on tokens so directives nest freely.
void Lexer::applyStripMarkers() {
  for (size_t i = 0; i < tokens_.size(); ++i) {
    const Token& t = tokens_[i];
    if (!t.strip) continue;
    bool opener = t.kind == TokenKind::kTemplateInterp || t.kind == TokenKind::kTemplateControl;
    if (opener && i > 0 && tokens_[i - 1].kind == TokenKind::kTemplateLiteral) {
      std::string& s = tokens_[i - 1].text;
      s.erase(s.find_last_not_of(" \t\r\n") + 1);
    } else if (t.kind == TokenKind::kTemplateSeqEnd && i + 1 < tokens_.size() &&
               tokens_[i + 1].kind == TokenKind::kTemplateLiteral) {
      std::string& s = tokens_[i + 1].text;
      s.erase(0, std::min(s.size(), s.find_first_not_of(" \t\r\n")));
    }
  }
}

}  // namespace

std::vector<Token> lex(const std::string& file, std::string_view text, DiagnosticEngine& diags) {
  return Lexer(file, text, diags).run(false);
}

std::vector<Token> lexTemplate(const std::string& file, std::string_view text,
                               DiagnosticEngine& diags) {
  return Lexer(file, text, diags).run(true);
}

std::string describe(const Token& token) {
  switch (token.kind) {
    case TokenKind::kEof:
      return "the end of the file";
    case TokenKind::kNewline:
      return "a newline";
    case TokenKind::kOQuote:
      return "a string";
    case TokenKind::kCQuote:
      return "the end of the string";
    case TokenKind::kHeredocBegin:
      return "a heredoc";
    case TokenKind::kHeredocEnd:
      return "the end of the heredoc";
    case TokenKind::kTemplateLiteral:
      return "template text";
    case TokenKind::kInvalid:
      return "invalid text";
    default:
      return "'" + token.text + "'";
  }
}

}  // namespace segproof::hcl
