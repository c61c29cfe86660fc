"""Wall time of `jixiao review` over 100 mixed files: .docx, .doc, .pdf and .json, a quarter each.

Target on this 2-core machine: well under a minute for the 100 files (LibreOffice converts the
.doc files, pdfplumber reads the PDFs). Also timed: one .doc and one .pdf through `jixiao check`
(a LibreOffice start for the one file), and the same batch without its .doc and .pdf files.

Run: python bench/bench_mixed_batch.py [--files 100] [--runs 3] [--corpus DIR]
(--corpus keeps the generated files in DIR and reuses them on the next run.)
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.formats import forms_to_json  # noqa: E402
from assistant.formats.docx_writer import write_docx  # noqa: E402
from bench.bench_review import corpus_form  # noqa: E402

KINDS = (".docx", ".doc", ".pdf", ".json")


def soffice(inputs: list[Path], target: str, outdir: Path) -> None:
    program = shutil.which("soffice") or shutil.which("libreoffice")
    if program is None:
        sys.exit("需要 LibreOffice（apt-get install libreoffice-writer libreoffice-calc）")
    profile = (outdir / ".profile").as_uri()
    subprocess.run(
        [program, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", target,
         "--outdir", str(outdir), *map(str, inputs)],
        check=True, capture_output=True, timeout=1800,
    )  # fmt: skip
    shutil.rmtree(outdir / ".profile", ignore_errors=True)


def make_corpus(folder: Path, files: int) -> Path:
    """`files` forms, each saved in one of the four formats in turn, in folder/batch."""
    batch = folder / "batch"
    if batch.is_dir() and len(list(batch.iterdir())) == files:
        return batch
    shutil.rmtree(folder, ignore_errors=True)
    work, batch = folder / "work", folder / "batch"
    work.mkdir(parents=True)
    batch.mkdir()
    wanted: dict[str, list[Path]] = {kind: [] for kind in KINDS}
    for i in range(files):
        kind = KINDS[i % len(KINDS)]
        form = corpus_form(i)
        if kind == ".json":
            (batch / f"form-{i:04d}.json").write_text(forms_to_json([form]), encoding="utf-8")
            continue
        target = batch if kind == ".docx" else work
        write_docx([form], target / f"form-{i:04d}.docx")
        wanted[kind].append(target / f"form-{i:04d}.docx")
    if wanted[".pdf"]:
        soffice(wanted[".pdf"], "pdf", batch)
    if wanted[".doc"]:  # through .odt: LibreOffice 7.4's direct .docx → .doc export drops tables
        soffice(wanted[".doc"], "odt", work / "odt")
        soffice(sorted((work / "odt").glob("*.odt")), "doc", batch)
    shutil.rmtree(work)
    return batch


def timed(*args: str | Path) -> tuple[float, subprocess.CompletedProcess[str]]:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "assistant", *map(str, args)], capture_output=True, text=True, check=False
    )
    return time.perf_counter() - started, result


def review_seconds(batch: Path, out: Path, runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        seconds, result = timed("review", batch, "--out", out, "--force")
        if result.returncode not in (0, 1):
            sys.exit(f"jixiao review failed: {result.stderr}")
        samples.append(seconds)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--corpus", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.corpus or Path(scratch) / "corpus"
        started = time.perf_counter()
        batch = make_corpus(folder, args.files)
        print(f"corpus: {args.files} files in {time.perf_counter() - started:.1f} s (not timed below)")
        counts = {kind: len(list(batch.glob(f"*{kind}"))) for kind in KINDS}
        print("files:", ", ".join(f"{count} {kind}" for kind, count in counts.items()))
        out = Path(scratch) / "report.md"
        mixed = review_seconds(batch, out, args.runs)
        print(f"review, {args.files} mixed files: median {statistics.median(mixed):.1f} s  runs {mixed}")
        _, result = timed("review", batch, "--out", out, "--force")
        print("  ", result.stdout.strip().splitlines()[0])
        plain = Path(scratch) / "plain"
        plain.mkdir()
        for path in batch.iterdir():
            if path.suffix in (".docx", ".json"):
                shutil.copyfile(path, plain / path.name)
        quick = review_seconds(plain, out, args.runs)
        shown = f"review, the {len(list(plain.iterdir()))} .docx/.json only"
        print(f"{shown}: median {statistics.median(quick):.1f} s")
        for kind in (".doc", ".pdf"):
            one = next(batch.glob(f"*{kind}"))
            seconds = [timed("check", one)[0] for _ in range(args.runs)]
            print(f"check one {kind}: median {statistics.median(seconds):.1f} s")


if __name__ == "__main__":
    main()
