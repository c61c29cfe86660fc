"""Text files built to hurt the reader: too many cells, rows, tables or lines, or a line too long,
get one Chinese line naming the place, fast and with memory flat; a real form still reads."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest

from assistant.formats import FormReadError, read_forms_bytes
from assistant.formats.docx_safety import MAX_COLUMNS, MAX_ROWS, MAX_TABLES
from assistant.formats.text import MAX_LINE_CHARS, MAX_LINES
from tests.factories import SEED_TXT
from tests.processes import jixiao


def _row(cells: int) -> str:
    return "".join(f"\t格{index}\n" for index in range(cells)) + "\n"


HOSTILE = {
    # name: (text, what the message must name)
    "cells": ("标题\n" + _row(MAX_COLUMNS + 1), ("第 1 个表格第 1 行", f"{MAX_COLUMNS} 格的上限")),
    "rows": (_row(2) * (MAX_ROWS + 1), ("第 1 个表格", f"{MAX_ROWS} 行的上限")),
    "tables": (("段落\n" + _row(1)) * (MAX_TABLES + 1), ("表格超过", f"{MAX_TABLES} 个的上限")),
    "line-length": ("标题\n" + "长" * (MAX_LINE_CHARS + 1) + "\n", ("第 2 行", f"{MAX_LINE_CHARS} 个字符")),
    "lines": ("段\n" * (MAX_LINES + 1), (f"{MAX_LINES} 行的上限",)),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_text_geometry_is_bounded(case: str) -> None:
    text, expected = HOSTILE[case]
    data = text.encode("utf-8")
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(FormReadError) as caught:
            read_forms_bytes(data, "hostile.txt")
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    elapsed = time.perf_counter() - started
    message = str(caught.value)
    assert "\n" not in message and message.startswith("hostile.txt：") and "上限" in message, message
    assert all(part in message for part in expected), message
    assert elapsed < 20 and peak < 200 * 1024 * 1024, (elapsed, peak)


def test_a_long_cell_of_many_lines_reads_in_linear_time() -> None:
    """Continuation lines are joined once per cell, not copied again for every line."""
    text = "\t年度总体目标\n\t" + "目标\n" * (MAX_LINES - 10) + "\n"
    started = time.perf_counter()
    with pytest.raises(FormReadError) as caught:
        read_forms_bytes(text.encode("utf-8"), "long.txt")
    assert "没有找到自评表" in str(caught.value)
    assert time.perf_counter() - started < 20


def test_a_form_at_the_bounds_still_reads() -> None:
    """The seed, then a paragraph and a row of exactly the most cells a Word table may have."""
    text = SEED_TXT.read_text(encoding="utf-8") + "\n附注\n" + _row(MAX_COLUMNS)
    forms = read_forms_bytes(text.encode("utf-8"), "seed.txt")
    assert [f.project for f in forms] == ["公共服务经费", "民生家园建设经费"]


def test_too_many_cells_exits_2_from_check(tmp_path: Path) -> None:
    path = tmp_path / "cells.txt"
    path.write_text(HOSTILE["cells"][0], encoding="utf-8")
    result = jixiao("check", path)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "第 1 个表格第 1 行" in lines[0] and "Traceback" not in result.stderr
