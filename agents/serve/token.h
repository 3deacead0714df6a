#pragma once

// The bearer token `sovereign-agent serve` asks of every client: a secret
// file of the user's, made once with a fresh random token.

#include "planner/base/error.h"

#include <cstddef>
#include <string>
#include <string_view>

namespace sovereign::agent::serve {

/// $XDG_CONFIG_HOME/sovereign/agent-token, else ~/.config/sovereign/agent-token.
std::string defaultTokenPath();

struct TokenFile {
    std::string token;
    bool created = false; ///< the file did not exist: we made it
};

/// Reads the token of `path` (surrounding white space trimmed), or, when the
/// file does not exist, creates it with 64 random hex digits: opened with
/// O_CREAT | O_EXCL, mode 0600 from the start (never chmod-ed afterwards),
/// its missing folders made 0700. Refuses a file that group or others may
/// read or write, one that is not a regular file, and an empty one.
Result<TokenFile> loadOrCreateToken(const std::string &path);

/// `bytes` bytes from the kernel's random source (getrandom), as hex.
Result<std::string> randomHex(std::size_t bytes);

/// a == b in a time that depends on the lengths only, not on where the
/// strings differ.
bool constantTimeEquals(std::string_view a, std::string_view b);

} // namespace sovereign::agent::serve
