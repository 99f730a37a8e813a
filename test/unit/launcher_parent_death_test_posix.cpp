// The child dies with awsdns: a process standing for awsdns runs a child through the real runner
// and is SIGKILLed; the kernel then kills the child (parent-death signal, Linux).

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>

#include "launcher/command_runner.hpp"
#include "launcher_support_posix.hpp"

using namespace awsdns::launcher;
using namespace std::chrono_literals;
using awsdns::launcher::test::process_gone;
using awsdns::launcher::test::shell;

namespace {

// Waits up to `limit` for `path` to hold a pid followed by a newline; 0 when it does not.
int pid_written_to(const std::string& path, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    std::ifstream file(path);
    std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    if (!text.empty() && text.back() == '\n') return std::atoi(text.c_str());
    std::this_thread::sleep_for(10ms);
  }
  return 0;
}

bool gone_within(int pid, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!process_gone(pid)) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(10ms);
  }
  return true;
}

}  // namespace

TEST_CASE("a child whose awsdns is SIGKILLed dies within a second", "[launcher][runner]") {
  char directory[] = "/tmp/awsdns-parent-death-XXXXXX";
  REQUIRE(::mkdtemp(directory) != nullptr);
  const std::string pid_file = std::string(directory) + "/child.pid";
  for (const StreamMode output : {StreamMode::Capture, StreamMode::Inherit}) {
    INFO("stdout mode " << static_cast<int>(output));
    ::unlink(pid_file.c_str());
    const pid_t awsdns = ::fork();
    REQUIRE(awsdns >= 0);
    if (awsdns == 0) {  // stands for awsdns in the middle of a run
      Command command = shell("echo $$ > " + pid_file + "; exec sleep 300");
      command.stdout_mode = output;
      make_process_runner()->run(command);
      ::_exit(0);
    }
    const int child = pid_written_to(pid_file, 20s);
    CHECK(child > 0);
    ::kill(awsdns, SIGKILL);
    int status = 0;
    REQUIRE(::waitpid(awsdns, &status, 0) == awsdns);
    if (child > 0) {
      CHECK(gone_within(child, 1s));
      ::kill(child, SIGKILL);  // clean up after a failure
    }
  }
  ::unlink(pid_file.c_str());
  ::rmdir(directory);
}
