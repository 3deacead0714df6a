#pragma once

#include <expected>
#include <string>

namespace sovereign {

/// An error a user can act on: which file, where in it, and what was expected.
struct Error {
    std::string file;    ///< path or logical name; empty when not about a file
    int line = 0;        ///< 1-based; 0 when unknown
    int column = 0;      ///< 1-based; 0 when unknown
    std::string message; ///< what is wrong and what was expected

    /// "file:line:column: message" (parts that are unknown are left out).
    std::string toString() const;
};

template <class T> using Result = std::expected<T, Error>;

inline std::unexpected<Error> fail(std::string file, int line, int column, std::string message) {
    return std::unexpected(Error{std::move(file), line, column, std::move(message)});
}
inline std::unexpected<Error> fail(std::string message) {
    return std::unexpected(Error{{}, 0, 0, std::move(message)});
}

} // namespace sovereign
