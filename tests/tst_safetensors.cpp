// safetensors: our writer read back, a file from an independent writer
// (tests/safetensors_writer.py: Python's struct and json), malformed files
// refused with the file, the tensor and what was wrong; and the atomic writer
// underneath. Float checks are bit-exact: every F16 and BF16 value is exactly
// a float32, so the tolerance is none.
#include "agents/atomicfile.h"
#include "agents/safetensors.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QtEndian>

#include <bit>
#include <cmath>
#include <cstring>

#include <sys/stat.h>

using namespace sovereign;
using namespace sovereign::agent;

namespace {

template <class T> QByteArray littleEndian(std::initializer_list<T> values) {
    QByteArray out;
    for (T v : values) {
        const T le = qToLittleEndian(v);
        out.append(reinterpret_cast<const char *>(&le), sizeof le);
    }
    return out;
}

QByteArray floats(std::initializer_list<float> values) {
    QByteArray out;
    for (float v : values) {
        const quint32 le = qToLittleEndian(std::bit_cast<quint32>(v));
        out.append(reinterpret_cast<const char *>(&le), sizeof le);
    }
    return out;
}

std::span<const std::byte> view(const QByteArray &bytes) {
    return std::as_bytes(std::span(bytes.constData(), std::size_t(bytes.size())));
}

QByteArray toQByteArray(std::span<const std::byte> bytes) {
    return QByteArray(reinterpret_cast<const char *>(bytes.data()), qsizetype(bytes.size()));
}

/// An 8-byte little-endian length, the header as given, then `dataBytes` bytes.
QByteArray rawFile(const QByteArray &header, qsizetype dataBytes) {
    return littleEndian<quint64>({quint64(header.size())}) + header +
           QByteArray(dataBytes, char(0x5a));
}

void writeBytes(const QString &path, const QByteArray &bytes) {
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
        qFatal("cannot write %s", qPrintable(path));
}

QByteArray readBytes(const QString &path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    return f.readAll();
}

/// Every entry of a folder, dot files (our temporaries) included.
QStringList entries(const QString &dir) {
    return QDir(dir).entryList(
        QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot, QDir::Name);
}

/// Float bits, so that comparisons are exact (QCOMPARE on floats is fuzzy) and
/// NaN, -0 and infinities compare too.
QList<quint32> bitsOf(const std::vector<float> &values) {
    QList<quint32> out;
    for (float v : values)
        out.append(std::bit_cast<quint32>(v));
    return out;
}
QList<quint32> bitsOf(std::initializer_list<float> values) {
    return bitsOf(std::vector<float>(values));
}

std::vector<std::int64_t> toShape(const QList<qint64> &dims) {
    return std::vector<std::int64_t>(dims.begin(), dims.end());
}

/// The obvious definition of binary16 (IEEE 754-2008, 3.4), for every bit pattern.
float halfReference(quint16 h) {
    const int sign = h >> 15, exponent = (h >> 10) & 0x1f, mantissa = h & 0x3ff;
    double magnitude;
    if (exponent == 0)
        magnitude = std::ldexp(double(mantissa), -24);
    else if (exponent == 31)
        magnitude = mantissa ? std::nan("") : INFINITY;
    else
        magnitude = std::ldexp(1.0 + mantissa / 1024.0, exponent - 15);
    return float(sign ? -magnitude : magnitude);
}

} // namespace

class TstSafetensors : public QObject {
    Q_OBJECT

