// sync_player: resolve a Riot ID, record level and rank, list the match ids and fan out one
// fetch_match child per match not stored yet; the final step records the totals.
#pragma once

#include "engine/job_handler.hpp"

namespace riot {

std::unique_ptr<JobHandler> MakeSyncPlayerJob(JobServices& services, Job job);

}  // namespace riot
