#include "agents/safetensors.h"

#include "agents/atomicfile.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtEndian>

#include <algorithm>
#include <bit>
#include <cstring>
#include <optional>
#include <set>
#include <tuple>
#include <utility>

// The format: https://github.com/huggingface/safetensors (README, "Format").
// The checks follow its reference reader (safetensors/src/tensor.rs): the
// header is at most 100 MB, offsets sorted by begin must tile the data section
// exactly, and each span must be elementCount x dtype size bytes.

namespace sovereign::agent {

namespace {

constexpr DType kAllDTypes[] = {DType::BF16, DType::F16, DType::F32,
                                DType::I32,  DType::I64, DType::U8};
/// The reference reader's limit: a larger header is a wrong file, not a model.
constexpr std::uint64_t kMaxHeaderBytes = 100'000'000;
/// Offsets and dimensions travel as JSON numbers: integers above 2^53 would be rounded.
constexpr std::int64_t kMaxJsonInteger = std::int64_t(1) << 53;

std::string inQuotes(const std::string &name) {
    return "\"" + name + "\"";
}

std::string knownDTypes() {
    std::string out;
    for (DType d : kAllDTypes)
        out += std::string(out.empty() ? "" : ", ") + dtypeName(d);
    return out;
}

std::optional<DType> dtypeFromName(const QString &name) {
    for (DType d : kAllDTypes)
        if (name == QLatin1String(dtypeName(d)))
            return d;
    return std::nullopt;
}

/// The product of the dimensions, or nullopt on a negative dimension or overflow.
std::optional<std::uint64_t> checkedElementCount(const std::vector<std::int64_t> &shape) {
    std::uint64_t count = 1;
    for (std::int64_t dim : shape) {
        if (dim < 0)
            return std::nullopt;
        if (__builtin_mul_overflow(count, std::uint64_t(dim), &count))
            return std::nullopt;
    }
    return count;
}

std::optional<std::uint64_t> checkedByteSize(const std::vector<std::int64_t> &shape, DType dtype) {
    auto count = checkedElementCount(shape);
    std::uint64_t bytes = 0;
    if (!count || __builtin_mul_overflow(*count, std::uint64_t(dtypeSize(dtype)), &bytes))
        return std::nullopt;
    return bytes;
}

std::string shapeText(const std::vector<std::int64_t> &shape) {
    std::string out = "[";
    for (std::size_t i = 0; i < shape.size(); ++i)
        out += (i ? ", " : "") + std::to_string(shape[i]);
    return out + "]";
}

std::string jsonText(const QJsonValue &v) {
    if (v.isUndefined())
        return "nothing";
    if (v.isString())
        return inQuotes(v.toString().toStdString());
    // Wrap in an array to serialise any value, then strip the brackets.
    const QByteArray text = QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact);
    return text.mid(1, text.size() - 2).toStdString();
}

/// A non-negative JSON integer small enough to be exact; nullopt otherwise.
std::optional<std::int64_t> nonNegativeInteger(const QJsonValue &v) {
    if (!v.isDouble())
        return std::nullopt;
    const std::int64_t i = v.toInteger(-1);
    if (i < 0 || i > kMaxJsonInteger)
        return std::nullopt;
    return i;
}

/// [begin, end] of non-negative integers with begin <= end; nullopt otherwise.
std::optional<std::pair<std::uint64_t, std::uint64_t>> offsetPair(const QJsonValue &v) {
    const QJsonArray pair = v.toArray();
    if (!v.isArray() || pair.size() != 2)
        return std::nullopt;
    const auto begin = nonNegativeInteger(pair[0]);
    const auto end = nonNegativeInteger(pair[1]);
    if (!begin || !end || *begin > *end)
        return std::nullopt;
    return std::pair{std::uint64_t(*begin), std::uint64_t(*end)};
}

float halfToFloat(std::uint16_t h) {
    const std::uint32_t sign = std::uint32_t(h & 0x8000u) << 16;
    const std::uint32_t exponent = (h >> 10) & 0x1fu;
    std::uint32_t mantissa = h & 0x3ffu;
    std::uint32_t bits;
    if (exponent == 0x1f) {
        // Infinity or NaN; the payload keeps its top bits.
        bits = sign | 0x7f800000u | (mantissa << 13);
    } else if (exponent != 0) {
        bits = sign | ((exponent - 15 + 127) << 23) | (mantissa << 13);
    } else if (mantissa == 0) {
        bits = sign; // signed zero
    } else {
        // Subnormal: mantissa x 2^-24. Shift until the implicit bit appears;
        // every f16 subnormal is a normal float32.
        int e = -14;
        while ((mantissa & 0x400u) == 0) {
            mantissa <<= 1;
            --e;
        }
        bits = sign | (std::uint32_t(e + 127) << 23) | ((mantissa & 0x3ffu) << 13);
    }
    return std::bit_cast<float>(bits);
}

template <class T> T loadLittleEndian(const std::byte *p) {
    T value;
    std::memcpy(&value, p, sizeof value); // the mapping may be unaligned
    return qFromLittleEndian(value);
}

// Everything the header says, checked against the file; `dataSize` is the
// length of the data section.
struct HeaderParser {
    const std::string &path;
    std::uint64_t dataSize;

