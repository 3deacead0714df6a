#include "agents/infer/model.h"

#include "agents/infer/quant.h"

#include <sys/mman.h>

#include <algorithm>

#include <cstdint>
#include <cstring>
#include <new>

namespace sovereign::agent::infer {

const char *weightTypeName(WeightType type) {
    switch (type) {
    case WeightType::F32:
        return "f32";
    case WeightType::F16:
        return "f16";
    case WeightType::Q8_0:
        return "q8_0";
    case WeightType::Q4_0:
        return "q4_0";
    case WeightType::I8:
        return "int8";
    }
    return "?";
}

std::optional<WeightType> weightTypeFromName(const std::string &name) {
    for (WeightType t :
         {WeightType::F32, WeightType::F16, WeightType::Q8_0, WeightType::Q4_0, WeightType::I8})
        if (name == weightTypeName(t))
            return t;
    return std::nullopt;
}

std::size_t weightRowBytes(WeightType type, std::int64_t columns) {
    const auto n = std::size_t(columns);
    switch (type) {
    case WeightType::F32:
        return n * 4;
    case WeightType::F16:
        return n * 2;
    case WeightType::Q8_0:
        return n / kBlock * sizeof(BlockQ8_0);
    case WeightType::Q4_0:
        return n / kBlock * sizeof(BlockQ4_0);
    case WeightType::I8:
        return n;
    }
    return 0;
}

std::size_t Matrix::bytes() const {
    return std::size_t(rows) * rowBytes() + (rowScales ? std::size_t(rows) * sizeof(float) : 0);
}

void Matrix::dequantizeRow(std::int64_t r, float *out) const {
    const std::byte *p = row(r);
    switch (type) {
    case WeightType::F32:
        std::memcpy(out, p, std::size_t(columns) * sizeof(float));
        break;
    case WeightType::F16:
        convertRowF16(reinterpret_cast<const std::uint16_t *>(p), out, columns);
        break;
    case WeightType::Q8_0:
        dequantizeRowQ8_0(reinterpret_cast<const BlockQ8_0 *>(p), out, columns);
        break;
    case WeightType::Q4_0:
        dequantizeRowQ4_0(reinterpret_cast<const BlockQ4_0 *>(p), out, columns);
        break;
    case WeightType::I8: {
        const auto *q = reinterpret_cast<const std::int8_t *>(p);
        const float scale = rowScales[r];
        for (std::int64_t i = 0; i < columns; ++i)
            out[i] = scale * float(q[i]);
        break;
    }
    }
}

std::string int8ScaleName(const std::string &weightName) {
    const std::string suffix = ".weight";
    if (weightName.size() > suffix.size() &&
        weightName.compare(weightName.size() - suffix.size(), suffix.size(), suffix) == 0)
        return weightName.substr(0, weightName.size() - suffix.size()) + ".scale";
    return weightName + ".scale";
}

WeightBuffer::WeightBuffer(std::size_t bytes) {
    constexpr std::size_t kHuge = std::size_t(2) << 20;
    m_mapped = bytes + kHuge;
    m_map = mmap(nullptr, m_mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m_map == MAP_FAILED)
        throw std::bad_alloc();
    const auto start = reinterpret_cast<std::uintptr_t>(m_map);
    m_data = reinterpret_cast<std::byte *>((start + kHuge - 1) & ~(kHuge - 1));
    // Advice only: without transparent huge pages the memory is just pages.
    madvise(m_data, bytes, MADV_HUGEPAGE);
}

WeightBuffer::~WeightBuffer() {
    munmap(m_map, m_mapped);
}

std::byte *allocateWeights(WeightBuffers &buffers, std::size_t bytes) {
    buffers.push_back(std::make_unique<WeightBuffer>(std::max<std::size_t>(bytes, 1)));
    return buffers.back()->data();
}

Model::Model() = default;
Model::Model(Model &&) noexcept = default;
Model &Model::operator=(Model &&) noexcept = default;
Model::~Model() = default;

WeightType Model::weightType() const {
    return m_layers.empty() ? m_output.type : m_layers.front().q.type;
}

std::uint64_t Model::bytesPerToken() const {
    std::uint64_t total = m_output.bytes() + m_embedding.rowBytes();
    for (const auto &l : m_layers)
        for (const Matrix *m : {&l.q, &l.k, &l.v, &l.o, &l.gate, &l.up, &l.down})
            total += m->bytes();
    return total;
}

std::uint64_t Model::weightBytes() const {
    std::uint64_t total = m_embedding.bytes() + (m_tied ? 0 : m_output.bytes());
    for (const auto &l : m_layers)
        for (const Matrix *m : {&l.q, &l.k, &l.v, &l.o, &l.gate, &l.up, &l.down})
            total += m->bytes();
    return total;
}

} // namespace sovereign::agent::infer
