#!/usr/bin/env python3
"""PyTorch peer of `sovereign-agent bench train`: the same training step in
plain PyTorch, to compare throughput with.

  train_peer.py --config config.json --batch B --seq T --threads N
                [--lora R] [--steps S] [--warmup W]

The model is a Hugging Face Llama (LlamaForCausalLM) built from config.json as
an nn.Module: float32, nn.Linear without bias, weights N(0, 0.02), RMSNorm
weights 1, rotary embeddings (rotate-half), grouped-query attention written
out (matmul, masked_fill(-inf) with a precomputed causal mask, softmax,
matmul; torch 1.13 has no scaled_dot_product_attention), SwiGLU MLP.

One step: random tokens [B, T+1] (inputs [:, :T], targets [:, 1:]), mean
cross entropy, backward, clip_grad_norm_(trainable, 1.0), AdamW (lr 1e-4,
betas (0.9, 0.999), eps 1e-8, weight decay 0.01), zero_grad(set_to_none).
--lora R: the base frozen; LoRA on q_proj and v_proj of every layer, A
Kaiming-uniform (a = sqrt(5), as PEFT), B zeros, alpha = 2R, no dropout;
only A and B train. The first W steps are warm-up and not timed.

Prints one JSON line: {"mode", "tokens_per_s", "steps", "seconds", "threads",
"params", "trainable_params"}; tokens_per_s = B*T*steps/seconds. "params"
counts the base model (tied embeddings once, LoRA not included);
"trainable_params" what the optimiser updates.
Run it with an interpreter that has torch (on Debian: /usr/bin/python3).
"""
import argparse
import json
import math
import sys
import time

try:
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
except ImportError:  # pragma: no cover - depends on the interpreter
    sys.stderr.write(f"train_peer.py: this interpreter cannot import torch ({sys.executable}); "
                     "on Debian run it with /usr/bin/python3\n")
    sys.exit(2)


def load_config(path):
    try:
        with open(path, encoding="utf-8") as f:
            raw = json.load(f)
    except OSError as e:
        raise SystemExit(f"train_peer.py: {path}: cannot read: {e.strerror or e}")
    except ValueError as e:
        raise SystemExit(f"train_peer.py: {path}: not valid JSON: {e}")

    def get(key, default=None):
        if raw.get(key) is None:
            if default is None:
                raise SystemExit(f"train_peer.py: {path}: missing \"{key}\"")
            return default
        return raw[key]

    c = {
        "hidden_size": int(get("hidden_size")),
        "intermediate_size": int(get("intermediate_size")),
        "num_hidden_layers": int(get("num_hidden_layers")),
        "num_attention_heads": int(get("num_attention_heads")),
        "vocab_size": int(get("vocab_size")),
        "rms_norm_eps": float(get("rms_norm_eps", 1e-6)),
        "rope_theta": float(get("rope_theta", 10000.0)),
        "max_position_embeddings": int(get("max_position_embeddings", 2048)),
        "tie_word_embeddings": bool(get("tie_word_embeddings", False)),
    }
    c["num_key_value_heads"] = int(get("num_key_value_heads", c["num_attention_heads"]))
    if c["hidden_size"] % c["num_attention_heads"] or c["num_attention_heads"] % c["num_key_value_heads"]:
        raise SystemExit(f"train_peer.py: {path}: heads must divide hidden_size and kv heads must divide heads")
    c["head_dim"] = c["hidden_size"] // c["num_attention_heads"]
    return c


class RMSNorm(nn.Module):
    def __init__(self, dim, eps):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(dim))
        self.eps = eps

    def forward(self, x):
        return self.weight * (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps))


class LoRALinear(nn.Module):
    """y = base(x) + (alpha / r) * B(A(x)); base frozen, A Kaiming-uniform, B zeros."""

    def __init__(self, base, r, alpha):
        super().__init__()
        self.base = base
        self.lora_A = nn.Parameter(torch.empty(r, base.in_features))
        self.lora_B = nn.Parameter(torch.zeros(base.out_features, r))
        nn.init.kaiming_uniform_(self.lora_A, a=math.sqrt(5))
        self.scale = alpha / r

    def forward(self, x):
        return self.base(x) + ((x @ self.lora_A.t()) @ self.lora_B.t()) * self.scale


class Attention(nn.Module):
    def __init__(self, c):
        super().__init__()
        h, hd = c["hidden_size"], c["head_dim"]
        self.heads, self.kv_heads, self.head_dim = c["num_attention_heads"], c["num_key_value_heads"], hd
        self.q_proj = nn.Linear(h, self.heads * hd, bias=False)
        self.k_proj = nn.Linear(h, self.kv_heads * hd, bias=False)
        self.v_proj = nn.Linear(h, self.kv_heads * hd, bias=False)
        self.o_proj = nn.Linear(self.heads * hd, h, bias=False)

    @staticmethod
    def rotate(x, cos, sin):
        half = x.shape[-1] // 2
        return x * cos + torch.cat([-x[..., half:], x[..., :half]], dim=-1) * sin

    def forward(self, x, cos, sin, mask):
        b, t, _ = x.shape
        hd, group = self.head_dim, self.heads // self.kv_heads
        q = self.q_proj(x).view(b, t, self.heads, hd).transpose(1, 2)
        k = self.k_proj(x).view(b, t, self.kv_heads, hd).transpose(1, 2)
        v = self.v_proj(x).view(b, t, self.kv_heads, hd).transpose(1, 2)
        q, k = self.rotate(q, cos, sin), self.rotate(k, cos, sin)
        if group > 1:  # kv head j serves query heads j*group .. j*group+group-1
            k = k[:, :, None].expand(b, self.kv_heads, group, t, hd).reshape(b, self.heads, t, hd)
            v = v[:, :, None].expand(b, self.kv_heads, group, t, hd).reshape(b, self.heads, t, hd)
        scores = torch.matmul(q, k.transpose(-2, -1)) * (1.0 / math.sqrt(hd))
        scores = scores.masked_fill(mask, float("-inf"))
        out = torch.matmul(torch.softmax(scores, dim=-1), v)
        return self.o_proj(out.transpose(1, 2).reshape(b, t, self.heads * hd))


