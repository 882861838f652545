// The analyzer's input read over SPI (see history_reader.hpp).
#include "history_reader.hpp"

#include <cstdint>
#include <string_view>

#include "cpp_boundary.hpp"

namespace riot {

namespace {

// Time in PostgreSQL counts from 2000-01-01 in microseconds; the analyzer's, like Riot's, is
// Unix milliseconds.
constexpr int64_t kPostgresEpochUnixMs =
    static_cast<int64_t>(POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE) * SECS_PER_DAY * 1000;

int64_t UnixMs(TimestampTz time) { return time / 1000 + kPostgresEpochUnixMs; }

// A text cell, pointing into the SPI tuple table (valid until it is freed); empty when NULL.
struct TextCell {
  const char* data = nullptr;
  std::size_t size = 0;
  std::string_view View() const { return {data, size}; }
};

// One row's cells; the reads only detoast, under PgCall.
class Row {
 public:
  Row(HeapTuple tuple, TupleDesc desc) : tuple_(tuple), desc_(desc) {}

  std::optional<Datum> Cell(int column) const {
    bool null = false;
    const Datum value = SPI_getbinval(tuple_, desc_, column, &null);
    return null ? std::nullopt : std::optional<Datum>(value);
  }
  int32 Int(int column) const {
    const auto cell = Cell(column);
    return cell ? DatumGetInt32(*cell) : 0;
  }
  double Double(int column) const {
    const auto cell = Cell(column);
    return cell ? DatumGetFloat8(*cell) : 0;
  }
  bool Bool(int column) const {
    const auto cell = Cell(column);
    return cell && DatumGetBool(*cell);
  }
  TimestampTz Timestamp(int column) const {
    const auto cell = Cell(column);
    return cell ? DatumGetTimestampTz(*cell) : 0;
  }
  TextCell Text(int column) const {
    const auto cell = Cell(column);
    if (!cell) return {};
    const text* value = DatumGetTextPP(*cell);
    return {VARDATA_ANY(value), VARSIZE_ANY_EXHDR(value)};
  }

 private:
  HeapTuple tuple_;
  TupleDesc desc_;
};

// Run `sql` with the puuids as $1 (text[]); its rows stay in SPI_tuptable until FreeRows().
uint64 Run(const char* sql, const std::vector<std::string>& puuids) {
  return PgCall([&] {
    auto* elements = static_cast<Datum*>(palloc(sizeof(Datum) * (puuids.size() + 1)));
    for (std::size_t i = 0; i < puuids.size(); i++) {
      elements[i] = PointerGetDatum(
          cstring_to_text_with_len(puuids[i].data(), static_cast<int>(puuids[i].size())));
    }
    Oid type = TEXTARRAYOID;
    Datum array = PointerGetDatum(construct_array(elements, static_cast<int>(puuids.size()),
                                                  TEXTOID, -1, false, TYPALIGN_INT));
    const int status = SPI_execute_with_args(sql, 1, &type, &array, nullptr, true, 0);
    if (status != SPI_OK_SELECT) {
      elog(ERROR, "pg_riot: reading player histories failed: %s", SPI_result_code_string(status));
    }
    return SPI_processed;
  });
}

// Read every row of SPI_tuptable into `cells` with `read`, under one PgCall, then free the rows.
template <typename Cells, typename Read>
std::vector<Cells> TakeRows(uint64 count, Read read) {
  std::vector<Cells> cells(count);
  PgCall([&] {
    for (uint64 i = 0; i < count; i++) {
      cells[i] = read(Row(SPI_tuptable->vals[i], SPI_tuptable->tupdesc));
    }
  });
  return cells;
}

void FreeRows() {
  PgCall([] { SPI_freetuptable(SPI_tuptable); });
}

// riot._analyzer_players: a row per player and rank snapshot.
constexpr const char* kPlayersSql =
    "SELECT puuid, summoner_level, tier, division, league_points, wins, losses, observed_at "
    "FROM riot._analyzer_players($1)";

struct PlayerCells {
  TextCell puuid;
  std::optional<int32> level;
  bool ranked = false;
  TextCell tier, division;
  int32 league_points = 0, wins = 0, losses = 0;
  TimestampTz observed_at = 0;
};

PlayerCells ReadPlayer(const Row& row) {
  PlayerCells cells;
  cells.puuid = row.Text(1);
  if (row.Cell(2)) cells.level = row.Int(2);
  cells.ranked = row.Cell(8).has_value();
  cells.tier = row.Text(3);
  cells.division = row.Text(4);
  cells.league_points = row.Int(5);
  cells.wins = row.Int(6);
  cells.losses = row.Int(7);
  cells.observed_at = row.Timestamp(8);
  return cells;
}

// riot._analyzer_games: a row per player and game.
constexpr const char* kGamesSql =
    "SELECT puuid, game_start, queue_id, duration_seconds, win, kills, deaths, assists, cs, "
    "vision_score, team_position, lobby_kda, lobby_cspm, damage_share "
    "FROM riot._analyzer_games($1)";

struct GameCells {
  TextCell puuid, position;
  TimestampTz start = 0;
  int32 queue_id = 0, duration_s = 0, kills = 0, deaths = 0, assists = 0, cs = 0, vision = 0;
  bool win = false;
  double lobby_kda = 0, lobby_cspm = 0, damage_share = 0;
};

GameCells ReadGame(const Row& row) {
  GameCells cells;
  cells.puuid = row.Text(1);
  cells.start = row.Timestamp(2);
  cells.queue_id = row.Int(3);
  cells.duration_s = row.Int(4);
  cells.win = row.Bool(5);
  cells.kills = row.Int(6);
  cells.deaths = row.Int(7);
  cells.assists = row.Int(8);
  cells.cs = row.Int(9);
  cells.vision = row.Int(10);
  cells.position = row.Text(11);
  cells.lobby_kda = row.Double(12);
  cells.lobby_cspm = row.Double(13);
  cells.damage_share = row.Double(14);
  return cells;
}

}  // namespace

Histories ReadHistories(const std::vector<std::string>& puuids) {
  Histories found;
  found.reserve(puuids.size());
  for (const PlayerCells& cells : TakeRows<PlayerCells>(Run(kPlayersSql, puuids), ReadPlayer)) {
    StoredHistory& stored = found[std::string(cells.puuid.View())];
    stored.history.summoner_level = cells.level;
    if (!cells.ranked) continue;
    stored.history.ranks.push_back({std::string(cells.tier.View()),
                                    std::string(cells.division.View()), cells.league_points,
                                    cells.wins, cells.losses, UnixMs(cells.observed_at)});
  }
  FreeRows();
  for (const GameCells& cells : TakeRows<GameCells>(Run(kGamesSql, puuids), ReadGame)) {
    const auto player = found.find(std::string(cells.puuid.View()));
    if (player == found.end()) continue;
    StoredHistory& stored = player->second;
    stored.history.games.push_back({UnixMs(cells.start), cells.queue_id, cells.duration_s,
                                    cells.win, cells.kills, cells.deaths, cells.assists, cells.cs,
                                    cells.vision, std::string(cells.position.View()),
                                    cells.lobby_kda, cells.lobby_cspm, cells.damage_share});
    if (!stored.newest_game || cells.start > *stored.newest_game) stored.newest_game = cells.start;
  }
  FreeRows();
  for (auto& entry : found) analysis::OrderHistory(entry.second.history);
  return found;
}

}  // namespace riot
