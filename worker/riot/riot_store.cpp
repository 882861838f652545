// The typed store of Riot data: typed rows in, one SQL function call out.
#include "riot/riot_store.hpp"

namespace riot {

namespace {

SqlValue OrNull(const std::optional<std::string>& value) {
  return value ? SqlValue(*value) : SqlValue();
}

}  // namespace

void RiotStore::StorePlayer(const AccountRow& account, std::string_view platform) {
  db_.Query(
      "SELECT riot._store_player($1, $2, $3, $4)",
      {account.puuid, OrNull(account.game_name), OrNull(account.tag_line), std::string(platform)});
}

void RiotStore::StoreSummoner(const SummonerRow& summoner) {
  db_.Query("SELECT riot._store_player($1, NULL, NULL, NULL, $2::jsonb)",
            {summoner.puuid, EncodeSummonerRow(summoner).dump()});
}

int RiotStore::StoreRanks(const std::string& puuid, const std::vector<RankRow>& ranks) {
  const auto rows =
      db_.Query("SELECT riot._store_ranks($1, $2::jsonb)", {puuid, EncodeRankRows(ranks).dump()});
  return rows.empty() || !rows[0][0] ? 0 : std::stoi(*rows[0][0]);
}

bool RiotStore::StoreMatch(const MatchRows& rows, std::string_view raw_body) {
  return ReturnedTrue(
      db_.Query("SELECT riot._store_match($1::jsonb, $2::jsonb, $3::jsonb)",
                {EncodeMatchRow(rows.match).dump(), EncodeParticipantRows(rows.participants).dump(),
                 std::string(raw_body)}));
}

void RiotStore::StoreTimeline(const std::string& match_id, std::string_view raw_body) {
  db_.Query("SELECT riot._store_timeline($1, $2::jsonb)", {match_id, std::string(raw_body)});
}

void RiotStore::TimelineMissing(const std::string& match_id) {
  db_.Query("SELECT riot._timeline_missing($1)", {match_id});
}

bool RiotStore::FanOutMatches(const Job& job, const std::string& worker,
                              const std::vector<std::string>& match_ids,
                              const nlohmann::json& result, bool with_timelines, int priority) {
  return ReturnedTrue(db_.Query(
      "SELECT riot._fan_out_matches($1::bigint, $2::integer, $3, $4::text[], $5::jsonb, "
      "$6::boolean, $7::integer)",
      {std::to_string(job.id), std::to_string(job.attempt), worker, TextArrayLiteral(match_ids),
       result.dump(), with_timelines ? "true" : "false", std::to_string(priority)}));
}

bool RiotStore::FinishSync(const Job& job, const std::string& worker) {
  return ReturnedTrue(db_.Query("SELECT riot._finish_sync($1::bigint, $2::integer, $3)",
                                {std::to_string(job.id), std::to_string(job.attempt), worker}));
}

bool RiotStore::FinishFetchTimelines(const Job& job, const std::string& worker) {
  return ReturnedTrue(db_.Query("SELECT riot._finish_fetch_timelines($1::bigint, $2::integer, $3)",
                                {std::to_string(job.id), std::to_string(job.attempt), worker}));
}

std::vector<std::string> RiotStore::LadderPlatforms() {
  std::vector<std::string> platforms;
  for (const SqlRow& row : db_.Query("SELECT riot._ladder_platforms()"))
    platforms.push_back(row.at(0).value());
  return platforms;
}

nlohmann::json RiotStore::StoreLadder(const std::string& platform, const std::string& queue_type,
                                      const std::vector<LadderRows>& tiers) {
  const auto rows = db_.Query("SELECT riot._store_ladder($1, $2, $3::jsonb)",
                              {platform, queue_type, EncodeLadderEntries(tiers).dump()});
  return nlohmann::json::parse(rows.at(0).at(0).value());
}

void RiotStore::TrackPlayer(const std::string& puuid) {
  db_.Query("SELECT riot._track($1)", {puuid});
}

std::vector<TrackedPlayer> RiotStore::UpdaterPlayers() {
  std::vector<TrackedPlayer> players;
  for (const SqlRow& row :
       db_.Query("SELECT puuid, platform, newest_game_start FROM riot._updater_players()")) {
    TrackedPlayer player;
    player.puuid = row[0].value_or("");
    player.platform = row[1].value_or("");
    if (row[2]) player.newest_game_start = std::stoll(*row[2]);
    players.push_back(std::move(player));
  }
  return players;
}

void RiotStore::DeactivatePlayer(const std::string& puuid, const std::string& reason) {
  db_.Query("SELECT riot._deactivate_player($1, $2)", {puuid, reason});
}

bool RiotStore::FanOutUpdate(const Job& job, const std::string& worker,
                             const std::vector<std::string>& checked,
                             const std::vector<std::string>& match_ids,
                             const nlohmann::json& counters) {
  return ReturnedTrue(db_.Query(
      "SELECT riot._fan_out_update($1::bigint, $2::integer, $3, $4::text[], $5::text[], $6::jsonb)",
      {std::to_string(job.id), std::to_string(job.attempt), worker, TextArrayLiteral(checked),
       TextArrayLiteral(match_ids), counters.dump()}));
}

bool RiotStore::FinishUpdate(const Job& job, const std::string& worker) {
  return ReturnedTrue(db_.Query("SELECT riot._finish_update($1::bigint, $2::integer, $3)",
                                {std::to_string(job.id), std::to_string(job.attempt), worker}));
}

std::vector<AnalyzerCandidate> RiotStore::AnalyzerFetchCandidates(int target) {
  std::vector<AnalyzerCandidate> candidates;
  for (const SqlRow& row : db_.Query("SELECT puuid, platform, ranked_stored FROM "
                                     "riot._analyzer_fetch_candidates($1::integer)",
                                     {std::to_string(target)})) {
    candidates.push_back(
        {row[0].value_or(""), row[1].value_or(""), std::stoi(row[2].value_or("0"))});
  }
  return candidates;
}

bool RiotStore::FanOutAnalyzer(const Job& job, const std::string& worker,
                               const nlohmann::json& listed, int per_player,
                               const nlohmann::json& counters) {
  return ReturnedTrue(
      db_.Query("SELECT riot._fan_out_analyzer($1::bigint, $2::integer, $3, $4::jsonb, "
                "$5::integer, $6::jsonb)",
                {std::to_string(job.id), std::to_string(job.attempt), worker, listed.dump(),
                 std::to_string(per_player), counters.dump()}));
}

std::pair<int, int> RiotStore::ScoreDue(const std::string& variant, int min_matches,
                                        int max_scored) {
  const auto rows =
      db_.Query("SELECT scored, smurfs FROM riot._score_due($1, $2::integer, $3::integer)",
                {variant, std::to_string(min_matches), std::to_string(max_scored)});
  if (rows.empty()) return {0, 0};
  return {std::stoi(rows[0][0].value_or("0")), std::stoi(rows[0][1].value_or("0"))};
}

std::vector<AnalyzerCandidate> RiotStore::BanCheckCandidates(const std::string& variant,
                                                             const std::string& after) {
  std::vector<AnalyzerCandidate> candidates;
  for (const SqlRow& row :
       db_.Query("SELECT puuid, platform FROM riot._ban_check_candidates($1, $2::interval)",
                 {variant, after})) {
    candidates.push_back({row[0].value_or(""), row[1].value_or(""), 0});
  }
  return candidates;
}

void RiotStore::RecordBanCheck(const std::string& puuid, long status) {
  db_.Query("SELECT riot._record_ban_check($1, $2::integer)", {puuid, std::to_string(status)});
}

bool RiotStore::FinishAnalyzer(const Job& job, const std::string& worker,
                               const nlohmann::json& counters) {
  return ReturnedTrue(
      db_.Query("SELECT riot._finish_analyzer($1::bigint, $2::integer, $3, $4::jsonb)",
                {std::to_string(job.id), std::to_string(job.attempt), worker, counters.dump()}));
}

}  // namespace riot
