// The trust rule on Windows, by access list: the file's DACL must not let Everyone, Users or
// Authenticated Users write, and its owner must be Administrators, SYSTEM or the calling user.
// Each message names the icacls command that fixes it; SIDs (*S-1-...) rather than names, which
// are translated on non-English Windows.

#include <windows.h>
// after windows.h
#include <aclapi.h>
#include <sddl.h>

#include <algorithm>
#include <memory>

#include "util/file_access_windows.hpp"
#include "util/text.hpp"
#include "util/windows_text_windows.hpp"

namespace awsdns::util {
namespace {

// The broad groups that must not write, with the name messages use and the icacls SID.
struct BroadGroup {
  WELL_KNOWN_SID_TYPE type;
  const char* name;
  const char* sid;
};
constexpr BroadGroup kBroadGroups[] = {{WinWorldSid, "Everyone", "S-1-1-0"},
                                       {WinAuthenticatedUserSid, "Authenticated Users", "S-1-5-11"},
                                       {WinBuiltinUsersSid, "Users", "S-1-5-32-545"}};

constexpr ACCESS_MASK kWriteRights =
    FILE_WRITE_DATA | FILE_APPEND_DATA | WRITE_DAC | WRITE_OWNER | GENERIC_WRITE | GENERIC_ALL;

bool is_well_known(PSID sid, WELL_KNOWN_SID_TYPE type) {
  BYTE buffer[SECURITY_MAX_SID_SIZE];
  DWORD size = sizeof buffer;
  return CreateWellKnownSid(type, nullptr, buffer, &size) && EqualSid(sid, buffer);
}

// True when `sid` is the user of this process's token.
bool is_process_user(PSID sid) {
  HANDLE token = nullptr;
  if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token)) return false;
  BYTE buffer[sizeof(TOKEN_USER) + SECURITY_MAX_SID_SIZE];
  DWORD size = 0;
  const bool got = GetTokenInformation(token, TokenUser, buffer, sizeof buffer, &size);
  CloseHandle(token);
  return got && EqualSid(sid, reinterpret_cast<TOKEN_USER*>(buffer)->User.Sid);
}

// "DOMAIN\name" of `sid`, else its S-1-... text.
std::string account_name(PSID sid) {
  wchar_t name[256], domain[256];
  DWORD name_size = 256, domain_size = 256;
  SID_NAME_USE use;
  if (LookupAccountSidW(nullptr, sid, name, &name_size, domain, &domain_size, &use))
    return domain_size > 0 ? utf8_from_wide(domain) + "\\" + utf8_from_wide(name)
                           : utf8_from_wide(name);
  wchar_t* text = nullptr;
  if (!ConvertSidToStringSidW(sid, &text)) return "an unknown account";
  std::string result = utf8_from_wide(text);
  LocalFree(text);
  return result;
}

FileFacts::OwnerKind owner_kind_of(PSID owner) {
  if (is_well_known(owner, WinBuiltinAdministratorsSid))
    return FileFacts::OwnerKind::Administrators;
  if (is_well_known(owner, WinLocalSystemSid)) return FileFacts::OwnerKind::System;
  if (is_process_user(owner)) return FileFacts::OwnerKind::Caller;
  return FileFacts::OwnerKind::Other;
}

// The broad groups an allow entry of `dacl` lets write (entries for the file itself only).
std::vector<std::string> broad_writers(const ACL& dacl) {
  std::vector<std::string> writers;
  for (DWORD i = 0; i < dacl.AceCount; ++i) {
    void* entry = nullptr;
    if (!GetAce(const_cast<ACL*>(&dacl), i, &entry)) continue;
    const auto* header = static_cast<const ACE_HEADER*>(entry);
    if (header->AceType != ACCESS_ALLOWED_ACE_TYPE || (header->AceFlags & INHERIT_ONLY_ACE))
      continue;
    const auto* allowed = static_cast<const ACCESS_ALLOWED_ACE*>(entry);
    if ((allowed->Mask & kWriteRights) == 0) continue;
    const PSID sid = const_cast<DWORD*>(&allowed->SidStart);
    for (const BroadGroup& group : kBroadGroups) {
      const bool listed = std::find(writers.begin(), writers.end(), group.name) != writers.end();
      if (!listed && is_well_known(sid, group.type)) writers.emplace_back(group.name);
    }
  }
  return writers;
}

}  // namespace

std::string read_access_facts(HANDLE file, FileFacts& facts) {
  PSID owner = nullptr;
  PACL dacl = nullptr;
  PSECURITY_DESCRIPTOR descriptor = nullptr;
  const DWORD error =
      GetSecurityInfo(file, SE_FILE_OBJECT, OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION,
                      &owner, nullptr, &dacl, nullptr, &descriptor);
  if (error != ERROR_SUCCESS) return "cannot read the access list: " + windows_error_text(error);
  const std::unique_ptr<void, decltype(&LocalFree)> release(descriptor, &LocalFree);
  facts.owner_kind = owner_kind_of(owner);
  facts.owner_name = account_name(owner);
  // A NULL DACL grants everyone every right.
  facts.writers = dacl == nullptr ? std::vector<std::string>{"Everyone"} : broad_writers(*dacl);
  return {};
}

std::vector<std::string> trust_problems(const FileFacts& facts, const std::string& path,
                                        unsigned /*caller_uid*/, const std::string& what) {
  std::vector<std::string> problems;
  const std::string quoted = "\"" + path + "\"";
  if (!facts.writers.empty()) {
    std::string removals;
    for (const BroadGroup& group : kBroadGroups) removals += std::string(" *") + group.sid;
    const std::string full = facts.is_directory ? ":(OI)(CI)F" : ":F";  // a folder: its contents
    problems.push_back(what + " is writable by " + join(facts.writers, ", ") +
                       " (its access list); run: icacls " + quoted + " /inheritance:r /remove:g" +
                       removals + " /grant:r *S-1-5-32-544" + full + " *S-1-5-18" + full);
  }
  if (facts.owner_kind == FileFacts::OwnerKind::Other)
    problems.push_back(what + " is owned by " + facts.owner_name +
                       ", neither Administrators, SYSTEM nor the caller; run: icacls " + quoted +
                       " /setowner *S-1-5-32-544");
  return problems;
}

}  // namespace awsdns::util
