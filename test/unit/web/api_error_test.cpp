// How PostgreSQL's errors become HTTP answers: the status, and what the client is told.
#include "api_error.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace riot::web {
namespace {

TEST(StatusOfSqlstate, SaysWhoseFaultItWas) {
  EXPECT_EQ(StatusOfSqlstate("22023"), http::kBadRequest);
  EXPECT_EQ(StatusOfSqlstate("22004"), http::kBadRequest);
  EXPECT_EQ(StatusOfSqlstate("22021"), http::kBadRequest);  // bad encoding
  EXPECT_EQ(StatusOfSqlstate("P0002"), http::kNotFound);
  EXPECT_EQ(StatusOfSqlstate("53400"), http::kTooManyRequests);
  EXPECT_EQ(StatusOfSqlstate("42501"), http::kForbidden);
  EXPECT_EQ(StatusOfSqlstate("08006"), http::kServiceUnavailable);
  EXPECT_EQ(StatusOfSqlstate("57P01"), http::kServiceUnavailable);
  EXPECT_EQ(StatusOfSqlstate("57014"), http::kServiceUnavailable);
  EXPECT_EQ(StatusOfSqlstate("XX000"), http::kInternalError);
  EXPECT_EQ(StatusOfSqlstate("42P01"), http::kInternalError);
}

TEST(FromSqlError, KeepsTheMessageAndHintOfBadInput) {
  const ApiError error = FromSqlError(
      "22023",
      "ERROR:  unknown platform \"zz\"\nDETAIL:  some detail\nHINT:  Use a platform routing "
      "value.\nCONTEXT:  PL/pgSQL function riot._check_riot_id line 22 at RAISE\n");
  EXPECT_EQ(error.Status(), http::kBadRequest);
  EXPECT_STREQ(error.what(), "unknown platform \"zz\"");
  EXPECT_EQ(error.Hint(), "Use a platform routing value.");
}

TEST(FromSqlError, ReadsTheCodeOfAVerboseMessageWhenLibpqxxGaveNone) {
  const ApiError error = FromSqlError(
      "", "ERROR:  42501: permission denied for function sync_player\nLOCATION:  aclcheck_error\n");
  EXPECT_EQ(error.Status(), http::kForbidden);
  const ApiError bad = FromSqlError(
      "22023", "ERROR:  22023: unknown platform \"zz\"\nHINT:  Use a platform routing value.\n");
  EXPECT_STREQ(bad.what(), "unknown platform \"zz\"");
  EXPECT_EQ(bad.Hint(), "Use a platform routing value.");
  // A message that merely starts like a code keeps its words.
  EXPECT_STREQ(FromSqlError("P0002", "ERROR:  no player AB: x\n").what(), "no player AB: x");
}

TEST(FromSqlError, NeverShowsTheInsidesOfAServerError) {
  const ApiError error =
      FromSqlError("42P01", "ERROR:  relation \"riot.secret_table\" does not exist\n");
  EXPECT_EQ(error.Status(), http::kInternalError);
  EXPECT_EQ(std::string(error.what()).find("secret_table"), std::string::npos);
}

TEST(ErrorBody, IsJsonWithANullHintWhenThereIsNone) {
  const auto body =
      nlohmann::json::parse(ErrorBody(ApiError(http::kNotFound, "job 7 does not exist")));
  EXPECT_EQ(body["error"], "job 7 does not exist");
  EXPECT_TRUE(body["hint"].is_null());
  // A client's invalid bytes echoed in a message are replaced, not thrown on.
  EXPECT_TRUE(nlohmann::json::accept(ErrorBody(ApiError(http::kBadRequest, "bad \xFF"))));
}

}  // namespace
}  // namespace riot::web
