// Tune the pg_riot analyzer variant on training worlds: read the players analyzer_accuracy.sh
// dumps (DUMP=DIR, one JSON line per scored player: riot-sim's smurf label and the history the
// analyzer scored), then search the weights, ranges and cut-off of PgRiotTuning for the best F1
// of "smurf" with a precision of at least 0.92, no score weighing more than 35 % of the total,
// by coordinate search from the current tuning.
// Prints the tuning found as C++ to put in worker/analysis/pg_riot_scores.cpp.
// Usage: build/test/bench/tune_analyzer DIR/seed-101.jsonl DIR/seed-102.jsonl ...
#include <algorithm>
#include <exception>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "analysis/analysis.hpp"

namespace {

using riot::analysis::PgRiotTuning;

struct Player {
  bool smurf;
  riot::analysis::PlayerHistory history;
};

struct Counts {
  int tp = 0, fp = 0, fn = 0;
  double Precision() const { return tp + fp > 0 ? static_cast<double>(tp) / (tp + fp) : 0; }
  double Recall() const { return tp + fn > 0 ? static_cast<double>(tp) / (tp + fn) : 0; }
  double F1() const {
    const double p = Precision(), r = Recall();
    return p + r > 0 ? 2 * p * r / (p + r) : 0;
  }
};

constexpr double kMinPrecision = 0.92;  // aim above the 0.9 target, for unseen worlds

Counts Evaluate(const std::vector<Player>& players, const PgRiotTuning& tuning) {
  Counts counts;
  for (const Player& player : players) {
    const auto analysis = riot::analysis::AnalyzePgRiot(player.history, tuning);
    if (analysis.verdict == riot::analysis::Verdict::kInsufficientData) continue;
    const bool judged = analysis.verdict != riot::analysis::Verdict::kNotSmurf;
    if (judged && player.smurf) ++counts.tp;
    if (judged && !player.smurf) ++counts.fp;
    if (!judged && player.smurf) ++counts.fn;
  }
  return counts;
}

// No score may carry more than this share of the total weight: a verdict needs several signals,
// so that no one habit (playing a lot, say) makes a smurf.
constexpr double kMaxWeightShare = 0.35;

bool Balanced(const PgRiotTuning& tuning) {
  double total = 0;
  for (const double weight : tuning.weight) total += weight;
  for (const double weight : tuning.weight) {
    if (weight > kMaxWeightShare * total) return false;
  }
  return true;
}

double Objective(const Counts& counts) {
  const double shortfall = std::max(0.0, kMinPrecision - counts.Precision());
  return counts.F1() - 3 * shortfall;
}

void Print(const PgRiotTuning& t) {
  auto row = [](const std::array<double, 9>& values, const char* what) {
    std::cout << "    {";
    for (size_t i = 0; i < values.size(); ++i) {
      std::cout << (i ? ", " : "") << values[i];
    }
    std::cout << "},  // " << what << "\n";
  };
  std::cout << "const PgRiotTuning kPgRiotTuning = {\n";
  row(t.weight, "weight");
  row(t.from, "from: value 0");
  row(t.to, "to: value 1");
  std::cout << "    " << t.low << ", " << t.medium << ", " << t.high << "};\n";
}

// Search the tuning on the worlds named by argv and print it; return the exit status.
int Tune(int argc, char** argv) {
  std::vector<std::vector<Player>> worlds;
  std::vector<Player> all;
  for (int i = 1; i < argc; ++i) {
    std::ifstream in(argv[i]);
    std::vector<Player> world;
    for (std::string line; std::getline(in, line);) {
      const auto row = nlohmann::json::parse(line);
      world.push_back(
          {row.at("smurf").get<bool>(), riot::analysis::ParsePlayerHistory(row.at("history"))});
    }
    all.insert(all.end(), world.begin(), world.end());
    worlds.push_back(std::move(world));
  }
  if (all.empty()) {
    std::cerr << "usage: tune_analyzer SEED.jsonl...\n";
    return 2;
  }
  PgRiotTuning best = riot::analysis::kPgRiotTuning;
  double best_score = Objective(Evaluate(all, best));
  std::cerr << "start: F1 " << Evaluate(all, best).F1() << "\n";
  const std::vector<double> weight_steps = {0.5, 0.75, 1.25, 1.5, 2.0};
  const std::vector<double> range_steps = {-0.3, -0.15, -0.05, 0.05, 0.15, 0.3};
  for (int round = 0; round < 8; ++round) {
    bool improved = false;
    auto consider = [&](const PgRiotTuning& candidate) {
      if (!Balanced(candidate)) return;
      const double score = Objective(Evaluate(all, candidate));
      if (score > best_score + 1e-9) {
        best_score = score;
        best = candidate;
        improved = true;
      }
    };
    for (size_t i = 0; i < 9; ++i) {
      for (const double step : weight_steps) {
        PgRiotTuning candidate = best;
        candidate.weight[i] = std::max(0.0, candidate.weight[i] * step);
        consider(candidate);
      }
      const double span = best.to[i] - best.from[i];
      for (const double step : range_steps) {
        PgRiotTuning candidate = best;
        candidate.from[i] += step * span;
        consider(candidate);
        candidate = best;
        candidate.to[i] += step * span;
        if (candidate.to[i] != candidate.from[i]) consider(candidate);
      }
    }
    for (const double step : {-0.05, -0.02, -0.01, 0.01, 0.02, 0.05}) {
      PgRiotTuning candidate = best;
      candidate.low += step;
      consider(candidate);
    }
    const Counts counts = Evaluate(all, best);
    std::cerr << "round " << round << ": P " << counts.Precision() << " R " << counts.Recall()
              << " F1 " << counts.F1() << "\n";
    if (!improved) break;
  }
  // The confidence cut-offs split the range above `low` evenly.
  best.medium = best.low + (1 - best.low) / 3;
  best.high = best.low + 2 * (1 - best.low) / 3;
  for (size_t w = 0; w < worlds.size(); ++w) {
    const Counts counts = Evaluate(worlds[w], best);
    std::cout << "// " << argv[w + 1] << ": P " << counts.Precision() << " R " << counts.Recall()
              << " F1 " << counts.F1() << " (tp " << counts.tp << ", fp " << counts.fp << ", fn "
              << counts.fn << ")\n";
  }
  Print(best);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return Tune(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "tune_analyzer: " << e.what() << "\n";
    return 1;
  }
}
