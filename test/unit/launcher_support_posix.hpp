#pragma once
// Shared helpers of the launcher tests: /bin/sh as the TEST child only, and checks that a
// process or a whole process group is gone.

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "launcher/command_runner.hpp"

namespace awsdns::launcher::test {

/// A Command running `script` with /bin/sh (tests only; awsdns itself never uses a shell).
inline Command shell(const std::string& script) {
  Command command;
  command.executable = "/bin/sh";
  command.args = {"-c", script};
  command.environment = {{"PATH", "/usr/bin:/bin"}};
  return command;
}

/// True when `pid` no longer runs (absent, or a zombie nobody reaped).
inline bool process_gone(int pid) {
  if (::kill(pid, 0) != 0) return errno == ESRCH;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  const auto paren = text.rfind(')');
  return paren != std::string::npos && paren + 2 < text.size() && text[paren + 2] == 'Z';
}

/// Waits up to `limit` until no process of group `pgid` exists (kill(-pgid, 0) == ESRCH).
inline bool group_gone_within(int pgid, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  for (;;) {
    if (::kill(-pgid, 0) != 0 && errno == ESRCH) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

/// The whitespace-separated integers printed by a test child (e.g. "$$" and "$!").
inline std::vector<int> numbers_in(const std::string& text) {
  std::istringstream stream(text);
  std::vector<int> numbers;
  for (int value; stream >> value;) numbers.push_back(value);
  return numbers;
}

}  // namespace awsdns::launcher::test
