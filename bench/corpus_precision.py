"""Precision and recall of the checks on the real-form corpus (tests/corpus/), per severity, and
the verdict accuracy, for the tune and the measure forms separately.

The expected findings and verdicts were written before the checks ran (tests/real_corpus.py
describes the sidecar files). A finding the checks report that no reviewer expected is a precision
failure (noise); an expected finding not reported is a recall failure.

Run: python bench/corpus_precision.py [--split tune|measure] [--details]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.real_corpus import SPLITS, Tally, load_corpus, score_form, verdict_label  # noqa: E402


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def report(split: str, details: bool) -> None:
    forms = load_corpus(split)
    totals = {"error": Tally(), "warning": Tally()}
    verdicts_right = types_right = 0
    for item in forms:
        tallies, missed, unexpected = score_form(item)
        for severity, tally in tallies.items():
            totals.setdefault(severity, Tally()).add(tally)
        verdict, form_type = verdict_label(item)
        verdicts_right += verdict == item.verdict
        types_right += form_type == item.form_type
        if details:
            mark = "✓" if verdict == item.verdict else "✗"
            print(f"  {item.name}: verdict {verdict} (expected {item.verdict}) {mark}; type {form_type}")
            for e in missed:
                print(f"    missed      {e.code} @ {e.place}: {e.reason}")
            for f in unexpected:
                print(f"    unexpected  {f.code} [{f.severity}] @ {f.location}: {f.message}")
    print(f"[{split}] {len(forms)} forms")
    for severity in ("error", "warning"):
        t = totals[severity]
        print(
            f"  {severity:8} precision {_pct(t.precision):>6} ({t.tp}/{t.tp + t.fp})"
            f"   recall {_pct(t.recall):>6} ({t.hit}/{t.hit + t.fn})"
        )
    n = len(forms) or 1
    print(f"  verdict accuracy {verdicts_right}/{len(forms)} ({verdicts_right / n * 100:.0f}%)")
    print(f"  form type accuracy {types_right}/{len(forms)}")
    if retracted := [(item.name, e) for item in forms for e in item.retracted]:
        print(f"  retracted (contradict a confirmed rule, not counted): {len(retracted)}")
        if details:
            for name, e in retracted:
                print(f"    {name}: {e.code} @ {e.place}: {e.reason}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=SPLITS)
    parser.add_argument("--details", action="store_true", help="list every miss and every unexpected finding")
    args = parser.parse_args()
    for split in [args.split] if args.split else SPLITS:
        report(split, args.details)


if __name__ == "__main__":
    main()
