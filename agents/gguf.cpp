#include "agents/gguf.h"
#include "agents/ggufreader.h"

#include <QFile>
#include <QtEndian>

#include <algorithm>
#include <bit>
#include <cstring>
#include <functional>
#include <limits>
#include <map>
#include <utility>

// Reading. The layout is gguf-py's (gguf_reader.py, gguf_writer.py) and
// ggml's (ggml/src/gguf.cpp). Nothing is allocated from a count before the
// count is checked against the bytes left in the file: a hostile header can
// make us read at most the file, never allocate past it.

namespace sovereign::agent::gguf {

using namespace detail;

namespace {

constexpr std::string_view kAlignmentKey = "general.alignment";

bool loadable(std::uint32_t type) {
    switch (TensorType(type)) {
    case TensorType::F32:
    case TensorType::F16:
    case TensorType::Q4_0:
    case TensorType::Q8_0:
    case TensorType::I8:
        return true;
    }
    return false;
}

} // namespace

const char *valueTypeName(ValueType type) {
    static const char *const names[] = {"uint8",  "int8",    "uint16", "int16",  "uint32",
                                        "int32",  "float32", "bool",   "string", "array",
                                        "uint64", "int64",   "float64"};
    const auto i = std::size_t(type);
    return i < std::size(names) ? names[i] : "unknown";
}

std::string typeName(std::uint32_t type) {
    // ggml's enum ggml_type (ggml.h) and gguf-py's GGMLQuantizationType. 4, 5
    // (Q4_2, Q4_3), 31-33 and 36-38 (the repacked Q4_0 and IQ4_NL layouts)
    // were removed from ggml but keep their names and numbers.
    // clang-format off
    static const char *const names[] = {
        /*  0 */ "F32", "F16", "Q4_0", "Q4_1", "Q4_2", "Q4_3", "Q5_0", "Q5_1",
        /*  8 */ "Q8_0", "Q8_1", "Q2_K", "Q3_K", "Q4_K", "Q5_K", "Q6_K", "Q8_K",
        /* 16 */ "IQ2_XXS", "IQ2_XS", "IQ3_XXS", "IQ1_S", "IQ4_NL", "IQ3_S", "IQ2_S", "IQ4_XS",
        /* 24 */ "I8", "I16", "I32", "I64", "F64", "IQ1_M", "BF16", "Q4_0_4_4",
        /* 32 */ "Q4_0_4_8", "Q4_0_8_8", "TQ1_0", "TQ2_0",
        /* 36 */ "IQ4_NL_4_4", "IQ4_NL_4_8", "IQ4_NL_8_8",
    };
    // clang-format on
    return type < std::size(names) ? names[type] : "type " + std::to_string(type);
}

int blockElements(TensorType type) {
    return type == TensorType::Q4_0 || type == TensorType::Q8_0 ? 32 : 1;
}

int blockBytes(TensorType type) {
    switch (type) {
    case TensorType::F32:
        return 4;
    case TensorType::F16:
        return 2;
    case TensorType::Q4_0:
        return 2 + 16; // an f16 scale, 32 four-bit values
    case TensorType::Q8_0:
        return 2 + 32; // an f16 scale, 32 int8 values
    case TensorType::I8:
        return 1;
    }
    return 0;
}

std::uint64_t rowBytes(TensorType type, std::int64_t columns) {
    return std::uint64_t(columns / blockElements(type)) * std::uint64_t(blockBytes(type));
}

std::optional<std::int64_t> Value::asInt() const {
    if (const auto *u = std::get_if<std::uint64_t>(&data))
        return *u <= std::uint64_t(std::numeric_limits<std::int64_t>::max())
                   ? std::optional<std::int64_t>(std::int64_t(*u))
                   : std::nullopt;
    if (const auto *i = std::get_if<std::int64_t>(&data))
        return *i;
    return std::nullopt;
}

std::optional<double> Value::asNumber() const {
    if (const auto *u = std::get_if<std::uint64_t>(&data))
        return double(*u);
    if (const auto *i = std::get_if<std::int64_t>(&data))
        return double(*i);
    if (const auto *f = std::get_if<double>(&data))
        return *f;
    return std::nullopt;
}

std::int64_t TensorInfo::elementCount() const {
    std::int64_t count = 1;
    for (std::int64_t dim : shape)
        count *= dim;
    return count;
}

struct File::Impl {
    std::string path;
    QFile file;
    const std::byte *base = nullptr;
    std::uint64_t size = 0;
    std::uint32_t version = 0;
    std::uint64_t alignment = 32;
    std::uint64_t dataOffset = 0;
    std::vector<KeyValue> metadata;
    std::map<std::string, std::size_t, std::less<>> keys;
    std::vector<TensorInfo> tensors;
    std::map<std::string, std::size_t, std::less<>> tensorNames;

