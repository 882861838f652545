// Write a fuzzing seed from a real response: the same JSON, compact, with every array cut to
// its first two elements and its last, so that mutations stay fast yet keep each shape.
#include <cstddef>
#include <exception>
#include <fstream>
#include <iostream>

#include <nlohmann/json.hpp>

namespace {

constexpr std::size_t kKeptFromTheStart = 2;

// Cut every array below `value` to its first elements and its last, in place.
void Trim(nlohmann::json& value) {
  if (value.is_array() && value.size() > kKeptFromTheStart + 1) {
    nlohmann::json last = value.back();
    value.erase(value.begin() + kKeptFromTheStart, value.end());
    value.push_back(std::move(last));
  }
  if (value.is_structured()) {
    for (nlohmann::json& child : value) Trim(child);
  }
}

// Write the seed for argv[1] to argv[2]; return the exit status.
int TrimSeed(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: trim_seed <response.json> <seed>\n";
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  nlohmann::json document = nlohmann::json::parse(in, nullptr, false);
  if (document.is_discarded()) {
    std::cerr << "trim_seed: " << argv[1] << " is not JSON\n";
    return 1;
  }
  Trim(document);
  std::ofstream(argv[2], std::ios::binary) << document.dump();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return TrimSeed(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "trim_seed: " << e.what() << "\n";
    return 1;
  }
}
