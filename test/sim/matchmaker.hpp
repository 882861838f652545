// Builds the world's match history: players ask for games in evening sessions, and each game
// takes the asking player plus the players whose next request comes soonest, so participants
// overlap, every player's count follows their activity, and nobody is in two games at once.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <set>
#include <vector>

#include "random.hpp"
#include "world_types.hpp"

namespace riot {

class Matchmaker {
 public:
  // `add_match` stores a finished MatchRecord and returns its index.
  using AddMatch = std::function<uint32_t(MatchRecord)>;

  Matchmaker(uint64_t seed, int64_t history_start_ms, const std::vector<PlayerRecord>& players);

  // Form every game that starts at or before `until_ms`.
  void RunUntil(int64_t until_ms, const std::vector<PlayerRecord>& players,
                const AddMatch& add_match);

 private:
  struct Request {
    int64_t time_ms;
    uint32_t player;
    bool operator<(const Request& other) const {
      return time_ms != other.time_ms ? time_ms < other.time_ms : player < other.player;
    }
  };
  struct PlayerState {
    Rng rng{0};
    int64_t busy_until_ms = 0;
    int64_t pending_ms = kNever;  // the time of the player's request in `pending`, if any
  };
  struct PlatformState {
    std::set<Request> pending;
    std::vector<uint32_t> members;  // every player of the platform
    Rng filler_rng{0};
    int64_t next_sequence = 0;
  };

  enum class Next : uint8_t { kFirst, kInSession };
  // Queue the player's next request after `after_ms`: the first one, or one in the same session
  // (or, often, after a break).
  void Schedule(const PlayerRecord& player, int64_t after_ms, Next next);
  int ChooseQueue(const PlayerRecord& player, int64_t at_ms);
  void FormGame(const Request& anchor, const std::vector<PlayerRecord>& players,
                const AddMatch& add_match);
  // Up to `wanted` requests due within the pull window, soonest first, of players free at `at_ms`.
  std::vector<Request> TakeSoonest(PlatformState& platform, int64_t at_ms, size_t wanted,
                                   const std::vector<PlayerRecord>& players);
  // Up to `wanted` players free at `at_ms` who join a game they did not ask for, the more
  // active the likelier; none of them is in `taken`.
  std::vector<uint32_t> PickFillers(PlatformState& platform, int64_t at_ms, size_t wanted,
                                    const std::vector<Request>& taken,
                                    const std::vector<PlayerRecord>& players);
  MatchRecord MakeRecord(int queue_id, int64_t start_ms, std::vector<uint32_t> humans,
                         const std::vector<PlayerRecord>& players);

  uint64_t seed_;
  std::vector<PlayerState> states_;
  std::vector<PlatformState> platforms_;
};

}  // namespace riot
