// Helpers shared by both Database implementations.
#include "engine/database.hpp"

namespace riot {

bool ReturnedTrue(const std::vector<SqlRow>& rows) {
  return !rows.empty() && !rows[0].empty() && rows[0][0] == std::string("t");
}

std::string IntArrayLiteral(const std::vector<long>& values) {
  std::string literal = "{";
  for (size_t i = 0; i < values.size(); i++) {
    if (i > 0) literal += ',';
    literal += std::to_string(values[i]);
  }
  return literal + '}';
}

std::string TextArrayLiteral(const std::vector<std::string>& values) {
  std::string literal = "{";
  for (size_t i = 0; i < values.size(); i++) {
    if (i > 0) literal += ',';
    literal += '"';
    for (char c : values[i]) {
      if (c == '"' || c == '\\') literal += '\\';
      literal += c;
    }
    literal += '"';
  }
  return literal + '}';
}

}  // namespace riot
