"""Speed of Word import: reading and checking a typical one-form .docx must cost no more
than a bare `docx.Document(path)` of the same file (ratio ≤ 1.0), measured over a few hundred files.

The files: our writer's output of varied forms in both layouts (the seed's two forms, the correct
test form, amounts and names changed per file) and documents built independently with python-docx
(Sichuan split layout in 元, the published Yunnan example). "Cold" clears the cell-parsing caches
before every file, as if each form were new; "warm" keeps them.

Run: python bench/bench_docx.py [N]
"""

from __future__ import annotations

import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import docx  # noqa: E402

from assistant.checks import run_checks  # noqa: E402
from assistant.form import (  # noqa: E402
    Form,
    NumberCell,
    clear_parse_caches,
)
from assistant.formats import read_forms  # noqa: E402
from assistant.formats.docx_writer import write_docx  # noqa: E402
from assistant.rules import load_rule_set  # noqa: E402
from assistant.values import format_decimal  # noqa: E402
from tests.docx_builders import build_sichuan, build_yongde  # noqa: E402
from tests.examples import load_example  # noqa: E402
from tests.factories import EXAMPLES, SEED_TXT, good_form  # noqa: E402


def _varied(form: Form, index: int) -> Form:
    """The same form with another project name and other amounts: no two files alike."""
    copy = form.model_copy(deep=True)
    copy.header.project = f"{form.header.project}（第{index}号）"
    total = copy.funds.total
    budget = total.full_year_budget.value or Decimal(1000)
    executed = budget * Decimal(80 + index % 21) / 100
    total.executed = NumberCell(text=format_decimal(executed.quantize(Decimal("0.0001"))))
    return copy


def generate(folder: Path, count: int) -> list[Path]:
    bases = [*read_forms(SEED_TXT), good_form()]
    yongde = load_example(EXAMPLES / "yongde-2022.yaml")
    paths = []
    for index in range(count):
        path = folder / f"form-{index:04d}.docx"
        kind = index % 5
        if kind == 3:
            build_sichuan(path)
        elif kind == 4:
            build_yongde(path, yongde)
        else:
            layout = "split-target" if index % 2 else "single-cell"
            write_docx([_varied(bases[kind], index)], path, layout=layout)
        paths.append(path)
    return paths


def bare_pass(paths: list[Path]) -> float:
    start = time.perf_counter()
    for path in paths:
        docx.Document(str(path))
    return time.perf_counter() - start


def our_pass(paths: list[Path], cold: bool) -> tuple[float, int]:
    rules = load_rule_set()
    forms, elapsed = 0, 0.0
    for path in paths:
        if cold:
            clear_parse_caches()
        start = time.perf_counter()
        for form in read_forms(path):
            run_checks(form, rules)
            forms += 1
        elapsed += time.perf_counter() - start
    return elapsed, forms


def measure(paths: list[Path], cold: bool, rounds: int = 3) -> tuple[float, float, int]:
    """Best of `rounds` alternating passes over all files: bare docx.Document, then ours.

    Separate passes, not file by file: python-docx leaves garbage that the collector would
    otherwise clear on our clock (and the other way round)."""
    bare, ours, forms = [], [], 0
    for _ in range(rounds):
        bare.append(bare_pass(paths))
        elapsed, forms = our_pass(paths, cold)
        ours.append(elapsed)
    return min(bare), min(ours), forms


def main(count: int = 300) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-docx-") as folder:
        paths = generate(Path(folder), count)
        measure(paths[:20], cold=False, rounds=1)  # imports, rule set, lexicon, code catalogue: once
        size = sum(p.stat().st_size for p in paths) / len(paths) / 1024
        print(f"{len(paths)} one-form .docx files, {size:.0f} KB on average")
        for cold in (True, False):
            bare, ours, forms = measure(paths, cold)
            label = "cold parse caches" if cold else "warm parse caches"
            per_file = bare / len(paths) * 1000
            print(
                f"[{label}] docx.Document: {len(paths) / bare:.0f} files/s ({per_file:.2f} ms); "
                f"read_forms + run_checks: {forms / ours:.0f} forms/s ({ours / forms * 1000:.2f} ms); "
                f"ratio {ours / bare:.2f} (target ≤ 1.0)"
            )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
