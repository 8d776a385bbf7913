// AWS account snapshots (docs/snapshots.md): folders of `aws ec2/elbv2/rds
// describe-*` JSON outputs, recognised by their top-level key whatever the
// file is called. A snapshot is read as a unit (snapshot_reader.h):
//
//   - a folder directly holding snapshot files is one region of one account;
//   - region folders laid out as <root>/<account>/<region>/ (the collector,
//     scripts/snapshot-aws.sh) or <root>/accounts/<account>/<region>/
//     (Batfish's aws_configs/) make one snapshot of several regions, whose
//     ids are qualified as ACCOUNT/REGION/id;
//   - a snapshot file named alone is read alone (SnapshotFrontend).
#ifndef SEGPROOF_FRONTENDS_SNAPSHOT_SNAPSHOT_FRONTEND_H_
#define SEGPROOF_FRONTENDS_SNAPSHOT_SNAPSHOT_FRONTEND_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "frontends/frontend.h"
#include "frontends/snapshot/snapshot_reader.h"

namespace segproof {

// One snapshot file read on its own.
class SnapshotFrontend : public Frontend {
 public:
  const char* name() const override { return "aws snapshot"; }
  bool recognizes(const std::string& path, std::string_view content) const override;
  void load(const std::string& path, std::string_view content, aws::Resources& out,
            DiagnosticEngine& diags) const override;
};

namespace snapshot {

// The first top-level key of `text` when it is a JSON object whose first
// member is an array under a key the reader knows (or a Batfish-only one).
std::optional<std::string> snapshotKey(std::string_view text);

// Snapshots made of the given region folders (folders directly holding
// snapshot files): `root` names the snapshot (its top folder), `regions`
// have path, account and region set (files are the caller's to fill).
struct SnapshotLayout {
  std::string root;
  std::vector<RegionFolder> regions;
};
std::vector<SnapshotLayout> groupSnapshots(const std::vector<std::string>& region_folders);

// Reads one snapshot into `out`.
void loadSnapshot(const std::vector<RegionFolder>& regions, aws::Resources& out,
                  DiagnosticEngine& diags);

}  // namespace snapshot
}  // namespace segproof

#endif  // SEGPROOF_FRONTENDS_SNAPSHOT_SNAPSHOT_FRONTEND_H_