    std::unexpected<Error> error(const std::string &message) const {
        return fail(path, 0, 0, message);
    }

    Result<TensorInfo> tensor(const QString &key, const QJsonValue &value) const {
        TensorInfo info;
        info.name = key.toStdString();
        const std::string what = "tensor " + inQuotes(info.name) + ": ";
        if (!value.isObject())
            return error(what + "expected an object with \"dtype\", \"shape\" and " +
                         "\"data_offsets\", got " + jsonText(value));
        const QJsonObject o = value.toObject();

        const QJsonValue dtype = o.value(QLatin1String("dtype"));
        const auto parsed = dtypeFromName(dtype.toString());
        if (!dtype.isString() || !parsed)
            return error(what + "unknown dtype " + jsonText(dtype) + "; expected one of " +
                         knownDTypes());
        info.dtype = *parsed;

        const QJsonValue shape = o.value(QLatin1String("shape"));
        const std::string badShape =
            what + "\"shape\" must be a list of non-negative integers, got " + jsonText(shape);
        if (!shape.isArray())
            return error(badShape);
        for (const QJsonValue dim : shape.toArray()) {
            const auto d = nonNegativeInteger(dim);
            if (!d)
                return error(badShape);
            info.shape.push_back(*d);
        }

        const QJsonValue offsets = o.value(QLatin1String("data_offsets"));
        const auto range = offsetPair(offsets);
        if (!range)
            return error(
                what +
                "\"data_offsets\" must be [begin, end]: non-negative integers (at most 2^53) with "
                "begin <= end, got " +
                jsonText(offsets));
        info.begin = range->first;
        info.end = range->second;

        const std::string span =
            "[" + std::to_string(info.begin) + ", " + std::to_string(info.end) + ")";
        if (info.end > dataSize)
            return error(what + "data_offsets " + span + " end past the data section (" +
                         std::to_string(dataSize) + " bytes): truncated or out of range");
        const auto needed = checkedByteSize(info.shape, info.dtype);
        if (!needed || *needed != info.end - info.begin)
            return error(what + "data_offsets " + span + " hold " +
                         std::to_string(info.end - info.begin) + " bytes but shape " +
                         shapeText(info.shape) + " of " + dtypeName(info.dtype) + " needs " +
                         (needed ? std::to_string(*needed) + " bytes" : "more than 2^64 bytes"));
        return info;
    }

    Result<std::map<std::string, std::string>> metadata(const QJsonValue &value) const {
        std::map<std::string, std::string> out;
        if (!value.isObject())
            return error("\"__metadata__\" must be an object of strings, got " + jsonText(value));
        const QJsonObject o = value.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (!it.value().isString())
                return error("\"__metadata__\" must be an object of strings; " +
                             inQuotes(it.key().toStdString()) + " is " + jsonText(it.value()));
            out[it.key().toStdString()] = it.value().toString().toStdString();
        }
        return out;
    }

    /// `tensors` sorted by offset must tile [0, dataSize) exactly.
    Result<void> tiling(const std::vector<TensorInfo> &tensors) const {
        std::uint64_t cursor = 0;
        const TensorInfo *previous = nullptr;
        auto span = [](std::uint64_t b, std::uint64_t e) {
            return "[" + std::to_string(b) + ", " + std::to_string(e) + ")";
        };
        for (const TensorInfo &t : tensors) {
            if (t.begin < cursor)
                return error("tensors " + inQuotes(previous->name) + " " +
                             span(previous->begin, previous->end) + " and " + inQuotes(t.name) +
                             " " + span(t.begin, t.end) + " overlap in the data section");
            if (t.begin > cursor)
                return error("bytes " + span(cursor, t.begin) +
                             " of the data section belong to no tensor (a hole " +
                             (previous ? "between tensors " + inQuotes(previous->name) + " and "
                                       : std::string("before tensor ")) +
                             inQuotes(t.name) + "); the format requires every byte to be indexed");
            cursor = t.end;
            previous = &t;
        }
        if (cursor != dataSize)
            return error("bytes " + span(cursor, dataSize) +
                         " of the data section belong to no tensor (a hole " +
                         (previous ? "after tensor " + inQuotes(previous->name)
                                   : "in a file of no tensors") +
                         "); the format requires every byte to be indexed");
        return {};
    }
};

} // namespace