  private slots:
    void roundTrip_data() {
        QTest::addColumn<int>("dtype");
        QTest::addColumn<QList<qint64>>("shape");
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QList<quint32>>("asFloat32"); // bits; empty: not a float type
        QTest::addColumn<QVariantMap>("metadata");

        const QVariantMap meta{{"format", "pt"}, {"note", QString::fromUtf8("ünïcode ✓")}};
        QTest::newRow("F32 [2, 3] with metadata")
            << int(DType::F32) << QList<qint64>{2, 3} << floats({-1, -0.5f, 0, 0.5f, 1, 1.5f})
            << bitsOf({-1, -0.5f, 0, 0.5f, 1, 1.5f}) << meta;
        QTest::newRow("F16 [5] without metadata")
            << int(DType::F16) << QList<qint64>{5}
            << littleEndian<quint16>({0x3c00, 0xc000, 0x7bff, 0x0001, 0x8000})
            << bitsOf({1, -2, 65504, std::ldexp(1.0f, -24), -0.0f}) << QVariantMap{};
        QTest::newRow("BF16 [2, 2]") << int(DType::BF16) << QList<qint64>{2, 2}
                                     << littleEndian<quint16>({0x3f80, 0xc000, 0x3e20, 0x7f80})
                                     << bitsOf({1, -2, 0.15625f, INFINITY}) << meta;
        QTest::newRow("I64 [3]") << int(DType::I64) << QList<qint64>{3}
                                 << littleEndian<qint64>({7, -1, 123456789012}) << QList<quint32>{}
                                 << meta;
        QTest::newRow("I32 [2, 2]") << int(DType::I32) << QList<qint64>{2, 2}
                                    << littleEndian<qint32>({1, -2, 3, -2147483647 - 1})
                                    << QList<quint32>{} << QVariantMap{};
        QTest::newRow("U8 [7] (an odd length before the next tensor)")
            << int(DType::U8) << QList<qint64>{7} << QByteArray("\x00\x01\x02\xfd\xfe\xff\x80", 7)
            << QList<quint32>{} << meta;
        QTest::newRow("scalar: F32 with an empty shape")
            << int(DType::F32) << QList<qint64>{} << floats({42.25f}) << bitsOf({42.25f}) << meta;
        QTest::newRow("zero elements: F32 [0, 3]")
            << int(DType::F32) << QList<qint64>{0, 3} << QByteArray() << QList<quint32>{} << meta;
        QTest::newRow("zero elements: I64 [0]")
            << int(DType::I64) << QList<qint64>{0} << QByteArray() << QList<quint32>{}
            << QVariantMap{};
    }

    // The tensor under test sits between two others whose names sort the
    // other way round, so tensors() must order by offset, not by name.
    void roundTrip() {
        QFETCH(int, dtype);
        QFETCH(QList<qint64>, shape);
        QFETCH(QByteArray, bytes);
        QFETCH(QList<quint32>, asFloat32);
        QFETCH(QVariantMap, metadata);
        QTemporaryDir dir;
        const std::string path = dir.filePath("round.safetensors").toStdString();

        const QByteArray first = floats({3.5f});
        const QByteArray last = littleEndian<quint16>({0x4000, 0x4040, 0x4080});
        std::map<std::string, std::string> meta;
        for (auto it = metadata.begin(); it != metadata.end(); ++it)
            meta[it.key().toStdString()] = it.value().toString().toStdString();
        auto written = writeSafetensors(path,
                                        {{"z.first", DType::F32, {1}, view(first)},
                                         {"m.tested", DType(dtype), toShape(shape), view(bytes)},
                                         {"a.last", DType::BF16, {3}, view(last)}},
                                        meta);
        QVERIFY2(written, written ? "" : written.error().toString().c_str());

        // The data section starts 8-byte aligned, after a space-padded header.
        const QByteArray raw = readBytes(QString::fromStdString(path));
        const quint64 headerSize = qFromLittleEndian<quint64>(raw.constData());
        QCOMPARE(headerSize % 8, 0u);
        QCOMPARE(quint64(raw.size()), 8 + headerSize + first.size() + bytes.size() + last.size());
        QVERIFY(raw.at(qsizetype(8 + headerSize - 1)) == ' ' ||
                raw.at(qsizetype(8 + headerSize - 1)) == '}');

        auto file = SafetensorsFile::open(path);
        QVERIFY2(file, file ? "" : file.error().toString().c_str());
        QCOMPARE(file->tensors().size(), 3u);
        QCOMPARE(file->tensors()[0].name, "z.first");
        QCOMPARE(file->tensors()[1].name, "m.tested");
        QCOMPARE(file->tensors()[2].name, "a.last");
        QCOMPARE(file->metadata(), meta);

        const TensorInfo *t = file->find("m.tested");
        QVERIFY(t);
        QCOMPARE(int(t->dtype), dtype);
        QCOMPARE(t->shape, toShape(shape));
        QCOMPARE(t->elementCount() * qint64(dtypeSize(t->dtype)), bytes.size());
        QCOMPARE(toQByteArray(file->bytes(*t)), bytes);
        QCOMPARE(toQByteArray(file->bytes(*file->find("z.first"))), first);
        QCOMPARE(toQByteArray(file->bytes(*file->find("a.last"))), last);
        QVERIFY(!file->find("missing"));

        auto converted = file->toFloat32(*t);
        if (DType(dtype) == DType::F32 || DType(dtype) == DType::F16 ||
            DType(dtype) == DType::BF16) {
            QVERIFY2(converted, converted ? "" : converted.error().toString().c_str());
            QCOMPARE(bitsOf(*converted), asFloat32);
        } else {
            QVERIFY(!converted);
            QCOMPARE(converted.error().file, path);
            QVERIFY(QString::fromStdString(converted.error().message).contains("\"m.tested\""));
        }

        // A moved file keeps its mapping.
        SafetensorsFile moved = std::move(*file);
        QCOMPARE(toQByteArray(moved.bytes(*moved.find("m.tested"))), bytes);
    }

