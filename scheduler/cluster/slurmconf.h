#pragma once

#include "scheduler/cluster/clusterconfig.h"
#include "scheduler/cluster/clusterpaths.h"

#include <QString>

namespace sovereign {

/// The slurm.conf for a config whose ports are all chosen.
QString renderSlurmConf(const ClusterConfig &config, const ClusterPaths &paths,
                        const QList<int> &slurmdPorts);

} // namespace sovereign