    Result<void> readHeader(Reader &in, std::uint64_t &tensorCount, std::uint64_t &kvCount);
    Result<void> readMetadata(Reader &in, std::uint64_t kvCount);
    Result<void> readTensorInfos(Reader &in, std::uint64_t tensorCount,
                                 std::vector<std::uint64_t> &infoOffsets);
    Result<void> placeTensors(Reader &in, const std::vector<std::uint64_t> &infoOffsets);
};

Result<void> File::Impl::readHeader(Reader &in, std::uint64_t &tensorCount,
                                    std::uint64_t &kvCount) {
    if (auto ok = in.need(4, "the magic \"GGUF\""); !ok)
        return ok;
    if (std::memcmp(base, "GGUF", 4) != 0)
        return in.error(0, "not a GGUF file: it starts with bytes " + hexBytes(base, 4) +
                               ", not the magic \"GGUF\" (47 47 55 46)");
    in.pos = 4;
    auto v = in.scalar<quint32>("the version");
    if (!v)
        return std::unexpected(v.error());
    if (*v != 2 && *v != 3) {
        const std::uint32_t swapped = qbswap(*v);
        return in.error(
            4, "GGUF version " + std::to_string(*v) +
                   (swapped == 2 || swapped == 3 ? " is version " + std::to_string(swapped) +
                                                       " byte-swapped: a big-endian "
                                                       "file; this reader takes "
                                                       "little-endian files"
                    : *v < 2 ? " is too old (version 1 had 32-bit counts and lengths); this "
                               "reader takes versions 2 and 3"
                             : " is newer than this reader, which takes versions 2 and 3"));
    }
    version = *v;
    const std::uint64_t tensorCountAt = in.pos;
    auto tensorsCount = in.scalar<quint64>("the tensor count");
    if (!tensorsCount)
        return std::unexpected(tensorsCount.error());
    const std::uint64_t kvCountAt = in.pos;
    auto kvsCount = in.scalar<quint64>("the key/value count");
    if (!kvsCount)
        return std::unexpected(kvsCount.error());
    tensorCount = *tensorsCount;
    kvCount = *kvsCount;
    if (kvCount > in.left() / kMinKeyValueBytes)
        return in.error(kvCountAt, std::to_string(kvCount) + " key/values cannot fit in the " +
                                       std::to_string(in.left()) +
                                       " bytes left in the file (size " + std::to_string(size) +
                                       "): at least " + std::to_string(kMinKeyValueBytes) +
                                       " bytes each");
    if (tensorCount > in.left() / kMinTensorInfoBytes)
        return in.error(tensorCountAt,
                        std::to_string(tensorCount) + " tensor infos cannot fit in the " +
                            std::to_string(in.left()) + " bytes left in the file (size " +
                            std::to_string(size) + "): at least " +
                            std::to_string(kMinTensorInfoBytes) + " bytes each");
    return {};
}

Result<void> File::Impl::readMetadata(Reader &in, std::uint64_t kvCount) {
    metadata.reserve(std::size_t(kvCount));
    for (std::uint64_t i = 0; i < kvCount; ++i) {
        const std::uint64_t keyAt = in.pos;
        auto key = in.string("the key of key/value " + std::to_string(i));
        if (!key)
            return std::unexpected(key.error());
        const std::string what = "key " + inQuotes(*key);
        if (keys.contains(*key))
            return in.error(keyAt,
                            what + " appears a second time (key/value " + std::to_string(i) + ")");
        auto type = in.valueType({"the value type of ", what});
        if (!type)
            return std::unexpected(type.error());
        const std::uint64_t valueAt = in.pos;
        auto value = in.value(*type, what);
        if (!value)
            return std::unexpected(value.error());
        if (*key == kAlignmentKey) {
            // ggml reads it as a uint32 and requires a power of two.
            const auto *number = std::get_if<std::uint64_t>(&value->data);
            if (*type != ValueType::UInt32 || !number)
                return in.error(valueAt,
                                what + " is a " + valueTypeName(*type) + "; it must be a uint32");
            if (!std::has_single_bit(*number))
                return in.error(valueAt, what + " is " + std::to_string(*number) +
                                             "; it must be a power of two");
            alignment = *number;
        }
        keys.emplace(*key, metadata.size());
        metadata.emplace_back(std::move(*key), std::move(*value));
    }
    return {};
}

Result<void> File::Impl::readTensorInfos(Reader &in, std::uint64_t tensorCount,
                                         std::vector<std::uint64_t> &infoOffsets) {
    tensors.reserve(std::size_t(tensorCount));
    infoOffsets.reserve(std::size_t(tensorCount));
    for (std::uint64_t i = 0; i < tensorCount; ++i) {
        TensorInfo t;
        const std::uint64_t nameAt = in.pos;
        auto name = in.string("the name of tensor " + std::to_string(i));
        if (!name)
            return std::unexpected(name.error());
        t.name = std::move(*name);
        const std::string what = "tensor " + t.name;
        if (tensorNames.contains(t.name))
            return in.error(nameAt, what + " appears a second time (tensor info " +
                                        std::to_string(i) + ")");

        const std::uint64_t dimsAt = in.pos;
        auto nDims = in.scalar<quint32>({"the dimension count of ", what});
        if (!nDims)
            return std::unexpected(nDims.error());
        if (*nDims == 0 || *nDims > kMaxDims)
            return in.error(dimsAt, what + " has " + std::to_string(*nDims) +
                                        " dimensions; ggml's tensors have 1 to 4");
        std::int64_t elements = 1;
        for (std::uint32_t d = 0; d < *nDims; ++d) {
            const std::uint64_t dimAt = in.pos;
            auto dim = in.scalar<quint64>("dimension " + std::to_string(d) + " of " + what);
            if (!dim)
                return std::unexpected(dim.error());
            if (*dim == 0 || *dim > std::uint64_t(std::numeric_limits<std::int64_t>::max()))
                return in.error(
                    dimAt, what + ": dimension " + std::to_string(d) + " is " +
                               (*dim == 0 ? std::string("0") : std::to_string(std::int64_t(*dim))) +
                               "; dimensions must be positive");
            if (__builtin_mul_overflow(elements, std::int64_t(*dim), &elements))
                return in.error(dimAt, what + ": the dimensions multiply past 2^63 elements");
            t.shape.push_back(std::int64_t(*dim));
        }

        const std::uint64_t typeAt = in.pos;
        auto type = in.scalar<quint32>({"the type of ", what});
        if (!type)
            return std::unexpected(type.error());
        if (!loadable(*type))
            return in.error(typeAt, what + " has type " + typeName(*type) +
                                        "; this agent reads F32, F16, Q8_0, Q4_0 and I8");
        t.type = TensorType(*type);
        if (t.shape[0] % blockElements(t.type) != 0)
            return in.error(dimsAt + 4, what + ": row length " + std::to_string(t.shape[0]) +
                                            " is not a multiple of " + typeName(*type) +
                                            "'s block of " + std::to_string(blockElements(t.type)) +
                                            " elements");
        if (__builtin_mul_overflow(rowBytes(t.type, t.shape[0]),
                                   std::uint64_t(elements / t.shape[0]), &t.bytes))
            return in.error(dimsAt, what + ": the size in bytes passes 2^64");

        const std::uint64_t offsetAt = in.pos;
        auto offset = in.scalar<quint64>({"the data offset of ", what});
        if (!offset)
            return std::unexpected(offset.error());
        if (*offset % alignment != 0)
            return in.error(offsetAt, what + ": data offset " + std::to_string(*offset) +
                                          " is not a multiple of the alignment " +
                                          std::to_string(alignment));
        t.offset = *offset;
        tensorNames.emplace(t.name, tensors.size());
        tensors.push_back(std::move(t));
        infoOffsets.push_back(offsetAt);
    }
    return {};
}

Result<void> File::Impl::placeTensors(Reader &in, const std::vector<std::uint64_t> &infoOffsets) {
    // The data section starts at the next multiple of the alignment; a file of
    // no tensors may end before it.
    dataOffset = (in.pos + alignment - 1) / alignment * alignment;
    if (tensors.empty())
        return {};
    if (dataOffset > size)
        return in.error(in.pos, "the file ends before the data section, which starts at offset " +
                                    std::to_string(dataOffset) + " (file size " +
                                    std::to_string(size) + "): truncated");
    const std::uint64_t dataSize = size - dataOffset;
    auto span = [](std::uint64_t begin, std::uint64_t bytes) {
        return "[" + std::to_string(begin) + ", " + std::to_string(begin + bytes) + ")";
    };
    for (std::size_t i = 0; i < tensors.size(); ++i) {
        const TensorInfo &t = tensors[i];
        if (t.offset > dataSize || t.bytes > dataSize - t.offset)
            return in.error(
                infoOffsets[i],
                "tensor " + t.name + ": its " + std::to_string(t.bytes) + " bytes at data offset " +
                    std::to_string(t.offset) + " run past the end of the file (data section of " +
                    std::to_string(dataSize) + " bytes at offset " + std::to_string(dataOffset) +
                    ", file size " + std::to_string(size) + "): truncated or out of range");
    }
    std::vector<std::size_t> order(tensors.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return std::pair(tensors[a].offset, a) < std::pair(tensors[b].offset, b);
    });
    for (std::size_t k = 1; k < order.size(); ++k) {
        const TensorInfo &before = tensors[order[k - 1]], &t = tensors[order[k]];
        if (t.offset < before.offset + before.bytes)
            return in.error(infoOffsets[order[k]], "tensors " + before.name + " " +
                                                       span(before.offset, before.bytes) + " and " +
                                                       t.name + " " + span(t.offset, t.bytes) +
                                                       " overlap in the data section");
    }
    return {};
}

