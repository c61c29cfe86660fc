"""Speed of the core checks: one parsed form < 2 ms; `jixiao check SEED` < 1 s wall.

Run: python bench/bench_check.py
"""

from __future__ import annotations

import itertools
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.checks import run_checks  # noqa: E402
from assistant.formats import read_forms  # noqa: E402
from assistant.rules import load_rule_set  # noqa: E402
from bench.common import SEED, median_p95_ms  # noqa: E402


def per_form_ms(repeat: int = 2000, cold: bool = False) -> tuple[float, float]:
    """Median and p95; cold clears the text-parsing caches before every run (a new form)."""
    forms = read_forms(SEED)
    rules = load_rule_set()
    run_checks(forms[0], rules)  # load the rule set, lexicon and code catalogue once
    each_form = itertools.cycle(forms)
    return median_p95_ms(lambda: run_checks(next(each_form), rules), repeat, cold)


def cli_wall_s(runs: int = 10) -> tuple[float, float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "assistant", "check", str(SEED)], capture_output=True, check=False
        )
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), max(samples)


if __name__ == "__main__":
    for cold in (True, False):
        median, p95 = per_form_ms(cold=cold)
        label = "a new form (cold parse caches)" if cold else "the same form again (warm caches)"
        print(f"run_checks on {label}: median {median:.3f} ms, p95 {p95:.3f} ms (target < 2 ms)")
    wall, worst = cli_wall_s()
    print(f"jixiao check on the seed file: median {wall:.3f} s, worst {worst:.3f} s (target < 1 s)")
