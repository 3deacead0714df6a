#pragma once

// Private to the GGUF reader (gguf.cpp): a position in a mapped file and the
// reads that check it against the bytes left, with errors at file offsets.

#include "agents/gguf.h"

#include <QtEndian>

#include <bit>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>

namespace sovereign::agent::gguf::detail {

inline std::string inQuotes(const std::string &text) {
    return "\"" + text + "\"";
}

/// Bytes that a value of a type takes at the least: what a count of them is
/// checked against before anything is allocated.
inline std::uint64_t minimumBytes(ValueType type) {
    switch (type) {
    case ValueType::UInt8:
    case ValueType::Int8:
    case ValueType::Bool:
        return 1;
    case ValueType::UInt16:
    case ValueType::Int16:
        return 2;
    case ValueType::UInt32:
    case ValueType::Int32:
    case ValueType::Float32:
        return 4;
    case ValueType::String: // the length
    case ValueType::UInt64:
    case ValueType::Int64:
    case ValueType::Float64:
        return 8;
    case ValueType::Array: // element type and count
        return 12;
    }
    return 1;
}

/// Arrays of arrays nest at most this deep: deeper is a crafted file, and
/// each level is a frame of our stack.
constexpr int kMaxNesting = 16;
/// A tensor info takes at least a name length, n_dims, one dimension, the
/// type and the offset.
constexpr std::uint64_t kMinTensorInfoBytes = 8 + 4 + 8 + 4 + 8;
/// A key/value takes at least the key's length, the value type and one byte.
constexpr std::uint64_t kMinKeyValueBytes = 8 + 4 + 1;
constexpr std::uint32_t kMaxDims = 4;

inline std::string hexBytes(const std::byte *p, std::size_t n) {
    static const char digits[] = "0123456789abcdef";
    std::string out;
    for (std::size_t i = 0; i < n; ++i) {
        const unsigned b = unsigned(p[i]);
        out += std::string(i ? " " : "") + digits[b >> 4] + digits[b & 15];
    }
    return out;
}

/// What a read is of, spelled out only when there is an error to report: the
/// million strings of a vocabulary must not cost a million messages.
struct Subject {
    static constexpr std::uint64_t kWhole = ~std::uint64_t(0);

    Subject(const char *what) : what(what) {}
    Subject(const std::string &what) : what(what) {}
    Subject(std::string_view prefix, std::string_view what, std::uint64_t item = kWhole)
        : prefix(prefix), what(what), item(item) {}

    std::string_view prefix; ///< "the length of ", ...
    std::string_view what;   ///< "key \"general.name\"", "tensor x", ...
    std::uint64_t item = kWhole;

    /// The same thing, under another prefix.
    Subject of(std::string_view otherPrefix) const { return {otherPrefix, what, item}; }
    std::string text() const {
        std::string out(prefix);
        if (item != kWhole)
            out += "item " + std::to_string(item) + " of ";
        return out.append(what);
    }
};

// A position in the mapped file and the reads that check it.
class Reader {
  public:
    Reader(const std::string &path, const std::byte *base, std::uint64_t size)
        : m_path(path), m_base(base), m_size(size) {}

    std::uint64_t pos = 0;

    std::uint64_t left() const { return m_size - pos; }

    std::unexpected<Error> error(std::uint64_t at, const std::string &message) const {
        return fail(m_path, 0, 0, "at offset " + std::to_string(at) + ": " + message);
    }

    /// `n` more bytes must be in the file.
    Result<void> need(std::uint64_t n, const Subject &subject) const {
        if (n <= left())
            return {};
        return error(pos, "the file ends inside " + subject.text() + ": " + std::to_string(n) +
                              " bytes needed, " + std::to_string(left()) + " left (file size " +
                              std::to_string(m_size) + "): truncated");
    }

    template <class T> Result<T> scalar(const Subject &subject) {
        if (auto ok = need(sizeof(T), subject); !ok)
            return std::unexpected(ok.error());
        T value;
        std::memcpy(&value, m_base + pos, sizeof value); // the mapping may be unaligned
        pos += sizeof value;
        return qFromLittleEndian(value);
    }

    Result<std::string> string(const Subject &subject) {
        const std::uint64_t at = pos;
        auto length = scalar<quint64>(subject.of("the length of "));
        if (!length)
            return std::unexpected(length.error());
        if (*length > left())
            return error(at, subject.text() + ": string length " + std::to_string(*length) +
                                 " runs past the end of the file (size " + std::to_string(m_size) +
                                 ")");
        std::string out(reinterpret_cast<const char *>(m_base + pos), std::size_t(*length));
        pos += *length;
        return out;
    }

