// dota-sim's responses, in the shapes of OpenDota's real payloads and Dotabuff's pages.
#include "dota/dota_payloads.hpp"

#include <nlohmann/json.hpp>

#include "random.hpp"

namespace riot::dota_sim {

namespace {

using nlohmann::json;

constexpr int kDireFirstSlot = 128;
constexpr uint64_t kLogoBase = 5925135558514068000ULL;  // UGC handles: above 2^53

uint64_t Logo(int64_t team_id) { return kLogoBase + static_cast<uint64_t>(team_id) * 1000; }

json PlayerSlot(const DotaWorld& world, const SimMatch& match, int64_t account_id, int slot,
                bool radiant) {
  Rng rng(HashOf({static_cast<uint64_t>(match.match_id), static_cast<uint64_t>(slot)}));
  const SimAccount& account = world.Accounts().at(account_id);
  const bool won = radiant == match.radiant_win;
  const int kills = static_cast<int>(rng.Int(0, 15));
  const int deaths = static_cast<int>(rng.Int(0, 12));
  const int assists = static_cast<int>(rng.Int(0, 25));
  json player = {{"player_slot", slot},
                 {"hero_id", 1 + static_cast<int>(rng.Int(0, 120))},
                 {"kills", kills},
                 {"deaths", deaths},
                 {"assists", assists},
                 {"last_hits", rng.Int(20, 600)},
                 {"denies", rng.Int(0, 30)},
                 {"gold_per_min", rng.Int(250, 800)},
                 {"xp_per_min", rng.Int(300, 900)},
                 {"level", rng.Int(12, 30)},
                 {"hero_damage", rng.Int(3000, 60000)},
                 {"tower_damage", rng.Int(0, 12000)},
                 {"hero_healing", rng.Int(0, 8000)},
                 {"leaver_status", 0},
                 {"isRadiant", radiant},
                 {"win", won ? 1 : 0},
                 {"lose", won ? 0 : 1},
                 {"radiant_win", match.radiant_win},
                 {"start_time", match.start_time},
                 {"duration", match.duration},
                 {"lobby_type", 1},
                 {"game_mode", 2},
                 {"kda", static_cast<double>(kills + assists) / std::max(deaths, 1)}};
  for (int i = 0; i < 6; ++i) player["item_" + std::to_string(i)] = rng.Int(0, 300);
  if (match.modern) {
    player["net_worth"] = rng.Int(5000, 40000);
    player["item_neutral"] = rng.Int(0, 1000);
    player["team_number"] = radiant ? 0 : 1;
    player["team_slot"] = slot & 0x7F;
  }
  if (account.hides_data) {
    // Anonymous: null in older payloads, the key missing in newer ones; no name either.
    if (!match.modern) player["account_id"] = nullptr;
  } else {
    player["account_id"] = account.account_id;
    player["personaname"] = account.personaname;
    player["name"] = nullptr;
    player["rank_tier"] = account.rank_tier;
  }
  if (match.parsed) {
    player["lane_role"] = 1 + static_cast<int>(rng.Int(0, 3));
    player["gold_t"] = json::array({0, 700, 1500});
  }
  return player;
}

json TeamObject(const SimTeam& team) {
  return {{"team_id", team.team_id},
          {"name", team.name},
          {"tag", team.tag},
          {"logo_url", "https://example.invalid/logos/" + std::to_string(team.team_id) + ".png"}};
}

}  // namespace

std::string MatchJson(const DotaWorld& world, const SimMatch& match) {
  const SimTeam& radiant = world.Teams().at(match.radiant_team_id);
  const SimTeam& dire = world.Teams().at(match.dire_team_id);
  const SimLeague& league = world.Leagues().at(match.league_id);
  json body = {{"match_id", match.match_id},
               {"match_seq_num", match.match_id + 1000000},
               {"start_time", match.start_time},
               {"duration", match.duration},
               {"radiant_win", match.radiant_win},
               {"radiant_score", 10 + match.match_id % 30},
               {"dire_score", 5 + match.match_id % 25},
               {"leagueid", match.league_id},
               {"lobby_type", 1},
               {"game_mode", 2},
               {"cluster", 123},
               {"region", 2},
               {"patch", match.modern ? 56 : 52},
               {"series_id", match.series_id},
               {"series_type", match.series_type},
               {"human_players", 10},
               {"engine", 1},
               {"first_blood_time", 90},
               {"picks_bans", json::array()},
               {"replay_salt", 1234567}};
  if (match.modern) {
    body["radiant_team_id"] = radiant.team_id;
    body["dire_team_id"] = dire.team_id;
    body["radiant_name"] = radiant.name;
    body["dire_name"] = dire.name;
    body["radiant_logo"] = Logo(radiant.team_id);
    body["dire_logo"] = Logo(dire.team_id);
    body["od_data"] = {{"has_api", true},
                       {"has_gcdata", true},
                       {"has_parsed", match.parsed},
                       {"has_archive", false}};
    body["metadata"] = nullptr;
  } else {
    // 2017-2018 shape: only the nested objects name the teams, and only for teams OpenDota knows.
    if (radiant.in_opendota) body["radiant_team"] = TeamObject(radiant);
    if (dire.in_opendota) body["dire_team"] = TeamObject(dire);
  }
  if (league.Covered()) {
    body["league"] = {{"leagueid", league.league_id},
                      {"name", league.name},
                      {"tier", league.tier},
                      {"ticket", nullptr},
                      {"banner", nullptr}};
  }
  if (match.parsed) {
    body["version"] = 22;
    body["chat"] = json::array();
    body["teamfights"] = json::array();
    body["objectives"] = json::array();
    body["radiant_gold_adv"] = json::array({0, 120, -80});
    body["radiant_xp_adv"] = json::array({0, 60, 40});
  }
  json players = json::array();
  for (int k = 0; k < 5; ++k) {
    players.push_back(PlayerSlot(world, match, radiant.roster[k], k, true));
  }
  for (int k = 0; k < 5; ++k) {
    players.push_back(PlayerSlot(world, match, dire.roster[k], kDireFirstSlot + k, false));
  }
  body["players"] = players;
  return body.dump();
}

std::string PlayerJson(const SimAccount& account) {
  return json({{"profile",
                {{"account_id", account.account_id},
                 {"personaname", account.personaname},
                 {"name", nullptr},
                 {"plus", false},
                 {"cheese", 0},
                 {"steamid", std::to_string(76561197960265728LL + account.account_id)},
                 {"avatarfull",
                  "https://example.invalid/avatars/" + std::to_string(account.account_id) + ".jpg"},
                 {"profileurl", "https://steamcommunity.com/profiles/" +
                                    std::to_string(76561197960265728LL + account.account_id) + "/"},
                 {"last_login", nullptr},
                 {"loccountrycode", "SE"},
                 {"status", nullptr},
                 {"fh_unavailable", account.hides_data},
                 {"is_contributor", false},
                 {"is_subscriber", false}}},
               {"rank_tier", account.rank_tier},
               {"leaderboard_rank", nullptr},
               {"computed_mmr", 4000 + account.rank_tier * 20}})
      .dump();
}

std::string WinLossJson(const DotaWorld& world, int64_t account_id) {
  const auto [wins, losses] = world.WinLoss(account_id);
  return json({{"win", wins}, {"lose", losses}}).dump();
}

std::string TeamJson(const DotaWorld& world, int64_t team_id) {
  const SimTeam* team = world.FindTeam(team_id);
  if (team == nullptr || !team->in_opendota) return "";
  int wins = 0;
  int losses = 0;
  for (const SimMatch* m : world.TeamMatches(team_id, std::nullopt)) {
    ((m->radiant_team_id == team_id) == m->radiant_win ? wins : losses)++;
  }
  json body = TeamObject(*team);
  body["rating"] = 1200.5 + static_cast<double>(team_id % 400);
  body["wins"] = wins;
  body["losses"] = losses;
  body["last_match_time"] = nullptr;
  return body.dump();
}

std::string LeagueJson(const DotaWorld& world, int64_t league_id) {
  const auto found = world.Leagues().find(league_id);
  if (found == world.Leagues().end()) return "";
  return json({{"leagueid", league_id},
               {"ticket", nullptr},
               {"banner", nullptr},
               {"tier", found->second.tier},
               {"name", found->second.name}})
      .dump();
}

std::string TeamMatchesJson(const DotaWorld& world, int64_t team_id) {
  json rows = json::array();
  for (const SimMatch* m : world.TeamMatches(team_id, std::nullopt)) {
    const SimLeague& league = world.Leagues().at(m->league_id);
    const int64_t opponent = m->radiant_team_id == team_id ? m->dire_team_id : m->radiant_team_id;
    const SimTeam& other = world.Teams().at(opponent);
    // OpenDota's inner joins: pro-tier leagues and opponents it knows only.
    if (!league.Covered() || !other.in_opendota) continue;
    rows.push_back({{"match_id", m->match_id},
                    {"radiant_win", m->radiant_win},
                    {"radiant", m->radiant_team_id == team_id},
                    {"duration", m->duration},
                    {"start_time", m->start_time},
                    {"leagueid", m->league_id},
                    {"league_name", league.name},
                    {"cluster", 123},
                    {"opposing_team_id", opponent},
                    {"opposing_team_name", other.name},
                    {"opposing_team_logo", nullptr}});
  }
  return rows.dump();
}

std::string LeagueMatchesJson(const DotaWorld& world, int64_t league_id) {
  json rows = json::array();
  const auto found = world.Leagues().find(league_id);
  if (found == world.Leagues().end() || !found->second.Covered()) return rows.dump();
  for (const SimMatch* m : world.LeagueMatches(league_id)) {
    rows.push_back({{"match_id", m->match_id},
                    {"radiant_win", m->radiant_win},
                    {"start_time", m->start_time},
                    {"duration", m->duration},
                    {"leagueid", league_id},
                    {"radiant_team_id", m->radiant_team_id},
                    {"dire_team_id", m->dire_team_id},
                    {"series_id", m->series_id},
                    {"series_type", m->series_type}});
  }
  return rows.dump();
}

std::string LeagueMatchIdsJson(const DotaWorld& world, int64_t league_id) {
  json ids = json::array();
  for (const SimMatch* m : world.LeagueMatches(league_id)) ids.push_back(m->match_id);
  return ids.dump();
}

std::optional<std::string> DotabuffTeamPageHtml(const DotaWorld& world, int64_t team_id, int page) {
  const SimTeam* team = world.FindTeam(team_id);
  if (team == nullptr || page < 1) return std::nullopt;
  const std::vector<const SimMatch*> matches = world.TeamMatches(team_id, std::nullopt);
  const size_t first = static_cast<size_t>(page - 1) * kDotabuffPageSize;
  std::string html = "<!DOCTYPE html><html><head><title>" + team->name +
                     " - Matches - DOTABUFF - Dota 2 Stats</title></head><body>"
                     "<div class=\"header-content-title\"><h1>" +
                     team->name + "<small>Matches</small></h1></div><section><article>";
  if (!matches.empty()) {
    html +=
        "<table class=\"table table-striped recent-esports-matches\"><thead><tr><th>League</th>"
        "<th>Result</th><th>Series</th><th>Duration</th><th>Heroes</th><th>Opponent</th>"
        "</tr></thead><tbody>";
    for (size_t i = first; i < matches.size() && i < first + kDotabuffPageSize; ++i) {
      const SimMatch& m = *matches[i];
      const bool won = (m.radiant_team_id == team_id) == m.radiant_win;
      const std::string league = std::to_string(m.league_id);
      html +=
          "<tr><td><a class=\"esports-league esports-link league-link\" href=\"/esports/leagues/" +
          league + "-league-" + league + "\"><img alt=\"" + world.Leagues().at(m.league_id).name +
          "\"/></a></td><td><div><a class=\"" + (won ? "won" : "lost") + "\" href=\"/matches/" +
          std::to_string(m.match_id) + "\">" + (won ? "Won" : "Lost") +
          " Match</a></div></td><td><div><a href=\"/esports/series/" + std::to_string(m.series_id) +
          "\">Series</a></div></td><td>" + std::to_string(m.duration / 60) + ":" +
          std::to_string(10 + m.duration % 50) + "</td><td></td><td></td></tr>";
    }
    html += "</tbody></table>";
  }
  const bool more = first + kDotabuffPageSize < matches.size();
  html +=
      "<nav class=\"pagination\"><span class=\"page current\">" + std::to_string(page) + "</span>";
  if (more) {
    html += "<span class=\"next\"><a rel=\"next\" href=\"/esports/teams/" +
            std::to_string(team_id) + "/matches?page=" + std::to_string(page + 1) +
            "\">Next</a></span>";
  }
  return html + "</nav></article></section></body></html>";
}

std::string DotabuffChallengeHtml() {
  return "<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>"
         "<div id=\"cf-wrapper\"><noscript>Enable JavaScript and cookies to continue</noscript>"
         "</div></body></html>";
}

std::string TeamsTruthJson(const DotaWorld& world) {
  json teams = json::array();
  for (const auto& [id, team] : world.Teams()) {
    json leagues = json::object();
    for (const SimMatch* m : world.TeamMatches(id, std::nullopt)) {
      leagues[std::to_string(m->league_id)].push_back(m->match_id);
    }
    teams.push_back({{"team_id", id},
                     {"name", team.name},
                     {"in_opendota", team.in_opendota},
                     {"roster", team.roster},
                     {"matches_by_league", leagues}});
  }
  json leagues = json::array();
  for (const auto& [id, league] : world.Leagues()) {
    leagues.push_back({{"league_id", id}, {"name", league.name}, {"tier", league.tier}});
  }
  return json({{"teams", teams}, {"leagues", leagues}}).dump();
}

}  // namespace riot::dota_sim
