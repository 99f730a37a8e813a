// The trust rule on Windows: a file's access list and owner, read from a real file under the
// system (under Wine: the parts of an access list that Unix mode bits can hold), and the icacls
// command each refusal names; the same rule for a lock folder. (A reparse point on its way cannot
// be made under Wine 8: CreateSymbolicLinkW returns TRUE and makes nothing, measured; its refusal
// is in README's release checklist.)

#include <windows.h>
// after windows.h
#include <aclapi.h>
#include <sddl.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "test_support.hpp"
#include "util/file_reader.hpp"
#include "util/trusted_directory.hpp"
#include "util/unicode.hpp"

using awsdns::util::FileFacts;
using awsdns::util::read_file_facts;
using awsdns::util::trust_problems;

namespace {

std::wstring wide(const std::string& text) {
  const std::u16string converted = awsdns::util::utf16_from_utf8(text);
  return {converted.begin(), converted.end()};
}

// Gives `path` the access list written in SDDL (e.g. "D:P(A;;FA;;;SY)"); true on success.
bool set_access_list(const std::string& path, const wchar_t* sddl) {
  PSECURITY_DESCRIPTOR descriptor = nullptr;
  if (!::ConvertStringSecurityDescriptorToSecurityDescriptorW(sddl, SDDL_REVISION_1, &descriptor,
                                                              nullptr))
    return false;
  BOOL present = FALSE, defaulted = FALSE;
  PACL dacl = nullptr;
  ::GetSecurityDescriptorDacl(descriptor, &present, &dacl, &defaulted);
  std::wstring name = wide(path);
  const DWORD error = ::SetNamedSecurityInfoW(
      name.data(), SE_FILE_OBJECT, DACL_SECURITY_INFORMATION | PROTECTED_DACL_SECURITY_INFORMATION,
      nullptr, nullptr, dacl, nullptr);
  ::LocalFree(descriptor);
  return error == ERROR_SUCCESS;
}

}  // namespace

TEST_CASE("Windows trust: broad writers and a foreign owner are refused with icacls",
          "[util][trust][windows]") {
  FileFacts facts;
  facts.status = FileFacts::Status::Read;
  facts.owner_kind = FileFacts::OwnerKind::Administrators;
  CHECK(trust_problems(facts, "C:\\x.conf", 0, "the settings file").empty());
  facts.writers = {"Everyone", "Users"};
  facts.owner_kind = FileFacts::OwnerKind::Other;
  facts.owner_name = "S-1-5-21-1-2-3-1001";
  const auto problems = trust_problems(facts, "C:\\a b\\x.conf", 0, "the settings file");
  REQUIRE(problems.size() == 2);
  CHECK(problems[0] ==
        "the settings file is writable by Everyone, Users (its access list); run: icacls "
        "\"C:\\a b\\x.conf\" /inheritance:r /remove:g *S-1-1-0 *S-1-5-11 *S-1-5-32-545 "
        "/grant:r *S-1-5-32-544:F *S-1-5-18:F");
  CHECK(problems[1] ==
        "the settings file is owned by S-1-5-21-1-2-3-1001, neither Administrators, SYSTEM nor "
        "the caller; run: icacls \"C:\\a b\\x.conf\" /setowner *S-1-5-32-544");
}

TEST_CASE("Windows trust: the access list of a real file decides", "[util][trust][windows]") {
  const awsdns::test::TempDir dir("awsdns-trust");
  const std::string path = dir.file("clpaws_setting.conf");
  std::ofstream(path) << "[ENVIRONMENT]\n";
  // SYSTEM and Administrators full control, nobody else: trusted.
  REQUIRE(set_access_list(path, L"D:P(A;;FA;;;SY)(A;;FA;;;BA)"));
  FileFacts facts = read_file_facts(path, 1024);
  REQUIRE(facts.status == FileFacts::Status::Read);
  CHECK(facts.writers.empty());
  // Everyone may write: refused, naming Everyone.
  REQUIRE(set_access_list(path, L"D:P(A;;FA;;;SY)(A;;FA;;;BA)(A;;FRFW;;;WD)"));
  facts = read_file_facts(path, 1024);
  REQUIRE(facts.status == FileFacts::Status::Read);
  CHECK(facts.writers == std::vector<std::string>{"Everyone"});
  // Users may only read: trusted again.
  REQUIRE(set_access_list(path, L"D:P(A;;FA;;;SY)(A;;FA;;;BA)(A;;FR;;;BU)"));
  CHECK(read_file_facts(path, 1024).writers.empty());
  // Entries for Users or Authenticated Users are not kept by Wine (measured: it keeps what Unix
  // mode bits can say, so Everyone's entry survives and theirs vanish): the refusal of those is
  // proven by the message test above here, on a real Windows by the release checklist.
  REQUIRE(set_access_list(path, L"D:P(A;;FA;;;SY)(A;;FA;;;BA)"));  // so it can be removed
}

TEST_CASE("Windows trust: a lock folder is created private, checked by its access list",
          "[util][trust][windows]") {
  using awsdns::util::open_trusted_directory;
  const awsdns::test::TempDir dir("awsdns-trust");
  // Missing: created (with its parents) and accepted.
  const std::string made = dir.file("made\\awsdns");
  {
    auto created = open_trusted_directory(made, 0, "lock directory");
    INFO((created ? "" : created.error().message()));
    REQUIRE(created.has_value());
  }  // closed here: the folder is examined below
  CHECK(read_file_facts(made, 16).status == FileFacts::Status::NotRegular);  // a folder

  // Everyone may add files to it: refused with the icacls that fixes a folder.
  const std::string open = dir.file("open");
  std::filesystem::create_directory(open);
  REQUIRE(set_access_list(open, L"D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;OICI;FA;;;WD)"));
  auto refused = open_trusted_directory(open, 0, "lock directory");
  REQUIRE(refused.has_error());
  CHECK(refused.error().untrusted());
  REQUIRE(refused.error().problems.size() == 1);
  CHECK(refused.error().problems[0] ==
        "lock directory " + open + " is writable by Everyone (its access list); run: icacls \"" +
            open +
            "\" /inheritance:r /remove:g *S-1-1-0 *S-1-5-11 *S-1-5-32-545 /grant:r "
            "*S-1-5-32-544:(OI)(CI)F *S-1-5-18:(OI)(CI)F");
  REQUIRE(set_access_list(open, L"D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)"));
  auto fixed = open_trusted_directory(open, 0, "lock directory");
  CHECK(fixed.has_value());

  // A file where the folder should be, and a relative path: errors, not trust problems.
  std::ofstream(dir.file("plain")) << "x";
  auto plain = open_trusted_directory(dir.file("plain"), 0, "lock directory");
  REQUIRE(plain.has_error());
  CHECK_FALSE(plain.error().untrusted());
  CHECK_THAT(plain.error().error, Catch::Contains("is not a directory"));
  CHECK_THAT(plain.error().message(), Catch::Contains("is not a directory"));
  CHECK(open_trusted_directory("relative\\dir", 0, "lock directory").has_error());
}
