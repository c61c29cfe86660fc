"""What the guards against hostile files cost: reading (and checking) the example forms with this
tree's reader against the reader before the guards, on the same files. Target: under 5 % of read time.

The guards measured: bounds on table geometry (columns, spans, rows, tables), reading a cell's own
runs only (no text boxes, no deleted revisions), and the stricter number parsing (every number in a
cell is looked at, not the first only; zero-width characters removed).

The baseline is the package at BASELINE (a git revision), exported with `git archive` into a
temporary folder; each side runs in its own process, rounds interleaved, best round kept (the
machine is shared, so the minimum is the honest figure). Parse caches are cleared before every file.

Run: python bench/bench_guards.py [--baseline REV] [--rounds N] [--reps N]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASELINE = "1c76bc7"  # the last commit before the guards


def make_inputs(folder: Path) -> list[Path]:
    """The example forms as files: the seed (two forms) and the correct test form as Word files in
    both layouts, the Sichuan and Yunnan documents built with python-docx, and the seed as text."""
    sys.path.insert(0, str(ROOT))
    from assistant.formats import read_forms
    from assistant.formats.docx_writer import write_docx
    from tests.docx_builders import build_sichuan, build_yongde
    from tests.examples import load_example
    from tests.factories import EXAMPLES, SEED_TXT, good_form

    seed = read_forms(SEED_TXT)
    paths = []
    for layout in ("single-cell", "split-target"):
        for name, forms in (("seed", seed), ("good", [good_form()])):
            path = folder / f"{name}-{layout}.docx"
            write_docx(forms, path, layout=layout)
            paths.append(path)
    build_sichuan(folder / "sichuan.docx")
    build_yongde(folder / "yongde.docx", load_example(EXAMPLES / "yongde-2022.yaml"))
    (folder / "seed.txt").write_bytes(SEED_TXT.read_bytes())
    return [*paths, folder / "sichuan.docx", folder / "yongde.docx", folder / "seed.txt"]


def worker(folder: Path, reps: int) -> dict[str, float]:
    """Best of `reps` passes over the files: read only, and read + check, in seconds."""
    from assistant.checks import run_checks
    from assistant.form import clear_parse_caches
    from assistant.formats import read_forms_bytes

    files = [(path.name, path.read_bytes()) for path in sorted(folder.iterdir())]
    best_read = best_total = float("inf")
    for _ in range(reps):
        read = total = 0.0
        for name, data in files:
            clear_parse_caches()
            start = time.perf_counter()
            forms = read_forms_bytes(data, name)
            middle = time.perf_counter()
            for form in forms:
                run_checks(form)
            end = time.perf_counter()
            read += middle - start
            total += end - start
        best_read, best_total = min(best_read, read), min(best_total, total)
    return {"read": best_read, "total": best_total, "files": len(files)}


def export(revision: str, into: Path) -> Path:
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", revision, "assistant"],
        check=True,
        capture_output=True,
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def run_side(package_root: Path, folder: Path, reps: int) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(package_root)}
    command = [sys.executable, __file__, "--worker", str(folder), "--reps", str(reps)]
    out = subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--baseline", default=BASELINE)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--reps", type=int, default=20)
    parser.add_argument("--worker")
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(Path(args.worker), args.reps)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder, base = Path(tmp) / "inputs", Path(tmp) / "base"
        folder.mkdir()
        base.mkdir()
        make_inputs(folder)
        export(args.baseline, base)
        before: dict[str, float] = {}
        after: dict[str, float] = {}
        for _ in range(args.rounds):
            for side, root in ((before, base), (after, ROOT)):
                result = run_side(root, folder, args.reps)
                for key in ("read", "total"):
                    side[key] = min(side.get(key, float("inf")), result[key])
                side["files"] = result["files"]
    files = int(after["files"])
    print(f"{files} files (example forms), best of {args.rounds} rounds × {args.reps} passes, caches cold")
    for key, label in (("read", "read"), ("total", "read + check")):
        cost = (after[key] - before[key]) / before[key] * 100
        print(
            f"{label:>13}: before {before[key] / files * 1000:.2f} ms/file, "
            f"with guards {after[key] / files * 1000:.2f} ms/file, cost {cost:+.1f} %"
        )


if __name__ == "__main__":
    main()
