// match-v5 TimelineDto JSON checked for the shape we rely on, summarised: the match, its frame
// and event counts, and the participantId to PUUID list.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace riot {

// What a timeline holds, once its frames and events are known to be well formed.
struct TimelineRows {
  std::string match_id;                         // metadata.matchId
  long long frame_interval_ms = 0;              // info.frameInterval: 60000, 0 in aborted games
  std::size_t frames = 0;                       // info.frames
  std::size_t events = 0;                       // events across every frame
  std::vector<std::string> participant_puuids;  // info.participants in payload order; [] if absent
};

// Parse a TimelineDto. Throws riot::Error (22023 "invalid timeline payload", detail naming the
// key path) when a frame or event lacks or mistypes what the shape needs; unknown keys and
// unknown event types are ignored. The string overloads only break the ambiguity a string has
// between nlohmann::json's converting constructor and std::string_view.
TimelineRows ParseTimeline(const nlohmann::json& timeline);
TimelineRows ParseTimeline(std::string_view body);
inline TimelineRows ParseTimeline(const std::string& body) {
  return ParseTimeline(std::string_view(body));
}
inline TimelineRows ParseTimeline(const char* body) {
  return ParseTimeline(std::string_view(body));
}

}  // namespace riot
