// riot-web's command line: safe defaults, and clear errors.
#include "options.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

#include "engine/error.hpp"

namespace riot::web {
namespace {

Options Parse(std::vector<const char*> args) {
  args.insert(args.begin(), "riot-web");
  return ParseOptions(static_cast<int>(args.size()), args.data());
}

TEST(ParseOptions, ListensOnThisMachineOnlyByDefault) {
  unsetenv("RIOT_WEB_TOKEN");
  const Options options = Parse({});
  EXPECT_EQ(options.host, "127.0.0.1");
  EXPECT_EQ(options.port, 8080);
  EXPECT_TRUE(options.token.empty());
}

TEST(ParseOptions, ReadsEveryOption) {
  const Options options =
      Parse({"--db", "dbname=riot", "--listen", "[::1]:9000", "--token", "t", "--pool", "4"});
  EXPECT_EQ(options.database, "dbname=riot");
  EXPECT_EQ(options.host, "::1");
  EXPECT_EQ(options.port, 9000);
  EXPECT_EQ(options.token, "t");
  EXPECT_EQ(options.pool_size, 4);
  EXPECT_EQ(Parse({"--listen", ":0"}).port, 0);
  EXPECT_EQ(Parse({"--listen", "0.0.0.0:80"}).host, "0.0.0.0");
}

TEST(ParseOptions, TakesTheTokenFromTheEnvironment) {
  setenv("RIOT_WEB_TOKEN", "from-env", 1);
  EXPECT_EQ(Parse({}).token, "from-env");
  EXPECT_EQ(Parse({"--token", "given"}).token, "given");
  unsetenv("RIOT_WEB_TOKEN");
}

TEST(ParseOptions, RefusesBadValues) {
  EXPECT_THROW(Parse({"--listen", "host:99999"}), Error);
  EXPECT_THROW(Parse({"--listen", "host:http"}), Error);
  EXPECT_THROW(Parse({"--pool", "0"}), Error);
  EXPECT_THROW(Parse({"--db"}), Error);
  EXPECT_THROW(Parse({"--verbose"}), Error);
}

}  // namespace
}  // namespace riot::web
