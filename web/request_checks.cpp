// What riot-web checks in a request before any of it reaches SQL.
#include "request_checks.hpp"

#include <cstdint>

#include "api_error.hpp"

namespace riot::web {

namespace {

constexpr size_t kMaxIdDigits = 18;  // below 2^63

bool IsContinuation(unsigned char byte) { return (byte & 0xC0U) == 0x80U; }

}  // namespace

bool IsValidUtf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    size_t length = 0;
    uint32_t code = 0;
    if (lead < 0x80U) {
      i++;
      continue;
    }
    if ((lead & 0xE0U) == 0xC0U) {
      length = 2;
      code = lead & 0x1FU;
    } else if ((lead & 0xF0U) == 0xE0U) {
      length = 3;
      code = lead & 0x0FU;
    } else if ((lead & 0xF8U) == 0xF0U) {
      length = 4;
      code = lead & 0x07U;
    } else {
      return false;
    }
    if (i + length > text.size()) return false;
    for (size_t k = 1; k < length; k++) {
      const auto byte = static_cast<unsigned char>(text[i + k]);
      if (!IsContinuation(byte)) return false;
      code = (code << 6U) | (byte & 0x3FU);
    }
    const uint32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code < smallest[length] || code > 0x10FFFFU || (code >= 0xD800U && code <= 0xDFFFU)) {
      return false;
    }
    i += length;
  }
  return true;
}

std::string CheckedSegment(std::string_view decoded, std::string_view what) {
  const std::string name(what);
  if (decoded.size() > kMaxSegmentBytes) {
    throw ApiError(http::kBadRequest, name + " is too long",
                   "A path segment has at most " + std::to_string(kMaxSegmentBytes) + " bytes.");
  }
  if (!IsValidUtf8(decoded)) {
    throw ApiError(http::kBadRequest, name + " is not valid UTF-8",
                   "Percent-encode the UTF-8 bytes of the text, e.g. %ED%95%9C for 한.");
  }
  for (const char c : decoded) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20U || byte == 0x7FU) {
      throw ApiError(http::kBadRequest, name + " contains a control character");
    }
  }
  return std::string(decoded);
}

long long ParseJobId(std::string_view text) {
  bool digits = !text.empty() && text.size() <= kMaxIdDigits;
  for (const char c : text) digits = digits && c >= '0' && c <= '9';
  if (!digits) {
    throw ApiError(http::kBadRequest, "invalid job id \"" + std::string(text.substr(0, 32)) + "\"",
                   "A job id is the number POST /api/sync returned.");
  }
  return std::stoll(std::string(text));
}

int IntegerParameter(const std::optional<std::string>& text, std::string_view name, int fallback,
                     int low, int high) {
  if (!text) return fallback;
  const std::string range = "Pass " + std::string(name) + " from " + std::to_string(low) + " to " +
                            std::to_string(high) + ".";
  bool digits = !text->empty() && text->size() <= 9;
  for (const char c : *text) digits = digits && c >= '0' && c <= '9';
  const int value = digits ? std::stoi(*text) : -1;
  if (!digits || value < low || value > high) {
    throw ApiError(http::kBadRequest, "invalid " + std::string(name), range);
  }
  return value;
}

bool TokenMatches(std::string_view expected, std::string_view authorization) {
  constexpr std::string_view kScheme = "Bearer ";
  if (authorization.substr(0, kScheme.size()) != kScheme) return false;
  const std::string_view given = authorization.substr(kScheme.size());
  // Every byte is compared whatever the first difference, so timing tells nothing of the token.
  unsigned difference = given.size() == expected.size() ? 0U : 1U;
  for (size_t i = 0; i < expected.size(); i++) {
    const char theirs = i < given.size() ? given[i] : '\0';
    difference |= static_cast<unsigned char>(theirs) ^ static_cast<unsigned char>(expected[i]);
  }
  return difference == 0;
}

}  // namespace riot::web
