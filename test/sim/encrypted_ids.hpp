// Riot's encrypted ids as the sim issues them: 78-character PUUIDs and summoner ids in the
// base64url alphabet, whose tail is a checksum keyed by the API key, so that an id "encrypted for
// another key" (or mangled) is told apart from an unknown one: 400 "Exception decrypting" vs 404.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace riot {

inline constexpr size_t kPuuidLength = 78;
inline constexpr size_t kSummonerIdLength = 56;

class IdCipher {
 public:
  explicit IdCipher(uint64_t key_secret) : key_secret_(key_secret) {}

  // The PUUID of the player with this stable number.
  std::string Puuid(uint64_t player_number) const;
  // The (deprecated) encrypted summoner id still found in match-v5 participants.
  std::string SummonerId(uint64_t player_number) const;
  // Whether `puuid` has the shape and checksum of a PUUID issued under this key.
  bool IsValidPuuid(std::string_view puuid) const;

 private:
  std::string Encrypt(uint64_t player_number, uint64_t kind, size_t length) const;
  uint64_t Checksum(std::string_view body) const;

  uint64_t key_secret_;
};

}  // namespace riot
