// The SentencePiece module (see tokenizerbackend.h for why it is one).
#include "agents/tokenizerbackend.h"

#include <sentencepiece_processor.h>
#include <sentencepiece_trainer.h>

#include <unordered_map>

namespace sovereign::agent {
namespace {

/// Hands SentencePiece the lines of our texts, so no path or option of ours
/// goes through its command-line style argument string.
class LineIterator : public sentencepiece::SentenceIterator {
  public:
    explicit LineIterator(const std::vector<std::string> &lines) : m_lines(lines) {}
    bool done() const override { return m_index >= m_lines.size(); }
    void Next() override { ++m_index; }
    const std::string &value() const override { return m_lines[m_index]; }
    sentencepiece::util::Status status() const override { return {}; }

  private:
    const std::vector<std::string> &m_lines;
    std::size_t m_index = 0;
};

class SentencePieceBackend final : public TokenizerBackend {
  public:
    bool load(const std::string &path, std::string &error) override {
        const auto status = m_sp.Load(path);
        if (!status.ok())
            error = status.message();
        return status.ok();
    }
    bool loadSerialized(const std::string &model, std::string &error) override {
        const auto status = m_sp.LoadFromSerializedProto(model);
        if (!status.ok())
            error = status.message();
        return status.ok();
    }
    std::string serialized() const override { return m_sp.serialized_model_proto(); }
    void piece(int id, std::string &text, float &score, int &type) const override {
        text = m_sp.IdToPiece(id);
        score = m_sp.GetScore(id);
        type = m_sp.IsUnknown(id)   ? 2
               : m_sp.IsControl(id) ? 3
               : m_sp.IsUnused(id)  ? 5
               : m_sp.IsByte(id)    ? 6
                                    : 1;
    }
    int unkId() const override { return m_sp.unk_id(); }
    std::vector<int> encode(const std::string &text) const override {
        std::vector<int> ids;
        m_sp.Encode(text, &ids).IgnoreError();
        return ids;
    }
    std::string decode(const std::vector<int> &ids) const override {
        std::string text;
        m_sp.Decode(ids, &text).IgnoreError();
        return text;
    }
    int pieceSize() const override { return m_sp.GetPieceSize(); }
    int bosId() const override { return m_sp.bos_id(); }
    int eosId() const override { return m_sp.eos_id(); }
    bool train(const std::vector<std::pair<std::string, std::string>> &args,
               const std::vector<std::string> &lines, std::string &model,
               std::string &error) override {
        const std::unordered_map<std::string, std::string> kwargs(args.begin(), args.end());
        LineIterator iterator(lines);
        const auto status = sentencepiece::SentencePieceTrainer::Train(kwargs, &iterator, &model);
        if (!status.ok())
            error = status.message();
        return status.ok();
    }

  private:
    sentencepiece::SentencePieceProcessor m_sp;
};

} // namespace
} // namespace sovereign::agent

extern "C" __attribute__((visibility("default"))) sovereign::agent::TokenizerBackend *
sovereign_tokenizer_backend() {
    return new sovereign::agent::SentencePieceBackend();
}
