// The HTTP API and the page. Routes parse and check what the client sent, call one pg_riot
// function or view, and pass its JSON on; errors become {"error", "hint"} with the status that
// says whose fault it was (api_error.hpp).
#include "api_routes.hpp"

#include <chrono>
#include <iostream>
#include <memory>

#include <httplib.h>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "api_error.hpp"
#include "connection_pool.hpp"
#include "job_events.hpp"
#include "page_assets.hpp"
#include "request_checks.hpp"
#include "riot/percent_encoding.hpp"

namespace riot::web {

namespace {

using nlohmann::json;

constexpr char kJsonType[] = "application/json;charset=utf-8";
constexpr int kMaxStreams = 32;  // the rest poll GET /api/jobs/{id}; threads are not unlimited
// Also how soon a stream whose client left is noticed, and its slot freed.
constexpr auto kKeepAliveEvery = std::chrono::seconds(5);

// ---- SQL: everything riot-web asks the database ----------------------------------------------

constexpr char kSync[] =
    "SELECT riot.sync_player($1, $2, $3, year => $4::integer, force => COALESCE($5::boolean, "
    "false))";
constexpr char kJob[] =
    "SELECT to_json(s)::text, j.args ->> 'game_name', j.args ->> 'tag_line', j.args ->> 'platform'"
    "  FROM riot.job_status($1) s JOIN riot.jobs j USING (job_id)";
constexpr char kJobStatus[] =
    "SELECT to_json(s)::text, s.state IN ('succeeded', 'failed', 'cancelled')"
    "  FROM riot.job_status($1) s";
constexpr char kPlayerReport[] = "SELECT riot.player_report($1, $2, $3, $4)::text";
constexpr char kPlayerMatches[] = "SELECT riot.player_matches($1, $2, $3, $4, $5)::text";
constexpr char kQueue[] =
    "SELECT json_build_object("
    "  'queued', COALESCE(sum(q.jobs) FILTER (WHERE q.state = 'queued'), 0),"
    "  'running', COALESCE(sum(q.jobs) FILTER (WHERE q.state = 'running'), 0),"
    "  'kinds', COALESCE(json_agg(json_build_object("
    "      'kind', q.kind, 'state', q.state, 'jobs', q.jobs,"
    "      'oldest_queued_seconds', round(extract(epoch FROM q.oldest_queued_age), 1),"
    "      'finished_last_minute', q.finished_last_minute) ORDER BY q.kind, q.state)"
    "    FILTER (WHERE q.state IN ('queued', 'running') OR q.finished_last_minute > 0), "
    "'[]'))::text"
    "  FROM riot.queue_stats q";
constexpr char kChampions[] =
    "SELECT json_build_object('champions', COALESCE(json_agg(c ORDER BY c.games DESC,"
    "                         c.champion_name, c.patch, c.queue_id, c.team_position), '[]'))::text"
    "  FROM (SELECT * FROM riot.champion_stats"
    "         WHERE ($1::integer IS NULL OR queue_id = $1) AND ($2::text IS NULL OR patch = $2)"
    "         ORDER BY games DESC, champion_name, patch, queue_id, team_position LIMIT $3) c";

// A parameter that may be NULL: libpqxx 6 sends a null pointer as SQL NULL.
using Parameter = std::optional<std::string>;

pqxx::result Execute(pqxx::transaction_base& txn, const char* sql,
                     const std::vector<Parameter>& parameters) {
  std::vector<const char*> values;
  values.reserve(parameters.size());
  for (const Parameter& parameter : parameters) {
    values.push_back(parameter ? parameter->c_str() : nullptr);
  }
  return txn.exec_params(sql, pqxx::prepare::make_dynamic_params(values));
}

// ---- Answers ----------------------------------------------------------------------------------

struct Answer {
  int status = http::kOk;
  std::string body;
};

constexpr char kRetryAfterSeconds[] = "5";
constexpr int kHttpLengthRequired = 411;
constexpr int kHttpUnsupportedMediaType = 415;
constexpr int kHttpRangeNotSatisfiable = 416;

void SendError(httplib::Response& res, const ApiError& error) {
  res.status = error.Status();
  if (res.status == http::kUnauthorized) res.set_header("WWW-Authenticate", "Bearer");
  if (res.status == http::kTooManyRequests || res.status == http::kServiceUnavailable) {
    res.set_header("Retry-After", kRetryAfterSeconds);
  }
  res.set_content(ErrorBody(error), kJsonType);
}

bool IsLoopbackName(const std::string& host) {
  return host == "127.0.0.1" || host == "localhost" || host == "::1";
}

// The host of a Host header or of an Origin's authority: "[::1]:8080" -> "::1".
std::string HostPart(const std::string& authority) {
  if (!authority.empty() && authority.front() == '[') {
    const size_t end = authority.find(']');
    return end == std::string::npos ? authority : authority.substr(1, end - 1);
  }
  return authority.substr(0, authority.find(':'));
}

// Requests refused before their body is read or any route runs. Returns whether it answered.
bool RefusedUpFront(const Options& options, const httplib::Request& req, httplib::Response& res) {
  // httplib limits a body by its Content-Length only: a chunked one could be any size.
  if (req.has_header("Transfer-Encoding")) {
    SendError(res, ApiError(kHttpLengthRequired, "a request body needs a Content-Length",
                            "Send the body whole, at most " + std::to_string(kMaxBodyBytes) +
                                " bytes, without Transfer-Encoding."));
    return true;
  }
  // Byte ranges of JSON are broken JSON, and many ranges multiply an answer in memory.
  if (req.has_header("Range")) {
    res.status = kHttpRangeNotSatisfiable;
    return true;
  }
  const std::string host = req.get_header_value("Host");
  // On 127.0.0.1 only requests addressed to this machine are answered: a web page cannot point
  // a name of its own at 127.0.0.1 (DNS rebinding) and use riot-web through the visitor.
  if (IsLoopbackName(options.host) && !IsLoopbackName(HostPart(host))) {
    SendError(res,
              ApiError(http::kForbidden, "riot-web answers requests addressed to this machine only",
                       "Address it as 127.0.0.1 or localhost, or start it with --listen "
                       "HOST:PORT for another address."));
    return true;
  }
  // No page of another site may act through a visitor's browser.
  if (req.method != "GET" && req.method != "HEAD" && req.has_header("Origin")) {
    const std::string origin = req.get_header_value("Origin");
    const size_t scheme = origin.find("://");
    if (scheme == std::string::npos || origin.substr(scheme + 3) != host) {
      SendError(res, ApiError(http::kForbidden, "requests from another site are refused"));
      return true;
    }
  }
  return false;
}

// Run a route: its Answer, or the error it ended in as {"error", "hint"}.
template <typename Route>
void Answered(httplib::Response& res, const Route& route) {
  res.set_header("Cache-Control", "no-store");
  try {
    Answer answer = route();
    res.status = answer.status;
    res.set_content(answer.body, kJsonType);
  } catch (const ApiError& error) {
    SendError(res, error);
  } catch (const pqxx::sql_error& error) {
    const ApiError answer = FromSqlError(error.sqlstate(), error.what());
    if (answer.Status() >= http::kInternalError) {
      std::cerr << "riot-web: " << error.sqlstate() << " " << error.what() << std::flush;
    }
    SendError(res, answer);
  } catch (const std::exception& error) {
    std::cerr << "riot-web: " << error.what() << '\n' << std::flush;
    SendError(res, ApiError(http::kInternalError, "riot-web failed to answer",
                            "riot-web's log has the cause."));
  }
}

std::optional<std::string> Query(const httplib::Request& req, const char* name) {
  if (!req.has_param(name)) return std::nullopt;
  return req.get_param_value(name);
}

// One JSON value from a one-row query; P0002-like absence is the caller's to word.
std::optional<std::string> JsonOf(ConnectionPool& pool, const char* sql,
                                  const std::vector<Parameter>& parameters) {
  std::optional<std::string> value;
  pool.Run([&](pqxx::connection& connection) {
    pqxx::read_transaction txn(connection);
    const pqxx::result rows = Execute(txn, sql, parameters);
    if (!rows.empty() && !rows[0][0].is_null()) value = rows[0][0].as<std::string>();
  });
  return value;
}

std::string PlayerLink(const std::string& platform, const std::string& name,
                       const std::string& tag) {
  return "/api/players/" + PercentEncodePathSegment(platform) + "/" +
         PercentEncodePathSegment(name) + "/" + PercentEncodePathSegment(tag);
}

// ---- POST /api/sync ---------------------------------------------------------------------------

struct SyncRequest {
  std::string game_name;
  std::string tag_line;
  std::string platform;
  Parameter year;
  Parameter force;
};

std::string RequiredString(const json& body, const char* field) {
  const auto value = body.find(field);
  if (value == body.end() || !value->is_string()) {
    throw ApiError(http::kBadRequest, std::string(field) + " is required, as a string",
                   R"(Send {"game_name": "Hide on bush", "tag_line": "KR1", "platform": "kr"}.)");
  }
  return value->get<std::string>();
}

SyncRequest ParseSyncRequest(const std::string& text) {
  const json body = json::parse(text, nullptr, false);  // invalid UTF-8 is invalid JSON too
  if (body.is_discarded() || !body.is_object()) {
    throw ApiError(http::kBadRequest, "the body is not a JSON object",
                   R"(Send {"game_name": "Hide on bush", "tag_line": "KR1", "platform": "kr"}.)");
  }
  SyncRequest request{RequiredString(body, "game_name"), RequiredString(body, "tag_line"),
                      RequiredString(body, "platform"), std::nullopt, std::nullopt};
  if (const auto year = body.find("year"); year != body.end() && !year->is_null()) {
    if (!year->is_number_integer()) {
      throw ApiError(http::kBadRequest, "year must be a whole number or null");
    }
    request.year = std::to_string(year->get<long long>());
  }
  if (const auto force = body.find("force"); force != body.end() && !force->is_null()) {
    if (!force->is_boolean()) throw ApiError(http::kBadRequest, "force must be true or false");
    request.force = force->get<bool>() ? "true" : "false";
  }
  return request;
}

Answer Sync(ConnectionPool& pool, const SyncRequest& request) {
  json status;
  std::string name;
  std::string tag;
  std::string platform;
  pool.Run([&](pqxx::connection& connection) {
    pqxx::work txn(connection);
    const pqxx::result queued = Execute(
        txn, kSync,
        {request.game_name, request.tag_line, request.platform, request.year, request.force});
    const pqxx::result job = Execute(txn, kJob, {queued[0][0].as<std::string>()});
    txn.commit();
    status = json::parse(job[0][0].as<std::string>());
    name = job[0][1].as<std::string>();
    tag = job[0][2].as<std::string>();
    platform = job[0][3].as<std::string>();
  });
  const std::string id = std::to_string(status["job_id"].get<long long>());
  // The seeds' idempotent answer: a sync that finished within the cooldown is "ready" (200);
  // one queued now, or still running, is "accepted" (202) and its progress is at links.events.
  const bool ready = status["state"] == "succeeded";
  const json body = {{"job_id", status["job_id"]},
                     {"state", status["state"]},
                     {"ready", ready},
                     {"job", status},
                     {"player", {{"game_name", name}, {"tag_line", tag}, {"platform", platform}}},
                     {"links",
                      {{"job", "/api/jobs/" + id},
                       {"events", "/api/jobs/" + id + "/events"},
                       {"player", PlayerLink(platform, name, tag)},
                       {"matches", PlayerLink(platform, name, tag) + "/matches"}}}};
  return {ready ? http::kOk : http::kAccepted, body.dump()};
}

// ---- GET /api/jobs/{id}/events ----------------------------------------------------------------

// One client's stream: the job's state now, then every change, then "end". Events carry
// increasing ids; a state is never sent twice.
class EventStream {
 public:
  EventStream(JobWatcher& watcher, long long job_id, std::string json, bool final)
      : watcher_(watcher), job_id_(job_id), json_(std::move(json)), final_(final) {
    // What the watcher already holds is no newer than the state just read: wait past it.
    seen_ = watcher_.Watch(job_id_);
  }
  ~EventStream() { watcher_.Unwatch(job_id_); }
  EventStream(const EventStream&) = delete;
  EventStream& operator=(const EventStream&) = delete;

