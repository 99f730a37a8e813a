// Loading the settings file: the file policy (type, size, permissions, owner), then the parser.

#include "envfile/settings_file.hpp"

#include <cstdio>

#include "envfile/file_reader.hpp"

namespace awsdns::envfile {
namespace {

std::string octal_mode(unsigned mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", mode & 07777);
  return text;
}

// `path` as one shell word, for the chmod/chown hints.
std::string shell_word(const std::string& path) {
  const bool plain =
      path.find_first_not_of(
          "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/._-+,:@") ==
      std::string::npos;
  if (plain && !path.empty()) return path;
  std::string quoted = "'";
  for (char c : path) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

}  // namespace

LoadResult load_settings_file(const std::string& path, bool named_explicitly, Caller caller) {
  LoadResult result;
  const auto refuse = [&](std::string message) {
    result.errors.push_back({path, 0, 0, std::move(message)});
  };
  using Status = detail::FileFacts::Status;
  const auto facts = detail::read_file_facts(path, kMaxSettingsBytes + 1);
  switch (facts.status) {
    case Status::Missing:
      if (named_explicitly)
        refuse("settings file not found (" + facts.os_error + ")");
      else
        result.absent_default = true;
      return result;
    case Status::NotRegular:
      refuse("the settings file is " + facts.kind + ", not a regular file");
      return result;
    case Status::Failed:
      refuse("cannot read the settings file: " + facts.os_error);
      return result;
    case Status::Read:
      break;
  }
  if (facts.mode & (detail::kGroupWritable | detail::kOthersWritable))
    refuse("the settings file is writable by group or others (mode " + octal_mode(facts.mode) +
           "); run: chmod go-w " + shell_word(path));
  if (facts.owner_uid != 0 && facts.owner_uid != caller.uid)
    refuse("the settings file is owned by uid " + std::to_string(facts.owner_uid) +
           ", neither root nor the caller (uid " + std::to_string(caller.uid) +
           "); run: chown root " + shell_word(path));
  if (facts.content.size() > kMaxSettingsBytes)
    refuse("the settings file is larger than 64 KiB (" + std::to_string(kMaxSettingsBytes) +
           " bytes); a settings file holds a few variables");
  if (!result.errors.empty()) return result;
  auto parsed = parse_settings(facts.content, path);
  if (!parsed.ok()) {
    result.errors = std::move(parsed.errors);
    return result;
  }
  result.settings = std::move(parsed.settings);
  return result;
}

}  // namespace awsdns::envfile
