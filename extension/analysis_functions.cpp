// SQL functions of the player analyzer: the C++ scoring of worker/analysis behind SQL.
#include <string>

#include "analysis/analysis.hpp"
#include "cpp_boundary.hpp"

namespace riot {

namespace {

// riot._score_player(history jsonb, variant text) -> jsonb: the nine scores and the verdict.
Datum ScorePlayerImpl(FunctionCallInfo fcinfo) {
  const std::string history = PgCall([fcinfo] {
    Jsonb* jsonb = PG_GETARG_JSONB_P(0);
    return std::string(JsonbToCString(nullptr, &jsonb->root, static_cast<int>(VARSIZE(jsonb))));
  });
  const std::string variant =
      PgCall([fcinfo] { return std::string(text_to_cstring(PG_GETARG_TEXT_PP(1))); });
  const std::string result =
      analysis::EncodeAnalysis(
          analysis::Analyze(analysis::ParsePlayerHistory(std::string_view(history)), variant))
          .dump();
  return PgCall(
      [&result] { return DirectFunctionCall1(jsonb_in, CStringGetDatum(result.c_str())); });
}

}  // namespace

}  // namespace riot

RIOT_SQL_FUNCTION(riot_score_player, riot::ScorePlayerImpl)
