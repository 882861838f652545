// tracked_player_updater: the scheduled run that keeps tracked players' matches and ranks up to
// date and discovers the players they play with.
#pragma once

#include <memory>

#include "engine/job_handler.hpp"

namespace riot {

std::unique_ptr<JobHandler> MakeTrackedPlayerUpdaterJob(JobServices& services, Job job);

}  // namespace riot
