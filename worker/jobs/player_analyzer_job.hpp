// player_analyzer: the scheduled run that fetches matches for discovered players, scores them
// for smurfing and checks suspected smurfs for bans.
#pragma once

#include <memory>

#include "engine/job_handler.hpp"

namespace riot {

std::unique_ptr<JobHandler> MakePlayerAnalyzerJob(JobServices& services, Job job);

}  // namespace riot
