// SQL functions that describe the running extension.
#include "cpp_boundary.hpp"

namespace riot {

namespace {

Datum VersionImpl(FunctionCallInfo) { PG_RETURN_TEXT_P(cstring_to_text(RIOT_VERSION)); }

}  // namespace

}  // namespace riot

RIOT_SQL_FUNCTION(riot_version, riot::VersionImpl)
