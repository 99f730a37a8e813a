#pragma once
// A Windows environment block (GetEnvironmentStringsW: "NAME=value\0...\0\0" in UTF-16) as an
// Environment value; portable so that it is tested everywhere.

#include "envfile/environment.hpp"

namespace awsdns::cli {

/// The entries of `block` up to its empty entry, as UTF-8; the per-drive current directories
/// ("=C:=C:\dir", a name starting with '=') and entries without '=' are left out.
envfile::Environment environment_from_block(const char16_t* block);

}  // namespace awsdns::cli
