// End to end over HTTP, in process: the real server on a free port, spoken to with an httplib
// client. Covers headers on the wire, the api_key query parameter, truncated bodies, and a hung
// request that neither blocks other clients nor outlives Stop().
#include <gtest/gtest.h>

#include <httplib.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "http_server.hpp"

namespace riot {
namespace {

// A whole sim (world, limiter, faults, server) serving on a free port from a thread.
class RunningSim {
 public:
  explicit RunningSim(FaultConfig faults, LimiterConfig limits = *LimiterPreset("dev"),
                      bool serve = true)
      : world_(Config()),
        limiter_(std::move(limits), clock_),
        faults_(faults),
        cache_(size_t{16} << 20),
        api_(world_, limiter_, faults_, stats_, cache_),
        server_(api_) {
    port_ = server_.Bind("127.0.0.1", 0);
    if (serve) thread_ = std::thread([this] { server_.Serve(); });
  }
  ~RunningSim() {
    server_.Stop();
    if (thread_.joinable()) thread_.join();
  }

  httplib::Client Client() const {
    httplib::Client client("127.0.0.1", port_);
    client.set_connection_timeout(5);
    client.set_read_timeout(60);
    return client;
  }
  int Port() const { return port_; }

 private:
  static WorldConfig Config() {
    WorldConfig config;
    config.players = 60;
    return config;
  }

  SteadyClock clock_;
  World world_;
  RateLimiter limiter_;
  FaultInjector faults_;
  SimStats stats_;
  ResponseCache cache_;
  SimApi api_;
  HttpServer server_;
  int port_ = -1;
  std::thread thread_;
};

httplib::Headers KeyHeader() { return {{"X-Riot-Token", "RGAPI-sim"}}; }

TEST(HttpServer, ServesRiotEndpointsWithRateLimitHeadersAndJsonContentType) {
  RunningSim sim{FaultConfig()};
  ASSERT_GT(sim.Port(), 0);
  auto client = sim.Client();
  const auto account =
      client.Get("/asia/riot/account/v1/accounts/by-riot-id/Hide%20on%20bush/KR1", KeyHeader());
  ASSERT_TRUE(account);
  EXPECT_EQ(account->status, 200);
  EXPECT_EQ(account->get_header_value("Content-Type"), "application/json;charset=utf-8");
  EXPECT_EQ(account->get_header_value("X-App-Rate-Limit"), "20:1,100:120");
  EXPECT_EQ(account->get_header_value("X-App-Rate-Limit-Count"), "1:1,1:120");
  EXPECT_EQ(account->get_header_value("X-Method-Rate-Limit"), "1000:60");
  const std::string puuid = nlohmann::json::parse(account->body)["puuid"];

  const auto ids =
      client.Get("/asia/lol/match/v5/matches/by-puuid/" + puuid + "/ids?count=1", KeyHeader());
  ASSERT_TRUE(ids);
  const std::string id = nlohmann::json::parse(ids->body)[0];
  const auto match = client.Get("/asia/lol/match/v5/matches/" + id, KeyHeader());
  ASSERT_TRUE(match);
  EXPECT_EQ(nlohmann::json::parse(match->body)["metadata"]["matchId"], id);

  const auto by_query =
      client.Get("/kr/lol/summoner/v4/summoners/by-puuid/" + puuid + "?api_key=RGAPI-sim");
  ASSERT_TRUE(by_query);
  EXPECT_EQ(by_query->status, 200);
  const auto unauthorized = client.Get("/kr/lol/summoner/v4/summoners/by-puuid/" + puuid);
  ASSERT_TRUE(unauthorized);
  EXPECT_EQ(unauthorized->status, 401);

  const auto players = client.Get("/__sim/players");
  ASSERT_TRUE(players);
  EXPECT_EQ(nlohmann::json::parse(players->body)[0]["game_name"], "Hide on bush");
  const auto advanced = client.Post("/__sim/advance?seconds=60", "", "text/plain");
  ASSERT_TRUE(advanced);
  EXPECT_EQ(advanced->status, 200);
}

TEST(HttpServer, TruncatedBodiesStopHalfWayThroughTheDeclaredLength) {
  FaultConfig faults;
  ASSERT_TRUE(ParseFaultSpec("truncated=1", faults));
  RunningSim sim{faults, *LimiterPreset("none")};
  auto client = sim.Client();
  const auto response =
      client.Get("/asia/riot/account/v1/accounts/by-riot-id/Hide%20on%20bush/KR1", KeyHeader());
  // httplib reports the short read as an error; either way no complete body arrives.
  if (response) {
    EXPECT_FALSE(nlohmann::json::accept(response->body)) << response->body;
  } else {
    EXPECT_EQ(response.error(), httplib::Error::Read);
  }
}

TEST(HttpServer, AHungRequestDoesNotBlockOthersAndEndsWhenTheServerStops) {
  FaultConfig faults;
  ASSERT_TRUE(ParseFaultSpec("hang=1", faults));
  faults.hang_seconds = 600;
  auto sim = std::make_unique<RunningSim>(faults, *LimiterPreset("none"));
  std::atomic<bool> hung_returned{false};
  std::thread hung([&] {
    auto client = sim->Client();
    client.set_read_timeout(600);
    client.Get("/asia/riot/account/v1/accounts/by-riot-id/Hide%20on%20bush/KR1", KeyHeader());
    hung_returned = true;
  });
  // While it hangs, other clients are served (control endpoints are never faulted).
  for (int i = 0; i < 400; ++i) {
    auto client = sim->Client();
    const auto stats = client.Get("/__sim/stats");
    ASSERT_TRUE(stats);
    EXPECT_EQ(stats->status, 200);
    if (nlohmann::json::parse(stats->body)["faults"].value("hang", 0) == 1) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_FALSE(hung_returned);
  sim.reset();  // Stop() wakes the hung handler; the destructor joins the server
  hung.join();
  EXPECT_TRUE(hung_returned);
}

// pg_riot's workers open dozens of connections at once when a rate-limit window opens. The kernel
// must complete every handshake even before the server accepts one: with httplib's backlog of 5,
// the rest would have their SYNs dropped and arrive 1 to 7 s later, beyond the window they were
// granted in. Bound but not serving, the server accepts nothing, so only the backlog counts.
TEST(HttpServer, TheListenBacklogTakesABurstOfConnections) {
  RunningSim sim(FaultConfig(), *LimiterPreset("dev"), /*serve=*/false);
  ASSERT_GT(sim.Port(), 0);
  constexpr int kConnections = 64;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(sim.Port()));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::vector<pollfd> sockets;
  for (int i = 0; i < kConnections; i++) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    ASSERT_GE(fd, 0);
    const int rc = ::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address);
    ASSERT_TRUE(rc == 0 || errno == EINPROGRESS);
    sockets.push_back(pollfd{fd, POLLOUT, 0});
  }
  // Loopback handshakes take microseconds; a dropped SYN is retried only after a second.
  int established = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(500);
  while (established < kConnections && std::chrono::steady_clock::now() < deadline) {
    for (pollfd& socket : sockets) socket.revents = 0;
    ::poll(sockets.data(), sockets.size(), 50);
    established = 0;
    for (const pollfd& socket : sockets) {
      int error = 0;
      socklen_t length = sizeof error;
      ::getsockopt(socket.fd, SOL_SOCKET, SO_ERROR, &error, &length);
      if ((socket.revents & POLLOUT) != 0 && error == 0) established++;
    }
  }
  for (const pollfd& socket : sockets) ::close(socket.fd);
  EXPECT_EQ(established, kConnections);
}

}  // namespace
}  // namespace riot
