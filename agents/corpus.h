#pragma once

#include "planner/base/error.h"

#include <string>
#include <vector>

namespace sovereign::agent {

/// A text file that must be UTF-8; the error names the line of the first bad byte.
Result<std::string> readUtf8Text(const std::string &path);

/// The entries of a fortune(6) file: texts separated by lines holding "%".
Result<std::vector<std::string>> readFortunes(const std::string &path);

/// The corpora the agent trains on out of the box, from Debian's fortune
/// packages (installed by scripts/setup.sh, read offline):
///   en  fortunes-min (fortunes, literature, riddles) and fortunes (computers,
///       science, wisdom, work)
///   pt  fortunes-br (brasil), the "local language"
struct FortuneCorpus {
    std::string language; ///< "en" or "pt"
    std::string package;  ///< the Debian packages that hold the files
    std::vector<std::string> files;
};
Result<FortuneCorpus> fortuneCorpus(const std::string &language,
                                    const std::string &folder = "/usr/share/games/fortunes");

/// The fixed, documented split: entries are numbered in file order, across
/// the files in the order listed; every tenth (number % 10 == 9) is held out.
struct CorpusSplit {
    std::string train;
    std::string heldOut;
    int trainEntries = 0;
    int heldOutEntries = 0;
};
CorpusSplit splitEveryTenth(const std::vector<std::string> &entries);

} // namespace sovereign::agent
