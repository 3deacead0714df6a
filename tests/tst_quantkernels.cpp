// ggml's block formats and the inference kernels (agents/infer/quant.h,
// kernels.h): our quantizers against the bytes llama.cpp's gguf-py writes
// (tests/data/quant/, from tests/quant_fixture.py), fp16 conversion over
// every half and at every kind of rounding tie (and against F16C where the
// CPU has it), how far dequantized values may stray, each SIMD level against
// the scalar reference and the scalar reference against exact arithmetic,
// the gemm kernels (many rows times several vectors) against the single-row
// ones, and how SOVEREIGN_SIMD picks the level.
//
// The SIMD kernels get their input at the very end of a page followed by an
// inaccessible one, so a kernel that reads a byte past its row crashes here.
#include "agents/infer/kernels.h"
#include "agents/infer/kernelsimpl.h"
#include "agents/infer/quant.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

#include <immintrin.h>
#include <sys/mman.h>
#include <unistd.h>

#include <bit>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <random>
#include <vector>

using namespace sovereign::agent::infer;

namespace {

constexpr Simd kLevels[] = {Simd::Scalar, Simd::Avx2, Simd::Avx512Vnni};
/// The unit roundoff of float.
constexpr double kU = 0x1p-24;

// ---- fixture ----

struct FixtureRow {
    QString name;
    qsizetype offset = 0; ///< in values
    qsizetype n = 0;
};

struct Fixture {
    QList<FixtureRow> rows;
    std::vector<float> values;
    QByteArray q8_0, q4_0;
};

QByteArray readFile(const QString &path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read %s (tests/quant_fixture.py writes it)", qPrintable(path));
    return f.readAll();
}

const Fixture &fixture() {
    static const Fixture f = [] {
        const QString dir = QStringLiteral(SOVEREIGN_TEST_DATA "/quant/");
        Fixture out;
        const QJsonObject manifest = QJsonDocument::fromJson(readFile(dir + "rows.json")).object();
        qsizetype offset = 0;
        for (const QJsonValue &row : manifest["rows"].toArray()) {
            const qsizetype n = row["n"].toInteger();
            out.rows.append({row["name"].toString(), offset, n});
            offset += n;
        }
        const QByteArray raw = readFile(dir + "rows.f32");
        if (raw.size() != offset * 4)
            qFatal("rows.f32 holds %lld bytes, rows.json says %lld values", qlonglong(raw.size()),
                   qlonglong(offset));
        out.values.resize(std::size_t(offset));
        std::memcpy(out.values.data(), raw.constData(), std::size_t(raw.size()));
        out.q8_0 = readFile(dir + "rows.q8_0");
        out.q4_0 = readFile(dir + "rows.q4_0");
        if (out.q8_0.size() != offset / kBlock * 34 || out.q4_0.size() != offset / kBlock * 18)
            qFatal("rows.q8_0 or rows.q4_0 does not match rows.json");
        return out;
    }();
    return f;
}

// ---- memory that ends at an inaccessible page ----

/// `bytes` bytes that end exactly where a PROT_NONE page begins.
class GuardedBytes {
  public:
    explicit GuardedBytes(std::size_t bytes) {
        const std::size_t page = std::size_t(sysconf(_SC_PAGESIZE));
        span_ = (bytes + page - 1) / page * page + page;
        void *p = mmap(nullptr, span_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED)
            qFatal("mmap failed");
        base_ = static_cast<unsigned char *>(p);
        if (mprotect(base_ + span_ - page, page, PROT_NONE) != 0)
            qFatal("mprotect failed");
        data_ = base_ + span_ - page - bytes;
    }
    ~GuardedBytes() { munmap(base_, span_); }
    GuardedBytes(const GuardedBytes &) = delete;
    GuardedBytes &operator=(const GuardedBytes &) = delete;

    template <class T> T *as() const { return reinterpret_cast<T *>(data_); }

