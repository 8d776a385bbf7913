// Frontends: syntax only. Each reads one input format into aws::Resources;
// src/aws/ gives them meaning. Inputs are recognised by content, whatever the
// file name says.
//
// To add a format: implement Frontend and list it in allFrontends()
// (frontends.cc). loadInputs() walks files and folders and asks each frontend
// in turn.
#ifndef SEGPROOF_FRONTENDS_FRONTEND_H_
#define SEGPROOF_FRONTENDS_FRONTEND_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "aws/resources.h"
#include "frontends/common/limits.h"
#include "segproof/diag/diagnostic.h"
#include "segproof/model/network.h"
#include "segproof/segproof.h"

namespace segproof {

class Frontend {
 public:
  virtual ~Frontend() = default;
  // Short name: "native", "terraform", "cloudformation".
  virtual const char* name() const = 0;
  // Whether `content` (the text of `path`) is in this frontend's format.
  virtual bool recognizes(const std::string& path, std::string_view content) const = 0;
  // Reads the file into `out`, reporting problems to `diags`. The caller has
  // registered `content` with diags.addSource(path, ...).
  virtual void load(const std::string& path, std::string_view content, aws::Resources& out,
                    DiagnosticEngine& diags) const = 0;
};

// The frontends, in the order they are asked; `options` carries what some
// of them need (CloudFormation parameters).
std::vector<std::unique_ptr<Frontend>> allFrontends(const InputOptions& options = {});

// Reads every input: a file (an error "unrecognized-input" if no frontend
// reads it) or a folder (its files in sorted order, recursively; files no
// frontend recognises are skipped). Missing paths are "input-not-found".
//
// A folder holding Terraform files (*.tf, *.tf.json) is a Terraform root
// module: it is read as one module (with its tfvars and child modules) and
// nothing else in it or below it is read. A .tf file named directly is a
// module of that one file.
//
// More than `max_resources` resources in all (limits.h; smaller in tests) is
// a "too-many-resources" error at the input that crossed it; what was read
// before it is returned.
aws::Resources loadInputs(const std::vector<std::string>& inputs, DiagnosticEngine& diags,
                          const InputOptions& options = {},
                          size_t max_resources = limits::kMaxResources);

// loadInputs followed by aws::buildNetwork (declared in segproof/segproof.h).

}  // namespace segproof

#endif  // SEGPROOF_FRONTENDS_FRONTEND_H_
