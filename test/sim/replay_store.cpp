// Load the files behind --replay.
#include "replay_store.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace riot {

namespace {

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::vector<std::filesystem::path> JsonFiles(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  if (!std::filesystem::is_directory(dir)) return files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().extension() == ".json")
      files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// Parse the facts the world needs from one real match file.
ReplayMatch Describe(const std::filesystem::path& path, const nlohmann::json& json,
                     std::string body) {
  ReplayMatch match;
  match.match_id = json.at("metadata").at("matchId").get<std::string>();
  const size_t underscore = match.match_id.find('_');
  const auto platform = FindPlatformByMatchPrefix(match.match_id.substr(0, underscore));
  if (underscore == std::string::npos || !platform) {
    throw std::runtime_error(path.string() + ": match id " + match.match_id +
                             " has no known platform");
  }
  match.platform = *platform;
  match.game_id = std::stoll(match.match_id.substr(underscore + 1));
  const auto& info = json.at("info");
  match.start_ms = info.value("gameStartTimestamp", int64_t{0});
  const int64_t end_ms = info.value("gameEndTimestamp", int64_t{0});
  if (match.start_ms == 0) match.start_ms = end_ms;  // the aborted shape has only an end
  match.duration_s = static_cast<int32_t>(std::max<int64_t>(0, (end_ms - match.start_ms) / 1000));
  match.queue_id = info.value("queueId", 0);
  match.humans = json.at("metadata").at("participants").size();
  match.match_json = std::move(body);
  return match;
}

}  // namespace

ReplayStore ReplayStore::Load(const std::string& dir) {
  const std::filesystem::path root(dir);
  std::vector<std::filesystem::path> files = JsonFiles(root);
  for (const char* sub : {"match", "timeline"}) {
    const auto nested = JsonFiles(root / sub);
    files.insert(files.end(), nested.begin(), nested.end());
  }
  ReplayStore store;
  std::map<std::string, std::string> timelines;
  for (const auto& path : files) {
    std::string body = ReadFile(path);
    nlohmann::json json;
    try {
      json = nlohmann::json::parse(body);
    } catch (const nlohmann::json::exception& e) {
      throw std::runtime_error(path.string() + ": " + e.what());
    }
    if (!json.is_object() || !json.contains("metadata") || !json.contains("info")) continue;
    if (json["info"].contains("frames")) {
      timelines[json["metadata"].value("matchId", "")] = std::move(body);
    } else {
      store.matches_.push_back(Describe(path, json, std::move(body)));
    }
  }
  for (ReplayMatch& match : store.matches_) {
    const auto timeline = timelines.find(match.match_id);
    if (timeline != timelines.end()) match.timeline_json = std::move(timeline->second);
  }
  if (store.matches_.empty()) throw std::runtime_error("no match JSON files in " + dir);
  return store;
}

}  // namespace riot
