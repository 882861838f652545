// Deterministic pseudo-random numbers for the simulated world: a SplitMix64 stream and mixing
// helpers, so that every generated value follows from (seed, what, which) and nothing else.
#pragma once

#include <cmath>
#include <cstdint>
#include <initializer_list>

namespace riot {

// Mix one 64-bit value into a well-spread hash (SplitMix64 finaliser).
constexpr uint64_t Mix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// Hash a list of values into one seed: HashOf({seed, kMatchSalt, match_id}).
inline uint64_t HashOf(std::initializer_list<uint64_t> parts) {
  uint64_t h = 0x51a7e5eedULL;
  for (uint64_t part : parts) h = Mix64(h ^ part);
  return h;
}

// A small, fast, copyable random stream.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}

  uint64_t Next() {
    state_ += 0x9e3779b97f4a7c15ULL;
    uint64_t z = state_;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }

  // Uniform in [0, 1).
  double Real() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

  // Uniform integer in [lo, hi] (inclusive); lo when hi < lo.
  int64_t Int(int64_t lo, int64_t hi) {
    if (hi <= lo) return lo;
    const auto span = static_cast<uint64_t>(hi - lo) + 1;
    return lo + static_cast<int64_t>(Next() % span);
  }

  double Real(double lo, double hi) { return lo + (hi - lo) * Real(); }
  bool Chance(double p) { return Real() < p; }

  // Standard normal deviate (Box-Muller).
  double Normal() {
    const double u1 = 1.0 - Real();
    const double u2 = Real();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }

  double Normal(double mean, double stddev) { return mean + stddev * Normal(); }

  // Exponential deviate with the given mean.
  double Exponential(double mean) { return -mean * std::log(1.0 - Real()); }

  // Index into a container of n elements.
  size_t Index(size_t n) { return n == 0 ? 0 : static_cast<size_t>(Next() % n); }

 private:
  uint64_t state_;
};

}  // namespace riot
