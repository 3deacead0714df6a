#include "agents/gguf.h"

#include "agents/atomicfile.h"

#include <QtEndian>

#include <bit>
#include <limits>
#include <set>

// Writing, in gguf-py's layout (GGUFWriter): the header, the key/values and
// the tensor infos built in memory, padded with zeros to the alignment; then
// each tensor's bytes straight from the caller's span, each padded too. With
// the same order and alignment the bytes are those gguf-py writes.

namespace sovereign::agent::gguf {

namespace {

constexpr int kMaxNesting = 16; // as the reader
constexpr std::string_view kAlignmentKey = "general.alignment";

std::string inQuotes(const std::string &text) {
    return "\"" + text + "\"";
}

std::string shapeText(const std::vector<std::int64_t> &shape) {
    std::string out = "[";
    for (std::size_t i = 0; i < shape.size(); ++i)
        out += (i ? ", " : "") + std::to_string(shape[i]);
    return out + "]";
}

std::uint64_t padded(std::uint64_t n, std::uint64_t alignment) {
    return (n + alignment - 1) / alignment * alignment;
}

/// What is written, spelled out only for an error: "key \"k\"" or "item 3 of key \"k\"".
struct Where {
    Where(const std::string &what, std::uint64_t item = kWhole) : what(what), item(item) {}

    static constexpr std::uint64_t kWhole = ~std::uint64_t(0);
    std::string_view what;
    std::uint64_t item;

    std::string text() const {
        return (item == kWhole ? std::string() : "item " + std::to_string(item) + " of ")
            .append(what);
    }
};

class Encoder {
  public:
    explicit Encoder(const std::string &path) : m_path(path) {}

    std::string out;

    template <class T> void put(T value) {
        const T le = qToLittleEndian(value);
        out.append(reinterpret_cast<const char *>(&le), sizeof le);
    }
    void string(const std::string &text) {
        put<quint64>(text.size());
        out += text;
    }

    /// The value as `type`, checking that it holds what the type says.
    Result<void> value(const Value &v, ValueType type, const Where &what, int depth = 0) {
        const auto *u = std::get_if<std::uint64_t>(&v.data);
        const auto *i = std::get_if<std::int64_t>(&v.data);
        switch (type) {
        case ValueType::UInt8:
            return integer<quint8>(u, i, type, what);
        case ValueType::Int8:
            return integer<qint8>(u, i, type, what);
        case ValueType::UInt16:
            return integer<quint16>(u, i, type, what);
        case ValueType::Int16:
            return integer<qint16>(u, i, type, what);
        case ValueType::UInt32:
            return integer<quint32>(u, i, type, what);
        case ValueType::Int32:
            return integer<qint32>(u, i, type, what);
        case ValueType::UInt64:
            return integer<quint64>(u, i, type, what);
        case ValueType::Int64:
            return integer<qint64>(u, i, type, what);
        case ValueType::Float32:
        case ValueType::Float64: {
            const auto *f = std::get_if<double>(&v.data);
            if (!f)
                return mismatch(type, what);
            if (type == ValueType::Float32)
                put<quint32>(std::bit_cast<quint32>(float(*f)));
            else
                put<quint64>(std::bit_cast<quint64>(*f));
            return {};
        }
        case ValueType::Bool: {
            const bool *b = v.asBool();
            if (!b)
                return mismatch(type, what);
            put<quint8>(*b ? 1 : 0);
            return {};
        }
        case ValueType::String: {
            const std::string *s = v.asString();
            if (!s)
                return mismatch(type, what);
            string(*s);
            return {};
        }
        case ValueType::Array: {
            const Array *a = v.asArray();
            if (!a)
                return mismatch(type, what);
            if (depth >= kMaxNesting)
                return error(what.text() + ": arrays nested more than " +
                             std::to_string(kMaxNesting) + " deep");
            if (std::uint32_t(a->elementType) > std::uint32_t(ValueType::Float64))
                return error(what.text() + ": unknown element type " +
                             std::to_string(std::uint32_t(a->elementType)));
            put<quint32>(quint32(a->elementType));
            put<quint64>(a->items.size());
            const std::string self = what.text(); // once per array, not per item
            for (std::size_t k = 0; k < a->items.size(); ++k) {
                const Value &item = a->items[k];
                if (item.type != a->elementType)
                    return error(Where{self, k}.text() + " has type " + valueTypeName(item.type) +
                                 " in an array of " + valueTypeName(a->elementType));
                if (auto ok = value(item, a->elementType, {self, k}, depth + 1); !ok)
                    return ok;
            }
            return {};
        }
        }
        return error(what.text() + ": unknown value type " + std::to_string(std::uint32_t(type)));
    }

    std::unexpected<Error> error(const std::string &message) const {
        return fail(m_path, 0, 0, "cannot write " + message);
    }

  private:
    std::unexpected<Error> mismatch(ValueType type, const Where &what) const {
        return error(what.text() + ": the value does not hold a " + valueTypeName(type));
    }

    template <class T>
    Result<void> integer(const std::uint64_t *u, const std::int64_t *i, ValueType type,
                         const Where &what) {
        if (!u && !i)
            return mismatch(type, what);
        const bool fits = u ? std::in_range<T>(*u) : std::in_range<T>(*i);
        if (!fits)
            return error(what.text() + ": " + (u ? std::to_string(*u) : std::to_string(*i)) +
                         " does not fit a " + valueTypeName(type));
        put<T>(u ? T(*u) : T(*i));
        return {};
    }

