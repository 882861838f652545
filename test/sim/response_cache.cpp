// The LRU of rendered bodies.
#include "response_cache.hpp"

namespace riot {

std::shared_ptr<const std::string> ResponseCache::Get(const std::string& key) {
  std::lock_guard lock(mutex_);
  const auto it = index_.find(key);
  if (it == index_.end()) return nullptr;
  order_.splice(order_.begin(), order_, it->second);
  return it->second->second;
}

void ResponseCache::Put(const std::string& key, std::shared_ptr<const std::string> body) {
  if (!body || body->size() > capacity_) return;
  std::lock_guard lock(mutex_);
  if (index_.count(key)) return;
  bytes_ += body->size();
  order_.emplace_front(key, std::move(body));
  index_[key] = order_.begin();
  while (bytes_ > capacity_ && !order_.empty()) {
    bytes_ -= order_.back().second->size();
    index_.erase(order_.back().first);
    order_.pop_back();
  }
}

void ResponseCache::Clear() {
  std::lock_guard lock(mutex_);
  order_.clear();
  index_.clear();
  bytes_ = 0;
}

}  // namespace riot
