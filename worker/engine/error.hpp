// Errors the engine raises, each carrying the SQLSTATE it becomes at the PostgreSQL boundary.
#pragma once

#include <stdexcept>
#include <string>

namespace riot {

// SQLSTATEs the engine uses, spelled as PostgreSQL spells them.
namespace sqlstate {
constexpr const char* kInternalError = "XX000";
constexpr const char* kInvalidParameterValue = "22023";
constexpr const char* kConfigFileError = "F0000";
}  // namespace sqlstate

// An error with a SQLSTATE, a detail and a hint, in PostgreSQL's message style.
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message, std::string sqlstate = sqlstate::kInternalError,
                 std::string detail = {}, std::string hint = {}, std::string context = {})
      : std::runtime_error(message),
        sqlstate_(std::move(sqlstate)),
        detail_(std::move(detail)),
        hint_(std::move(hint)),
        context_(std::move(context)) {}

  const std::string& Sqlstate() const noexcept { return sqlstate_; }
  const std::string& Detail() const noexcept { return detail_; }
  const std::string& Hint() const noexcept { return hint_; }
  const std::string& Context() const noexcept { return context_; }

 private:
  std::string sqlstate_;
  std::string detail_;
  std::string hint_;
  std::string context_;
};

}  // namespace riot
