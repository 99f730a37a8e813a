#pragma once
// Windows only: the owner and the broad writers of an opened file, from its security descriptor
// (file_trust_windows.cpp), for read_file_facts (file_reader_windows.cpp).

#include <windows.h>

#include <string>

#include "util/file_reader.hpp"

namespace awsdns::util {

/// Fills facts.owner_kind, owner_name and writers from `file` (opened with READ_CONTROL).
/// Empty on success, else what the system said.
std::string read_access_facts(HANDLE file, FileFacts& facts);

}  // namespace awsdns::util
