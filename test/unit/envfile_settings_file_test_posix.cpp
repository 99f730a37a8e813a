// Unit tests of loading the settings file from disk: type, size, permission and owner policy.
// Every test works in its own temporary directory, removed at the end.

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "envfile/settings_file.hpp"
#include "failure_lines.hpp"

using namespace awsdns::envfile;
namespace fs = std::filesystem;

namespace {

// A temporary directory that lives as long as the object.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "envfile_test.XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  // Writes `content` to NAME with `mode` and returns the full path.
  std::string write(const std::string& name, const std::string& content, mode_t mode = 0600) const {
    const auto file = (path_ / name).string();
    std::ofstream(file, std::ios::binary) << content;
    REQUIRE(::chmod(file.c_str(), mode) == 0);
    return file;
  }
  std::string path(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

const Caller kMe{static_cast<unsigned>(::getuid())};
const std::string kGoodFile = "[ENVIRONMENT]\nHTTPS_PROXY = http://127.0.0.1:3128\n";

// load_settings_file's outcome with its errors read back into Diagnostics of the file.
struct Loaded {
  std::optional<Settings> settings;
  bool absent_default = false;
  Diagnostics errors;
  bool ok() const { return errors.empty(); }
};

Loaded load(const std::string& path, bool named_explicitly, Caller caller) {
  auto result = awsdns::envfile::load_settings_file(path, named_explicitly, caller);
  if (!result) {
    CHECK(result.error().code == awsdns::ExitCode::Config);
    return {std::nullopt, false, awsdns::test::diagnostics_of(result.error().message, path)};
  }
  return {*result, !result->has_value(), {}};
}

std::string only_message(const Loaded& result) {
  REQUIRE(result.errors.size() == 1);
  CHECK(result.errors.front().line == 0);
  return result.errors.front().message;
}

}  // namespace

TEST_CASE("a private regular file is loaded and parsed", "[envfile][file]") {
  TempDir dir;
  const auto file = dir.write("good.conf", kGoodFile, 0644);
  const auto result = load(file, true, kMe);
  REQUIRE(result.ok());
  REQUIRE(result.settings);
  CHECK_FALSE(result.absent_default);
  REQUIRE(result.settings->variables.size() == 1);
  CHECK(result.settings->variables[0].value == "http://127.0.0.1:3128");
}

TEST_CASE("a file writable by group or others is refused with the chmod", "[envfile][file]") {
  TempDir dir;
  for (mode_t mode : {0664, 0602, 0666, 0620}) {
    const auto file = dir.write("open.conf", kGoodFile, mode);
    const auto result = load(file, true, kMe);
    CHECK_FALSE(result.settings);
    const auto message = only_message(result);
    CHECK_THAT(message, Catch::Contains("writable by group or others") &&
                            Catch::Contains("run: chmod go-w " + file));
    CHECK(result.errors[0].file == file);
  }
  const auto mode = only_message(load(dir.write("m.conf", kGoodFile, 0664), true, kMe));
  CHECK_THAT(mode, Catch::Contains("mode 0664"));
}

TEST_CASE("a file owned by neither root nor the caller is refused with the chown",
          "[envfile][file]") {
  TempDir dir;
  const auto file = dir.write("owned.conf", kGoodFile, 0600);
  if (::getuid() == 0) {
    REQUIRE(::chown(file.c_str(), 4242, 4242) == 0);
    CHECK_THAT(only_message(load(file, true, Caller{0})),
               Catch::Contains("uid 4242") && Catch::Contains("run: chown root " + file));
    CHECK(load(file, true, Caller{4242}).ok());  // the caller's own file
    REQUIRE(::chown(file.c_str(), 0, 0) == 0);
    CHECK(load(file, true, Caller{4242}).ok());  // root's file
  } else {
    CHECK_THAT(only_message(load(file, true, Caller{kMe.uid + 1})),
               Catch::Contains("run: chown root " + file));
    CHECK(load(file, true, kMe).ok());
  }
}

TEST_CASE("a path with shell characters is quoted in the hint", "[envfile][file]") {
  TempDir dir;
  const auto file = dir.write("it's here.conf", kGoodFile, 0666);
  CHECK_THAT(only_message(load(file, true, kMe)),
             Catch::EndsWith("chmod go-w '" + dir.path("it'\\''s here.conf") + "'"));
}

TEST_CASE("non-regular files are refused without blocking", "[envfile][file]") {
  TempDir dir;
  SECTION("directory") {
    fs::create_directory(dir.path("sub"));
    CHECK(only_message(load(dir.path("sub"), true, kMe)) ==
          "the settings file is a directory, not a regular file");
  }
  SECTION("FIFO with no writer") {
    REQUIRE(::mkfifo(dir.path("fifo").c_str(), 0600) == 0);
    CHECK_THAT(only_message(load(dir.path("fifo"), true, kMe)), Catch::Contains("FIFO"));
  }
  SECTION("symlink to /dev/zero") {
    fs::create_symlink("/dev/zero", dir.path("zero.conf"));
    CHECK_THAT(only_message(load(dir.path("zero.conf"), true, kMe)),
               Catch::Contains("character device"));
  }
  SECTION("symlink to a regular file is followed") {
    const auto target = dir.write("target.conf", kGoodFile);
    fs::create_symlink(target, dir.path("link.conf"));
    CHECK(load(dir.path("link.conf"), true, kMe).ok());
  }
}

TEST_CASE("a missing file: error when named, nothing to inject for the default",
          "[envfile][file]") {
  TempDir dir;
  const auto missing = dir.path("missing.conf");
  const auto named = load(missing, true, kMe);
  CHECK_FALSE(named.absent_default);
  CHECK_FALSE(named.settings);
  CHECK(only_message(named) == "settings file not found (No such file or directory)");
  CHECK(named.errors[0].file == missing);

  const auto by_default = load(missing, false, kMe);
  CHECK(by_default.ok());
  CHECK(by_default.absent_default);
  CHECK_FALSE(by_default.settings);
  CHECK(load(dir.path("no/such/dir.conf"), false, kMe).absent_default);
}

TEST_CASE("a file over 64 KiB is refused", "[envfile][file]") {
  TempDir dir;
  std::string text = "AWS_A=1\n";
  text += std::string(kMaxSettingsBytes - text.size(), '#');
  CHECK(load(dir.write("max.conf", text), true, kMe).ok());
  CHECK(only_message(load(dir.write("big.conf", text + "#"), true, kMe)) ==
        "the settings file is too large: 65537 bytes (limit 65536)");
  CHECK(only_message(load(dir.write("huge.conf", text + text), true, kMe)) ==
        "the settings file is too large: 131072 bytes (limit 65536)");
}

TEST_CASE("parse errors carry the path and the line", "[envfile][file]") {
  TempDir dir;
  const auto file = dir.write("bad.conf", "[ENVIRONMENT]\nLD_PRELOAD=/tmp/x.so\nAWS_A='x\n");
  const auto result = load(file, true, kMe);
  CHECK_FALSE(result.settings);
  REQUIRE(result.errors.size() == 2);
  CHECK(result.errors[0].to_string().rfind(file + ":2: ", 0) == 0);
  CHECK(result.errors[1].to_string().rfind(file + ":3: ", 0) == 0);
}

TEST_CASE("a permission error and the size error are all reported", "[envfile][file]") {
  TempDir dir;
  const auto file = dir.write("both.conf", std::string(kMaxSettingsBytes + 10, '#'), 0666);
  const auto both = load(file, true, kMe);
  REQUIRE(both.errors.size() == 2);
  CHECK_THAT(both.errors[0].message, Catch::Contains("chmod go-w"));
  CHECK_THAT(both.errors[1].message, Catch::StartsWith("the settings file is too large: "));
}
