// A JSON object whose fields may be added in any order and come out sorted by key, as match-v5
// keys do ("PlayerScore0" < "allInPings"). Values render into one scratch buffer; no DOM.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "json_writer.hpp"

namespace riot {

class SortedObject {
 public:
  // Keys must outlive the object (string literals or static tables).
  SortedObject& Int(std::string_view key, int64_t value);
  SortedObject& Double(std::string_view key, double value);
  SortedObject& Bool(std::string_view key, bool value);
  SortedObject& String(std::string_view key, std::string_view value);
  SortedObject& Raw(std::string_view key, std::string_view json);
  // A writer for the value of `key`; write exactly one JSON value with it before the next call.
  JsonWriter Value(std::string_view key);

  // Emit the object, keys in ASCII order, and clear it for reuse.
  void WriteTo(JsonWriter& out);

 private:
  struct Field {
    std::string_view key;
    uint32_t begin;
    uint32_t end;
  };
  void Close();

  std::string scratch_;
  std::vector<Field> fields_;
};

}  // namespace riot
