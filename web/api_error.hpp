// HTTP errors of the API: a status, a message and a hint, and how PostgreSQL's errors become them.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace riot::web {

namespace http {
constexpr int kOk = 200;
constexpr int kAccepted = 202;
constexpr int kBadRequest = 400;
constexpr int kUnauthorized = 401;
constexpr int kForbidden = 403;
constexpr int kNotFound = 404;
constexpr int kPayloadTooLarge = 413;
constexpr int kTooManyRequests = 429;
constexpr int kInternalError = 500;
constexpr int kServiceUnavailable = 503;
}  // namespace http

// An answer that is not a success; the message and hint are shown to the client as they are,
// so they never hold more than the client may know.
class ApiError : public std::runtime_error {
 public:
  ApiError(int status, const std::string& message, std::string hint = {})
      : std::runtime_error(message), status_(status), hint_(std::move(hint)) {}
  int Status() const noexcept { return status_; }
  const std::string& Hint() const noexcept { return hint_; }

 private:
  int status_;
  std::string hint_;
};

// The HTTP status of a SQLSTATE: bad input (class 22) is 400, an unknown player (P0002) 404, a
// queue that refuses (53400) 429, a lost or timed-out database 503, a missing privilege 403;
// anything else is the server's fault, 500.
int StatusOfSqlstate(std::string_view sqlstate);

// An ApiError from a PostgreSQL error as libpq words it ("ERROR:  message\nHINT:  hint\n...",
// or verbosely "ERROR:  22023: message"; the code in the message stands in for an empty
// `sqlstate`): the message and hint for the statuses a client can act on, a fixed text for 500
// (whose cause is logged, not shown).
ApiError FromSqlError(std::string_view sqlstate, std::string_view libpq_message);

// {"error": message, "hint": hint or null}
std::string ErrorBody(const ApiError& error);

}  // namespace riot::web
