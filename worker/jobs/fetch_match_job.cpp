// fetch_match: fetch one match (and its timeline when asked) and store it in the transaction
// that finishes the job; a payload that cannot be stored fails this match, not the sync. A
// timeline Riot does not have (404) is recorded as missing: the match is stored, the job succeeds.
// With timeline_only (riot.fetch_timelines) the match is stored already: only its timeline is
// asked.
#include "jobs/fetch_match_job.hpp"

#include "engine/error.hpp"
#include "riot/api_paths.hpp"
#include "riot/match_rows.hpp"
#include "riot/riot_client.hpp"
#include "riot/riot_store.hpp"
#include "riot/routing.hpp"
#include "riot/timeline_rows.hpp"

namespace riot {

namespace {

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
    if (job_.args.value("timeline_only", false)) return GetTimeline();  // riot.fetch_timelines
    Get(region_, api::kMatch, api::MatchPath(match_id_),
        [this](const ApiResponse& r) { OnMatch(r); });
  }

 private:
  void OnMatch(const ApiResponse& response) {
    if (!RequireOk(response)) return;
    const std::optional<MatchRows> rows = ParseOrFail<MatchRows>(response, ParseMatch);
    if (!rows) return;
    if (!with_timeline_) return StoreAndComplete([&] { store_.StoreMatch(*rows, response.body); });
    store_.StoreMatch(*rows, response.body);
    GetTimeline();
  }

  void GetTimeline() {
    Get(region_, api::kTimeline, api::TimelinePath(match_id_),
        [this](const ApiResponse& r) { OnTimeline(r); });
  }

  void OnTimeline(const ApiResponse& response) {
    if (response.status == kHttpNotFound) {
      return StoreAndComplete([&] { store_.TimelineMissing(match_id_); },
                              {{"timeline", "missing"}});
    }
    if (!RequireOk(response)) return;
    if (!ParseOrFail<TimelineRows>(response, ParseTimeline)) return;
    StoreAndComplete([&] { store_.StoreTimeline(match_id_, response.body); });
  }

  // Store and finish the job in one transaction: one commit per match instead of two. Should
  // the commit itself fail, the attempt is left to its lease, and retried.
  template <typename Store>
  void StoreAndComplete(Store store, const nlohmann::json& result = nullptr) {
    services_.db.Transaction([&] {
      store();
      Complete(result);
    });
  }

  RiotStore store_{services_.db};
  std::string match_id_;
  std::string region_;
  bool with_timeline_ = false;
};

}  // namespace

std::unique_ptr<JobHandler> MakeFetchMatchJob(JobServices& services, Job job) {
  return std::make_unique<FetchMatchJob>(services, std::move(job));
}

}  // namespace riot
