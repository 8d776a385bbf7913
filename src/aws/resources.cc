#include "aws/resources.h"

#include <iterator>

namespace segproof::aws {

namespace {

template <class T>
void moveAppend(std::vector<T>& to, std::vector<T>& from) {
  to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
}

}  // namespace

void Resources::append(Resources other) {
  moveAppend(files, other.files);
  eachList([&](auto list) { moveAppend(this->*list, other.*list); });
  moveAppend(uncertainties, other.uncertainties);
  moveAppend(other_group_uses, other.other_group_uses);
}

size_t Resources::count() const {
  size_t n = 0;
  eachList([&](auto list) { n += (this->*list).size(); });
  return n;
}

}  // namespace segproof::aws
