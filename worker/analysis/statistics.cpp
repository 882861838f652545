// Small statistics the scores share.
#include "analysis/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace riot::analysis {

double Mean(const std::vector<double>& values) {
  if (values.empty()) return 0;
  return std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
}

double StdDev(const std::vector<double>& values) {
  if (values.size() < 2) return 0;
  const double mean = Mean(values);
  double squares = 0;
  for (const double value : values) squares += (value - mean) * (value - mean);
  return std::sqrt(squares / static_cast<double>(values.size()));
}

double Clamp01(double value) { return std::clamp(value, 0.0, 1.0); }

double WilsonLowerBound(int successes, int trials, double z) {
  if (trials <= 0) return 0;
  const double n = trials;
  const double p = successes / n;
  const double z2 = z * z;
  const double centre = p + z2 / (2 * n);
  const double margin = z * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n));
  return (centre - margin) / (1 + z2 / n);
}

double NormalizedEntropy(const std::vector<int>& counts) {
  const int kinds =
      static_cast<int>(std::count_if(counts.begin(), counts.end(), [](int c) { return c > 0; }));
  if (kinds < 2) return 0;
  const double total = std::accumulate(counts.begin(), counts.end(), 0.0);
  double entropy = 0;
  for (const int count : counts) {
    if (count <= 0) continue;
    const double p = count / total;
    entropy -= p * std::log(p);
  }
  return entropy / std::log(static_cast<double>(counts.size()));
}

}  // namespace riot::analysis
