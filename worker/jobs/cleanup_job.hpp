// cleanup: the scheduled job that enforces the retentions: execution rows, raw payloads, anomalies.
#pragma once

#include <memory>

#include "engine/job_handler.hpp"

namespace riot {

std::unique_ptr<JobHandler> MakeCleanupJob(JobServices& services, Job job);

}  // namespace riot
