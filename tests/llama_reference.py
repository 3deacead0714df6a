#!/usr/bin/env python3
"""An independent reference for sovereign-agent's Llama forward pass.

Written from the Hugging Face LlamaForCausalLM architecture description, with
its own safetensors reader and writer (struct + json), so that the C++ side is
checked against code that shares nothing with it but the file format.

Subcommands:

  check --model DIR [--adapter ADIR] --ours OURS.safetensors [--tol 1e-4]
      DIR holds config.json and model.safetensors (or a sharded
      model.safetensors.index.json); ADIR a PEFT LoRA adapter
      (adapter_config.json, adapter_model.safetensors), applied as a separate
      path y = W x + (alpha / r) B (A x), never merged. OURS (written by
      `sovereign-agent forward`) holds "tokens" (I64 [n]), "logits"
      (F32 [n, vocab]) and __metadata__ {mean_nll, perplexity, tokens}.
      The tokens are run as one sequence (batch 1) in float32; mean NLL is
      that of predicting tokens[1:] from positions 0..n-2. Prints one JSON
      line; exit 0 when max |logit difference| <= tol and |mean NLL
      difference| <= tol, 1 when not, 2 on usage or file errors.

  make-model --config CONFIG.json --out DIR --seed S [--dtype F32|F16|BF16]
      DIR/config.json (a copy) and DIR/model.safetensors with random weights:
      matrices N(0, 0.02), norm weights 1 + N(0, 0.1) (so they matter).
      No lm_head.weight when tie_word_embeddings is true.

  make-adapter --model DIR --out ADIR --r R --alpha A --targets q_proj,v_proj --seed S
      A PEFT-layout LoRA adapter with non-zero A and B (N(0, 0.02) each).

  self-test
      Internal checks: the safetensors reader/writer against torch's own
      conversions and struct, the model against a second formulation
      (float64, explicit per-head loops, complex-number rotary, merged LoRA),
      causality, grouped-query head mapping, and `check` end to end (passes on
      the reference's own logits, fails on a 1e-3 perturbation). Exit 0 when
      every check passes.

Run it with an interpreter that has torch (on Debian: /usr/bin/python3).
"""
import argparse
import ctypes
import json
import math
import os
import re
import struct
import subprocess
import sys
import tempfile

try:
    import torch
except ImportError:  # pragma: no cover - depends on the interpreter
    sys.stderr.write("llama_reference.py: this interpreter cannot import torch "
                     f"({sys.executable}); on Debian run it with /usr/bin/python3\n")
    sys.exit(2)


class FileError(Exception):
    """A missing, unreadable or inconsistent input file (exit status 2)."""


# ---------------------------------------------------------------------------
# safetensors, read and written by hand
# ---------------------------------------------------------------------------

# dtype name -> bytes per element
DTYPE_SIZES = {"F64": 8, "F32": 4, "F16": 2, "BF16": 2, "I64": 8, "I32": 4, "I16": 2, "I8": 1, "U8": 1,
               "BOOL": 1}


def _require_little_endian():
    if sys.byteorder != "little":
        raise FileError("this reader assumes a little-endian machine (safetensors data is little-endian)")


def _bf16_bits_to_float32(bits16):
    """int16 tensor of bfloat16 bit patterns -> float32 (the patterns are the top 16 bits)."""
    wide = bits16.to(torch.int64) & 0xFFFF
    wide = wide * 65536  # << 16, done in int64 so nothing overflows
    wide = torch.where(wide >= 2 ** 31, wide - 2 ** 32, wide)
    return wide.to(torch.int32).view(torch.float32)


def _float32_to_bf16_bits(values):
    """float32 tensor -> int16 bfloat16 bit patterns, rounding to nearest even."""
    bits = values.to(torch.float32).contiguous().view(torch.int32).to(torch.int64) & 0xFFFFFFFF
    is_nan = torch.isnan(values)
    rounded = (bits + 0x7FFF + ((bits >> 16) & 1)) >> 16
    rounded = torch.where(is_nan, (bits >> 16) | 0x40, rounded) & 0xFFFF
    rounded = torch.where(rounded >= 2 ** 15, rounded - 2 ** 16, rounded)
    return rounded.to(torch.int16)


def _decode(raw, dtype, shape, where):
    numel = 1
    for s in shape:
        numel *= s
    if numel == 0:
        torch_dtype = {"I64": torch.int64, "I32": torch.int32, "U8": torch.uint8}.get(dtype, torch.float32)
        return torch.zeros(shape, dtype=torch_dtype)
    buf = bytearray(raw)  # own, writable, aligned copy
    if dtype == "F32":
        t = torch.frombuffer(buf, dtype=torch.float32)
    elif dtype == "F64":
        t = torch.frombuffer(buf, dtype=torch.float64)
    elif dtype == "F16":
        t = torch.frombuffer(buf, dtype=torch.float16).to(torch.float32)
    elif dtype == "BF16":
        t = _bf16_bits_to_float32(torch.frombuffer(buf, dtype=torch.int16))
    elif dtype == "I64":
        t = torch.frombuffer(buf, dtype=torch.int64)
    elif dtype == "I32":
        t = torch.frombuffer(buf, dtype=torch.int32)
    elif dtype == "I16":
        t = torch.frombuffer(buf, dtype=torch.int16)
    elif dtype == "I8":
        t = torch.frombuffer(buf, dtype=torch.int8)
    elif dtype == "U8":
        t = torch.frombuffer(buf, dtype=torch.uint8)
    elif dtype == "BOOL":
        t = torch.frombuffer(buf, dtype=torch.uint8).to(torch.bool)
    else:
        raise FileError(f"{where}: unsupported dtype {dtype}")
    return t.reshape(shape).clone()


