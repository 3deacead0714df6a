#!/usr/bin/env python3
"""A seeded mutation fuzzer for `sovereign plan`.

It mutates the bundled scenarios (edge values, extreme and plausible numbers,
missing, repeated and unknown keys, broken structure, empty files, ranges,
KPI targets), runs `sovereign plan FILE --json -` on each case (some with a
Monte Carlo), and checks what the planner promises (docs/methodology.md):

  - no abort, no signal, no hang (each run has a time limit);
  - exit 0: stdout is one JSON document and nothing else; no null, NaN or
    infinity in it; shares within [0, 1]; no "-0"; a feasible strategy has
    no unmet demand and no sensitive hour abroad beyond the tolerance; the
    optimal plan's NPV is never above a feasible heuristic's;
  - exit 1: the message names the file, and a refused input its line and
    column ("sovereign: FILE:LINE:COLUMN: ...");
  - no other exit code.

Usage: fuzz_planner.py SOVEREIGN_BINARY SOURCE_DIR [--cases N] [--seed S] [--jobs J]
Prints each finding with the case's YAML kept under --keep DIR, then
"fuzz: N passed, M failed" and exits 1 when anything failed.
"""
import argparse
import concurrent.futures
import json
import math
import os
import random
import re
import subprocess
import sys
import tempfile

HOURS_TOLERANCE = 0.01  # planner/tolerances.h: kHoursTolerance
NPV_SLACK_USD = 1.0  # the optimal plan may tie a heuristic within rounding

# Values a user might type by mistake, or that sit on an edge.
EDGE_NUMBERS = [
    "0", "-0", "-0.0", "1", "-1", "0.5", "1.0e-32", "1e-9", "2e-5", "0.009", "0.011",
    "1.0e30", "1.0e308", "2.5e26", "3e100", "-1e30", ".nan", ".inf", "-.inf",
    "1e6", "1e7", "1e11", "1e17", "100", "1000", "0.999999", "1.000001", "lots", "", "[]",
    "{}", "null", "true", "0x10", "1_000",
]
NUMERIC_KEYS = [
    "discount_rate", "utilization", "idle_power_fraction", "maintenance_rate",
    "staff_per_100_gpus", "staff_cost_usd", "hybrid_base_fraction", "grid_cap_mw",
    "capex_budget_usd", "pue", "electricity_usd_per_kwh", "carbon_kg_per_kwh",
    "server_overhead", "host_power_overhead", "gpus_per_node", "lifetime_years", "years",
    "start_year",
]
NESTED_KEYS = {
    "accelerator_overrides": ["price_usd", "tdp_w", "h100_equiv"],
    "cloud": ["usd_per_gpu_hour", "h100_equiv", "egress_usd_per_tb",
              "egress_tb_per_1000_gpu_hours"],
}
WORKLOAD_KEYS = ["gpu_hours", "runs_per_year", "gpu_hours_per_run", "tokens_per_month",
                 "tokens_per_gpu_second", "edge_cpu_share"]
# Plausible ranges (planner/scenario.cpp, docs/methodology.md): values drawn
# inside them, edges included, must always plan.
PLAUSIBLE = {
    "discount_rate": (0, 0.5), "price_usd": (0, 1e7), "tdp_w": (1, 1e4),
    "h100_equiv": (1e-3, 100), "server_overhead": (0, 10), "utilization": (0, 1),
    "idle_power_fraction": (0, 1), "host_power_overhead": (0, 10), "pue": (1, 4),
    "electricity_usd_per_kwh": (0, 5), "carbon_kg_per_kwh": (0, 2), "grid_cap_mw": (0, 1e5),
    "maintenance_rate": (0, 1), "staff_per_100_gpus": (0, 100), "staff_cost_usd": (0, 1e7),
    "capex_budget_usd": (0, 1e13), "hybrid_base_fraction": (0, 1),
    "usd_per_gpu_hour": (0, 1000), "egress_usd_per_tb": (0, 1e4),
    "egress_tb_per_1000_gpu_hours": (0, 1e4), "runs_per_year": (0, 1e6),
    "gpu_hours_per_run": (0, 1e9), "tokens_per_month": (0, 1e17),
    "tokens_per_gpu_second": (1e-3, 1e7), "edge_cpu_share": (0, 1), "gpu_hours": (0, 1e11),
}


