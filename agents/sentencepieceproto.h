#pragma once

// A SentencePiece ModelProto made from a vocabulary, for GGUF files: they
// carry a SentencePiece tokenizer as its pieces, scores and types, and
// SentencePiece loads only its own serialized model. Debian's package ships
// no .proto header, so the few fields needed are written in protobuf's wire
// format here (field numbers from sentencepiece_model.proto).

#include "agents/tokenizer.h"
#include "planner/base/error.h"

#include <string>

namespace sovereign::agent {

/// Checks what SentencePiece would otherwise reject obscurely: at least one
/// piece, ids of unk/bos/eos/pad inside the vocabulary (or -1 for bos, eos
/// and pad), the unknown piece of type Unknown, no empty or repeated piece,
/// and types among SentencePiece's. Errors name `name` and the piece.
Result<void> checkVocabulary(const Vocabulary &vocabulary, const std::string &name);

/// The serialized ModelProto: the pieces, a trainer spec (BPE or unigram,
/// byte fallback when byte pieces exist, the special ids) and an identity
/// normalizer with the vocabulary's whitespace options.
std::string sentencePieceModelProto(const Vocabulary &vocabulary);

} // namespace sovereign::agent
