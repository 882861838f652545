// cleanup: the scheduled job that deletes execution rows older than their retention.
#pragma once

#include <memory>

#include "engine/job_handler.hpp"

namespace riot {

std::unique_ptr<JobHandler> MakeCleanupJob(JobServices& services, Job job);

}  // namespace riot
