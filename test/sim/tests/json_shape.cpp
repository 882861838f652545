// Shape extraction and comparison for the fixture tests.
#include "json_shape.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace riot::test {

namespace {

const char* TypeName(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::object:
      return "object";
    case nlohmann::json::value_t::array:
      return "array";
    case nlohmann::json::value_t::string:
      return "string";
    case nlohmann::json::value_t::boolean:
      return "boolean";
    case nlohmann::json::value_t::null:
      return "null";
    default:
      return "number";
  }
}

void Walk(const nlohmann::json& value, const std::string& path, Shape& shape) {
  PathTypes& here = shape[path];
  here.types.insert(TypeName(value));
  if (value.is_number_float()) here.fractional = true;
  if (value.is_object()) {
    for (const auto& [key, child] : value.items())
      Walk(child, path.empty() ? key : path + "." + key, shape);
  } else if (value.is_array()) {
    for (const auto& child : value) Walk(child, path + "[]", shape);
  }
}

std::string Join(const std::set<std::string>& items) {
  std::string text;
  for (const auto& item : items) text += (text.empty() ? "" : "|") + item;
  return text;
}

}  // namespace

Shape ShapeOf(const nlohmann::json& json) {
  Shape shape;
  Walk(json, "", shape);
  return shape;
}

std::set<std::string> FractionalPaths(const std::vector<Shape>& shapes) {
  std::set<std::string> paths;
  for (const Shape& shape : shapes) {
    for (const auto& [path, types] : shape) {
      if (types.fractional) paths.insert(path);
    }
  }
  return paths;
}

std::string CompareShapes(const Shape& fixture, const Shape& generated,
                          const std::set<std::string>& fractional,
                          bool (*allowed)(const std::string&)) {
  std::ostringstream diff;
  for (const auto& [path, types] : fixture) {
    const auto it = generated.find(path);
    if (it == generated.end()) {
      if (!allowed(path)) diff << "missing: " << path << " (" << Join(types.types) << ")\n";
      continue;
    }
    if (it->second.types != types.types) {
      diff << "types differ: " << path << " fixture " << Join(types.types) << " generated "
           << Join(it->second.types) << "\n";
    }
    if (it->second.fractional && !fractional.count(path)) {
      diff << "fraction where every fixture has integers: " << path << "\n";
    }
  }
  for (const auto& [path, types] : generated) {
    if (!fixture.count(path) && !allowed(path))
      diff << "extra: " << path << " (" << Join(types.types) << ")\n";
  }
  return diff.str();
}

std::optional<std::string> FixturesDir() {
  const std::string dir = RIOT_FIXTURES_DIR;
  if (dir.empty() || !std::filesystem::is_directory(dir + "/match")) return std::nullopt;
  return dir;
}

nlohmann::json ReadJsonFile(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return nlohmann::json::parse(text.str());
}

MatchRecord RecordLikeFixture(const nlohmann::json& fixture) {
  const auto& info = fixture["info"];
  MatchRecord match;
  const std::string id = fixture["metadata"]["matchId"];
  match.platform = *FindPlatformByMatchPrefix(id.substr(0, id.find('_')));
  match.game_id = std::stoll(id.substr(id.find('_') + 1));
  match.queue_id = info["queueId"];
  match.start_ms = info["gameStartTimestamp"];
  match.duration_s = static_cast<int32_t>(info["gameDuration"].get<int64_t>());
  match.winning_team = kRedTeam;
  for (const auto& team : info["teams"]) {
    if (team["win"].get<bool>() && team["teamId"] == kBlueTeam) match.winning_team = kBlueTeam;
  }
  const size_t humans = fixture["metadata"]["participants"].size();
  for (size_t i = 0; i < humans; ++i) match.players.push_back(static_cast<uint32_t>(10 + i));
  for (size_t i = humans; i < info["participants"].size(); ++i) match.players.push_back(kBotPlayer);
  if (info["participants"].empty()) {  // the aborted shape keeps only its end time
    match.flags = kMatchAborted;
    match.queue_id = 420;
    match.duration_s = 1800;
    match.start_ms = info["gameEndTimestamp"].get<int64_t>() - int64_t{match.duration_s} * 1000;
  }
  return match;
}

const World& SmallWorld() {
  static const World world = [] {
    WorldConfig config;
    config.players = 200;
    config.seed = 7;
    return World(config);
  }();
  return world;
}

}  // namespace riot::test