  private:
    unsigned char *base_ = nullptr, *data_ = nullptr;
    std::size_t span_ = 0;
};

/// A copy of `v` at the end of guarded memory.
template <class T> class Guarded {
  public:
    explicit Guarded(const std::vector<T> &v) : bytes_(v.size() * sizeof(T)) {
        if (!v.empty())
            std::memcpy(bytes_.as<T>(), v.data(), v.size() * sizeof(T));
    }
    T *data() const { return bytes_.as<T>(); }

  private:
    GuardedBytes bytes_;
};

// ---- fp16 references ----

/// binary16 by the book (IEEE 754-2008, 3.4), for any bit pattern.
double halfByDefinition(std::uint16_t h) {
    const int sign = h >> 15, exponent = (h >> 10) & 0x1f, mantissa = h & 0x3ff;
    double magnitude;
    if (exponent == 0)
        magnitude = std::ldexp(double(mantissa), -24);
    else if (exponent == 31)
        magnitude = mantissa ? std::nan("") : INFINITY;
    else
        magnitude = std::ldexp(1.0 + mantissa / 1024.0, exponent - 15);
    return sign ? -magnitude : magnitude;
}

/// float -> half by arithmetic: the nearest multiple of the half's spacing at
/// that magnitude, ties to even (nearbyint in the default rounding mode).
std::uint16_t halfByArithmetic(float f) {
    const std::uint16_t sign = std::signbit(f) ? 0x8000 : 0;
    const double a = std::fabs(double(f));
    if (std::isnan(f))
        return std::uint16_t(sign | 0x7e00 | ((std::bit_cast<std::uint32_t>(f) >> 13) & 0x3ff));
    if (std::isinf(f))
        return std::uint16_t(sign | 0x7c00);
    int e = a > 0 ? std::ilogb(a) : -14;
    if (e < -14)
        e = -14;
    const double spacing = std::ldexp(1.0, e - 10);
    const double k = std::nearbyint(a / spacing); // integer multiple of the spacing
    const double rounded = k * spacing;
    if (rounded >= 65536.0)
        return std::uint16_t(sign | 0x7c00);
    if (rounded == 0)
        return sign;
    // Encode: subnormal if below 2^-14, else exponent and 10 mantissa bits.
    if (rounded < 0x1p-14)
        return std::uint16_t(sign | std::uint16_t(rounded / 0x1p-24));
    const int re = std::ilogb(rounded);
    const int mantissa = int(std::ldexp(rounded, 10 - re)) - 1024;
    return std::uint16_t(sign | ((re + 15) << 10) | mantissa);
}

bool cpuHasF16c() {
    __builtin_cpu_init();
    return __builtin_cpu_supports("f16c");
}

__attribute__((target("f16c"))) std::uint16_t f16cFromFloat(float f) {
    return std::uint16_t(_cvtss_sh(f, _MM_FROUND_TO_NEAREST_INT));
}

__attribute__((target("f16c"))) float f16cToFloat(std::uint16_t h) {
    return _cvtsh_ss(h);
}

/// Floats that probe every rounding position: for each sign and exponent,
/// every combination of the top mantissa bits with low bits at, just below
/// and just above the half-way point of where a half rounds (bit 13 for
/// normal halves, higher for subnormal ones), plus a stride through all floats.
std::vector<std::uint32_t> probeFloats() {
    std::vector<std::uint32_t> out;
    for (std::uint32_t sign = 0; sign < 2; ++sign) {
        for (std::uint32_t e = 0; e < 256; ++e) {
            // Bits dropped when this exponent becomes a half: 13, or more below 2^-14.
            const int dropped = e >= 113 ? 13 : std::min(24, 13 + int(113 - e));
            const std::uint32_t half = 1u << (dropped - 1);
            const std::uint32_t lowMask = (1u << dropped) - 1;
            const std::uint32_t lows[] = {0, 1, half - 1, half, half + 1, lowMask};
            const std::uint32_t highCount = 1u << (23 - std::min(dropped, 23));
            for (std::uint32_t high = 0; high < highCount; ++high) {
                for (std::uint32_t low : lows) {
                    const std::uint32_t mantissa = ((high << dropped) | (low & lowMask)) & 0x7fffff;
                    out.push_back((sign << 31) | (e << 23) | mantissa);
                }
            }
        }
    }
    for (std::uint64_t bits = 0; bits < (1ull << 32); bits += 4099)
        out.push_back(std::uint32_t(bits));
    return out;
}

// ---- kernel inputs ----

/// Normal values whose size changes from block to block (10^U(-2, 2)), so
/// that the blocks' scales differ.
std::vector<float> randomValues(std::size_t n, std::uint32_t seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> normal;
    std::uniform_real_distribution<float> exponent(-2, 2);
    std::vector<float> v(n);
    float scale = 1;
    for (std::size_t i = 0; i < n; ++i) {
        if (i % kBlock == 0)
            scale = std::pow(10.0f, exponent(rng));
        v[i] = normal(rng) * scale;
    }
    return v;
}

std::vector<BlockQ8_0> toQ8_0(const std::vector<float> &v) {
    std::vector<BlockQ8_0> out(v.size() / kBlock);
    quantizeRowQ8_0(v.data(), out.data(), std::int64_t(v.size()));
    return out;
}

std::vector<BlockQ4_0> toQ4_0(const std::vector<float> &v) {
    std::vector<BlockQ4_0> out(v.size() / kBlock);
    quantizeRowQ4_0(v.data(), out.data(), std::int64_t(v.size()));
    return out;
}

std::vector<std::int8_t> toI8(const std::vector<float> &v) {
    std::vector<std::int8_t> out(v.size());
    float scale = 0;
    quantizeRowI8(v.data(), out.data(), scale, std::int64_t(v.size()));
    return out;
}

std::vector<std::uint16_t> toF16(const std::vector<float> &v) {
    std::vector<std::uint16_t> out(v.size());
    for (std::size_t i = 0; i < v.size(); ++i)
        out[i] = floatToFp16(v[i]);
    return out;
}

/// The exact value of a dot product (double: every product here is exact in
/// double and the sums carry 29 more bits than float's) and sum |w_i x_i|,
/// which bounds every partial sum any kernel forms, and so its rounding.
struct Exact {
    double value = 0;
    double magnitude = 0;
    void add(double term) {
        value += term;
        magnitude += std::fabs(term);
    }
};

/// Dequantize, then multiply and add in double: the naive reference.
Exact exactDot(const std::vector<float> &w, const std::vector<float> &x) {
    Exact e;
    for (std::size_t i = 0; i < w.size(); ++i)
        e.add(double(w[i]) * double(x[i]));
    return e;
}

std::vector<float> dequantized(const std::vector<BlockQ8_0> &b) {
    std::vector<float> out(b.size() * kBlock);
    dequantizeRowQ8_0(b.data(), out.data(), std::int64_t(out.size()));
    return out;
}

std::vector<float> dequantized(const std::vector<BlockQ4_0> &b) {
    std::vector<float> out(b.size() * kBlock);
    dequantizeRowQ4_0(b.data(), out.data(), std::int64_t(out.size()));
    return out;
}

/// One kernel's output on one input, with the exact answer.
struct Run {
    float result = 0;
    Exact exact;
    /// How many rounded additions the scalar kernel chains (the error bound's n).
    std::int64_t terms = 0;
};

/// The dot kernel `kernel` ("f32", "f16", "q8_0", "q4_0", "i8") of level
/// `k` on `size` values (float kernels) or blocks (quantized ones).
Run runDot(const Kernels &k, const QString &kernel, std::int64_t size, std::uint32_t seed) {
    Run r;
    const bool quantized = kernel.startsWith('q') || kernel == "i8";
    const std::size_t n = std::size_t(quantized ? size * kBlock : size);
    const std::vector<float> wf = randomValues(n, seed), xf = randomValues(n, seed + 1);
    if (kernel == "f32") {
        const Guarded w(wf), x(xf);
        r.result = k.dotF32(w.data(), x.data(), size);
        r.exact = exactDot(wf, xf);
        r.terms = size;
    } else if (kernel == "f16") {
        const std::vector<std::uint16_t> wh = toF16(wf);
        std::vector<float> wBack(n);
        convertRowF16(wh.data(), wBack.data(), std::int64_t(n));
        const Guarded w(wh);
        const Guarded x(xf);
        r.result = k.dotF16(w.data(), x.data(), size);
        r.exact = exactDot(wBack, xf);
        r.terms = size;
    } else {
        const std::vector<BlockQ8_0> xq = toQ8_0(xf);
        const std::vector<float> xBack = dequantized(xq);
        const Guarded x(xq);
        std::vector<float> wBack;
        if (kernel == "q8_0") {
            const std::vector<BlockQ8_0> wq = toQ8_0(wf);
            wBack = dequantized(wq);
            const Guarded w(wq);
            r.result = k.dotQ8_0(w.data(), x.data(), size);
        } else if (kernel == "q4_0") {
            const std::vector<BlockQ4_0> wq = toQ4_0(wf);
            wBack = dequantized(wq);
            const Guarded w(wq);
            r.result = k.dotQ4_0(w.data(), x.data(), size);
        } else {
            const std::vector<std::int8_t> wq = toI8(wf);
            wBack.assign(wq.begin(), wq.end()); // the row's scale is the caller's
            const Guarded w(wq);
            r.result = k.dotI8(w.data(), x.data(), size);
        }
        r.exact = exactDot(wBack, xBack);
        r.terms = size;
    }
    return r;
}

QString describe(const Run &r) {
    return QStringLiteral("result %1, exact %2, sum of |terms| %3")
        .arg(double(r.result), 0, 'g', 10)
        .arg(r.exact.value, 0, 'g', 10)
        .arg(r.exact.magnitude, 0, 'g', 6);
}

/// ggml's float -> int8 casts as they compile on x86-64 (cvttss2si, then the
/// low byte): NaN, infinities and values beyond int32 give 0x80000000, so 0.
int ggmlInt8(float v) {
    if (!(std::fabs(v) < 2147483648.0f))
        return 0;
    return std::int8_t(std::int32_t(v));
}

/// An fp16 power of two.
std::uint16_t halfPowerOfTwo(int e) {
    return std::uint16_t((e + 15) << 10);
}

// ---- gemm operands ----

/// One gemm kernel's operands: `rows` rows and `tokens` vectors in the
/// kernel's formats, back to back, with what the tolerance needs.
struct GemmOperands {
    std::size_t wElement = 0, xElement = 0; ///< bytes an element
    std::int64_t wLength = 0, xLength = 0;  ///< elements a row, a vector
    std::vector<unsigned char> w, x;
    /// sum |w_i x_i| of vector t and row r at t * rows + r (dequantized).
    std::vector<double> magnitude;

