// fetch_match: fetch one match (and its timeline when asked) and store it in its own
// transaction; a payload that cannot be stored fails this match, not the sync.
#include "jobs/fetch_match_job.hpp"

#include <ctime>

#include "engine/error.hpp"
#include "riot/match_rows.hpp"
#include "riot/percent_encoding.hpp"
#include "riot/routing.hpp"

namespace riot {

namespace {

// Epoch milliseconds as an ISO 8601 UTC timestamp PostgreSQL reads; null when absent.
nlohmann::json Timestamp(const std::optional<long long>& epoch_ms) {
  if (!epoch_ms) return nullptr;
  const std::time_t seconds = static_cast<std::time_t>(*epoch_ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[40];
  const size_t length = std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%S", &utc);
  return std::string(text, length) + "." + std::to_string(1000 + *epoch_ms % 1000).substr(1) + "Z";
}

template <typename T>
nlohmann::json OrNull(const std::optional<T>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

nlohmann::json MatchJson(const MatchRow& m) {
  return {{"match_id", m.match_id},
          {"platform", m.platform},
          {"game_id", m.game_id},
          {"queue_id", m.queue_id},
          {"game_mode", m.game_mode},
          {"game_type", m.game_type},
          {"game_version", m.game_version},
          {"map_id", m.map_id},
          {"game_creation", Timestamp(m.game_creation_ms)},
          {"game_start", Timestamp(m.game_start_ms)},
          {"game_end", Timestamp(m.game_end_ms)},
          {"duration_seconds", m.duration_seconds},
          {"winning_team", OrNull(m.winning_team)},
          {"end_of_game_result", OrNull(m.end_of_game_result)}};
}

nlohmann::json ParticipantsJson(const std::vector<ParticipantRow>& participants) {
  nlohmann::json rows = nlohmann::json::array();
  for (const ParticipantRow& p : participants) {
    rows.push_back({{"match_id", p.match_id},
                    {"puuid", p.puuid},
                    {"participant_id", p.participant_id},
                    {"is_bot", p.is_bot},
                    {"riot_id_game_name", OrNull(p.riot_id_game_name)},
                    {"riot_id_tagline", OrNull(p.riot_id_tagline)},
                    {"champion_id", p.champion_id},
                    {"champion_name", p.champion_name},
                    {"team_id", p.team_id},
                    {"subteam_id", OrNull(p.subteam_id)},
                    {"placement", OrNull(p.placement)},
                    {"team_position", OrNull(p.team_position)},
                    {"kills", p.kills},
                    {"deaths", p.deaths},
                    {"assists", p.assists},
                    {"cs", p.cs},
                    {"gold_earned", p.gold_earned},
                    {"damage_to_champions", p.damage_to_champions},
                    {"damage_taken", p.damage_taken},
                    {"vision_score", p.vision_score},
                    {"champion_level", p.champion_level},
                    {"items", p.items},
                    {"win", p.win}});
  }
  return rows;
}

class FetchMatchJob final : public JobHandler {
 public:
  using JobHandler::JobHandler;

  void Start() override {
    match_id_ = job_.args.at("match_id").get<std::string>();
    with_timeline_ = job_.args.value("with_timelines", false);
    const auto platform = PlatformOfMatch(match_id_);
    if (!platform) {
      return FailJob("match id \"" + match_id_ + "\" names no known platform", false);
    }
    region_ = std::string(platform->region);
    path_ = "/lol/match/v5/matches/" + PercentEncodePathSegment(match_id_);
    Get(region_, "match-v5.getMatch", path_, [this](const ApiResponse& r) { OnMatch(r); });
  }

 private:
  void OnMatch(const ApiResponse& response) {
    if (!RequireOk(response)) return;
    const auto payload = nlohmann::json::parse(response.body, nullptr, false);
    // A body cut short in transit is worth another try; a well-formed one we can't store isn't.
    if (payload.is_discarded()) return FailJob("match-v5.getMatch: malformed JSON body", true);
    MatchRows rows;
    try {
      rows = ParseMatch(payload);
    } catch (const Error& e) {
      return FailJob(std::string(e.what()) + (e.Detail().empty() ? "" : ": " + e.Detail()), false);
    }
    services_.db.Query(
        "SELECT riot._store_match($1::jsonb, $2::jsonb, $3::jsonb)",
        {MatchJson(rows.match).dump(), ParticipantsJson(rows.participants).dump(), response.body});
    if (!with_timeline_) return Complete(nullptr);
    Get(region_, "match-v5.getTimeline", path_ + "/timeline",
        [this](const ApiResponse& r) { OnTimeline(r); });
  }

  void OnTimeline(const ApiResponse& response) {
    if (!RequireOk(response)) return;
    if (nlohmann::json::parse(response.body, nullptr, false).is_discarded()) {
      return FailJob("match-v5.getTimeline: malformed JSON body", true);
    }
    services_.db.Query("SELECT riot._store_timeline($1, $2::jsonb)", {match_id_, response.body});
    Complete(nullptr);
  }

  std::string match_id_;
  std::string region_;
  std::string path_;
  bool with_timeline_ = false;
};

}  // namespace

std::unique_ptr<JobHandler> MakeFetchMatchJob(JobServices& services, Job job) {
  return std::make_unique<FetchMatchJob>(services, std::move(job));
}

}  // namespace riot
