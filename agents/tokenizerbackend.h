#pragma once

// The door between the agent and SentencePiece. Debian's libsentencepiece
// carries its own copy of protobuf and exports it; libtorch loads the system
// libprotobuf, and with both in one process the dynamic linker mixes the two
// (a crash in protobuf's start-up). So SentencePiece lives in a module of its
// own (sentencepiecemodule.cpp), loaded with dlopen(RTLD_LOCAL | RTLD_DEEPBIND)
// and used only through this interface: no symbol of it is ever looked up.

#include <string>
#include <vector>

namespace sovereign::agent {

class TokenizerBackend {
  public:
    virtual ~TokenizerBackend() = default;
    /// False with a message when `path` is not a SentencePiece model.
    virtual bool load(const std::string &path, std::string &error) = 0;
    /// The same from a serialized ModelProto.
    virtual bool loadSerialized(const std::string &model, std::string &error) = 0;
    /// The loaded model as a serialized ModelProto.
    virtual std::string serialized() const = 0;
    /// Piece `id`: its text, score and SentencePiece type number (1 normal,
    /// 2 unknown, 3 control, 4 user-defined, 5 unused, 6 byte).
    virtual void piece(int id, std::string &text, float &score, int &type) const = 0;
    virtual int unkId() const = 0;
    virtual std::vector<int> encode(const std::string &text) const = 0;
    virtual std::string decode(const std::vector<int> &ids) const = 0;
    virtual int pieceSize() const = 0;
    virtual int bosId() const = 0;
    virtual int eosId() const = 0;
    /// Trains on `lines` with SentencePiece's options `args` (name -> value);
    /// the serialized model comes back in `model`.
    virtual bool train(const std::vector<std::pair<std::string, std::string>> &args,
                       const std::vector<std::string> &lines, std::string &model,
                       std::string &error) = 0;
};

} // namespace sovereign::agent

/// The module's one entry point: a new backend, owned by the caller.
extern "C" sovereign::agent::TokenizerBackend *sovereign_tokenizer_backend();