    const void *row(std::int64_t r) const { return w.data() + std::size_t(r * wLength) * wElement; }
    const void *vector(std::int64_t t) const {
        return x.data() + std::size_t(t * xLength) * xElement;
    }
};

template <class T> void append(std::vector<unsigned char> &bytes, const std::vector<T> &v) {
    const auto *p = reinterpret_cast<const unsigned char *>(v.data());
    bytes.insert(bytes.end(), p, p + v.size() * sizeof(T));
}

/// Random rows and vectors for `kernel` ("f32", "f16", "q8_0", "q4_0", "i8")
/// of `size` values (float kernels) or blocks (quantized ones).
GemmOperands gemmOperands(const QString &kernel, std::int64_t rows, std::int64_t tokens,
                          std::int64_t size, std::uint32_t seed) {
    GemmOperands o;
    const bool quantized = kernel.startsWith('q') || kernel == "i8";
    const std::size_t n = std::size_t(quantized ? size * kBlock : size);
    std::vector<std::vector<float>> wBack, xBack; // the values the kernels see
    for (std::int64_t t = 0; t < tokens; ++t) {
        const std::vector<float> v = randomValues(n, seed + 1000 + std::uint32_t(t));
        if (quantized) {
            const std::vector<BlockQ8_0> q = toQ8_0(v);
            append(o.x, q);
            xBack.push_back(dequantized(q));
        } else {
            append(o.x, v);
            xBack.push_back(v);
        }
    }
    for (std::int64_t r = 0; r < rows; ++r) {
        const std::vector<float> v = randomValues(n, seed + std::uint32_t(r));
        if (kernel == "f32") {
            append(o.w, v);
            wBack.push_back(v);
        } else if (kernel == "f16") {
            const std::vector<std::uint16_t> h = toF16(v);
            std::vector<float> back(n);
            convertRowF16(h.data(), back.data(), std::int64_t(n));
            append(o.w, h);
            wBack.push_back(back);
        } else if (kernel == "q8_0") {
            const std::vector<BlockQ8_0> q = toQ8_0(v);
            append(o.w, q);
            wBack.push_back(dequantized(q));
        } else if (kernel == "q4_0") {
            const std::vector<BlockQ4_0> q = toQ4_0(v);
            append(o.w, q);
            wBack.push_back(dequantized(q));
        } else {
            const std::vector<std::int8_t> q = toI8(v);
            append(o.w, q);
            wBack.emplace_back(q.begin(), q.end()); // the row's scale is the caller's
        }
    }
    o.xElement = quantized ? sizeof(BlockQ8_0) : sizeof(float);
    o.xLength = size;
    o.wElement = kernel == "f32"    ? sizeof(float)
                 : kernel == "f16"  ? sizeof(std::uint16_t)
                 : kernel == "q8_0" ? sizeof(BlockQ8_0)
                 : kernel == "q4_0" ? sizeof(BlockQ4_0)
                                    : sizeof(std::int8_t);
    o.wLength = kernel == "i8" ? size * kBlock : size;
    for (std::int64_t t = 0; t < tokens; ++t)
        for (std::int64_t r = 0; r < rows; ++r)
            o.magnitude.push_back(exactDot(wBack[std::size_t(r)], xBack[std::size_t(t)]).magnitude);
    return o;
}

/// The single-row kernel `kernel` of `k`.
float singleDot(const Kernels &k, const QString &kernel, const void *w, const void *x,
                std::int64_t size) {
    const auto *xq = static_cast<const BlockQ8_0 *>(x);
    if (kernel == "f32")
        return k.dotF32(static_cast<const float *>(w), static_cast<const float *>(x), size);
    if (kernel == "f16")
        return k.dotF16(static_cast<const std::uint16_t *>(w), static_cast<const float *>(x), size);
    if (kernel == "q8_0")
        return k.dotQ8_0(static_cast<const BlockQ8_0 *>(w), xq, size);
    if (kernel == "q4_0")
        return k.dotQ4_0(static_cast<const BlockQ4_0 *>(w), xq, size);
    return k.dotI8(static_cast<const std::int8_t *>(w), xq, size);
}

/// The gemm kernel `kernel` of `k` (strides in elements, as the kernels take them).
void gemm(const Kernels &k, const QString &kernel, const void *w, std::int64_t wStride,
          std::int64_t rows, const void *x, std::int64_t xStride, std::int64_t tokens,
          std::int64_t size, float *out, std::int64_t outStride) {
    const auto *xf = static_cast<const float *>(x);
    const auto *xq = static_cast<const BlockQ8_0 *>(x);
    if (kernel == "f32")
        k.gemmF32(static_cast<const float *>(w), wStride, rows, xf, xStride, tokens, size, out,
                  outStride);
    else if (kernel == "f16")
        k.gemmF16(static_cast<const std::uint16_t *>(w), wStride, rows, xf, xStride, tokens, size,
                  out, outStride);
    else if (kernel == "q8_0")
        k.gemmQ8_0(static_cast<const BlockQ8_0 *>(w), wStride, rows, xq, xStride, tokens, size, out,
                   outStride);
    else if (kernel == "q4_0")
        k.gemmQ4_0(static_cast<const BlockQ4_0 *>(w), wStride, rows, xq, xStride, tokens, size, out,
                   outStride);
    else
        k.gemmI8(static_cast<const std::int8_t *>(w), wStride, rows, xq, xStride, tokens, size, out,
                 outStride);
}

} // namespace

class TstQuantKernels : public QObject {
    Q_OBJECT

    void fixtureRows() {
        QTest::addColumn<int>("row");
        for (int i = 0; i < fixture().rows.size(); ++i)
            QTest::newRow(qPrintable(fixture().rows[i].name)) << i;
    }

  private slots:
    // ---- quantizers against gguf-py ----

    void q8_0MatchesGgufPy_data() { fixtureRows(); }

    // Q8_0: byte for byte. (gguf-py's Q8_0 reproduces the C reference's float
    // operations one for one, round-half-away included, so nothing differs.)
    void q8_0MatchesGgufPy() {
        QFETCH(int, row);
        const FixtureRow &r = fixture().rows[row];
        std::vector<BlockQ8_0> ours(std::size_t(r.n / kBlock));
        quantizeRowQ8_0(fixture().values.data() + r.offset, ours.data(), r.n);
        const QByteArray expected = fixture().q8_0.mid(r.offset / kBlock * 34, r.n / kBlock * 34);
        QCOMPARE(
            QByteArray(reinterpret_cast<const char *>(ours.data()), qsizetype(ours.size() * 34)),
            expected);
    }

    void q4_0MatchesGgufPy_data() { fixtureRows(); }

