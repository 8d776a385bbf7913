// loadInputs and loadNetwork: files, folders, recognition. These tests use a
// scratch folder of their own under the system's temporary directory.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "frontends/frontend.h"

namespace segproof {
namespace {

namespace fs = std::filesystem;

const char* kProd = "segproof: model/v1\nvpcs: [{name: prod, cidr: 10.0.0.0/16}]\n";
const char* kTest = "segproof: model/v1\nvpcs: [{name: test, cidr: 10.1.0.0/16}]\n";

// A fresh scratch folder, removed with the object.
class Scratch {
 public:
  Scratch()
      : root_(fs::temp_directory_path() / ("segproof-frontends-" + std::to_string(::getpid()))) {
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  ~Scratch() { fs::remove_all(root_); }

  std::string write(const std::string& relative, const std::string& text) const {
    fs::path path = root_ / relative;
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
    return path.generic_string();
  }
  std::string path(const std::string& relative = "") const {
    return (root_ / relative).lexically_normal().generic_string();
  }

 private:
  fs::path root_;
};

std::vector<std::string> vpcNames(const aws::Resources& resources) {
  std::vector<std::string> names;
  for (const auto& vpc : resources.vpcs) names.push_back(vpc.name);
  return names;
}

TEST_CASE("the native frontend is registered", "[frontends]") {
  auto frontends = allFrontends();
  REQUIRE(frontends.size() == 1);
  CHECK(std::string(frontends[0]->name()) == "native");
}

TEST_CASE("folders are read recursively in sorted order", "[frontends]") {
  Scratch scratch;
  scratch.write("b/test.yaml", kTest);
  scratch.write("a.yml", kProd);
  scratch.write("c/deeper/dev.json",
                R"({"segproof": "model/v1", "vpcs": [{"name": "dev", "cidr": "10.2.0.0/16"}]})");
  DiagnosticEngine diags;
  aws::Resources resources = loadInputs({scratch.path()}, diags);
  CHECK(diags.renderAll() == "");
  CHECK(vpcNames(resources) == std::vector<std::string>{"prod", "test", "dev"});
  CHECK(resources.files == std::vector<std::string>{scratch.path("a.yml"),
                                                    scratch.path("b/test.yaml"),
                                                    scratch.path("c/deeper/dev.json")});
}

TEST_CASE("folders skip hidden entries, other extensions and unrecognised files", "[frontends]") {
  Scratch scratch;
  scratch.write("net.yaml", kProd);
  scratch.write(".terraform/modules/copy.yaml", kTest);
  scratch.write(".hidden.yaml", kTest);
  scratch.write("notes.txt", kTest);
  scratch.write("other.yaml", "kind: Deployment\n");
  scratch.write("broken.json", "{ not json");
  DiagnosticEngine diags;
  aws::Resources resources = loadInputs({scratch.path()}, diags);
  CHECK(diags.renderAll() == "");
  CHECK(vpcNames(resources) == std::vector<std::string>{"prod"});
}

TEST_CASE("a folder with nothing to read is worth a warning", "[frontends]") {
  Scratch scratch;
  scratch.write("notes.txt", "nothing\n");
  DiagnosticEngine diags;
  loadInputs({scratch.path()}, diags);
  CHECK(diags.renderAll() == scratch.path() +
                                 ": warning[empty-input]: no input segproof recognises in this "
                                 "folder\n");
}

TEST_CASE("a named file is read whatever its extension, or is an error", "[frontends]") {
  Scratch scratch;
  std::string model = scratch.write("model.txt", kProd);
  std::string other = scratch.write("other.yaml", "kind: Deployment\n");
  DiagnosticEngine diags;
  aws::Resources resources = loadInputs({model, other}, diags);
  CHECK(vpcNames(resources) == std::vector<std::string>{"prod"});
  CHECK(diags.renderAll() ==
        other +
            ": error[unrecognized-input]: not an input segproof recognises (formats: "
            "native)\n");
}

TEST_CASE("missing inputs are errors", "[frontends]") {
  Scratch scratch;
  DiagnosticEngine diags;
  loadInputs({scratch.path("nowhere.yaml")}, diags);
  CHECK(diags.renderAll() ==
        scratch.path("nowhere.yaml") + ": error[input-not-found]: no such file or folder\n");
}

TEST_CASE("loaded text is registered so diagnostics show the line", "[frontends]") {
  Scratch scratch;
  std::string file = scratch.write("net.yaml", "segproof: model/v1\nvpcs: [{name: a, cidr: x}]\n");
  DiagnosticEngine diags;
  Network net = loadNetwork({file}, diags);
  CHECK(diags.renderAll() ==
        file +
            ":2:24: error[invalid-cidr]: invalid CIDR 'x': 'x' is not a CIDR block "
            "(expected address/length)\n"
            "  vpcs: [{name: a, cidr: x}]\n"
            "                         ^\n");
}

TEST_CASE("loadNetwork builds the network of all inputs", "[frontends]") {
  Scratch scratch;
  scratch.write("a.yaml", kProd);
  scratch.write("b.yaml", kTest);
  DiagnosticEngine diags;
  Network net = loadNetwork({scratch.path()}, diags);
  CHECK(diags.renderAll() == "");
  REQUIRE(net.vpcs.size() == 2);
  CHECK(net.at(net.vpcs[1].main_route_table).name == "test/main-route-table");
  CHECK(net.input_files.size() == 2);
}

TEST_CASE("loadNetwork stops after inputs that failed to read", "[frontends]") {
  Scratch scratch;
  scratch.write("a.yaml", "segproof: model/v1\nvpcs: [{name: prod, cidrr: 10.0.0.0/16}]\n");
  scratch.write("b.yaml",
                "segproof: model/v1\nsubnets: [{name: s, vpc: nowhere, cidr: 10.0.0.0/24}]\n");
  DiagnosticEngine diags;
  Network net = loadNetwork({scratch.path()}, diags);
  // Only the reading errors, no unknown-reference echo from the AWS stage.
  std::vector<std::string> codes;
  for (const Diagnostic& d : diags.diagnostics()) codes.push_back(d.code);
  CHECK(codes == std::vector<std::string>{"unknown-key", "missing-key"});
  CHECK(net.vpcs.empty());
  CHECK(net.input_files.size() == 2);
}

}  // namespace
}  // namespace segproof
