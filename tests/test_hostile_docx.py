"""Word files built to hurt the reader: table geometry (spans, columns, rows, tables) that would
drive memory and time gets one Chinese line naming the table, fast and with memory flat."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest
from lxml import etree

from assistant.formats import FormReadError, read_forms_bytes
from tests.docx_hostile import W, cell, edited, good_docx, set_span, w
from tests.processes import jixiao


def _read(data: bytes, name: str = "hostile.docx"):
    return read_forms_bytes(data, name)


# --- 1. table geometry ------------------------------------------------------------------------


def _huge_span(root: etree._Element) -> None:
    set_span(cell(root, "年度资金总额", 1), "100000000")


def _huge_grid_before(root: etree._Element) -> None:
    tr = cell(root, "年度资金总额", 0).getparent()
    tr_pr = tr.find(f"{W}trPr")
    if tr_pr is None:
        tr_pr = w("trPr")
        tr.insert(0, tr_pr)
    tr_pr.insert(0, w("gridBefore", val="2000000000"))


def _many_cells(root: etree._Element) -> None:
    tr = cell(root, "年度资金总额", 0).getparent()
    for _ in range(500):
        tc = w("tc")
        tc.append(w("p"))
        tr.append(tc)


def _many_rows(root: etree._Element) -> None:
    table = next(root.iter(f"{W}tbl"))
    for _ in range(20_000):
        tr = w("tr")
        tc = w("tc")
        tc.append(w("p"))
        tr.append(tc)
        table.append(tr)


def _many_tables(root: etree._Element) -> None:
    body = root.find(f"{W}body")
    for _ in range(600):
        table = w("tbl")
        tr = w("tr")
        tc = w("tc")
        tc.append(w("p"))
        tr.append(tc)
        table.append(tr)
        body.insert(0, table)


GEOMETRY = {
    "huge-span": (_huge_span, "第 1 个表格", "列"),
    "huge-grid-before": (_huge_grid_before, "第 1 个表格", "列"),
    "many-cells": (_many_cells, "第 1 个表格", "列"),
    "many-rows": (_many_rows, "第 1 个表格", "行"),
    "many-tables": (_many_tables, "表格", "个"),
}


@pytest.mark.parametrize("case", sorted(GEOMETRY))
def test_untrusted_table_geometry_is_bounded(case: str) -> None:
    edit, where, what = GEOMETRY[case]
    data = edited(edit)
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(FormReadError) as caught:
            _read(data)
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    elapsed = time.perf_counter() - started
    message = str(caught.value)
    assert "\n" not in message and where in message and what in message and "上限" in message, message
    assert elapsed < 20 and peak < 200 * 1024 * 1024, (elapsed, peak)


def test_huge_span_exits_2_from_check(tmp_path: Path) -> None:
    path = tmp_path / "span.docx"
    path.write_bytes(edited(_huge_span))
    result = jixiao("check", path)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "第 1 个表格" in lines[0] and "Traceback" not in result.stderr


def test_a_merged_cell_within_bounds_still_reads() -> None:
    assert _read(good_docx())[0].funds.total.executed.text == "2000"
