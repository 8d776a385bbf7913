// Limits on hostile input: every bound a frontend puts on what it reads, in
// one place, so that a crafted input ends in a diagnostic and exit code 2
// instead of a crash or memory exhaustion (docs/reliability.md).
//
// Each limit sits far above what the largest real network needs (the project
// targets 20,000 interfaces and 50,000 rules) and far below what would
// exhaust a machine. When one is hit, the reader reports an error with the
// code given here, at the place in the input that crossed it, and stops; it
// never goes on with a silently partial answer.
#ifndef SEGPROOF_FRONTENDS_COMMON_LIMITS_H_
#define SEGPROOF_FRONTENDS_COMMON_LIMITS_H_

#include <cstddef>
#include <cstdint>

namespace segproof::limits {

// Bytes in one input file (a model, a .tf, a template, a plan, an assertion
// file, a tfvars or parameter file), checked with stat() before it is read:
// 256 MiB. The plan JSON of a network of the target size is well under
// 100 MiB. "input-too-large".
inline constexpr std::uintmax_t kMaxFileBytes = 256ull << 20;

// Levels of nested arrays and objects in JSON (Terraform .tf.json and plan
// JSON, CloudFormation JSON, parameter files): 512. Real documents use
// fewer than 20; the reader recurses per level. "nesting-too-deep".
inline constexpr int kMaxJsonNesting = 512;

// Levels of nested collections in YAML (models, CloudFormation templates,
// assertion files): 256. Real documents use fewer than 20; yaml-cpp's own
// guard stops its recursive parser near 500 levels with an unclear message,
// so this one is met first. Checked by a scan of parser events before the
// document is built (yaml_limits.h). "nesting-too-deep".
inline constexpr int kMaxYamlNesting = 256;

// Values of a YAML document once its aliases are expanded: 10,000,000. An
// alias is shared by the parser but every walk over the document visits it
// again, so ten levels of ten aliases ("billion laughs") would be 10^10
// visits. A model of the target size has about a million values; a
// document without aliases never hits this (its size bounds it).
// "alias-expansion".
inline constexpr std::uint64_t kMaxYamlExpandedValues = 10'000'000;

// Levels of brackets, blocks, expressions and template interpolations in
// HCL: 200. Terraform code rarely nests past 10; the parser recurses per
// level. "nesting-too-deep".
inline constexpr int kMaxHclNesting = 200;

// Values in one CloudFormation template: 500,000. AWS accepts templates of
// at most 1 MB, which cannot hold more than about 200,000. "input-too-large".
inline constexpr std::size_t kMaxTemplateValues = 500'000;

// Levels of nested CloudFormation stacks (AWS::CloudFormation::Stack): 16.
// "cfn-nested-depth" (the code it had before this header).
inline constexpr int kMaxNestedStackDepth = 16;

// Levels of Terraform module calls: 32 (a module that calls itself).
// "nesting-too-deep".
inline constexpr int kMaxModuleDepth = 32;

// Values that wait on one another while one is evaluated: Terraform locals,
// resources and modules (local.a reads local.b reads ...), CloudFormation
// conditions (C1 is !Not [!Condition C2] ...): 256, far beyond real modules
// and templates. Evaluation recurses per link: a CloudFormation link takes
// 8-16 KiB of stack in the AddressSanitizer build, where 1,000 links
// overflowed the 8 MiB stack; 256 keeps within half of it. "nesting-too-deep".
inline constexpr int kMaxReferenceChain = 256;

// Elements range() may produce: 1,024, Terraform's own limit ("hcl-eval").
inline constexpr std::size_t kMaxRangeElements = 1'024;

// Regular expressions (Terraform's regex, regexall, replace with /.../):
// patterns of at most 512 bytes, matched against strings of at most 1,024
// bytes, by libstdc++'s automaton (__polynomial) rather than by
// backtracking, so a hostile pattern or string can neither take exponential
// time nor recurse the stack away (about a second in a Debug build for the worst
// pattern at the limit). Real uses (names, CIDRs, ARNs) are far shorter, and
// Terraform's RE2 has no back-references either. "hcl-eval".
inline constexpr std::size_t kMaxRegexPattern = 512;
inline constexpr std::size_t kMaxRegexSubject = 1'024;

// Resources in one run: Terraform resource and module instances made by
// count and for_each (counted before they are made, so `count = 1e9` costs
// nothing), and all resources read from every input: 1,000,000, twenty
// times the target network. "too-many-resources".
inline constexpr std::size_t kMaxResources = 1'000'000;

// Size of one value made while evaluating an input, counted as the bytes of
// its strings plus one per value in it (so a list of a million empty strings
// is 1,000,001): 16 Mi. Covers Terraform values (templates, function
// results, a local built from copies of another) and the strings and lists
// of CloudFormation Fn::Join, Fn::Sub and Fn::Split. Functions whose result
// can grow faster than their arguments (join, replace, format, setproduct)
// check as they build. "value-too-large".
inline constexpr std::uint64_t kMaxValueSize = 16u << 20;

}  // namespace segproof::limits

#endif  // SEGPROOF_FRONTENDS_COMMON_LIMITS_H_