    // Q4_0: byte for byte but for two documented differences, both from how
    // gguf-py emulates the C reference in numpy, and checked here one by one.
    // Our bytes follow the C reference as llama.cpp builds it (ggml-base for
    // plain x86-64, no FMA; checked against libggml-base's
    // quantize_row_q4_0_ref when these tests were written: identical).
    //  1. x * id + 8.5: the C code rounds x * id to float, then the sum.
    //     gguf-py computes it in float64 (exact here) and rounds once: the
    //     result of a fused multiply-add (its FIXME says so). Where the two
    //     truncate differently, the nibble differs by one.
    //  2. A block of only zeros whose first value is -0.0: the C code keeps
    //     its initial max = +0.0, so d = +0.0 / -8 = -0.0 (0x8000); gguf-py
    //     takes the first value, -0.0, so d = +0.0 (0x0000).
    void q4_0MatchesGgufPy() {
        QFETCH(int, row);
        const FixtureRow &r = fixture().rows[row];
        const float *x = fixture().values.data() + r.offset;
        std::vector<BlockQ4_0> ours(std::size_t(r.n / kBlock));
        quantizeRowQ4_0(x, ours.data(), r.n);
        const auto *theirs = reinterpret_cast<const BlockQ4_0 *>(fixture().q4_0.constData() +
                                                                 r.offset / kBlock * 18);

        int fusedDiffers = 0;
        for (std::size_t b = 0; b < ours.size(); ++b) {
            const float *v = x + b * kBlock;
            float amax = 0, max = 0;
            bool allZero = true;
            for (int j = 0; j < kBlock; ++j) {
                allZero = allZero && v[j] == 0;
                if (amax < std::fabs(v[j])) {
                    amax = std::fabs(v[j]);
                    max = v[j];
                }
            }
            if (allZero && std::signbit(v[0])) {
                QCOMPARE(ours[b].d, quint16(0x8000));
                QCOMPARE(theirs[b].d, quint16(0x0000));
            } else {
                QCOMPARE(ours[b].d, theirs[b].d);
            }
            const float d = max / -8;
            const float id = d != 0 ? 1.0f / d : 0.0f;
            for (int j = 0; j < kBlock; ++j) {
                volatile float product = v[j] * id; // rounded to float, as in C
                const int twice = std::min(15, ggmlInt8(float(product) + 8.5f));
                const int once = std::min(15, ggmlInt8(std::fma(v[j], id, 8.5f)));
                const int mine = j < 16 ? ours[b].qs[j] & 0x0f : ours[b].qs[j - 16] >> 4;
                const int gguf = j < 16 ? theirs[b].qs[j] & 0x0f : theirs[b].qs[j - 16] >> 4;
                const QByteArray where = QStringLiteral("block %1, value %2 (%3)")
                                             .arg(b)
                                             .arg(j)
                                             .arg(double(v[j]), 0, 'g', 9)
                                             .toUtf8();
                QVERIFY2(mine == twice, where.constData());
                QVERIFY2(gguf == once, where.constData());
                fusedDiffers += once != twice;
            }
        }
        // The row built for it has a few such values in each of its 4 blocks
        // (the window is a fraction of an ulp wide); random rows rarely do.
        if (r.name.contains("one rounding and two differ"))
            QVERIFY2(fusedDiffers >= 4, qPrintable(QString::number(fusedDiffers)));
    }

    // Dequantizing applies d to each quant: hand-made blocks.
    void dequantizeByHand() {
        BlockQ8_0 q8{};
        q8.d = 0x3800; // 0.5
        q8.qs[0] = -127;
        q8.qs[31] = 3;
        float out[kBlock];
        dequantizeRowQ8_0(&q8, out, kBlock);
        QCOMPARE(out[0], -63.5f);
        QCOMPARE(out[31], 1.5f);
        QCOMPARE(out[1], 0.0f);

        BlockQ4_0 q4{};
        q4.d = 0xc000; // -2
        for (int j = 0; j < 16; ++j)
            q4.qs[j] = 0x88; // both nibbles 8: zero
        q4.qs[0] = 0xf0;     // element 0: nibble 0 (-8), element 16: nibble 15 (+7)
        q4.qs[15] = 0x19;    // element 15: 9 (+1), element 31: 1 (-7)
        dequantizeRowQ4_0(&q4, out, kBlock);
        QCOMPARE(out[0], 16.0f);
        QCOMPARE(out[16], -14.0f);
        QCOMPARE(out[15], -2.0f);
        QCOMPARE(out[31], 14.0f);
        QCOMPARE(out[1], -0.0f);
    }

    // |x - dequantized| per value, against what the rounding allows:
    // Q8_0: q = round(x / d), off by at most d / 2 (plus the float rounding
    // of x * id, relative 2^-23 of |x| <= 127 d), plus what storing d in fp16
    // moved: |d - D| * |q|.
    // Q4_0: nibble = trunc(x / d + 8.5) is x / d rounded half up, so also
    // d / 2, except that 16 is clamped to 15: values with x / d >= 7.5 (the
    // opposite sign to the block's max and at least 15/16 of its size) may
    // be off by up to |d|.
    // Neither holds when d < 2^-128 (a block of float subnormals): 1 / d is
    // infinite and every quant 0, as in ggml; checked as such.
    void dequantizeErrorBounds_data() { fixtureRows(); }

    void dequantizeErrorBounds() {
        QFETCH(int, row);
        const FixtureRow &r = fixture().rows[row];
        const float *x = fixture().values.data() + r.offset;
        const std::size_t blocks = std::size_t(r.n / kBlock);
        std::vector<BlockQ8_0> q8(blocks);
        std::vector<BlockQ4_0> q4(blocks);
        quantizeRowQ8_0(x, q8.data(), r.n);
        quantizeRowQ4_0(x, q4.data(), r.n);
        std::vector<float> back8(std::size_t(r.n)), back4(std::size_t(r.n));
        dequantizeRowQ8_0(q8.data(), back8.data(), r.n);
        dequantizeRowQ4_0(q4.data(), back4.data(), r.n);
        int clamped = 0;
        for (std::size_t b = 0; b < blocks; ++b) {
            const float *v = x + b * kBlock;
            float amax = 0, max = 0;
            for (int j = 0; j < kBlock; ++j) {
                if (amax < std::fabs(v[j])) {
                    amax = std::fabs(v[j]);
                    max = v[j];
                }
            }
            const double d8 = amax / 127.0f, stored8 = fp16ToFloat(q8[b].d);
            const double d4 = max / -8.0f, stored4 = fp16ToFloat(q4[b].d);
            for (int j = 0; j < kBlock; ++j) {
                const std::size_t i = b * kBlock + j;
                const QByteArray where = QStringLiteral("block %1, value %2 = %3")
                                             .arg(b)
                                             .arg(j)
                                             .arg(double(v[j]), 0, 'g', 9)
                                             .toUtf8();
                if (!std::isfinite(1.0f / float(d8))) {
                    // d below 2^-128 (float subnormals): 1 / d is infinite,
                    // every x * id is +-inf or NaN, and ggml stores 0.
                    QVERIFY2(q8[b].qs[j] == 0, where.constData());
                } else if (std::isfinite(stored8)) {
                    const int q = q8[b].qs[j];
                    const double bound =
                        d8 / 2 + 127 * d8 * 0x1p-23 + std::fabs(d8 - stored8) * std::abs(q);
                    QVERIFY2(std::fabs(double(v[j]) - back8[i]) <= bound, where.constData());
                } else {
                    QVERIFY2(d8 > 65504,
                             where.constData()); // only a scale past fp16's range is lost
                }
                const int nibble = j < 16 ? q4[b].qs[j] & 0x0f : q4[b].qs[j - 16] >> 4;
                if (d4 != 0 && !std::isfinite(1.0f / float(d4))) {
                    QVERIFY2(nibble == 0, where.constData()); // as for Q8_0 above
                } else if (std::isfinite(stored4)) {
                    const int q = nibble - 8;
                    const bool clamps = d4 != 0 && double(v[j]) / d4 >= 7.5;
                    clamped += clamps;
                    const double bound = std::fabs(d4) * (clamps ? 1.0 : 0.5) +
                                         8 * std::fabs(d4) * 0x1p-23 +
                                         std::fabs(d4 - stored4) * std::abs(q);
                    QVERIFY2(std::fabs(double(v[j]) - back4[i]) <= bound, where.constData());
                } else {
                    QVERIFY2(std::fabs(d4) > 65504, where.constData());
                }
            }
        }
        if (r.name.startsWith("exact ties"))
            QVERIFY(clamped > 0); // the x = -max case is in this row
    }

