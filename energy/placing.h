#pragma once

// Putting one job into a partly filled site: what the heuristic's passes
// (energy/heuristic.cpp) are built from. Internal to the energy library.

#include "energy/costmodel.h"
#include "energy/heuristic.h"
#include "energy/problem.h"

#include <limits>
#include <vector>

namespace sovereign::energy {

/// What is taken, slot by slot: nodes per place, and the site's draw above
/// idle against the cap.
class Occupancy {
  public:
    explicit Occupancy(const SiteSlots &site)
        : m_site(site),
          m_nodes(std::size_t(site.placeCount()), std::vector<int>(std::size_t(site.slotCount), 0)),
          m_headroomKw(std::size_t(site.slotCount)) {
        double idle = 0;
        for (const Partition &p : site.partitions)
            idle += p.nodes * p.idleKw;
        for (int t = 0; t < site.slotCount; ++t)
            m_headroomKw[std::size_t(t)] = site.capKw[std::size_t(t)] - idle;
    }

    int capacity(int place) const {
        return m_site.isBurst(place)
                   ? m_site.bursts[std::size_t(place) - m_site.partitions.size()].maxNodes
                   : m_site.partitions[std::size_t(place)].nodes;
    }

    /// Can `job` run on `place` in slot t, given what is taken?
    bool fits(const Job &job, int place, int t, bool capped = true) const {
        if (m_nodes[std::size_t(place)][std::size_t(t)] + job.nodes > capacity(place))
            return false;
        if (!capped || m_site.isBurst(place))
            return true;
        // A small tolerance: sums of kW in another order must not flip a verdict.
        return marginalKw(m_site, job, place) <= m_headroomKw[std::size_t(t)] + 1e-9;
    }

    /// Takes (sign +1) or gives back (-1) what `p` uses.
    void take(const Job &job, const Placement &p, int sign);

  private:
    const SiteSlots &m_site;
    std::vector<std::vector<int>> m_nodes;
    std::vector<double> m_headroomKw;
};

/// May `job` run on `place` at all (its partition, a burst's size, sovereignty)?
bool allowed(const SiteSlots &site, const Job &job, int place);

/// The first slot `job` may run in on `place` (its earliest start, a burst's spin-up).
int firstSlot(const SiteSlots &site, const Job &job, int place);

struct Candidate {
    Placement placement;
    double costUsd = std::numeric_limits<double>::infinity();
};

/// The cheapest placement of `job` on `place` within [lo, hi), or none.
Candidate cheapestOn(const SiteSlots &site, const Occupancy &taken, const Job &job, int place,
                     int lo, int hi);

/// Places one job: the cheapest placement meeting the deadline, else the one
/// finishing first (flagged), else none (flagged).
Decision place(const SiteSlots &site, const Occupancy &taken, const Job &job);

/// Brings bursting jobs home when the site can make room (see placing.cpp).
void repairBursts(const Problem &problem, std::vector<Decision> &plan, Occupancy &taken);

} // namespace sovereign::energy
