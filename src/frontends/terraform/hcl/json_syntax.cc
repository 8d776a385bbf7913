#include "frontends/terraform/hcl/json_syntax.h"

#include <algorithm>
#include <cassert>
#include <charconv>
#include <initializer_list>
#include <optional>
#include <utility>
#include <vector>

#include "frontends/common/json_document.h"

namespace segproof::hcl {
namespace {

using json::Kind;
using json::Member;
using json::Node;

// How a JSON value becomes an expression.
enum class ValueMode {
  kTemplate,   // strings are templates: "${aws_vpc.main.id}"
  kLiteral,    // strings are taken as written: a variable's default
  kReference,  // strings are expressions: "aws.west", ["aws_vpc.main"]
};

// The kinds of block body that differ in their nested block types or in how
// their arguments are read: Terraform's schema, reduced to what syntax needs.
enum class BodyKind {
  kRoot,
  kResource,  // also dynamic `content` and `ingress`/`egress` blocks
  kLifecycle,
  kProvisioner,
  kConnection,
  kDynamic,
  kVariable,
  kOutput,
  kModule,
  kProvider,
  kTerraform,
  kExpressions,  // every member an attribute read as an expression
  kLiterals,     // every member an attribute taken literally
};

struct BlockRule {
  int labels = 0;
  BodyKind body = BodyKind::kExpressions;
  // An array value is an attribute (a tuple of objects), not blocks.
  bool objects_only = false;
};

std::optional<BlockRule> nestedBlock(BodyKind body, std::string_view name) {
  switch (body) {
    case BodyKind::kRoot:
      if (name == "resource" || name == "data") return BlockRule{2, BodyKind::kResource};
      if (name == "module") return BlockRule{1, BodyKind::kModule};
      if (name == "variable") return BlockRule{1, BodyKind::kVariable};
      if (name == "output") return BlockRule{1, BodyKind::kOutput};
      if (name == "provider") return BlockRule{1, BodyKind::kProvider};
      if (name == "locals") return BlockRule{0, BodyKind::kExpressions};
      if (name == "terraform") return BlockRule{0, BodyKind::kTerraform};
      // Known to Terraform, of no meaning to segproof: kept, not interpreted.
      if (name == "check") return BlockRule{1, BodyKind::kExpressions};
      if (name == "moved" || name == "import" || name == "removed") return BlockRule{};
      break;
    case BodyKind::kResource:
      if (name == "lifecycle") return BlockRule{0, BodyKind::kLifecycle};
      if (name == "provisioner") return BlockRule{1, BodyKind::kProvisioner};
      if (name == "connection") return BlockRule{0, BodyKind::kConnection};
      if (name == "dynamic") return BlockRule{1, BodyKind::kDynamic};
      if (name == "ingress" || name == "egress") return BlockRule{0, BodyKind::kResource, true};
      break;
    case BodyKind::kLifecycle:
      if (name == "precondition" || name == "postcondition") return BlockRule{};
      break;
    case BodyKind::kProvisioner:
      if (name == "connection") return BlockRule{0, BodyKind::kConnection};
      break;
    case BodyKind::kDynamic:
      if (name == "content") return BlockRule{0, BodyKind::kResource};
      break;
    case BodyKind::kVariable:
      if (name == "validation") return BlockRule{};
      break;
    case BodyKind::kOutput:
      if (name == "precondition") return BlockRule{};
      break;
    case BodyKind::kTerraform:
      if (name == "backend" || name == "provider_meta") return BlockRule{1, BodyKind::kLiterals};
      if (name == "required_providers" || name == "cloud") return BlockRule{0, BodyKind::kLiterals};
      break;
    default:
      break;
  }
  return std::nullopt;
}

ValueMode attributeMode(BodyKind body, std::string_view name) {
  auto any = [name](std::initializer_list<std::string_view> names) {
    return std::find(names.begin(), names.end(), name) != names.end();
  };
  switch (body) {
    case BodyKind::kResource:
      if (any({"provider", "depends_on"})) return ValueMode::kReference;
      break;
    case BodyKind::kLifecycle:
      if (any({"ignore_changes", "replace_triggered_by"})) return ValueMode::kReference;
      break;
    case BodyKind::kProvisioner:
      if (any({"when", "on_failure"})) return ValueMode::kReference;
      break;
    case BodyKind::kConnection:
      if (name == "type") return ValueMode::kLiteral;
      break;
    case BodyKind::kDynamic:
      if (name == "iterator") return ValueMode::kReference;
      break;
    case BodyKind::kVariable:
      // `type` stays the text of its type expression, for the type parser.
      if (any({"default", "type", "description"})) return ValueMode::kLiteral;
      break;
    case BodyKind::kOutput:
      if (any({"description", "sensitive"})) return ValueMode::kLiteral;
      if (name == "depends_on") return ValueMode::kReference;
      break;
    case BodyKind::kModule:
      if (any({"source", "version"})) return ValueMode::kLiteral;
      if (any({"providers", "depends_on"})) return ValueMode::kReference;
      break;
    case BodyKind::kProvider:
      if (any({"alias", "version"})) return ValueMode::kLiteral;
      break;
    case BodyKind::kTerraform:
    case BodyKind::kLiterals:
      return ValueMode::kLiteral;
    default:
      break;
  }
  return ValueMode::kTemplate;
}

// json::kindName, with a boolean's value.
const char* describeKind(const Node& node) {
  if (node.kind == Kind::kBool) return node.boolean ? "true" : "false";
  return json::kindName(node.kind);
}

bool isComment(const Member& member) { return member.key == "//"; }

class JsonSyntaxReader {
 public:
  JsonSyntaxReader(const std::string& file, std::string_view text, DiagnosticEngine& diags)
      : file_(file), text_(text), diags_(diags) {
    // Columns start after a byte order mark, as the JSON reader counts them.
    line_starts_.push_back(text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0);
    for (size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\n') line_starts_.push_back(static_cast<int>(i) + 1);
    }
  }