    // Per-row int8: scale = max|x| / 127, q = round(x / scale), halves away
    // from zero; an all-zero row has scale 0.
    void quantizeI8ByHand() {
        // max|x| = 63.5: scale 0.5 exactly, so x / scale is exact and the ties are ties.
        const float x[] = {63.5f, -31.75f, 1.25f, 0.245f, -0.75f, 0.0f, -63.5f, 0.25f};
        std::int8_t q[8];
        float scale = -1;
        quantizeRowI8(x, q, scale, 8);
        QCOMPARE(scale, 0.5f);
        const std::int8_t expected[] = {127, -64, 3, 0, -2, 0, -127, 1};
        for (int i = 0; i < 8; ++i) {
            QCOMPARE(q[i], expected[i]);
            QVERIFY(std::fabs(x[i] - q[i] * scale) <= scale / 2);
        }
        const float zeros[4] = {0, -0.0f, 0, 0};
        quantizeRowI8(zeros, q, scale, 4);
        QCOMPARE(scale, 0.0f);
        for (int i = 0; i < 4; ++i)
            QCOMPARE(q[i], std::int8_t(0));
    }

    // ---- fp16 ----

    // Every half: the conversion to float is the definition's value, bit for
    // bit, and converting back gives the same half. NaNs keep sign and payload
    // and come back quiet (as F16C does): only a signalling NaN's quiet bit changes.
    void fp16EveryHalf() {
        for (std::uint32_t h = 0; h < 65536; ++h) {
            const float f = fp16ToFloat(std::uint16_t(h));
            const double expected = halfByDefinition(std::uint16_t(h));
            const std::uint16_t back = floatToFp16(f);
            const bool ok =
                std::isnan(expected)
                    ? std::isnan(f) && std::signbit(f) == bool(h & 0x8000) && back == (h | 0x0200)
                    : std::bit_cast<std::uint32_t>(f) ==
                              std::bit_cast<std::uint32_t>(float(expected)) &&
                          back == h;
            if (!ok)
                QFAIL(qPrintable(QStringLiteral("half %1: float %2, back %3")
                                     .arg(h, 4, 16, QChar('0'))
                                     .arg(double(f))
                                     .arg(back, 4, 16, QChar('0'))));
        }
    }

    void fp16Rounding_data() {
        QTest::addColumn<float>("value");
        QTest::addColumn<quint16>("half");
        const float u11 = 0x1p-11f; // half a unit of 1.0's last place
        QTest::newRow("1 + 2^-11: tie, down to even 1.0") << 1.0f + u11 << quint16(0x3c00);
        QTest::newRow("1 + 3 x 2^-11: tie, up to even") << 1.0f + 3 * u11 << quint16(0x3c02);
        QTest::newRow("1 + 2^-11 + 2^-23: above the tie")
            << 1.0f + u11 + 0x1p-23f << quint16(0x3c01);
        QTest::newRow("-(1 + 2^-11): tie, to even") << -(1.0f + u11) << quint16(0xbc00);
        QTest::newRow("0.1") << 0.1f << quint16(0x2e66);
        QTest::newRow("65504, the largest") << 65504.0f << quint16(0x7bff);
        QTest::newRow("65519.996: below the tie") << 65519.996f << quint16(0x7bff);
        QTest::newRow("65520: tie, to even (infinity)") << 65520.0f << quint16(0x7c00);
        QTest::newRow("-1e10: overflow") << -1e10f << quint16(0xfc00);
        QTest::newRow("2^-14, the smallest normal") << 0x1p-14f << quint16(0x0400);
        QTest::newRow("2^-14 - 2^-25: tie between 0x3ff and 0x400, to even")
            << 0x1p-14f - 0x1p-25f << quint16(0x0400);
        QTest::newRow("2^-14 - 3 x 2^-25: tie, to even 0x3fe")
            << 0x1p-14f - 3 * 0x1p-25f << quint16(0x03fe);
        QTest::newRow("2^-24, the smallest subnormal") << 0x1p-24f << quint16(0x0001);
        QTest::newRow("3 x 2^-25: tie between 1 and 2, to even 2")
            << 3 * 0x1p-25f << quint16(0x0002);
        QTest::newRow("5 x 2^-25: tie between 2 and 3, to even 2")
            << 5 * 0x1p-25f << quint16(0x0002);
        QTest::newRow("2^-25: tie between 0 and 1, to even 0") << 0x1p-25f << quint16(0x0000);
        QTest::newRow("2^-25 + 2^-48: above the tie") << 0x1p-25f + 0x1p-48f << quint16(0x0001);
        QTest::newRow("-2^-25: to -0") << -0x1p-25f << quint16(0x8000);
        QTest::newRow("1e-30: to 0") << 1e-30f << quint16(0x0000);
        QTest::newRow("float subnormal 2^-149: to 0") << 0x1p-149f << quint16(0x0000);
        QTest::newRow("-0") << -0.0f << quint16(0x8000);
        QTest::newRow("+inf") << INFINITY << quint16(0x7c00);
        QTest::newRow("-inf") << -INFINITY << quint16(0xfc00);
        QTest::newRow("quiet NaN") << std::bit_cast<float>(0x7fc00000u) << quint16(0x7e00);
        QTest::newRow("signalling NaN with payload: quieted, top bits kept")
            << std::bit_cast<float>(0xff812000u) << quint16(0xfe09);
    }

    void fp16Rounding() {
        QFETCH(float, value);
        QFETCH(quint16, half);
        QCOMPARE(floatToFp16(value), half);
        QCOMPARE(halfByArithmetic(value), half); // the reference agrees
        if (cpuHasF16c())
            QCOMPARE(f16cFromFloat(value), half);
    }

    // Floats at and around every rounding position (see probeFloats) against
    // the arithmetic reference, and against F16C's vcvtps2ph / vcvtph2ps when
    // the CPU has them (every half; the probes).
    void fp16MatchesReferenceAndF16c() {
        const std::vector<std::uint32_t> probes = probeFloats();
        const bool f16c = cpuHasF16c();
        for (std::uint32_t bits : probes) {
            const float f = std::bit_cast<float>(bits);
            const std::uint16_t h = floatToFp16(f);
            if (h != halfByArithmetic(f) || (f16c && h != f16cFromFloat(f)))
                QFAIL(qPrintable(QStringLiteral("float %1: ours %2, arithmetic %3")
                                     .arg(bits, 8, 16, QChar('0'))
                                     .arg(h, 4, 16, QChar('0'))
                                     .arg(halfByArithmetic(f), 4, 16, QChar('0'))));
        }
        if (!f16c)
            QSKIP("no F16C on this CPU: compared with the arithmetic reference only");
        for (std::uint32_t h = 0; h < 65536; ++h) {
            if (std::bit_cast<std::uint32_t>(fp16ToFloat(std::uint16_t(h))) !=
                std::bit_cast<std::uint32_t>(f16cToFloat(std::uint16_t(h))))
                QFAIL(qPrintable(QStringLiteral("half %1").arg(h, 4, 16, QChar('0'))));
        }
    }

    void bf16() {
        QCOMPARE(bf16ToFloat(0x3f80), 1.0f);
        QCOMPARE(bf16ToFloat(0xbe20), -0.15625f);
        QCOMPARE(bf16ToFloat(0x0001), 0x1p-133f);
        QCOMPARE(bf16ToFloat(0xff80), -INFINITY);
        QVERIFY(std::isnan(bf16ToFloat(0x7fc0)));
        const std::uint16_t halves[] = {0x3c00, 0x0001, 0xfbff, 0x7c00};
        float out[4];
        convertRowF16(halves, out, 4);
        QCOMPARE(out[0], 1.0f);
        QCOMPARE(out[1], 0x1p-24f);
        QCOMPARE(out[2], -65504.0f);
        QCOMPARE(out[3], INFINITY);
    }

