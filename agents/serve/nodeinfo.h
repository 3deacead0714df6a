#pragma once

// Facts about this node for an orchestrator (GET /v1/node): what
// collectSystemInfo knows (CPU, SIMD, BLAS), memory, GPUs, power source.

#include <QJsonArray>
#include <QJsonObject>

#include <cstdint>
#include <string>

namespace sovereign::agent::serve {

struct MemoryInfo {
    std::uint64_t totalBytes = 0;
    std::uint64_t availableBytes = 0;
};
/// MemTotal and MemAvailable of /proc/meminfo (zeros when unreadable).
MemoryInfo readMemoryInfo(const std::string &path = "/proc/meminfo");

/// The GPUs nvidia-smi lists: [{index, name, uuid, memory_total_mib}]; []
/// when it is not installed or fails (within 10 s).
QJsonArray detectGpus();

/// "mains" when a mains (or USB) supply is online, "battery" when the
/// machine has a battery and no supply online, "unknown" when
/// /sys/class/power_supply says neither (a server usually lists nothing).
std::string powerSource(const std::string &root = "/sys/class/power_supply");

/// The facts that do not change while the agent runs: hostname, cpu_model,
/// logical_cpus, simd, simd_flags, blas {vendor, library, threads},
/// memory_total_bytes, gpus.
QJsonObject staticNodeFacts();

} // namespace sovereign::agent::serve