def read_safetensors(path):
    """-> (dict name -> (dtype name, torch tensor), metadata dict). Floats come back as float32
    (F64 as float64), integers as their own type."""
    _require_little_endian()
    try:
        with open(path, "rb") as f:
            blob = f.read()
    except OSError as e:
        raise FileError(f"{path}: cannot read: {e.strerror or e}")
    if len(blob) < 8:
        raise FileError(f"{path}: too short for a safetensors file ({len(blob)} bytes)")
    (header_len,) = struct.unpack("<Q", blob[:8])
    if header_len > len(blob) - 8:
        raise FileError(f"{path}: header length {header_len} runs past the end of the file ({len(blob)} bytes)")
    try:
        header = json.loads(blob[8:8 + header_len].decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        raise FileError(f"{path}: header is not valid JSON: {e}")
    if not isinstance(header, dict):
        raise FileError(f"{path}: header is not a JSON object")
    data = memoryview(blob)[8 + header_len:]
    metadata = header.pop("__metadata__", None) or {}
    if not isinstance(metadata, dict):
        raise FileError(f"{path}: __metadata__ is not an object")
    spans = []
    tensors = {}
    for name, info in header.items():
        where = f"{path}: tensor \"{name}\""
        if not isinstance(info, dict):
            raise FileError(f"{where}: entry is not an object")
        dtype, shape, offsets = info.get("dtype"), info.get("shape"), info.get("data_offsets")
        if dtype not in DTYPE_SIZES:
            raise FileError(f"{where}: unknown dtype {dtype!r}")
        if (not isinstance(shape, list) or
                not all(isinstance(s, int) and not isinstance(s, bool) and s >= 0 for s in shape)):
            raise FileError(f"{where}: bad shape {shape!r}")
        if (not isinstance(offsets, list) or len(offsets) != 2 or
                not all(isinstance(o, int) and not isinstance(o, bool) for o in offsets)):
            raise FileError(f"{where}: bad data_offsets {offsets!r}")
        begin, end = offsets
        if not 0 <= begin <= end <= len(data):
            raise FileError(f"{where}: data_offsets [{begin}, {end}] outside the data section ({len(data)} bytes)")
        numel = 1
        for s in shape:
            numel *= s
        if end - begin != numel * DTYPE_SIZES[dtype]:
            raise FileError(f"{where}: {end - begin} bytes but shape {shape} of {dtype} needs "
                            f"{numel * DTYPE_SIZES[dtype]}")
        spans.append((begin, end, name))
        tensors[name] = (dtype, _decode(data[begin:end], dtype, shape, where))
    spans.sort()
    for (b0, e0, n0), (b1, e1, n1) in zip(spans, spans[1:]):
        if b1 < e0:
            raise FileError(f"{path}: tensors \"{n0}\" and \"{n1}\" overlap")
    return tensors, metadata


def _tensor_bytes(t):
    t = t.contiguous()
    return ctypes.string_at(t.data_ptr(), t.numel() * t.element_size()) if t.numel() else b""


def encode_tensor(t, dtype):
    if dtype == "F32":
        return _tensor_bytes(t.to(torch.float32))
    if dtype == "F64":
        return _tensor_bytes(t.to(torch.float64))
    if dtype == "F16":
        return _tensor_bytes(t.to(torch.float32).to(torch.float16))
    if dtype == "BF16":
        return _tensor_bytes(_float32_to_bf16_bits(t.to(torch.float32)))
    if dtype == "I64":
        return _tensor_bytes(t.to(torch.int64))
    if dtype == "I32":
        return _tensor_bytes(t.to(torch.int32))
    if dtype == "U8":
        return _tensor_bytes(t.to(torch.uint8))
    raise ValueError(f"cannot write dtype {dtype}")


def write_safetensors(path, tensors, metadata=None):
    """tensors: list of (name, dtype name, torch tensor), written in that order."""
    _require_little_endian()
    header = {}
    chunks = []
    offset = 0
    for name, dtype, t in tensors:
        raw = encode_tensor(t, dtype)
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    if metadata:
        header = {"__metadata__": {str(k): str(v) for k, v in metadata.items()}, **header}
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)  # pad so the data starts 8-byte aligned, as the reference writer does
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for c in chunks:
            f.write(c)
    os.replace(tmp, path)


# ---------------------------------------------------------------------------
# config and weights
# ---------------------------------------------------------------------------

MODULES = {"q_proj": "self_attn", "k_proj": "self_attn", "v_proj": "self_attn", "o_proj": "self_attn",
           "gate_proj": "mlp", "up_proj": "mlp", "down_proj": "mlp"}


