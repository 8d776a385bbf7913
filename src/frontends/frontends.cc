// The frontend registry and the walk over input files and folders.
#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <system_error>

#include "aws/model_builder.h"
#include "frontends/frontend.h"
#include "frontends/cloudformation/cloudformation_frontend.h"
#include "frontends/common/input_file.h"
#include "frontends/common/limits.h"
#include "frontends/native/native_frontend.h"
#include "frontends/snapshot/snapshot_frontend.h"
#include "frontends/terraform/module/module_source.h"
#include "frontends/terraform/terraform_frontend.h"

namespace segproof {

namespace fs = std::filesystem;

namespace {

// Inside folders only these are read at all, so binaries are never loaded;
// which format a file is in is still decided by its content.
bool candidate(const fs::path& path) {
  std::string extension = path.extension().string();
  return extension == ".yaml" || extension == ".yml" || extension == ".json" || extension == ".tf";
}

bool hidden(const fs::path& path) {
  std::string name = path.filename().string();
  return name.size() > 1 && name[0] == '.' && name != "..";
}


class InputLoader {
 public:
  InputLoader(DiagnosticEngine& diags, const InputOptions& options, size_t max_resources)
      : frontends_(allFrontends(options)),
        diags_(diags),
        options_(options),
        max_resources_(max_resources) {}

  // Returns whether a frontend read the file.
  bool loadFile(const std::string& path, bool named_by_user);
  void loadFolder(const std::string& path);
  // Reads the AWS snapshots among `files` (sorted), each as a unit, and
  // removes the files they consist of; returns whether there was one.
  bool loadSnapshots(std::vector<std::string>& files);
  // Everything read, without inputs that another input already read as part
  // of itself (a nested CloudFormation template found again in the folder).
  aws::Resources take();

 private:
  const Frontend* recognise(const std::string& path, const std::string& text) const;

