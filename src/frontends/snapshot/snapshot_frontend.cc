// Recognising snapshot files and grouping region folders into snapshots.
#include "frontends/snapshot/snapshot_frontend.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>

#include "frontends/common/json_document.h"

namespace segproof {

namespace fs = std::filesystem;

namespace snapshot {

namespace {

size_t skipSpace(std::string_view text, size_t i) {
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  return i;
}

// An AWS account id: twelve digits.
bool isAccount(const std::string& name) {
  return name.size() == 12 &&
         std::all_of(name.begin(), name.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A region name: "eu-west-1", "us-gov-east-1", "ap-southeast-4".
bool isRegion(const std::string& name) {
  size_t dash = name.find('-');
  if (dash == std::string::npos || dash == 0 || name.empty() ||
      !std::isdigit(static_cast<unsigned char>(name.back())))
    return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

}  // namespace

std::optional<std::string> snapshotKey(std::string_view text) {
  size_t i = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
  i = skipSpace(text, i);
  if (i >= text.size() || text[i] != '{') return std::nullopt;
  i = skipSpace(text, i + 1);
  if (i >= text.size() || text[i] != '"') return std::nullopt;
  size_t end = text.find('"', i + 1);
  if (end == std::string_view::npos) return std::nullopt;
  std::string key(text.substr(i + 1, end - i - 1));
  if (!isReadKey(key) && !isBatfishOnlyKey(key)) return std::nullopt;
  i = skipSpace(text, end + 1);
  if (i >= text.size() || text[i] != ':') return std::nullopt;
  i = skipSpace(text, i + 1);
  if (i >= text.size() || text[i] != '[') return std::nullopt;
  return key;
}

std::vector<SnapshotLayout> groupSnapshots(const std::vector<std::string>& region_folders) {
  std::map<std::string, SnapshotLayout> by_root;
  std::vector<SnapshotLayout> flat;
  for (const std::string& folder : region_folders) {
    fs::path path(folder);
    std::string region = path.filename().generic_string();
    std::string account = path.parent_path().filename().generic_string();
    if (!isRegion(region) || !isAccount(account)) {
      flat.push_back({folder, {RegionFolder{folder, "", "", {}}}});
      continue;
    }
    fs::path root = path.parent_path().parent_path();
    if (root.filename() == "accounts") root = root.parent_path();  // Batfish
    std::string key = root.empty() ? "." : root.generic_string();
    SnapshotLayout& layout = by_root[key];
    layout.root = key;
    layout.regions.push_back({folder, account, region, {}});
  }
  std::vector<SnapshotLayout> layouts = std::move(flat);
  for (auto& [root, layout] : by_root) layouts.push_back(std::move(layout));
  std::sort(layouts.begin(), layouts.end(),
            [](const SnapshotLayout& a, const SnapshotLayout& b) { return a.root < b.root; });
  return layouts;
}

void loadSnapshot(const std::vector<RegionFolder>& regions, aws::Resources& out,
                  DiagnosticEngine& diags) {
  SnapshotReader(diags, out).read(regions);
}

}  // namespace snapshot

bool SnapshotFrontend::recognizes(const std::string&, std::string_view content) const {
  return snapshot::snapshotKey(content).has_value();
}

void SnapshotFrontend::load(const std::string& path, std::string_view content, aws::Resources& out,
                            DiagnosticEngine& diags) const {
  std::string folder = fs::path(path).parent_path().generic_string();
  snapshot::RegionFolder region{folder, "", "", {{path, std::string(content)}}};
  snapshot::loadSnapshot({region}, out, diags);
}

}  // namespace segproof