def read_json(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except OSError as e:
        raise FileError(f"{path}: cannot read: {e.strerror or e}")
    except ValueError as e:
        raise FileError(f"{path}: not valid JSON: {e}")


def parse_config(raw, path):
    if not isinstance(raw, dict):
        raise FileError(f"{path}: not a JSON object")

    def get(key, kind, default=None):
        if key not in raw or raw[key] is None:
            if default is None:
                raise FileError(f"{path}: missing \"{key}\"")
            return default
        v = raw[key]
        if kind is int and (isinstance(v, bool) or not isinstance(v, int) or v < 1):
            raise FileError(f"{path}: \"{key}\" must be a positive integer, not {v!r}")
        if kind is float and (isinstance(v, bool) or not isinstance(v, (int, float)) or not v > 0):
            raise FileError(f"{path}: \"{key}\" must be a positive number, not {v!r}")
        if kind is bool and not isinstance(v, bool):
            raise FileError(f"{path}: \"{key}\" must be true or false, not {v!r}")
        return kind(v)

    c = {
        "hidden_size": get("hidden_size", int),
        "intermediate_size": get("intermediate_size", int),
        "num_hidden_layers": get("num_hidden_layers", int),
        "num_attention_heads": get("num_attention_heads", int),
        "vocab_size": get("vocab_size", int),
        "rms_norm_eps": get("rms_norm_eps", float, 1e-6),
        "rope_theta": get("rope_theta", float, 10000.0),
        "max_position_embeddings": get("max_position_embeddings", int, 2048),
        "tie_word_embeddings": get("tie_word_embeddings", bool, False),
    }
    c["num_key_value_heads"] = get("num_key_value_heads", int, c["num_attention_heads"])
    if c["hidden_size"] % c["num_attention_heads"]:
        raise FileError(f"{path}: num_attention_heads does not divide hidden_size")
    if c["num_attention_heads"] % c["num_key_value_heads"]:
        raise FileError(f"{path}: num_key_value_heads does not divide num_attention_heads")
    c["head_dim"] = c["hidden_size"] // c["num_attention_heads"]
    if c["head_dim"] % 2:
        raise FileError(f"{path}: head size {c['head_dim']} is odd; rotary embeddings need it even")
    if raw.get("rope_scaling"):
        raise FileError(f"{path}: rope_scaling is not supported by this reference")
    if raw.get("attention_bias") or raw.get("mlp_bias"):
        raise FileError(f"{path}: attention_bias/mlp_bias are not supported (Llama has no biases)")
    if raw.get("head_dim") not in (None, c["head_dim"]):
        raise FileError(f"{path}: head_dim {raw['head_dim']} differs from hidden_size / num_attention_heads")
    return c


def weight_shapes(c):
    """Every weight tensor of the model, in model order: name -> shape."""
    h, inter, kv = c["hidden_size"], c["intermediate_size"], c["num_key_value_heads"] * c["head_dim"]
    shapes = {"model.embed_tokens.weight": [c["vocab_size"], h]}
    for i in range(c["num_hidden_layers"]):
        p = f"model.layers.{i}."
        shapes[p + "input_layernorm.weight"] = [h]
        shapes[p + "self_attn.q_proj.weight"] = [c["num_attention_heads"] * c["head_dim"], h]
        shapes[p + "self_attn.k_proj.weight"] = [kv, h]
        shapes[p + "self_attn.v_proj.weight"] = [kv, h]
        shapes[p + "self_attn.o_proj.weight"] = [h, c["num_attention_heads"] * c["head_dim"]]
        shapes[p + "post_attention_layernorm.weight"] = [h]
        shapes[p + "mlp.gate_proj.weight"] = [inter, h]
        shapes[p + "mlp.up_proj.weight"] = [inter, h]
        shapes[p + "mlp.down_proj.weight"] = [h, inter]
    shapes["model.norm.weight"] = [h]
    if not c["tie_word_embeddings"]:
        shapes["lm_head.weight"] = [c["vocab_size"], h]
    return shapes


def load_model(model_dir):
    """-> (config dict, weights dict name -> float32 tensor; 'lm_head.weight' always present)."""
    if not os.path.isdir(model_dir):
        raise FileError(f"{model_dir}: no such model directory")
    config_path = os.path.join(model_dir, "config.json")
    c = parse_config(read_json(config_path), config_path)
    single = os.path.join(model_dir, "model.safetensors")
    index = os.path.join(model_dir, "model.safetensors.index.json")
    raw = {}
    if os.path.exists(single):
        files = [single]
    elif os.path.exists(index):
        weight_map = read_json(index).get("weight_map")
        if not isinstance(weight_map, dict):
            raise FileError(f"{index}: no weight_map")
        files = [os.path.join(model_dir, f) for f in sorted(set(weight_map.values()))]
    else:
        raise FileError(f"{single}: no such file (nor {os.path.basename(index)})")
    for path in files:
        tensors, _ = read_safetensors(path)
        for name, (dtype, t) in tensors.items():
            raw[name] = (path, dtype, t)
    weights = {}
    shapes = weight_shapes(c)
    for name, shape in shapes.items():
        if name not in raw:
            raise FileError(f"{files[0]}: missing tensor \"{name}\" (config.json implies it)")
        path, dtype, t = raw[name]
        if dtype not in ("F32", "F16", "BF16"):
            raise FileError(f"{path}: tensor \"{name}\" is {dtype}; weights must be F32, F16 or BF16")
        if list(t.shape) != shape:
            raise FileError(f"{path}: tensor \"{name}\" has shape {list(t.shape)}, config.json implies {shape}")
        weights[name] = t.to(torch.float32)
    for name in raw:
        if name in shapes or name.endswith("rotary_emb.inv_freq"):
            continue
        if name == "lm_head.weight" and c["tie_word_embeddings"]:
            continue  # tied: the embeddings are the output matrix, whatever copy the file carries
        raise FileError(f"{raw[name][0]}: unexpected tensor \"{name}\" for this config.json")
    if c["tie_word_embeddings"]:
        weights["lm_head.weight"] = weights["model.embed_tokens.weight"]
    return c, weights


LORA_NAME = re.compile(r"^base_model\.model\.model\.layers\.(\d+)\.(self_attn|mlp)\."
                       r"(q_proj|k_proj|v_proj|o_proj|gate_proj|up_proj|down_proj)\.lora_([AB])(?:\.default)?\.weight$")


def load_adapter(adapter_dir, c, weights):
    """-> {"scale": float, "pairs": {(layer, module): (A [r, in], B [out, r])}}."""
    if not os.path.isdir(adapter_dir):
        raise FileError(f"{adapter_dir}: no such adapter directory")
    cfg_path = os.path.join(adapter_dir, "adapter_config.json")
    cfg = read_json(cfg_path)
    if not isinstance(cfg, dict):
        raise FileError(f"{cfg_path}: not a JSON object")
    if cfg.get("peft_type", "LORA") != "LORA":
        raise FileError(f"{cfg_path}: peft_type {cfg.get('peft_type')!r} is not LORA")
    r, alpha = cfg.get("r"), cfg.get("lora_alpha", 8)
    if isinstance(r, bool) or not isinstance(r, int) or r < 1:
        raise FileError(f"{cfg_path}: \"r\" must be a positive integer, not {r!r}")
    if isinstance(alpha, bool) or not isinstance(alpha, (int, float)):
        raise FileError(f"{cfg_path}: \"lora_alpha\" must be a number, not {alpha!r}")
    for key in ("fan_in_fan_out", "use_dora"):
        if cfg.get(key):
            raise FileError(f"{cfg_path}: {key} is not supported by this reference")
    if cfg.get("bias", "none") != "none":
        raise FileError(f"{cfg_path}: bias {cfg.get('bias')!r} is not supported by this reference")
    if cfg.get("rank_pattern") or cfg.get("alpha_pattern") or cfg.get("modules_to_save"):
        raise FileError(f"{cfg_path}: rank_pattern/alpha_pattern/modules_to_save are not supported")
    scale = alpha / math.sqrt(r) if cfg.get("use_rslora") else alpha / r
    targets = cfg.get("target_modules")
    layers = cfg.get("layers_to_transform")
    if isinstance(layers, int):
        layers = [layers]
    layers = set(layers) if layers is not None else set(range(c["num_hidden_layers"]))

    def targeted(layer, module):
        full = f"model.layers.{layer}.{MODULES[module]}.{module}"
        if isinstance(targets, str):
            return re.fullmatch(targets, full) is not None
        if isinstance(targets, list):
            return layer in layers and any(full == t or full.endswith("." + t) for t in targets)
        raise FileError(f"{cfg_path}: target_modules must be a list or a string, not {targets!r}")

    expected = {(i, m) for i in range(c["num_hidden_layers"]) for m in MODULES if targeted(i, m)}
    if not expected:
        raise FileError(f"{cfg_path}: target_modules {targets!r} match no Llama projection")
    st_path = os.path.join(adapter_dir, "adapter_model.safetensors")
    if not os.path.exists(st_path):
        raise FileError(f"{st_path}: no such file")
    tensors, _ = read_safetensors(st_path)
    found = {}
    for name, (dtype, t) in tensors.items():
        m = LORA_NAME.match(name)
        if not m or MODULES[m.group(3)] != m.group(2):
            raise FileError(f"{st_path}: unexpected tensor \"{name}\" (not a LoRA A/B of a Llama projection)")
        layer, module, which = int(m.group(1)), m.group(3), m.group(4)
        if (layer, module) not in expected:
            raise FileError(f"{st_path}: tensor \"{name}\" is not covered by target_modules {targets!r}")
        if dtype not in ("F32", "F16", "BF16"):
            raise FileError(f"{st_path}: tensor \"{name}\" is {dtype}; must be F32, F16 or BF16")
        found[(layer, module, which)] = (name, t.to(torch.float32))
    pairs = {}
    for layer, module in sorted(expected):
        w = weights[f"model.layers.{layer}.{MODULES[module]}.{module}.weight"]
        out_f, in_f = w.shape
        for which in "AB":
            if (layer, module, which) not in found:
                raise FileError(f"{st_path}: missing lora_{which} for model.layers.{layer}.{module} "
                                f"(target_modules {targets!r})")
        (na, a), (nb, b) = found[(layer, module, "A")], found[(layer, module, "B")]
        if list(a.shape) != [r, in_f]:
            raise FileError(f"{st_path}: tensor \"{na}\" has shape {list(a.shape)}, expected {[r, in_f]}")
        if list(b.shape) != [out_f, r]:
            raise FileError(f"{st_path}: tensor \"{nb}\" has shape {list(b.shape)}, expected {[out_f, r]}")
        pairs[(layer, module)] = (a, b)
    return {"scale": float(scale), "pairs": pairs, "r": r, "alpha": alpha}


# ---------------------------------------------------------------------------
# the model (float32, batch 1, the whole sequence at once)
# ---------------------------------------------------------------------------

def rms_norm(x, w, eps):
    x = x.to(torch.float32)
    return w * (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps))


