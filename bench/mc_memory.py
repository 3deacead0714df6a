#!/usr/bin/env python3
"""Peak memory of the Monte Carlo on a large scenario (issue 9).

Generates the 30-year, 200-workload scenario of bench/large_scenario.py (seed
1), runs `sovereign plan SCENARIO --monte-carlo N --seed 1` for each draw count
and prints each run's peak resident set size: the kernel's ru_maxrss from
wait4(), the figure `/usr/bin/time -v` prints as "Maximum resident set size".
"above plan" is that minus the same plan run without draws, i.e. what the
Monte Carlo itself adds.

Give several binaries to compare builds (e.g. before and after a change).
With --budget-mib, exits 1 if any run adds more than that above the plan
(ctest's bench_mc_memory, label slow).

Usage: bench/mc_memory.py [--sovereign BIN]... [--draws N...] [--budget-mib MIB]
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import large_scenario  # noqa: E402


def peak_rss_kib(cmd):
    """Runs cmd (output discarded); returns (peak RSS in KiB, wall seconds)."""
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - start
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"mc_memory: {' '.join(cmd)} failed ({proc.returncode}): {err.strip()}")
    return usage.ru_maxrss, wall


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sovereign", action="append",
                    help="the CLI to measure (repeatable); default build/app/cli/sovereign")
    ap.add_argument("--draws", type=int, nargs="+", default=[1000, 10000, 100000])
    ap.add_argument("--years", type=int, default=30)
    ap.add_argument("--workloads", type=int, default=200)
    ap.add_argument("--budget-mib", type=float,
                    help="fail if a run's peak RSS exceeds the plan's by more than this")
    a = ap.parse_args()
    binaries = a.sovereign or [os.path.join(root, "build", "app", "cli", "sovereign")]

    with tempfile.TemporaryDirectory(prefix="sovereign-mc-memory-") as tmp:
        scenario = os.path.join(tmp, "large.yaml")
        with open(scenario, "w", encoding="utf-8") as f:
            f.write(large_scenario.scenario(a.years, a.workloads, 1))
        print(f"scenario: {a.years} years x {a.workloads} workloads "
              f"(bench/large_scenario.py --years {a.years} --workloads {a.workloads} --seed 1)")
        over = []
        for binary in binaries:
            plan_kib, plan_s = peak_rss_kib([binary, "plan", scenario])
            print(f"\n{binary}")
            print(f"{'draws':>8} {'peak RSS MiB':>13} {'above plan MiB':>15} {'wall s':>7}")
            print(f"{'0':>8} {plan_kib / 1024:13.1f} {0:15.1f} {plan_s:7.2f}")
            for n in a.draws:
                kib, wall = peak_rss_kib([binary, "plan", scenario, "--monte-carlo", str(n),
                                          "--seed", "1"])
                extra = (kib - plan_kib) / 1024
                print(f"{n:>8} {kib / 1024:13.1f} {extra:15.1f} {wall:7.2f}")
                if a.budget_mib is not None and extra > a.budget_mib:
                    over.append(f"{binary}, {n} draws: {extra:.1f} MiB above the plan")
    if over:
        print(f"\nover the budget of {a.budget_mib:g} MiB: " + "; ".join(over))
        return 1
    if a.budget_mib is not None:
        print(f"\nwithin the budget of {a.budget_mib:g} MiB above the plan")
    return 0


if __name__ == "__main__":
    sys.exit(main())
