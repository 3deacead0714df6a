// GGUF: files written by llama.cpp's own tools (tests/data/gguf, made by
// tests/gguf_fixtures.py) read with their metadata and tensors, the F32 one
// checked byte for byte against the Hugging Face model it was converted from;
// our writer reproducing them byte for byte; malformed files refused with the
// file, the byte offset and what was wrong; and the writer's refusals.
//
// The byte offsets come from a small walker of the format written here, apart
// from the reader under test, so that a patch lands where the test means it to.
#include "agents/gguf.h"
#include "agents/safetensors.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QtEndian>

#include <bit>
#include <cmath>
#include <cstring>

using namespace sovereign;
using namespace sovereign::agent;
using gguf::TensorType;
using gguf::Value;
using gguf::ValueType;

namespace {

const QString kDir = QStringLiteral(SOVEREIGN_TEST_DATA "/gguf/");

QByteArray readBytes(const QString &path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    return f.readAll();
}

void writeBytes(const QString &path, const QByteArray &bytes) {
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
        qFatal("cannot write %s", qPrintable(path));
}

QByteArray toQByteArray(std::span<const std::byte> bytes) {
    return QByteArray(reinterpret_cast<const char *>(bytes.data()), qsizetype(bytes.size()));
}

std::span<const std::byte> view(const QByteArray &bytes) {
    return std::as_bytes(std::span(bytes.constData(), std::size_t(bytes.size())));
}

gguf::File openOrDie(const QString &path) {
    auto file = gguf::File::open(path.toStdString());
    if (!file)
        qFatal("%s", file.error().toString().c_str());
    return std::move(*file);
}

/// `bytes` with the little-endian `value` written at `at`.
template <class T> QByteArray patched(QByteArray bytes, qint64 at, T value) {
    const T le = qToLittleEndian(value);
    std::memcpy(bytes.data() + at, &le, sizeof le);
    return bytes;
}
QByteArray patched(QByteArray bytes, qint64 at, const QByteArray &replacement) {
    bytes.replace(at, replacement.size(), replacement);
    return bytes;
}

/// Where things are in a GGUF file: a walker of the format separate from the
/// reader under test. It trusts the file (the fixtures are well formed).
struct Layout {
    struct KeyValue {
        QByteArray key;
        qint64 keyAt = 0, typeAt = 0, valueAt = 0;
        quint32 type = 0;
        // Arrays: the element type and count fields, and where each item starts.
        qint64 elementTypeAt = 0, countAt = 0;
        QList<qint64> items;
    };
    struct Tensor {
        QByteArray name;
        qint64 nameAt = 0, nDimsAt = 0, typeAt = 0, offsetAt = 0;
        QList<qint64> dimAt;
        QList<quint64> dims;
        quint32 type = 0;
        quint64 offset = 0;
    };
    QList<KeyValue> kvs;
    QList<Tensor> tensors;
    qint64 infosEnd = 0, dataOffset = 0;

    const KeyValue &kv(const QByteArray &key) const {
        for (const KeyValue &kv : kvs)
            if (kv.key == key)
                return kv;
        qFatal("no key %s", key.constData());
    }
    const Tensor &tensor(const QByteArray &name) const {
        for (const Tensor &t : tensors)
            if (t.name == name)
                return t;
        qFatal("no tensor %s", name.constData());
    }
};

class Walker {
  public:
    explicit Walker(const QByteArray &bytes) : m_bytes(bytes) {}

    Layout walk() {
        Layout out;
        m_pos = 8; // magic, version
        const quint64 tensorCount = take<quint64>(), kvCount = take<quint64>();
        for (quint64 i = 0; i < kvCount; ++i) {
            Layout::KeyValue kv;
            kv.keyAt = m_pos;
            kv.key = string();
            kv.typeAt = m_pos;
            kv.type = take<quint32>();
            kv.valueAt = m_pos;
            if (kv.type == 9) {
                kv.elementTypeAt = m_pos;
                const quint32 elementType = take<quint32>();
                kv.countAt = m_pos;
                const quint64 count = take<quint64>();
                for (quint64 k = 0; k < count; ++k) {
                    kv.items.append(m_pos);
                    skip(elementType);
                }
            } else {
                skip(kv.type);
            }
            out.kvs.append(kv);
        }
        quint64 alignment = 32;
        for (const Layout::KeyValue &kv : out.kvs)
            if (kv.key == "general.alignment")
                alignment = qFromLittleEndian<quint32>(m_bytes.constData() + kv.valueAt);
        for (quint64 i = 0; i < tensorCount; ++i) {
            Layout::Tensor t;
            t.nameAt = m_pos;
            t.name = string();
            t.nDimsAt = m_pos;
            const quint32 nDims = take<quint32>();
            for (quint32 d = 0; d < nDims; ++d) {
                t.dimAt.append(m_pos);
                t.dims.append(take<quint64>());
            }
            t.typeAt = m_pos;
            t.type = take<quint32>();
            t.offsetAt = m_pos;
            t.offset = take<quint64>();
            out.tensors.append(t);
        }
        out.infosEnd = m_pos;
        out.dataOffset = qint64((quint64(m_pos) + alignment - 1) / alignment * alignment);
        return out;
    }

  private:
    template <class T> T take() {
        const T v = qFromLittleEndian<T>(m_bytes.constData() + m_pos);
        m_pos += sizeof(T);
        return v;
    }
    QByteArray string() {
        const qint64 length = qint64(take<quint64>());
        const QByteArray s = m_bytes.mid(m_pos, length);
        m_pos += length;
        return s;
    }
    void skip(quint32 type) {
        static const int sizes[] = {1, 1, 2, 2, 4, 4, 4, 1, 0, 0, 8, 8, 8};
        if (type == 8) {
            string();
        } else if (type == 9) {
            const quint32 elementType = take<quint32>();
            const quint64 count = take<quint64>();
            for (quint64 k = 0; k < count; ++k)
                skip(elementType);
        } else {
            m_pos += sizes[type];
        }
    }

