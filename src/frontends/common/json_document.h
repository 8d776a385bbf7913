// A JSON document with source positions, for frontends whose inputs are JSON
// (Terraform .tf.json and plan/state JSON; later CloudFormation and AWS
// snapshots). nlohmann::json forgets where a value was written; every node
// here keeps its file:line:col so diagnostics and witness hops can point at it.
//
// Reads RFC 8259 JSON (UTF-8; a leading BOM is skipped). Object members keep
// their source order; duplicate keys are kept (lookups return the last, as
// most JSON readers do). Numbers keep their text. Errors are "json-syntax"
// diagnostics at the offending character; nesting deeper than
// limits::kMaxJsonNesting is a "nesting-too-deep" error rather than a stack
// overflow.
#ifndef SEGPROOF_FRONTENDS_COMMON_JSON_DOCUMENT_H_
#define SEGPROOF_FRONTENDS_COMMON_JSON_DOCUMENT_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "frontends/common/limits.h"
#include "segproof/diag/diagnostic.h"

namespace segproof::json {

enum class Kind { kNull, kBool, kNumber, kString, kArray, kObject };

struct Node;

struct Member {
  std::string key;
  SourceLocation key_location;
  Node* value = nullptr;  // owned by the Document
};

// One value. `begin`/`end` are byte offsets of the value's text in the file
// ([begin, end)); `location` is where it starts.
struct Node {
  Kind kind = Kind::kNull;
  SourceLocation location;
  int begin = 0;
  int end = 0;
  bool boolean = false;
  std::string text;  // string content (unescaped), or a number as written
  double number = 0;
  std::vector<Node*> items;     // array
  std::vector<Member> members;  // object, in source order

  bool isNull() const { return kind == Kind::kNull; }
  bool isObject() const { return kind == Kind::kObject; }
  bool isArray() const { return kind == Kind::kArray; }
  bool isString() const { return kind == Kind::kString; }
  // The last member named `key`, or nullptr.
  const Node* find(std::string_view key) const;
};

// Owns the nodes. Movable, not copyable.
class Document {
 public:
  Document() = default;
  Document(Document&&) = default;
  Document& operator=(Document&&) = default;
  Document(const Document&) = delete;
  Document& operator=(const Document&) = delete;

  const Node* root() const { return root_; }

  // Parses `text` of `file`; returns nullopt after reporting "json-syntax".
  static std::optional<Document> parse(const std::string& file, std::string_view text,
                                       DiagnosticEngine& diags);

 private:
  friend class Parser;
  std::vector<std::unique_ptr<Node>> nodes_;
  Node* root_ = nullptr;
};

// "null", "a boolean", "a number", "a string", "an array", "an object": for
// diagnostics about a value of the wrong kind.
const char* kindName(Kind kind);

// Whether `text` starts (after whitespace and a BOM) with '{' and parses as
// a JSON object whose top-level keys include `key`; cheap: for recognizers.
bool hasTopLevelKey(std::string_view text, std::string_view key);

}  // namespace segproof::json

#endif  // SEGPROOF_FRONTENDS_COMMON_JSON_DOCUMENT_H_
