// The system log on Windows: the Event Log, source "awsdns" (RegisterEventSourceW/ReportEventW).
// Without a registered message file Event Viewer shows the text as the event's insertion string.

#include <windows.h>

#include <string>

#include "cli/system_log.hpp"
#include "util/windows_text_windows.hpp"

namespace awsdns::cli {
namespace {

HANDLE event_source = nullptr;

}  // namespace

void open_system_log() {
  if (event_source == nullptr) event_source = RegisterEventSourceW(nullptr, L"awsdns");
}

void write_system_log(Severity severity, std::string_view message) {
  if (event_source == nullptr) return;
  const WORD type = severity == Severity::Error     ? EVENTLOG_ERROR_TYPE
                    : severity == Severity::Warning ? EVENTLOG_WARNING_TYPE
                                                    : EVENTLOG_INFORMATION_TYPE;
  const std::wstring text = util::wide_from_utf8(message);
  LPCWSTR strings[] = {text.c_str()};
  ReportEventW(event_source, type, 0, 0, nullptr, 1, 0, strings, nullptr);
}

void close_system_log() {
  if (event_source != nullptr) DeregisterEventSource(event_source);
  event_source = nullptr;
}

}  // namespace awsdns::cli