    void conversions_data() {
        QTest::addColumn<int>("dtype");
        QTest::addColumn<quint16>("bits");
        QTest::addColumn<float>("expected");
        QTest::newRow("f16 one") << int(DType::F16) << quint16(0x3c00) << 1.0f;
        QTest::newRow("f16 smallest subnormal 2^-24")
            << int(DType::F16) << quint16(0x0001) << std::ldexp(1.0f, -24);
        QTest::newRow("f16 largest subnormal 1023 x 2^-24")
            << int(DType::F16) << quint16(0x03ff) << std::ldexp(1023.0f, -24);
        QTest::newRow("f16 negative subnormal -3 x 2^-24")
            << int(DType::F16) << quint16(0x8003) << -std::ldexp(3.0f, -24);
        QTest::newRow("f16 smallest normal 2^-14")
            << int(DType::F16) << quint16(0x0400) << std::ldexp(1.0f, -14);
        QTest::newRow("f16 largest 65504") << int(DType::F16) << quint16(0x7bff) << 65504.0f;
        QTest::newRow("f16 -0") << int(DType::F16) << quint16(0x8000) << -0.0f;
        QTest::newRow("f16 +inf") << int(DType::F16) << quint16(0x7c00) << INFINITY;
        QTest::newRow("f16 -inf") << int(DType::F16) << quint16(0xfc00) << -INFINITY;
        QTest::newRow("f16 quiet NaN") << int(DType::F16) << quint16(0x7e00) << std::nanf("");
        QTest::newRow("bf16 one") << int(DType::BF16) << quint16(0x3f80) << 1.0f;
        QTest::newRow("bf16 -0.15625") << int(DType::BF16) << quint16(0xbe20) << -0.15625f;
        QTest::newRow("bf16 smallest subnormal 2^-133")
            << int(DType::BF16) << quint16(0x0001) << std::ldexp(1.0f, -133);
        QTest::newRow("bf16 -inf") << int(DType::BF16) << quint16(0xff80) << -INFINITY;
        QTest::newRow("bf16 quiet NaN") << int(DType::BF16) << quint16(0x7fc0) << std::nanf("");
    }