def rotary_tables(c, length):
    hd = c["head_dim"]
    inv_freq = 1.0 / (c["rope_theta"] ** (torch.arange(0, hd, 2, dtype=torch.float64) / hd))
    angles = torch.outer(torch.arange(length, dtype=torch.float64), inv_freq)
    emb = torch.cat([angles, angles], dim=-1)
    return emb.cos().to(torch.float32), emb.sin().to(torch.float32)


def rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat([-x[..., half:], x[..., :half]], dim=-1)


def forward(c, weights, ids, adapter=None):
    """ids: list or 1-D int64 tensor of n token ids -> logits float32 [n, vocab]."""
    ids = torch.as_tensor(ids, dtype=torch.int64)
    n = ids.shape[0]
    nh, nkv, hd = c["num_attention_heads"], c["num_key_value_heads"], c["head_dim"]
    group = nh // nkv
    eps = c["rms_norm_eps"]
    cos, sin = rotary_tables(c, n)
    mask = torch.ones(n, n, dtype=torch.bool).triu(1)  # True = a future position

    def proj(x, layer, module):
        y = x @ weights[f"model.layers.{layer}.{MODULES[module]}.{module}.weight"].t()
        if adapter is not None and (layer, module) in adapter["pairs"]:
            a, b = adapter["pairs"][(layer, module)]
            y = y + adapter["scale"] * ((x @ a.t()) @ b.t())
        return y

    x = weights["model.embed_tokens.weight"][ids]  # [n, hidden]
    for i in range(c["num_hidden_layers"]):
        p = f"model.layers.{i}."
        a_in = rms_norm(x, weights[p + "input_layernorm.weight"], eps)
        q = proj(a_in, i, "q_proj").view(n, nh, hd).transpose(0, 1)  # [nh, n, hd]
        k = proj(a_in, i, "k_proj").view(n, nkv, hd).transpose(0, 1)  # [nkv, n, hd]
        v = proj(a_in, i, "v_proj").view(n, nkv, hd).transpose(0, 1)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        k = k.repeat_interleave(group, dim=0)  # kv head j -> query heads j*group .. j*group+group-1
        v = v.repeat_interleave(group, dim=0)
        scores = (q @ k.transpose(-1, -2)) / math.sqrt(hd)
        scores = scores.masked_fill(mask, float("-inf"))
        probs = torch.softmax(scores.to(torch.float32), dim=-1)
        att = (probs @ v).transpose(0, 1).reshape(n, nh * hd)
        h = x + proj(att, i, "o_proj")
        m = rms_norm(h, weights[p + "post_attention_layernorm.weight"], eps)
        x = h + proj(torch.nn.functional.silu(proj(m, i, "gate_proj")) * proj(m, i, "up_proj"), i, "down_proj")
    x = rms_norm(x, weights["model.norm.weight"], eps)
    return x @ weights["lm_head.weight"].t()


