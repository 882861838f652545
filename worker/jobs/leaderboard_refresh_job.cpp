// leaderboard_refresh: for every configured platform (or, by default, every platform a tracked
// player plays on) and ranked queue, the three apex tiers are asked at once; a ladder whose three
// answers all arrived and parsed is stored whole, one that lost any is left as it was (a partial
// ladder would make its missing players leave it) and counted as failed; such a failure does not
// fail the run.
#include "jobs/leaderboard_refresh_job.hpp"

#include <string>
#include <vector>

#include "jobs/scheduled_job.hpp"
#include "riot/api_paths.hpp"
#include "riot/ladder_rows.hpp"
#include "riot/riot_store.hpp"
#include "riot/routing.hpp"

namespace riot {

namespace {

struct Tier {
  const char* method;
  const char* path_segment;
};
constexpr Tier kApexTiers[] = {{api::kChallengerLeague, "challengerleagues"},
                               {api::kGrandmasterLeague, "grandmasterleagues"},
                               {api::kMasterLeague, "masterleagues"}};

class LeaderboardRefreshJob final : public ScheduledJob {
 public:
  using ScheduledJob::ScheduledJob;

 private:
  struct Ladder {
    std::string platform;
    std::string queue_type;
    std::vector<LadderRows> tiers;
    int open_requests = 0;
    bool failed = false;
  };

  void Run() override {
    std::vector<std::string> platforms = Config().at("platforms").get<std::vector<std::string>>();
    if (platforms.empty()) platforms = store_.LadderPlatforms();
    for (const std::string& platform : platforms) {
      if (!FindPlatform(platform))
        continue;  // a platform the config checks, pg_riot no longer knows
      for (const auto& queue : Config().at("queues").get<std::vector<std::string>>()) {
        ladders_.push_back(Ladder{platform, queue, {}, 0, false});
      }
    }
    Progress("fetching ladders", 0, static_cast<int64_t>(ladders_.size()));
    for (size_t index = 0; index < ladders_.size(); ++index) {
      for (const Tier& tier : kApexTiers) {
        ++ladders_[index].open_requests;
        Get(ladders_[index].platform, tier.method,
            api::ApexLeaguePath(tier.path_segment, ladders_[index].queue_type),
            [this, index](const ApiResponse& r) { OnTier(index, r); });
      }
    }
    if (ladders_.empty()) Finish();
  }

  void OnTier(size_t index, const ApiResponse& response) {
    Ladder& ladder = ladders_[index];
    if (response.outcome != Outcome::kOk) {
      ladder.failed = true;
    } else {
      try {
        ladder.tiers.push_back(ParseLadder(response.body));
      } catch (const Error&) {
        ladder.failed = true;  // a payload we can't read: this ladder stays as it was
      }
    }
    if (--ladder.open_requests > 0) return;
    if (ladder.failed) {
      ++ladders_failed_;
    } else {
      const nlohmann::json changed =
          store_.StoreLadder(ladder.platform, ladder.queue_type, ladder.tiers);
      ++ladders_refreshed_;
      entries_ += changed.at("entries").get<int64_t>();
      entered_ += changed.at("entered").get<int64_t>();
      moved_ += changed.at("moved").get<int64_t>();
      left_ += changed.at("left").get<int64_t>();
      history_rows_ += changed.at("history_rows").get<int64_t>();
    }
    if (++ladders_done_ == ladders_.size()) return Finish();
    Progress("fetching ladders", static_cast<int64_t>(ladders_done_),
             static_cast<int64_t>(ladders_.size()));
  }

  void Finish() {
    Complete({{"metrics",
               {{"ladders_refreshed", ladders_refreshed_},
                {"ladders_failed", ladders_failed_},
                {"entries", entries_},
                {"players_entered", entered_},
                {"players_moved", moved_},
                {"players_left", left_},
                {"records_created", history_rows_},
                {"records_updated", entries_}}}});
  }

  RiotStore store_{services_.db};
  std::vector<Ladder> ladders_;
  size_t ladders_done_ = 0;
  int64_t ladders_refreshed_ = 0;
  int64_t ladders_failed_ = 0;
  int64_t entries_ = 0;
  int64_t entered_ = 0;
  int64_t moved_ = 0;
  int64_t left_ = 0;
  int64_t history_rows_ = 0;
};

}  // namespace

std::unique_ptr<JobHandler> MakeLeaderboardRefreshJob(JobServices& services, Job job) {
  return std::make_unique<LeaderboardRefreshJob>(services, std::move(job));
}

}  // namespace riot
