#include "frontends/terraform/instance.h"

namespace segproof::terraform {

const EvalAttribute* EvalBody::attribute(const std::string& name) const {
  auto it = attributes.find(name);
  return it == attributes.end() ? nullptr : &it->second;
}

std::vector<const EvalBlock*> EvalBody::blocksOf(const std::string& type) const {
  std::vector<const EvalBlock*> out;
  for (const EvalBlock& block : blocks)
    if (block.type == type) out.push_back(&block);
  return out;
}

}  // namespace segproof::terraform
