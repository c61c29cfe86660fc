"""The exported Word file: the official layout, Chinese fonts that really apply, merged label cells,
and the form written exactly as it stands unless computed values are asked for."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from assistant.form import Form
from assistant.formats.docx_prepare import split_target_text, to_layout
from assistant.formats.docx_writer import EAST_ASIAN_FONT, write_docx
from tests.docx_files import docx_dir_fixture, row_cells, seed_docx_fixture, seed_forms_fixture  # noqa: F401
from tests.factories import good_form


def _table_texts(rows) -> list[list[str]]:
    """Each row's cells once (python-docx repeats a merged cell for every grid column)."""
    return [[cell.text for cell in row_cells(row)] for row in rows]


def _first_form(document) -> list:
    """The rows of the first form: its two tables (header, funds, goal; then the indicators)."""
    return [*document.tables[0].rows, *document.tables[1].rows]


def _v_merge(tc) -> str | None:
    merge = tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
    return None if merge is None else merge.get(qn("w:val"), "continue")


def test_a4_landscape_with_title_and_year_above_each_table(seed_docx) -> None:
    document = docx.Document(str(seed_docx["single-cell"]))
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)
    texts = [p.text for p in document.paragraphs if p.text]
    assert texts == ["朝阳区项目支出绩效自评表", "（2020年度）"] * 2
    assert len(document.tables) == 4  # two per form: the indicator table starts with its header


def test_second_form_starts_on_a_new_page(seed_docx) -> None:
    document = docx.Document(str(seed_docx["single-cell"]))
    titles = [p for p in document.paragraphs if p.text == "朝阳区项目支出绩效自评表"]
    assert [p.paragraph_format.page_break_before for p in titles] == [None, True]


def test_chinese_font_is_set_as_east_asian_on_the_style_and_every_run(seed_docx) -> None:
    document = docx.Document(str(seed_docx["split-target"]))
    normal = document.styles["Normal"].element.rPr.rFonts
    assert normal.get(qn("w:eastAsia")) == EAST_ASIAN_FONT
    defaults = document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    assert defaults.find(qn("w:rFonts")).get(qn("w:eastAsia")) == EAST_ASIAN_FONT
    assert defaults.find(qn("w:rFonts")).get(qn("w:eastAsiaTheme")) is None  # a theme font would win
    runs = document.element.body.findall(f".//{qn('w:r')}")
    assert runs and all(r.find(f"{qn('w:rPr')}/{qn('w:rFonts')}").get(qn("w:eastAsia")) for r in runs)


def test_label_cells_merge_down_their_rows(seed_docx, seed_forms) -> None:
    rows = _first_form(docx.Document(str(seed_docx["single-cell"])))
    first_cells = [row._tr.tc_lst[0] for row in rows]
    texts = [tc.xpath("string(.)") for tc in first_cells]
    funds = texts.index("项目资金（万元）")
    assert [_v_merge(tc) for tc in first_cells[funds : funds + 5]] == ["restart", *["continue"] * 4]
    indicators = texts.index("绩效指标")
    n = len(seed_forms[0].indicators)
    merges = [_v_merge(tc) for tc in first_cells[indicators : indicators + n + 1]]
    assert merges == ["restart", *["continue"] * n]
    level1 = [_v_merge(row._tr.tc_lst[1]) for row in rows[indicators + 1 : indicators + 5]]
    assert level1 == ["restart", "continue", "continue", "continue"]  # 产出指标 over its four rows


def test_header_labels_follow_the_chosen_layout(seed_docx) -> None:
    for layout, labels in (
        ("single-cell", ["年度\n指标值"]),
        ("split-target", ["指标性质", "指标值", "度量单位"]),
    ):
        rows = _table_texts(_first_form(docx.Document(str(seed_docx[layout]))))
        header = next(r for r in rows if "一级指标" in r)
        assert header[4 : 4 + len(labels)] == labels
        assert header[:4] == ["绩效\n指标", "一级指标", "二级指标", "三级指标"]


def test_the_form_is_written_as_it_stands(seed_docx) -> None:
    rows = _table_texts(_first_form(docx.Document(str(seed_docx["single-cell"]))))
    total = next(r for r in rows if "年度资金总额" in r)
    assert total[-3:] == ["10", "100%", "10"]  # wrong as stated: never silently corrected
    assert next(r for r in rows if r[0] == "总分")[1:3] == ["100", "1000"]


def test_computed_values_only_on_request(tmp_path: Path, seed_forms: list[Form]) -> None:
    before = [f.model_dump() for f in seed_forms]
    path = tmp_path / "filled.docx"
    write_docx(seed_forms, path, fill_computed=True, rules="mof-2020")
    rows = _table_texts(_first_form(docx.Document(str(path))))
    assert next(r for r in rows if "年度资金总额" in r)[-3:] == ["10", "90.10%", "9.01"]
    assert next(r for r in rows if r[0] == "总分")[1:4] == ["100", "99.01", "优"]
    assert [f.model_dump() for f in seed_forms] == before  # the forms passed in are not touched


def test_writes_to_a_stream() -> None:
    stream = io.BytesIO()
    write_docx([good_form()], stream)
    assert docx.Document(io.BytesIO(stream.getvalue())).tables[0].cell(0, 0).text == "项目名称"


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("≥154人", ("≥", "154", "人")),
        ("≤2175.97万元", ("≤", "2175.97", "万元")),
        ("=10个", ("=", "10", "个")),
        ("95%以上", ("≥", "95", "%")),
        ("100%", ("", "100", "%")),
        ("2020年12月前完成", ("", "2020年12月前完成", "")),
        ("满意度100%", ("", "满意度100%", "")),
        ("", ("", "", "")),
    ],
)
def test_a_one_cell_target_splits_into_operator_value_unit(text: str, parts: tuple[str, str, str]) -> None:
    assert split_target_text(text) == parts


def test_switching_layout_keeps_what_the_target_says() -> None:
    form = good_form()
    split = to_layout(form, "split-target")
    assert split.layout == "split-target" and form.layout == "single-cell"
    for before, after in zip(form.indicators, split.indicators, strict=True):
        assert after.target.parse(2020) == before.target.parse(2020)
    back = to_layout(split, "single-cell")
    assert [i.target.text for i in back.indicators] == [i.target.text for i in form.indicators]


def test_the_indicator_header_repeats_on_each_page_and_rows_stay_whole(seed_docx) -> None:
    document = docx.Document(str(seed_docx["split-target"]))
    for table in document.tables:
        rows = table._tbl.findall(qn("w:tr"))
        assert all(tr.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None for tr in rows)
        repeated = [tr for tr in rows if tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None]
        texts = [tc.xpath("string(.)") for tr in repeated for tc in tr.findall(qn("w:tc"))]
        if "一级指标" in [tc.xpath("string(.)") for tc in rows[0].findall(qn("w:tc"))]:
            assert repeated == rows[:1] and "三级指标" in texts  # the indicator table's first row
        else:
            assert repeated == []  # the header and funds table repeats nothing
    assert sum(bool(t._tbl.xpath(".//w:tblHeader")) for t in document.tables) == 2  # one per form