    const std::string &m_path;
};

/// The bytes the tensor must have; an error naming it when its description
/// is not one we can write.
Result<std::uint64_t> tensorBytes(const Encoder &enc, const TensorToWrite &t) {
    const std::string what = "tensor " + t.name;
    const auto type = std::uint32_t(t.type);
    if (t.type != TensorType::F32 && t.type != TensorType::F16 && t.type != TensorType::Q4_0 &&
        t.type != TensorType::Q8_0 && t.type != TensorType::I8)
        return enc.error(what + ": type " + typeName(type) +
                         " is not one of F32, F16, Q8_0, Q4_0 and I8");
    if (t.shape.empty() || t.shape.size() > 4)
        return enc.error(what + ": shape " + shapeText(t.shape) +
                         " does not have 1 to 4 dimensions");
    std::int64_t elements = 1;
    for (std::int64_t dim : t.shape)
        if (dim <= 0 || __builtin_mul_overflow(elements, dim, &elements))
            return enc.error(what + ": shape " + shapeText(t.shape) +
                             " has a dimension that is not positive, or too many elements");
    if (t.shape[0] % blockElements(t.type) != 0)
        return enc.error(what + ": row length " + std::to_string(t.shape[0]) +
                         " is not a multiple of " + typeName(type) + "'s block of " +
                         std::to_string(blockElements(t.type)) + " elements");
    std::uint64_t bytes = 0;
    if (__builtin_mul_overflow(rowBytes(t.type, t.shape[0]), std::uint64_t(elements / t.shape[0]),
                               &bytes))
        return enc.error(what + ": shape " + shapeText(t.shape) + " passes 2^64 bytes");
    if (bytes != t.data.size())
        return enc.error(what + ": " + std::to_string(t.data.size()) + " bytes given but shape " +
                         shapeText(t.shape) + " of " + typeName(type) + " needs " +
                         std::to_string(bytes));
    return bytes;
}

} // namespace

Result<void> write(const std::string &path, const std::vector<KeyValue> &metadata,
                   const std::vector<TensorToWrite> &tensors, std::uint64_t alignment) {
    Encoder enc(path);
    if (!std::has_single_bit(alignment) || alignment > std::numeric_limits<std::uint32_t>::max())
        return enc.error("with alignment " + std::to_string(alignment) +
                         ": it must be a power of two that fits a uint32");

    bool alignmentGiven = false;
    std::set<std::string, std::less<>> keys;
    for (const auto &[key, value] : metadata) {
        if (!keys.insert(key).second)
            return enc.error("key " + inQuotes(key) + ": a second key of that name");
        if (key == kAlignmentKey) {
            alignmentGiven = true;
            const auto given = value.asInt();
            if (value.type != ValueType::UInt32 || !given || std::uint64_t(*given) != alignment)
                return enc.error("key " + inQuotes(key) + ": it must be the uint32 " +
                                 std::to_string(alignment) + ", the alignment written");
        }
    }
    const bool addAlignment = !alignmentGiven && alignment != 32;

    enc.out = "GGUF";
    enc.put<quint32>(3);
    enc.put<quint64>(tensors.size());
    enc.put<quint64>(metadata.size() + (addAlignment ? 1 : 0));
    for (const auto &[key, value] : metadata) {
        enc.string(key);
        enc.put<quint32>(quint32(value.type));
        if (auto ok = enc.value(value, value.type, "key " + inQuotes(key)); !ok)
            return ok;
    }
    if (addAlignment) {
        enc.string(std::string(kAlignmentKey));
        enc.put<quint32>(quint32(ValueType::UInt32));
        enc.put<quint32>(quint32(alignment));
    }

    std::set<std::string, std::less<>> names;
    std::vector<std::uint64_t> padding;
    std::uint64_t offset = 0, maxPadding = 0;
    for (const TensorToWrite &t : tensors) {
        if (!names.insert(t.name).second)
            return enc.error("tensor " + t.name + ": a second tensor of that name");
        auto bytes = tensorBytes(enc, t);
        if (!bytes)
            return std::unexpected(bytes.error());
        enc.string(t.name);
        enc.put<quint32>(quint32(t.shape.size()));
        for (std::int64_t dim : t.shape)
            enc.put<quint64>(quint64(dim));
        enc.put<quint32>(quint32(t.type));
        enc.put<quint64>(offset);
        padding.push_back(padded(*bytes, alignment) - *bytes);
        maxPadding = std::max(maxPadding, padding.back());
        offset += *bytes + padding.back();
    }
    enc.out.append(padded(enc.out.size(), alignment) - enc.out.size(), '\0');

    const std::vector<std::byte> zeros(maxPadding);
    std::vector<std::span<const std::byte>> chunks;
    chunks.reserve(1 + 2 * tensors.size());
    chunks.push_back(std::as_bytes(std::span(enc.out.data(), enc.out.size())));
    for (std::size_t i = 0; i < tensors.size(); ++i) {
        chunks.push_back(tensors[i].data);
        chunks.push_back(std::span(zeros.data(), padding[i]));
    }
    return writeFileAtomically(path, chunks, 0644);
}

} // namespace sovereign::agent::gguf
