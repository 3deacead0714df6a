#include "agents/serve/utf8stream.h"

#include <QStringDecoder>

#include <algorithm>

namespace sovereign::agent::serve {

std::size_t incompleteUtf8Tail(std::string_view s) {
    for (std::size_t back = 1; back <= std::min<std::size_t>(3, s.size()); ++back) {
        const auto c = static_cast<unsigned char>(s[s.size() - back]);
        if ((c & 0xC0) == 0x80)
            continue; // a continuation byte: its lead is further back
        if (c < 0xC0)
            return 0; // ASCII ends the look
        const std::size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
        return need > back ? back : 0;
    }
    return 0;
}

QString Utf8Stream::push(std::string_view bytes, bool final) {
    m_pending.append(bytes);
    const std::size_t cut =
        final ? m_pending.size() : m_pending.size() - incompleteUtf8Tail(m_pending);
    if (cut == 0)
        return {};
    QString text;
    if (!m_started) {
        // QString::fromUtf8 drops a byte order mark at the start of the whole
        // text only.
        text = QString::fromUtf8(m_pending.data(), qsizetype(cut));
        m_started = true;
    } else {
        QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless |
                                                         QStringDecoder::Flag::ConvertInitialBom);
        text = decoder.decode(QByteArrayView(m_pending.data(), qsizetype(cut)));
    }
    m_pending.erase(0, cut);
    return text;
}

} // namespace sovereign::agent::serve
