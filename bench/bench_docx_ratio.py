"""Read + check of one .docx against a bare zip + lxml parse of the same file (target ratio ≤ 3).

For 25 one-form .docx files (bench_docx.generate: our writer's output of the seed's forms and
the correct test form in both layouts, plus python-docx-built Sichuan and Yunnan documents):

(a) bare: zipfile open + read word/document.xml + lxml.etree.fromstring;
(b) jixiao: read_forms_bytes + run_checks, the path `jixiao check` takes.

Each round times every file 20 times for (a) then for (b) and keeps each file's median; rounds
alternate, and the report is the median over rounds of the per-file medians' median. "Cold"
clears the text-parsing caches before every (b) run, as for a new form.

(CPU time of this process, not wall time: the cores are shared and wall time is noisy.)

Run: python bench/bench_docx_ratio.py [ROUNDS] [--profile]
"""

from __future__ import annotations

import io
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lxml import etree  # noqa: E402

from assistant.checks import run_checks  # noqa: E402
from assistant.form import clear_parse_caches  # noqa: E402
from assistant.formats import read_forms_bytes  # noqa: E402
from assistant.rules import load_rule_set  # noqa: E402
from bench.bench_docx import generate  # noqa: E402

FILES = 25
REPEAT = 20


def bare(data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        etree.fromstring(archive.read("word/document.xml"))


def jixiao(data: bytes, name: str, rules, cold: bool) -> None:
    if cold:
        clear_parse_caches()
    for form in read_forms_bytes(data, name):
        run_checks(form, rules)


def _median_ms(action, repeat: int = REPEAT) -> float:
    samples = []
    for _ in range(repeat):
        start = time.process_time()
        action()
        samples.append(time.process_time() - start)
    return statistics.median(samples) * 1000


def one_round(files: list[tuple[str, bytes]], rules, cold: bool) -> tuple[float, float]:
    a = statistics.median(_median_ms(lambda d=data: bare(d)) for _, data in files)
    b = statistics.median(
        _median_ms(lambda n=name, d=data: jixiao(d, n, rules, cold)) for name, data in files
    )
    return a, b


def main(rounds: int = 5, profile: bool = False) -> None:
    rules = load_rule_set()
    with tempfile.TemporaryDirectory(prefix="bench-ratio-") as folder:
        files = [(p.name, p.read_bytes()) for p in generate(Path(folder), FILES)]
    for name, data in files:  # warm up imports, rule set, lexicon
        jixiao(data, name, rules, cold=True)
    if profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(20):
            for name, data in files:
                jixiao(data, name, rules, cold=True)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
        return
    for cold in (True, False):
        results = [one_round(files, rules, cold) for _ in range(rounds)]
        a = statistics.median(r[0] for r in results)
        b = statistics.median(r[1] for r in results)
        label = "cold" if cold else "warm"
        print(
            f"[{label}] {FILES} files, {rounds} rounds: bare {a:.3f} ms, jixiao {b:.3f} ms, ratio {b / a:.2f}"
        )


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    main(int(args[0]) if args else 5, "--profile" in sys.argv)