  Body readFile(const Node& root) {
    if (!root.isObject()) {
      error(root.location, std::string("expected a JSON object of block types at the top of a "
                                       ".tf.json file, found ") +
                               describeKind(root));
      return Body{{file_, positionAt(root.begin), positionAt(root.end)}, {}, {}};
    }
    return readBody(root, BodyKind::kRoot);
  }

 private:
  Position positionAt(int offset) const {
    auto after = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
    int line = std::max(1, static_cast<int>(after - line_starts_.begin()));
    return {line, offset - line_starts_[line - 1] + 1, offset};
  }
  SourceRange rangeOf(const Node& node) const {
    return {file_, positionAt(node.begin), positionAt(node.end)};
  }
  int keyBegin(const Member& member) const {
    return line_starts_[member.key_location.line - 1] + member.key_location.column - 1;
  }
  // The key as written, quotes included.
  SourceRange keyRange(const Member& member) const {
    int begin = keyBegin(member);
    int end = begin + 1;
    while (text_[end] != '"') end += text_[end] == '\\' ? 2 : 1;
    return {file_, positionAt(begin), positionAt(end + 1)};
  }
  void error(const SourceLocation& at, std::string message) {
    diags_.error("json-syntax", at, std::move(message));
  }

  Body readBody(const Node& object, BodyKind kind);
  void readBlocks(Body& into, const Member& type, const Node& value, const BlockRule& rule,
                  std::vector<BlockLabel>& labels);
  void readBlockObject(Body& into, const Member& type, const Node& object, const BlockRule& rule,
                       std::vector<BlockLabel>& labels);
  ExprPtr readValue(const Node& value, ValueMode mode);
  ExprPtr readString(const Node& value, ValueMode mode);
  std::vector<int> decodedOffsets(const Node& string) const;

