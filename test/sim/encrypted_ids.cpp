// Issue and check the sim's encrypted ids.
#include "encrypted_ids.hpp"

#include "random.hpp"

namespace riot {

namespace {
constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr size_t kChecksumChars = 6;
constexpr uint64_t kPuuidKind = 0x9001;
constexpr uint64_t kSummonerKind = 0x5011;

bool InAlphabet(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}
}  // namespace

uint64_t IdCipher::Checksum(std::string_view body) const {
  uint64_t h = Mix64(key_secret_ ^ 0xc0ffee);
  for (const char c : body) h = Mix64(h ^ static_cast<unsigned char>(c));
  return h;
}

std::string IdCipher::Encrypt(uint64_t player_number, uint64_t kind, size_t length) const {
  Rng rng(HashOf({key_secret_, kind, player_number}));
  std::string id;
  id.reserve(length);
  while (id.size() < length - kChecksumChars) id.push_back(kAlphabet[rng.Next() & 63]);
  uint64_t checksum = Checksum(id);
  for (size_t i = 0; i < kChecksumChars; ++i, checksum >>= 6)
    id.push_back(kAlphabet[checksum & 63]);
  return id;
}

std::string IdCipher::Puuid(uint64_t player_number) const {
  return Encrypt(player_number, kPuuidKind, kPuuidLength);
}

std::string IdCipher::SummonerId(uint64_t player_number) const {
  return Encrypt(player_number, kSummonerKind, kSummonerIdLength);
}

bool IdCipher::IsValidPuuid(std::string_view puuid) const {
  if (puuid.size() != kPuuidLength) return false;
  for (const char c : puuid) {
    if (!InAlphabet(c)) return false;
  }
  const std::string_view body = puuid.substr(0, kPuuidLength - kChecksumChars);
  uint64_t checksum = Checksum(body);
  for (size_t i = kPuuidLength - kChecksumChars; i < kPuuidLength; ++i, checksum >>= 6) {
    if (puuid[i] != kAlphabet[checksum & 63]) return false;
  }
  return true;
}

}  // namespace riot
