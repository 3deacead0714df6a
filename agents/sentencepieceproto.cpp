#include "agents/sentencepieceproto.h"

#include <bit>
#include <cstdint>
#include <unordered_set>

namespace sovereign::agent {
namespace {

// Protobuf's wire format: a key is (field << 3 | wire type); 0 varint,
// 2 length-delimited, 5 fixed 32-bit.
void varint(std::string &out, std::uint64_t v) {
    while (v >= 0x80) {
        out.push_back(char((v & 0x7f) | 0x80));
        v >>= 7;
    }
    out.push_back(char(v));
}
void key(std::string &out, int field, int wire) {
    varint(out, (std::uint64_t(field) << 3) | std::uint64_t(wire));
}
// int32 fields encode negative numbers as 64-bit two's complement.
void intField(std::string &out, int field, std::int64_t v) {
    key(out, field, 0);
    varint(out, std::uint64_t(v));
}
void bytesField(std::string &out, int field, const std::string &bytes) {
    key(out, field, 2);
    varint(out, bytes.size());
    out += bytes;
}
void floatField(std::string &out, int field, float v) {
    key(out, field, 5);
    const auto bits = std::bit_cast<std::uint32_t>(v);
    for (int i = 0; i < 4; ++i)
        out.push_back(char(bits >> (8 * i) & 0xff));
}

} // namespace

Result<void> checkVocabulary(const Vocabulary &v, const std::string &name) {
    const int n = int(v.pieces.size());
    if (n == 0)
        return fail(name, 0, 0, "the tokenizer has no pieces");
    if (v.unkId < 0 || v.unkId >= n)
        return fail(name, 0, 0,
                    "the unknown piece's id " + std::to_string(v.unkId) + " is outside the " +
                        std::to_string(n) + " pieces");
    if (v.pieces[std::size_t(v.unkId)].type != PieceType::Unknown)
        return fail(name, 0, 0,
                    "piece " + std::to_string(v.unkId) +
                        " (the unknown id) is not of the unknown type (2)");
    for (auto [id, what] : {std::pair{v.bosId, "bos"}, {v.eosId, "eos"}, {v.padId, "pad"}})
        if (id < -1 || id >= n)
            return fail(name, 0, 0,
                        std::string("the ") + what + " id " + std::to_string(id) +
                            " is outside the " + std::to_string(n) + " pieces");
    std::unordered_set<std::string> seen;
    for (int id = 0; id < n; ++id) {
        const auto &p = v.pieces[std::size_t(id)];
        if (p.text.empty())
            return fail(name, 0, 0, "piece " + std::to_string(id) + " is empty");
        if (int(p.type) < 1 || int(p.type) > 6)
            return fail(name, 0, 0,
                        "piece " + std::to_string(id) + " has type " + std::to_string(int(p.type)) +
                            "; SentencePiece's types are 1 to 6");
        if (!seen.insert(p.text).second)
            return fail(name, 0, 0,
                        "piece " + std::to_string(id) + " (\"" + p.text + "\") appears twice");
    }
    return {};
}

std::string sentencePieceModelProto(const Vocabulary &v) {
    std::string model;
    bool hasBytes = false;
    for (const auto &p : v.pieces) {
        std::string piece;
        bytesField(piece, 1, p.text);
        floatField(piece, 2, p.score);
        intField(piece, 3, int(p.type));
        bytesField(model, 1, piece); // ModelProto.pieces
        hasBytes = hasBytes || p.type == PieceType::Byte;
    }
    std::string trainer;
    intField(trainer, 3, v.unigram ? 1 : 2); // model_type: UNIGRAM 1, BPE 2
    intField(trainer, 4, std::int64_t(v.pieces.size()));
    intField(trainer, 35, hasBytes ? 1 : 0); // byte_fallback
    intField(trainer, 40, v.unkId);
    intField(trainer, 41, v.bosId);
    intField(trainer, 42, v.eosId);
    intField(trainer, 43, v.padId);
    bytesField(model, 2, trainer); // ModelProto.trainer_spec
    std::string normalizer;
    bytesField(normalizer, 1, "identity");
    intField(normalizer, 3, v.addSpacePrefix ? 1 : 0);
    intField(normalizer, 4, v.removeExtraWhitespaces ? 1 : 0);
    intField(normalizer, 5, 1);       // escape_whitespaces: spaces become U+2581
    bytesField(model, 3, normalizer); // ModelProto.normalizer_spec
    return model;
}

} // namespace sovereign::agent
