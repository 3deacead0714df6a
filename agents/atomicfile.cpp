#include "agents/atomicfile.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>

#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

namespace sovereign::agent {

namespace {

std::string errnoText(int error) {
    return std::strerror(error);
}

/// ".NAME.tmp-" plus a suffix unique to this process, call and a random draw:
/// concurrent writers of the same path (threads or processes) never share it.
std::string temporaryName(const std::string &directory, const std::string &name) {
    static std::atomic<unsigned> counter{0};
    std::uint32_t random = 0;
    if (getrandom(&random, sizeof random, GRND_NONBLOCK) != sizeof random)
        random = std::uint32_t(std::chrono::steady_clock::now().time_since_epoch().count());
    char suffix[64];
    std::snprintf(suffix, sizeof suffix, "%ld-%u-%08x", long(getpid()), counter.fetch_add(1),
                  unsigned(random));
    return directory + "/." + name + ".tmp-" + suffix;
}

Result<void> writeAll(int fd, std::span<const std::byte> chunk) {
    const std::byte *p = chunk.data();
    std::size_t left = chunk.size();
    while (left > 0) {
        // Linux writes at most about 2 GiB per call; ask for no more than 1 GiB.
        const ssize_t n = ::write(fd, p, std::min<std::size_t>(left, std::size_t(1) << 30));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return fail(errnoText(errno));
        if (n == 0)
            return fail("write made no progress");
        p += n;
        left -= std::size_t(n);
    }
    return {};
}

int fsyncRetrying(int fd) {
    int rc;
    do
        rc = ::fsync(fd);
    while (rc != 0 && errno == EINTR);
    return rc;
}

} // namespace

Result<void> writeFileAtomically(const std::string &path,
                                 const std::vector<std::span<const std::byte>> &chunks,
                                 unsigned mode) {
    const std::size_t slash = path.rfind('/');
    const std::string directory =
        slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
    const std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
    if (name.empty() || name == "." || name == "..")
        return fail(path, 0, 0, "cannot write: the path names a folder, not a file");

    // The mode is given to open(): the file never exists with other permissions.
    std::string temporary;
    int fd = -1;
    for (int attempt = 0; attempt < 100 && fd < 0; ++attempt) {
        temporary = temporaryName(directory, name);
        fd = ::open(temporary.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, mode_t(mode));
        if (fd < 0 && errno != EEXIST)
            break;
    }
    if (fd < 0)
        return fail(path, 0, 0,
                    "cannot create a temporary file in " + directory + ": " + errnoText(errno));

    // Any failure from here on: close, remove the temporary, report the step.
    auto abandon = [&](const std::string &step, const std::string &reason) {
        if (fd >= 0)
            ::close(fd);
        ::unlink(temporary.c_str());
        return fail(path, 0, 0, "cannot " + step + " " + temporary + ": " + reason);
    };
    for (const auto &chunk : chunks)
        if (auto written = writeAll(fd, chunk); !written)
            return abandon("write", written.error().message);
    if (fsyncRetrying(fd) != 0)
        return abandon("fsync", errnoText(errno));
    // Linux releases the descriptor even when close() fails: never close twice.
    const int closed = ::close(fd);
    fd = -1;
    if (closed != 0)
        return abandon("close", errnoText(errno));
    if (::rename(temporary.c_str(), path.c_str()) != 0) {
        const int error = errno;
        ::unlink(temporary.c_str());
        return fail(path, 0, 0, "cannot rename " + temporary + " over it: " + errnoText(error));
    }

    // The rename is durable only once the folder's entry is on disk.
    const int dir = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir < 0)
        return fail(path, 0, 0,
                    "written, but cannot open its folder " + directory +
                        " to fsync it: " + errnoText(errno));
    const int synced = fsyncRetrying(dir);
    const int error = errno;
    ::close(dir);
    // Some file systems cannot fsync a folder (EINVAL): nothing more to do there.
    if (synced != 0 && error != EINVAL)
        return fail(path, 0, 0,
                    "written, but the fsync of its folder " + directory +
                        " failed: " + errnoText(error));
    return {};
}

Result<void> writeTextAtomically(const std::string &path, const std::string &text, unsigned mode) {
    return writeFileAtomically(path, {std::as_bytes(std::span(text.data(), text.size()))}, mode);
}

} // namespace sovereign::agent