def plausible_value(rng, key):
    lo, hi = PLAUSIBLE[key]
    pick = rng.random()
    if pick < 0.15:
        return lo
    if pick < 0.3:
        return hi
    if lo > 0 and hi / lo > 1e3 or lo == 0 and hi > 1e3:
        return 10 ** rng.uniform(math.log10(max(lo, 1e-6)), math.log10(hi))
    return rng.uniform(lo, hi)


NEGATIVE_ZERO = re.compile(r'(?<![\d.eE])-0(?:\.0*)?(?![\d.eE])')
REFUSAL = re.compile(r"^sovereign: [^\n]+?:\d+:\d+: ", re.M)
NAMED = re.compile(r"^sovereign: [^\n:]+\.yaml", re.M)


def scalar_lines(text):
    """Line numbers holding `key: number` (top level or nested)."""
    out = []
    for i, line in enumerate(text.split("\n")):
        m = re.match(r"^(\s*-?\s*)([a-z_0-9]+):\s*([-+0-9.][^#\n]*)$", line)
        if m:
            out.append(i)
    return out


def mutate(rng, text, depth=0):
    """One mutation of a scenario's text; returns (text, description)."""
    lines = text.split("\n")
    kind = rng.choice(["edge", "edge", "plausible", "plausible", "plausible", "plausible",
                       "list", "remove", "duplicate", "unknown", "structure", "empty",
                       "workload", "workload", "sovereign", "uncertainty", "kpi", "years",
                       "multi", "multi"])
    numeric = scalar_lines(text)
    if kind == "edge" and numeric:
        i = rng.choice(numeric)
        key = lines[i].split(":")[0]
        value = rng.choice(EDGE_NUMBERS)
        lines[i] = key + ": " + value
        return "\n".join(lines), f"line {i + 1}: {key.strip()} = {value}"
    plausible = [i for i in numeric
                 if lines[i].split(":")[0].strip().lstrip("- ") in PLAUSIBLE]
    if kind == "plausible" and plausible:
        i = rng.choice(plausible)
        key = lines[i].split(":")[0]
        name = key.strip().lstrip("- ")
        years = re.search(r"\nyears: (\d+)", text)
        if rng.random() < 0.3 and years:
            value = "[" + ", ".join(repr(plausible_value(rng, name))
                                    for _ in range(int(years.group(1)))) + "]"
        else:
            value = repr(plausible_value(rng, name))
        lines[i] = key + ": " + value
        return "\n".join(lines), f"line {i + 1}: {name} = {value}"
    if kind == "list" and numeric:
        i = rng.choice(numeric)
        key = lines[i].split(":")[0]
        n = rng.choice([1, 2, 3, 5, 7, 30])
        values = [rng.choice(EDGE_NUMBERS[:20] + ["0.3", "7", "250"]) for _ in range(n)]
        lines[i] = key + ": [" + ", ".join(values) + "]"
        return "\n".join(lines), f"line {i + 1}: {key.strip()} = list {values}"
    if kind == "remove":
        i = rng.randrange(len(lines))
        removed = lines.pop(i)
        return "\n".join(lines), f"removed line {i + 1}: {removed.strip()}"
    if kind == "duplicate":
        i = rng.randrange(len(lines))
        lines.insert(i + 1, lines[i])
        return "\n".join(lines), f"repeated line {i + 1}: {lines[i].strip()}"
    if kind == "unknown":
        i = rng.randrange(len(lines))
        indent = re.match(r"^\s*", lines[i]).group(0)
        lines.insert(i, indent + "no_such_key: 1")
        return "\n".join(lines), f"unknown key before line {i + 1}"
    if kind == "structure":
        i = rng.randrange(len(lines))
        junk = rng.choice(["  - x", "[", "]", "{a: 1", "key without colon", "\t\ttab: 1",
                           "- - -", "&a b", "*undefined", "? complex", "---", "...",
                           "name: &x\n  - 1"])
        lines.insert(i, junk)
        return "\n".join(lines), f"inserted {junk!r} at line {i + 1}"
    if kind == "empty":
        choice = rng.choice(["", "# only a comment\n", "\n\n", "---\n", "null\n", "[]\n", "42\n"])
        return choice, f"whole file {choice!r}"
    if kind == "workload":
        op = rng.choice(["noname", "nokind", "badkind", "add", "sensitive", "huge", "tiny"])
        if op == "noname":
            return re.sub(r"\n(\s*)- name: [^\n]+", r"\n\1- kind: training\n\1  gpu_hours: 5",
                          text, count=1), "workload without name"
        if op == "nokind":
            return re.sub(r"\n(\s*)kind: [a-z]+", "", text, count=1), "workload without kind"
        if op == "badkind":
            return re.sub(r"kind: [a-z]+", "kind: quantum", text, count=1), "workload kind quantum"
        if op == "sensitive":
            return text.replace("sensitive: false", "sensitive: true"), "every workload sensitive"
        hours = {"add": repr(10 ** rng.uniform(-3, 10)), "huge": "1.0e11", "tiny": "2e-5"}[op]
        extra = (f"\n  - name: fz{rng.randrange(10 ** 6)}\n    kind: training\n"
                 f"    gpu_hours: {hours}\n    sensitive: {rng.choice(['true', 'false'])}")
        return re.sub(r"(\nworkloads:)", r"\1" + extra.replace("\\", "\\\\"), text, count=1), \
            f"workload {op} gpu_hours {hours}"
    if kind == "sovereign":
        flipped = text.replace("sovereign: false", "sovereign: TMP").replace(
            "sovereign: true", "sovereign: false").replace("sovereign: TMP", "sovereign: true")
        return flipped, "cloud sovereignty flipped"
    if kind == "uncertainty" and numeric:
        key = rng.choice(["utilization", "pue", "electricity_usd_per_kwh", "discount_rate",
                          "cloud.usd_per_gpu_hour", "maintenance_rate"])
        low, high = sorted([rng.choice(EDGE_NUMBERS[:24]), rng.choice(EDGE_NUMBERS[:24])])
        block = rng.choice([f"  {key}: {{low: {low}, high: {high}}}",
                            f"  {key}: {{distribution: normal, sd: {high}}}"])
        if "\nuncertainty:" in text:
            return text.replace("\nuncertainty:", "\nuncertainty:\n" + block, 1), \
                "uncertainty " + block.strip()
        return text + "\nuncertainty:\n" + block + "\n", "uncertainty " + block.strip()
    if kind == "kpi":
        metric = rng.choice(["owned_gpus", "cost_per_million_tokens_usd",
                             "kwh_per_million_tokens", "sovereign_share", "co2_t", "nope"])
        target = rng.choice(["1", "0", "null", "[1, 2]", "1e308", "-5", "[null, 3, null, 4, 5]"])
        block = (f"\nkpis:\n  - metric: {metric}\n    direction: "
                 f"{rng.choice(['at_least', 'at_most'])}\n    target: {target}\n")
        if "\nkpis:" in text:
            return text, "kpi (scenario has kpis already)"
        return text + block, f"kpi {metric} target {target}"
    if kind == "years":
        years = rng.choice(["1", "2", "5", "30", "31", "0"])
        out = re.sub(r"\nyears: \d+", "\nyears: " + years, text)
        return out, f"years {years}"
    if kind != "multi" or depth > 0:
        return text, "unchanged"
    # several mutations at once
    desc = []
    for _ in range(rng.randint(2, 4)):
        text, d = mutate(rng, text, depth + 1)
        desc.append(d)
    return text, "; ".join(desc)