    // ---- kernels ----

    // The scalar kernels against exact arithmetic on the dequantized values
    // (dequantize, then multiply and add in double). The bound is the
    // classical one for a chain of n rounded additions of rounded products:
    // |error| <= (n + 2) u sum|terms| (for the quantized kernels the terms are
    // the blocks' d_w * d_x * integer sums, two roundings each).
    void scalarMatchesExact_data() {
        QTest::addColumn<QString>("kernel");
        QTest::addColumn<int>("size");
        for (const char *kernel : {"f32", "f16", "q8_0", "q4_0", "i8"})
            for (int size : {0, 1, 31, 32, 33, 64, 1000, 4096})
                QTest::addRow("%s, %d", kernel, size) << QString(kernel) << size;
    }

    void scalarMatchesExact() {
        QFETCH(QString, kernel);
        QFETCH(int, size);
        const Run r = runDot(kernels(Simd::Scalar), kernel, size, std::uint32_t(size) * 7 + 1);
        const double bound = double(r.terms + 2) * kU * r.exact.magnitude;
        QVERIFY2(std::fabs(double(r.result) - r.exact.value) <= bound, qPrintable(describe(r)));
    }

    // Each SIMD level the CPU has against the scalar reference. They add in
    // another order (several accumulators, then a horizontal sum), so they
    // differ by rounding: allowed 1e-5 of sum|terms|, several times what
    // either kernel's rounding reaches on these sizes, and less than one
    // block's share of a 1000-block row (a dropped block fails).
    void simdMatchesScalar_data() {
        QTest::addColumn<int>("level");
        QTest::addColumn<QString>("kernel");
        QTest::addColumn<int>("size");
        for (Simd level : {Simd::Avx2, Simd::Avx512Vnni})
            for (const char *kernel : {"f32", "f16", "q8_0", "q4_0", "i8"})
                for (int size : {0, 1, 7, 8, 9, 15, 16, 17, 31, 32, 33, 64, 1000, 4096})
                    QTest::addRow("%s %s, %d", simdName(level), kernel, size)
                        << int(level) << QString(kernel) << size;
    }

    void simdMatchesScalar() {
        QFETCH(int, level);
        QFETCH(QString, kernel);
        QFETCH(int, size);
        if (!detail::cpuRuns(Simd(level)))
            QSKIP("this CPU does not run this level");
        const Kernels &k = kernels(Simd(level));
        QCOMPARE(int(k.simd), level);
        const std::uint32_t seed = std::uint32_t(size) * 13 + 5;
        const Run simd = runDot(k, kernel, size, seed);
        const Run scalar = runDot(kernels(Simd::Scalar), kernel, size, seed);
        const double tolerance = 1e-5 * scalar.exact.magnitude;
        QVERIFY2(std::fabs(double(simd.result) - double(scalar.result)) <= tolerance,
                 qPrintable(QStringLiteral("%1 against scalar %2")
                                .arg(describe(simd))
                                .arg(double(scalar.result), 0, 'g', 10)));
        // And the SIMD kernel by itself is within the scalar bound of exact.
        const double bound = double(simd.terms + 2) * kU * simd.exact.magnitude;
        QVERIFY2(std::fabs(double(simd.result) - simd.exact.value) <= bound,
                 qPrintable(describe(simd)));
    }

    // Power-of-two scales and small quants make every partial sum exact in
    // float, in any order (the precondition is checked: sum|terms| < 2^24
    // units of the smallest term), so every level must return the exact sum,
    // bit for bit.
    void powerOfTwoScalesAreExact_data() {
        QTest::addColumn<QString>("kernel");
        QTest::addColumn<int>("size");
        for (const char *kernel : {"f32", "f16", "q8_0", "q4_0", "i8"})
            for (int size : {1, 9, 33, 1000})
                QTest::addRow("%s, %d", kernel, size) << QString(kernel) << size;
    }

    void powerOfTwoScalesAreExact() {
        QFETCH(QString, kernel);
        QFETCH(int, size);
        std::mt19937 rng(std::uint32_t(size) * 31 + 3);
        std::uniform_int_distribution<int> small(-3, 3), exponent(-1, 1);
        const bool quantized = kernel.startsWith('q') || kernel == "i8";
        const std::size_t n = std::size_t(quantized ? size * kBlock : size);
        // Quants in -3..3 and scales 2^-1..2^1: terms are multiples of 2^-2.
        std::vector<int> wq(n), xq(n);
        std::vector<int> we(quantized ? std::size_t(size) : n), xe(we.size());
        for (std::size_t i = 0; i < n; ++i) {
            wq[i] = small(rng);
            xq[i] = small(rng);
        }
        for (std::size_t i = 0; i < we.size(); ++i) {
            we[i] = kernel == "i8" ? 0 : exponent(rng);
            xe[i] = exponent(rng);
        }
        const auto scaleOf = [&](const std::vector<int> &e, std::size_t i) {
            return std::ldexp(1.0, e[quantized ? i / kBlock : i]);
        };
        double exact = 0, magnitude = 0;
        for (std::size_t i = 0; i < n; ++i) {
            const double term = wq[i] * scaleOf(we, i) * xq[i] * scaleOf(xe, i);
            exact += term;
            magnitude += std::fabs(term);
        }
        QVERIFY(magnitude / 0x1p-2 < 0x1p24); // the precondition

        // The same numbers in each kernel's format.
        std::vector<float> wf(n), xf(n);
        std::vector<std::uint16_t> wh(n);
        std::vector<BlockQ8_0> w8(std::size_t(quantized ? size : 0)), x8(w8.size());
        std::vector<BlockQ4_0> w4(w8.size());
        std::vector<std::int8_t> wi(n);
        for (std::size_t i = 0; i < n; ++i) {
            wf[i] = float(wq[i] * scaleOf(we, i));
            xf[i] = float(xq[i] * scaleOf(xe, i));
            wh[i] = floatToFp16(wf[i]);
            wi[i] = std::int8_t(wq[i]);
        }
        for (std::size_t b = 0; b < w8.size(); ++b) {
            w8[b].d = w4[b].d = halfPowerOfTwo(we[b]);
            x8[b].d = halfPowerOfTwo(xe[b]);
            for (int j = 0; j < kBlock; ++j) {
                w8[b].qs[j] = std::int8_t(wq[b * kBlock + j]);
                x8[b].qs[j] = std::int8_t(xq[b * kBlock + j]);
            }
            for (int j = 0; j < kBlock / 2; ++j)
                w4[b].qs[j] =
                    std::uint8_t((wq[b * kBlock + j] + 8) | ((wq[b * kBlock + j + 16] + 8) << 4));
        }
        const Guarded gwf(wf), gxf(xf);
        const Guarded gwh(wh);
        const Guarded gw8(w8), gx8(x8);
        const Guarded gw4(w4);
        const Guarded gwi(wi);
        for (Simd level : kLevels) {
            if (!detail::cpuRuns(level))
                continue;
            const Kernels &k = kernels(level);
            float got = 0;
            if (kernel == "f32")
                got = k.dotF32(gwf.data(), gxf.data(), size);
            else if (kernel == "f16")
                got = k.dotF16(gwh.data(), gxf.data(), size);
            else if (kernel == "q8_0")
                got = k.dotQ8_0(gw8.data(), gx8.data(), size);
            else if (kernel == "q4_0")
                got = k.dotQ4_0(gw4.data(), gx8.data(), size);
            else
                got = k.dotI8(gwi.data(), gx8.data(), size);
            QVERIFY2(double(got) == exact, qPrintable(QStringLiteral("%1: %2, exact %3")
                                                          .arg(simdName(level))
                                                          .arg(double(got), 0, 'g', 10)
                                                          .arg(exact, 0, 'g', 10)));
        }
    }

