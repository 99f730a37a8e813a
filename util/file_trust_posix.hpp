#pragma once
// POSIX only: the pieces of the trust rule's messages that file_trust_posix.cpp (files) and
// trusted_directory_posix.cpp (directories on the way to one) share.

#include <string>

namespace awsdns::util {

/// Permission bits as four octal digits ("0755", "1777").
std::string octal_mode(unsigned mode);

}  // namespace awsdns::util
