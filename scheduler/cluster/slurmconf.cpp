#include "scheduler/cluster/slurmconf.h"

namespace sovereign {

QString renderSlurmConf(const ClusterConfig &c, const ClusterPaths &p,
                        const QList<int> &slurmdPorts) {
    QString conf;
    auto line = [&](const QString &text) { conf += text + "\n"; };
    line("# Written by `sovereign cluster up`; edits are overwritten on the next up.");
    line("ClusterName=" + c.name);
    line("SlurmctldHost=localhost(127.0.0.1)");
    line(QString("SlurmctldPort=%1").arg(c.ctldPort));
    // Bind to the configured address (127.0.0.1), not to every interface:
    // without these slurmctld (NoCtldInAddrAny) and slurmd (NoInAddrAny) listen
    // on 0.0.0.0.
    line("CommunicationParameters=NoCtldInAddrAny,NoInAddrAny");
    line("SlurmUser=root");
    line("SlurmdUser=root");
    line("AuthType=auth/munge");
    line("AuthInfo=socket=" + p.mungeSocket());
    line("CredType=cred/munge");
    // JWT lets slurmrestd (not root) act for the token's user; tokens via `scontrol token`.
    line("AuthAltTypes=auth/jwt");
    line("AuthAltParameters=jwt_key=" + p.jwtKey());
    line("StateSaveLocation=" + p.stateSave());
    line("SlurmdSpoolDir=" + p.spoolPattern());
    line("SlurmctldPidFile=" + p.ctldPid());
    line("SlurmdPidFile=" + p.slurmdPidPattern());
    line("SlurmctldLogFile=" + p.log("slurmctld"));
    line("SlurmdLogFile=" + p.slurmdLogPattern());
    line("ProctrackType=proctrack/linuxproc");
    line("TaskPlugin=task/none");
    line("MpiDefault=none");
    line("SwitchType=switch/none");
    line("SelectType=select/cons_tres");
    line("SelectTypeParameters=CR_Core");
    line("SchedulerType=sched/backfill");
    line("ReturnToService=2");
    // Emulated nodes may declare more CPUs than this host has (a site's real
    // node sizes): slurmd then trusts slurm.conf instead of draining the node.
    line("SlurmdParameters=config_overrides");
    line("SlurmctldTimeout=30");
    line("SlurmdTimeout=30");
    line("InactiveLimit=0");
    line("MinJobAge=600");
    line("JobRequeue=1");
    line("JobCompType=jobcomp/none");
    line("JobAcctGatherType=jobacct_gather/none");
    line("AccountingStorageType=accounting_storage/none");
    line("MailProg=/bin/true");
    // Power saving drives the burst nodes: Slurm calls our provider through
    // these programs. The owned nodes are excluded, or they would be suspended too.
    line("ResumeProgram=" + p.resumeProgram());
    line("SuspendProgram=" + p.suspendProgram());
    line(QString("SuspendTime=%1").arg(c.suspendTimeSeconds));
    line(QString("ResumeTimeout=%1").arg(c.resumeTimeoutSeconds));
    line("SuspendTimeout=30");
    line("ResumeRate=0");
    line("SuspendRate=0");
    line("SuspendExcNodes=" + c.ownedNodeNames().join(','));
    line("SlurmctldParameters=idle_on_node_suspend");
    const QStringList nodes = c.allNodeNames();
    for (int i = 0; i < nodes.size(); ++i) {
        const bool cloud = i >= c.ownedNodes;
        line(QString("NodeName=%1 NodeAddr=127.0.0.1 NodeHostname=localhost Port=%2 CPUs=%3 "
                     "RealMemory=%4 State=%5%6")
                 .arg(nodes[i])
                 .arg(slurmdPorts.value(i))
                 .arg(cloud ? c.cloud.cpus : c.ownedCpus)
                 .arg(cloud ? c.cloud.memoryMb : c.ownedMemoryMb)
                 .arg(cloud ? "CLOUD" : "UNKNOWN")
                 .arg(cloud ? QString(" Weight=%1 Features=burst,%2")
                                  .arg(static_cast<int>(c.cloud.usdPerHour * 100) + 1)
                                  .arg(c.cloud.sovereign ? "sovereign" : "foreign")
                            : QString(" Weight=1")));
    }
    line("PartitionName=owned Nodes=" + c.ownedNodeNames().join(',') +
         " Default=YES MaxTime=INFINITE State=UP");
    if (c.cloud.count > 0)
        line("PartitionName=cloud Nodes=" + c.cloudNodeNames().join(',') +
             " MaxTime=INFINITE State=UP");
    return conf;
}

} // namespace sovereign
