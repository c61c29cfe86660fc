"""Speed of 学习 mode: what a trainee waits for.

- a rule card (both examples checked live): target < 20 ms; all cards < 0.5 s
- an exercise round of 10 generated: target < 0.5 s; judging one answer: target < 20 ms
- a worked example (critique + deviations through the gate, checks before/after): target < 0.5 s
- `jixiao learn FUND-RATE` wall time: target < 1.5 s

Run: python bench/bench_learn.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.learn import cards, sources  # noqa: E402
from assistant.learn.examples import worked_example  # noqa: E402
from assistant.learn.exercises import generate_round  # noqa: E402
from assistant.learn.judging import judge_choose, judge_compute, judge_rewrite  # noqa: E402
from assistant.rules import load_rule_set  # noqa: E402


def timed(action: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median and worst time in ms."""
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples), max(samples)


def main() -> None:
    rules = load_rule_set()
    codes = cards.card_codes()
    cards.build_card(codes[0], rules)  # load data once
    median, worst = timed(lambda: cards.build_card("SCORE-MISMATCH", rules), 50)
    print(f"one rule card: median {median:.1f} ms, worst {worst:.1f} ms (target < 20 ms)")
    median, _ = timed(lambda: [cards.build_card(code, rules) for code in codes], 5)
    print(f"all {len(codes)} cards: median {median:.0f} ms (target < 500 ms)")

    sources.available_real_forms()  # read the teaching forms once, as a running app does
    seeds = iter(range(10_000))
    median, worst = timed(lambda: generate_round(rules, next(seeds), 10), 20)
    print(f"round of 10 exercises: median {median:.0f} ms, worst {worst:.0f} ms (target < 500 ms)")

    exercises = generate_round(rules, 7, 30)
    by_kind = {e.kind: e for e in exercises}
    judges = {
        "choose": lambda: judge_choose(by_kind["choose"], [], rules),
        "rewrite": lambda: judge_rewrite(by_kind["rewrite"], "≥90%", rules),
        "compute": lambda: judge_compute(by_kind["compute"], "90.10%", "9.01", rules),
    }
    for kind, judge in judges.items():
        median, worst = timed(judge, 50)
        print(f"judge {kind}: median {median:.1f} ms, worst {worst:.1f} ms (target < 20 ms)")

    for key, _ in sources.example_keys():
        median, worst = timed(lambda key=key: worked_example(key, rules), 5)
        print(f"worked example {key}: median {median:.0f} ms, worst {worst:.0f} ms (target < 500 ms)")

    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "assistant", "learn", "FUND-RATE"], check=True, capture_output=True)
    print(f"jixiao learn FUND-RATE wall: {time.perf_counter() - started:.2f} s (target < 1.5 s)")


if __name__ == "__main__":
    main()
