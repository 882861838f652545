// match-v5 TimelineDto JSON checked and summarised.
#include "riot/timeline_rows.hpp"

#include "riot/json_fields.hpp"

namespace riot {

namespace {

constexpr const char* kInvalidTimeline = "invalid timeline payload";

// Check one event: every event type carries a string type and a timestamp (ms since start).
void CheckEvent(const JsonFields& event) {
  event.String("type");
  event.Int64("timestamp");
}

// Check one frame and return how many events it holds.
std::size_t CheckFrame(const JsonFields& frame) {
  frame.Int64("timestamp");
  // participantFrames is keyed by participantId as a string; it is null in an aborted game's
  // only frame (EUW1_6834713231, 2024), so absent and null are both accepted.
  const auto participant_frames = frame.Json().find("participantFrames");
  if (participant_frames != frame.Json().end() && !participant_frames->is_null()) {
    JsonFields(*participant_frames, frame.PathOf("participantFrames"), kInvalidTimeline);
  }
  const std::string events_path = frame.PathOf("events");
  const nlohmann::json& events = frame.Array("events");
  for (std::size_t i = 0; i < events.size(); ++i) {
    CheckEvent(JsonFields(events[i], JsonFields::ElementPath(events_path, i), kInvalidTimeline));
  }
  return events.size();
}

}  // namespace

TimelineRows ParseTimeline(const nlohmann::json& timeline) {
  const JsonFields root(timeline, "", kInvalidTimeline);
  const JsonFields metadata = root.Object("metadata");
  const JsonFields info = root.Object("info");

  TimelineRows rows;
  rows.match_id = metadata.NonEmptyString("matchId");
  rows.frame_interval_ms = info.Int64("frameInterval");

  const std::string frames_path = info.PathOf("frames");
  const nlohmann::json& frames = info.Array("frames");
  rows.frames = frames.size();
  for (std::size_t i = 0; i < frames.size(); ++i) {
    rows.events += CheckFrame(
        JsonFields(frames[i], JsonFields::ElementPath(frames_path, i), kInvalidTimeline));
  }

  // Optional in the spec, [] in an aborted game; with metadata.participants it maps the
  // participantFrames keys to players.
  if (const nlohmann::json* participants = info.OptionalArray("participants")) {
    const std::string path = info.PathOf("participants");
    rows.participant_puuids.reserve(participants->size());
    for (std::size_t i = 0; i < participants->size(); ++i) {
      const JsonFields participant((*participants)[i], JsonFields::ElementPath(path, i),
                                   kInvalidTimeline);
      participant.Int("participantId");
      rows.participant_puuids.push_back(participant.NonEmptyString("puuid"));
    }
  }
  return rows;
}

TimelineRows ParseTimeline(std::string_view body) {
  return ParseTimeline(ParseJsonBody(body, kInvalidTimeline));
}

}  // namespace riot
