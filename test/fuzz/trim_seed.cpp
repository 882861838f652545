// Write a fuzzing seed from a real response: the same JSON, compact, with every array cut to
// its first two elements and its last, and optionally only the keys a parser reads, so that
// mutations stay fast yet keep each shape.
#include <cstddef>
#include <exception>
#include <fstream>
#include <iostream>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

namespace {

constexpr std::size_t kKeptFromTheStart = 2;
constexpr std::string_view kKeyEntryPrefix = "key_";

// Read the names of a dictionary's key_<name>= entries: the keys the parsers read.
std::set<std::string> KeysOf(const char* dictionary_path) {
  std::set<std::string> keys;
  std::ifstream in(dictionary_path);
  for (std::string line; std::getline(in, line);) {
    const auto equals = line.find('=');
    if (line.rfind(kKeyEntryPrefix, 0) != 0 || equals == std::string::npos) continue;
    keys.insert(line.substr(kKeyEntryPrefix.size(), equals - kKeyEntryPrefix.size()));
  }
  return keys;
}

// Cut every array below `value` to its first elements and its last, in place; with `keys`,
// drop every object member whose name is not among them.
void Trim(nlohmann::json& value, const std::set<std::string>* keys) {
  if (value.is_array() && value.size() > kKeptFromTheStart + 1) {
    nlohmann::json last = value.back();
    value.erase(value.begin() + kKeptFromTheStart, value.end());
    value.push_back(std::move(last));
  }
  if (value.is_object() && keys != nullptr) {
    for (auto it = value.begin(); it != value.end();) {
      it = keys->count(it.key()) > 0 ? std::next(it) : value.erase(it);
    }
  }
  if (value.is_structured()) {
    for (nlohmann::json& child : value) Trim(child, keys);
  }
}

// Write the seed for argv[1] to argv[2]; return the exit status.
int TrimSeed(int argc, char** argv) {
  if (argc != 3 && argc != 4) {
    std::cerr << "usage: trim_seed <response.json> <seed> [<dictionary with key_ entries>]\n";
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  nlohmann::json document = nlohmann::json::parse(in, nullptr, false);
  if (document.is_discarded()) {
    std::cerr << "trim_seed: " << argv[1] << " is not JSON\n";
    return 1;
  }
  const std::set<std::string> keys = argc == 4 ? KeysOf(argv[3]) : std::set<std::string>();
  Trim(document, argc == 4 ? &keys : nullptr);
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
