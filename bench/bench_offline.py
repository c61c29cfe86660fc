"""Speed of the offline drafting engine and of `validate` (the deterministic part of every gate
attempt: build the form, run the checks, the misfit and number checks). Target for one attempt's
overhead: < 20 ms. Cold = the text-parsing caches cleared first (a new draft).

Run: python bench/bench_offline.py
"""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.drafting.brief import ProjectBrief, load_brief  # noqa: E402
from assistant.drafting.tasks import all_tasks, draft_offline, validate  # noqa: E402
from assistant.form import Form  # noqa: E402
from assistant.formats import read_forms  # noqa: E402
from assistant.rules import load_rule_set  # noqa: E402
from bench.common import BRIEF, SEED, median_p95_ms  # noqa: E402


def main() -> None:
    rules = load_rule_set()
    brief = load_brief(BRIEF)
    forms = read_forms(SEED)
    cases: list[tuple[str, str, object]] = [
        (spec.name, "example brief", brief) for spec in all_tasks() if spec.subject is ProjectBrief
    ]
    form_tasks = [spec.name for spec in all_tasks() if spec.subject is Form]
    for number, form in enumerate(forms, start=1):
        cases += [(task, f"seed form {number}", form) for task in form_tasks]
    print(f"{'task':<11} {'subject':<14} {'draft ms (med/p95)':>22} {'validate cold':>16} {'warm':>16}")
    for task, name, subject in cases:
        draft = draft_offline(task, subject, rules)  # type: ignore[arg-type]
        validate(task, draft, subject, rules)  # type: ignore[arg-type]  # load data files once
        d_med, d_p95 = median_p95_ms(partial(draft_offline, task, subject, rules), 200, cold=True)
        c_med, c_p95 = median_p95_ms(partial(validate, task, draft, subject, rules), 200, cold=True)
        w_med, w_p95 = median_p95_ms(partial(validate, task, draft, subject, rules), 200)
        print(
            f"{task:<11} {name:<14} {d_med:>10.2f} / {d_p95:<9.2f} {c_med:>7.2f} / {c_p95:<8.2f} "
            f"{w_med:>7.2f} / {w_p95:<8.2f}"
        )
    print("target: validate (one gate attempt's deterministic overhead) < 20 ms")


if __name__ == "__main__":
    main()
