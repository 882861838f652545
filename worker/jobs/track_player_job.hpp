// track_player: resolve a Riot ID (account-v1), store the player and mark them tracked.
#pragma once

#include <memory>

#include "engine/job_handler.hpp"

namespace riot {

std::unique_ptr<JobHandler> MakeTrackPlayerJob(JobServices& services, Job job);

}  // namespace riot
