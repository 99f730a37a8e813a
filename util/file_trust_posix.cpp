// The trust rule shared by every file that decides what awsdns runs: owner and write permissions.

#include "util/file_trust_posix.hpp"

#include <cstdio>

#include "util/file_reader.hpp"
#include "util/text.hpp"

namespace awsdns::util {

std::string octal_mode(unsigned mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", mode & 07777);
  return text;
}

std::vector<std::string> trust_problems(const FileFacts& facts, const std::string& path,
                                        unsigned caller_uid, const std::string& what) {
  std::vector<std::string> problems;
  if (facts.mode & (kGroupWritable | kOthersWritable))
    problems.push_back(what + " is writable by group or others (mode " + octal_mode(facts.mode) +
                       "); run: chmod go-w " + util::shell_word(path));
  if (facts.owner_uid != 0 && facts.owner_uid != caller_uid)
    problems.push_back(what + " is owned by uid " + std::to_string(facts.owner_uid) +
                       ", neither root nor the caller (uid " + std::to_string(caller_uid) +
                       "); run: chown root " + util::shell_word(path));
  return problems;
}

}  // namespace awsdns::util
