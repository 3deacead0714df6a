#!/usr/bin/env python3
"""GAIA's carbon-aware schedulers and ours, side by side, on GAIA's own setting.

  gaia_compare.py GAIA_CHECKOUT [--sovereign build/app/cli/sovereign]
                  [--start-hours 7000[,H...]] [--zones DE,GB,FR] [--policies all|paper]
                  [--python /usr/bin/python3] [--jobs 2] [--keep DIR]

GAIA (Hanafy et al., "Going Green for Less Green", ASPLOS 2024;
github.com/umassos/GAIA, MIT) is run from a checkout you fetched yourself
(`git clone https://github.com/umassos/GAIA`); nothing of it is copied into
this project. It needs pandas and numpy (Debian: python3-pandas python3-numpy).

What happens, in one run:
1. GAIA's src/ is copied to a temporary folder, so your checkout stays as it is.
2. `sovereign schedule bench --write-gaia-traces` writes the bundled 2020
   carbon series of DE, GB and FR there in GAIA's trace format (hourly means,
   GAIA's 17,544 padding rows: its start index k is hour k of 2020).
3. GAIA's run.py runs each policy on pai_1k with those traces: no waiting,
   Lowest-Window, Carbon-Time (and their exact-length variants, starred),
   Wait-AWhile (suspend-resume); jobs under 2 h wait up to 6 h, longer ones
   24 h (`-w 6x24`); no reserved capacity (`-r 0`).
4. `sovereign schedule bench --gaia --gaia-results ...` plans the same jobs
   and measures GAIA's schedules (its details-*.csv) and ours on both the
   hourly means GAIA reads and the series as published (15/30 min).
5. The table: for each zone and policy, GAIA's own carbon and cost figure
   (its summary CSV), our measurement of the same schedule (they must agree:
   a check that both read the setting alike), the cut against running at
   once, and GAIA's wall time. Then whether ours cuts more than GAIA's best.
   With several start hours, each gets its table, then the mean cuts.

Exit status: 0 when everything ran (whatever the verdict), 1 when a child
failed (its command, status and output are printed), 2 on bad arguments.
"""
import argparse
import concurrent.futures
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

# (label, --scheduling-policy, --carbon-policy, -w): GAIA's README table and
# src/figure8-9.sh. Labels must match `schedule bench --gaia`'s rows.
POLICIES = [
    ("GAIA run at once", "carbon", "oracle", "0x0"),
    ("GAIA Lowest-Window", "carbon", "waiting", "6x24"),
    ("GAIA Carbon-Time", "carbon", "cst_average", "6x24"),
    ("GAIA Lowest-Window*", "carbon", "oracle", "6x24"),
    ("GAIA Carbon-Time*", "carbon", "cst_oracle", "6x24"),
    ("GAIA Wait-AWhile", "suspend-resume", "oracle", "6x24"),
]
PAPER = {"GAIA run at once", "GAIA Lowest-Window", "GAIA Carbon-Time", "GAIA Wait-AWhile"}


class ChildFailed(Exception):
    pass


def run(cmd, cwd=None):
    """Runs argv (never a shell); returns (stdout, seconds) or raises ChildFailed."""
    begin = time.monotonic()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    seconds = time.monotonic() - begin
    if proc.returncode != 0:
        raise ChildFailed(
            f"{' '.join(cmd)}\n  (in {cwd or os.getcwd()}) exited with {proc.returncode}\n"
            f"--- stdout ---\n{proc.stdout[-4000:]}\n--- stderr ---\n{proc.stderr[-4000:]}")
    return proc.stdout, seconds


