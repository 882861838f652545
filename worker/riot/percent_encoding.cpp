// Percent-encoding of URL path segments and query values (RFC 3986), for Riot IDs and ids.
#include "riot/percent_encoding.hpp"

namespace riot {

namespace {

constexpr char kHexDigits[] = "0123456789ABCDEF";

bool IsUnreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

// Encode every byte outside the unreserved set. Written out rather than curl_easy_escape so
// that the engine needs no curl handle to build a path and the rule is visible here.
std::string EncodeAllButUnreserved(std::string_view bytes) {
  std::string encoded;
  encoded.reserve(bytes.size() * 3);
  for (const char ch : bytes) {
    const auto c = static_cast<unsigned char>(ch);
    if (IsUnreserved(c)) {
      encoded += ch;
    } else {
      encoded += '%';
      encoded += kHexDigits[c >> 4];
      encoded += kHexDigits[c & 0x0F];
    }
  }
  return encoded;
}

}  // namespace

std::string PercentEncodePathSegment(std::string_view utf8) { return EncodeAllButUnreserved(utf8); }

std::string PercentEncodeQueryValue(std::string_view utf8) { return EncodeAllButUnreserved(utf8); }

}  // namespace riot
