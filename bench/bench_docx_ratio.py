"""Read + check of one .docx against a bare zip + lxml parse of the same file (target ratio ≤ 3).

For 25 one-form .docx files (bench_docx.generate: our writer's output of the seed's forms and
the correct test form in both layouts, plus python-docx-built Sichuan and Yunnan documents):

(a) bare: zipfile open + read word/document.xml + lxml.etree.fromstring;
(b) jixiao: read_forms_bytes + run_checks, the path `jixiao check` takes.

Samples are interleaved so that a noisy neighbour slows both sides alike: for every file, REPEAT
times, one (a) sample then one (b) sample. A file's ratio is the median of its (b) samples over
the median of its (a) samples; a round's ratio is the median over files; the report is the median
over rounds, with the lowest and highest round. "Cold" clears the text-parsing caches before
every (b) run, as for a new form. A third, staged run of (b) after each pair splits its cost in
units of the bare parse: unzip + parse (with the safety checks and the formatting cut of
docx_lean.py), XML → rows, rows → forms, checks.

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
from assistant.formats.docx_reader import W, document_items, document_root  # noqa: E402
from assistant.formats.grid import build_forms  # noqa: E402
from assistant.rules import load_rule_set  # noqa: E402
from bench.bench_docx import generate  # noqa: E402

FILES = 25
REPEAT = 20
STAGES = ("unzip+parse", "XML→rows", "rows→forms", "checks")
clock = time.process_time


def bare(data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        etree.fromstring(archive.read("word/document.xml"))


def jixiao(data: bytes, name: str, rules) -> None:
    for form in read_forms_bytes(data, name):
        run_checks(form, rules)


def staged(data: bytes, name: str, rules, cold: bool) -> list[float]:
    """The same work as jixiao(), timed stage by stage (read_docx_bytes' steps, spelled out)."""
    if cold:
        clear_parse_caches()
    t0 = clock()
    root = document_root(data, name)
    t1 = clock()
    items = document_items(root.find(f"{W}body"))
    t2 = clock()
    forms = build_forms(items, strict=True)
    t3 = clock()
    for form in forms:
        run_checks(form, rules)
    t4 = clock()
    return [t1 - t0, t2 - t1, t3 - t2, t4 - t3]


def _time(action) -> float:
    start = clock()
    action()
    return clock() - start


def one_round(files: list[tuple[str, bytes]], rules, cold: bool) -> tuple[float, list[float]]:
    """The round's ratio (median over files) and its stage split in units of the bare parse."""
    ratios: list[float] = []
    units: list[list[float]] = []
    for name, data in files:
        a_samples, b_samples, stage_samples = [], [], []
        for _ in range(REPEAT):
            a_samples.append(_time(lambda d=data: bare(d)))
            if cold:  # before the clock starts: emptying the caches is not part of reading
                clear_parse_caches()
            b_samples.append(_time(lambda d=data, n=name: jixiao(d, n, rules)))
            stage_samples.append(staged(data, name, rules, cold))
        a = statistics.median(a_samples)
        ratios.append(statistics.median(b_samples) / a)
        units.append([statistics.median(s[i] for s in stage_samples) / a for i in range(len(STAGES))])
    split = [statistics.median(u[i] for u in units) for i in range(len(STAGES))]
    return statistics.median(ratios), split


def main(rounds: int = 5, profile: bool = False) -> None:
    rules = load_rule_set()
    with tempfile.TemporaryDirectory(prefix="bench-ratio-") as folder:
        files = [(p.name, p.read_bytes()) for p in generate(Path(folder), FILES)]
    for name, data in files:  # warm up imports, rule set, lexicon
        jixiao(data, name, rules)
    if profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(20):
            for name, data in files:
                jixiao(data, name, rules)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
        return
    for cold in (True, False):
        results = [one_round(files, rules, cold) for _ in range(rounds)]
        ratios = sorted(r[0] for r in results)
        split = [statistics.median(r[1][i] for r in results) for i in range(len(STAGES))]
        label = "cold" if cold else "warm"
        parts = ", ".join(f"{stage} {value:.2f}" for stage, value in zip(STAGES, split, strict=True))
        print(
            f"[{label}] {FILES} files, {rounds} rounds, interleaved: ratio {statistics.median(ratios):.2f}"
            f" (rounds {ratios[0]:.2f}–{ratios[-1]:.2f}); split in bare parses: {parts}"
        )


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    main(int(args[0]) if args else 5, "--profile" in sys.argv)
