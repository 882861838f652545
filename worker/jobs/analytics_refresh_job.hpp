// analytics_refresh: the scheduled job that counts newly stored matches and timelines into the
// aggregates and looks for anomalies in them (riot._refresh_analytics_batch, one transaction per
// batch).
#pragma once

#include <memory>

#include "engine/job_handler.hpp"

namespace riot {

std::unique_ptr<JobHandler> MakeAnalyticsRefreshJob(JobServices& services, Job job);

}  // namespace riot
