#pragma once

#include "planner/base/error.h"

#include <span>
#include <string>
#include <vector>

namespace sovereign::agent {

/// Writes `chunks` one after the other to `path` so that a crash at any moment
/// leaves either the old file or the complete new one: a temporary file in the
/// same folder created with `mode` (never chmod-ed afterwards), fsync, rename
/// over `path`, fsync of the folder.
Result<void> writeFileAtomically(const std::string &path,
                                 const std::vector<std::span<const std::byte>> &chunks,
                                 unsigned mode = 0644);
/// The same for one text.
Result<void> writeTextAtomically(const std::string &path, const std::string &text,
                                 unsigned mode = 0644);

} // namespace sovereign::agent
