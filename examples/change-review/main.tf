# This folder holds two versions of one root module, before/ and after/ a
# pull request; compare them with
#   segproof diff examples/change-review/before examples/change-review/after -q examples/change-review/queries.yaml
# (README.md). Read as a whole (`segproof check examples/change-review`), the
# folder is this root module: the network after the pull request.
module "after" {
  source = "./after"
}