def mean_nll(logits, ids):
    """Mean negative log-likelihood of ids[1:] given positions 0..n-2 (float64); nan when n < 2."""
    ids = torch.as_tensor(ids, dtype=torch.int64)
    if ids.shape[0] < 2:
        return float("nan")
    logp = torch.log_softmax(logits[:-1].to(torch.float64), dim=-1)
    return float(-logp[torch.arange(ids.shape[0] - 1), ids[1:]].mean())


# ---------------------------------------------------------------------------
# check
# ---------------------------------------------------------------------------

def _num(x):
    return None if x is None or (isinstance(x, float) and (math.isnan(x) or math.isinf(x))) else x


def _meta_float(metadata, key, path):
    if key not in metadata:
        raise FileError(f"{path}: __metadata__ has no \"{key}\"")
    try:
        return float(metadata[key])
    except ValueError:
        raise FileError(f"{path}: __metadata__ \"{key}\" = {metadata[key]!r} is not a number")


def cmd_check(args):
    c, weights = load_model(args.model)
    adapter = load_adapter(args.adapter, c, weights) if args.adapter else None
    if not os.path.exists(args.ours):
        raise FileError(f"{args.ours}: no such file")
    tensors, metadata = read_safetensors(args.ours)
    for name in ("tokens", "logits"):
        if name not in tensors:
            raise FileError(f"{args.ours}: no tensor \"{name}\"")
    tdtype, tokens = tensors["tokens"]
    if tdtype not in ("I64", "I32") or tokens.dim() != 1 or tokens.numel() < 1:
        raise FileError(f"{args.ours}: \"tokens\" must be a non-empty 1-D I64 tensor (is {tdtype} {list(tokens.shape)})")
    tokens = tokens.to(torch.int64)
    if int(tokens.min()) < 0 or int(tokens.max()) >= c["vocab_size"]:
        raise FileError(f"{args.ours}: token ids outside 0..{c['vocab_size'] - 1}")
    ldtype, ours = tensors["logits"]
    if ldtype not in ("F32", "F16", "BF16", "F64"):
        raise FileError(f"{args.ours}: \"logits\" is {ldtype}, not a float tensor")
    n = tokens.numel()
    nll_ours = _meta_float(metadata, "mean_nll", args.ours)
    ppl_ours = _meta_float(metadata, "perplexity", args.ours) if "perplexity" in metadata else None
    problems = []
    if "tokens" in metadata and str(metadata["tokens"]).strip() != str(n):
        problems.append(f"metadata tokens = {metadata['tokens']} but the tokens tensor has {n}")

    with torch.no_grad():
        logits = forward(c, weights, tokens, adapter)
    nll_ref = mean_nll(logits, tokens)
    ppl_ref = math.exp(nll_ref) if not math.isnan(nll_ref) else float("nan")

    if list(ours.shape) != [n, c["vocab_size"]]:
        problems.append(f"logits have shape {list(ours.shape)}, expected {[n, c['vocab_size']]}")
        max_diff = float("nan")
    else:
        max_diff = float((ours.to(torch.float64) - logits.to(torch.float64)).abs().max())
        if not max_diff <= args.tol:
            worst = int((ours.to(torch.float64) - logits.to(torch.float64)).abs().argmax())
            problems.append(f"max |logit difference| {max_diff:.3g} > tol {args.tol:g} "
                            f"(position {worst // c['vocab_size']}, token {worst % c['vocab_size']})")
    if math.isnan(nll_ref):
        if not math.isnan(nll_ours):
            problems.append("one token has no NLL, but mean_nll is a number")
    elif not abs(nll_ours - nll_ref) <= args.tol:
        problems.append(f"|mean_nll difference| {abs(nll_ours - nll_ref):.3g} > tol {args.tol:g}")
    if ppl_ours is not None and not math.isnan(nll_ref):
        if not abs(ppl_ours / ppl_ref - 1.0) <= args.tol:
            problems.append(f"perplexity {ppl_ours} disagrees with exp(mean NLL) {ppl_ref} (relative tol {args.tol:g})")
    ok = not problems
    print(json.dumps({
        "max_abs_logit_diff": _num(max_diff),
        "mean_nll_ours": _num(nll_ours),
        "mean_nll_reference": _num(nll_ref),
        "perplexity_ours": _num(ppl_ours),
        "perplexity_reference": _num(ppl_ref),
        "tokens": n,
        "adapter": bool(adapter),
        "tol": args.tol,
        "problems": problems,
        "ok": ok,
    }))
    return 0 if ok else 1


# ---------------------------------------------------------------------------
# make-model, make-adapter
# ---------------------------------------------------------------------------

def random_weights(c, seed):
    g = torch.Generator().manual_seed(seed)
    out = []
    for name, shape in weight_shapes(c).items():
        if len(shape) == 1:
            t = 1.0 + 0.1 * torch.randn(shape, generator=g)
        else:
            t = 0.02 * torch.randn(shape, generator=g)
        out.append((name, t))
    return out


def cmd_make_model(args):
    raw = read_json(args.config)
    c = parse_config(raw, args.config)
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "config.json"), "w", encoding="utf-8") as f:
        json.dump(raw, f, indent=2)
        f.write("\n")
    tensors = [(name, args.dtype, t) for name, t in random_weights(c, args.seed)]
    write_safetensors(os.path.join(args.out, "model.safetensors"), tensors, {"format": "pt"})
    print(json.dumps({"out": args.out, "tensors": len(tensors), "dtype": args.dtype,
                      "params": sum(t.numel() for _, _, t in tensors)}))
    return 0