File::File() : d(std::make_unique<Impl>()) {}
File::File(File &&) noexcept = default;
File &File::operator=(File &&) noexcept = default;
// Destroying the QFile removes its mapping.
File::~File() = default;

Result<File> File::open(const std::string &path) {
    File out;
    Impl &d = *out.d;
    d.path = path;
    d.file.setFileName(QString::fromStdString(path));
    if (!d.file.open(QIODevice::ReadOnly))
        return fail(path, 0, 0, "cannot open: " + d.file.errorString().toStdString());
    d.size = std::uint64_t(d.file.size());
    if (d.size > 0) {
        const uchar *mapped = d.file.map(0, qint64(d.size));
        if (!mapped)
            return fail(path, 0, 0, "cannot memory-map: " + d.file.errorString().toStdString());
        d.base = reinterpret_cast<const std::byte *>(mapped);
    }

    Reader in(d.path, d.base, d.size);
    std::uint64_t tensorCount = 0, kvCount = 0;
    std::vector<std::uint64_t> infoOffsets;
    if (auto ok = d.readHeader(in, tensorCount, kvCount); !ok)
        return std::unexpected(ok.error());
    if (auto ok = d.readMetadata(in, kvCount); !ok)
        return std::unexpected(ok.error());
    if (auto ok = d.readTensorInfos(in, tensorCount, infoOffsets); !ok)
        return std::unexpected(ok.error());
    if (auto ok = d.placeTensors(in, infoOffsets); !ok)
        return std::unexpected(ok.error());
    return out;
}

