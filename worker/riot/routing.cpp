// Riot routing values: platforms, the regional route of each, and API base URL expansion.
#include "riot/routing.hpp"

#include <algorithm>
#include <cctype>

namespace riot {

namespace {

constexpr std::string_view kRoutePlaceholder = "{route}";

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

const std::vector<Platform>& Platforms() {
  static const std::vector<Platform> platforms = {
      {"br1", "BR1", "americas", true}, {"eun1", "EUN1", "europe", true},
      {"euw1", "EUW1", "europe", true}, {"jp1", "JP1", "asia", true},
      {"kr", "KR", "asia", true},       {"la1", "LA1", "americas", true},
      {"la2", "LA2", "americas", true}, {"me1", "ME1", "europe", true},
      {"na1", "NA1", "americas", true}, {"oc1", "OC1", "sea", true},
      {"ru", "RU", "europe", true},     {"sg2", "SG2", "sea", true},
      {"tr1", "TR1", "europe", true},   {"tw2", "TW2", "sea", true},
      {"vn2", "VN2", "sea", true},      {"ph2", "PH2", "sea", false},
      {"th2", "TH2", "sea", false},
  };
  return platforms;
}

std::optional<Platform> FindPlatform(std::string_view id) {
  for (const Platform& platform : Platforms()) {
    if (EqualsIgnoreCase(platform.id, id)) return platform;
  }
  return std::nullopt;
}

std::optional<Platform> PlatformOfMatch(std::string_view match_id) {
  const auto underscore = match_id.find('_');
  if (underscore == std::string_view::npos) return std::nullopt;
  const std::string_view prefix = match_id.substr(0, underscore);
  for (const Platform& platform : Platforms()) {
    if (EqualsIgnoreCase(platform.match_prefix, prefix)) return platform;
  }
  return std::nullopt;
}

std::string_view AccountRegion(const Platform& platform) {
  // account-v1 serves every account from americas, asia and europe alike, but not from sea.
  return platform.region == "sea" ? std::string_view("asia") : platform.region;
}

std::string ExpandBaseUrl(std::string_view base_url_template, std::string_view route) {
  std::string url(base_url_template);
  for (auto at = url.find(kRoutePlaceholder); at != std::string::npos;
       at = url.find(kRoutePlaceholder, at + route.size())) {
    url.replace(at, kRoutePlaceholder.size(), route);
  }
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

bool IsValidBaseUrlTemplate(std::string_view base_url_template) {
  const bool has_scheme =
      base_url_template.rfind("http://", 0) == 0 || base_url_template.rfind("https://", 0) == 0;
  return has_scheme && base_url_template.find(kRoutePlaceholder) != std::string_view::npos;
}

}  // namespace riot
