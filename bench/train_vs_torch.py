#!/usr/bin/env python3
"""Training throughput of `sovereign-agent bench train` next to its PyTorch peer
(bench/train_peer.py), on the same config, batch, sequence length and threads.

  train_vs_torch.py --agent PATH/sovereign-agent [--config bench/llama-20m.json]
                    [--batch 8] [--seq 256] [--threads 2] [--repeats 3]
                    [--modes full,lora] [--lora-r 8] [--steps 5] [--warmup W]
                    [--python PY]

For each mode the two alternate (ours, peer, ours, peer, ...) `repeats` times so
that drifting machine load hits both alike. Prints a line per run, then per
mode the median and spread (min-max) of tokens/s of each and the ratio of the
medians ours/peer, and finally one JSON summary line. A child that fails stops
the comparison with its command, exit status and stderr (exit 1).

The peer needs an interpreter that can import torch: --python, else this one
if it can, else /usr/bin/python3 (Debian's python3-torch).
"""
import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def torch_python(explicit):
    if explicit:
        return explicit
    try:
        import torch  # noqa: F401
        return sys.executable
    except ImportError:
        return "/usr/bin/python3"


def run_child(cmd, label):
    try:
        p = subprocess.run(cmd, capture_output=True, text=True)
    except OSError as e:
        sys.exit(f"train_vs_torch.py: {label}: cannot run {shlex.join(cmd)}: {e}")
    result = None
    for line in reversed(p.stdout.splitlines()):
        line = line.strip()
        if line.startswith("{"):
            try:
                result = json.loads(line)
                break
            except ValueError:
                pass
    if p.returncode != 0 or result is None or "tokens_per_s" not in result:
        why = f"exit status {p.returncode}" if p.returncode != 0 else "no JSON line with tokens_per_s on stdout"
        sys.stderr.write(f"train_vs_torch.py: {label} failed ({why})\n  command: {shlex.join(cmd)}\n")
        if p.stderr.strip():
            sys.stderr.write("  stderr:\n" + "".join("    " + l + "\n" for l in p.stderr.strip().splitlines()[-40:]))
        if p.stdout.strip():
            sys.stderr.write("  stdout:\n" + "".join("    " + l + "\n" for l in p.stdout.strip().splitlines()[-20:]))
        sys.exit(1)
    return result


def spread(values):
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "runs": values}


def main():
    ap = argparse.ArgumentParser(description="sovereign-agent bench train vs the PyTorch peer")
    ap.add_argument("--agent", required=True, help="path to sovereign-agent")
    ap.add_argument("--config", default=os.path.join(HERE, "llama-20m.json"))
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--seq", type=int, default=256)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--modes", default="full,lora")
    ap.add_argument("--lora-r", type=int, default=8)
    ap.add_argument("--steps", type=int, default=5)
    ap.add_argument("--warmup", type=int, help="warm-up steps (default: each side's own, 2)")
    ap.add_argument("--python", help="interpreter for the peer (must import torch)")
    args = ap.parse_args()

    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    for m in modes:
        if m not in ("full", "lora"):
            ap.error(f"--modes: {m!r} is neither full nor lora")
    if not modes:
        ap.error("--modes is empty")
    if args.repeats < 1:
        ap.error("--repeats must be at least 1")
    if not (os.path.isfile(args.agent) and os.access(args.agent, os.X_OK)):
        ap.error(f"--agent {args.agent}: not an executable file")
    if not os.path.isfile(args.config):
        ap.error(f"--config {args.config}: no such file")
    python = torch_python(args.python)
    peer = os.path.join(HERE, "train_peer.py")

    common = ["--config", args.config, "--batch", str(args.batch), "--seq", str(args.seq),
              "--threads", str(args.threads), "--steps", str(args.steps)]
    if args.warmup is not None:
        common += ["--warmup", str(args.warmup)]

    summary = {"config": args.config, "batch": args.batch, "seq": args.seq, "threads": args.threads,
               "steps": args.steps, "repeats": args.repeats, "modes": {}}
    print(f"# {os.path.basename(args.config)}  batch {args.batch}  seq {args.seq}  threads {args.threads}  "
          f"steps {args.steps}  repeats {args.repeats}  peer: {python}", flush=True)
    for mode in modes:
        extra = ["--lora", str(args.lora_r)] if mode == "lora" else []
        got = {"ours": [], "peer": []}
        info = {}
        for i in range(args.repeats):
            for side, cmd in (("ours", [args.agent, "bench", "train", *common, *extra]),
                              ("peer", [python, peer, *common, *extra])):
                r = run_child(cmd, f"{mode} run {i + 1} {side}")
                if r.get("mode") not in (None, mode):
                    sys.exit(f"train_vs_torch.py: {side} reported mode {r.get('mode')!r} for a {mode} run")
                got[side].append(float(r["tokens_per_s"]))
                info[side] = {k: r.get(k) for k in ("params", "trainable_params")}
                print(f"{mode:4s}  run {i + 1}  {side}  {float(r['tokens_per_s']):10.1f} tokens/s  "
                      f"({r.get('steps')} steps in {float(r.get('seconds', 0)):.2f} s; params {r.get('params')}, "
                      f"trainable {r.get('trainable_params')})", flush=True)
        ours, peer_s = spread(got["ours"]), spread(got["peer"])
        ratio = ours["median"] / peer_s["median"] if peer_s["median"] > 0 else None
        summary["modes"][mode] = {"ours": ours, "peer": peer_s, "ratio": ratio,
                                  "params": info["ours"], "peer_params": info["peer"]}
        if info["ours"] != info["peer"]:
            print(f"{mode:4s}  note: parameter counts differ: ours {info['ours']}, peer {info['peer']}")
        print(f"{mode:4s}  ours {ours['median']:10.1f} tokens/s (median; {ours['min']:.1f}-{ours['max']:.1f})   "
              f"peer {peer_s['median']:10.1f} tokens/s (median; {peer_s['min']:.1f}-{peer_s['max']:.1f})   "
              + (f"ours/peer {ratio:.3f}" if ratio is not None else "ours/peer n/a"), flush=True)
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
