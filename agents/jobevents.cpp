#include "agents/jobevents.h"

#include <QDateTime>
#include <QJsonDocument>

namespace sovereign::agent {

void JobEvents::send(const char *event, QJsonObject fields) {
    fields.insert("event", QString::fromLatin1(event));
    fields.insert("time", QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
    const QByteArray line = QJsonDocument(fields).toJson(QJsonDocument::Compact);
    const std::lock_guard lock(m_mutex);
    std::fwrite(line.constData(), 1, std::size_t(line.size()), m_out);
    std::fputc('\n', m_out);
    std::fflush(m_out);
}

} // namespace sovereign::agent
