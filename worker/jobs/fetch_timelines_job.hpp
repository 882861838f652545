// fetch_timelines: riot.fetch_timelines queues it with a fetch_match child (timeline_only) per
// stored match lacking its timeline; the worker runs only its final step.
#pragma once

#include <memory>

#include "engine/job_handler.hpp"

namespace riot {

std::unique_ptr<JobHandler> MakeFetchTimelinesJob(JobServices& services, Job job);

}  // namespace riot
