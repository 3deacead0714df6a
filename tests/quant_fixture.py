#!/usr/bin/python3
"""Regenerates tests/data/quant/ (see the README there): float rows and their Q8_0 and Q4_0
bytes as llama.cpp's Python package gguf-py quantizes them, for tst_quantkernels.

    PYTHONPATH=/tmp/llama.cpp/gguf-py /usr/bin/python3 tests/quant_fixture.py tests/data/quant

gguf-py is llama.cpp's, at commit c392e5094deaf2d1a7c18683214f007fad3fe42b; Debian's
python3-numpy is the only other need.

What it writes:
  rows.f32      the rows, float32 little-endian, one after another
  rows.q8_0     gguf.quants.quantize(row, Q8_0) of each row, one after another
  rows.q4_0     gguf.quants.quantize(row, Q4_0) of each row, one after another
  rows.json     each row's name, length and what it exercises, in file order

Every row is a whole number of 32-value blocks. Besides random rows (a fixed seed) there are
blocks built for the edges of ggml's reference rounding: an all-zero block, an all -0.0 block,
the largest magnitude negative or tied, one huge outlier, values so small that the scale is an
fp16 subnormal or underflows to zero, a scale that overflows fp16, values exactly at Q8_0's
round-half-away ties and at Q4_0's truncation boundaries, and values where Q4_0's x * id + 8.5
gives a different integer part rounded once (fused, as gguf-py computes it in float64) or
twice (x * id rounded to float first, as the C reference does when built without FMA).
"""

import json
import os
import sys

import numpy as np

import gguf
from gguf.quants import quantize
from gguf.constants import GGMLQuantizationType

LLAMA_CPP_COMMIT = "c392e5094deaf2d1a7c18683214f007fad3fe42b"
SEED = 20250117
QK = 32


def block(values):
    b = np.asarray(values, dtype=np.float32)
    assert b.shape == (QK,), b.shape
    return b


def q4_two_roundings(x, ident):
    """Q4_0's nibble as the C reference computes it without FMA."""
    x0 = np.float32(np.float32(x) * np.float32(ident))
    return min(15, int(np.trunc(np.float32(x0 + np.float32(8.5)))))


def q4_fused(x, ident):
    """Q4_0's nibble as gguf-py computes it (one rounding of x * id + 8.5)."""
    return min(15, int(np.trunc(np.float32(np.float64(x) * np.float64(ident) + 8.5))))


def q4_disagreeing_block(rng, maximum):
    """A block whose first value is `maximum` (so d = maximum / -8) and whose other values sit
    one to a few ulps around the points where x * id + 8.5 crosses an integer, keeping those
    where one rounding and two roundings truncate differently."""
    d = np.float32(np.float32(maximum) / np.float32(-8))
    ident = np.float32(np.float32(1) / d)
    found = []
    for j in range(-8, 8):
        target = np.float32((j + 0.5) / float(ident))  # x * id = j + 0.5: x * id + 8.5 = j + 9
        for step in range(-48, 8):
            x = np.float32(target)
            for _ in range(abs(step)):
                x = np.nextafter(x, np.float32(np.inf if step > 0 else -np.inf), dtype=np.float32)
            if abs(x) < abs(maximum) and q4_two_roundings(x, ident) != q4_fused(x, ident):
                found.append(x)
    assert found, "no disagreeing values for this maximum"
    rng.shuffle(found)
    rest = found[: QK - 1]
    while len(rest) < QK - 1:
        rest.append(np.float32(rng.uniform(-abs(maximum), abs(maximum)) * 0.9))
    return block([maximum] + rest)