def cmd_make_adapter(args):
    c, weights = load_model(args.model)
    targets = [t.strip() for t in args.targets.split(",") if t.strip()]
    for t in targets:
        if t not in MODULES:
            raise FileError(f"--targets: {t!r} is not one of {', '.join(MODULES)}")
    if args.r < 1:
        raise FileError("--r must be at least 1")
    g = torch.Generator().manual_seed(args.seed)
    tensors = []
    for i in range(c["num_hidden_layers"]):
        for m in targets:
            out_f, in_f = weights[f"model.layers.{i}.{MODULES[m]}.{m}.weight"].shape
            prefix = f"base_model.model.model.layers.{i}.{MODULES[m]}.{m}"
            tensors.append((prefix + ".lora_A.weight", "F32", 0.02 * torch.randn(args.r, in_f, generator=g)))
            tensors.append((prefix + ".lora_B.weight", "F32", 0.02 * torch.randn(out_f, args.r, generator=g)))
    os.makedirs(args.out, exist_ok=True)
    config = {
        "alpha_pattern": {},
        "auto_mapping": None,
        "base_model_name_or_path": os.path.abspath(args.model),
        "bias": "none",
        "fan_in_fan_out": False,
        "inference_mode": True,
        "init_lora_weights": True,
        "layers_pattern": None,
        "layers_to_transform": None,
        "lora_alpha": int(args.alpha) if float(args.alpha).is_integer() else args.alpha,
        "lora_dropout": 0.0,
        "modules_to_save": None,
        "peft_type": "LORA",
        "r": args.r,
        "rank_pattern": {},
        "revision": None,
        "target_modules": targets,
        "task_type": "CAUSAL_LM",
        "use_rslora": False,
    }
    with open(os.path.join(args.out, "adapter_config.json"), "w", encoding="utf-8") as f:
        json.dump(config, f, indent=2)
        f.write("\n")
    write_safetensors(os.path.join(args.out, "adapter_model.safetensors"), tensors, {"format": "pt"})
    print(json.dumps({"out": args.out, "tensors": len(tensors), "r": args.r, "alpha": args.alpha,
                      "targets": targets}))
    return 0


# ---------------------------------------------------------------------------
# self-test: a second formulation and the tools end to end
# ---------------------------------------------------------------------------

def forward_loops(c, weights, ids, adapter=None):
    """The same model written differently: float64, LoRA merged into W, RMSNorm and softmax by hand,
    rotary as complex multiplication, attention per head and per position with explicit loops,
    each query head h reading kv head h // group. Slow; for a handful of tokens."""
    d = torch.float64
    W = {k: v.to(d) for k, v in weights.items()}
    if adapter is not None:
        for (layer, module), (a, b) in adapter["pairs"].items():
            key = f"model.layers.{layer}.{MODULES[module]}.{module}.weight"
            W[key] = W[key] + adapter["scale"] * (b.to(d) @ a.to(d))
    n = len(ids)
    nh, nkv, hd = c["num_attention_heads"], c["num_key_value_heads"], c["head_dim"]
    half = hd // 2
    group = nh // nkv
    eps = c["rms_norm_eps"]
    freqs = [c["rope_theta"] ** (-(2.0 * i) / hd) for i in range(half)]

    def norm(vec, w):
        ms = sum(float(e) ** 2 for e in vec) / vec.numel()
        return w * (vec / math.sqrt(ms + eps))

    def rope(vec, pos):  # pairs (i, i + half) as the complex number x_i + j x_{i+half}
        z = torch.complex(vec[:half], vec[half:])
        rot = torch.tensor([complex(math.cos(pos * f), math.sin(pos * f)) for f in freqs], dtype=torch.complex128)
        z = z * rot
        return torch.cat([z.real, z.imag])

    def silu(t):
        return t / (1.0 + torch.exp(-t))

    xs = [W["model.embed_tokens.weight"][int(t)].clone() for t in ids]
    for i in range(c["num_hidden_layers"]):
        p = f"model.layers.{i}."
        normed = [norm(x, W[p + "input_layernorm.weight"]) for x in xs]
        qs = [W[p + "self_attn.q_proj.weight"] @ x for x in normed]
        ks = [W[p + "self_attn.k_proj.weight"] @ x for x in normed]
        vs = [W[p + "self_attn.v_proj.weight"] @ x for x in normed]
        heads_out = [torch.zeros(nh * hd, dtype=d) for _ in range(n)]
        for h in range(nh):
            kvh = h // group
            qh = [rope(q[h * hd:(h + 1) * hd], t) for t, q in enumerate(qs)]
            kh = [rope(k[kvh * hd:(kvh + 1) * hd], s) for s, k in enumerate(ks)]
            vh = [v[kvh * hd:(kvh + 1) * hd] for v in vs]
            for t in range(n):
                scores = [float(qh[t] @ kh[s]) / math.sqrt(hd) for s in range(t + 1)]
                top = max(scores)
                e = [math.exp(s - top) for s in scores]
                total = sum(e)
                acc = torch.zeros(hd, dtype=d)
                for s in range(t + 1):
                    acc = acc + (e[s] / total) * vh[s]
                heads_out[t][h * hd:(h + 1) * hd] = acc
        hs = [x + W[p + "self_attn.o_proj.weight"] @ o for x, o in zip(xs, heads_out)]
        xs = []
        for hvec in hs:
            m = norm(hvec, W[p + "post_attention_layernorm.weight"])
            gated = silu(W[p + "mlp.gate_proj.weight"] @ m) * (W[p + "mlp.up_proj.weight"] @ m)
            xs.append(hvec + W[p + "mlp.down_proj.weight"] @ gated)
    return torch.stack([W["lm_head.weight"] @ norm(x, W["model.norm.weight"]) for x in xs])


def nll_loops(logits, ids):
    total = 0.0
    for t in range(len(ids) - 1):
        row = [float(v) for v in logits[t]]
        top = max(row)
        lse = top + math.log(sum(math.exp(v - top) for v in row))
        total += lse - row[int(ids[t + 1])]
    return total / (len(ids) - 1)


TINY = {
    "architectures": ["LlamaForCausalLM"], "model_type": "llama", "torch_dtype": "float32",
    "hidden_size": 64, "intermediate_size": 160, "num_hidden_layers": 2, "num_attention_heads": 4,
    "num_key_value_heads": 2, "vocab_size": 300, "rms_norm_eps": 1e-5, "rope_theta": 10000.0,
    "max_position_embeddings": 128, "tie_word_embeddings": False,
}