    const QByteArray &m_bytes;
    qint64 m_pos = 0;
};

Layout layoutOf(const QByteArray &bytes) {
    return Walker(bytes).walk();
}

/// Exact equality of two values: the type on disk, and floats bit for bit.
bool sameValue(const Value &a, const Value &b) {
    if (a.type != b.type || a.data.index() != b.data.index())
        return false;
    if (const auto *x = std::get_if<double>(&a.data))
        return std::bit_cast<quint64>(*x) == std::bit_cast<quint64>(std::get<double>(b.data));
    if (const gguf::Array *x = a.asArray()) {
        const gguf::Array &y = *b.asArray();
        if (x->elementType != y.elementType || x->items.size() != y.items.size())
            return false;
        for (std::size_t i = 0; i < x->items.size(); ++i)
            if (!sameValue(x->items[i], y.items[i]))
                return false;
        return true;
    }
    if (const auto *x = std::get_if<std::uint64_t>(&a.data))
        return *x == std::get<std::uint64_t>(b.data);
    if (const auto *x = std::get_if<std::int64_t>(&a.data))
        return *x == std::get<std::int64_t>(b.data);
    if (const bool *x = a.asBool())
        return *x == *b.asBool();
    return *a.asString() == *b.asString();
}

float halfToFloat(quint16 h) {
    const int exponent = (h >> 10) & 0x1f, mantissa = h & 0x3ff;
    const double magnitude = exponent == 0 ? std::ldexp(double(mantissa), -24)
                                           : std::ldexp(1.0 + mantissa / 1024.0, exponent - 15);
    return float((h & 0x8000) ? -magnitude : magnitude);
}

/// ggml's blocks decoded (ggml-quants.c's dequantize_row_*, written from the
/// block layout): each value and the tolerance its block allows against the
/// float it was made from.
struct Decoded {
    std::vector<float> values, tolerance;
};
Decoded decode(TensorType type, std::span<const std::byte> bytes) {
    Decoded out;
    const auto *p = reinterpret_cast<const unsigned char *>(bytes.data());
    const std::size_t n = bytes.size();
    switch (type) {
    case TensorType::F32:
        for (std::size_t i = 0; i < n; i += 4) {
            out.values.push_back(std::bit_cast<float>(qFromLittleEndian<quint32>(p + i)));
            out.tolerance.push_back(0);
        }
        break;
    case TensorType::F16:
        for (std::size_t i = 0; i < n; i += 2) {
            const float v = halfToFloat(qFromLittleEndian<quint16>(p + i));
            out.values.push_back(v);
            out.tolerance.push_back(std::abs(v) * 0x1p-11f + 0x1p-24f); // half an f16 ulp
        }
        break;
    case TensorType::Q8_0: // an f16 scale d, 32 int8: x = d * q; |error| <= d / 2
        for (std::size_t b = 0; b < n; b += 34) {
            const float d = halfToFloat(qFromLittleEndian<quint16>(p + b));
            for (int j = 0; j < 32; ++j) {
                out.values.push_back(d * float(qint8(p[b + 2 + j])));
                out.tolerance.push_back(std::abs(d) * 0.6f + 1e-7f); // + the rounding of d
            }
        }
        break;
    case TensorType::Q4_0: // an f16 scale d, 32 nibbles: low ones first, x = d * (q - 8)
        for (std::size_t b = 0; b < n; b += 18) {
            const float d = halfToFloat(qFromLittleEndian<quint16>(p + b));
            float block[32];
            for (int j = 0; j < 16; ++j) {
                block[j] = d * float((p[b + 2 + j] & 0x0f) - 8);
                block[j + 16] = d * float((p[b + 2 + j] >> 4) - 8);
            }
            for (float v : block) {
                out.values.push_back(v);
                // The value of largest magnitude maps to -8, so +8 d clips to +7 d.
                out.tolerance.push_back(std::abs(d) * 1.01f + 1e-7f);
            }
        }
        break;
    case TensorType::I8: // no scale of its own (ours keeps row scales apart)
        qFatal("the fixtures hold no I8 tensor");
        break;
    }
    return out;
}

/// The Hugging Face name of a GGUF tensor of the tiny Llama.
QString hfName(const QString &ggufName) {
    static const QList<std::pair<QString, QString>> parts = {
        {"attn_q.weight", "self_attn.q_proj.weight"},
        {"attn_k.weight", "self_attn.k_proj.weight"},
        {"attn_v.weight", "self_attn.v_proj.weight"},
        {"attn_output.weight", "self_attn.o_proj.weight"},
        {"ffn_gate.weight", "mlp.gate_proj.weight"},
        {"ffn_up.weight", "mlp.up_proj.weight"},
        {"ffn_down.weight", "mlp.down_proj.weight"},
        {"attn_norm.weight", "input_layernorm.weight"},
        {"ffn_norm.weight", "post_attention_layernorm.weight"},
    };
    if (ggufName == "token_embd.weight")
        return "model.embed_tokens.weight";
    if (ggufName == "output_norm.weight")
        return "model.norm.weight";
    if (ggufName == "output.weight")
        return "lm_head.weight";
    QString name = ggufName;
    name.replace(QRegularExpression("^blk\\."), "model.layers.");
    for (const auto &[from, to] : parts)
        if (name.endsWith(from))
            return name.left(name.size() - from.size()) + to;
    return {};
}

/// The tiny Llama's tensors in the converter's order, with ggml shapes.
const QList<std::pair<QByteArray, QList<qint64>>> &expectedTensors() {
    static const QList<std::pair<QByteArray, QList<qint64>>> list = [] {
        QList<std::pair<QByteArray, QList<qint64>>> out{{"token_embd.weight", {64, 320}}};
        for (int i = 0; i < 2; ++i) {
            const QByteArray p = "blk." + QByteArray::number(i) + ".";
            out += {{p + "attn_q.weight", {64, 64}},    {p + "attn_k.weight", {64, 32}},
                    {p + "attn_v.weight", {64, 32}},    {p + "attn_output.weight", {64, 64}},
                    {p + "ffn_gate.weight", {64, 128}}, {p + "ffn_up.weight", {64, 128}},
                    {p + "ffn_down.weight", {128, 64}}, {p + "attn_norm.weight", {64}},
                    {p + "ffn_norm.weight", {64}}};
        }
        out += {{"output_norm.weight", {64}}, {"output.weight", {64, 320}}};
        return out;
    }();
    return list;
}

const QStringList kFixtures = {"tiny-f32.gguf", "tiny-f16.gguf", "tiny-q8_0.gguf",
                               "tiny-q4_0.gguf"};

} // namespace

class TstGguf : public QObject {
    Q_OBJECT