  const std::string& file_;
  std::string_view text_;
  DiagnosticEngine& diags_;
  std::vector<int> line_starts_;
};

Body JsonSyntaxReader::readBody(const Node& object, BodyKind kind) {
  Body body;
  body.range = rangeOf(object);
  for (const Member& member : object.members) {
    if (isComment(member)) continue;
    const Node& value = *member.value;
    std::optional<BlockRule> rule = nestedBlock(kind, member.key);
    if (rule && (!rule->objects_only || value.isObject())) {
      std::vector<BlockLabel> labels;
      readBlocks(body, member, value, *rule, labels);
      continue;
    }
    if (kind == BodyKind::kRoot) {
      error(member.key_location, "unsupported block type \"" + member.key +
                                     "\"; the top level of a .tf.json file holds resource, "
                                     "data, module, variable, output, provider, locals and "
                                     "terraform blocks");
      continue;
    }
    ExprPtr expr = readValue(value, attributeMode(kind, member.key));
    if (!expr) continue;
    SourceRange name_range = keyRange(member);
    SourceRange range{file_, name_range.begin, positionAt(value.end)};
    body.attributes.push_back({range, member.key, name_range, std::move(expr)});
  }
  return body;
}

// A block type's value: an object, or an array of objects whose blocks keep
// the array's order; each object holds one level of labels as its keys,
// then the bodies.
void JsonSyntaxReader::readBlocks(Body& into, const Member& type, const Node& value,
                                  const BlockRule& rule, std::vector<BlockLabel>& labels) {
  if (value.isObject()) return readBlockObject(into, type, value, rule, labels);
  const char* expected = labels.size() < static_cast<size_t>(rule.labels)
                             ? "an object of block labels or an array of such objects"
                             : "an object for the block body or an array of such objects";
  if (!value.isArray()) {
    error(value.location, "expected " + std::string(expected) + " for the \"" + type.key +
                              "\" block, found " + describeKind(value));
    return;
  }
  for (const Node* item : value.items) {
    if (!item->isObject()) {
      error(item->location, "expected " + std::string(expected) + " for the \"" + type.key +
                                "\" block, found " + describeKind(*item) + " in the array");
      continue;
    }
    readBlockObject(into, type, *item, rule, labels);
  }
}

void JsonSyntaxReader::readBlockObject(Body& into, const Member& type, const Node& object,
                                       const BlockRule& rule, std::vector<BlockLabel>& labels) {
  if (labels.size() == static_cast<size_t>(rule.labels)) {
    Block block;
    block.type = type.key;
    block.labels = labels;
    block.body = readBody(object, rule.body);
    block.range = {file_, positionAt(keyBegin(type)), positionAt(object.end)};
    into.blocks.push_back(std::move(block));
    return;
  }
  for (const Member& member : object.members) {
    if (isComment(member)) continue;
    labels.push_back({member.key, true, keyRange(member)});
    readBlocks(into, type, *member.value, rule, labels);
    labels.pop_back();
  }
}

ExprPtr JsonSyntaxReader::readValue(const Node& value, ValueMode mode) {
  if (value.isString()) return readString(value, mode);
  auto expr = std::make_unique<Expr>();
  expr->range = rangeOf(value);
  switch (value.kind) {
    case Kind::kNull:
      expr->node = NullLiteral{};
      break;
    case Kind::kBool:
      expr->node = BoolLiteral{value.boolean};
      break;
    case Kind::kNumber:
      expr->node = NumberLiteral{value.text, value.number};
      break;
    case Kind::kArray: {
      Tuple tuple;
      for (const Node* item : value.items) {
        ExprPtr element = readValue(*item, mode);
        if (!element) return nullptr;
        tuple.items.push_back(std::move(element));
      }
      expr->node = std::move(tuple);
      break;
    }
    case Kind::kObject: {
      // Keys are literal strings, even in expressions (docs/hcl.md).
      Object object;
      for (const Member& member : value.members) {
        auto key = std::make_unique<Expr>();
        key->range = keyRange(member);
        key->node = StringLiteral{member.key};
        ExprPtr item = readValue(*member.value, mode);
        if (!item) return nullptr;
        object.items.push_back({std::move(key), false, std::move(item)});
      }
      expr->node = std::move(object);
      break;
    }
    case Kind::kString:
      break;
  }
  return expr;
}

ExprPtr JsonSyntaxReader::readString(const Node& value, ValueMode mode) {
  const std::string& text = value.text;
  bool has_sequences = text.find("${") != std::string::npos || text.find("%{") != std::string::npos;
  // A reference written the 0.11 way, "${aws_vpc.main}", is a template.
  if (mode == ValueMode::kReference && has_sequences) mode = ValueMode::kTemplate;
  // Without `$` or `%` a template is its text; `$${` and `%%{` need the lexer.
  bool plain = text.find_first_of("$%") == std::string::npos;
  if (mode == ValueMode::kLiteral || (mode == ValueMode::kTemplate && plain)) {
    auto expr = std::make_unique<Expr>();
    expr->range = rangeOf(value);
    expr->node = StringLiteral{text};
    return expr;
  }
  std::vector<int> offsets = decodedOffsets(value);
  PositionMap where = [this, &offsets](int offset) {
    int last = static_cast<int>(offsets.size()) - 1;
    return positionAt(offsets[std::clamp(offset, 0, last)]);
  };
  if (mode == ValueMode::kReference) return parseExpression(file_, text, where, diags_);
  ExprPtr expr = parseTemplate(file_, text, where, diags_);
  // Like a native quoted string, the expression spans the quotes.
  if (expr) expr->range = rangeOf(value);
  return expr;
}

// The file offset of each byte of the decoded string, and of its end (the
// closing quote): an escape's bytes are all placed at its backslash.
std::vector<int> JsonSyntaxReader::decodedOffsets(const Node& string) const {
  std::vector<int> offsets;
  offsets.reserve(string.text.size() + 1);
  int close = string.end - 1;
  for (int i = string.begin + 1; i < close;) {
    if (text_[i] != '\\') {
      offsets.push_back(i++);
      continue;
    }
    int written = 2;
    int decoded = 1;
    if (text_[i + 1] == 'u') {
      unsigned unit = 0;
      std::from_chars(text_.data() + i + 2, text_.data() + i + 6, unit, 16);
      written = 6;
      if (unit >= 0xD800 && unit <= 0xDBFF) {
        written = 12;  // a surrogate pair, one code point of 4 bytes
        decoded = 4;
      } else {
        decoded = unit < 0x80 ? 1 : unit < 0x800 ? 2 : 3;
      }
    }
    offsets.insert(offsets.end(), decoded, i);
    i += written;
  }
  offsets.push_back(close);
  assert(offsets.size() == string.text.size() + 1);
  return offsets;
}

}  // namespace

ParseResult parseJsonSyntax(const std::string& file, std::string_view text,
                            DiagnosticEngine& diags) {
  int errors_before = diags.errorCount();
  ParseResult result;
  std::optional<json::Document> document = json::Document::parse(file, text, diags);
  if (document) result.body = JsonSyntaxReader(file, text, diags).readFile(*document->root());
  result.ok = diags.errorCount() == errors_before;
  return result;
}

}  // namespace segproof::hcl
