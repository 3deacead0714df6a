#pragma once

#include <QStringList>

namespace sovereign::agentcli {

/// Exit codes: 0 done, 1 failed (bad input or failed work), 2 wrong usage,
/// 75 stopped by a signal after writing a checkpoint (EX_TEMPFAIL: run the
/// same job again to resume; Slurm's requeue does).
enum Exit { Ok = 0, Failed = 1, Usage = 2, Stopped = 75 };

/// Each takes the arguments after the command's name(s).
int infoCommand(const QStringList &args);
int runCommand(const QStringList &args);
int benchTrainCommand(const QStringList &args);
int tokenizerTrainCommand(const QStringList &args);
int corpusCommand(const QStringList &args);
int forwardCommand(const QStringList &args);
// Inference (infercommands.cpp).
int generateCommand(const QStringList &args);
int benchGenerateCommand(const QStringList &args);
int convertCommand(const QStringList &args);
int modelRandomCommand(const QStringList &args);
// The OpenAI-compatible server (servecommand.cpp).
int serveCommand(const QStringList &args);

} // namespace sovereign::agentcli