    void conversions() {
        QFETCH(int, dtype);
        QFETCH(quint16, bits);
        QFETCH(float, expected);
        QTemporaryDir dir;
        const std::string path = dir.filePath("one.safetensors").toStdString();
        const QByteArray bytes = littleEndian<quint16>({bits});
        QVERIFY(writeSafetensors(path, {{"x", DType(dtype), {1}, view(bytes)}}));
        auto file = SafetensorsFile::open(path);
        QVERIFY(file);
        auto values = file->toFloat32(file->tensors().at(0));
        QVERIFY(values);
        QCOMPARE(values->size(), 1u);
        QCOMPARE(std::bit_cast<quint32>(values->at(0)), std::bit_cast<quint32>(expected));
    }

    // Every one of the 65,536 binary16 patterns against the textbook formula.
    void everyHalfMatchesTheReference() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("all.safetensors").toStdString();
        QByteArray bytes;
        for (int h = 0; h < 65536; ++h)
            bytes += littleEndian<quint16>({quint16(h)});
        QVERIFY(writeSafetensors(path, {{"all", DType::F16, {65536}, view(bytes)}}));
        auto file = SafetensorsFile::open(path);
        QVERIFY(file);
        auto values = file->toFloat32(file->tensors().at(0));
        QVERIFY(values);
        for (int h = 0; h < 65536; ++h) {
            const float got = values->at(std::size_t(h)), want = halfReference(quint16(h));
            if (std::isnan(want)) {
                QVERIFY2(std::isnan(got) && std::signbit(got) == std::signbit(want),
                         qPrintable(QString::number(h, 16)));
            } else if (std::bit_cast<quint32>(got) != std::bit_cast<quint32>(want)) {
                QFAIL(qPrintable(QString("f16 0x%1: got %2, expected %3")
                                     .arg(h, 4, 16, QChar('0'))
                                     .arg(double(got))
                                     .arg(double(want))));
            }
        }
    }

    // Written by Python's struct module, read by us: values bit for bit.
    void readsPythonWrittenFile() {
        const QString python = QStandardPaths::findExecutable("python3");
        QVERIFY2(!python.isEmpty(), "python3 not found");
        QTemporaryDir dir;
        const QString out = dir.filePath("python.safetensors");
        QProcess p;
        p.start(python, {SOVEREIGN_SOURCE_DIR "/tests/safetensors_writer.py", out});
        QVERIFY(p.waitForFinished(60000));
        QVERIFY2(p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0,
                 p.readAllStandardError().constData());

        auto file = SafetensorsFile::open(out.toStdString());
        QVERIFY2(file, file ? "" : file.error().toString().c_str());
        std::vector<std::string> order;
        for (const TensorInfo &t : file->tensors())
            order.push_back(t.name);
        // Offset order, which is not the order of the names.
        QCOMPARE(order, (std::vector<std::string>{"d.i64", "c.bf16", "a.f32", "b.f16"}));
        QCOMPARE(file->metadata(), (std::map<std::string, std::string>{
                                       {"format", "pt"}, {"note", "written by python"}}));

        const TensorInfo *a = file->find("a.f32");
        QVERIFY(a);
        QCOMPARE(a->dtype, DType::F32);
        QCOMPARE(a->shape, (std::vector<std::int64_t>{2, 3}));
        QCOMPARE(bitsOf(*file->toFloat32(*a)), bitsOf({-1, -0.5f, 0, 0.5f, 1, 1.5f}));

        const TensorInfo *b = file->find("b.f16");
        QVERIFY(b);
        QCOMPARE(b->dtype, DType::F16);
        QCOMPARE(b->shape, (std::vector<std::int64_t>{4}));
        QCOMPARE(bitsOf(*file->toFloat32(*b)), bitsOf({1, -2.5f, 65504, std::ldexp(1.0f, -24)}));

        const TensorInfo *c = file->find("c.bf16");
        QVERIFY(c);
        QCOMPARE(c->dtype, DType::BF16);
        QCOMPARE(c->shape, (std::vector<std::int64_t>{2, 2}));
        // 1e30f is 0x7149f2ca; bfloat16 keeps 0x7149 (truncated, not rounded):
        // 9.953037915854457e+29.
        const float truncated = std::bit_cast<float>(0x71490000u);
        QCOMPARE(std::bit_cast<quint32>(1e30f) & 0xffff0000u, 0x71490000u);
        QCOMPARE(bitsOf(*file->toFloat32(*c)), bitsOf({1, -0.15625f, 3, truncated}));

        const TensorInfo *d = file->find("d.i64");
        QVERIFY(d);
        QCOMPARE(d->dtype, DType::I64);
        QCOMPARE(d->shape, (std::vector<std::int64_t>{3}));
        QCOMPARE(toQByteArray(file->bytes(*d)), littleEndian<qint64>({7, -1, 123456789012}));
        QVERIFY(!file->toFloat32(*d));
    }

    void refused_data() {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QStringList>("phrases");
        const QByteArray w24 = R"({"w":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]}})";
        QTest::newRow("file of 3 bytes")
            << QByteArray("abc") << QStringList{"3 bytes long", "8-byte header length"};
        QTest::newRow("header length past the end")
            << littleEndian<quint64>({1000}) + QByteArray("{}      ")
            << QStringList{"header length 1000 bytes runs past the end of the file (8 bytes",
                           "truncated"};
        QTest::newRow("header length absurd (1 TB)")
            << littleEndian<quint64>({quint64(1) << 40}) + QByteArray("{}      ")
            << QStringList{"over the 100 MB limit"};
        QTest::newRow("header not JSON")
            << rawFile(R"({"w": {"dtype": )", 0) << QStringList{"not valid JSON at byte"};
        QTest::newRow("header a JSON list, not an object")
            << rawFile("[1, 2]", 0) << QStringList{"not a JSON object"};
        QTest::newRow("truncated data: 16 of 24 bytes")
            << rawFile(w24, 16)
            << QStringList{"\"w\"", "[0, 24)", "(16 bytes)", "truncated or out of range"};
        QTest::newRow("tensor entry not an object")
            << rawFile(R"({"w":"F32"})", 0) << QStringList{"\"w\"", "expected an object"};
        QTest::newRow("unknown dtype F8")
            << rawFile(R"({"w":{"dtype":"F8","shape":[2],"data_offsets":[0,2]}})", 2)
            << QStringList{"\"w\"", "unknown dtype \"F8\"",
                           "expected one of BF16, F16, F32, I32, I64, U8"};
        QTest::newRow("negative shape")
            << rawFile(R"({"w":{"dtype":"F32","shape":[-1,2],"data_offsets":[0,8]}})", 8)
            << QStringList{"\"w\"", "\"shape\" must be a list of non-negative integers", "[-1,2]"};
        QTest::newRow("shape not a list")
            << rawFile(R"({"w":{"dtype":"U8","shape":"1","data_offsets":[0,1]}})", 1)
            << QStringList{"\"w\"", "\"shape\" must be a list of non-negative integers, got \"1\""};
        QTest::newRow("fractional shape")
            << rawFile(R"({"w":{"dtype":"F32","shape":[2.5],"data_offsets":[0,8]}})", 8)
            << QStringList{"\"w\"", "\"shape\" must be a list of non-negative integers"};
        QTest::newRow("offsets begin after end")
            << rawFile(R"({"w":{"dtype":"U8","shape":[0],"data_offsets":[8,0]}})", 8)
            << QStringList{"\"w\"", "\"data_offsets\" must be [begin, end]", "begin <= end"};
        QTest::newRow("offsets of three numbers")
            << rawFile(R"({"w":{"dtype":"U8","shape":[8],"data_offsets":[0,8,8]}})", 8)
            << QStringList{"\"w\"", "\"data_offsets\" must be [begin, end]"};
        QTest::newRow("size disagrees with shape")
            << rawFile(R"({"w":{"dtype":"F32","shape":[2,3],"data_offsets":[0,20]}})", 20)
            << QStringList{"\"w\"", "hold 20 bytes but shape [2, 3] of F32 needs 24 bytes"};
        QTest::newRow("offsets overlap")
            << rawFile(R"({"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},)"
                       R"("b":{"dtype":"F32","shape":[4],"data_offsets":[8,24]}})",
                       24)
            << QStringList{"\"a\" [0, 16) and \"b\" [8, 24) overlap"};
        QTest::newRow("hole in the data")
            << rawFile(R"({"b":{"dtype":"F32","shape":[2],"data_offsets":[16,24]},)"
                       R"("a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})",
                       24)
            << QStringList{"bytes [8, 16)", "belong to no tensor",
                           "between tensors \"a\" and \"b\"", "every byte to be indexed"};
        QTest::newRow("unindexed bytes after the last tensor")
            << rawFile(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})", 16)
            << QStringList{"bytes [8, 16)", "belong to no tensor", "after tensor \"a\""};
        QTest::newRow("metadata not strings")
            << rawFile(R"({"__metadata__":{"format":"pt","step":3}})", 0)
            << QStringList{"\"__metadata__\" must be an object of strings", "\"step\" is 3"};
        QTest::newRow("metadata not an object")
            << rawFile(R"({"__metadata__":"pt"})", 0)
            << QStringList{"\"__metadata__\" must be an object of strings, got \"pt\""};
    }

    void refused() {
        QFETCH(QByteArray, content);
        QFETCH(QStringList, phrases);
        QTemporaryDir dir;
        const QString path = dir.filePath("bad-file.safetensors");
        writeBytes(path, content);
        auto file = SafetensorsFile::open(path.toStdString());
        QVERIFY2(!file, "opened a malformed file");
        QCOMPARE(file.error().file, path.toStdString());
        const QString text = QString::fromStdString(file.error().toString());
        QVERIFY2(text.contains("bad-file.safetensors"), qPrintable(text));
        for (const QString &phrase : phrases)
            QVERIFY2(text.contains(phrase), qPrintable("missing '" + phrase + "' in: " + text));
    }

    // A header padded the way the format allows still reads.
    void headerWithTrailingSpaces() {
        QTemporaryDir dir;
        const QString path = dir.filePath("padded.safetensors");
        writeBytes(path, rawFile(R"({"w":{"dtype":"U8","shape":[3],"data_offsets":[0,3]}})"
                                 "                 ",
                                 3));
        auto file = SafetensorsFile::open(path.toStdString());
        QVERIFY2(file, file ? "" : file.error().toString().c_str());
        QCOMPARE(file->tensors().size(), 1u);
        QCOMPARE(file->bytes(file->tensors()[0]).size(), 3u);
    }

    void writerRefuses_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("dtype");
        QTest::addColumn<QList<qint64>>("shape");
        QTest::addColumn<int>("bytes");
        QTest::addColumn<QString>("phrase");
        QTest::newRow("bytes disagree with the shape")
            << "w" << int(DType::F32) << QList<qint64>{2, 3} << 20
            << "20 bytes given but shape [2, 3] of F32 needs 24";
        QTest::newRow("negative dimension") << "w" << int(DType::F32) << QList<qint64>{-2, 3} << 24
                                            << "shape [-2, 3] has a negative dimension";
        // -1 read as unsigned is 2^64 - 1 elements of one byte: no overflow to catch it.
        QTest::newRow("negative dimension of U8") << "w" << int(DType::U8) << QList<qint64>{-1} << 1
                                                  << "shape [-1] has a negative dimension";
        QTest::newRow("elements overflow 64 bits")
            << "w" << int(DType::F32) << QList<qint64>{qint64(1) << 40, qint64(1) << 40} << 0
            << "too many elements";
        QTest::newRow("duplicate name") << "first" << int(DType::F32) << QList<qint64>{1} << 4
                                        << "a second tensor of that name";
        QTest::newRow("the reserved name __metadata__")
            << "__metadata__" << int(DType::F32) << QList<qint64>{1} << 4 << "reserved";
    }

    void writerRefuses() {
        QFETCH(QString, name);
        QFETCH(int, dtype);
        QFETCH(QList<qint64>, shape);
        QFETCH(int, bytes);
        QFETCH(QString, phrase);
        QTemporaryDir dir;
        const std::string path = dir.filePath("out.safetensors").toStdString();
        const QByteArray first = floats({1});
        const QByteArray data(bytes, '\0');
        auto written = writeSafetensors(
            path, {{"first", DType::F32, {1}, view(first)},
                   {name.toStdString(), DType(dtype), toShape(shape), view(data)}});
        QVERIFY(!written);
        QCOMPARE(written.error().file, path);
        const QString text = QString::fromStdString(written.error().message);
        QVERIFY2(text.contains("tensor \"" + name + "\""), qPrintable(text));
        QVERIFY2(text.contains(phrase), qPrintable(text));
        QCOMPARE(entries(dir.path()), QStringList{});
    }

    void atomicWriteMode_data() {
        QTest::addColumn<uint>("mode");
        QTest::newRow("0600 with umask 0") << 0600u;
        QTest::newRow("0644 with umask 0") << 0644u;
        QTest::newRow("0640 with umask 0") << 0640u;
    }

    // The mode is the one given, from the first moment: open() gets it, so
    // the test clears the umask to see it exactly.
    void atomicWriteMode() {
        QFETCH(uint, mode);
        QTemporaryDir dir;
        const QString path = dir.filePath("state.bin");
        const QByteArray a("first part, "), b, c("last part");
        const mode_t saved = ::umask(0);
        auto written = writeFileAtomically(path.toStdString(), {view(a), view(b), view(c)}, mode);
        ::umask(saved);
        QVERIFY2(written, written ? "" : written.error().toString().c_str());
        struct stat st {};
        QCOMPARE(::stat(QFile::encodeName(path).constData(), &st), 0);
        QCOMPARE(uint(st.st_mode & 07777), mode);
        QCOMPARE(readBytes(path), a + b + c);
        QCOMPARE(entries(dir.path()), QStringList{"state.bin"});
    }

    // The old file is replaced whole, and takes the new mode (a new inode).
    void atomicWriteReplaces() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("notes.txt").toStdString();
        const mode_t saved = ::umask(0);
        auto first = writeTextAtomically(path, "old and longer text", 0600);
        auto second = writeTextAtomically(path, "new", 0644);
        ::umask(saved);
        QVERIFY(first);
        QVERIFY(second);
        QCOMPARE(readBytes(QString::fromStdString(path)), QByteArray("new"));
        struct stat st {};
        QCOMPARE(::stat(path.c_str(), &st), 0);
        QCOMPARE(uint(st.st_mode & 07777), 0644u);
        QCOMPARE(entries(dir.path()), QStringList{"notes.txt"});
    }

    void atomicWriteFailsWithoutFolder() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("missing/state.bin").toStdString();
        auto written = writeTextAtomically(path, "text");
        QVERIFY(!written);
        QCOMPARE(written.error().file, path);
        const QString text = QString::fromStdString(written.error().toString());
        QVERIFY2(text.contains(QString::fromStdString(path)), qPrintable(text));
        QVERIFY2(text.contains(std::strerror(ENOENT)), qPrintable(text));
        QCOMPARE(entries(dir.path()), QStringList{});
    }

    // The rename fails (a non-empty folder is in the way): the temporary goes.
    void atomicWriteCleansUpWhenRenameFails() {
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkpath("taken/inside"));
        const std::string path = dir.filePath("taken").toStdString();
        auto written = writeTextAtomically(path, "text");
        QVERIFY(!written);
        QCOMPARE(written.error().file, path);
        QVERIFY2(QString::fromStdString(written.error().message).contains("cannot rename"),
                 written.error().message.c_str());
        QCOMPARE(entries(dir.path()), QStringList{"taken"});
    }
};

QTEST_GUILESS_MAIN(TstSafetensors)
#include "tst_safetensors.moc"
