// SQL functions that describe the running extension and Riot's routing.
#include "cpp_boundary.hpp"
#include "riot/routing.hpp"

namespace riot {

namespace {

Datum VersionImpl(FunctionCallInfo) { PG_RETURN_TEXT_P(cstring_to_text(RIOT_VERSION)); }

// The regional route of a platform ('kr' -> 'asia'); NULL when the platform is unknown.
Datum PlatformRegionImpl(FunctionCallInfo fcinfo) {
  const char* platform = text_to_cstring(PG_GETARG_TEXT_PP(0));
  const auto found = FindPlatform(platform);
  if (!found || !found->active) PG_RETURN_NULL();
  PG_RETURN_TEXT_P(cstring_to_text_with_len(found->region.data(), found->region.size()));
}

}  // namespace

}  // namespace riot

RIOT_SQL_FUNCTION(riot_version, riot::VersionImpl)
RIOT_SQL_FUNCTION(riot_platform_region, riot::PlatformRegionImpl)
