// Keep riot.api_key out of the server log: PostgreSQL logs "parameter ... changed to ..." on
// reload, and a failing statement that holds the key would be logged with it.
#include "log_redaction.hpp"

#include <cstring>

#include "gucs.hpp"
#include "postgres_includes.hpp"

namespace riot {

namespace {

constexpr const char* kKeyParameter = "\"riot.api_key\"";
constexpr const char* kRedacted = "[redacted]";
constexpr size_t kMinimumKeyLength = 4;  // shorter values are too common to search for

emit_log_hook_type g_previous_hook = nullptr;

const char* CurrentKey() {
  const char* key = g_settings.api_key;
  return key != nullptr && strlen(key) >= kMinimumKeyLength ? key : nullptr;
}

// Replace every occurrence of the key in a palloc'd message by [redacted].
char* Scrub(char* text, const char* key) {
  if (text == nullptr || key == nullptr || strstr(text, key) == nullptr) return text;
  StringInfoData out;
  initStringInfo(&out);
  const size_t key_length = strlen(key);
  for (const char* at = text; *at != '\0';) {
    const char* found = strstr(at, key);
    if (found == nullptr) {
      appendStringInfoString(&out, at);
      break;
    }
    appendBinaryStringInfo(&out, at, static_cast<int>(found - at));
    appendStringInfoString(&out, kRedacted);
    at = found + key_length;
  }
  return out.data;
}

// Plain C on purpose: it runs while an error is being reported, where nothing may throw.
void RedactApiKey(ErrorData* edata) {
  if (edata->message != nullptr) {
    // "parameter "riot.api_key" changed to "...", "invalid value for parameter ...: "..."".
    const char* parameter = strstr(edata->message, kKeyParameter);
    if (parameter != nullptr) {
      edata->message = psprintf(
          "%.*s (value hidden by pg_riot)",
          static_cast<int>(parameter - edata->message + strlen(kKeyParameter)), edata->message);
    }
  }
  const char* key = CurrentKey();
  edata->message = Scrub(edata->message, key);
  edata->detail = Scrub(edata->detail, key);
  edata->detail_log = Scrub(edata->detail_log, key);
  edata->hint = Scrub(edata->hint, key);
  edata->context = Scrub(edata->context, key);
  edata->internalquery = Scrub(edata->internalquery, key);
  // The statement is logged from debug_query_string, which cannot be edited: hide it instead.
  if (debug_query_string != nullptr &&
      (strstr(debug_query_string, "riot.api_key") != nullptr ||
       (key != nullptr && strstr(debug_query_string, key) != nullptr))) {
    edata->hide_stmt = true;
  }
  if (g_previous_hook != nullptr) g_previous_hook(edata);
}

}  // namespace

void InstallLogRedaction() {
  g_previous_hook = emit_log_hook;
  emit_log_hook = RedactApiKey;
}

}  // namespace riot