const char *dtypeName(DType dtype) {
    switch (dtype) {
    case DType::F32:
        return "F32";
    case DType::F16:
        return "F16";
    case DType::BF16:
        return "BF16";
    case DType::I64:
        return "I64";
    case DType::I32:
        return "I32";
    case DType::U8:
        return "U8";
    }
    return "?";
}

std::size_t dtypeSize(DType dtype) {
    switch (dtype) {
    case DType::F32:
        return 4;
    case DType::F16:
        return 2;
    case DType::BF16:
        return 2;
    case DType::I64:
        return 8;
    case DType::I32:
        return 4;
    case DType::U8:
        return 1;
    }
    return 1;
}

std::int64_t TensorInfo::elementCount() const {
    std::int64_t count = 1;
    for (std::int64_t dim : shape)
        count *= dim;
    return count;
}

SafetensorsFile::SafetensorsFile(SafetensorsFile &&other) noexcept {
    *this = std::move(other);
}

SafetensorsFile &SafetensorsFile::operator=(SafetensorsFile &&other) noexcept {
    if (this != &other) {
        m_path = std::move(other.m_path);
        m_file = std::move(other.m_file);
        m_data = std::exchange(other.m_data, nullptr);
        m_dataSize = std::exchange(other.m_dataSize, 0);
        m_tensors = std::move(other.m_tensors);
        m_metadata = std::move(other.m_metadata);
    }
    return *this;
}

// Destroying the QFile removes its mapping.
SafetensorsFile::~SafetensorsFile() = default;