def gaia_commit(checkout):
    try:
        out = subprocess.run(["git", "-C", checkout, "rev-parse", "HEAD"],
                             capture_output=True, text=True, timeout=10)
        return out.stdout.strip() if out.returncode == 0 else "unknown (not a git checkout)"
    except (OSError, subprocess.SubprocessError):
        return "unknown (git not found)"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("checkout", help="a GAIA checkout (the folder holding src/run.py)")
    ap.add_argument("--sovereign", default=os.path.join(ROOT, "build", "app", "cli", "sovereign"))
    ap.add_argument("--start-hours", default="7000",
                    help="GAIA's -i: hours of 2020 its 30 days start at, comma-separated "
                         "(default 7000, GAIA's own)")
    ap.add_argument("--zones", default="DE,GB,FR")
    ap.add_argument("--policies", choices=["all", "paper"], default="all",
                    help="paper: only the policies the issue names (skips the starred ones)")
    ap.add_argument("--python", default="/usr/bin/python3", help="the Python GAIA runs with")
    ap.add_argument("--jobs", type=int, default=2, help="GAIA runs at once (default 2)")
    ap.add_argument("--keep", help="work in this folder and keep it (default: a temporary one)")
    args = ap.parse_args()

    checkout = os.path.abspath(args.checkout)
    for needed in ("src/run.py", "src/cluster_traces/pai_1k.csv"):
        if not os.path.isfile(os.path.join(checkout, needed)):
            ap.error(f"{checkout} is not a GAIA checkout: {needed} is missing "
                     "(git clone https://github.com/umassos/GAIA)")
    if not os.access(args.sovereign, os.X_OK):
        ap.error(f"{args.sovereign} is not an executable; build the project first "
                 "(bash scripts/build.sh) or pass --sovereign")
    zones = [z.strip().upper() for z in args.zones.split(",") if z.strip()]
    if not zones or any(z not in ("DE", "GB", "FR") for z in zones):
        ap.error("--zones expects a comma-separated list of DE, GB, FR")
    probe = subprocess.run([args.python, "-c", "import pandas, numpy"], capture_output=True)
    if probe.returncode != 0:
        ap.error(f"{args.python} cannot import pandas and numpy, which GAIA needs "
                 "(Debian: apt-get install python3-pandas python3-numpy)")
    policies = [p for p in POLICIES if args.policies == "all" or p[0] in PAPER]
    try:
        starts = [int(h) for h in args.start_hours.split(",") if h.strip()]
    except ValueError:
        ap.error("--start-hours expects whole hours of 2020, comma-separated")
    if not starts or any(h < 0 or h > 8784 - 720 for h in starts):
        ap.error("--start-hours expects hours from 0 to 8064 (GAIA models 720 h from each)")

    work = os.path.abspath(args.keep) if args.keep else tempfile.mkdtemp(prefix="gaia-compare-")
    try:
        shutil.copytree(os.path.join(checkout, "src"), os.path.join(work, "src"),
                        dirs_exist_ok=True)
        run([args.sovereign, "schedule", "bench", "--write-gaia-traces",
             os.path.join(work, "src", "traces")])
        print(f"GAIA {gaia_commit(checkout)} from {checkout}, run in {work}", flush=True)
        verdicts = [compare(args, work, start, zones, policies) for start in starts]
        if len(starts) > 1:
            print(f"\nMean over the {len(starts)} starts ({args.start_hours}), cut % against "
                  "running at once (hourly means | as published):")
            for z in zones:
                cells = [v[z] for v in verdicts]
                mean = lambda key, i: sum(c[key][i] for c in cells) / len(cells)
                print(f"  {z}: GAIA's best {mean('gaia', 0):6.2f} | {mean('gaia', 1):6.2f}   "
                      f"ours {mean('ours', 0):6.2f} | {mean('ours', 1):6.2f}   "
                      f"without suspending: GAIA's best {mean('gaia_whole', 0):6.2f}, "
                      f"ours {mean('whole', 0):6.2f}")
        disagreements = sum(v["disagreements"] for v in verdicts)
        if disagreements:
            print(f"\nWARNING: {disagreements} of GAIA's own totals differ from our measurement of "
                  "its schedules: the two read the setting differently.")
        else:
            print("\nGAIA's own totals equal our measurement of its schedules (to 1e-6): both "
                  "read the setting alike.")
        return 0
    except ChildFailed as e:
        print(f"a child failed: {e}", file=sys.stderr)
        return 1
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def cut_text(value):
    return f"{0.0 if abs(value) < 0.005 else value:7.2f}"


