// The C++/PostgreSQL boundary: C++ exceptions become ERRORs at every entry point, and
// PostgreSQL ERRORs raised under C++ code become C++ exceptions. Nothing else crosses.
#pragma once

#include <exception>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#include "engine/error.hpp"
#include "postgres_includes.hpp"

namespace riot {

// A PostgreSQL ERROR caught under C++ code, copied out of PostgreSQL's memory (a transaction
// abort may free that) and raised again with the same SQLSTATE at the boundary.
class PgError : public Error {
 public:
  explicit PgError(const ErrorData& data);
};

namespace detail {

// Run fn(arg) under PG_TRY; a PostgreSQL ERROR becomes PgError, a C++ exception passes through.
void RunGuarded(void (*fn)(void*), void* arg);

// Turn the exception being handled into an ERROR report made later, outside every catch block.
struct PendingError {
  int sqlstate = 0;
  char* message = nullptr;  // palloc'd copies: no destructors to skip over
  char* detail = nullptr;
  char* hint = nullptr;
  char* context = nullptr;
};
PendingError CaptureCurrentException() noexcept;
[[noreturn]] void ReportPendingError(const PendingError& error);

}  // namespace detail

// Call PostgreSQL from C++: an ERROR raised inside f unwinds the C++ frames above as PgError,
// with the memory context and error-context stack restored. f must not hold C++ objects with
// destructors in its own frame across the PostgreSQL calls it makes.
template <typename F>
auto PgCall(F&& f) -> decltype(f()) {
  using Result = decltype(f());
  if constexpr (std::is_void_v<Result>) {
    detail::RunGuarded([](void* fp) { (*static_cast<F*>(fp))(); }, &f);
  } else {
    std::optional<Result> result;
    auto run = [&f, &result] { result.emplace(f()); };
    detail::RunGuarded([](void* rp) { (*static_cast<decltype(run)*>(rp))(); }, &run);
    return std::move(*result);
  }
}

// Run a C++ implementation for PostgreSQL: every exception it throws is destroyed first and
// then reported as an ERROR (a riot::Error, PgError included, keeps SQLSTATE, detail and hint).
template <typename Impl>
auto CallCpp(Impl&& impl) noexcept -> decltype(impl()) {
  detail::PendingError pending;
  try {
    return impl();
  } catch (...) {
    pending = detail::CaptureCurrentException();
  }
  detail::ReportPendingError(pending);
}

}  // namespace riot

// Define the extern "C" entry point of SQL function `name`, forwarding to `impl(fcinfo)`.
#define RIOT_SQL_FUNCTION(name, impl)                                     \
  extern "C" {                                                            \
  PG_FUNCTION_INFO_V1(name);                                              \
  PGDLLEXPORT Datum name(PG_FUNCTION_ARGS) {                              \
    return ::riot::CallCpp([fcinfo]() -> Datum { return impl(fcinfo); }); \
  }                                                                       \
  }
