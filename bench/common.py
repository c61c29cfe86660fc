"""What the benchmarks share: the seed form and example brief, and one timer.

Import it after putting the checkout on sys.path (`from bench.common import ...`).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

from assistant.form import clear_parse_caches

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "chaoyang-2020.txt"
BRIEF = ROOT / "examples" / "brief-公共服务经费.yaml"


def median_p95_ms(action: Callable[[], object], repeat: int, cold: bool = False) -> tuple[float, float]:
    """Median and 95th percentile of `repeat` runs, in ms; cold clears the text-parsing caches
    before every run (as for a new form), outside the timed part."""
    samples = []
    for _ in range(repeat):
        if cold:
            clear_parse_caches()
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]
