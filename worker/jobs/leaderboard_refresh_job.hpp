// leaderboard_refresh: the scheduled job that refreshes the apex ladders (league-v4 challenger,
// grandmaster and master leagues) into riot.leaderboards, with their history.
#pragma once

#include <memory>

#include "engine/job_handler.hpp"

namespace riot {

std::unique_ptr<JobHandler> MakeLeaderboardRefreshJob(JobServices& services, Job job);

}  // namespace riot
