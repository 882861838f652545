// Real match and timeline JSON files served unchanged (--replay DIR): every *.json in DIR,
// DIR/match and DIR/timeline; a file with info.frames is a timeline and pairs with its match
// by metadata.matchId.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "platforms.hpp"

namespace riot {

struct ReplayMatch {
  std::string match_id;
  PlatformId platform = 0;
  int64_t game_id = 0;
  int64_t start_ms = 0;
  int32_t duration_s = 0;
  int queue_id = 0;
  size_t humans = 0;          // PUUIDs in metadata.participants
  std::string match_json;     // the file, byte for byte
  std::string timeline_json;  // empty when DIR has no timeline for it
};

class ReplayStore {
 public:
  // Read every match in `dir`; throws std::runtime_error when it holds none or a file is bad.
  static ReplayStore Load(const std::string& dir);

  const std::vector<ReplayMatch>& Matches() const { return matches_; }

 private:
  std::vector<ReplayMatch> matches_;
};

}  // namespace riot
