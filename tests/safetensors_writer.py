#!/usr/bin/env python3
"""Writes a safetensors file with known tensors, independently of our C++
writer (struct and json only: no numpy, no torch), for tst_safetensors:

  "a.f32"  F32  [2, 3]  0.5 * i - 1 for i = 0..5
  "b.f16"  F16  [4]     1.0, -2.5, 65504.0 (the largest f16), 2^-24 (the smallest subnormal)
  "c.bf16" BF16 [2, 2]  1.0, -0.15625, 3.0, 1e30 (the top 16 bits of the float32, truncated)
  "d.i64"  I64  [3]     7, -1, 123456789012
  __metadata__          {"format": "pt", "note": "written by python"}

The data section holds them in the order d, c, a, b (not the order of their
names) so that the reader has to sort by offset.

usage: safetensors_writer.py OUT.safetensors
"""
import json
import struct
import sys


def f32(values):
    return struct.pack("<%df" % len(values), *values)


def f16(values):
    # struct's 'e' is IEEE 754 binary16, rounding to nearest even.
    return struct.pack("<%de" % len(values), *values)


def bf16(values):
    # bfloat16 is the upper half of a float32: drop the low 16 bits.
    out = b""
    for v in values:
        (bits,) = struct.unpack("<I", struct.pack("<f", v))
        out += struct.pack("<H", bits >> 16)
    return out


def i64(values):
    return struct.pack("<%dq" % len(values), *values)


tensors = {
    "a.f32": ("F32", [2, 3], f32([0.5 * i - 1 for i in range(6)])),
    "b.f16": ("F16", [4], f16([1.0, -2.5, 65504.0, 5.960464477539063e-08])),
    "c.bf16": ("BF16", [2, 2], bf16([1.0, -0.15625, 3.0, 1e30])),
    "d.i64": ("I64", [3], i64([7, -1, 123456789012])),
}
order = ["d.i64", "c.bf16", "a.f32", "b.f16"]

header = {"__metadata__": {"format": "pt", "note": "written by python"}}
data = b""
for name in order:
    dtype, shape, raw = tensors[name]
    header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [len(data), len(data) + len(raw)]}
    data += raw

text = json.dumps(header, sort_keys=True).encode()
text += b" " * (-len(text) % 8)
with open(sys.argv[1], "wb") as out:
    out.write(struct.pack("<Q", len(text)) + text + data)