class MLP(nn.Module):
    def __init__(self, c):
        super().__init__()
        h, inter = c["hidden_size"], c["intermediate_size"]
        self.gate_proj = nn.Linear(h, inter, bias=False)
        self.up_proj = nn.Linear(h, inter, bias=False)
        self.down_proj = nn.Linear(inter, h, bias=False)

    def forward(self, x):
        return self.down_proj(F.silu(self.gate_proj(x)) * self.up_proj(x))


class Block(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.input_layernorm = RMSNorm(c["hidden_size"], c["rms_norm_eps"])
        self.self_attn = Attention(c)
        self.post_attention_layernorm = RMSNorm(c["hidden_size"], c["rms_norm_eps"])
        self.mlp = MLP(c)

    def forward(self, x, cos, sin, mask):
        h = x + self.self_attn(self.input_layernorm(x), cos, sin, mask)
        return h + self.mlp(self.post_attention_layernorm(h))


class Llama(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.c = c
        self.embed_tokens = nn.Embedding(c["vocab_size"], c["hidden_size"])
        self.layers = nn.ModuleList(Block(c) for _ in range(c["num_hidden_layers"]))
        self.norm = RMSNorm(c["hidden_size"], c["rms_norm_eps"])
        self.lm_head = nn.Linear(c["hidden_size"], c["vocab_size"], bias=False)
        for m in self.modules():
            if isinstance(m, (nn.Linear, nn.Embedding)):
                nn.init.normal_(m.weight, mean=0.0, std=0.02)
        if c["tie_word_embeddings"]:
            self.lm_head.weight = self.embed_tokens.weight

    def add_lora(self, r, alpha, targets=("q_proj", "v_proj")):
        for p in self.parameters():
            p.requires_grad_(False)
        for layer in self.layers:
            for name in targets:
                setattr(layer.self_attn, name, LoRALinear(getattr(layer.self_attn, name), r, alpha))

    def rotary(self, t):
        hd = self.c["head_dim"]
        inv = 1.0 / (self.c["rope_theta"] ** (torch.arange(0, hd, 2, dtype=torch.float64) / hd))
        angles = torch.outer(torch.arange(t, dtype=torch.float64), inv)
        emb = torch.cat([angles, angles], dim=-1)
        return emb.cos().float(), emb.sin().float()

    def forward(self, ids, cos, sin, mask):
        x = self.embed_tokens(ids)
        for layer in self.layers:
            x = layer(x, cos, sin, mask)
        return self.lm_head(self.norm(x))


def count(params):
    seen, total = set(), 0
    for p in params:
        if id(p) not in seen:
            seen.add(id(p))
            total += p.numel()
    return total


def main():
    ap = argparse.ArgumentParser(description="PyTorch peer of `sovereign-agent bench train`")
    ap.add_argument("--config", required=True)
    ap.add_argument("--batch", type=int, required=True)
    ap.add_argument("--seq", type=int, required=True)
    ap.add_argument("--threads", type=int, required=True)
    ap.add_argument("--lora", type=int, default=0, metavar="R", help="LoRA rank (0: full training)")
    ap.add_argument("--steps", type=int, default=5)
    ap.add_argument("--warmup", type=int, default=2)
    args = ap.parse_args()
    for key, low in (("batch", 1), ("seq", 1), ("threads", 1), ("steps", 1), ("warmup", 0), ("lora", 0)):
        if getattr(args, key) < low:
            ap.error(f"--{key} must be at least {low}")
    c = load_config(args.config)
    if args.seq > c["max_position_embeddings"]:
        ap.error(f"--seq {args.seq} exceeds max_position_embeddings {c['max_position_embeddings']}")

    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    model = Llama(c)
    params = count(model.parameters())
    if args.lora:
        model.add_lora(args.lora, 2 * args.lora)
    trainable = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(trainable, lr=1e-4, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01)
    model.train()

    b, t = args.batch, args.seq
    cos, sin = model.rotary(t)
    mask = torch.ones(t, t, dtype=torch.bool).triu(1)
    batches = [torch.randint(0, c["vocab_size"], (b, t + 1)) for _ in range(args.warmup + args.steps)]

    def step(tokens):
        inputs, targets = tokens[:, :t], tokens[:, 1:]
        logits = model(inputs, cos, sin, mask)
        loss = F.cross_entropy(logits.reshape(-1, c["vocab_size"]), targets.reshape(-1))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(trainable, 1.0)
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        return loss

    for i in range(args.warmup):
        step(batches[i])
    start = time.perf_counter()
    for i in range(args.warmup, args.warmup + args.steps):
        loss = step(batches[i])
    seconds = time.perf_counter() - start
    if not math.isfinite(float(loss)):
        sys.stderr.write(f"train_peer.py: loss is {float(loss)}\n")
        return 1
    print(json.dumps({
        "mode": "lora" if args.lora else "full",
        "tokens_per_s": b * t * args.steps / seconds,
        "steps": args.steps,
        "seconds": seconds,
        "threads": args.threads,
        "params": params,
        "trainable_params": count(trainable),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
