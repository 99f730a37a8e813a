// The portable process layer under the runner: ChildProcess on its own, and the output streams
// a runner is given.

#include <boost/asio/connect_pipe.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/readable_pipe.hpp>
#include <catch2/catch.hpp>
#include <optional>
#include <sstream>

#include "launcher/command_runner.hpp"
#include "launcher/interruption.hpp"
#include "launcher/process.hpp"
#include "launcher_support_posix.hpp"

using namespace awsdns::launcher;
using namespace std::chrono_literals;
using awsdns::launcher::test::shell;

TEST_CASE("a ChildProcess reports its child's end on the io_context", "[launcher][process]") {
  boost::asio::io_context context;
  boost::asio::readable_pipe ours(context);
  boost::asio::writable_pipe theirs(context);
  boost::asio::connect_pipe(ours, theirs);
  ChildSpec spec;
  spec.executable = "/bin/sh";
  spec.args = {"-c", "printf \"$GREETING\"; exit 3"};
  spec.environment = {{"GREETING", "hello"}};
  spec.input.kind = StdioChoice::Kind::Null;
  spec.output = {StdioChoice::Kind::Pipe, &theirs};
  spec.error.kind = StdioChoice::Kind::Null;
  ChildProcess child;
  REQUIRE_FALSE(child.start(spec));
  theirs.close();
  std::optional<ChildStatus> status;
  child.on_exit(context, [&status](const ChildStatus& ended) { status = ended; });
  context.run_for(20s);
  child.reap();
  REQUIRE(status.has_value());
  CHECK(status->exited);
  CHECK(status->code == 3);
  std::string printed(16, '\0');
  boost::system::error_code error;
  printed.resize(boost::asio::read(ours, boost::asio::buffer(printed), error));
  CHECK(printed == "hello");
}

TEST_CASE("a ChildProcess that cannot start says why", "[launcher][process]") {
  ChildSpec spec;
  spec.executable = "/nonexistent/awsdns-test-command";
  ChildProcess child;
  CHECK(child.start(spec) == std::errc::no_such_file_or_directory);
}

TEST_CASE("Filter output goes to the streams the runner was given", "[launcher][runner][filter]") {
  std::ostringstream out, err;
  auto runner = make_process_runner(Interruption::of_process(), out, err);
  Command command = shell("printf 'a secret\\n'; printf 'b secret' >&2");
  command.stdout_mode = StreamMode::Filter;
  command.stderr_mode = StreamMode::Filter;
  command.redact = {"secret"};
  const RunResult result = runner->run(command);
  CHECK(result.outcome == Outcome::Exited);
  CHECK(out.str() == "a ***\n");
  CHECK(err.str() == "b ***");
}
