// Text in XML (JUnit reports) and HTML (the auditor's report).
#ifndef SEGPROOF_REPORT_XML_ESCAPE_H_
#define SEGPROOF_REPORT_XML_ESCAPE_H_

#include <string>
#include <string_view>

namespace segproof {

// `text` as XML 1.0 character data (attribute == false) or as an attribute
// value in double quotes (attribute == true): &, <, >, " and ' escaped,
// forbidden characters replaced by U+FFFD, carriage returns (and in
// attributes tabs and newlines) written as character references so that
// XML's end-of-line and attribute normalisation keep them. Also right for
// HTML text and attribute values.
std::string xmlEscape(std::string_view text, bool attribute);

}  // namespace segproof

#endif  // SEGPROOF_REPORT_XML_ESCAPE_H_
