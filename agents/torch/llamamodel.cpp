#include "agents/torch/llamamodel.h"

#include "agents/safetensors.h"
#include "agents/torch/weights.h"

#include <torch/nn/init.h>

#include <cmath>
#include <set>

namespace sovereign::agent {

namespace {

std::string layerName(std::size_t i, const char *rest) {
    return "model.layers." + std::to_string(i) + "." + rest;
}

} // namespace

LlamaModel::LlamaModel(const LlamaConfig &config) : m_config(config) {
    const auto f = at::TensorOptions().dtype(at::kFloat);
    const std::int64_t h = config.hiddenSize, inter = config.intermediateSize;
    const std::int64_t kv = std::int64_t(config.numKeyValueHeads) * config.headDim();
    m_embed = at::zeros({config.vocabSize, h}, f);
    m_norm = at::ones({h}, f);
    if (!config.tieWordEmbeddings)
        m_lmHead = at::zeros({config.vocabSize, h}, f);
    m_layers.resize(std::size_t(config.numHiddenLayers));
    for (Layer &l : m_layers) {
        l.inputNorm = at::ones({h}, f);
        l.postNorm = at::ones({h}, f);
        l.q = at::zeros({h, h}, f);
        l.k = at::zeros({kv, h}, f);
        l.v = at::zeros({kv, h}, f);
        l.o = at::zeros({h, h}, f);
        l.gate = at::zeros({inter, h}, f);
        l.up = at::zeros({inter, h}, f);
        l.down = at::zeros({h, inter}, f);
    }
    buildRotary();
}

void LlamaModel::buildRotary() {
    const std::int64_t hd = m_config.headDim();
    auto inv = at::arange(0, hd, 2, at::kDouble).div(double(hd));
    inv = at::pow(m_config.ropeTheta, inv).reciprocal();
    const auto pos = at::arange(0, m_config.maxPositionEmbeddings, at::kDouble);
    const auto angles = at::outer(pos, inv);
    const auto emb = at::cat({angles, angles}, -1);
    m_cos = emb.cos().to(at::kFloat).contiguous();
    m_sin = emb.sin().to(at::kFloat).contiguous();
}

std::vector<std::pair<std::string, at::Tensor *>> LlamaModel::baseSlots() {
    std::vector<std::pair<std::string, at::Tensor *>> slots;
    slots.emplace_back("model.embed_tokens.weight", &m_embed);
    for (std::size_t i = 0; i < m_layers.size(); ++i) {
        Layer &l = m_layers[i];
        slots.emplace_back(layerName(i, "input_layernorm.weight"), &l.inputNorm);
        slots.emplace_back(layerName(i, "self_attn.q_proj.weight"), &l.q);
        slots.emplace_back(layerName(i, "self_attn.k_proj.weight"), &l.k);
        slots.emplace_back(layerName(i, "self_attn.v_proj.weight"), &l.v);
        slots.emplace_back(layerName(i, "self_attn.o_proj.weight"), &l.o);
        slots.emplace_back(layerName(i, "post_attention_layernorm.weight"), &l.postNorm);
        slots.emplace_back(layerName(i, "mlp.gate_proj.weight"), &l.gate);
        slots.emplace_back(layerName(i, "mlp.up_proj.weight"), &l.up);
        slots.emplace_back(layerName(i, "mlp.down_proj.weight"), &l.down);
    }
    slots.emplace_back("model.norm.weight", &m_norm);
    if (!m_config.tieWordEmbeddings)
        slots.emplace_back("lm_head.weight", &m_lmHead);
    return slots;
}

void LlamaModel::initialise(std::uint64_t seed) {
    at::NoGradGuard noGrad;
    auto gen = at::make_generator<at::CPUGeneratorImpl>(seed);
    for (auto &[name, t] : baseSlots()) {
        if (t->dim() == 1)
            t->fill_(1.0);
        else
            t->normal_(0.0, 0.02, gen);
    }
}

NamedTensors LlamaModel::weights() const {
    NamedTensors out;
    for (auto &[name, t] : const_cast<LlamaModel *>(this)->baseSlots())
        out.emplace_back(name, *t);
    return out;
}

Result<void> LlamaModel::loadWeights(const SafetensorsFile &file) {
    at::NoGradGuard noGrad;
    std::set<std::string> expected;
    for (auto &[name, t] : baseSlots()) {
        expected.insert(name);
        const TensorInfo *info = file.find(name);
        if (!info)
            return fail(file.path(), 0, 0, "missing tensor \"" + name + "\" (config.json has it)");
        if (info->dtype != DType::F32 && info->dtype != DType::F16 && info->dtype != DType::BF16)
            return fail(file.path(), 0, 0,
                        "tensor \"" + name + "\" is " + dtypeName(info->dtype) +
                            "; model weights must be F32, F16 or BF16");
        const std::vector<std::int64_t> want(t->sizes().begin(), t->sizes().end());
        if (info->shape != want) {
            const auto text = [](const std::vector<std::int64_t> &s) {
                std::string r = "[";
                for (std::size_t i = 0; i < s.size(); ++i)
                    r += (i ? ", " : "") + std::to_string(s[i]);
                return r + "]";
            };
            return fail(file.path(), 0, 0,
                        "tensor \"" + name + "\" has shape " + text(info->shape) +
                            " but config.json implies " + text(want));
        }
        auto tensor = readTensor(file, *info);
        if (!tensor)
            return std::unexpected(tensor.error());
        t->copy_(*tensor);
    }
    for (const TensorInfo &info : file.tensors()) {
        if (expected.contains(info.name))
            continue;
        // A tied model may still carry a copy of the embeddings as lm_head.
        if (info.name == "lm_head.weight" && m_config.tieWordEmbeddings)
            continue;
        if (info.name.ends_with("rotary_emb.inv_freq"))
            continue; // older exports store the rotary table; ours is computed
        return fail(file.path(), 0, 0,
                    "unexpected tensor \"" + info.name +
                        "\": not part of a Llama model with this config.json");
    }
    return {};
}

at::Tensor &LlamaModel::module(Layer &layer, const std::string &name) {
    if (name == "q_proj")
        return layer.q;
    if (name == "k_proj")
        return layer.k;
    if (name == "v_proj")
        return layer.v;
    if (name == "o_proj")
        return layer.o;
    if (name == "gate_proj")
        return layer.gate;
    if (name == "up_proj")
        return layer.up;
    return layer.down;
}

void LlamaModel::addLora(const LoraConfig &lora, std::uint64_t seed) {
    at::NoGradGuard noGrad;
    m_lora = lora;
    auto gen = at::make_generator<at::CPUGeneratorImpl>(seed);
    for (Layer &l : m_layers) {
        l.lora.clear();
        for (const std::string &target : lora.targetModules) {
            const at::Tensor &w = module(l, target);
            const std::int64_t out = w.size(0), in = w.size(1);
            // PEFT starts A like nn.Linear (Kaiming uniform, a = sqrt(5)):
            // bound = 1 / sqrt(in); B at zero, so the adapter starts as a no-op.
            const double bound = 1.0 / std::sqrt(double(in));
            Lora pair{at::empty({lora.r, in}, at::kFloat).uniform_(-bound, bound, gen),
                      at::zeros({out, lora.r}, at::kFloat)};
            l.lora.emplace(target, std::move(pair));
        }
    }
}

NamedTensors LlamaModel::loraWeights() const {
    NamedTensors out;
    if (!m_lora)
        return out;
    for (std::size_t i = 0; i < m_layers.size(); ++i)
        for (const std::string &target : m_lora->targetModules) {
            const Lora &pair = m_layers[i].lora.at(target);
            out.emplace_back(loraTensorName(int(i), target, 'A'), pair.a);
            out.emplace_back(loraTensorName(int(i), target, 'B'), pair.b);
        }
    return out;
}

Result<void> LlamaModel::loadLora(const SafetensorsFile &file) {
    at::NoGradGuard noGrad;
    std::set<std::string> expected;
    for (auto &[name, t] : loraWeights()) {
        expected.insert(name);
        const TensorInfo *info = file.find(name);
        if (!info)
            return fail(file.path(), 0, 0,
                        "missing adapter tensor \"" + name + "\" (adapter_config.json targets it)");
        const std::vector<std::int64_t> want(t.sizes().begin(), t.sizes().end());
        if (info->shape != want)
            return fail(file.path(), 0, 0,
                        "adapter tensor \"" + name + "\" has the wrong shape for r = " +
                            std::to_string(m_lora->r) + " and this model");
        auto tensor = readTensor(file, *info);
        if (!tensor)
            return std::unexpected(tensor.error());
        at::Tensor target = t; // shares storage with the layer's tensor
        target.copy_(*tensor);
    }
    for (const TensorInfo &info : file.tensors())
        if (!expected.contains(info.name))
            return fail(file.path(), 0, 0,
                        "unexpected adapter tensor \"" + info.name +
                            "\": adapter_config.json's target_modules do not cover it");
    return {};
}

void LlamaModel::mergeLora() {
    if (!m_lora)
        return;
    at::NoGradGuard noGrad;
    for (Layer &l : m_layers) {
        for (auto &[target, pair] : l.lora)
            module(l, target).add_(at::matmul(pair.b, pair.a), m_lora->scale());
        l.lora.clear();
    }
    m_lora.reset();
}

NamedTensors LlamaModel::trainable(bool loraOnly) {
    NamedTensors out;
    for (auto &[name, t] : baseSlots()) {
        t->requires_grad_(!loraOnly);
        if (!loraOnly)
            out.emplace_back(name, *t);
    }
    if (loraOnly)
        for (auto &[name, t] : loraWeights()) {
            at::Tensor shared = t;
            shared.requires_grad_(true);
            out.emplace_back(name, shared);
        }
    return out;
}

at::Tensor LlamaModel::rmsNorm(const at::Tensor &x, const at::Tensor &w) const {
    return x * at::rsqrt(x.pow(2).mean(-1, true) + m_config.rmsNormEps) * w;
}

at::Tensor LlamaModel::rotate(const at::Tensor &x, std::int64_t t) const {
    // x: [B, heads, T, hd]; rotate-half: (x1, x2) -> (-x2, x1).
    const std::int64_t half = x.size(-1) / 2;
    const auto rotated = at::cat({-x.narrow(-1, half, half), x.narrow(-1, 0, half)}, -1);
    return x * m_cos.narrow(0, 0, t) + rotated * m_sin.narrow(0, 0, t);
}

at::Tensor LlamaModel::project(const Layer &layer, const char *name, const at::Tensor &w,
                               const at::Tensor &x, bool training) const {
    at::Tensor y = at::linear(x, w);
    if (m_lora) {
        const auto it = layer.lora.find(name);
        if (it != layer.lora.end()) {
            const at::Tensor in =
                training && m_lora->dropout > 0 ? at::dropout(x, m_lora->dropout, true) : x;
            y = y + at::linear(at::linear(in, it->second.a), it->second.b) * m_lora->scale();
        }
    }
    return y;
}

at::Tensor LlamaModel::attention(const Layer &l, const at::Tensor &x, bool training) const {
    const std::int64_t b = x.size(0), t = x.size(1);
    const std::int64_t heads = m_config.numAttentionHeads, kvHeads = m_config.numKeyValueHeads;
    const std::int64_t hd = m_config.headDim(), group = heads / kvHeads;
    auto q = project(l, "q_proj", l.q, x, training).view({b, t, heads, hd}).transpose(1, 2);
    auto k = project(l, "k_proj", l.k, x, training).view({b, t, kvHeads, hd}).transpose(1, 2);
    auto v = project(l, "v_proj", l.v, x, training).view({b, t, kvHeads, hd}).transpose(1, 2);
    q = rotate(q, t);
    k = rotate(k, t);
    if (group > 1) {
        // Each KV head serves `group` consecutive query heads.
        k = k.unsqueeze(2).expand({b, kvHeads, group, t, hd}).reshape({b, heads, t, hd});
        v = v.unsqueeze(2).expand({b, kvHeads, group, t, hd}).reshape({b, heads, t, hd});
    }
    auto scores = at::matmul(q, k.transpose(-2, -1)) * (1.0 / std::sqrt(double(hd)));
    const auto future = at::ones({t, t}, at::kBool).triu(1);
    scores = scores.masked_fill(future, -std::numeric_limits<float>::infinity());
    const auto out = at::matmul(at::softmax(scores, -1), v);
    return project(l, "o_proj", l.o, out.transpose(1, 2).reshape({b, t, heads * hd}), training);
}

at::Tensor LlamaModel::forward(const at::Tensor &ids, bool training) const {
    at::Tensor x = at::embedding(m_embed, ids);
    for (const Layer &l : m_layers) {
        x = x + attention(l, rmsNorm(x, l.inputNorm), training);
        const auto n = rmsNorm(x, l.postNorm);
        const auto gated = at::silu(project(l, "gate_proj", l.gate, n, training)) *
                           project(l, "up_proj", l.up, n, training);
        x = x + project(l, "down_proj", l.down, gated, training);
    }
    x = rmsNorm(x, m_norm);
    return at::linear(x, m_config.tieWordEmbeddings ? m_embed : m_lmHead);
}

} // namespace sovereign::agent
