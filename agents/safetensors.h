#pragma once

#include "planner/base/error.h"

#include <QByteArray>
#include <QFile>

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace sovereign::agent {

/// The element types we read and write. F32/F16/BF16 are model weights; I64
/// and U8 carry token ids and byte blobs in checkpoints.
enum class DType { F32, F16, BF16, I64, I32, U8 };

/// "F32", "F16", "BF16", "I64", "I32", "U8" (the safetensors spelling).
const char *dtypeName(DType dtype);
/// Bytes per element.
std::size_t dtypeSize(DType dtype);

/// One tensor of a safetensors file: offsets are relative to the data section
/// (the bytes after the 8-byte length and the JSON header).
struct TensorInfo {
    std::string name;
    DType dtype = DType::F32;
    std::vector<std::int64_t> shape;
    std::uint64_t begin = 0;
    std::uint64_t end = 0;

    std::int64_t elementCount() const;
};

/// A safetensors file opened read-only and memory-mapped: an 8-byte
/// little-endian header length, a JSON header (name -> dtype, shape,
/// data_offsets; optional "__metadata__" of strings) and the raw tensors.
/// open() refuses anything that does not add up, naming the file and the
/// tensor: a truncated file, a header past the end, an unknown dtype, offsets
/// out of range, overlapping or leaving holes, a size that disagrees with the
/// shape.
class SafetensorsFile {
  public:
    static Result<SafetensorsFile> open(const std::string &path);

    SafetensorsFile(SafetensorsFile &&) noexcept;
    SafetensorsFile &operator=(SafetensorsFile &&) noexcept;
    ~SafetensorsFile();

    const std::string &path() const { return m_path; }
    /// In file order (ascending offsets).
    const std::vector<TensorInfo> &tensors() const { return m_tensors; }
    /// nullptr when there is no tensor of that name.
    const TensorInfo *find(const std::string &name) const;
    const std::map<std::string, std::string> &metadata() const { return m_metadata; }

    /// The raw little-endian bytes of a tensor (valid while this object lives).
    std::span<const std::byte> bytes(const TensorInfo &tensor) const;
    /// F32, F16 or BF16 converted to float; an error (file, tensor) for other dtypes.
    Result<std::vector<float>> toFloat32(const TensorInfo &tensor) const;

  private:
    SafetensorsFile() = default;

    std::string m_path;
    std::unique_ptr<QFile> m_file;
    const std::byte *m_data = nullptr; ///< start of the data section
    std::uint64_t m_dataSize = 0;
    std::vector<TensorInfo> m_tensors;
    std::map<std::string, std::string> m_metadata;
};

/// A tensor to write: its bytes must be elementCount x dtypeSize long.
struct TensorToWrite {
    std::string name;
    DType dtype = DType::F32;
    std::vector<std::int64_t> shape;
    std::span<const std::byte> bytes;
};

/// Writes a safetensors file atomically (a temporary file in the same folder,
/// fsync, rename, fsync of the folder): readers see the old file or the whole
/// new one, never a part. Tensors are laid out in the order given, the header
/// padded with spaces to a multiple of 8 bytes.
Result<void> writeSafetensors(const std::string &path, const std::vector<TensorToWrite> &tensors,
                              const std::map<std::string, std::string> &metadata = {});

} // namespace sovereign::agent
