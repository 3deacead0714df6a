#pragma once

// llama.cpp's GGUF container (version 3, little-endian), read memory-mapped and
// written atomically. The layout follows ggml's docs/gguf.md: the magic
// "GGUF", a version, the tensor and key/value counts, the key/values, the
// tensor infos, padding to `general.alignment` (32 by default) and the tensor
// data, each tensor at an aligned offset of the data section.

#include "planner/base/error.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace sovereign::agent::gguf {

/// A metadata value's type, with GGUF's numbers.
enum class ValueType : std::uint32_t {
    UInt8 = 0,
    Int8 = 1,
    UInt16 = 2,
    Int16 = 3,
    UInt32 = 4,
    Int32 = 5,
    Float32 = 6,
    Bool = 7,
    String = 8,
    Array = 9,
    UInt64 = 10,
    Int64 = 11,
    Float64 = 12,
};
/// "uint8", "int32", "string", "array", ... (gguf-py's spelling, lower case).
const char *valueTypeName(ValueType type);

/// A tensor's element type, with ggml's numbers. Only these load; any other
/// number is refused by name (typeName knows ggml's names of them all). I8
/// carries our per-channel int8 weights (agents/infer/model.h), which
/// llama.cpp does not run.
enum class TensorType : std::uint32_t {
    F32 = 0,
    F16 = 1,
    Q4_0 = 2,
    Q8_0 = 8,
    I8 = 24,
};
/// ggml's name of a type number: "F32", "Q4_K", "IQ2_XS", "BF16", ... or
/// "type N" for a number ggml does not have.
std::string typeName(std::uint32_t type);
/// Elements per block (1 for F32/F16/I8, 32 for Q4_0/Q8_0) and bytes per
/// block (4, 2, 18, 34, 1).
int blockElements(TensorType type);
int blockBytes(TensorType type);
/// Bytes of one row of `columns` elements; `columns` must be a multiple of the
/// block size.
std::uint64_t rowBytes(TensorType type, std::int64_t columns);

struct Value;
struct Array {
    ValueType elementType = ValueType::UInt8;
    std::vector<Value> items;
};

/// One metadata value. Integers of every width live in `u` or `i`, floats of
/// both widths in `f`; `type` says which GGUF type it has on disk.
struct Value {
    ValueType type = ValueType::UInt32;
    std::variant<std::uint64_t, std::int64_t, double, bool, std::string, Array> data;

    static Value uint32(std::uint32_t v) { return {ValueType::UInt32, std::uint64_t(v)}; }
    static Value uint64(std::uint64_t v) { return {ValueType::UInt64, v}; }
    static Value int32(std::int32_t v) { return {ValueType::Int32, std::int64_t(v)}; }
    static Value float32(float v) { return {ValueType::Float32, double(v)}; }
    static Value boolean(bool v) { return {ValueType::Bool, v}; }
    static Value string(std::string v) { return {ValueType::String, std::move(v)}; }
    static Value array(ValueType elementType, std::vector<Value> items) {
        return {ValueType::Array, Array{elementType, std::move(items)}};
    }

    /// The value as an integer when it is one (any width, signed or not).
    std::optional<std::int64_t> asInt() const;
    /// The value as a number when it is an integer or a float.
    std::optional<double> asNumber() const;
    const std::string *asString() const { return std::get_if<std::string>(&data); }
    const Array *asArray() const { return std::get_if<Array>(&data); }
    const bool *asBool() const { return std::get_if<bool>(&data); }
};

using KeyValue = std::pair<std::string, Value>;

/// One tensor as the file describes it. `shape` is in ggml's order: shape[0]
/// is the innermost dimension (the columns of a matrix, the row length), so
/// a [rows x columns] matrix has shape {columns, rows}.
struct TensorInfo {
    std::string name;
    std::vector<std::int64_t> shape;
    TensorType type = TensorType::F32;
    std::uint64_t offset = 0; ///< from the start of the data section
    std::uint64_t bytes = 0;

    std::int64_t elementCount() const;
    std::int64_t columns() const { return shape.empty() ? 1 : shape[0]; }
    std::int64_t rows() const { return columns() ? elementCount() / columns() : 0; }
};

/// A GGUF file opened read-only and memory-mapped. open() reads and checks
/// everything before it returns: the magic, a version of 2 or 3, counts that
/// fit the file, every string and array inside the file, known value types,
/// unique keys and tensor names, a power-of-two alignment, tensor types it
/// can load (others refused by ggml's name), shapes whose row length is a
/// multiple of the block, aligned offsets, and tensors that lie inside the
/// file without overlapping. Each error names the file and the byte offset
/// where the problem is ("model.gguf: at offset 1234: ...").
class File {
  public:
    static Result<File> open(const std::string &path);

    File(File &&) noexcept;
    File &operator=(File &&) noexcept;
    ~File();

    const std::string &path() const;
    std::uint32_t version() const;
    std::uint64_t alignment() const;
    const std::vector<KeyValue> &metadata() const;
    /// nullptr when the key is absent.
    const Value *find(std::string_view key) const;
    const std::vector<TensorInfo> &tensors() const;
    /// nullptr when there is no tensor of that name.
    const TensorInfo *tensor(std::string_view name) const;
    /// The tensor's bytes, inside the mapping (valid while the File lives).
    std::span<const std::byte> data(const TensorInfo &tensor) const;
    /// Offset of the data section from the start of the file.
    std::uint64_t dataOffset() const;

  private:
    File();
    struct Impl;
    std::unique_ptr<Impl> d;
};

/// A tensor to write: its bytes must be exactly rowBytes(type, shape[0]) x
/// the other dimensions.
struct TensorToWrite {
    std::string name;
    std::vector<std::int64_t> shape; ///< ggml's order, as in TensorInfo
    TensorType type = TensorType::F32;
    std::span<const std::byte> data;
};

/// Writes a version-3 GGUF file atomically (writeFileAtomically): the
/// metadata in the order given (general.alignment is written when
/// `alignment` is not 32 and the caller did not give it), then the tensors
/// in the order given, each padded to `alignment`. Refuses, naming the key
/// or tensor, repeated names, a size that disagrees with the shape, and an
/// alignment that is not a power of two.
Result<void> write(const std::string &path, const std::vector<KeyValue> &metadata,
                   const std::vector<TensorToWrite> &tensors, std::uint64_t alignment = 32);

} // namespace sovereign::agent::gguf