    /// A value type number, checked.
    Result<ValueType> valueType(const Subject &subject) {
        const std::uint64_t at = pos;
        auto number = scalar<quint32>(subject);
        if (!number)
            return std::unexpected(number.error());
        if (*number > std::uint32_t(ValueType::Float64))
            return error(at, subject.text() + ": unknown value type " + std::to_string(*number) +
                                 " (GGUF's are 0 to 12)");
        return ValueType(*number);
    }

    Result<Value> value(ValueType type, const Subject &subject, int depth = 0) {
        switch (type) {
        case ValueType::UInt8:
            return integer<quint8>(type, subject);
        case ValueType::Int8:
            return integer<qint8>(type, subject);
        case ValueType::UInt16:
            return integer<quint16>(type, subject);
        case ValueType::Int16:
            return integer<qint16>(type, subject);
        case ValueType::UInt32:
            return integer<quint32>(type, subject);
        case ValueType::Int32:
            return integer<qint32>(type, subject);
        case ValueType::UInt64:
            return integer<quint64>(type, subject);
        case ValueType::Int64:
            return integer<qint64>(type, subject);
        case ValueType::Float32: {
            auto bits = scalar<quint32>(subject);
            if (!bits)
                return std::unexpected(bits.error());
            return Value{type, double(std::bit_cast<float>(*bits))};
        }
        case ValueType::Float64: {
            auto bits = scalar<quint64>(subject);
            if (!bits)
                return std::unexpected(bits.error());
            return Value{type, std::bit_cast<double>(*bits)};
        }
        case ValueType::Bool: {
            const std::uint64_t at = pos;
            auto byte = scalar<quint8>(subject);
            if (!byte)
                return std::unexpected(byte.error());
            if (*byte > 1)
                return error(at, subject.text() + ": bool byte " + std::to_string(*byte) +
                                     " is neither 0 nor 1");
            return Value{type, *byte == 1};
        }
        case ValueType::String: {
            auto text = string(subject);
            if (!text)
                return std::unexpected(text.error());
            return Value{type, std::move(*text)};
        }
        case ValueType::Array:
            return array(subject, depth);
        }
        return error(pos, subject.text() + ": unknown value type");
    }

  private:
    template <class T> Result<Value> integer(ValueType type, const Subject &subject) {
        auto v = scalar<T>(subject);
        if (!v)
            return std::unexpected(v.error());
        if constexpr (std::is_signed_v<T>)
            return Value{type, std::int64_t(*v)};
        else
            return Value{type, std::uint64_t(*v)};
    }

    Result<Value> array(const Subject &subject, int depth) {
        const std::uint64_t at = pos;
        // Items are "item i of" this array: an array that is itself an item,
        // or under a prefix, is spelled out once (nested arrays are rare).
        const std::string spelled =
            subject.item == Subject::kWhole && subject.prefix.empty() ? "" : subject.text();
        const std::string_view self = spelled.empty() ? subject.what : spelled;
        if (depth >= kMaxNesting)
            return error(at, std::string(self) + ": arrays nested more than " +
                                 std::to_string(kMaxNesting) + " deep");
        auto elementType = valueType({"the element type of ", self});
        if (!elementType)
            return std::unexpected(elementType.error());
        const std::uint64_t countAt = pos;
        auto count = scalar<quint64>({"the item count of ", self});
        if (!count)
            return std::unexpected(count.error());
        const std::uint64_t least = minimumBytes(*elementType);
        if (*count > left() / least)
            return error(countAt, std::string(self) + ": " + std::to_string(*count) + " " +
                                      valueTypeName(*elementType) + " items cannot fit in the " +
                                      std::to_string(left()) + " bytes left in the file (size " +
                                      std::to_string(m_size) + "): at least " +
                                      std::to_string(least) + " bytes each");
        Array out{*elementType, {}};
        out.items.reserve(std::size_t(*count));
        for (std::uint64_t i = 0; i < *count; ++i) {
            auto item = value(*elementType, {{}, self, i}, depth + 1);
            if (!item)
                return std::unexpected(item.error());
            out.items.push_back(std::move(*item));
        }
        return Value{ValueType::Array, std::move(out)};
    }

    const std::string &m_path;
    const std::byte *m_base;
    std::uint64_t m_size;
};

} // namespace sovereign::agent::gguf::detail
