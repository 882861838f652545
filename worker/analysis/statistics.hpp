// Small statistics the scores share: means, spread, a confidence bound on a rate, entropy.
#pragma once

#include <vector>

namespace riot::analysis {

double Mean(const std::vector<double>& values);    // 0 for none
double StdDev(const std::vector<double>& values);  // population standard deviation; 0 for < 2
double Clamp01(double value);
// The lower bound of the Wilson score interval of `successes` in `trials` at z (1.96: 95 %).
double WilsonLowerBound(int successes, int trials, double z = 1.96);
// Shannon entropy of counts divided by log(number of counts): 0 (one kind) .. 1 (even mix).
double NormalizedEntropy(const std::vector<int>& counts);

}  // namespace riot::analysis
