// JsonFields: typed reads of Riot's JSON, where a missing or mistyped key becomes a riot::Error
// (22023) whose detail names its path.
#include "riot/json_fields.hpp"

#include <cmath>
#include <limits>

#include "engine/error.hpp"

namespace riot {

namespace {

// Convert a JSON number to an integer in [min, max]; integral floats count, others throw.
long long ToInteger(const JsonFields& fields, const nlohmann::json& value, std::string_view key,
                    long long min, long long max) {
  if (value.is_number_unsigned()) {
    const auto unsigned_value = value.get<unsigned long long>();
    if (unsigned_value <= static_cast<unsigned long long>(max)) {
      return static_cast<long long>(unsigned_value);
    }
  } else if (value.is_number_integer()) {
    const auto signed_value = value.get<long long>();
    if (signed_value >= min && signed_value <= max) return signed_value;
  } else if (value.is_number_float()) {
    const double float_value = value.get<double>();
    if (std::trunc(float_value) != float_value) {
      fields.Fail(fields.PathOf(key) + " must be an integer, not " + value.dump());
    }
    // max + 1 is a power of two, exact as a double even where max itself is not.
    if (float_value >= static_cast<double>(min) && float_value < static_cast<double>(max) + 1.0) {
      return static_cast<long long>(float_value);
    }
  } else {
    fields.Fail(fields.PathOf(key) + " must be an integer, not " + value.type_name());
  }
  fields.Fail(fields.PathOf(key) + " is out of range: " + value.dump());
}

}  // namespace

JsonFields::JsonFields(const nlohmann::json& value, std::string path, std::string message)
    : object_(value), path_(std::move(path)), message_(std::move(message)) {
  if (!object_.is_object()) {
    Fail((path_.empty() ? std::string("the payload") : path_) + " must be an object, not " +
         object_.type_name());
  }
}

std::string JsonFields::PathOf(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

std::string JsonFields::ElementPath(const std::string& array_path, std::size_t index) {
  return array_path + "[" + std::to_string(index) + "]";
}

void JsonFields::Fail(const std::string& detail) const {
  throw Error(message_, sqlstate::kInvalidParameterValue, detail);
}

const nlohmann::json* JsonFields::Find(std::string_view key) const {
  const auto it = object_.find(key);
  if (it == object_.end() || it->is_null()) return nullptr;
  return &*it;
}

const nlohmann::json& JsonFields::Require(std::string_view key) const {
  const nlohmann::json* value = Find(key);
  if (value == nullptr) Fail(PathOf(key) + " is missing");
  return *value;
}

int JsonFields::Int(std::string_view key) const {
  return static_cast<int>(ToInteger(*this, Require(key), key, std::numeric_limits<int>::min(),
                                    std::numeric_limits<int>::max()));
}

std::optional<int> JsonFields::OptionalInt(std::string_view key) const {
  if (Find(key) == nullptr) return std::nullopt;
  return Int(key);
}

long long JsonFields::Int64(std::string_view key) const {
  return ToInteger(*this, Require(key), key, std::numeric_limits<long long>::min(),
                   std::numeric_limits<long long>::max());
}

std::optional<long long> JsonFields::OptionalInt64(std::string_view key) const {
  if (Find(key) == nullptr) return std::nullopt;
  return Int64(key);
}

bool JsonFields::Bool(std::string_view key) const {
  const nlohmann::json& value = Require(key);
  if (!value.is_boolean()) {
    Fail(PathOf(key) + " must be a boolean, not " + value.type_name());
  }
  return value.get<bool>();
}

std::optional<bool> JsonFields::OptionalBool(std::string_view key) const {
  if (Find(key) == nullptr) return std::nullopt;
  return Bool(key);
}

std::optional<std::string> JsonFields::OptionalUnsignedDigits(std::string_view key) const {
  const nlohmann::json* value = Find(key);
  if (value == nullptr) return std::nullopt;
  if (value->is_number_unsigned()) return std::to_string(value->get<unsigned long long>());
  if (value->is_number_integer() && value->get<long long>() >= 0) {
    return std::to_string(value->get<long long>());
  }
  Fail(PathOf(key) + " must be a non-negative integer, not " + value->dump());
}

std::string JsonFields::String(std::string_view key) const {
  const nlohmann::json& value = Require(key);
  if (!value.is_string()) Fail(PathOf(key) + " must be a string, not " + value.type_name());
  return value.get<std::string>();
}

std::string JsonFields::NonEmptyString(std::string_view key) const {
  std::string value = String(key);
  if (value.empty()) Fail(PathOf(key) + " is empty");
  return value;
}

std::optional<std::string> JsonFields::OptionalString(std::string_view key) const {
  if (Find(key) == nullptr) return std::nullopt;
  return String(key);
}

std::optional<std::string> JsonFields::OptionalNonEmptyString(std::string_view key) const {
  std::optional<std::string> value = OptionalString(key);
  if (value && value->empty()) return std::nullopt;
  return value;
}

JsonFields JsonFields::Object(std::string_view key) const {
  return JsonFields(Require(key), PathOf(key), message_);
}

std::optional<JsonFields> JsonFields::OptionalObject(std::string_view key) const {
  if (Find(key) == nullptr) return std::nullopt;
  return Object(key);
}

const nlohmann::json& JsonFields::Array(std::string_view key) const {
  const nlohmann::json& value = Require(key);
  if (!value.is_array()) Fail(PathOf(key) + " must be an array, not " + value.type_name());
  return value;
}

const nlohmann::json* JsonFields::OptionalArray(std::string_view key) const {
  if (Find(key) == nullptr) return nullptr;
  return &Array(key);
}

nlohmann::json ParseJsonBody(std::string_view body, const std::string& message) {
  try {
    return nlohmann::json::parse(body.begin(), body.end());
  } catch (const nlohmann::json::parse_error& e) {
    throw Error(message, sqlstate::kInvalidParameterValue,
                "the body is not valid JSON (byte " + std::to_string(e.byte) + " of " +
                    std::to_string(body.size()) + ")");
  } catch (const nlohmann::json::out_of_range&) {
    // nlohmann reports a number beyond a double's range ("1e400") as out_of_range, not as a
    // parse_error; found by test/fuzz.
    throw Error(message, sqlstate::kInvalidParameterValue,
                "the body holds a number beyond the range of a double");
  }
}

}  // namespace riot
