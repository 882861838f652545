// Test helpers: the "shape" of a JSON document (every key path, array indices collapsed, with
// its JSON types), the fixture directory, and a small world to generate from.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "world.hpp"

namespace riot::test {

struct PathTypes {
  std::set<std::string> types;  // object, array, string, number, boolean, null
  bool fractional = false;      // some number at this path has a fraction
};
using Shape = std::map<std::string, PathTypes>;

// Collect every (path, type) of `json`: "info.participants[].challenges.kda" -> {number}.
Shape ShapeOf(const nlohmann::json& json);

// Differences between a fixture's shape and a generated one, as readable lines; paths for which
// `allowed(path)` is true may be missing on either side. A generated number may have a fraction
// only where `fractional` (the union over all fixtures of one kind) has one: real payloads send
// whole "float" values as integers, so one fixture alone can show a float field as integers.
std::string CompareShapes(const Shape& fixture, const Shape& generated,
                          const std::set<std::string>& fractional,
                          bool (*allowed)(const std::string&));
// The paths whose numbers have a fraction in at least one of `shapes`.
std::set<std::string> FractionalPaths(const std::vector<Shape>& shapes);

// The fixture directory (RIOT_FIXTURES_DIR), or nullopt when it is absent.
std::optional<std::string> FixturesDir();
nlohmann::json ReadJsonFile(const std::string& path);

// A generated match like the fixture's: same queue, start time, platform and humans vs bots.
MatchRecord RecordLikeFixture(const nlohmann::json& fixture);

// A small deterministic world (the well-known players plus `players` more).
const World& SmallWorld();

}  // namespace riot::test
