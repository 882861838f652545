// The smurf analysis of one player: nine scores in 0..1, each with the value it came from and a
// one-line reason, their weighted total and the verdict. Two variants: "reference" follows the
// system pg_riot replaces exactly; "pg_riot" (the default) is ours.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/player_history.hpp"

namespace riot::analysis {

enum class Verdict { kInsufficientData, kNotSmurf, kSmurfLow, kSmurfMedium, kSmurfHigh };

// One of the nine scores.
struct Score {
  std::string name;    // win_rate, kda, account_level, ...
  double weight = 0;   // in the weighted total
  double value = 0;    // 0..1
  double basis = 0;    // what it was computed from (a win rate, a KDA, a level, ...)
  std::string reason;  // one line a person reads
};

struct Analysis {
  std::string variant;
  std::vector<Score> scores;  // the nine, in a fixed order
  double total = 0;           // sum of value * weight over sum of weight
  Verdict verdict = Verdict::kInsufficientData;
  int matches_used = 0;
};

// The pg_riot variant's knobs: the weight of each of the nine scores, the range that maps what
// each is computed from to 0..1 (value = (basis - from) / (to - from), clamped; from > to for a
// basis where less is more), and the verdict's cut-offs. test/bench/tune_analyzer searches them.
struct PgRiotTuning {
  std::array<double, 9> weight;
  std::array<double, 9> from;
  std::array<double, 9> to;
  double low, medium, high;
};
extern const PgRiotTuning kPgRiotTuning;

// Throws riot::Error 22023 unless variant is "pg_riot" or "reference".
void CheckVariant(std::string_view variant);

// Score a player with a variant ("pg_riot" or "reference"); throws riot::Error 22023 for an
// unknown variant.
Analysis Analyze(const PlayerHistory& history, std::string_view variant);

// The variants' own entry points.
Analysis AnalyzeReference(const PlayerHistory& history);
Analysis AnalyzePgRiot(const PlayerHistory& history, const PgRiotTuning& tuning = kPgRiotTuning);

// "insufficient_data", "not_smurf", "smurf_low", "smurf_medium", "smurf_high".
std::string_view VerdictName(Verdict verdict);

// The verdict of a weighted total by the reference's cut-offs: 0.4 low, 0.6 medium, 0.8 high.
Verdict VerdictOf(double total, double low, double medium, double high);

// A number with `digits` decimals, for the reasons.
std::string Fixed(double value, int digits = 2);

// Sum of value * weight over sum of weight.
double WeightedTotal(const std::vector<Score>& scores);

// [{"name", "weight", "value", "basis", "reason"}, ...]
nlohmann::json EncodeScores(const std::vector<Score>& scores);

// {"variant", "total", "verdict", "matches_used", "scores": EncodeScores(scores)}
nlohmann::json EncodeAnalysis(const Analysis& analysis);

}  // namespace riot::analysis
