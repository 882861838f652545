// An append-only JSON writer that renders straight into a std::string; the generators use it
// instead of a DOM so that a 75 KB match costs tens of microseconds, not milliseconds.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace riot {

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  JsonWriter& BeginObject();
  JsonWriter& EndObject();
  JsonWriter& BeginArray();
  JsonWriter& EndArray();
  // A key is written as is: it must not need escaping (Riot's field names never do).
  JsonWriter& Key(std::string_view key);

  JsonWriter& String(std::string_view value);
  JsonWriter& Int(int64_t value);
  // Write a number the way Riot does: whole values without a fraction ("kda": 2).
  JsonWriter& Double(double value);
  JsonWriter& Bool(bool value);
  JsonWriter& Null();
  // Insert an already rendered JSON value.
  JsonWriter& Raw(std::string_view json);

  JsonWriter& Field(std::string_view key, std::string_view value) { return Key(key).String(value); }
  JsonWriter& Field(std::string_view key, const char* value) { return Key(key).String(value); }
  JsonWriter& IntField(std::string_view key, int64_t value) { return Key(key).Int(value); }
  JsonWriter& DoubleField(std::string_view key, double value) { return Key(key).Double(value); }
  JsonWriter& BoolField(std::string_view key, bool value) { return Key(key).Bool(value); }

 private:
  void Separate();

  std::string& out_;
  bool need_comma_ = false;
};

// Append `value` to `out` as a quoted JSON string.
void AppendJsonString(std::string& out, std::string_view value);

}  // namespace riot
