// "Did you mean ...?" suggestions for misspelt names in queries and assertion
// files (segment names, keys, selector forms, resource addresses).
#ifndef SEGPROOF_QUERY_SPELLING_H_
#define SEGPROOF_QUERY_SPELLING_H_

#include <string>
#include <string_view>
#include <vector>

namespace segproof {

// The candidate closest to `word` when it is close enough to be a likely typo
// (a small edit distance relative to the length of `word`); empty otherwise.
// Ties go to the earlier candidate.
std::string closestSpelling(std::string_view word, const std::vector<std::string>& candidates);

// "; did you mean 'X'?" for the closest candidate, or "" when none is close.
std::string didYouMean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace segproof

#endif  // SEGPROOF_QUERY_SPELLING_H_
