// dota-sim's world, generated from one seed.
#include "dota/dota_world.hpp"

#include <algorithm>

#include "random.hpp"

namespace riot::dota_sim {

namespace {

constexpr int64_t kFirstLeague = 15000;
constexpr int64_t kFirstTeam = 9500000;
constexpr int64_t kFirstAccount = 110000000;
constexpr int64_t kFirstMatch = 7900000000;   // above 2^32, as every match since late 2018
constexpr int64_t kSeasonStart = 1704067200;  // 2024-01-01
constexpr int64_t kModernFrom = 1735689600;   // 2025-01-01: newer payload shape from here
constexpr int kRoster = 5;

const char* const kTeamWords[] = {"Maple", "Storm", "Iron",  "Night", "Solar", "Frost",
                                  "Ember", "Void",  "Quick", "Grey",  "Royal", "Wild"};
const char* const kTeamNouns[] = {"Syrup", "Wolves", "Giants", "Owls", "Kings", "Ravens"};

}  // namespace

DotaWorld::DotaWorld(const WorldConfig& config) {
  Rng rng(HashOf({config.seed, 0xd07a}));
  const int leagues = config.pro_leagues + config.amateur_leagues;
  for (int i = 0; i < leagues; ++i) {
    SimLeague league;
    league.league_id = kFirstLeague + int64_t{37} * i;
    const bool amateur = i >= config.pro_leagues;
    league.tier = amateur ? "amateur" : (i % 2 == 0 ? "premium" : "professional");
    league.name = (amateur ? "Amateur Cup " : "Pro Series ") + std::to_string(i + 1);
    leagues_[league.league_id] = league;
  }
  for (int i = 0; i < config.teams; ++i) {
    SimTeam team;
    team.team_id = kFirstTeam + int64_t{193} * i;
    team.name = std::string(kTeamWords[i % 12]) + " " + kTeamNouns[(i / 2) % 6];
    team.tag = team.name.substr(0, 2) + std::to_string(i);
    team.in_opendota = i % 3 != 2;  // a third are amateur teams OpenDota does not know
    for (int k = 0; k < kRoster; ++k) {
      SimAccount account;
      account.account_id = kFirstAccount + int64_t{1000} * i + int64_t{7} * k;
      account.personaname = team.tag + " player " + std::to_string(k + 1);
      account.rank_tier = static_cast<int>(rng.Int(5, 8)) * 10 + static_cast<int>(rng.Int(1, 5));
      account.hides_data = rng.Chance(0.1);
      accounts_[account.account_id] = account;
      team.roster.push_back(account.account_id);
    }
    teams_[team.team_id] = team;
  }
  // Series between pairs of teams in every league; matches numbered in time order.
  std::vector<SimMatch> all;
  int64_t series_id = 900000;
  std::vector<int64_t> team_ids;
  for (const auto& [id, team] : teams_) team_ids.push_back(id);
  for (const auto& [league_id, league] : leagues_) {
    for (int s = 0; s < config.series_per_league; ++s) {
      const auto a = static_cast<size_t>(rng.Int(0, static_cast<int64_t>(team_ids.size()) - 1));
      auto b = static_cast<size_t>(rng.Int(0, static_cast<int64_t>(team_ids.size()) - 2));
      if (b >= a) ++b;
      const int series_type = static_cast<int>(rng.Int(0, 3));  // single, BO3, BO5, BO2
      const int games = series_type == 0   ? 1
                        : series_type == 1 ? 2 + static_cast<int>(rng.Int(0, 1))
                        : series_type == 2 ? 3 + static_cast<int>(rng.Int(0, 2))
                                           : 2;
      int64_t start = kSeasonStart + rng.Int(0, int64_t{2} * 365) * 86400 + rng.Int(10, 22) * 3600;
      ++series_id;
      for (int g = 0; g < games; ++g) {
        SimMatch match;
        match.start_time = start;
        match.duration = static_cast<int>(rng.Int(int64_t{20} * 60, int64_t{55} * 60));
        start += match.duration + int64_t{15} * 60;
        match.league_id = league_id;
        match.series_id = series_id;
        match.series_type = series_type;
        match.radiant_team_id = team_ids[g % 2 == 0 ? a : b];
        match.dire_team_id = team_ids[g % 2 == 0 ? b : a];
        match.radiant_win = rng.Chance(0.5);
        match.modern = match.start_time >= kModernFrom;
        match.parsed = rng.Chance(0.6);
        match.parses_later = !match.parsed && rng.Chance(0.5);
        all.push_back(match);
      }
    }
  }
  std::sort(all.begin(), all.end(),
            [](const SimMatch& x, const SimMatch& y) { return x.start_time < y.start_time; });
  for (size_t i = 0; i < all.size(); ++i) {
    all[i].match_id = kFirstMatch + static_cast<int64_t>(i) * 1009;
    matches_[all[i].match_id] = all[i];
  }
}

SimMatch* DotaWorld::FindMatch(int64_t match_id) {
  auto found = matches_.find(match_id);
  return found == matches_.end() ? nullptr : &found->second;
}

const SimTeam* DotaWorld::FindTeam(int64_t team_id) const {
  auto found = teams_.find(team_id);
  return found == teams_.end() ? nullptr : &found->second;
}

std::vector<const SimMatch*> DotaWorld::TeamMatches(int64_t team_id,
                                                    std::optional<int64_t> league_id) const {
  std::vector<const SimMatch*> found;
  for (auto it = matches_.rbegin(); it != matches_.rend(); ++it) {
    const SimMatch& m = it->second;
    if ((m.radiant_team_id == team_id || m.dire_team_id == team_id) &&
        (!league_id || m.league_id == *league_id)) {
      found.push_back(&m);
    }
  }
  return found;
}

std::vector<const SimMatch*> DotaWorld::LeagueMatches(int64_t league_id) const {
  std::vector<const SimMatch*> found;
  for (const auto& [id, m] : matches_) {
    if (m.league_id == league_id) found.push_back(&m);
  }
  return found;
}

std::pair<int, int> DotaWorld::WinLoss(int64_t account_id) const {
  int wins = 0;
  int losses = 0;
  for (const auto& [id, m] : matches_) {
    for (const int64_t team_id : {m.radiant_team_id, m.dire_team_id}) {
      const SimTeam& team = teams_.at(team_id);
      if (std::find(team.roster.begin(), team.roster.end(), account_id) == team.roster.end())
        continue;
      const bool won = (team_id == m.radiant_team_id) == m.radiant_win;
      (won ? wins : losses)++;
    }
  }
  return {wins, losses};
}

}  // namespace riot::dota_sim