def walk(value, path, problems):
    if value is None:
        problems.append(f"null at {path}")
    elif isinstance(value, float) and not math.isfinite(value):
        problems.append(f"{value} at {path}")
    elif isinstance(value, dict):
        for k, v in value.items():
            walk(v, f"{path}.{k}", problems)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            walk(v, f"{path}[{i}]", problems)


def judge_plan(out):
    problems = []
    try:
        doc = json.loads(out, parse_constant=lambda c: float(c.replace("Infinity", "inf")))
    except json.JSONDecodeError as e:
        return [f"stdout is not one JSON document: {e}; starts {out[:120]!r}"]
    if NEGATIVE_ZERO.search(out):
        problems.append("a -0 in the JSON")
    walk(doc, "$", problems)
    strategies = doc.get("strategies", {})
    for name, st in strategies.items():
        for y in st.get("years", []):
            share = y.get("sovereign_share")
            if isinstance(share, (int, float)) and not (0 <= share <= 1):
                problems.append(f"{name} {y.get('year')}: sovereign_share {share}")
            if st.get("feasible"):
                for key in ("unmet_h100_hours", "sensitive_foreign_cloud_h100_hours"):
                    v = y.get(key)
                    if isinstance(v, (int, float)) and v > HOURS_TOLERANCE:
                        problems.append(f"{name} feasible with {key} {v} in {y.get('year')}")
    opt = strategies.get("optimal")
    if opt and opt.get("feasible"):
        for name in ("own", "lease", "hybrid"):
            h = strategies.get(name)
            if h and h.get("feasible") and opt["npv_usd"] > h["npv_usd"] + max(
                    NPV_SLACK_USD, 1e-9 * abs(h["npv_usd"])):
                problems.append(f"optimal NPV {opt['npv_usd']} above feasible {name} "
                                f"{h['npv_usd']}")
    return problems