  std::vector<std::unique_ptr<Frontend>> frontends_;
  DiagnosticEngine& diags_;
  const InputOptions& options_;
  size_t max_resources_;
  struct Loaded {
    std::string path;
    aws::Resources resources;
  };
  std::vector<Loaded> loaded_;
};

aws::Resources InputLoader::take() {
  std::set<std::string> included;  // files read as part of another input
  for (const Loaded& input : loaded_) {
    for (const std::string& file : input.resources.files)
      if (file != input.path) included.insert(file);
  }
  aws::Resources out;
  size_t total = 0;
  for (Loaded& input : loaded_) {
    if (included.count(input.path)) continue;
    total += input.resources.count();
    if (total > max_resources_) {
      diags_.error("too-many-resources", {input.path, 0, 0},
                   "the inputs up to this one describe " + std::to_string(total) +
                       " resources; segproof reads at most " + std::to_string(max_resources_) +
                       " in one run");
      return out;
    }
    out.append(std::move(input.resources));
  }
  return out;
}

const Frontend* InputLoader::recognise(const std::string& path, const std::string& text) const {
  for (const auto& frontend : frontends_) {
    if (frontend->recognizes(path, text)) return frontend.get();
  }
  return nullptr;
}

bool InputLoader::loadFile(const std::string& path, bool named_by_user) {
  if (terraform::isTerraformFile(path)) {
    std::string dir = fs::path(path).parent_path().generic_string();
    aws::Resources resources;
    resources.keep_unplaced = options_.keep_unplaced;
    loadTerraformModule(dir.empty() ? "." : dir, {path}, false, options_, resources, diags_);
    loaded_.push_back({path, std::move(resources)});
    return true;
  }
  std::string text;
  switch (readInputFile(path, text, diags_)) {
    case ReadStatus::kOk:
      break;
    case ReadStatus::kUnreadable:
      diags_.error("unreadable-input", {path, 0, 0}, "cannot read the file");
      return false;
    case ReadStatus::kTooLarge:
      return false;
  }
  const Frontend* frontend = recognise(path, text);
  if (!frontend) {
    if (named_by_user) {
      std::string known;
      for (const auto& f : frontends_) known.append(known.empty() ? "" : ", ").append(f->name());
      known.append(", terraform (.tf, .tf.json)");
      diags_.error("unrecognized-input", {path, 0, 0},
                   "not an input segproof recognises (formats: " + known + ")");
    }
    return false;
  }
  diags_.addSource(path, text);
  aws::Resources resources;
  resources.keep_unplaced = options_.keep_unplaced;
  frontend->load(path, text, resources, diags_);
  if (std::find(resources.files.begin(), resources.files.end(), path) == resources.files.end())
    resources.files.push_back(path);
  loaded_.push_back({path, std::move(resources)});
  return true;
}

void InputLoader::loadFolder(const std::string& path) {
  std::vector<std::string> files;
  std::vector<std::string> terraform_roots;
  std::error_code error;
  fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, error);
  auto isRoot = [&](const std::string& dir) {
    return !terraform::terraformFilesIn(dir).empty();
  };
  if (isRoot(path)) {
    terraform_roots.push_back(fs::path(path).lexically_normal().generic_string());
  } else {
    for (; !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
      const fs::directory_entry& entry = *it;
      bool directory = entry.is_directory(error);
      if (hidden(entry.path())) {
        if (directory) it.disable_recursion_pending();
        continue;
      }
      std::string name = entry.path().lexically_normal().generic_string();
      if (directory && isRoot(name)) {
        // A Terraform root module: read as a whole; its subfolders are
        // child modules (reached through `source`) or unrelated.
        terraform_roots.push_back(name);
        it.disable_recursion_pending();
      } else if (entry.is_regular_file(error) && candidate(entry.path())) {
        files.push_back(name);
      }
    }
  }
  if (error) {
    diags_.error("unreadable-input", {path, 0, 0}, "cannot read the folder: " + error.message());
    return;
  }
  std::sort(files.begin(), files.end());
  std::sort(terraform_roots.begin(), terraform_roots.end());
  bool any = loadSnapshots(files);
  for (const std::string& root : terraform_roots) {
    aws::Resources resources;
    resources.keep_unplaced = options_.keep_unplaced;
    loadTerraformModule(root, terraform::terraformFilesIn(root), true, options_, resources, diags_);
    loaded_.push_back({root, std::move(resources)});
    any = true;
  }
  for (const std::string& file : files) {
    // Terraform files below a root were read with it; stray ones elsewhere
    // cannot be here (their folder would be a root).
    any = loadFile(file, false) || any;
  }
  if (!any)
    diags_.warning("empty-input", {path, 0, 0}, "no input segproof recognises in this folder");
}

// A folder directly holding snapshot files is a region of a snapshot; its
// other JSON files belong to the snapshot too (an unknown key is warned
// about) unless another frontend reads them.
bool InputLoader::loadSnapshots(std::vector<std::string>& files) {
  std::map<std::string, std::vector<std::string>> json_files;  // folder -> files
  std::vector<std::string> region_folders;
  DiagnosticEngine quiet;  // the file is read again below, and reported then
  for (const std::string& file : files) {
    if (fs::path(file).extension() != ".json") continue;
    std::string folder = fs::path(file).parent_path().generic_string();
    json_files[folder].push_back(file);
    std::string text;
    if (std::find(region_folders.begin(), region_folders.end(), folder) != region_folders.end())
      continue;
    if (readInputFile(file, text, quiet) == ReadStatus::kOk && snapshot::snapshotKey(text))
      region_folders.push_back(folder);
  }
  if (region_folders.empty()) return false;
  std::set<std::string> consumed;
  for (snapshot::SnapshotLayout& layout : snapshot::groupSnapshots(region_folders)) {
    for (snapshot::RegionFolder& region : layout.regions) {
      for (const std::string& file : json_files[region.path]) {
        std::string text;
        ReadStatus status = readInputFile(file, text, diags_);
        if (status != ReadStatus::kOk) {
          if (status == ReadStatus::kUnreadable)
            diags_.error("unreadable-input", {file, 0, 0}, "cannot read the file");
          consumed.insert(file);
          continue;
        }
        const Frontend* frontend = recognise(file, text);
        if (frontend && !dynamic_cast<const SnapshotFrontend*>(frontend)) continue;
        diags_.addSource(file, text);
        region.files.push_back({file, std::move(text)});
        consumed.insert(file);
      }
    }
    aws::Resources resources;
    resources.keep_unplaced = options_.keep_unplaced;
    snapshot::loadSnapshot(layout.regions, resources, diags_);
    loaded_.push_back({layout.root, std::move(resources)});
  }
  files.erase(std::remove_if(files.begin(), files.end(),
                             [&](const std::string& file) { return consumed.count(file) > 0; }),
              files.end());
  return true;
}

}  // namespace

std::vector<std::unique_ptr<Frontend>> allFrontends(const InputOptions& options) {
  std::vector<std::unique_ptr<Frontend>> frontends;
  frontends.push_back(std::make_unique<NativeFrontend>());
  frontends.push_back(std::make_unique<TerraformJsonFrontend>());
  frontends.push_back(std::make_unique<CloudFormationFrontend>(options));
  frontends.push_back(std::make_unique<SnapshotFrontend>());
  return frontends;
}

aws::Resources loadInputs(const std::vector<std::string>& inputs, DiagnosticEngine& diags,
                          const InputOptions& options, size_t max_resources) {
  InputLoader loader(diags, options, max_resources);
  for (const std::string& input : inputs) {
    std::error_code error;
    fs::file_status status = fs::status(input, error);
    if (!fs::exists(status)) {
      diags.error("input-not-found", {input, 0, 0}, "no such file or folder");
    } else if (fs::is_directory(status)) {
      loader.loadFolder(input);
    } else {
      loader.loadFile(input, true);
    }
  }
  return loader.take();
}

Network loadNetwork(const std::vector<std::string>& inputs, DiagnosticEngine& diags,
                    const InputOptions& options) {
  int errors_before = diags.errorCount();
  aws::Resources resources = loadInputs(inputs, diags, options);
  // A stage stops at its boundary: building from inputs that failed to read
  // would only add echoes of the same mistakes.
  if (diags.errorCount() > errors_before) {
    Network partial;
    partial.input_files = resources.files;
    return partial;
  }
  return aws::buildNetwork(resources, diags);
}

}  // namespace segproof
