// The C++/PostgreSQL boundary: the PG_TRY guard and the exception-to-ERROR report.
#include "cpp_boundary.hpp"

#include <new>

#include "engine/error.hpp"

namespace riot {

PgError::PgError(const ErrorData& data)
    : Error(data.message ? data.message : "", unpack_sql_state(data.sqlerrcode),
            data.detail ? data.detail : "", data.hint ? data.hint : "",
            data.context ? data.context : "") {}

namespace detail {

void RunGuarded(void (*fn)(void*), void* arg) {
  MemoryContext saved_context = CurrentMemoryContext;
  ErrorContextCallback* saved_error_context = error_context_stack;
  ErrorData* volatile pg_error = nullptr;
  std::exception_ptr cpp_error;
  PG_TRY();
  {
    // A C++ exception must never leave a PG_TRY block: catch it here, rethrow it below.
    try {
      fn(arg);
    } catch (...) {
      cpp_error = std::current_exception();
    }
  }
  PG_CATCH();
  {
    error_context_stack = saved_error_context;
    MemoryContextSwitchTo(saved_context);
    pg_error = CopyErrorData();
    FlushErrorState();
  }
  PG_END_TRY();
  if (pg_error != nullptr) {
    PgError error(*pg_error);
    FreeErrorData(pg_error);
    throw error;  // NOLINT(misc-throw-by-value-catch-by-reference): copied out before the free
  }
  if (cpp_error) std::rethrow_exception(cpp_error);
}

namespace {

int ParseSqlstate(const std::string& code) {
  if (code.size() != 5) return ERRCODE_INTERNAL_ERROR;
  return MAKE_SQLSTATE(code[0], code[1], code[2], code[3], code[4]);
}

char* CopyOrNull(const std::string& text) { return text.empty() ? nullptr : pstrdup(text.c_str()); }

}  // namespace

PendingError CaptureCurrentException() noexcept {
  PendingError pending;
  try {
    throw;
  } catch (const Error& e) {
    pending.sqlstate = ParseSqlstate(e.Sqlstate());
    pending.message = pstrdup(e.what());
    pending.detail = CopyOrNull(e.Detail());
    pending.hint = CopyOrNull(e.Hint());
    pending.context = CopyOrNull(e.Context());
  } catch (const std::bad_alloc&) {
    pending.sqlstate = ERRCODE_OUT_OF_MEMORY;
    pending.message = pstrdup("out of memory in pg_riot");
  } catch (const std::exception& e) {
    pending.sqlstate = ERRCODE_INTERNAL_ERROR;
    pending.message = psprintf("pg_riot: %s", e.what());
  } catch (...) {
    pending.sqlstate = ERRCODE_INTERNAL_ERROR;
    pending.message = pstrdup("pg_riot: unknown C++ exception");
  }
  return pending;
}

void ReportPendingError(const PendingError& error) {
  ereport(ERROR, (errcode(error.sqlstate), errmsg_internal("%s", error.message),
                  error.detail ? errdetail_internal("%s", error.detail) : 0,
                  error.hint ? errhint("%s", error.hint) : 0,
                  error.context ? errcontext("%s", error.context) : 0));
  pg_unreachable();
}

}  // namespace detail

}  // namespace riot
