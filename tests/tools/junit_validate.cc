// junit_validate FILE: checks a JUnit XML report for the structure CI systems
// (Jenkins, GitLab CI, the GitHub test-report actions) rely on:
//   - the root element is <testsuites>;
//   - each <testsuite> has a name and tests/failures/errors/skipped attributes
//     equal to the counts of its <testcase> children and of their outcomes
//     (and <testsuites>, when it has them, the sums over its suites);
//   - each <testcase> has a name and a classname, at most one of <failure>,
//     <error>, <skipped>, and a <failure> has a message.
// Prints one line per problem. Exit codes: 0 valid, 1 problems found, 2 usage
// error or a file that cannot be read or is no well-formed XML.
#include <cstdio>
#include <cstdlib>
#include <pugixml.hpp>
#include <string>
#include <vector>

namespace {

struct Counts {
  long tests = 0, failures = 0, errors = 0, skipped = 0;
};

class Validator {
 public:
  explicit Validator(std::string file) : file_(std::move(file)) {}

  void document(const pugi::xml_document& doc) {
    pugi::xml_node root = doc.document_element();
    if (std::string(root.name()) != "testsuites") {
      problem("the root element is <" + std::string(root.name()) + ">, not <testsuites>");
      return;
    }
    Counts total;
    for (pugi::xml_node child : root.children()) {
      if (child.type() != pugi::node_element) continue;
      if (std::string(child.name()) != "testsuite") {
        problem("<testsuites> contains <" + std::string(child.name()) + ">");
        continue;
      }
      Counts c = suite(child);
      total.tests += c.tests, total.failures += c.failures, total.errors += c.errors,
          total.skipped += c.skipped;
    }
    compare(root, "<testsuites>", total, false);
  }

  const std::vector<std::string>& problems() const { return problems_; }

 private:
  Counts suite(pugi::xml_node node) {
    std::string name = node.attribute("name").value();
    std::string where = "testsuite '" + name + "'";
    if (name.empty()) problem("a <testsuite> has no name");
    Counts counts;
    for (pugi::xml_node t : node.children("testcase")) {
      ++counts.tests;
      std::string outcome = testcase(t, where);
      if (outcome == "failure") ++counts.failures;
      if (outcome == "error") ++counts.errors;
      if (outcome == "skipped") ++counts.skipped;
    }
    compare(node, where, counts, true);
    return counts;
  }

  // Checks one testcase; returns its outcome ("", "failure", "error", "skipped").
  std::string testcase(pugi::xml_node node, const std::string& suite) {
    std::string name = node.attribute("name").value();
    std::string where = suite + ", testcase '" + name + "'";
    if (name.empty()) problem(suite + ": a <testcase> has no name");
    if (std::string(node.attribute("classname").value()).empty()) problem(where + ": no classname");
    std::string outcome;
    int outcomes = 0;
    for (const char* kind : {"failure", "error", "skipped"}) {
      for (pugi::xml_node o : node.children(kind)) {
        ++outcomes;
        outcome = kind;
        if (outcome == "failure" && !o.attribute("message"))
          problem(where + ": <failure> has no message");
      }
    }
    if (outcomes > 1)
      problem(where + ": " + std::to_string(outcomes) +
              " of <failure>, <error>, <skipped>; at most one");
    return outcome;
  }

  void compare(pugi::xml_node node, const std::string& where, const Counts& counts, bool required) {
    const std::pair<const char*, long> expected[] = {{"tests", counts.tests},
                                                     {"failures", counts.failures},
                                                     {"errors", counts.errors},
                                                     {"skipped", counts.skipped}};
    for (const auto& [name, count] : expected) {
      pugi::xml_attribute a = node.attribute(name);
      if (!a) {
        if (required) problem(where + ": no '" + name + "' attribute");
        continue;
      }
      std::string value = a.value();
      char* end = nullptr;
      long parsed = std::strtol(value.c_str(), &end, 10);
      if (value.empty() || *end != '\0') {
        problem(where + ": " + name + "=\"" + value + "\" is no number");
      } else if (parsed != count) {
        problem(where + ": " + name + "=\"" + value + "\" but it has " + std::to_string(count));
      }
    }
  }

  void problem(const std::string& text) { problems_.push_back(file_ + ": " + text); }

  std::string file_;
  std::vector<std::string> problems_;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: junit_validate FILE\n");
    return 2;
  }
  pugi::xml_document doc;
  pugi::xml_parse_result parsed = doc.load_file(argv[1]);
  if (parsed.status == pugi::status_file_not_found || parsed.status == pugi::status_io_error) {
    std::fprintf(stderr, "%s: cannot read: %s\n", argv[1], parsed.description());
    return 2;
  }
  if (!parsed) {
    std::fprintf(stderr, "%s: not well-formed XML at offset %lld: %s\n", argv[1],
                 static_cast<long long>(parsed.offset), parsed.description());
    return 2;
  }
  Validator validator(argv[1]);
  validator.document(doc);
  for (const std::string& p : validator.problems()) std::printf("%s\n", p.c_str());
  if (!validator.problems().empty()) return 1;
  std::printf("%s: valid JUnit XML\n", argv[1]);
  return 0;
}