def cmd_self_test(args):
    failures = []
    count = [0]

    def expect(cond, what):
        count[0] += 1
        print(("ok    " if cond else "FAIL  ") + what)
        if not cond:
            failures.append(what)

    me = os.path.abspath(__file__)

    def run(*argv):
        p = subprocess.run([sys.executable, me, *argv], capture_output=True, text=True)
        return p.returncode, p.stdout, p.stderr

    torch.manual_seed(1234)
    with tempfile.TemporaryDirectory(prefix="llama_reference_") as tmp:
        # --- safetensors reader/writer
        vals = torch.randn(1000) * 10
        vals[:6] = torch.tensor([0.0, -0.0, 1.0, 65504.0, 1e-8, float("inf")])
        exact = {
            "F32": vals,
            "F16": vals.half().float(),
            "BF16": vals.bfloat16().float(),
        }
        path = os.path.join(tmp, "rt.safetensors")
        ints = torch.tensor([0, 1, -5, 2 ** 40, 299], dtype=torch.int64)
        write_safetensors(path, [(k, k, vals.reshape(10, 100)) for k in exact] + [("ids", "I64", ints)],
                          {"note": "x"})
        back, meta = read_safetensors(path)
        for k, want in exact.items():
            got = back[k][1].reshape(-1)
            expect(torch.equal(got, want), f"safetensors {k} round trip matches torch's {k} rounding")
        expect(torch.equal(back["ids"][1], ints) and back["ids"][0] == "I64", "safetensors I64 round trip")
        expect(meta == {"note": "x"}, "safetensors __metadata__ round trip")
        raw_f16 = encode_tensor(vals[:50], "F16")
        by_struct = torch.tensor(struct.unpack("<50e", raw_f16), dtype=torch.float32)
        expect(torch.equal(by_struct, _decode(raw_f16, "F16", [50], "x")), "F16 decode agrees with struct 'e'")
        bits = _float32_to_bf16_bits(vals)
        expect(torch.equal(bits, vals.bfloat16().view(torch.int16)), "BF16 encoder = torch's round-to-nearest-even")
        with open(path, "rb") as f:
            blob = f.read()
        with open(os.path.join(tmp, "trunc.safetensors"), "wb") as f:
            f.write(blob[:-3])
        try:
            read_safetensors(os.path.join(tmp, "trunc.safetensors"))
            expect(False, "truncated safetensors file refused")
        except FileError as e:
            expect("trunc.safetensors" in str(e), f"truncated safetensors file refused ({e})")

        # --- models, tie false and true
        for tie in (False, True):
            cfg = dict(TINY, tie_word_embeddings=tie)
            cfg_path = os.path.join(tmp, f"config_{tie}.json")
            with open(cfg_path, "w") as f:
                json.dump(cfg, f)
            mdir = os.path.join(tmp, f"model_{tie}")
            rc, out, err = run("make-model", "--config", cfg_path, "--out", mdir, "--seed", "7")
            expect(rc == 0, f"make-model tie={tie} (rc {rc}) {err.strip()}")
            c, w = load_model(mdir)
            names, _ = read_safetensors(os.path.join(mdir, "model.safetensors"))
            expect(("lm_head.weight" in names) != tie, f"tie={tie}: lm_head.weight present only when untied")
            ids = [3, 17, 299, 0, 42]
            with torch.no_grad():
                fast = forward(c, w, ids)
                slow = forward_loops(c, w, ids)
            diff = float((fast.double() - slow).abs().max())
            expect(diff < 1e-5, f"tie={tie}: vectorised float32 vs per-head loops float64, max diff {diff:.2e}")
            nll_a, nll_b = mean_nll(fast, ids), nll_loops(slow, ids)
            expect(abs(nll_a - nll_b) < 1e-5, f"tie={tie}: mean NLL {nll_a:.6f} vs loops {nll_b:.6f}")
            spread = float(fast.std())
            expect(spread > 1e-2, f"tie={tie}: logits are not degenerate (std {spread:.3g})")

            long_ids = torch.randint(0, c["vocab_size"], (40,), generator=torch.Generator().manual_seed(3))
            with torch.no_grad():
                full = forward(c, w, long_ids)
                prefix = forward(c, w, long_ids[:25])
            expect(float((full[:25] - prefix).abs().max()) < 1e-5, f"tie={tie}: causal (prefix logits unchanged)")
            changed = long_ids.clone()
            changed[30] = (changed[30] + 1) % c["vocab_size"]
            with torch.no_grad():
                alt = forward(c, w, changed)
            expect(float((alt[:30] - full[:30]).abs().max()) < 1e-5 and float((alt[30:] - full[30:]).abs().max()) > 1e-4,
                   f"tie={tie}: changing token 30 changes logits from position 30 on only")

            # grouped-query attention = full multi-head attention with each kv head's rows repeated
            c_mha = dict(c, num_key_value_heads=c["num_attention_heads"])
            w_mha = dict(w)
            g = c["num_attention_heads"] // c["num_key_value_heads"]
            hd = c["head_dim"]
            for i in range(c["num_hidden_layers"]):
                for m in ("k_proj", "v_proj"):
                    key = f"model.layers.{i}.self_attn.{m}.weight"
                    w_mha[key] = w[key].view(c["num_key_value_heads"], hd, -1).repeat_interleave(g, 0).reshape(-1, w[key].shape[1])
            with torch.no_grad():
                mha = forward(c_mha, w_mha, long_ids)
            expect(float((mha - full).abs().max()) < 1e-5, f"tie={tie}: GQA = MHA with repeated kv heads")

            # dtypes: the same seed written as F16/BF16 reads back as the F32 weights rounded
            for dt, conv in (("F16", torch.float16), ("BF16", torch.bfloat16)):
                ddir = os.path.join(tmp, f"model_{tie}_{dt}")
                rc, _, err = run("make-model", "--config", cfg_path, "--out", ddir, "--seed", "7", "--dtype", dt)
                _, wd = load_model(ddir)
                same = rc == 0 and all(torch.equal(wd[k], w[k].to(conv).float()) for k in w)
                expect(same, f"tie={tie}: make-model --dtype {dt} = F32 weights rounded to {dt}")

            # adapter: separate path vs merged (in forward_loops); it must change the logits
            adir = os.path.join(tmp, f"adapter_{tie}")
            rc, _, err = run("make-adapter", "--model", mdir, "--out", adir, "--r", "4", "--alpha", "32",
                             "--targets", "q_proj,v_proj,down_proj", "--seed", "11")
            expect(rc == 0, f"tie={tie}: make-adapter (rc {rc}) {err.strip()}")
            ad = load_adapter(adir, c, w)
            with torch.no_grad():
                fast_a = forward(c, w, ids, ad)
                slow_a = forward_loops(c, w, ids, ad)
            diff = float((fast_a.double() - slow_a).abs().max())
            expect(diff < 1e-5, f"tie={tie}: LoRA as separate path vs merged weights, max diff {diff:.2e}")
            effect = float((fast_a - fast).abs().max())
            expect(effect > 1e-3, f"tie={tie}: the adapter changes logits (max change {effect:.3g})")

            # check end to end with an OURS file built from the loop formulation
            def ours_file(name, logits, tokens, nll=None, meta_tokens=None):
                nll = nll_loops(logits, tokens) if nll is None else nll
                p = os.path.join(tmp, name)
                write_safetensors(p, [("tokens", "I64", torch.tensor(tokens)), ("logits", "F32", logits.float())],
                                  {"mean_nll": repr(nll), "perplexity": repr(math.exp(nll)),
                                   "tokens": str(len(tokens) if meta_tokens is None else meta_tokens)})
                return p

            good = ours_file("good.safetensors", slow, ids)
            rc, out, err = run("check", "--model", mdir, "--ours", good)
            expect(rc == 0 and json.loads(out)["ok"] is True, f"tie={tie}: check passes on matching logits: {out.strip()}")
            bumped = slow.clone()
            bumped[2, 5] += 1e-3
            p = ours_file("bumped.safetensors", bumped, ids, nll=nll_loops(slow, ids))
            rc, out, _ = run("check", "--model", mdir, "--ours", p)
            expect(rc == 1 and json.loads(out)["ok"] is False, f"tie={tie}: check fails on one logit + 1e-3: {out.strip()}")
            p = ours_file("nll.safetensors", slow, ids, nll=nll_loops(slow, ids) + 1e-3)
            rc, out, _ = run("check", "--model", mdir, "--ours", p)
            expect(rc == 1, f"tie={tie}: check fails on mean_nll + 1e-3 (rc {rc})")
            p = ours_file("count.safetensors", slow, ids, meta_tokens=len(ids) + 1)
            rc, out, _ = run("check", "--model", mdir, "--ours", p)
            expect(rc == 1, f"tie={tie}: check fails when metadata tokens disagrees (rc {rc})")
            good_a = ours_file("good_a.safetensors", slow_a, ids)
            rc, out, err = run("check", "--model", mdir, "--adapter", adir, "--ours", good_a)
            expect(rc == 0, f"tie={tie}: check with --adapter passes on merged-adapter logits: {out.strip()}")
            rc, out, _ = run("check", "--model", mdir, "--adapter", adir, "--ours", good)
            expect(rc == 1, f"tie={tie}: check with --adapter fails on base-model logits (rc {rc})")
            rc, out, _ = run("check", "--model", mdir, "--ours", good_a)
            expect(rc == 1, f"tie={tie}: check without --adapter fails on adapted logits (rc {rc})")

        # --- usage and file errors
        rc, _, err = run("check", "--model", os.path.join(tmp, "model_False"),
                         "--ours", os.path.join(tmp, "missing.safetensors"))
        expect(rc == 2 and "missing.safetensors" in err, f"missing OURS file: exit 2 naming it ({err.strip()})")
        rc, _, err = run("check", "--model", os.path.join(tmp, "nowhere"), "--ours", os.path.join(tmp, "good.safetensors"))
        expect(rc == 2 and "nowhere" in err, f"missing model dir: exit 2 naming it ({err.strip()})")
        rc, _, err = run("check", "--model", os.path.join(tmp, "model_False"))
        expect(rc == 2, f"missing --ours: usage error, exit 2")
        rc, _, err = run("check", "--model", os.path.join(tmp, "model_False"), "--ours",
                         os.path.join(tmp, "trunc.safetensors"))
        expect(rc == 2 and "trunc.safetensors" in err, f"corrupt OURS file: exit 2 naming it ({err.strip()})")

    print(json.dumps({"checks": count[0], "failures": len(failures), "ok": not failures}))
    return 0 if not failures else 1


