// noop: a job that finishes at once; the queue benchmarks measure the queue itself with it.
#pragma once

#include <memory>

#include "engine/job_handler.hpp"

namespace riot {

std::unique_ptr<JobHandler> MakeNoopJob(JobServices& services, Job job);

}  // namespace riot