Result<SafetensorsFile> SafetensorsFile::open(const std::string &path) {
    SafetensorsFile out;
    out.m_path = path;
    out.m_file = std::make_unique<QFile>(QString::fromStdString(path));
    QFile &file = *out.m_file;
    if (!file.open(QIODevice::ReadOnly))
        return fail(path, 0, 0, "cannot open: " + file.errorString().toStdString());
    const std::uint64_t fileSize = std::uint64_t(file.size());
    if (fileSize < 8)
        return fail(path, 0, 0,
                    "file is " + std::to_string(fileSize) +
                        " bytes long; a safetensors file starts with an 8-byte header length");
    const uchar *mapped = file.map(0, qint64(fileSize));
    if (!mapped)
        return fail(path, 0, 0, "cannot memory-map: " + file.errorString().toStdString());
    const auto *base = reinterpret_cast<const std::byte *>(mapped);

    const std::uint64_t headerSize = loadLittleEndian<quint64>(base);
    if (headerSize > kMaxHeaderBytes)
        return fail(path, 0, 0,
                    "header length " + std::to_string(headerSize) +
                        " bytes is over the 100 MB limit: not a safetensors file");
    if (headerSize > fileSize - 8)
        return fail(path, 0, 0,
                    "header length " + std::to_string(headerSize) +
                        " bytes runs past the end of the file (" + std::to_string(fileSize - 8) +
                        " bytes after the length): truncated");

    // Writers pad the header with spaces to align the data section. Qt's
    // parser skips trailing whitespace too; stripping it does not rely on that.
    QByteArray header(reinterpret_cast<const char *>(base + 8), qsizetype(headerSize));
    while (header.endsWith(' '))
        header.chop(1);
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(header, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return fail(path, 0, 0,
                    "header is not valid JSON at byte " + std::to_string(parseError.offset) +
                        " of the header (" + std::to_string(8 + parseError.offset) +
                        " of the file): " + parseError.errorString().toStdString());
    if (!doc.isObject())
        return fail(path, 0, 0, "header is not a JSON object (expected {\"name\": {...}, ...})");

    out.m_data = base + 8 + headerSize;
    out.m_dataSize = fileSize - 8 - headerSize;
    const HeaderParser parser{path, out.m_dataSize};
    const QJsonObject root = doc.object();
    for (auto it = root.begin(); it != root.end(); ++it) {
        if (it.key() == QLatin1String("__metadata__")) {
            auto metadata = parser.metadata(it.value());
            if (!metadata)
                return std::unexpected(metadata.error());
            out.m_metadata = std::move(*metadata);
            continue;
        }
        auto info = parser.tensor(it.key(), it.value());
        if (!info)
            return std::unexpected(info.error());
        out.m_tensors.push_back(std::move(*info));
    }
    // By end too, so that an empty tensor sorts before one starting where it does.
    std::sort(out.m_tensors.begin(), out.m_tensors.end(),
              [](const TensorInfo &a, const TensorInfo &b) {
                  return std::tie(a.begin, a.end, a.name) < std::tie(b.begin, b.end, b.name);
              });
    if (auto tiled = parser.tiling(out.m_tensors); !tiled)
        return std::unexpected(tiled.error());
    return out;
}

const TensorInfo *SafetensorsFile::find(const std::string &name) const {
    for (const TensorInfo &t : m_tensors)
        if (t.name == name)
            return &t;
    return nullptr;
}

std::span<const std::byte> SafetensorsFile::bytes(const TensorInfo &tensor) const {
    // A TensorInfo of another file: nothing, rather than bytes out of bounds.
    if (!m_data || tensor.begin > tensor.end || tensor.end > m_dataSize)
        return {};
    return {m_data + tensor.begin, std::size_t(tensor.end - tensor.begin)};
}

Result<std::vector<float>> SafetensorsFile::toFloat32(const TensorInfo &tensor) const {
    const auto raw = bytes(tensor);
    const std::size_t size = dtypeSize(tensor.dtype);
    if (tensor.dtype != DType::F32 && tensor.dtype != DType::F16 && tensor.dtype != DType::BF16)
        return fail(m_path, 0, 0,
                    "tensor " + inQuotes(tensor.name) + " is " + dtypeName(tensor.dtype) +
                        "; only F32, F16 and BF16 convert to float32");
    if (raw.size() != tensor.end - tensor.begin || raw.size() % size != 0)
        return fail(m_path, 0, 0,
                    "tensor " + inQuotes(tensor.name) + " is not a tensor of this file");
    std::vector<float> out(raw.size() / size);
    for (std::size_t i = 0; i < out.size(); ++i) {
        const std::byte *p = raw.data() + i * size;
        switch (tensor.dtype) {
        case DType::F32:
            out[i] = std::bit_cast<float>(loadLittleEndian<quint32>(p));
            break;
        case DType::F16:
            out[i] = halfToFloat(loadLittleEndian<quint16>(p));
            break;
        // bfloat16 is the upper half of a float32.
        case DType::BF16:
            out[i] = std::bit_cast<float>(std::uint32_t(loadLittleEndian<quint16>(p)) << 16);
            break;
        default:
            break;
        }
    }
    return out;
}

Result<void> writeSafetensors(const std::string &path, const std::vector<TensorToWrite> &tensors,
                              const std::map<std::string, std::string> &metadata) {
    QJsonObject root;
    std::set<std::string> names;
    std::uint64_t offset = 0;
    for (const TensorToWrite &t : tensors) {
        const std::string what = "cannot write tensor " + inQuotes(t.name) + ": ";
        if (t.name == "__metadata__")
            return fail(path, 0, 0, what + "the name is reserved for the metadata");
        if (!names.insert(t.name).second)
            return fail(path, 0, 0, what + "a second tensor of that name");
        const auto needed = checkedByteSize(t.shape, t.dtype);
        if (!needed)
            return fail(path, 0, 0,
                        what + "shape " + shapeText(t.shape) +
                            " has a negative dimension or too many elements");
        if (*needed != t.bytes.size())
            return fail(path, 0, 0,
                        what + std::to_string(t.bytes.size()) + " bytes given but shape " +
                            shapeText(t.shape) + " of " + dtypeName(t.dtype) + " needs " +
                            std::to_string(*needed));
        const std::uint64_t end = offset + t.bytes.size();
        if (end > std::uint64_t(kMaxJsonInteger))
            return fail(path, 0, 0, what + "the file would exceed 2^53 bytes");
        QJsonArray shape;
        for (std::int64_t dim : t.shape)
            shape.append(qint64(dim));
        root.insert(QString::fromStdString(t.name),
                    QJsonObject{{"dtype", QLatin1String(dtypeName(t.dtype))},
                                {"shape", shape},
                                {"data_offsets", QJsonArray{qint64(offset), qint64(end)}}});
        offset = end;
    }
    if (!metadata.empty()) {
        QJsonObject meta;
        for (const auto &[key, value] : metadata)
            meta.insert(QString::fromStdString(key), QString::fromStdString(value));
        root.insert(QLatin1String("__metadata__"), meta);
    }

    // Spaces up to a multiple of 8 put the data section 8-byte aligned.
    QByteArray header = QJsonDocument(root).toJson(QJsonDocument::Compact);
    header.append((8 - header.size() % 8) % 8, ' ');
    const quint64 length = qToLittleEndian(quint64(header.size()));
    std::vector<std::span<const std::byte>> chunks;
    chunks.reserve(tensors.size() + 2);
    chunks.push_back(std::as_bytes(std::span(&length, 1)));
    chunks.push_back(std::as_bytes(std::span(header.constData(), std::size_t(header.size()))));
    for (const TensorToWrite &t : tensors)
        chunks.push_back(t.bytes);
    return writeFileAtomically(path, chunks, 0644);
}

} // namespace sovereign::agent
