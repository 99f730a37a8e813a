// Unit tests of util/file_reader.hpp: bounded reading without trusting the path's type, and the
// trust rule (owner, group/other write) with its fixing commands.

#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "util/file_reader.hpp"

using namespace awsdns::util;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    std::string name = (fs::temp_directory_path() / "awsdns-util-XXXXXX").string();
    REQUIRE(::mkdtemp(name.data()) != nullptr);
    path = name;
  }
  ~TempDir() { fs::remove_all(path); }
  std::string write(const std::string& name, const std::string& text) const {
    const auto file = (path / name).string();
    std::ofstream(file) << text;
    ::chmod(file.c_str(), 0600);
    return file;
  }
};

}  // namespace

TEST_CASE("read_file_facts reads at most the limit of a regular file", "[util][file]") {
  TempDir dir;
  const auto file = dir.write("f.txt", "hello world");
  const auto facts = read_file_facts(file, 5);
  REQUIRE(facts.status == FileFacts::Status::Read);
  CHECK(facts.content == "hello");
  CHECK(facts.size == 11);
  CHECK(facts.mode == 0600);
  CHECK(facts.owner_uid == ::getuid());
}

TEST_CASE("read_file_facts: missing, a directory, a FIFO", "[util][file]") {
  TempDir dir;
  CHECK(read_file_facts((dir.path / "none").string(), 10).status == FileFacts::Status::Missing);
  CHECK(read_file_facts((dir.path / "none/x").string(), 10).status == FileFacts::Status::Missing);
  const auto directory = read_file_facts(dir.path.string(), 10);
  CHECK(directory.status == FileFacts::Status::NotRegular);
  CHECK(directory.kind == "a directory");
  const auto fifo = (dir.path / "fifo").string();
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  const auto facts = read_file_facts(fifo, 10);  // must not block
  CHECK(facts.status == FileFacts::Status::NotRegular);
  CHECK(facts.kind == "a FIFO (named pipe)");
}

TEST_CASE("trust_problems: group/other-writable and foreign-owned files", "[util][file]") {
  FileFacts facts;
  facts.status = FileFacts::Status::Read;
  facts.owner_uid = 1000;
  facts.mode = 0644;
  CHECK(trust_problems(facts, "/etc/x.conf", 1000, "the file").empty());
  facts.owner_uid = 0;
  CHECK(trust_problems(facts, "/etc/x.conf", 1000, "the file").empty());
  facts.mode = 0664;
  facts.owner_uid = 42;
  const auto problems = trust_problems(facts, "/etc/my file", 1000, "the file");
  REQUIRE(problems.size() == 2);
  CHECK_THAT(problems[0],
             Catch::Contains("mode 0664") && Catch::Contains("chmod go-w '/etc/my file'"));
  CHECK_THAT(problems[1],
             Catch::Contains("uid 42") && Catch::Contains("chown root '/etc/my file'"));
}
