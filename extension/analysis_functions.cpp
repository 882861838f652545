// SQL functions of the player analyzer: the C++ scoring of worker/analysis behind SQL.
#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "analysis/analysis.hpp"
#include "cpp_boundary.hpp"
#include "history_reader.hpp"

namespace riot {

namespace {

// riot._score_player(history jsonb, variant text) -> jsonb: the nine scores and the verdict of
// a history in its JSON form.
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

// Players read and scored at a time: bounds the rows and results held at once, and keeps each
// read set-based.
constexpr std::size_t kPlayersPerChunk = 2000;

// The distinct non-NULL elements of a text[] argument.
std::vector<std::string> DistinctTexts(FunctionCallInfo fcinfo, int arg) {
  Datum* elements = nullptr;
  bool* nulls = nullptr;
  int count = 0;
  PgCall([&] {
    deconstruct_array(PG_GETARG_ARRAYTYPE_P(arg), TEXTOID, -1, false, TYPALIGN_INT, &elements,
                      &nulls, &count);
    for (int i = 0; i < count; i++) {
      if (!nulls[i]) elements[i] = PointerGetDatum(DatumGetTextPP(elements[i]));
    }
  });
  std::vector<std::string> texts;
  texts.reserve(count);
  for (int i = 0; i < count; i++) {
    if (nulls[i]) continue;
    const text* value = DatumGetTextPP(elements[i]);  // already detoasted above
    texts.emplace_back(VARDATA_ANY(value), VARSIZE_ANY_EXHDR(value));
  }
  std::sort(texts.begin(), texts.end());
  texts.erase(std::unique(texts.begin(), texts.end()), texts.end());
  return texts;
}

// One result row of riot._score_players, in the columns' order.
void PutScoredRow(ReturnSetInfo* rsinfo, MemoryContext rows_context, const std::string& puuid,
                  const StoredHistory& stored, const analysis::Analysis& analysis,
                  const std::string& scores) {
  const std::string_view verdict = analysis::VerdictName(analysis.verdict);
  std::array<double, 9> values{};
  for (std::size_t i = 0; i < values.size() && i < analysis.scores.size(); i++) {
    values[i] = analysis.scores[i].value;
  }
  PgCall([&] {
    MemoryContext caller = MemoryContextSwitchTo(rows_context);
    Datum score_values[9];
    for (std::size_t i = 0; i < values.size(); i++) score_values[i] = Float8GetDatum(values[i]);
    Datum row[7];
    bool nulls[7] = {false, !stored.newest_game, false, false, false, false, false};
    row[0] =
        PointerGetDatum(cstring_to_text_with_len(puuid.data(), static_cast<int>(puuid.size())));
    row[1] = stored.newest_game ? TimestampTzGetDatum(*stored.newest_game) : Datum(0);
    row[2] =
        PointerGetDatum(cstring_to_text_with_len(verdict.data(), static_cast<int>(verdict.size())));
    row[3] = Float8GetDatum(analysis.total);
    row[4] = Int32GetDatum(analysis.matches_used);
    row[5] = PointerGetDatum(construct_array(score_values, 9, FLOAT8OID, sizeof(float8),
                                             FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
    row[6] = DirectFunctionCall1(jsonb_in, CStringGetDatum(scores.c_str()));
    tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, row, nulls);
    MemoryContextSwitchTo(caller);
  });
}

// riot._score_players(puuids text[], variant text) -> the nine scores and the verdict of each
// known player, read from the stored rows (riot._analyzer_players, riot._analyzer_games).
Datum ScorePlayersImpl(FunctionCallInfo fcinfo) {
  const std::vector<std::string> puuids = DistinctTexts(fcinfo, 0);
  const std::string variant =
      PgCall([fcinfo] { return std::string(text_to_cstring(PG_GETARG_TEXT_PP(1))); });
  analysis::CheckVariant(variant);
  auto* rsinfo = reinterpret_cast<ReturnSetInfo*>(fcinfo->resultinfo);
  MemoryContext rows_context = PgCall([fcinfo] {
    InitMaterializedSRF(fcinfo, 0);
    if (SPI_connect() != SPI_OK_CONNECT) elog(ERROR, "SPI_connect failed");
    return AllocSetContextCreate(CurrentMemoryContext, "pg_riot scored rows",
                                 ALLOCSET_DEFAULT_SIZES);
  });
  for (std::size_t first = 0; first < puuids.size(); first += kPlayersPerChunk) {
    PgCall([] { CHECK_FOR_INTERRUPTS(); });
    const std::vector<std::string> chunk(
        puuids.begin() + static_cast<std::ptrdiff_t>(first),
        puuids.begin() +
            static_cast<std::ptrdiff_t>(std::min(first + kPlayersPerChunk, puuids.size())));
    for (const auto& [puuid, stored] : ReadHistories(chunk)) {
      const analysis::Analysis analysis = analysis::Analyze(stored.history, variant);
      PutScoredRow(rsinfo, rows_context, puuid, stored, analysis,
                   analysis::EncodeScores(analysis.scores).dump());
    }
    PgCall([rows_context] { MemoryContextReset(rows_context); });
  }
  PgCall([] { SPI_finish(); });
  return Datum(0);
}

}  // namespace

}  // namespace riot

RIOT_SQL_FUNCTION(riot_score_player, riot::ScorePlayerImpl)
RIOT_SQL_FUNCTION(riot_score_players, riot::ScorePlayersImpl)
