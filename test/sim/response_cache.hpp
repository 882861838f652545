// An LRU cache of rendered JSON bodies (matches and timelines), bounded in bytes, so that a
// match asked for again costs a lookup instead of a new render.
#pragma once

#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace riot {

class ResponseCache {
 public:
  explicit ResponseCache(size_t capacity_bytes) : capacity_(capacity_bytes) {}

  // The cached body for `key`, or nullptr.
  std::shared_ptr<const std::string> Get(const std::string& key);
  void Put(const std::string& key, std::shared_ptr<const std::string> body);
  void Clear();

 private:
  using Entry = std::pair<std::string, std::shared_ptr<const std::string>>;

  size_t capacity_;
  size_t bytes_ = 0;
  std::mutex mutex_;
  std::list<Entry> order_;  // most recently used first
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;
};

}  // namespace riot
