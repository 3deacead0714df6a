#!/usr/bin/env python3
"""sovereign-agent's generation speed beside llama.cpp's, on the same GGUF files.

    bench/generate_vs_llamacpp.py LLAMA_CPP_CHECKOUT [--threads 1,2] [--types q4_0,q8_0,f32]
                                  [--rounds 3] [-p 128] [-n 128] [-r 5] [--json OUT]

LLAMA_CPP_CHECKOUT is a llama.cpp source tree you cloned yourself (never copied
into this project); its llama-bench is built there (CPU only) when missing.
The model is a random-weight Llama of about 300M parameters (hidden 1024, 24
layers, 16 heads, 4 KV heads, intermediate 2816, vocabulary 32000), written
once per precision by `sovereign-agent model random`, and both engines read
that same file. Each round runs `llama-bench -p P -n N -r R -t T` and then
`sovereign-agent bench generate -p P -n N -r R --threads T`, close in time;
rounds alternate so both see the same noise. Reported per test: the median
tokens/s of each engine over the rounds, the median ratio ours / llama.cpp and
its spread (min..max), and for generation the share of the machine's read
bandwidth (measured by the agent at the same thread count) the weights stream
at.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

CONFIG = {
    "architectures": ["LlamaForCausalLM"], "model_type": "llama",
    "hidden_size": 1024, "intermediate_size": 2816, "num_hidden_layers": 24,
    "num_attention_heads": 16, "num_key_value_heads": 4, "rms_norm_eps": 1e-5,
    "rope_theta": 10000.0, "vocab_size": 32000, "max_position_embeddings": 2048,
    "tie_word_embeddings": False, "hidden_act": "silu", "torch_dtype": "float32",
}


def run(cmd, **kw):
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        sys.exit(f"generate_vs_llamacpp: {' '.join(cmd)} failed ({r.returncode}):\n{r.stderr[-2000:]}")
    return r.stdout


def llama_bench(checkout):
    exe = os.path.join(checkout, "build", "bin", "llama-bench")
    if os.path.exists(exe):
        return exe
    print(f"building llama-bench in {checkout}/build (CPU only) ...", file=sys.stderr)
    run(["cmake", "-S", checkout, "-B", os.path.join(checkout, "build"), "-G", "Ninja",
         "-DCMAKE_BUILD_TYPE=Release", "-DGGML_NATIVE=ON", "-DLLAMA_CURL=OFF",
         "-DLLAMA_BUILD_TESTS=OFF", "-DLLAMA_BUILD_SERVER=OFF"])
    run(["cmake", "--build", os.path.join(checkout, "build"), "--target", "llama-bench"])
    return exe


def ours_once(agent, model, threads, p, n, r):
    out = {}
    for line in run([agent, "bench", "generate", "--model", model, "--threads", str(threads),
                     "-p", str(p), "-n", str(n), "-r", str(r)]).splitlines():
        d = json.loads(line)
        out[d["test"]] = d
    return out


def theirs_once(exe, model, threads, p, n, r):
    out = {}
    for line in run([exe, "-m", model, "-t", str(threads), "-p", str(p), "-n", str(n),
                     "-r", str(r), "-o", "jsonl"]).splitlines():
        if not line.startswith("{"):
            continue
        d = json.loads(line)
        name = f"pp{d['n_prompt']}" if d["n_prompt"] else f"tg{d['n_gen']}"
        out[name] = d
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("checkout")
    ap.add_argument("--agent", default=os.path.join(ROOT, "build", "app", "agent", "sovereign-agent"))
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--types", default="q4_0,q8_0,f32")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("-p", type=int, default=128)
    ap.add_argument("-n", type=int, default=128)
    ap.add_argument("-r", type=int, default=5)
    ap.add_argument("--workdir", default=os.path.join(tempfile.gettempdir(), "sovereign-generate-bench"))
    ap.add_argument("--json", help="write the results here too")
    a = ap.parse_args()
    exe = llama_bench(a.checkout)
    commit = subprocess.run(["git", "-C", a.checkout, "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip() or "unknown"
    os.makedirs(a.workdir, exist_ok=True)
    config = os.path.join(a.workdir, "config.json")
    with open(config, "w") as f:
        json.dump(CONFIG, f)
    results = []
    for t in a.types.split(","):
        model = os.path.join(a.workdir, f"random-{t}.gguf")
        if not os.path.exists(model):
            run([a.agent, "model", "random", "--config", config, "--out", model, "--type", t, "--seed", "1"])
        for threads in [int(x) for x in a.threads.split(",")]:
            rows = {}
            for _ in range(a.rounds):
                theirs = theirs_once(exe, model, threads, a.p, a.n, a.r)
                ours = ours_once(a.agent, model, threads, a.p, a.n, a.r)
                for test in (f"pp{a.p}", f"tg{a.n}"):
                    if test in ours and test in theirs:
                        rows.setdefault(test, []).append(
                            (ours[test]["tokens_per_s"], theirs[test]["avg_ts"],
                             ours["read_bandwidth"]["gb_per_s"], ours[test]["bytes_per_token"]))
            for test, samples in rows.items():
                ratios = [o / l for o, l, _, _ in samples]
                ours_ts = statistics.median(o for o, _, _, _ in samples)
                theirs_ts = statistics.median(l for _, l, _, _ in samples)
                bandwidth = statistics.median(b for _, _, b, _ in samples)
                bytes_per_token = samples[0][3]
                row = {"type": t, "threads": threads, "test": test,
                       "ours_tokens_per_s": ours_ts, "llamacpp_tokens_per_s": theirs_ts,
                       "ratio_median": statistics.median(ratios), "ratio_min": min(ratios),
                       "ratio_max": max(ratios), "rounds": len(samples),
                       "bytes_per_token": bytes_per_token, "read_gb_per_s": bandwidth}
                if test.startswith("tg"):
                    row["ours_bandwidth_share"] = ours_ts * bytes_per_token / 1e9 / bandwidth
                    row["llamacpp_bandwidth_share"] = theirs_ts * bytes_per_token / 1e9 / bandwidth
                results.append(row)
                print(json.dumps(row), flush=True)
    print(f"\nllama.cpp {commit}; model: random Llama, "
          f"{CONFIG['hidden_size']} hidden, {CONFIG['num_hidden_layers']} layers; "
          f"{a.rounds} rounds of -r {a.r}\n")
    print(f"{'type':6} {'thr':>3} {'test':6} {'ours t/s':>9} {'llama t/s':>9} {'ratio':>6} {'spread':>13} {'bw share':>13}")
    for r in results:
        share = (f"{r['ours_bandwidth_share']:.0%} / {r['llamacpp_bandwidth_share']:.0%}"
                 if "ours_bandwidth_share" in r else "")
        print(f"{r['type']:6} {r['threads']:>3} {r['test']:6} {r['ours_tokens_per_s']:9.1f} "
              f"{r['llamacpp_tokens_per_s']:9.1f} {r['ratio_median']:6.2f} "
              f"{r['ratio_min']:5.2f}..{r['ratio_max']:<5.2f} {share:>13}")
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"llamacpp_commit": commit, "config": CONFIG, "results": results}, f, indent=1)


if __name__ == "__main__":
    main()
