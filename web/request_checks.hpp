// What riot-web checks in a request before any of it reaches SQL: paths, numbers, the token.
// Failures are ApiErrors with status 400 (401 for the token).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace riot::web {

// Path segments and bodies are limited before they are looked at.
constexpr size_t kMaxSegmentBytes = 256;
constexpr size_t kMaxBodyBytes = 4096;

// Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF.
bool IsValidUtf8(std::string_view text);

// A decoded path segment (a platform, game name or tag line): valid UTF-8 without control
// characters (a %00 would cut a C string short), at most kMaxSegmentBytes; `what` names it in
// the error.
std::string CheckedSegment(std::string_view decoded, std::string_view what);

// A job id: 1 to 18 decimal digits.
long long ParseJobId(std::string_view text);

// An integer query parameter, `fallback` when absent; an error outside [low, high].
int IntegerParameter(const std::optional<std::string>& text, std::string_view name, int fallback,
                     int low, int high);

// Whether an Authorization header carries "Bearer EXPECTED", compared in constant time.
bool TokenMatches(std::string_view expected, std::string_view authorization);

}  // namespace riot::web