  private slots:
    void loadsFixtures_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("weightType");
        QTest::addColumn<int>("fileType"); // llama.cpp's LLAMA_FTYPE_*
        QTest::newRow("f32") << "tiny-f32.gguf" << int(TensorType::F32) << 0;
        QTest::newRow("f16") << "tiny-f16.gguf" << int(TensorType::F16) << 1;
        QTest::newRow("q8_0") << "tiny-q8_0.gguf" << int(TensorType::Q8_0) << 7;
        QTest::newRow("q4_0") << "tiny-q4_0.gguf" << int(TensorType::Q4_0) << 2;
    }

    void loadsFixtures() {
        QFETCH(QString, name);
        QFETCH(int, weightType);
        QFETCH(int, fileType);
        auto file = gguf::File::open((kDir + name).toStdString());
        QVERIFY2(file, file ? "" : file.error().toString().c_str());
        QCOMPARE(file->path(), (kDir + name).toStdString());
        QCOMPARE(file->version(), 3u);
        QCOMPARE(file->alignment(), 32u);
        QCOMPARE(file->metadata().size(), 23u);

        auto scalar = [&](const char *key, ValueType type) -> const Value & {
            const Value *v = file->find(key);
            if (!v || v->type != type)
                qFatal("%s: no %s of type %s", qPrintable(name), key, gguf::valueTypeName(type));
            return *v;
        };
        auto integer = [&](const char *key) {
            return int(*scalar(key, ValueType::UInt32).asInt());
        };
        auto number = [&](const char *key) {
            return float(*scalar(key, ValueType::Float32).asNumber());
        };
        auto text = [&](const char *key) { return *scalar(key, ValueType::String).asString(); };
        QCOMPARE(text("general.architecture"), "llama");
        QCOMPARE(integer("general.file_type"), fileType);
        QCOMPARE(integer("llama.block_count"), 2);
        QCOMPARE(integer("llama.embedding_length"), 64);
        QCOMPARE(integer("llama.attention.head_count"), 4);
        QCOMPARE(integer("llama.attention.head_count_kv"), 2);
        QCOMPARE(integer("llama.feed_forward_length"), 128);
        QCOMPARE(integer("llama.context_length"), 128);
        QCOMPARE(integer("llama.rope.dimension_count"), 16);
        QCOMPARE(integer("llama.vocab_size"), 320);
        QCOMPARE(number("llama.rope.freq_base"), 10000.0f);
        QCOMPARE(std::bit_cast<quint32>(number("llama.attention.layer_norm_rms_epsilon")),
                 std::bit_cast<quint32>(1e-5f));
        QCOMPARE(text("tokenizer.ggml.model"), "llama");
        QCOMPARE(integer("tokenizer.ggml.bos_token_id"), 1);
        QCOMPARE(integer("tokenizer.ggml.eos_token_id"), 2);
        QVERIFY(!file->find("general.alignment"));
        QVERIFY(!file->find("no.such.key"));

        // The vocabulary: SentencePiece's pieces, scores and token types.
        auto array = [&](const char *key, ValueType element) -> const gguf::Array & {
            const gguf::Array *a = scalar(key, ValueType::Array).asArray();
            if (!a || a->elementType != element || a->items.size() != 320)
                qFatal("%s: %s is not an array of 320 %s", qPrintable(name), key,
                       gguf::valueTypeName(element));
            return *a;
        };
        const auto &tokens = array("tokenizer.ggml.tokens", ValueType::String);
        const auto &scores = array("tokenizer.ggml.scores", ValueType::Float32);
        const auto &types = array("tokenizer.ggml.token_type", ValueType::Int32);
        QCOMPARE(*tokens.items[0].asString(), "<unk>");
        QCOMPARE(*tokens.items[1].asString(), "<s>");
        QCOMPARE(*tokens.items[2].asString(), "</s>");
        QCOMPARE(*tokens.items[3].asString(), "<0x00>");
        QCOMPARE(*tokens.items[258].asString(), "<0xFF>");
        QCOMPARE(*tokens.items[265].asString(), "\xe2\x96\x81the"); // "▁the", a merge
        // llama.cpp's token types: 2 unknown, 3 control, 6 byte, 1 normal.
        QCOMPARE(*types.items[0].asInt(), 2);
        QCOMPARE(*types.items[1].asInt(), 3);
        QCOMPARE(*types.items[2].asInt(), 3);
        QCOMPARE(*types.items[3].asInt(), 6);
        QCOMPARE(*types.items[259].asInt(), 1);
        QCOMPARE(*types.items[319].asInt(), 1);
        // Merges score -1, -2, ... in the order they were learnt (the first -0).
        QCOMPARE(*scores.items[0].asNumber(), 0.0);
        QCOMPARE(*scores.items[260].asNumber(), -1.0);
        QCOMPARE(*scores.items[300].asNumber(), -41.0);
        for (const Value &item : types.items)
            QCOMPARE(item.type, ValueType::Int32);

        // The tensor table, in the converter's order, norms F32 in every file.
        const auto &expected = expectedTensors();
        QCOMPARE(file->tensors().size(), std::size_t(expected.size()));
        std::uint64_t end = 0;
        for (qsizetype i = 0; i < expected.size(); ++i) {
            const gguf::TensorInfo &t = file->tensors()[std::size_t(i)];
            const auto &[tensorName, shape] = expected[i];
            QCOMPARE(QByteArray::fromStdString(t.name), tensorName);
            QCOMPARE(t.shape, std::vector<std::int64_t>(shape.begin(), shape.end()));
            const TensorType type = shape.size() == 1 ? TensorType::F32 : TensorType(weightType);
            QCOMPARE(t.type, type);
            QCOMPARE(t.columns(), shape[0]);
            QCOMPARE(t.rows(), shape.size() == 1 ? 1 : shape[1]);
            QCOMPARE(t.bytes, gguf::rowBytes(type, t.columns()) * std::uint64_t(t.rows()));
            QCOMPARE(t.offset % 32, 0u);
            QVERIFY(t.offset >= end);
            end = t.offset + t.bytes;
            QCOMPARE(file->data(t).size(), t.bytes);
            QCOMPARE(file->tensor(t.name), &t);
        }
        QVERIFY(!file->tensor("blk.2.attn_q.weight"));

        // The data section where an independent walk of the header puts it,
        // and the last tensor ending the file.
        const QByteArray bytes = readBytes(kDir + name);
        const Layout layout = layoutOf(bytes);
        QCOMPARE(file->dataOffset(), std::uint64_t(layout.dataOffset));
        QCOMPARE(file->dataOffset() + end, std::uint64_t(bytes.size()));
        const gguf::TensorInfo &last = file->tensors().back();
        QCOMPARE(toQByteArray(file->data(last)), bytes.right(qsizetype(last.bytes)));
    }

    // Every quantized tensor decodes to the F32 file's within its block's step:
    // the four files hold the same model, in ggml's block layouts.
    void quantizedFixturesMatchF32_data() {
        QTest::addColumn<QString>("name");
        QTest::newRow("f16") << "tiny-f16.gguf";
        QTest::newRow("q8_0") << "tiny-q8_0.gguf";
        QTest::newRow("q4_0") << "tiny-q4_0.gguf";
    }

    void quantizedFixturesMatchF32() {
        QFETCH(QString, name);
        const gguf::File f32 = openOrDie(kDir + "tiny-f32.gguf");
        const gguf::File file = openOrDie(kDir + name);
        for (const gguf::TensorInfo &t : file.tensors()) {
            const gguf::TensorInfo *reference = f32.tensor(t.name);
            QVERIFY(reference);
            const Decoded want = decode(TensorType::F32, f32.data(*reference));
            const Decoded got = decode(t.type, file.data(t));
            QCOMPARE(got.values.size(), want.values.size());
            std::size_t exact = 0;
            for (std::size_t i = 0; i < got.values.size(); ++i) {
                const float error = std::abs(got.values[i] - want.values[i]);
                if (!(error <= got.tolerance[i]))
                    QFAIL(qPrintable(QString("%1 %2[%3]: %4, expected %5 within %6")
                                         .arg(name, QString::fromStdString(t.name))
                                         .arg(i)
                                         .arg(double(got.values[i]))
                                         .arg(double(want.values[i]))
                                         .arg(double(got.tolerance[i]))));
                exact += error == 0;
            }
            // Matrices are really quantized: most values moved.
            if (t.shape.size() == 2)
                QVERIFY2(exact < got.values.size() / 2, t.name.c_str());
        }
    }

    // llama.cpp's converter writes every tensor of the Hugging Face model as it
    // is, except attn_q and attn_k, whose rows it permutes per head from the
    // rotate-half layout to adjacent pairs: GGUF row h*d + 2i + j holds HF row
    // h*d + j*(d/2) + i (head h, head size d = 16, i < d/2, j in {0, 1}).
    void f32MatchesTheHuggingFaceModel() {
        const gguf::File file = openOrDie(kDir + "tiny-f32.gguf");
        auto hf = SafetensorsFile::open((kDir + "tiny-hf/model.safetensors").toStdString());
        QVERIFY2(hf, hf ? "" : hf.error().toString().c_str());
        QCOMPARE(file.tensors().size(), hf->tensors().size());
        const int headSize = 16;
        for (const gguf::TensorInfo &t : file.tensors()) {
            const QString name = QString::fromStdString(t.name);
            const agent::TensorInfo *source = hf->find(hfName(name).toStdString());
            QVERIFY2(source, qPrintable(name + " has no Hugging Face tensor"));
            QCOMPARE(source->dtype, DType::F32);
            // safetensors' shape is [rows, columns]; ggml's is {columns, rows}.
            QCOMPARE(std::vector<std::int64_t>(t.shape.rbegin(), t.shape.rend()), source->shape);
            const QByteArray got = toQByteArray(file.data(t));
            const QByteArray original = toQByteArray(hf->bytes(*source));
            if (!name.endsWith("attn_q.weight") && !name.endsWith("attn_k.weight")) {
                QVERIFY2(got == original, qPrintable(name));
                continue;
            }
            QVERIFY2(got != original, qPrintable(name + " is not permuted"));
            const qsizetype rowBytes = qsizetype(t.columns()) * 4;
            QByteArray undone(got.size(), '\0');
            for (qint64 row = 0; row < t.rows(); ++row) {
                const qint64 head = row / headSize, i = (row % headSize) / 2, j = row % 2;
                const qint64 hfRow = head * headSize + j * (headSize / 2) + i;
                undone.replace(hfRow * rowBytes, rowBytes, got.mid(row * rowBytes, rowBytes));
            }
            QVERIFY2(undone == original, qPrintable(name));
        }
    }

    // Read, written by gguf::write, read back: the same metadata and tensors,
    // and — since the writer follows gguf-py's layout (the same order, each
    // tensor and the header padded with zeros to 32) — the same bytes.
    void roundTrip_data() {
        QTest::addColumn<QString>("name");
        for (const QString &name : kFixtures)
            QTest::newRow(qPrintable(name)) << name;
    }

    void roundTrip() {
        QFETCH(QString, name);
        const gguf::File original = openOrDie(kDir + name);
        std::vector<gguf::TensorToWrite> tensors;
        for (const gguf::TensorInfo &t : original.tensors())
            tensors.push_back({t.name, t.shape, t.type, original.data(t)});
        QTemporaryDir dir;
        const QString path = dir.filePath("copy.gguf");
        auto written = gguf::write(path.toStdString(), original.metadata(), tensors);
        QVERIFY2(written, written ? "" : written.error().toString().c_str());

        const gguf::File copy = openOrDie(path);
        QCOMPARE(copy.metadata().size(), original.metadata().size());
        for (std::size_t i = 0; i < copy.metadata().size(); ++i) {
            const auto &[key, value] = copy.metadata()[i];
            QCOMPARE(key, original.metadata()[i].first);
            QVERIFY2(sameValue(value, original.metadata()[i].second), key.c_str());
        }
        QCOMPARE(copy.tensors().size(), original.tensors().size());
        for (std::size_t i = 0; i < copy.tensors().size(); ++i) {
            const gguf::TensorInfo &a = copy.tensors()[i], &b = original.tensors()[i];
            QCOMPARE(a.name, b.name);
            QCOMPARE(a.shape, b.shape);
            QCOMPARE(a.type, b.type);
            QCOMPARE(a.offset, b.offset);
            QCOMPARE(a.bytes, b.bytes);
            QVERIFY2(toQByteArray(copy.data(a)) == toQByteArray(original.data(b)), a.name.c_str());
        }
        QVERIFY2(readBytes(path) == readBytes(kDir + name), "the bytes differ from gguf-py's");
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList{"copy.gguf"});
    }

    // Every value type, nested and empty arrays, every tensor type and 1 to 4
    // dimensions, at an alignment of 64: written, read back the same.
    void craftedRoundTrip() {
        const std::vector<gguf::KeyValue> metadata = {
            {"u8", {ValueType::UInt8, std::uint64_t(255)}},
            {"i8", {ValueType::Int8, std::int64_t(-128)}},
            {"u16", {ValueType::UInt16, std::uint64_t(65535)}},
            {"i16", {ValueType::Int16, std::int64_t(-32768)}},
            {"u32", Value::uint32(4294967295u)},
            {"i32", Value::int32(-2147483647 - 1)},
            {"f32", Value::float32(-0.1f)},
            {"bool", Value::boolean(true)},
            {"string", Value::string("ünïcode ✓")},
            {"u64", Value::uint64(18446744073709551615ull)},
            {"i64", {ValueType::Int64, std::int64_t(-9007199254740993)}},
            {"f64", {ValueType::Float64, 0.1}},
            {"empty string", Value::string("")},
            {"empty array", Value::array(ValueType::Int32, {})},
            {"nested", Value::array(ValueType::Array,
                                    {Value::array(ValueType::Bool, {Value::boolean(false)}),
                                     Value::array(ValueType::String,
                                                  {Value::string("a"), Value::string("")})})},
        };
        QByteArray f32(4 * 3 * 2 * 2 * 1, '\x11'), f16(2 * 5, '\x22'), q8(34 * 2 * 3, '\x33'),
            q4(18 * 4, '\x44');
        const std::vector<gguf::TensorToWrite> tensors = {
            {"a", {3, 2, 2, 1}, TensorType::F32, view(f32)},
            {"b", {5}, TensorType::F16, view(f16)},
            {"c", {64, 3}, TensorType::Q8_0, view(q8)},
            {"d", {32, 2, 2}, TensorType::Q4_0, view(q4)},
        };
        QTemporaryDir dir;
        const QString path = dir.filePath("crafted.gguf");
        auto written = gguf::write(path.toStdString(), metadata, tensors, 64);
        QVERIFY2(written, written ? "" : written.error().toString().c_str());
        const gguf::File file = openOrDie(path);
        QCOMPARE(file.alignment(), 64u);
        QCOMPARE(file.dataOffset() % 64, 0u);
        QCOMPARE(file.metadata().size(), metadata.size() + 1);
        for (std::size_t i = 0; i < metadata.size(); ++i) {
            QCOMPARE(file.metadata()[i].first, metadata[i].first);
            QVERIFY2(sameValue(file.metadata()[i].second, metadata[i].second),
                     metadata[i].first.c_str());
        }
        // Added after the caller's, as the writer says.
        QCOMPARE(file.metadata().back().first, "general.alignment");
        QVERIFY(sameValue(file.metadata().back().second, Value::uint32(64)));
        const QList<QByteArray> bytes = {f32, f16, q8, q4};
        QCOMPARE(file.tensors().size(), tensors.size());
        std::uint64_t offset = 0;
        for (std::size_t i = 0; i < tensors.size(); ++i) {
            const gguf::TensorInfo &t = file.tensors()[i];
            QCOMPARE(t.name, tensors[i].name);
            QCOMPARE(t.shape, tensors[i].shape);
            QCOMPARE(t.type, tensors[i].type);
            QCOMPARE(t.offset, offset);
            QCOMPARE(toQByteArray(file.data(t)), bytes[qsizetype(i)]);
            offset += (t.bytes + 63) / 64 * 64;
        }
        QCOMPARE(file.dataOffset() + offset, std::uint64_t(QFileInfo(path).size()));
        QCOMPARE(file.tensors()[0].elementCount(), 12);
        QCOMPARE(file.tensors()[0].rows(), 4);
        QCOMPARE(file.tensors()[3].rows(), 4);

        // A file of metadata only, and one of nothing at all.
        QVERIFY(gguf::write(path.toStdString(), {{"k", Value::boolean(false)}}, {}));
        QCOMPARE(openOrDie(path).tensors().size(), 0u);
        QVERIFY(gguf::write(path.toStdString(), {}, {}));
        QCOMPARE(openOrDie(path).metadata().size(), 0u);
        QCOMPARE(QFileInfo(path).size(), 32); // the 24-byte header padded to 32
    }

    void version2Reads() {
        QTemporaryDir dir;
        const QString path = dir.filePath("v2.gguf");
        writeBytes(path, patched<quint32>(readBytes(kDir + "tiny-q4_0.gguf"), 4, 2));
        auto file = gguf::File::open(path.toStdString());
        QVERIFY2(file, file ? "" : file.error().toString().c_str());
        QCOMPARE(file->version(), 2u);
        QCOMPARE(file->tensors().size(), 21u);
    }

    void refused_data() {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<qint64>("offset");
        QTest::addColumn<QStringList>("phrases");
        const QByteArray f32 = readBytes(kDir + "tiny-f32.gguf");
        const Layout l = layoutOf(f32);
        const auto &tokens = l.kv("tokenizer.ggml.tokens");
        const auto &scores = l.kv("tokenizer.ggml.scores");
        const auto &embd = l.tensor("token_embd.weight");
        const auto &q0 = l.tensor("blk.0.attn_q.weight");
        const auto &k1 = l.tensor("blk.1.attn_k.weight");
        const auto &out = l.tensor("output.weight");
        const qint64 dataSize = f32.size() - l.dataOffset;
        if (l.infosEnd % 32 == 0 || tokens.items.size() != 320)
            qFatal("tiny-f32.gguf does not have the layout these cases assume");

        // Cut at points across the file: each names where the cut is felt.
        auto cut = [&](const char *row, qint64 at, qint64 offset, QStringList phrases) {
            QTest::newRow(row) << f32.left(at) << offset << phrases;
        };
        cut("truncated: empty file", 0, 0,
            {"the file ends inside the magic \"GGUF\": 4 bytes needed, 0 left (file size 0)"});
        cut("truncated: in the magic", 3, 0, {"ends inside the magic", "3 left"});
        cut("truncated: in the version", 6, 4, {"ends inside the version", "truncated"});
        cut("truncated: in the tensor count", 12, 8, {"ends inside the tensor count"});
        cut("truncated: in the key/value count", 20, 16, {"ends inside the key/value count"});
        cut("truncated: after the header", 30, 16,
            {"23 key/values cannot fit in the 6 bytes left in the file (size 30)"});
        // Late enough in the array that its count still fits what is left.
        cut("truncated: in a token string", tokens.items[300] + 8, tokens.items[300],
            {"item 300 of key \"tokenizer.ggml.tokens\": string length 1 runs past the end of "
             "the file (size " +
             QString::number(tokens.items[300] + 8) + ")"});
        cut("truncated: in the scores, whose count cannot fit", scores.items[10], scores.countAt,
            {"key \"tokenizer.ggml.scores\": 320 float32 items cannot fit in the 40 bytes left",
             "at least 4 bytes each"});
        cut("truncated: in a tensor name", q0.nameAt + 10, q0.nameAt,
            {"the name of tensor 1: string length 19 runs past the end"});
        cut("truncated: in a dimension", k1.dimAt[1] + 3, k1.dimAt[1],
            {"the file ends inside dimension 1 of tensor blk.1.attn_k.weight: 8 bytes needed, "
             "3 left"});
        cut("truncated: in a tensor type", k1.typeAt + 1, k1.typeAt,
            {"ends inside the type of tensor blk.1.attn_k.weight"});
        cut("truncated: before the data section", l.infosEnd + 1, l.infosEnd,
            {"the file ends before the data section, which starts at offset " +
             QString::number(l.dataOffset)});
        cut("truncated: in the first tensor", l.dataOffset + 100, embd.offsetAt,
            {"tensor token_embd.weight: its 81920 bytes at data offset 0 run past the end of the "
             "file (data section of 100 bytes"});
        cut("truncated: the last byte", f32.size() - 1, out.offsetAt,
            {"tensor output.weight: its 81920 bytes at data offset " + QString::number(out.offset),
             "run past the end", "truncated"});

        auto row = [&](const char *name, const QByteArray &content, qint64 offset,
                       QStringList phrases) {
            QTest::newRow(name) << content << offset << phrases;
        };
        row("bad magic", patched(f32, 0, QByteArray("GGML")), 0,
            {"not a GGUF file: it starts with bytes 47 47 4d 4c, not the magic \"GGUF\""});
        row("version 1", patched<quint32>(f32, 4, 1), 4, {"GGUF version 1 is too old"});
        row("version 4", patched<quint32>(f32, 4, 4), 4,
            {"GGUF version 4 is newer than this reader, which takes versions 2 and 3"});
        row("version 3 big-endian", patched<quint32>(f32, 4, 0x03000000), 4,
            {"version 50331648 is version 3 byte-swapped: a big-endian file"});
        row("tensor count cannot fit", patched<quint64>(f32, 8, quint64(1) << 40), 8,
            {"1099511627776 tensor infos cannot fit in the " + QString::number(f32.size() - 24) +
             " bytes left"});
        row("key/value count cannot fit", patched<quint64>(f32, 16, ~quint64(0)), 16,
            {"18446744073709551615 key/values cannot fit"});
        row("a key's length past the end", patched<quint64>(f32, 24, 9999999), 24,
            {"the key of key/value 0: string length 9999999 runs past the end of the file (size " +
             QString::number(f32.size()) + ")"});
        const auto &name = l.kv("general.name");
        row("a string value's length past the end",
            patched<quint64>(f32, name.valueAt, quint64(1) << 63), name.valueAt,
            {"key \"general.name\": string length 9223372036854775808 runs past the end"});
        row("an array count of 2^62", patched<quint64>(f32, tokens.countAt, quint64(1) << 62),
            tokens.countAt,
            {"key \"tokenizer.ggml.tokens\": 4611686018427387904 string items cannot fit"});
        const auto &blocks = l.kv("llama.block_count");
        row("unknown value type 13", patched<quint32>(f32, blocks.typeAt, 13), blocks.typeAt,
            {"key \"llama.block_count\": unknown value type 13 (GGUF's are 0 to 12)"});
        row("unknown array element type 13", patched<quint32>(f32, tokens.elementTypeAt, 13),
            tokens.elementTypeAt,
            {"the element type of key \"tokenizer.ggml.tokens\": unknown value type 13"});
        // general.file_type and llama.block_count have names of the same length.
        const auto &fileType = l.kv("general.file_type");
        row("duplicate key", patched(f32, fileType.keyAt + 8, QByteArray("llama.block_count")),
            fileType.keyAt, {"key \"llama.block_count\" appears a second time (key/value"});
        row("n_dims 5", patched<quint32>(f32, q0.nDimsAt, 5), q0.nDimsAt,
            {"tensor blk.0.attn_q.weight has 5 dimensions; ggml's tensors have 1 to 4"});
        row("n_dims 0", patched<quint32>(f32, q0.nDimsAt, 0), q0.nDimsAt,
            {"tensor blk.0.attn_q.weight has 0 dimensions"});
        row("a dimension of 0", patched<quint64>(f32, q0.dimAt[1], 0), q0.dimAt[1],
            {"tensor blk.0.attn_q.weight: dimension 1 is 0; dimensions must be positive"});
        row("a negative dimension", patched<quint64>(f32, q0.dimAt[0], ~quint64(0)), q0.dimAt[0],
            {"tensor blk.0.attn_q.weight: dimension 0 is -1; dimensions must be positive"});
        row("dimensions overflow", patched<quint64>(f32, q0.dimAt[1], quint64(1) << 62),
            q0.dimAt[1], {"tensor blk.0.attn_q.weight: the dimensions multiply past 2^63"});
        row("type Q4_K", patched<quint32>(f32, q0.typeAt, 12), q0.typeAt,
            {"tensor blk.0.attn_q.weight has type Q4_K; this agent reads F32, F16, Q8_0, Q4_0 "
             "and I8"});
        row("type BF16", patched<quint32>(f32, embd.typeAt, 30), embd.typeAt,
            {"tensor token_embd.weight has type BF16"});
        row("type 99", patched<quint32>(f32, embd.typeAt, 99), embd.typeAt,
            {"tensor token_embd.weight has type type 99"});
        // As Q8_0, 64 columns of 4 bytes read as 64 / 32 blocks of 34 bytes:
        // the row length is what fails, at 48.
        row("row not a multiple of the block",
            patched<quint64>(patched<quint32>(f32, q0.typeAt, 8), q0.dimAt[0], 48), q0.dimAt[0],
            {"tensor blk.0.attn_q.weight: row length 48 is not a multiple of Q8_0's block of 32"});
        row("misaligned offset", patched<quint64>(f32, q0.offsetAt, q0.offset + 4), q0.offsetAt,
            {"tensor blk.0.attn_q.weight: data offset " + QString::number(q0.offset + 4) +
             " is not a multiple of the alignment 32"});
        row("overlapping tensors", patched<quint64>(f32, q0.offsetAt, 81920 - 64), q0.offsetAt,
            {"tensors token_embd.weight [0, 81920) and blk.0.attn_q.weight [81856, 98240) overlap "
             "in the data section"});
        row("offset past the end", patched<quint64>(f32, k1.offsetAt, quint64(1) << 40),
            k1.offsetAt,
            {"tensor blk.1.attn_k.weight: its 8192 bytes at data offset 1099511627776 run past "
             "the end of the file (data section of " +
             QString::number(dataSize) + " bytes"});
        // blk.1.attn_q.weight renamed blk.0.attn_q.weight.
        const auto &q1 = l.tensor("blk.1.attn_q.weight");
        row("duplicate tensor name", patched(f32, q1.nameAt + 12, QByteArray("0")), q1.nameAt,
            {"tensor blk.0.attn_q.weight appears a second time (tensor info 10)"});

        // Alignment, bools and nesting on files our writer made.
        const QByteArray aligned =
            crafted({{"general.alignment", Value::uint32(64)}, {"flag", Value::boolean(true)}});
        const Layout a = layoutOf(aligned);
        const auto &alignment = a.kv("general.alignment");
        row("alignment 3", patched<quint32>(aligned, alignment.valueAt, 3), alignment.valueAt,
            {"key \"general.alignment\" is 3; it must be a power of two"});
        row("alignment 0", patched<quint32>(aligned, alignment.valueAt, 0), alignment.valueAt,
            {"key \"general.alignment\" is 0; it must be a power of two"});
        row("alignment a uint64", patched<quint32>(aligned, alignment.typeAt, 10),
            alignment.valueAt, {"key \"general.alignment\" is a uint64; it must be a uint32"});
        row("a bool of 2", patched<quint8>(aligned, a.kv("flag").valueAt, 2), a.kv("flag").valueAt,
            {"key \"flag\": bool byte 2 is neither 0 nor 1"});
        row("arrays nested 17 deep", nested(17), nestedAt(16), {"arrays nested more than 16 deep"});
    }

    void refused() {
        QFETCH(QByteArray, content);
        QFETCH(qint64, offset);
        QFETCH(QStringList, phrases);
        QTemporaryDir dir;
        const QString path = dir.filePath("bad-file.gguf");
        writeBytes(path, content);
        auto file = gguf::File::open(path.toStdString());
        QVERIFY2(!file, "opened a malformed file");
        QCOMPARE(file.error().file, path.toStdString());
        const QString text = QString::fromStdString(file.error().toString());
        const QString at = "bad-file.gguf: at offset " + QString::number(offset) + ": ";
        QVERIFY2(text.contains(at), qPrintable("missing '" + at + "' in: " + text));
        for (const QString &phrase : phrases)
            QVERIFY2(text.contains(phrase), qPrintable("missing '" + phrase + "' in: " + text));
    }

    void nestingAtTheLimitReads() {
        QTemporaryDir dir;
        const QString path = dir.filePath("nested.gguf");
        writeBytes(path, nested(16));
        auto file = gguf::File::open(path.toStdString());
        QVERIFY2(file, file ? "" : file.error().toString().c_str());
        const Value *v = file->find("deep");
        for (int depth = 0; depth < 15; ++depth) {
            QVERIFY(v && v->asArray() && v->asArray()->items.size() == 1);
            v = &v->asArray()->items[0];
        }
        QCOMPARE(v->asArray()->elementType, ValueType::UInt8);
        QCOMPARE(v->asArray()->items.size(), 0u);
    }

    void writerRefuses_data() {
        QTest::addColumn<QString>("key");
        QTest::addColumn<int>("valueCase");
        QTest::addColumn<QString>("tensor");
        QTest::addColumn<int>("type");
        QTest::addColumn<QList<qint64>>("shape");
        QTest::addColumn<int>("bytes");
        QTest::addColumn<quint64>("alignment");
        QTest::addColumn<QString>("phrase");
        // valueCase: 0 a good uint32, 1 uint8 of 300, 2 a string that holds a
        // number, 3 an array with an item of the wrong type, 4 alignment 128,
        // 5 arrays nested 17 deep.
        const QList<qint64> m{64, 2};
        const int q8 = int(TensorType::Q8_0);
        QTest::newRow("bytes disagree with the shape")
            << "k" << 0 << "w" << q8 << m << 67 << quint64(32)
            << "tensor w: 67 bytes given but shape [64, 2] of Q8_0 needs 136";
        QTest::newRow("repeated tensor name") << "k" << 0 << "first" << q8 << m << 136
                                              << quint64(32) << "tensor first: a second tensor";
        QTest::newRow("repeated key") << "first.key" << 0 << "w" << q8 << m << 136 << quint64(32)
                                      << "key \"first.key\": a second key of that name";
        QTest::newRow("unsupported type") << "k" << 0 << "w" << 12 << m << 136 << quint64(32)
                                          << "tensor w: type Q4_K is not one of";
        QTest::newRow("no dimensions")
            << "k" << 0 << "w" << q8 << QList<qint64>{} << 136 << quint64(32)
            << "tensor w: shape [] does not have 1 to 4 dimensions";
        QTest::newRow("a dimension of 0")
            << "k" << 0 << "w" << q8 << QList<qint64>{64, 0} << 0 << quint64(32)
            << "tensor w: shape [64, 0] has a dimension that is not positive";
        QTest::newRow("row not a multiple of the block")
            << "k" << 0 << "w" << q8 << QList<qint64>{48, 2} << 136 << quint64(32)
            << "tensor w: row length 48 is not a multiple of Q8_0's block of 32";
        QTest::newRow("alignment 3") << "k" << 0 << "w" << q8 << m << 136 << quint64(3)
                                     << "alignment 3: it must be a power of two";
        QTest::newRow("a uint8 of 300") << "k" << 1 << "w" << q8 << m << 136 << quint64(32)
                                        << "key \"k\": 300 does not fit a uint8";
        QTest::newRow("a string holding a number")
            << "k" << 2 << "w" << q8 << m << 136 << quint64(32)
            << "key \"k\": the value does not hold a string";
        QTest::newRow("an array item of another type")
            << "k" << 3 << "w" << q8 << m << 136 << quint64(32)
            << "item 1 of key \"k\" has type int32 in an array of uint32";
        QTest::newRow("general.alignment unlike the alignment")
            << "general.alignment" << 4 << "w" << q8 << m << 136 << quint64(32)
            << "key \"general.alignment\": it must be the uint32 32";
        QTest::newRow("arrays nested 17 deep")
            << "k" << 5 << "w" << q8 << m << 136 << quint64(32)
            << "item 0 of item 0 of key \"k\": arrays nested more than 16 deep";
    }

    void writerRefuses() {
        QFETCH(QString, key);
        QFETCH(int, valueCase);
        QFETCH(QString, tensor);
        QFETCH(int, type);
        QFETCH(QList<qint64>, shape);
        QFETCH(int, bytes);
        QFETCH(quint64, alignment);
        QFETCH(QString, phrase);
        const Value values[] = {
            Value::uint32(7),
            {ValueType::UInt8, std::uint64_t(300)},
            {ValueType::String, std::uint64_t(1)},
            Value::array(ValueType::UInt32, {Value::uint32(1), Value::int32(2)}),
            Value::uint32(128),
            nestedValue(17),
        };
        QTemporaryDir dir;
        const std::string path = dir.filePath("out.gguf").toStdString();
        const QByteArray first(136, '\x01'), data(bytes, '\x02');
        auto written = gguf::write(
            path, {{"first.key", Value::string("x")}, {key.toStdString(), values[valueCase]}},
            {{"first", {64, 2}, TensorType::Q8_0, view(first)},
             {tensor.toStdString(), std::vector<std::int64_t>(shape.begin(), shape.end()),
              TensorType(type), view(data)}},
            alignment);
        QVERIFY(!written);
        QCOMPARE(written.error().file, path);
        const QString text = QString::fromStdString(written.error().message);
        QVERIFY2(text.contains(phrase), qPrintable(text));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList{});
    }

    void typeNames_data() {
        QTest::addColumn<uint>("number");
        QTest::addColumn<QString>("name");
        QTest::newRow("0") << 0u << "F32";
        QTest::newRow("1") << 1u << "F16";
        QTest::newRow("2") << 2u << "Q4_0";
        QTest::newRow("8") << 8u << "Q8_0";
        QTest::newRow("12") << 12u << "Q4_K";
        QTest::newRow("15") << 15u << "Q8_K";
        QTest::newRow("17") << 17u << "IQ2_XS";
        QTest::newRow("23") << 23u << "IQ4_XS";
        QTest::newRow("28") << 28u << "F64";
        QTest::newRow("29") << 29u << "IQ1_M";
        QTest::newRow("30") << 30u << "BF16";
        QTest::newRow("35") << 35u << "TQ2_0";
        QTest::newRow("4 (removed)") << 4u << "Q4_2";
        QTest::newRow("38 (removed)") << 38u << "IQ4_NL_8_8";
        QTest::newRow("39") << 39u << "type 39";
        QTest::newRow("2^32 - 1") << 4294967295u << "type 4294967295";
    }

    void typeNames() {
        QFETCH(uint, number);
        QFETCH(QString, name);
        QCOMPARE(QString::fromStdString(gguf::typeName(number)), name);
    }

    void blocks() {
        QCOMPARE(gguf::blockElements(TensorType::F32), 1);
        QCOMPARE(gguf::blockElements(TensorType::F16), 1);
        QCOMPARE(gguf::blockElements(TensorType::Q4_0), 32);
        QCOMPARE(gguf::blockElements(TensorType::Q8_0), 32);
        QCOMPARE(gguf::blockBytes(TensorType::F32), 4);
        QCOMPARE(gguf::blockBytes(TensorType::F16), 2);
        QCOMPARE(gguf::blockBytes(TensorType::Q4_0), 18);
        QCOMPARE(gguf::blockBytes(TensorType::Q8_0), 34);
        QCOMPARE(gguf::rowBytes(TensorType::Q4_0, 4096), 2304u);
        QCOMPARE(gguf::rowBytes(TensorType::F16, 3), 6u);
        QCOMPARE(QString(gguf::valueTypeName(ValueType::Float64)), "float64");
        QCOMPARE(QString(gguf::valueTypeName(ValueType::Array)), "array");
    }

    void valueAccessors() {
        QCOMPARE(Value::uint32(7).asInt(), std::optional<std::int64_t>(7));
        QCOMPARE(Value::int32(-7).asInt(), std::optional<std::int64_t>(-7));
        QCOMPARE(Value::uint64(~0ull).asInt(), std::nullopt); // past int64
        QCOMPARE(Value::uint64(~0ull).asNumber(), std::optional<double>(18446744073709551615.0));
        QCOMPARE(Value::float32(1.5f).asInt(), std::nullopt);
        QCOMPARE(Value::float32(1.5f).asNumber(), std::optional<double>(1.5));
        QCOMPARE(Value::int32(-3).asNumber(), std::optional<double>(-3));
        QCOMPARE(Value::boolean(true).asInt(), std::nullopt);
        QCOMPARE(Value::boolean(true).asNumber(), std::nullopt);
        QCOMPARE(Value::string("1").asNumber(), std::nullopt);
        QCOMPARE(*Value::string("1").asString(), "1");
        QVERIFY(!Value::uint32(1).asString());
        QVERIFY(!Value::uint32(1).asArray());
        QVERIFY(*Value::boolean(true).asBool());
    }

    // A moved File keeps its mapping.
    void moveKeepsTheMapping() {
        gguf::File file = openOrDie(kDir + "tiny-q8_0.gguf");
        const QByteArray before = toQByteArray(file.data(*file.tensor("output.weight")));
        gguf::File moved = std::move(file);
        QCOMPARE(toQByteArray(moved.data(*moved.tensor("output.weight"))), before);
        gguf::File other = openOrDie(kDir + "tiny-f16.gguf");
        other = std::move(moved);
        QCOMPARE(toQByteArray(other.data(*other.tensor("output.weight"))), before);
        QCOMPARE(other.metadata().size(), 23u);
    }

  private:
    /// A file written by gguf::write with these key/values and one tensor.
    static QByteArray crafted(const std::vector<gguf::KeyValue> &metadata) {
        QTemporaryDir dir;
        const QString path = dir.filePath("crafted.gguf");
        const QByteArray data(8, '\0');
        auto written = gguf::write(path.toStdString(), metadata,
                                   {{"t", {2}, TensorType::F32, view(data)}}, 64);
        if (!written)
            qFatal("%s", written.error().toString().c_str());
        return readBytes(path);
    }

    /// Arrays nested `depth` deep, the innermost an empty array of uint8.
    static Value nestedValue(int depth) {
        Value v = Value::array(ValueType::UInt8, {});
        for (int i = 1; i < depth; ++i)
            v = Value::array(ValueType::Array, {v});
        return v;
    }

    /// A file of one key, "deep": nestedValue(depth), written by hand (the
    /// writer refuses to nest past 16).
    static QByteArray nested(int depth) {
        QByteArray out("GGUF");
        auto put = [&](auto value) {
            const auto le = qToLittleEndian(value);
            out.append(reinterpret_cast<const char *>(&le), sizeof le);
        };
        put(quint32(3));
        put(quint64(0));
        put(quint64(1));
        put(quint64(4));
        out += "deep";
        put(quint32(9));
        for (int i = 1; i < depth; ++i) {
            put(quint32(9));
            put(quint64(1));
        }
        put(quint32(0));
        put(quint64(0));
        return out;
    }
    /// Where the array at `level` (0 the outermost) of nested() starts.
    static qint64 nestedAt(int level) { return 24 + 12 + 4 + qint64(level) * 12; }
};

QTEST_GUILESS_MAIN(TstGguf)
#include "tst_gguf.moc"
