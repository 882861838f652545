// Text helpers for Riot IDs: percent-decoding of path segments and Unicode case folding, so that
// "hide%20on%20bush" finds "Hide on bush" and "BJÖRN" finds "Björn".
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace riot {

// Decode %XX escapes (UTF-8 bytes); '+' stays '+' as it does in a path. nullopt on a bad escape.
std::optional<std::string> PercentDecode(std::string_view text);

// Encode everything but unreserved characters as %XX (for building test URLs).
std::string PercentEncode(std::string_view text);

// Fold case for comparison: ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic letters.
std::string FoldCase(std::string_view utf8);

}  // namespace riot
