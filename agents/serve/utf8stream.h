#pragma once

#include <QString>

#include <string>
#include <string_view>

namespace sovereign::agent::serve {

/// Turns UTF-8 bytes that arrive in pieces (a decoder's released text, which
/// may hold invalid bytes: byte-fallback tokens of a small model) into text,
/// exactly as QString::fromUtf8 turns all of them at once: the pieces of a
/// stream then add up to the text of the whole answer.
class Utf8Stream {
  public:
    /// The text of `bytes` and of what was held back before, less a tail that
    /// may still become a character; `final` releases everything.
    QString push(std::string_view bytes, bool final);

  private:
    std::string m_pending;
    bool m_started = false; ///< some bytes were decoded: a byte order mark is text now
};

/// Bytes at the end of `s` that start a character not complete yet (a lead
/// byte followed by fewer continuation bytes than it announces).
std::size_t incompleteUtf8Tail(std::string_view s);

} // namespace sovereign::agent::serve
