// Percent-encoding of URL path segments and query values (RFC 3986), for Riot IDs and ids.
#pragma once

#include <string>
#include <string_view>

namespace riot {

// Encode every byte but RFC 3986's unreserved characters (A-Z a-z 0-9 - . _ ~) as %XX with
// upper-case hex: "Hide on bush" becomes "Hide%20on%20bush" (never "+"), "#" becomes "%23",
// and UTF-8 letters are encoded byte by byte.
std::string PercentEncodePathSegment(std::string_view utf8);

// Encode a query parameter value the same way, so "&", "=", "+" and "#" cannot end it early.
std::string PercentEncodeQueryValue(std::string_view utf8);

}  // namespace riot
