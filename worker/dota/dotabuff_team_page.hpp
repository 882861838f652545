// A Dotabuff esports team's matches page (/esports/teams/{id}/matches?page=N), read with
// libxml2's HTML parser: the matches listed, their leagues, and whether a next page exists.
// Selection is by element, class and link target, never by column position or regex.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace riot::dota {

struct DotabuffMatch {
  long long match_id = 0;                // from the row's href="/matches/{id}"
  std::optional<long long> league_id;    // from href="/esports/leagues/{id}-{slug}"
  std::optional<bool> won;               // a.won / a.lost
  std::optional<std::string> played_at;  // <time datetime>, ISO 8601
};

struct DotabuffTeamPage {
  std::optional<std::string> team_name;  // the header's h1, without its <small>
  std::vector<DotabuffMatch> matches;    // newest first, as listed
  bool has_next_page = false;            // nav.pagination has span.next
};

// Throws riot::Error 22023 when the page is a challenge or block page (Cloudflare's "Just a
// moment", cf-chl): a clear failure, never zero matches. A page with the team header and no
// table is a team without matches.
DotabuffTeamPage ParseDotabuffTeamPage(std::string_view html);

}  // namespace riot::dota
