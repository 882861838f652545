// HTTP errors of the API, and how PostgreSQL's errors become them.
#include "api_error.hpp"

#include <nlohmann/json.hpp>

namespace riot::web {

namespace {

// The text after PREFIX on the first line of TEXT that starts with it ("" when none).
std::string LineAfter(std::string_view text, std::string_view prefix) {
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    if (line.substr(0, prefix.size()) == prefix) return std::string(line.substr(prefix.size()));
    start = end + 1;
  }
  return {};
}

}  // namespace

int StatusOfSqlstate(std::string_view sqlstate) {
  if (sqlstate.substr(0, 2) == "22") return http::kBadRequest;
  if (sqlstate == "P0002") return http::kNotFound;
  if (sqlstate == "53400") return http::kTooManyRequests;
  if (sqlstate == "42501") return http::kForbidden;
  // Connection failures, shutdown and cancellation (the statement timeout among them).
  if (sqlstate.substr(0, 2) == "08" || sqlstate.substr(0, 3) == "57P" || sqlstate == "57014") {
    return http::kServiceUnavailable;
  }
  return http::kInternalError;
}

ApiError FromSqlError(std::string_view sqlstate, std::string_view libpq_message) {
  std::string message = LineAfter(libpq_message, "ERROR:  ");
  // libpqxx 6 leaves sqlstate() empty for some errors (42501 among them); with verbose errors
  // (connection_pool.cpp) libpq puts the code in the message, "ERROR:  42501: permission ...".
  std::string code(sqlstate);
  constexpr size_t kCodeLength = 5;
  if (message.size() > kCodeLength + 2 && message.compare(kCodeLength, 2, ": ") == 0 &&
      message.find_first_not_of("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ") >= kCodeLength) {
    if (code.empty()) code = message.substr(0, kCodeLength);
    message.erase(0, kCodeLength + 2);
  }
  const int status = StatusOfSqlstate(code);
  switch (status) {
    case http::kInternalError:
      return {status, "the database could not answer this request",
              "riot-web's log has the cause."};
    case http::kServiceUnavailable:
      return {status, "the database is unavailable", "Try again in a moment."};
    case http::kForbidden:
      return {status, "riot-web's database role may not do this",
              "Grant riot_operator to the role riot-web connects as."};
    default:
      break;
  }
  if (message.empty()) message = "the request was refused";
  return {status, message, LineAfter(libpq_message, "HINT:  ")};
}

std::string ErrorBody(const ApiError& error) {
  nlohmann::json body = {{"error", error.what()}, {"hint", nullptr}};
  if (!error.Hint().empty()) body["hint"] = error.Hint();
  // Invalid UTF-8 in a message (a client's own bytes echoed back) is replaced, never thrown on.
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace riot::web