def run_case(binary, workdir, index, text, desc, monte_carlo, timeout):
    path = os.path.join(workdir, f"case{index}.yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    args = [binary, "plan", path, "--json", "-"]
    if monte_carlo:
        args += ["--monte-carlo", str(monte_carlo), "--seed", str(index)]
    try:
        p = subprocess.run(args, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return path, desc, [f"no answer within {timeout} s (hang)"], "hang"
    problems = []
    if p.returncode == 0:
        problems = judge_plan(p.stdout)
    elif p.returncode == 1:
        if p.stdout.strip():
            problems.append(f"exit 1 with stdout {p.stdout[:120]!r}")
        if not REFUSAL.search(p.stderr) and not NAMED.search(p.stderr):
            problems.append(f"error without file: {p.stderr.strip()[:300]!r}")
        elif not REFUSAL.search(p.stderr):
            problems.append(f"error without line and column: {p.stderr.strip()[:300]!r}")
    else:
        problems.append(f"exit {p.returncode}: {p.stderr.strip()[-300:]!r}")
    if not problems:
        os.remove(path)
    return path, desc, problems, f"exit {p.returncode}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("source")
    ap.add_argument("--cases", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--timeout", type=int, default=60)
    ap.add_argument("--keep", default=None, help="folder for the failing cases")
    args = ap.parse_args()
    bases = []
    for rel in ("resources/scenarios/demo.yaml", "tests/data/hand.yaml",
                "tests/data/minimal.yaml"):
        with open(os.path.join(args.source, rel), encoding="utf-8") as f:
            bases.append(f.read())
    rng = random.Random(args.seed)
    workdir = args.keep or tempfile.mkdtemp(prefix="sovereign-fuzz-")
    os.makedirs(workdir, exist_ok=True)
    cases = []
    for i in range(args.cases):
        text, desc = mutate(rng, rng.choice(bases))
        monte_carlo = rng.choice([0, 0, 0, 0, 50])
        cases.append((i, text, desc, monte_carlo))
    passed = failed = 0
    outcomes = {}
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        futures = [pool.submit(run_case, args.binary, workdir, i, t, d, mc, args.timeout)
                   for i, t, d, mc in cases]
        for fut in futures:
            path, desc, problems, outcome = fut.result()
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
            if problems:
                failed += 1
                print(f"FAIL {path} ({desc}):")
                for p in problems[:5]:
                    print(f"    {p}")
            else:
                passed += 1
    print("fuzz: outcomes " + ", ".join(f"{k}: {v}" for k, v in sorted(outcomes.items())))
    print(f"fuzz: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