    // y += a x: each element is one rounded (scalar) or fused (SIMD) multiply-add.
    void axpyMatchesScalar_data() {
        QTest::addColumn<int>("size");
        for (int size : {0, 1, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 1000, 4096})
            QTest::addRow("%d", size) << size;
    }

    void axpyMatchesScalar() {
        QFETCH(int, size);
        const std::vector<float> x = randomValues(std::size_t(size), 11);
        const std::vector<float> y0 = randomValues(std::size_t(size), 12);
        const float a = -0.7321f;
        std::vector<float> expected = y0;
        kernels(Simd::Scalar).axpyF32(a, x.data(), expected.data(), size);
        for (int i = 0; i < size; ++i) // the reference is the obvious loop
            QCOMPARE(expected[std::size_t(i)], y0[std::size_t(i)] + a * x[std::size_t(i)]);
        for (Simd level : kLevels) {
            if (!detail::cpuRuns(level))
                continue;
            const Guarded gx(x), gy(y0);
            kernels(level).axpyF32(a, gx.data(), gy.data(), size);
            for (int i = 0; i < size; ++i) {
                const double exact = double(y0[std::size_t(i)]) + double(a) * x[std::size_t(i)];
                const double bound =
                    2 * kU * (std::fabs(y0[std::size_t(i)]) + std::fabs(a * x[std::size_t(i)]));
                QVERIFY2(std::fabs(gy.data()[i] - exact) <= bound,
                         qPrintable(QStringLiteral("%1, element %2").arg(simdName(level)).arg(i)));
            }
        }
    }

    // Activations to Q8_0 at each level: the same bytes as quantizeRowQ8_0
    // (and so as ggml's reference), on random rows and on every fixture row.
    void quantizeQ8_0MatchesReference_data() {
        QTest::addColumn<int>("row");  // fixture row, or -1
        QTest::addColumn<int>("size"); // blocks of random values when row is -1
        for (int size : {0, 1, 2, 31, 33, 1000})
            QTest::addRow("random, %d blocks", size) << -1 << size;
        for (int i = 0; i < fixture().rows.size(); ++i)
            QTest::newRow(qPrintable("fixture: " + fixture().rows[i].name)) << i << 0;
    }

    void quantizeQ8_0MatchesReference() {
        QFETCH(int, row);
        QFETCH(int, size);
        std::vector<float> x;
        if (row >= 0) {
            const FixtureRow &r = fixture().rows[row];
            x.assign(fixture().values.begin() + r.offset,
                     fixture().values.begin() + r.offset + r.n);
        } else {
            x = randomValues(std::size_t(size) * kBlock, 21);
        }
        const std::int64_t n = std::int64_t(x.size());
        std::vector<BlockQ8_0> expected(x.size() / kBlock);
        quantizeRowQ8_0(x.data(), expected.data(), n);
        const QByteArray want(reinterpret_cast<const char *>(expected.data()),
                              qsizetype(expected.size() * sizeof(BlockQ8_0)));
        for (Simd level : kLevels) {
            if (!detail::cpuRuns(level))
                continue;
            const Guarded gx(x);
            GuardedBytes out(expected.size() * sizeof(BlockQ8_0));
            kernels(level).quantizeQ8_0(gx.data(), out.as<BlockQ8_0>(), n);
            const QByteArray got(out.as<const char>(), want.size());
            QVERIFY2(got == want, simdName(level));
        }
    }

    // ---- many rows times several vectors ----

    // The gemm kernels of each level the CPU has, on every block of the
    // first 1, 2, ... rows times the first 1 .. 17 vectors (so that each
    // level's panels of rows and tiles of vectors come full, partial and
    // several): every output bit for bit what the scalar single-row kernel
    // gives (the gemm kernels add in its order, kernels.h says), and within
    // simdMatchesScalar's tolerance of the level's own single-row kernel.
    // Rows, vectors and output rows lie apart (strides longer than they are;
    // the gaps hold values that would change any sum that read them, and
    // output gaps must stay untouched), and each operand ends where an
    // inaccessible page begins.
    void gemmMatchesSingleRowKernels_data() {
        QTest::addColumn<int>("level");
        QTest::addColumn<QString>("kernel");
        QTest::addColumn<int>("size");
        for (Simd level : kLevels) {
            for (const char *kernel : {"f32", "f16"})
                for (int size : {0, 1, 7, 15, 16, 17, 33, 1000})
                    QTest::addRow("%s %s, %d", simdName(level), kernel, size)
                        << int(level) << QString(kernel) << size;
            for (const char *kernel : {"q8_0", "q4_0", "i8"})
                for (int size : {0, 1, 2, 7, 33, 100})
                    QTest::addRow("%s %s, %d blocks", simdName(level), kernel, size)
                        << int(level) << QString(kernel) << size;
        }
    }

    void gemmMatchesSingleRowKernels() {
        QFETCH(int, level);
        QFETCH(QString, kernel);
        QFETCH(int, size);
        if (!detail::cpuRuns(Simd(level)))
            QSKIP("this CPU does not run this level");
        const Kernels &k = kernels(Simd(level));
        QCOMPARE(int(k.simd), level);
        constexpr std::int64_t kRows = 67, kTokens = 17;
        const GemmOperands o =
            gemmOperands(kernel, kRows, kTokens, size, std::uint32_t(size) * 5 + 9);
        std::vector<float> scalar(std::size_t(kRows * kTokens)), own(scalar.size());
        for (std::int64_t t = 0; t < kTokens; ++t)
            for (std::int64_t r = 0; r < kRows; ++r) {
                const std::size_t i = std::size_t(t * kRows + r);
                scalar[i] = singleDot(kernels(Simd::Scalar), kernel, o.row(r), o.vector(t), size);
                own[i] = singleDot(k, kernel, o.row(r), o.vector(t), size);
            }
        constexpr std::uint32_t kUntouched = 0x7fc0beef; // a NaN no kernel makes
        for (std::int64_t rows : {1, 2, 8, 15, 16, 17, 31, 32, 33, 48, 67}) {
            for (std::int64_t tokens = 1; tokens <= kTokens; ++tokens) {
                const std::int64_t wStride = o.wLength + 3, xStride = o.xLength + 2;
                const std::int64_t outStride = rows + 5;
                GuardedBytes w(std::size_t((rows - 1) * wStride + o.wLength) * o.wElement);
                GuardedBytes x(std::size_t((tokens - 1) * xStride + o.xLength) * o.xElement);
                GuardedBytes out(std::size_t((tokens - 1) * outStride + rows) * sizeof(float));
                std::memset(w.as<void>(), 0x5a, std::size_t((rows - 1) * wStride) * o.wElement);
                std::memset(x.as<void>(), 0x5a, std::size_t((tokens - 1) * xStride) * o.xElement);
                for (std::int64_t r = 0; r < rows; ++r)
                    std::memcpy(w.as<unsigned char>() + std::size_t(r * wStride) * o.wElement,
                                o.row(r), std::size_t(o.wLength) * o.wElement);
                for (std::int64_t t = 0; t < tokens; ++t)
                    std::memcpy(x.as<unsigned char>() + std::size_t(t * xStride) * o.xElement,
                                o.vector(t), std::size_t(o.xLength) * o.xElement);
                auto *y = out.as<std::uint32_t>();
                std::fill(y, y + (tokens - 1) * outStride + rows, kUntouched);
                gemm(k, kernel, w.as<void>(), wStride, rows, x.as<void>(), xStride, tokens, size,
                     out.as<float>(), outStride);
                for (std::int64_t t = 0; t < tokens; ++t) {
                    for (std::int64_t r = 0; r < (t + 1 < tokens ? outStride : rows); ++r) {
                        const std::uint32_t got = y[t * outStride + r];
                        const auto where = [&] {
                            return QStringLiteral("%1 rows, %2 vectors: row %3, vector %4: ")
                                .arg(rows)
                                .arg(tokens)
                                .arg(r)
                                .arg(t);
                        };
                        if (r >= rows) {
                            if (got != kUntouched)
                                QFAIL(qPrintable(where() + "gap written"));
                            continue;
                        }
                        const std::size_t i = std::size_t(t * kRows + r);
                        const float value = std::bit_cast<float>(got);
                        if (got != std::bit_cast<std::uint32_t>(scalar[i]))
                            QFAIL(qPrintable(where() + QStringLiteral("%1, scalar kernel %2")
                                                           .arg(double(value), 0, 'g', 10)
                                                           .arg(double(scalar[i]), 0, 'g', 10)));
                        if (!(std::fabs(double(value) - double(own[i])) <= 1e-5 * o.magnitude[i]))
                            QFAIL(qPrintable(where() + QStringLiteral("%1, %2's kernel %3")
                                                           .arg(double(value), 0, 'g', 10)
                                                           .arg(simdName(k.simd))
                                                           .arg(double(own[i]), 0, 'g', 10)));
                    }
                }
            }
        }
    }