const std::string &File::path() const {
    return d->path;
}
std::uint32_t File::version() const {
    return d->version;
}
std::uint64_t File::alignment() const {
    return d->alignment;
}
const std::vector<KeyValue> &File::metadata() const {
    return d->metadata;
}
const std::vector<TensorInfo> &File::tensors() const {
    return d->tensors;
}
std::uint64_t File::dataOffset() const {
    return d->dataOffset;
}

const Value *File::find(std::string_view key) const {
    const auto it = d->keys.find(key);
    return it == d->keys.end() ? nullptr : &d->metadata[it->second].second;
}

const TensorInfo *File::tensor(std::string_view name) const {
    const auto it = d->tensorNames.find(name);
    return it == d->tensorNames.end() ? nullptr : &d->tensors[it->second];
}

std::span<const std::byte> File::data(const TensorInfo &tensor) const {
    // A TensorInfo of another file: nothing, rather than bytes out of bounds.
    const std::uint64_t dataSize = d->size > d->dataOffset ? d->size - d->dataOffset : 0;
    if (!d->base || tensor.offset > dataSize || tensor.bytes > dataSize - tensor.offset)
        return {};
    return {d->base + d->dataOffset + tensor.offset, std::size_t(tensor.bytes)};
}

} // namespace sovereign::agent::gguf
