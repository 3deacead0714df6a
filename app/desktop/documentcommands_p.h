#pragma once
// Undo commands of ProjectDocument; private to the document.

#include "projectdocument.h"

#include <QUndoCommand>

namespace sovereign {

class SetYamlCommand : public QUndoCommand {
  public:
    SetYamlCommand(ProjectDocument *doc, int index, std::string before, std::string after,
                   const QString &text, int mergeKey = -1)
        : QUndoCommand(text), m_doc(doc), m_index(index), m_before(std::move(before)),
          m_after(std::move(after)), m_mergeKey(mergeKey) {}
    void redo() override { m_doc->applyYaml(m_index, m_after); }
    void undo() override { m_doc->applyYaml(m_index, m_before); }
    int id() const override { return m_mergeKey; }
    bool mergeWith(const QUndoCommand *other) override {
        // Repeated edits of the same field (spin box steps) undo as one.
        const auto *o = static_cast<const SetYamlCommand *>(other);
        if (o->m_index != m_index || o->text() != text())
            return false;
        m_after = o->m_after;
        return true;
    }

  private:
    ProjectDocument *m_doc;
    int m_index;
    std::string m_before, m_after;
    int m_mergeKey;
};

class AddScenarioCommand : public QUndoCommand {
  public:
    AddScenarioCommand(ProjectDocument *doc, int index, ScenarioEntry entry, const QString &text)
        : QUndoCommand(text), m_doc(doc), m_index(index), m_entry(std::move(entry)) {}
    void redo() override { m_doc->insertEntry(m_index, m_entry); }
    void undo() override { m_entry = m_doc->takeEntry(m_index); }

  private:
    ProjectDocument *m_doc;
    int m_index;
    ScenarioEntry m_entry;
};

class RemoveScenarioCommand : public QUndoCommand {
  public:
    RemoveScenarioCommand(ProjectDocument *doc, int index, const QString &text)
        : QUndoCommand(text), m_doc(doc), m_index(index) {}
    void redo() override { m_entry = m_doc->takeEntry(m_index); }
    void undo() override { m_doc->insertEntry(m_index, m_entry); }

  private:
    ProjectDocument *m_doc;
    int m_index;
    ScenarioEntry m_entry;
};

class RenameScenarioCommand : public QUndoCommand {
  public:
    RenameScenarioCommand(ProjectDocument *doc, int index, QString before, QString after,
                          const QString &text)
        : QUndoCommand(text), m_doc(doc), m_index(index), m_before(std::move(before)),
          m_after(std::move(after)) {}
    void redo() override { m_doc->setEntryName(m_index, m_after); }
    void undo() override { m_doc->setEntryName(m_index, m_before); }

  private:
    ProjectDocument *m_doc;
    int m_index;
    QString m_before, m_after;
};

} // namespace sovereign