def edge_rows(rng):
    rows = []
    normal = lambda scale: (rng.standard_normal(QK) * scale).astype(np.float32)

    rows.append(("zero block, then -0.0 block, then mixed zeros",
                 np.concatenate([np.zeros(QK, np.float32), np.full(QK, -0.0, np.float32),
                                 block([0.0, -0.0] * 16)])))

    neg = normal(1.0)
    neg = np.clip(neg, -3.5, 3.5)
    neg[11] = -4.0  # the largest magnitude, negative: Q4_0's d is positive
    pos = np.clip(normal(1.0), -3.5, 3.5)
    pos[20] = 4.0  # the largest magnitude, positive: Q4_0's d is negative
    tie_neg_first = np.clip(normal(1.0), -2.5, 2.5)
    tie_neg_first[3], tie_neg_first[17] = -3.0, 3.0  # a tie: the first one sets the sign
    tie_pos_first = np.clip(normal(1.0), -2.5, 2.5)
    tie_pos_first[3], tie_pos_first[17] = 3.0, -3.0
    rows.append(("largest magnitude negative, positive, and tied either way",
                 np.concatenate([neg, pos, tie_neg_first, tie_pos_first])))

    outlier = normal(0.01)
    outlier[7] = 1.0e4  # one huge value: every other quant rounds to 0 or +-1
    overflow = normal(1.0)
    overflow[30] = -2.0e7  # Q8_0's d = 157480 and Q4_0's d = 2.5e6: both overflow fp16 to inf
    rows.append(("one huge outlier; a scale past fp16's range", np.concatenate([outlier, overflow])))

    # The last block: float subnormals, so d = amax / 127 is tiny enough that 1 / d is infinite
    # and every x * id is +-inf or NaN (0 * inf); ggml stores those as 0 (on x86 the conversion
    # gives 0x80000000, whose low byte is 0).
    rows.append(("tiny values: subnormal fp16 scales, scales that underflow to zero, infinite 1/d",
                 np.concatenate([normal(1e-3), normal(3e-5), normal(1e-7), normal(1e-9), normal(1e-39)])))

    # Q8_0 ties: amax = 127 / 64 makes d = 2^-6 and id = 64 exactly, so x = (k + 0.5) / 64 is a
    # tie x * id = k + 0.5, which roundf takes away from zero.
    ties = [127.0 / 64] + [(k + 0.5) / 64 * s for k in range(0, 15) for s in (1, -1)]
    ties.append(-126.5 / 64)
    # Q4_0: max = -1 makes d = 1/8 and id = 8 exactly; x * 8 + 8.5 lands on integers and halves.
    q4_edges = [-1.0, 1.0] + [(k - 0.5) / 8 for k in range(-7, 8)] + [k / 8 for k in range(-7, 8)]
    rows.append(("exact ties: Q8_0 halves (d = 2^-6), Q4_0 boundaries (d = 1/8)",
                 np.concatenate([block(ties), block(q4_edges)])))

    rows.append(("Q4_0 values where one rounding and two differ",
                 np.concatenate([q4_disagreeing_block(rng, m) for m in (7.0, -0.3, 123.456, -0.0421)])))
    return rows


def random_rows(rng):
    rows = [("normal(0, 1), 8 blocks", rng.standard_normal(8 * QK).astype(np.float32))]
    scales = np.repeat(10.0 ** rng.uniform(-4, 4, 8), QK)
    rows.append(("normal, each block scaled by 10^U(-4, 4)",
                 (rng.standard_normal(8 * QK) * scales).astype(np.float32)))
    rows.append(("uniform(-1, 1), 3 blocks", rng.uniform(-1, 1, 3 * QK).astype(np.float32)))
    return rows


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: quant_fixture.py OUTPUT_DIR")
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(SEED)
    rows = edge_rows(rng) + random_rows(rng)

    manifest = {"generator": "tests/quant_fixture.py",
                "quantizer": "gguf.quants.quantize, gguf-py of llama.cpp " + LLAMA_CPP_COMMIT,
                "seed": SEED, "rows": []}
    f32, q8, q4 = bytearray(), bytearray(), bytearray()
    for name, values in rows:
        values = np.ascontiguousarray(values, dtype="<f4")
        assert values.ndim == 1 and values.size % QK == 0
        with np.errstate(over="ignore"):  # the fp16 overflow row
            q8_bytes = quantize(values, GGMLQuantizationType.Q8_0)
            q4_bytes = quantize(values, GGMLQuantizationType.Q4_0)
        assert q8_bytes.nbytes == values.size // QK * 34 and q4_bytes.nbytes == values.size // QK * 18
        f32 += values.tobytes()
        q8 += q8_bytes.tobytes()
        q4 += q4_bytes.tobytes()
        manifest["rows"].append({"name": name, "n": int(values.size)})

    for name, data in (("rows.f32", f32), ("rows.q8_0", q8), ("rows.q4_0", q4)):
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
    with open(os.path.join(out, "rows.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")
    print(f"{len(rows)} rows, {len(f32) // 4} values -> {out} (gguf from {gguf.__file__})")


if __name__ == "__main__":
    main()
