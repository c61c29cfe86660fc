"""The project carries its own knowledge: a clone has no issue tracker and no folder beside the
checkout, so nothing in it may send a reader to an issue number or to a file outside the repository.
Rules are cited as docs/rules.md §N; the real forms are in examples/."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCANNED = (
    "assistant",
    "tests",
    "bench",
    "prompts",
    "examples",
    "docs",
    "app.py",
    "README.md",
    "pyproject.toml",
    ".ci",
    ".streamlit",
)
TEXT_SUFFIXES = {".py", ".md", ".yaml", ".yml", ".toml", ".txt", ".json", ".cfg", ".sh", ""}
# Written so that they do not match themselves ("[e]", "[N]", "[d]"): a grep for the plain words
# over the source tree then finds nothing at all.
OUTSIDE = {
    "an issue number": re.compile(r"\bissues?[\s_#-]*\d", re.IGNORECASE),
    "a bare #number": re.compile(r"(?<![\w/.&#-])#\d+\b"),
    "an unnumbered issue": re.compile(r"\bthe issu[e]\b", re.IGNORECASE),
    "the domain notes outside the repository": re.compile(r"\bDOMAI[N]\b"),
    "a folder beside the checkout": re.compile(r"\.\./share[d]\b|\bshare[d]/|JIXIAO_SHARE[D]"),
}


def scanned_files() -> list[Path]:
    files: list[Path] = []
    for name in SCANNED:
        path = ROOT / name
        candidates = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
        files += [p for p in candidates if p.suffix in TEXT_SUFFIXES and "__pycache__" not in p.parts]
    return files


def test_the_scan_sees_the_source_tree() -> None:
    names = {p.relative_to(ROOT).as_posix() for p in scanned_files()}
    assert {"assistant/checks/funds.py", "assistant/data/codes.yaml", "docs/rules.md", "app.py"} <= names
    assert "prompts/indicators.v1.md" in names and "examples/README.md" in names


def test_nothing_cites_an_issue_or_a_file_outside_the_repository() -> None:
    hits = []
    for path in scanned_files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for what, pattern in OUTSIDE.items():
                if pattern.search(line):
                    hits.append(f"{path.relative_to(ROOT)}:{number}: {what}: {line.strip()[:100]}")
    assert hits == [], "cite docs/rules.md or examples/ instead:\n" + "\n".join(hits)


def test_the_patterns_catch_what_they_are_for() -> None:
    # Built from pieces, so that this file itself stays clean.
    cited = {
        "an issue number": ["(issu" + "e 7)", "issu" + "e_2", "Issu" + "e " + "#" + "12"],
        "a bare #number": ["see #" + "12"],
        "an unnumbered issue": ["the issu" + "e's speed target"],
        "the domain notes outside the repository": ["DOMAI" + "N.md §5"],
        "a folder beside the checkout": [".." + "/share" + "d/seed/x.txt", "JIXIAO_SHARE" + "D"],
    }
    for what, lines in cited.items():
        assert all(OUTSIDE[what].search(line) for line in lines), what
    clean = ["docs/rules.md §5", "from docx.shared import Pt", 'key="critique_run_seed.docx#0"', "# 1. step"]
    assert not [line for line in clean for pattern in OUTSIDE.values() if pattern.search(line)]
