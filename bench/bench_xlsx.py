"""Read + check of the same forms as .xlsx and as .docx (target: .xlsx costs no more, ratio ≤ 1.0).

The forms are those of bench_docx.generate (the seed's forms and the correct test form in both
layouts, varied, and the Sichuan and Yunnan documents), each written by our writers as a one-form
.docx and a one-form .xlsx, so both files hold exactly the same form. For each file, the time of
read_forms_bytes + run_checks (the path `jixiao check` takes); each round times every file 20
times per format and keeps each file's median, formats alternating; the report is the median over
rounds of the per-file medians' median. A third line times reading alone.

(CPU time of this process, not wall time: the cores are shared and wall time is noisy.)

Run: python bench/bench_xlsx.py [ROUNDS] [--profile]
"""

from __future__ import annotations

import io
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.checks import run_checks  # noqa: E402
from assistant.form import clear_parse_caches  # noqa: E402
from assistant.formats import read_forms, read_forms_bytes  # noqa: E402
from assistant.formats.docx_writer import write_docx  # noqa: E402
from assistant.formats.xlsx_writer import write_xlsx  # noqa: E402
from assistant.rules import load_rule_set  # noqa: E402
from bench.bench_docx import generate  # noqa: E402

FILES = 25
REPEAT = 20


def same_forms(count: int) -> list[tuple[bytes, bytes]]:
    """(docx bytes, xlsx bytes) of one form each, the same form in both."""
    pairs = []
    with tempfile.TemporaryDirectory(prefix="bench-xlsx-") as folder:
        for path in generate(Path(folder), count):
            forms = read_forms(path)
            docx_stream, xlsx_stream = io.BytesIO(), io.BytesIO()
            write_docx(forms, docx_stream)
            write_xlsx(forms, xlsx_stream)
            pairs.append((docx_stream.getvalue(), xlsx_stream.getvalue()))
    return pairs


def read_and_check(data: bytes, name: str, rules, check: bool = True) -> None:
    clear_parse_caches()  # cold: as for a new form
    for form in read_forms_bytes(data, name):
        if check:
            run_checks(form, rules)


def _median_ms(action: Callable[[], object]) -> float:
    samples = []
    for _ in range(REPEAT):
        start = time.process_time()
        action()
        samples.append(time.process_time() - start)
    return statistics.median(samples) * 1000


def one_round(pairs: list[tuple[bytes, bytes]], rules, check: bool) -> tuple[float, float]:
    docx_ms = statistics.median(
        _median_ms(lambda d=d: read_and_check(d, "a.docx", rules, check)) for d, _ in pairs
    )
    xlsx_ms = statistics.median(
        _median_ms(lambda x=x: read_and_check(x, "a.xlsx", rules, check)) for _, x in pairs
    )
    return docx_ms, xlsx_ms


def main(rounds: int = 5, profile: bool = False) -> None:
    rules = load_rule_set()
    pairs = same_forms(FILES)
    for docx_data, xlsx_data in pairs:  # the same forms, and warm imports, rule set and lexicon
        a, b = read_forms_bytes(docx_data, "a.docx"), read_forms_bytes(xlsx_data, "a.xlsx")
        assert [f.model_dump() for f in a] == [f.model_dump() for f in b]
    if profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(20):
            for _, data in pairs:
                read_and_check(data, "a.xlsx", rules)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
        return
    sizes = [(len(d), len(x)) for d, x in pairs]
    print(
        f"{FILES} one-form files; median size .docx {statistics.median(s[0] for s in sizes) / 1024:.1f} KB, "
        f".xlsx {statistics.median(s[1] for s in sizes) / 1024:.1f} KB"
    )
    for check in (True, False):
        results = [one_round(pairs, rules, check) for _ in range(rounds)]
        docx_ms = statistics.median(r[0] for r in results)
        xlsx_ms = statistics.median(r[1] for r in results)
        what = "read + check" if check else "read only"
        ratio = xlsx_ms / docx_ms
        print(f"[{what}] {rounds} rounds: .docx {docx_ms:.3f} ms, .xlsx {xlsx_ms:.3f} ms, ratio {ratio:.2f}")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    main(int(args[0]) if args else 5, "--profile" in sys.argv)
