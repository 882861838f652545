// dota-sim's world: leagues (pro and amateur), teams with rosters, their series and matches,
// and the players in them, all following from one seed. The ground truth the tests compare
// pg_riot's imports with comes from here (GET /__sim/teams).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace riot::dota_sim {

struct SimLeague {
  int64_t league_id = 0;
  std::string name;
  std::string tier;  // premium, professional (OpenDota covers these) or amateur (it does not)
  bool Covered() const { return tier != "amateur"; }
};

struct SimTeam {
  int64_t team_id = 0;
  std::string name, tag;
  std::vector<int64_t> roster;  // five account ids
  bool in_opendota = true;      // amateur teams are unknown to /teams/{id}
};

struct SimAccount {
  int64_t account_id = 0;
  std::string personaname;
  int rank_tier = 0;
  bool hides_data = false;  // appears anonymous in match payloads
};

struct SimMatch {
  int64_t match_id = 0;  // above 2^32
  int64_t start_time = 0;
  int duration = 0;
  int64_t league_id = 0, series_id = 0;
  int series_type = 0;
  int64_t radiant_team_id = 0, dire_team_id = 0;
  bool radiant_win = false;
  bool modern = true;         // 2019+ payload shape: *_team_id, *_name, *_logo, od_data
  bool parsed = false;        // as now served
  bool parses_later = false;  // becomes parsed on its second fetch (or POST /__sim/parse)
  int fetches = 0;
};

struct WorldConfig {
  uint64_t seed = 42;
  int pro_leagues = 3;
  int amateur_leagues = 2;
  int teams = 12;
  int series_per_league = 6;
};

class DotaWorld {
 public:
  explicit DotaWorld(const WorldConfig& config);

  const std::map<int64_t, SimLeague>& Leagues() const { return leagues_; }
  const std::map<int64_t, SimTeam>& Teams() const { return teams_; }
  const std::map<int64_t, SimAccount>& Accounts() const { return accounts_; }
  const std::map<int64_t, SimMatch>& Matches() const { return matches_; }
  SimMatch* FindMatch(int64_t match_id);
  const SimTeam* FindTeam(int64_t team_id) const;

  // A team's matches, newest first (of one league when given).
  std::vector<const SimMatch*> TeamMatches(int64_t team_id, std::optional<int64_t> league_id) const;
  std::vector<const SimMatch*> LeagueMatches(int64_t league_id) const;
  // The matches an account played, and its wins among them.
  std::pair<int, int> WinLoss(int64_t account_id) const;

 private:
  std::map<int64_t, SimLeague> leagues_;
  std::map<int64_t, SimTeam> teams_;
  std::map<int64_t, SimAccount> accounts_;
  std::map<int64_t, SimMatch> matches_;
};

}  // namespace riot::dota_sim
