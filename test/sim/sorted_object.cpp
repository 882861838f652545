// Buffer fields, then write them sorted.
#include "sorted_object.hpp"

#include <algorithm>

namespace riot {

void SortedObject::Close() {
  if (!fields_.empty()) fields_.back().end = static_cast<uint32_t>(scratch_.size());
}

JsonWriter SortedObject::Value(std::string_view key) {
  Close();
  fields_.push_back(Field{key, static_cast<uint32_t>(scratch_.size()), 0});
  return JsonWriter(scratch_);
}

SortedObject& SortedObject::Int(std::string_view key, int64_t value) {
  Value(key).Int(value);
  return *this;
}

SortedObject& SortedObject::Double(std::string_view key, double value) {
  Value(key).Double(value);
  return *this;
}

SortedObject& SortedObject::Bool(std::string_view key, bool value) {
  Value(key).Bool(value);
  return *this;
}

SortedObject& SortedObject::String(std::string_view key, std::string_view value) {
  Value(key).String(value);
  return *this;
}

SortedObject& SortedObject::Raw(std::string_view key, std::string_view json) {
  Value(key).Raw(json);
  return *this;
}

void SortedObject::WriteTo(JsonWriter& out) {
  Close();
  std::sort(fields_.begin(), fields_.end(),
            [](const Field& a, const Field& b) { return a.key < b.key; });
  out.BeginObject();
  for (const Field& field : fields_) {
    out.Key(field.key).Raw(std::string_view(scratch_).substr(field.begin, field.end - field.begin));
  }
  out.EndObject();
  scratch_.clear();
  fields_.clear();
}

}  // namespace riot