def compare(args, work, start, zones, policies):
    """Runs GAIA's policies and our bench for one start hour; prints the
    tables; returns per zone the best cuts of GAIA and ours."""
    runs = [(z, p) for z in zones for p in policies]
    gaia_s = {}

    def one(zone_policy):
        zone, (label, sp, cp, w) = zone_policy
        _, seconds = run([args.python, "src/run.py", "-c", f"{zone}-2020", "-t", "pai_1k",
                          "-i", str(start), "-r", "0", "--scheduling-policy", sp,
                          "--carbon-policy", cp, "-w", w], cwd=work)
        return zone_policy, seconds

    print(f"\nstart hour {start}: {len(runs)} GAIA runs, {args.jobs} at a time", flush=True)
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for (zone, policy), seconds in pool.map(one, runs):
            gaia_s[(zone, policy[0])] = seconds
            print(f"  {zone} {policy[0]}: {seconds:.1f} s", flush=True)

    results = os.path.join(work, "results", "simulation", "pai_1k")
    ours_json = os.path.join(work, f"ours-{start}.json")
    text, _ = run([args.sovereign, "schedule", "bench", "--gaia", "--start-hour", str(start),
                   "--trace", os.path.join(work, "src", "cluster_traces", "pai_1k.csv"),
                   "--gaia-results", results, "--json", ours_json]
                  + (["--zone", zones[0]] if len(zones) == 1 else []))
    print()
    print(text)
    with open(ours_json) as f:
        ours = json.load(f)

    verdict = {"disagreements": 0}
    print(f"Side by side, start hour {start} (carbon in GAIA's unit, g CO2 at 1 W per CPU; "
          "cut against running at once)")
    for zone in ours["zones"]:
        z = zone["zone"]
        if z not in zones:
            continue
        rows = {r["name"]: r for r in zone["rows"]}
        print(f"\n{z}: {'':34} {'GAIA says':>10} {'GAIA USD':>9} {'measured':>10} "
              f"{'cut %':>7} {'published':>10} {'cut %':>7} {'time s':>7}")

        def line(label, said_g, usd, r, seconds):
            said = f"{said_g:10.3f}" if said_g is not None else " " * 10
            print(f"    {label:34} {said} {usd:9.2f} {r['hourly_g']:10.3f} "
                  f"{cut_text(r['hourly_cut_pct'])} {r['native_g']:10.3f} "
                  f"{cut_text(r['native_cut_pct'])} {seconds:7.1f}")

        for label, sp, cp, w in policies:
            summary = os.path.join(results, f"{sp}-{start}-{cp}-{z}-2020-0-{w}.csv")
            with open(summary, newline="") as f:
                own = next(csv.DictReader(f))
            said_g, said_usd = float(own["carbon_cost"]), float(own["dollar_cost"])
            if abs(said_g - rows[label]["hourly_g"]) > 1e-6 * max(1.0, said_g):
                verdict["disagreements"] += 1
            line(label, said_g, said_usd, rows[label], gaia_s[(z, label)])
        for name in ("energy-aware, whole jobs", "energy-aware, suspend-resume"):
            r = rows[name]
            line("ours: " + name, None, r["cost_usd"], r, r["plan_ms"] / 1000)
        gaia_rows = [rows[p[0]] for p in policies if p[0] != "GAIA run at once"]
        whole_rows = [r for r in gaia_rows if r["name"] != "GAIA Wait-AWhile"]
        best = lambda rs, key: max(rs, key=lambda r: r[key])
        pair = lambda r: (r["hourly_cut_pct"], r["native_cut_pct"])
        mine, whole = rows["energy-aware, suspend-resume"], rows["energy-aware, whole jobs"]
        verdict[z] = {
            "gaia": (best(gaia_rows, "hourly_cut_pct")["hourly_cut_pct"],
                     best(gaia_rows, "native_cut_pct")["native_cut_pct"]),
            "ours": pair(mine),
            "gaia_whole": pair(best(whole_rows, "hourly_cut_pct")) if whole_rows else (0, 0),
            "whole": pair(whole),
        }
        bh, bn = best(gaia_rows, "hourly_cut_pct"), best(gaia_rows, "native_cut_pct")
        print(f"    GAIA's best: {bh['name']} {bh['hourly_cut_pct']:.2f} % on the hourly means, "
              f"{bn['name']} {bn['native_cut_pct']:.2f} % as published; ours "
              f"{mine['hourly_cut_pct']:.2f} % and {mine['native_cut_pct']:.2f} %, at the same cost")
        if whole_rows:
            bw = best(whole_rows, "hourly_cut_pct")
            print(f"    without suspending: GAIA's best {bw['name']} {bw['hourly_cut_pct']:.2f} %, "
                  f"ours {whole['hourly_cut_pct']:.2f} % (hourly means)")
    return verdict


if __name__ == "__main__":
    sys.exit(main())
