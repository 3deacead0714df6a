#include "agents/serve/token.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

namespace sovereign::agent::serve {
namespace {

std::string errnoText() {
    return std::strerror(errno);
}

/// Makes the folders of `path` that are missing, each 0700.
Result<void> makeParents(const std::string &path) {
    for (std::size_t slash = path.find('/', 1); slash != std::string::npos;
         slash = path.find('/', slash + 1)) {
        const std::string folder = path.substr(0, slash);
        if (::mkdir(folder.c_str(), 0700) != 0 && errno != EEXIST)
            return fail(folder, 0, 0, "cannot create the folder: " + errnoText());
    }
    return {};
}

std::string trimmed(const std::string &s) {
    const char *space = " \t\r\n\f\v";
    const std::size_t begin = s.find_first_not_of(space);
    if (begin == std::string::npos)
        return {};
    return s.substr(begin, s.find_last_not_of(space) - begin + 1);
}

Result<std::string> readToken(const std::string &path, int fd) {
    struct stat st {};
    if (::fstat(fd, &st) != 0)
        return fail(path, 0, 0, "cannot read the token file: " + errnoText());
    if (!S_ISREG(st.st_mode))
        return fail(path, 0, 0, "the token file is not a regular file");
    if (st.st_mode & (S_IRWXG | S_IRWXO)) {
        char mode[8];
        std::snprintf(mode, sizeof mode, "%04o", unsigned(st.st_mode & 07777));
        return fail(path, 0, 0,
                    std::string("the token file is open to group or others (mode ") + mode +
                        "); it must be readable by its owner only: chmod 600 " + path);
    }
    std::string text;
    char buffer[4096];
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return fail(path, 0, 0, "cannot read the token file: " + errnoText());
        if (n == 0)
            break;
        text.append(buffer, std::size_t(n));
        if (text.size() > 65536)
            return fail(path, 0, 0, "the token file is larger than 64 KiB: not a token");
    }
    std::string token = trimmed(text);
    if (token.empty())
        return fail(path, 0, 0, "the token file is empty");
    return token;
}

} // namespace

std::string defaultTokenPath() {
    const char *config = std::getenv("XDG_CONFIG_HOME");
    std::string base;
    if (config && config[0] == '/') {
        base = config;
    } else {
        const char *home = std::getenv("HOME");
        base = std::string(home && home[0] ? home : ".") + "/.config";
    }
    return base + "/sovereign/agent-token";
}

Result<std::string> randomHex(std::size_t bytes) {
    std::string raw(bytes, '\0');
    std::size_t got = 0;
    while (got < bytes) {
        const ssize_t n = ::getrandom(raw.data() + got, bytes - got, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return fail("getrandom failed: " + errnoText());
        got += std::size_t(n);
    }
    static const char digits[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(bytes * 2);
    for (unsigned char c : raw) {
        hex += digits[c >> 4];
        hex += digits[c & 15];
    }
    return hex;
}

Result<TokenFile> loadOrCreateToken(const std::string &path) {
    if (path.empty())
        return fail("the token file's path is empty");
    for (int attempt = 0; attempt < 2; ++attempt) {
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
        if (fd >= 0) {
            auto token = readToken(path, fd);
            ::close(fd);
            if (!token)
                return std::unexpected(token.error());
            return TokenFile{*token, false};
        }
        if (errno != ENOENT)
            return fail(path, 0, 0, "cannot open the token file: " + errnoText());
        if (auto ok = makeParents(path); !ok)
            return std::unexpected(ok.error());
        auto token = randomHex(32);
        if (!token)
            return std::unexpected(token.error());
        const int out =
            ::open(path.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0600);
        if (out < 0) {
            if (errno == EEXIST)
                continue; // made by someone else meanwhile: read theirs
            return fail(path, 0, 0, "cannot create the token file: " + errnoText());
        }
        const std::string line = *token + "\n";
        std::size_t written = 0;
        while (written < line.size()) {
            const ssize_t n = ::write(out, line.data() + written, line.size() - written);
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0) {
                const std::string why = errnoText();
                ::close(out);
                ::unlink(path.c_str());
                return fail(path, 0, 0, "cannot write the token file: " + why);
            }
            written += std::size_t(n);
        }
        if (::fsync(out) != 0 || ::close(out) != 0) {
            const std::string why = errnoText();
            ::unlink(path.c_str());
            return fail(path, 0, 0, "cannot write the token file: " + why);
        }
        return TokenFile{*token, true};
    }
    return fail(path, 0, 0, "the token file keeps appearing and vanishing");
}

bool constantTimeEquals(std::string_view a, std::string_view b) {
    // Every byte of the longer string is looked at, whatever the contents.
    volatile unsigned char diff = a.size() == b.size() ? 0 : 1;
    const std::size_t n = std::max(a.size(), b.size());
    for (std::size_t i = 0; i < n; ++i) {
        const unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
        const unsigned char y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
        diff = diff | (x ^ y);
    }
    return diff == 0;
}

} // namespace sovereign::agent::serve
