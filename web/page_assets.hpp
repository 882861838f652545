// The page riot-web serves, compiled in from web/page/ (see CMakeLists.txt).
#pragma once

#include <string_view>

namespace riot::web {

struct PageAsset {
  std::string_view path;  // as requested: "/", "/app.js", "/style.css"
  std::string_view content_type;
  std::string_view body;
};

// Every file of the page; there is nothing else riot-web serves that is not the API.
const PageAsset* PageAssets(size_t* count);

}  // namespace riot::web
