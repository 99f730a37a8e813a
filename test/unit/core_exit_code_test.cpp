// Unit tests of core: how signals and start failures become exit codes, the names --json shows for
// codes outside the table, and the system's default paths.
#include <catch2/catch.hpp>
#include <cerrno>
#include <filesystem>
#include <string>
#include <system_error>

#include "core/exit_code.hpp"
#include "core/system_paths.hpp"

using awsdns::ExitCode;

TEST_CASE("exit codes of a signal and of a start failure", "[core]") {
  CHECK(awsdns::to_int(awsdns::exit_code_of_signal(15)) == 143);
  CHECK(awsdns::exit_code_text(ExitCode::SignalBase) == "128+N");
  CHECK(awsdns::exit_code_text(ExitCode::NotFound) == "127");
  const auto start_error = [](std::errc error) {
    return awsdns::exit_code_of_start_error(std::make_error_code(error));
  };
  CHECK(start_error(std::errc::no_such_file_or_directory) == ExitCode::NotFound);
  CHECK(start_error(std::errc::not_a_directory) == ExitCode::NotFound);
  CHECK(start_error(std::errc::permission_denied) == ExitCode::CannotExecute);
  CHECK(start_error(std::errc::executable_format_error) == ExitCode::CannotExecute);
}

TEST_CASE("a start failure's errno (system category) maps as its generic error", "[core][posix]") {
  CHECK(awsdns::exit_code_of_start_error(std::error_code(ENOTDIR, std::system_category())) ==
        ExitCode::NotFound);
}

TEST_CASE("any code above 128 is named interrupted, a code outside the table failed", "[core]") {
  CHECK(awsdns::exit_code_name(static_cast<ExitCode>(143)) == "interrupted");
  CHECK(awsdns::exit_code_name(static_cast<ExitCode>(137)) == "interrupted");
  CHECK(awsdns::exit_code_name(static_cast<ExitCode>(2)) == "failed");
  CHECK(awsdns::exit_code_name(ExitCode::LockBusy) == "lock-busy");
}

TEST_CASE("every default path of this system is absolute", "[core]") {
  const auto& paths = awsdns::system_paths();
  for (const char* path : {paths.settings_file, paths.config_file, paths.lock_dir}) {
    INFO(path);
    CHECK(std::filesystem::path(path).is_absolute());
  }
  CHECK_FALSE(paths.aws_cli_places.empty());
  for (const char* place : paths.aws_cli_places) {
    INFO(place);
    CHECK(std::filesystem::path(place).is_absolute());
  }
}
