// riot-web's session settings ride in the connection string, whatever form it came in.
#include "connection_pool.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace riot::web {
namespace {

TEST(WithSessionSettings, AddsTimeoutsAndANameToKeyValueStrings) {
  const std::string result = WithSessionSettings("dbname=riot user=riot_web");
  EXPECT_NE(result.find("dbname='riot'"), std::string::npos) << result;
  EXPECT_NE(result.find("user='riot_web'"), std::string::npos) << result;
  EXPECT_NE(result.find("application_name='riot-web'"), std::string::npos) << result;
  EXPECT_NE(result.find("options='-c statement_timeout=15s"), std::string::npos) << result;
}

TEST(WithSessionSettings, ReadsUrisAndKeepsWhatTheyAlreadySay) {
  const std::string result = WithSessionSettings(
      "postgresql://web@db.example:5433/riot?application_name=front&options=-c%20work_mem%3D8MB");
  EXPECT_NE(result.find("host='db.example'"), std::string::npos) << result;
  EXPECT_NE(result.find("port='5433'"), std::string::npos) << result;
  EXPECT_NE(result.find("application_name='front'"), std::string::npos) << result;
  EXPECT_EQ(result.find("riot-web"), std::string::npos) << result;
  EXPECT_NE(result.find("options='-c work_mem=8MB -c statement_timeout=15s"), std::string::npos)
      << result;
}

TEST(WithSessionSettings, QuotesValuesAndRefusesWhatLibpqCannotParse) {
  EXPECT_NE(WithSessionSettings(R"(password='it\'s \\ ok' dbname=riot)")
                .find(R"(password='it\'s \\ ok')"),
            std::string::npos);
  EXPECT_THROW(WithSessionSettings("dbname='unterminated"), std::invalid_argument);
  EXPECT_THROW(WithSessionSettings("nonsense_keyword=1"), std::invalid_argument);
}

}  // namespace
}  // namespace riot::web
