"""README.md works in a fresh clone: its finding-code table is the codes data, and every file its
`jixiao` examples read is in the repository (or written by an example before it); the examples
that need no model run and do what they say."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import yaml

from assistant.cli import main

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
SEVERITY = {"error": "错误", "warning": "警告"}
# Options whose value is a file or folder the command writes, and those whose value it reads.
WRITES = {"--out", "--letters", "--annotate", "--adopt"}
READS = {"--causes"}
VALUE_OPTIONS = WRITES | READS | {
    "--rules", "--form", "--layout", "--jobs", "--engine", "--format", "--count", "--seed", "--reviewer",
    "--letter-date", "--deadline", "--base-url", "--model",
}  # fmt: skip
FILE_LIKE = re.compile(r"\.(txt|docx|xlsx|json|ya?ml|zip|csv|md)$|/$")


def _code_table() -> dict[str, str]:
    section = README.split("## 检查项 Finding codes", 1)[1].split("\n## ", 1)[0]
    return dict(re.findall(r"^\| ([A-Z]+(?:-[A-Z]+)*) \| ([^|]+?) \|", section, re.M))


def _examples() -> list[list[str]]:
    """Every `jixiao …` line of the bash blocks, in order, without comments and [optional] parts."""
    commands = []
    for block in re.findall(r"```bash\n(.*?)```", README, re.S):
        for line in block.splitlines():
            line = re.sub(r"\s#\s.*$", "", line).strip()
            if line.startswith("jixiao "):
                commands.append(shlex.split(re.sub(r"\[[^\]]*\]", "", line))[1:])
    return commands


def _files(args: list[str]) -> tuple[list[str], list[str]]:
    """The paths a command reads and the paths it writes."""
    reads, writes = [], []
    positional = []
    index = 0
    while index < len(args):
        arg = args[index]
        if arg in VALUE_OPTIONS:
            value = args[index + 1]
            (writes if arg in WRITES else reads if arg in READS else []).append(value)
            index += 2
            continue
        if not arg.startswith("--"):
            positional.append(arg)
        index += 1
    files = [a for a in positional if FILE_LIKE.search(a)]
    if args[0] == "convert":
        reads.append(files[0])
        writes.append(files[1])
    else:
        reads.extend(files)
    return reads, writes


def test_the_code_table_lists_every_code_with_its_severity() -> None:
    codes = yaml.safe_load((ROOT / "assistant" / "data" / "codes.yaml").read_text(encoding="utf-8"))["codes"]
    table = _code_table()
    assert sorted(table) == sorted(codes), (
        "README's finding-code table differs from assistant/data/codes.yaml"
    )
    for code, entry in codes.items():
        assert SEVERITY[entry["severity"]] in table[code], f"{code}: README says {table[code]}"


def test_every_file_an_example_reads_is_in_the_repository() -> None:
    commands = _examples()
    assert len(commands) >= 10
    written: set[str] = set()
    for args in commands:
        reads, writes = _files(args)
        for path in reads:
            assert path in written or (ROOT / path).exists(), (
                f"jixiao {' '.join(args)}: {path} is not in the repository"
            )
            assert not Path(path).is_absolute() and ".." not in Path(path).parts
        written.update(writes)


def test_the_offline_examples_run_in_a_fresh_checkout(tmp_path: Path, monkeypatch, capsys) -> None:
    """In README's order, from a folder holding only the repository's examples/: nothing is
    unreadable (exit 2) and every file the examples write is there afterwards."""
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    monkeypatch.chdir(tmp_path)
    ran = 0
    for args in _examples():
        if "llm" in args or args[0] == "learn":
            continue  # a model server, or the interactive trainer: not part of a fresh checkout
        code = main(args)
        err = capsys.readouterr().err
        assert code in (0, 1), f"jixiao {' '.join(args)} → exit {code}: {err}"
        for path in _files(args)[1]:
            assert (tmp_path / path).exists(), f"jixiao {' '.join(args)} did not write {path}"
        ran += 1
    assert ran >= 10


@pytest.mark.parametrize("word", [".xlsx", "--out"])
def test_excel_and_out_are_documented(word: str) -> None:
    assert README.count(word) >= 3
