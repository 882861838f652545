// riot-sim as a process, as scripts use it: --port 0 prints "riot-sim listening on URL" and
// flushes, the URL answers, and SIGTERM stops it cleanly with status 0.
#include <gtest/gtest.h>

#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <regex>
#include <string>

namespace {

TEST(RiotSimProcess, PrintsItsUrlServesAndStopsOnSigterm) {
  int out[2];
  ASSERT_EQ(pipe(out), 0);
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    dup2(out[1], STDOUT_FILENO);
    close(out[0]);
    close(out[1]);
    execl(RIOT_SIM_BINARY, RIOT_SIM_BINARY, "--port", "0", "--players", "40", "--limits", "prod",
          static_cast<char*>(nullptr));
    _exit(127);
  }
  close(out[1]);
  const std::unique_ptr<FILE, decltype(&fclose)> stream(fdopen(out[0], "r"), &fclose);
  char line[256] = {};
  ASSERT_NE(fgets(line, sizeof line, stream.get()), nullptr) << "riot-sim printed nothing";
  std::smatch found;
  const std::string text = line;
  ASSERT_TRUE(std::regex_search(
      text, found, std::regex("^riot-sim listening on http://127\\.0\\.0\\.1:([0-9]+)\n$")))
      << text;
  const int port = std::stoi(found[1]);

  httplib::Client client("127.0.0.1", port);
  const auto response = client.Get("/asia/riot/account/v1/accounts/by-riot-id/Hide%20on%20bush/KR1",
                                   httplib::Headers{{"X-Riot-Token", "RGAPI-sim"}});
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->get_header_value("X-App-Rate-Limit"), "500:10,30000:600");

  ASSERT_EQ(kill(pid, SIGTERM), 0);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

}  // namespace