  bool Next(httplib::DataSink& sink) {
    if (!started_) {
      started_ = true;
      return Send(sink);
    }
    const std::optional<JobSnapshot> snapshot = watcher_.WaitNewer(
        job_id_, seen_, std::chrono::duration_cast<std::chrono::milliseconds>(kKeepAliveEvery));
    if (!snapshot) {
      static constexpr char kComment[] = ": keep-alive\n\n";
      return sink.is_writable() && sink.write(kComment, sizeof(kComment) - 1);
    }
    seen_ = snapshot->version;
    if (snapshot->json == json_ && !snapshot->final) return true;
    if (!snapshot->json.empty())
      json_ = snapshot->json;  // a job purged unseen keeps our last state
    final_ = snapshot->final;
    return Send(sink);
  }

 private:
  bool Send(httplib::DataSink& sink) {
    const std::string event = "id: " + std::to_string(++sequence_) +
                              "\nevent: " + (final_ ? "end" : "progress") + "\ndata: " + json_ +
                              "\n\n";
    if (!sink.write(event.data(), event.size())) return false;
    if (final_) sink.done();
    return true;
  }

  JobWatcher& watcher_;
  const long long job_id_;
  std::string json_;
  bool final_;
  bool started_ = false;
  uint64_t seen_ = 0;
  int sequence_ = 0;
};

}  // namespace

void Api::Register(httplib::Server& server) {
  server.set_payload_max_length(kMaxBodyBytes);
  server.set_default_headers({{"X-Content-Type-Options", "nosniff"}});
  server.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    return RefusedUpFront(options_, req, res) ? httplib::Server::HandlerResponse::Handled
                                              : httplib::Server::HandlerResponse::Unhandled;
  });

  // Bodies for the statuses httplib answers by itself (no route, too large), as the API's.
  server.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    // A 416 stays empty: a body would be cut to the ranges asked for.
    if (!res.body.empty() || res.status == kHttpRangeNotSatisfiable) return;
    if (res.status == http::kNotFound) {
      SendError(res, ApiError(http::kNotFound, "no such page or endpoint",
                              "The API is under /api: /api/sync, /api/jobs/{id}, /api/players/"
                              "{platform}/{game_name}/{tag_line}, /api/queue, /api/champions."));
    } else if (res.status == http::kPayloadTooLarge) {
      SendError(res, ApiError(http::kPayloadTooLarge, "the request body is too large",
                              "A body has at most " + std::to_string(kMaxBodyBytes) + " bytes."));
    } else {
      SendError(res, ApiError(res.status, "the request was refused"));
    }
  });

  size_t count = 0;
  const PageAsset* assets = PageAssets(&count);
  for (size_t i = 0; i < count; i++) {
    const PageAsset& asset = assets[i];
    server.Get(std::string(asset.path), [&asset](const httplib::Request&, httplib::Response& res) {
      res.set_header("Content-Security-Policy",
                     "default-src 'self'; img-src 'self' data:; style-src 'self'; "
                     "frame-ancestors 'none'");
      res.set_content(std::string(asset.body), std::string(asset.content_type));
    });
  }

  server.Post("/api/sync", [this](const httplib::Request& req, httplib::Response& res) {
    Answered(res, [&] {
      if (!options_.token.empty() &&
          !TokenMatches(options_.token, req.get_header_value("Authorization"))) {
        throw ApiError(http::kUnauthorized, "a token is required to start a sync",
                       "Send the header 'Authorization: Bearer TOKEN' with riot-web's token.");
      }
      // JSON only: a form or text/plain POST is what another site's page can send unasked.
      if (req.get_header_value("Content-Type").rfind("application/json", 0) != 0) {
        throw ApiError(kHttpUnsupportedMediaType, "the body must be JSON",
                       "Send it with the header 'Content-Type: application/json'.");
      }
      return Sync(pool_, ParseSyncRequest(req.body));
    });
  });

  server.Get(R"(/api/jobs/([^/]+))", [this](const httplib::Request& req, httplib::Response& res) {
    Answered(res, [&] {
      const long long id = ParseJobId(req.matches[1].str());
      std::optional<std::string> job = JsonOf(pool_, kJobStatus, {std::to_string(id)});
      if (!job) throw ApiError(http::kNotFound, "job " + std::to_string(id) + " does not exist");
      return Answer{http::kOk, *job};
    });
  });

  server.Get(
      R"(/api/jobs/([^/]+)/events)", [this](const httplib::Request& req, httplib::Response& res) {
        std::string json;
        bool final = false;
        long long id = 0;
        Answered(res, [&] {
          id = ParseJobId(req.matches[1].str());
          pool_.Run([&](pqxx::connection& connection) {
            pqxx::read_transaction txn(connection);
            const pqxx::result rows = Execute(txn, kJobStatus, {std::to_string(id)});
            if (rows.empty()) {
              throw ApiError(http::kNotFound, "job " + std::to_string(id) + " does not exist");
            }
            json = rows[0][0].as<std::string>();
            final = rows[0][1].as<bool>();
          });
          if (streams_.fetch_add(1) >= kMaxStreams) {
            streams_--;
            throw ApiError(http::kServiceUnavailable, "too many event streams are open",
                           "Poll GET /api/jobs/" + std::to_string(id) + " instead.");
          }
          return Answer{};
        });
        if (json.empty() || res.status != http::kOk) return;
        res.headers.erase("Content-Type");  // the stream's own type replaces Answered's JSON one
        auto stream = std::make_shared<EventStream>(watcher_, id, json, final);
        res.set_header("X-Accel-Buffering", "no");  // a proxy in front must not hold events back
        res.set_chunked_content_provider(
            "text/event-stream",
            [stream](size_t, httplib::DataSink& sink) { return stream->Next(sink); },
            [this, stream](bool) mutable {
              stream.reset();
              streams_--;
            });
      });

  const auto player = [](const httplib::Request& req) {
    return std::vector<Parameter>{CheckedSegment(req.matches[2].str(), "game_name"),
                                  CheckedSegment(req.matches[3].str(), "tag_line"),
                                  CheckedSegment(req.matches[1].str(), "platform")};
  };
  server.Get(R"(/api/players/([^/]+)/([^/]+)/([^/]+))",
             [this, player](const httplib::Request& req, httplib::Response& res) {
               Answered(res, [&] {
                 std::vector<Parameter> parameters = player(req);
                 const Parameter zone = Query(req, "tz");
                 parameters.emplace_back(zone ? CheckedSegment(*zone, "tz") : "UTC");
                 return Answer{http::kOk, JsonOf(pool_, kPlayerReport, parameters).value()};
               });
             });
  server.Get(R"(/api/players/([^/]+)/([^/]+)/([^/]+)/matches)",
             [this, player](const httplib::Request& req, httplib::Response& res) {
               Answered(res, [&] {
                 std::vector<Parameter> parameters = player(req);
                 parameters.emplace_back(
                     std::to_string(IntegerParameter(Query(req, "limit"), "limit", 20, 1, 100)));
                 parameters.emplace_back(std::to_string(
                     IntegerParameter(Query(req, "offset"), "offset", 0, 0, 100000000)));
                 return Answer{http::kOk, JsonOf(pool_, kPlayerMatches, parameters).value()};
               });
             });

  server.Get("/api/queue", [this](const httplib::Request&, httplib::Response& res) {
    Answered(res, [&] { return Answer{http::kOk, JsonOf(pool_, kQueue, {}).value()}; });
  });

  server.Get("/api/champions", [this](const httplib::Request& req, httplib::Response& res) {
    Answered(res, [&] {
      const Parameter queue = Query(req, "queue");
      const Parameter patch = Query(req, "patch");
      std::vector<Parameter> parameters{
          queue ? Parameter(std::to_string(IntegerParameter(queue, "queue", 0, 0, 100000)))
                : std::nullopt,
          patch ? Parameter(CheckedSegment(*patch, "patch")) : std::nullopt,
          std::to_string(IntegerParameter(Query(req, "limit"), "limit", 100, 1, 1000))};
      return Answer{http::kOk, JsonOf(pool_, kChampions, parameters).value()};
    });
  });
}

}  // namespace riot::web
