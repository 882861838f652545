// A Dotabuff esports team's matches page, read with libxml2's HTML parser and XPath.
#include "dota/dotabuff_team_page.hpp"

#include <libxml/HTMLparser.h>
#include <libxml/xpath.h>

#include <climits>
#include <memory>

#include "engine/error.hpp"

namespace riot::dota {

namespace {

constexpr const char* kInvalidPage = "invalid Dotabuff team matches page";

// XPath's spelling of "has the class C" (a class attribute is a space-separated list).
std::string HasClass(const std::string& name) {
  return "contains(concat(' ', normalize-space(@class), ' '), ' " + name + " ')";
}

struct DocumentDeleter {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};
struct ContextDeleter {
  void operator()(xmlXPathContext* context) const { xmlXPathFreeContext(context); }
};
struct ObjectDeleter {
  void operator()(xmlXPathObject* object) const { xmlXPathFreeObject(object); }
};
using XPathResult = std::unique_ptr<xmlXPathObject, ObjectDeleter>;

class Page {
 public:
  explicit Page(std::string_view html) {
    if (html.size() > static_cast<size_t>(INT_MAX)) {
      throw Error(kInvalidPage, sqlstate::kInvalidParameterValue, "the page is too large");
    }
    // RECOVER: real pages are not valid HTML; NONET: nothing is fetched while parsing.
    doc_.reset(htmlReadMemory(html.data(), static_cast<int>(html.size()), nullptr, "UTF-8",
                              HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                  HTML_PARSE_NONET | HTML_PARSE_NOBLANKS));
    if (!doc_) throw Error(kInvalidPage, sqlstate::kInvalidParameterValue, "the page is empty");
    context_.reset(xmlXPathNewContext(doc_.get()));
  }

  // The nodes `expression` selects below `node` (the whole page when null).
  std::vector<xmlNode*> Nodes(const std::string& expression, xmlNode* node = nullptr) const {
    context_->node = node != nullptr ? node : xmlDocGetRootElement(doc_.get());
    const XPathResult result(xmlXPathEvalExpression(
        reinterpret_cast<const xmlChar*>(expression.c_str()), context_.get()));
    std::vector<xmlNode*> nodes;
    if (result && result->nodesetval != nullptr) {
      for (int i = 0; i < result->nodesetval->nodeNr; ++i) {
        nodes.push_back(result->nodesetval->nodeTab[i]);
      }
    }
    return nodes;
  }

  // The string value of `expression` below `node` ("" when nothing matches).
  std::string Text(const std::string& expression, xmlNode* node = nullptr) const {
    context_->node = node != nullptr ? node : xmlDocGetRootElement(doc_.get());
    const std::string wrapped = "string(" + expression + ")";
    const XPathResult result(
        xmlXPathEvalExpression(reinterpret_cast<const xmlChar*>(wrapped.c_str()), context_.get()));
    if (!result || result->stringval == nullptr) return {};
    return reinterpret_cast<const char*>(result->stringval);
  }

  bool Empty() const { return xmlDocGetRootElement(doc_.get()) == nullptr; }

 private:
  std::unique_ptr<xmlDoc, DocumentDeleter> doc_;
  std::unique_ptr<xmlXPathContext, ContextDeleter> context_;
};

// The leading decimal id of `text` after `prefix` ("/matches/123" -> 123); nullopt if none.
std::optional<long long> IdAfter(std::string_view text, std::string_view prefix) {
  if (text.substr(0, prefix.size()) != prefix) return std::nullopt;
  text.remove_prefix(prefix.size());
  long long id = 0;
  size_t digits = 0;
  constexpr size_t kMaxDigits = 18;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') {
    if (digits == kMaxDigits) return std::nullopt;
    id = id * 10 + (text[digits] - '0');
    ++digits;
  }
  return digits > 0 && id > 0 ? std::optional(id) : std::nullopt;
}

std::string Trimmed(const std::string& text) {
  const size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

}  // namespace

DotabuffTeamPage ParseDotabuffTeamPage(std::string_view html) {
  const Page page(html);
  if (page.Empty())
    throw Error(kInvalidPage, sqlstate::kInvalidParameterValue, "the page is empty");
  const std::string title = page.Text("//title");
  if (title.find("Just a moment") != std::string::npos ||
      !page.Nodes("//*[@id='challenge-form' or @id='cf-wrapper'] | "
                  "//script[contains(@src, '/cdn-cgi/challenge-platform/')] | "
                  "//form[contains(@action, '__cf_chl')]")
           .empty()) {
    throw Error(kInvalidPage, sqlstate::kInvalidParameterValue,
                "Dotabuff answered with a challenge page (\"" + Trimmed(title) + "\")",
                "Dotabuff blocks automated clients at times; try again later or import through "
                "OpenDota's league match ids.");
  }
  const std::vector<xmlNode*> header =
      page.Nodes("//div[" + HasClass("header-content-title") + "]/h1");
  const std::vector<xmlNode*> table =
      page.Nodes("//table[" + HasClass("recent-esports-matches") + "]");
  if (header.empty() && table.empty()) {
    throw Error(kInvalidPage, sqlstate::kInvalidParameterValue,
                "the page has neither a team header nor a table of esports matches (title \"" +
                    Trimmed(title) + "\")");
  }
  DotabuffTeamPage result;
  if (!header.empty()) {
    const std::string name = Trimmed(page.Text("text()[1]", header.front()));
    if (!name.empty()) result.team_name = name;
  }
  for (xmlNode* row : page.Nodes("//table[" + HasClass("recent-esports-matches") + "]/tbody/tr")) {
    const std::vector<xmlNode*> links = page.Nodes(".//a[starts-with(@href, '/matches/')]", row);
    if (links.empty()) continue;  // a row without a match (an ad, a note)
    DotabuffMatch match;
    const std::optional<long long> id = IdAfter(page.Text("@href", links.front()), "/matches/");
    if (!id) {
      throw Error(kInvalidPage, sqlstate::kInvalidParameterValue,
                  "a match link has no id: \"" + page.Text("@href", links.front()) + "\"");
    }
    match.match_id = *id;
    match.league_id = IdAfter(page.Text(".//a[starts-with(@href, '/esports/leagues/')]/@href", row),
                              "/esports/leagues/");
    if (!page.Nodes("self::a[" + HasClass("won") + "]", links.front()).empty()) match.won = true;
    if (!page.Nodes("self::a[" + HasClass("lost") + "]", links.front()).empty()) match.won = false;
    const std::string played_at = page.Text(".//time/@datetime", row);
    if (!played_at.empty()) match.played_at = played_at;
    result.matches.push_back(std::move(match));
  }
  result.has_next_page =
      !page.Nodes("//nav[" + HasClass("pagination") + "]//span[" + HasClass("next") + "]//a")
           .empty();
  return result;
}

}  // namespace riot::dota
