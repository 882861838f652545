// Internal self-tests of the C++/PostgreSQL boundary, called by the pgTAP suite boundary.sql.
#include <stdexcept>
#include <string>

#include "cpp_boundary.hpp"
#include "engine/error.hpp"

namespace riot {

namespace {

int g_destroyed = 0;

// Counts its own destruction, so a test can see that unwinding ran destructors.
struct DestructionCounter {
  DestructionCounter() = default;
  DestructionCounter(const DestructionCounter&) = delete;
  DestructionCounter& operator=(const DestructionCounter&) = delete;
  ~DestructionCounter() { g_destroyed++; }
};

// Raise a PostgreSQL ERROR (division by zero, 22012) under two live C++ objects.
void DivideByZeroUnderObjects() {
  DestructionCounter outer;
  const std::string label = "a string on the C++ heap that must be freed";
  DestructionCounter inner;
  PgCall([] { return DirectFunctionCall2(int4div, Int32GetDatum(1), Int32GetDatum(0)); });
}

Datum SelftestThrowImpl(FunctionCallInfo fcinfo) {
  const std::string kind = text_to_cstring(PG_GETARG_TEXT_PP(0));
  if (kind == "runtime_error") throw std::runtime_error("a C++ runtime_error");
  if (kind == "riot_error") {
    throw Error("invalid thing \"x\"", sqlstate::kInvalidParameterValue, "x is not a thing.",
                "Pass a thing.");
  }
  if (kind == "bad_alloc") throw std::bad_alloc();
  if (kind == "int") throw 42;
  throw Error("unknown self-test kind \"" + kind + "\"", sqlstate::kInvalidParameterValue);
}

Datum SelftestPgErrorImpl(FunctionCallInfo fcinfo) {
  const bool propagate = PG_GETARG_BOOL(0);
  if (propagate) DivideByZeroUnderObjects();
  try {
    DivideByZeroUnderObjects();
  } catch (const PgError& e) {
    const std::string caught = e.Sqlstate() + " " + e.what();
    PG_RETURN_TEXT_P(cstring_to_text(caught.c_str()));
  }
  PG_RETURN_NULL();
}

Datum SelftestDestroyedImpl(FunctionCallInfo) { PG_RETURN_INT32(g_destroyed); }

}  // namespace

}  // namespace riot

RIOT_SQL_FUNCTION(riot_selftest_throw, riot::SelftestThrowImpl)
RIOT_SQL_FUNCTION(riot_selftest_pg_error, riot::SelftestPgErrorImpl)
RIOT_SQL_FUNCTION(riot_selftest_destroyed, riot::SelftestDestroyedImpl)
