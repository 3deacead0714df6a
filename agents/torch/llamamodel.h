#pragma once

// Private to agents_torch: includes libtorch.

#include "agents/llamaconfig.h"
#include "agents/loraconfig.h"
#include "planner/base/error.h"

#include <ATen/ATen.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sovereign::agent {

class SafetensorsFile;

using NamedTensors = std::vector<std::pair<std::string, at::Tensor>>;

/// A Llama-architecture causal language model (Hugging Face's LlamaForCausalLM)
/// as plain float32 tensors with their Hugging Face names, and optionally LoRA
/// adapters on chosen projections. Written from the architecture: RMSNorm,
/// rotary embeddings in the rotate-half convention, SwiGLU MLP, grouped-query
/// attention with a causal mask, no biases.
class LlamaModel {
  public:
    explicit LlamaModel(const LlamaConfig &config);

    const LlamaConfig &config() const { return m_config; }

    /// Fresh weights from `seed`: matrices N(0, 0.02), norm weights 1.
    void initialise(std::uint64_t seed);
    /// Takes every weight from a Hugging Face model.safetensors; refuses a
    /// missing, extra or mis-shaped tensor and a dtype other than F32/F16/BF16,
    /// naming the file and the tensor.
    Result<void> loadWeights(const SafetensorsFile &file);

    /// The base weights by Hugging Face name (lm_head left out when tied).
    NamedTensors weights() const;

    /// Adds LoRA A [r x in] (PEFT's Kaiming-uniform start, from `seed`) and
    /// B [out x r] (zeros) on every target module of every layer.
    void addLora(const LoraConfig &lora, std::uint64_t seed);
    /// Loads an adapter (PEFT names) onto the LoRA added by addLora().
    Result<void> loadLora(const SafetensorsFile &file);
    /// The LoRA tensors by PEFT name (empty without LoRA).
    NamedTensors loraWeights() const;
    bool hasLora() const { return m_lora.has_value(); }
    const LoraConfig &lora() const { return *m_lora; }
    /// W += (alpha / r) B A on every adapted module, then drops the adapter.
    void mergeLora();

    /// What training updates: every base weight, or only the LoRA tensors
    /// (the base then frozen). Sets requires_grad accordingly.
    NamedTensors trainable(bool loraOnly);

    /// Logits [B, T, vocab] for token ids [B, T] (int64). `training` turns
    /// LoRA dropout on.
    at::Tensor forward(const at::Tensor &ids, bool training) const;

  private:
    struct Lora {
        at::Tensor a, b;
    };
    struct Layer {
        at::Tensor inputNorm, q, k, v, o, postNorm, gate, up, down;
        std::map<std::string, Lora> lora; // by module name
    };

    at::Tensor &module(Layer &layer, const std::string &name);
    at::Tensor project(const Layer &layer, const char *name, const at::Tensor &w,
                       const at::Tensor &x, bool training) const;
    at::Tensor attention(const Layer &layer, const at::Tensor &x, bool training) const;
    at::Tensor rmsNorm(const at::Tensor &x, const at::Tensor &w) const;
    at::Tensor rotate(const at::Tensor &x, std::int64_t t) const;
    void buildRotary();
    std::vector<std::pair<std::string, at::Tensor *>> baseSlots();

    LlamaConfig m_config;
    at::Tensor m_embed, m_norm, m_lmHead; // m_lmHead undefined when tied
    std::vector<Layer> m_layers;
    std::optional<LoraConfig> m_lora;
    at::Tensor m_cos, m_sin; // [maxPos, headDim]
};

} // namespace sovereign::agent