# ---------------------------------------------------------------------------

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True)
    p = sub.add_parser("check", help="compare OURS.safetensors with the reference")
    p.add_argument("--model", required=True)
    p.add_argument("--adapter")
    p.add_argument("--ours", required=True)
    p.add_argument("--tol", type=float, default=1e-4)
    p = sub.add_parser("make-model", help="write a model with random weights")
    p.add_argument("--config", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--seed", type=int, required=True)
    p.add_argument("--dtype", choices=["F32", "F16", "BF16"], default="F32")
    p = sub.add_parser("make-adapter", help="write a PEFT LoRA adapter with random A and B")
    p.add_argument("--model", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--r", type=int, required=True)
    p.add_argument("--alpha", type=float, required=True)
    p.add_argument("--targets", default="q_proj,v_proj")
    p.add_argument("--seed", type=int, required=True)
    sub.add_parser("self-test", help="run the internal checks")
    args = ap.parse_args(argv)
    torch.set_grad_enabled(False)
    try:
        return {"check": cmd_check, "make-model": cmd_make_model, "make-adapter": cmd_make_adapter,
                "self-test": cmd_self_test}[args.command](args)
    except FileError as e:
        sys.stderr.write(f"llama_reference.py {args.command}: {e}\n")
        return 2


if __name__ == "__main__":
    sys.exit(main())
