#pragma once

#include <limits>
#include <string>
#include <vector>

namespace sovereign::energy {

/// An owned partition: sovereign capacity on the site's own grid connection.
struct Partition {
    std::string name;
    int nodes = 0;
    double busyKw = 0; ///< per node, when a job gives no power of its own
    double idleKw = 0; ///< per node, whenever it runs no job
};

/// A cloud provider the site may burst to: billed per node-hour (energy
/// included), from the moment its nodes start spinning up.
struct BurstProvider {
    std::string name;
    double usdPerNodeHour = 0;
    int spinupSlots = 0; ///< nodes are ready this many slots after they are asked for
    int maxNodes = 0;
    bool sovereign = false;            ///< may run sensitive work
    std::vector<double> carbonGPerKwh; ///< the region's grid, per slot
};

/// The site over the planning horizon: every series is already one value per
/// slot (energy/site.cpp aligns and converts them).
struct SiteSlots {
    double slotHours = 0.25;
    int slotCount = 0;
    std::vector<double> priceUsdPerKwh; ///< the site's electricity, per slot
    std::vector<double> carbonGPerKwh;  ///< the site's grid, per slot
    std::vector<double> capKw;          ///< the site's power cap, per slot (infinity: none)
    double carbonPriceUsdPerT = 0;
    std::vector<Partition> partitions;
    std::vector<BurstProvider> bursts;

    /// Places are numbered partitions first, then burst providers.
    int placeCount() const { return int(partitions.size() + bursts.size()); }
    bool isBurst(int place) const { return place >= int(partitions.size()); }
};

/// A job, in slots of the horizon.
struct Job {
    std::string id;
    int arrival = 0;                                ///< the slot it is known from
    int earliest = 0;                               ///< the first slot it may run in (>= arrival)
    int deadline = std::numeric_limits<int>::max(); ///< it must be done before this slot starts
    int duration = 1;                               ///< slots of running
    int nodes = 1;
    double kwPerNode = 0;     ///< while running; 0: the partition's busy_kw
    bool sensitive = false;   ///< owned or sovereign capacity only
    bool preemptible = false; ///< may run in separate slots (checkpoint and resume)
    int priority = 0;         ///< higher first when capacity is short
    int partition = -1;       ///< the owned partition it needs (-1: any); bursts run it alike
};

struct Problem {
    SiteSlots site;
    std::vector<Job> jobs;
};

/// Where and when one job runs: `runSlots` ascending, as many as its duration,
/// all on one place. place < 0: not placed at all (flagged with the reason).
/// (Not named `slots`: Qt defines that word as a macro.)
struct Placement {
    int place = -1;
    std::vector<int> runSlots;
};

} // namespace sovereign::energy
