// fetch_match: fetch one match (and its timeline when asked) and store it in its own
// transaction; a payload that cannot be stored fails this match, not the sync.
#pragma once

#include "engine/job_handler.hpp"

namespace riot {

std::unique_ptr<JobHandler> MakeFetchMatchJob(JobServices& services, Job job);

}  // namespace riot
