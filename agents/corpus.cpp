#include "agents/corpus.h"

#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <string_view>

namespace sovereign::agent {

namespace {

/// The offset of the first byte that breaks UTF-8, or npos.
std::size_t firstInvalidUtf8(const std::string &s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        int extra = 0;
        char32_t min = 0;
        if (c < 0x80) {
            ++i;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            extra = 1;
            min = 0x80;
        } else if ((c & 0xF0) == 0xE0) {
            extra = 2;
            min = 0x800;
        } else if ((c & 0xF8) == 0xF0) {
            extra = 3;
            min = 0x10000;
        } else {
            return i;
        }
        if (i + std::size_t(extra) >= s.size())
            return i;
        char32_t cp = c & (0x3F >> extra);
        for (int k = 1; k <= extra; ++k) {
            const auto d = static_cast<unsigned char>(s[i + std::size_t(k)]);
            if ((d & 0xC0) != 0x80)
                return i;
            cp = (cp << 6) | (d & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return i;
        i += std::size_t(extra) + 1;
    }
    return std::string::npos;
}

} // namespace

Result<std::string> readUtf8Text(const std::string &path) {
    QFile f(QString::fromStdString(path));
    if (!f.open(QIODevice::ReadOnly))
        return fail(path, 0, 0, "cannot read: " + f.errorString().toStdString());
    std::string text = f.readAll().toStdString();
    if (const std::size_t bad = firstInvalidUtf8(text); bad != std::string::npos) {
        const int line =
            1 + int(std::count(text.begin(), text.begin() + std::ptrdiff_t(bad), '\n'));
        return fail(path, line, 0,
                    "not UTF-8 text (byte " + std::to_string(bad) +
                        "); convert it, e.g. iconv -f latin1 -t utf-8");
    }
    return text;
}

Result<std::vector<std::string>> readFortunes(const std::string &path) {
    auto text = readUtf8Text(path);
    if (!text)
        return std::unexpected(text.error());
    std::vector<std::string> entries;
    std::string current;
    std::size_t start = 0;
    while (start < text->size()) {
        std::size_t end = text->find('\n', start);
        if (end == std::string::npos)
            end = text->size();
        const std::string_view line(text->data() + start, end - start);
        if (line == "%") {
            if (!current.empty())
                entries.push_back(std::move(current));
            current.clear();
        } else {
            current.append(line);
            current.push_back('\n');
        }
        start = end + 1;
    }
    if (!current.empty())
        entries.push_back(std::move(current));
    if (entries.empty())
        return fail(path, 0, 0, "no fortunes in it (entries are separated by lines holding %)");
    return entries;
}

Result<FortuneCorpus> fortuneCorpus(const std::string &language, const std::string &folder) {
    FortuneCorpus corpus;
    corpus.language = language;
    std::vector<std::string> names;
    if (language == "en") {
        corpus.package = "fortunes-min, fortunes";
        names = {"fortunes", "literature", "riddles", "computers", "science", "wisdom", "work"};
    } else if (language == "pt") {
        corpus.package = "fortunes-br";
        names = {"brasil"};
    } else {
        return fail("corpus: language \"" + language +
                    "\" has no fortune corpus; expected en or pt");
    }
    for (const auto &name : names) {
        const std::string path = folder + "/" + name;
        if (!QFileInfo::exists(QString::fromStdString(path)))
            return fail(path, 0, 0,
                        "missing; install Debian's " + corpus.package +
                            " (bash scripts/setup.sh does)");
        corpus.files.push_back(path);
    }
    return corpus;
}

CorpusSplit splitEveryTenth(const std::vector<std::string> &entries) {
    CorpusSplit split;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        std::string &into = i % 10 == 9 ? split.heldOut : split.train;
        (i % 10 == 9 ? split.heldOutEntries : split.trainEntries) += 1;
        into += entries[i];
        into += '\n';
    }
    return split;
}

} // namespace sovereign::agent
