// JsonFields: typed reads of Riot's JSON, where a missing or mistyped key becomes a riot::Error
// (22023) whose detail names its path. Shared by every *_rows parser.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace riot {

// Typed reads of one JSON object for the *_rows parsers. A missing key or a JSON null is
// "absent": Optional* return nullopt, the others throw. A present value of the wrong type
// always throws. Every error is riot::Error 22023 with `message` and a detail naming the path.
class JsonFields {
 public:
  // Throw unless `value` is an object; `path` names it in details ("" for the root).
  JsonFields(const nlohmann::json& value, std::string path, std::string message);

  const nlohmann::json& Json() const { return object_; }
  const std::string& Path() const { return path_; }

  int Int(std::string_view key) const;
  std::optional<int> OptionalInt(std::string_view key) const;
  long long Int64(std::string_view key) const;
  std::optional<long long> OptionalInt64(std::string_view key) const;
  bool Bool(std::string_view key) const;
  std::optional<bool> OptionalBool(std::string_view key) const;
  // The decimal digits of a non-negative integer up to 2^64 - 1, exactly as sent (ids such as
  // Steam's UGC handles, which a double would round).
  std::optional<std::string> OptionalUnsignedDigits(std::string_view key) const;
  std::string String(std::string_view key) const;
  std::string NonEmptyString(std::string_view key) const;
  std::optional<std::string> OptionalString(std::string_view key) const;          // "" is kept
  std::optional<std::string> OptionalNonEmptyString(std::string_view key) const;  // "" -> nullopt
  JsonFields Object(std::string_view key) const;
  std::optional<JsonFields> OptionalObject(std::string_view key) const;
  const nlohmann::json& Array(std::string_view key) const;
  const nlohmann::json* OptionalArray(std::string_view key) const;

  // The path of a key or of an array element below this object.
  std::string PathOf(std::string_view key) const;
  static std::string ElementPath(const std::string& array_path, std::size_t index);

  [[noreturn]] void Fail(const std::string& detail) const;

 private:
  const nlohmann::json* Find(std::string_view key) const;
  const nlohmann::json& Require(std::string_view key) const;

  const nlohmann::json& object_;
  std::string path_;
  std::string message_;
};

// An optional value as JSON, null when absent: how every row encoder writes a nullable column.
template <typename T>
nlohmann::json OrNull(const std::optional<T>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

// Parse a response body as JSON; throw riot::Error 22023 `message` when it is not valid JSON.
nlohmann::json ParseJsonBody(std::string_view body, const std::string& message);

}  // namespace riot
