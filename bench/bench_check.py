"""Speed of the core checks: one parsed form < 2 ms; `jixiao check SEED` < 1 s wall.

Run: python bench/bench_check.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.checks import run_checks  # noqa: E402
from assistant.form import clear_parse_caches  # noqa: E402
from assistant.formats import read_forms  # noqa: E402
from assistant.rules import load_rule_set  # noqa: E402

SEED = ROOT / "examples" / "chaoyang-2020.txt"


def per_form_ms(repeat: int = 2000, cold: bool = False) -> tuple[float, float]:
    """Median and p95; cold clears the text-parsing caches before every run (a new form)."""
    forms = read_forms(SEED)
    rules = load_rule_set()
    run_checks(forms[0], rules)  # load the rule set, lexicon and code catalogue once
    samples = []
    for index in range(repeat):
        form = forms[index % len(forms)]
        if cold:
            clear_parse_caches()
        start = time.perf_counter()
        run_checks(form, rules)
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), sorted(samples)[int(repeat * 0.95)]


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