    // ---- choosing the level ----

    void levels() {
        QCOMPARE(int(kernels(Simd::Scalar).simd), int(Simd::Scalar));
        QCOMPARE(QString(simdName(Simd::Scalar)), "scalar");
        QCOMPARE(QString(simdName(Simd::Avx2)), "avx2");
        QCOMPARE(QString(simdName(Simd::Avx512Vnni)), "avx512-vnni");
        __builtin_cpu_init();
        const bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") &&
                          __builtin_cpu_supports("f16c");
        const bool avx512 =
            avx2 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
            __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512vnni");
        const Simd best = avx512 ? Simd::Avx512Vnni : avx2 ? Simd::Avx2 : Simd::Scalar;
        QCOMPARE(int(bestSimd()), int(best));
        for (Simd level : kLevels) {
            // A level the CPU lacks falls back to the best it has.
            const Simd expected = int(level) <= int(best) ? level : best;
            QCOMPARE(int(kernels(level).simd), int(expected));
            QCOMPARE(detail::cpuRuns(level), int(level) <= int(best));
            const Kernels &k = kernels(level);
            QVERIFY(k.dotF32 && k.dotF16 && k.dotQ8_0 && k.dotQ4_0 && k.dotI8 && k.axpyF32 &&
                    k.quantizeQ8_0);
            QVERIFY(k.gemmF32 && k.gemmF16 && k.gemmQ8_0 && k.gemmQ4_0 && k.gemmI8);
        }
        qInfo("this CPU runs %s", simdName(best));
    }

    void chooseSimd_data() {
        QTest::addColumn<QString>("value"); // "<unset>" for none
        QTest::addColumn<int>("best");
        QTest::addColumn<int>("expected");
        QTest::addColumn<bool>("problem");
        const int scalar = int(Simd::Scalar), avx2 = int(Simd::Avx2),
                  avx512 = int(Simd::Avx512Vnni);
        QTest::newRow("unset") << "<unset>" << avx512 << avx512 << false;
        QTest::newRow("empty") << "" << avx2 << avx2 << false;
        QTest::newRow("scalar on avx512") << "scalar" << avx512 << scalar << false;
        QTest::newRow("avx2 on avx512") << "avx2" << avx512 << avx2 << false;
        QTest::newRow("avx512-vnni on avx512") << "avx512-vnni" << avx512 << avx512 << false;
        QTest::newRow("avx512-vnni on avx2: lacking") << "avx512-vnni" << avx2 << avx2 << true;
        QTest::newRow("avx2 on scalar: lacking") << "avx2" << scalar << scalar << true;
        QTest::newRow("unknown word") << "neon" << avx2 << avx2 << true;
        QTest::newRow("wrong case") << "AVX2" << avx512 << avx512 << true;
        QTest::newRow("trailing space") << "avx2 " << avx512 << avx512 << true;
    }

    void chooseSimd() {
        QFETCH(QString, value);
        QFETCH(int, best);
        QFETCH(int, expected);
        QFETCH(bool, problem);
        const QByteArray bytes = value.toUtf8();
        const detail::SimdChoice choice =
            detail::chooseSimd(value == "<unset>" ? nullptr : bytes.constData(), Simd(best));
        QCOMPARE(int(choice.simd), expected);
        QCOMPARE(choice.problem != nullptr, problem);
    }

    // bestKernels() reads SOVEREIGN_SIMD once, so each value gets a fresh
    // process: this test binary, running childReportsBestKernels.
    void bestKernelsFollowsVariable_data() {
        QTest::addColumn<QString>("value"); // "<unset>" for none
        QTest::addColumn<int>("expected");  // -1: the CPU's best
        QTest::addColumn<bool>("warns");
        const Simd best = bestSimd();
        QTest::newRow("unset") << "<unset>" << -1 << false;
        QTest::newRow("scalar") << "scalar" << int(Simd::Scalar) << false;
        for (Simd level : {Simd::Avx2, Simd::Avx512Vnni}) {
            const bool runs = int(level) <= int(best);
            QTest::newRow(simdName(level)) << simdName(level) << (runs ? int(level) : -1) << !runs;
        }
        QTest::newRow("unknown: warns, best") << "sse9" << -1 << true;
    }

    void bestKernelsFollowsVariable() {
        QFETCH(QString, value);
        QFETCH(int, expected);
        QFETCH(bool, warns);
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("SOVEREIGN_QUANTKERNELS_CHILD", "1");
        if (value == "<unset>")
            env.remove("SOVEREIGN_SIMD");
        else
            env.insert("SOVEREIGN_SIMD", value);
        p.setProcessEnvironment(env);
        p.start(QCoreApplication::applicationFilePath(), {"childReportsBestKernels"});
        QVERIFY(p.waitForFinished(60000));
        const QString out = QString::fromUtf8(p.readAllStandardOutput());
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QVERIFY2(p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0,
                 qPrintable(out + err));
        const QString want = simdName(expected < 0 ? bestSimd() : Simd(expected));
        QVERIFY2(out.contains("bestKernels: " + want + "\n"), qPrintable(out));
        const qsizetype warnings = err.count("warning: SOVEREIGN_SIMD=");
        QCOMPARE(warnings, warns ? 1 : 0);
        if (warns)
            QVERIFY2(err.contains("using " + want), qPrintable(err));
    }

    void childReportsBestKernels() {
        if (!qEnvironmentVariableIsSet("SOVEREIGN_QUANTKERNELS_CHILD"))
            QSKIP("run by bestKernelsFollowsVariable in a process of its own");
        const Kernels &first = bestKernels();
        const Kernels &again = bestKernels(); // the warning, if any, comes once
        QCOMPARE(&first, &again);
        QCOMPARE(&first, &kernels(first.simd));
        std::printf("bestKernels: %s\n", simdName(first.simd));
        std::fflush(stdout);
    }
};

QTEST_GUILESS_MAIN(TstQuantKernels)
#include "tst_quantkernels.moc"
