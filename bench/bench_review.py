"""Speed and memory of `jixiao review` over a corpus of 1,000 Word forms it generates.

Targets on this 2-core machine: `jixiao review` wall time no worse than 1.2 × a bare loop of
`docx.Document(path)` over the same files; peak memory of the whole process tree < 300 MB.

Run: python bench/bench_review.py [--forms 1000] [--corpus DIR] [--runs 3]
(--corpus keeps the generated files in DIR and reuses them on the next run.)
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.form import Form  # noqa: E402
from assistant.values import format_decimal, format_percent, round2  # noqa: E402
from tests.factories import good_form, n  # noqa: E402

DEPARTMENTS = ("安贞街道办事处", "和平街街道办事处", "区教育委员会", "区卫生健康委员会", "区城市管理委员会")
UNITS = ("社区建设办公室", "财务科", "综合保障中心", "第一小学", "社区卫生服务中心", "环境卫生所")
PROJECTS = ("社区工作者保障经费", "民生家园建设经费", "校舍维修改造", "公共卫生服务补助", "垃圾分类运营")
BARE_LOOP = "import docx, sys\nfor path in sys.argv[1:]:\n    docx.Document(path)\n"
PAGE = os.sysconf("SC_PAGE_SIZE")


def corpus_form(i: int) -> Form:
    """A varied form: about two in three carry the common arithmetic errors, some a wrong grade."""
    form = good_form()
    department = DEPARTMENTS[i % len(DEPARTMENTS)]
    form.header.project = f"{PROJECTS[i % len(PROJECTS)]}（第{i:04d}号）"
    form.header.department = department
    form.header.unit = f"{department}{UNITS[i % len(UNITS)]}"
    executed = Decimal(2000) - Decimal(i % 9) * Decimal("37.5")
    form.funds.total.executed = n(format_decimal(executed))
    form.funds.sources[0].executed = n(format_decimal(executed))
    rate = executed / 20
    if i % 3 == 0:  # written correctly
        score = round2(rate / 10)
        form.funds.total.rate = n(format_percent(rate))
        form.funds.total.score = n(format_decimal(score))
        form.stated_total = n(format_decimal(score + 90))
        form.grade = "优"
    form.indicators[0].actual.text = f"{150 + i % 10}人"
    form.indicators[-1].actual.text = f"{90 + i % 11}%"
    if i % 10 == 7:
        form.grade = "良"
    return form


def _write(args: tuple[int, str]) -> None:
    from assistant.formats.docx_writer import write_docx

    index, folder = args
    write_docx([corpus_form(index)], Path(folder) / f"{index // 100:02d}" / f"自评表{index:04d}.docx")


def make_corpus(folder: Path, count: int) -> list[Path]:
    paths = sorted(folder.rglob("*.docx"))
    if len(paths) == count:
        return paths
    for sub in range((count + 99) // 100):
        (folder / f"{sub:02d}").mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    with ProcessPoolExecutor() as pool:
        list(pool.map(_write, [(i, str(folder)) for i in range(count)], chunksize=25))
    print(f"generated {count} .docx forms in {time.perf_counter() - start:.1f} s")
    return sorted(folder.rglob("*.docx"))


def _tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


def _memory(pids: list[int]) -> tuple[int, int]:
    """Sum of RSS (counts pages shared after fork once per process) and of PSS (shares them)."""
    rss = pss = 0
    for pid in pids:
        try:
            rss += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    pss += int(line.split()[1]) * 1024
        except (OSError, ValueError, IndexError):
            continue
    return rss, pss


def measure(command: list[str]) -> tuple[float, int, int, int]:
    """Wall seconds, peak RSS of the largest single process (getrusage), peak tree RSS and PSS."""
    wrapper = (
        "import resource, subprocess, sys\n"
        "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)\n"
    )
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", wrapper, *command], stdout=subprocess.PIPE, text=True)
    peaks = [0, 0]

    def sample() -> None:
        while process.poll() is None:
            rss, pss = _memory(_tree(process.pid))
            peaks[0], peaks[1] = max(peaks[0], rss), max(peaks[1], pss)
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, _ = process.communicate()
    wall = time.perf_counter() - start
    sampler.join()
    max_rss_kb, code = (int(x) for x in output.split())
    if code not in (0, 1):
        raise SystemExit(f"command failed with status {code}: {' '.join(command[:3])} …")
    return wall, max_rss_kb * 1024, peaks[0], peaks[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--forms", type=int, default=1000)
    parser.add_argument("--corpus", type=Path, help="keep the corpus here (reused when complete)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.corpus or Path(scratch) / "corpus"
        paths = make_corpus(folder, args.forms)
        report = Path(scratch) / "report.xlsx"
        review = [sys.executable, "-m", "assistant", "review", str(folder), "--out", str(report)]
        bare = [sys.executable, "-c", BARE_LOOP, *map(str, paths)]
        runs = {"bare": [], "review": [], "review1": []}
        for _ in range(args.runs):
            runs["bare"].append(measure(bare))
            runs["review"].append(measure(review))
            runs["review1"].append(measure([*review, "--jobs", "1"]))
    mb = 1024 * 1024
    bare_wall = statistics.median(r[0] for r in runs["bare"])
    print(f"corpus: {len(paths)} .docx forms, {os.cpu_count()} cores, median of {args.runs} runs")
    print(f"bare loop of docx.Document(path), one process: {bare_wall:.2f} s")
    for key, label in (
        ("review", f"jixiao review --jobs {os.cpu_count()} (default)"),
        ("review1", "jixiao review --jobs 1"),
    ):
        wall = statistics.median(r[0] for r in runs[key])
        largest = max(r[1] for r in runs[key]) / mb
        tree_rss = max(r[2] for r in runs[key]) / mb
        tree_pss = max(r[3] for r in runs[key]) / mb
        print(
            f"{label}: {wall:.2f} s, {len(paths) / wall:.0f} forms/s,"
            f" ratio to bare loop {wall / bare_wall:.2f}"
            f" (target ≤ 1.2); peak memory: largest process {largest:.0f} MB,"
            f" process tree {tree_rss:.0f} MB RSS / {tree_pss:.0f} MB PSS (target < 300 MB)"
        )


if __name__ == "__main__":
    main()
