// The smurf analysis of one player: the variants, the verdict, and the JSON form of a result.
#include "analysis/analysis.hpp"

#include <cstdio>

#include "engine/error.hpp"

namespace riot::analysis {

void CheckVariant(std::string_view variant) {
  if (variant == "pg_riot" || variant == "reference") return;
  throw Error("unknown analyzer variant \"" + std::string(variant) + "\"",
              sqlstate::kInvalidParameterValue, {}, "Use 'pg_riot' (the default) or 'reference'.");
}

Analysis Analyze(const PlayerHistory& history, std::string_view variant) {
  CheckVariant(variant);
  return variant == "pg_riot" ? AnalyzePgRiot(history) : AnalyzeReference(history);
}

std::string_view VerdictName(Verdict verdict) {
  switch (verdict) {
    case Verdict::kNotSmurf:
      return "not_smurf";
    case Verdict::kSmurfLow:
      return "smurf_low";
    case Verdict::kSmurfMedium:
      return "smurf_medium";
    case Verdict::kSmurfHigh:
      return "smurf_high";
    case Verdict::kInsufficientData:
    default:
      return "insufficient_data";
  }
}

Verdict VerdictOf(double total, double low, double medium, double high) {
  if (total >= high) return Verdict::kSmurfHigh;
  if (total >= medium) return Verdict::kSmurfMedium;
  if (total >= low) return Verdict::kSmurfLow;
  return Verdict::kNotSmurf;
}

std::string Fixed(double value, int digits) {
  char text[32];
  std::snprintf(text, sizeof(text), "%.*f", digits, value);
  return text;
}

double WeightedTotal(const std::vector<Score>& scores) {
  double weighted = 0, weights = 0;
  for (const Score& score : scores) {
    weighted += score.value * score.weight;
    weights += score.weight;
  }
  return weights > 0 ? weighted / weights : 0;
}

nlohmann::json EncodeScores(const std::vector<Score>& scores) {
  nlohmann::json encoded = nlohmann::json::array();
  for (const Score& score : scores) {
    encoded.push_back({{"name", score.name},
                       {"weight", score.weight},
                       {"value", score.value},
                       {"basis", score.basis},
                       {"reason", score.reason}});
  }
  return encoded;
}

nlohmann::json EncodeAnalysis(const Analysis& analysis) {
  return {{"variant", analysis.variant},
          {"total", analysis.total},
          {"verdict", VerdictName(analysis.verdict)},
          {"matches_used", analysis.matches_used},
          {"scores", EncodeScores(analysis.scores)}};
}

}  // namespace riot::analysis
