#pragma once
// POSIX only: the pieces of the trust rule's messages that file_trust_posix.cpp (files) and
// trusted_directory_posix.cpp (directories on the way to one) share.

#include <string>

namespace awsdns::util {

/// Permission bits as four octal digits ("0755", "1777").
std::string octal_mode(unsigned mode);

/// `path` as one shell word, for the chmod/chown/rm a message tells to run.
std::string shell_word(const std::string& path);

}  // namespace awsdns::util
