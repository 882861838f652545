// Percent-encoding of URL path segments and query values (RFC 3986), for Riot IDs and ids.
#pragma once

#include <string>
#include <string_view>

namespace riot {

// Encode every byte but RFC 3986's unreserved characters as %XX: "Hide on bush" becomes
// "Hide%20on%20bush", never "+"; UTF-8 letters are encoded byte by byte.
std::string PercentEncodePathSegment(std::string_view utf8);

}  // namespace riot
