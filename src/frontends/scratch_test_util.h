// A scratch folder for frontend tests, under the system's temporary
// directory, removed with the object. Each test binary uses its pid and a
// name so that tests running in parallel do not share folders.
#ifndef SEGPROOF_FRONTENDS_SCRATCH_TEST_UTIL_H_
#define SEGPROOF_FRONTENDS_SCRATCH_TEST_UTIL_H_

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace segproof::testing {

class Scratch {
 public:
  explicit Scratch(const std::string& name = "frontends")
      : root_(std::filesystem::temp_directory_path() /
              ("segproof-" + name + "-" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(root_);
    std::filesystem::create_directories(root_);
  }
  ~Scratch() { std::filesystem::remove_all(root_); }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;

  std::string write(const std::string& relative, const std::string& text) const {
    std::filesystem::path path = root_ / relative;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path) << text;
    return path.generic_string();
  }
  std::string path(const std::string& relative = "") const {
    return (root_ / relative).lexically_normal().generic_string();
  }

 private:
  std::filesystem::path root_;
};

}  // namespace segproof::testing

#endif  // SEGPROOF_FRONTENDS_SCRATCH_TEST_UTIL_H_
