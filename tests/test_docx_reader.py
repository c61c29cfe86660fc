"""Reading the Word forms units publish: documents built independently of our writer, each with its
own merges and label variants, come back with every number and text in place."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import docx
from docx.oxml.ns import qn
from lxml import etree

from assistant.formats import read_forms
from assistant.formats.docx_reader import document_items
from assistant.formats.docx_writer import write_docx
from assistant.formats.grid import GridCell
from tests.docx_files import built_fixture, docx_dir_fixture, row_cells, yongde_data_fixture  # noqa: F401
from tests.factories import good_form
from tests.processes import jixiao

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def test_sichuan_split_layout_in_yuan_reads_exactly(built) -> None:
    path, expected = built["sichuan"]
    forms = read_forms(path)
    assert [f.model_dump() for f in forms] == [f.model_dump() for f in expected]
    (form,) = forms
    assert (form.layout, form.money_unit, form.year) == ("split-target", "元", 2021)
    assert form.funds.total.full_year_budget.text == "480000.00"  # 调整后预算数, over two grid columns
    assert [s.label for s in form.funds.sources] == ["财政资金", "财政专户管理资金", "单位资金", "其他资金"]


def test_a_merged_cell_lands_in_one_field_only(built) -> None:
    """ "有效" spans 指标性质/指标值/度量单位 and "—" spans 执行率/权重/得分: neither is copied."""
    (form,) = read_forms(built["sichuan"][0])
    qualitative = next(i for i in form.indicators if i.name == "学员职业技能提升")
    assert (qualitative.target.operator_text, qualitative.target.text, qualitative.target.unit_text) == (
        "",
        "有效",
        "",
    )
    source = form.funds.sources[0]
    assert [source.weight.text, source.rate.text, source.score.text].count("—") == 1


def test_two_annexes_with_suffixed_labels_and_a_nested_table(built) -> None:
    path, expected = built["suffixed"]
    forms = read_forms(path)
    assert [f.model_dump() for f in forms] == [f.model_dump() for f in expected]
    first, second = forms
    assert first.funds.total.weight.text == "20" and second.funds.total.weight.text == "20"
    assert first.funds.total.rate.text == "95.00%"  # under 执行率（B/A）
    assert [i.label for i in first.indicators] == ["指标1"] * 7  # "指标1:" and "指标1：" alike
    assert first.indicators[4].category2 == "经济效益指标"  # written "经济效益" + line break + "指标"
    assert first.indicators[0].category1 == "产出指标"  # written "产出指标（50分）"


def test_the_published_example_keeps_every_cell(built) -> None:
    path, expected = built["yongde"]
    (form,) = read_forms(path)
    assert form.model_dump() == expected[0].model_dump()
    target = form.indicators[0].target
    assert (target.operator_text, target.text, target.unit_text) == ("≧", "735", "人次")
    assert (form.stated_total.text, form.grade, form.other_notes) == ("96", "优", "无")


LABELS = {
    "项目名称", "主管部门", "实施单位", "项目负责人", "联系电话", "项目资金\n（元）", "年初预算数",
    "全年预算数", "全年执行数", "分值", "执行率", "得分", "年度资金总额", "年度总体目标", "预期目标",
    "实际完成情况", "绩效指标", "一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位",
    "实际完成值", "偏差原因分析及改进措施", "总分", "其他需要说明事项",
}  # fmt: skip


def _document_texts(path: Path) -> set[str]:
    """Every non-empty cell and paragraph, read with python-docx (merged cells once, by w:tc)."""
    document = docx.Document(str(path))
    texts = {p.text for p in document.paragraphs}
    texts |= {cell.text for table in document.tables for row in table.rows for cell in row_cells(row)}
    return {t for t in texts if t.strip()}


def _model_texts(value: object) -> set[str]:
    if isinstance(value, dict):
        return {t for v in value.values() for t in _model_texts(v)}
    if isinstance(value, list):
        return {t for v in value for t in _model_texts(v)}
    return {value} if isinstance(value, str) and value.strip() else set()


def test_no_cell_lost_and_none_invented(built) -> None:
    path, _ = built["yongde"]
    (form,) = read_forms(path)
    model = _model_texts(form.model_dump(exclude={"layout", "money_unit"}, exclude_computed_fields=True))
    in_document = _document_texts(path)
    assert model <= in_document, f"invented: {model - in_document}"
    assert in_document - model <= LABELS, f"lost: {in_document - model - LABELS}"


def _items(body_xml: str):
    root = etree.fromstring(f'<w:body xmlns:w="{W_NS}">{body_xml}</w:body>')
    return document_items(root)


def test_merged_cells_yield_their_grid_position_once() -> None:
    row = (
        "<w:tbl><w:tr><w:trPr><w:gridBefore w:val='1'/></w:trPr>"
        "<w:tc><w:tcPr><w:gridSpan w:val='2'/><w:vMerge w:val='restart'/></w:tcPr><w:p><w:r><w:t>绩效</w:t>"
        "</w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>A</w:t></w:r></w:p></w:tc></w:tr>"
        "<w:tr><w:tc><w:tcPr><w:gridSpan w:val='3'/><w:vMerge/></w:tcPr><w:p><w:r><w:t>绩效</w:t></w:r></w:p>"
        "</w:tc><w:tc><w:p/></w:tc></w:tr></w:tbl>"
    )
    first, second = _items(row)
    assert first == [GridCell("绩效", 1, 2), GridCell("A", 3)]
    assert second == [GridCell("", 0, 3), GridCell("", 3)]  # the continuation reads empty: filled down


def test_cell_text_keeps_breaks_tabs_and_drops_deleted_text() -> None:
    cell = (
        "<w:tbl><w:tr><w:tc><w:p><w:pPr><w:tabs><w:tab w:val='left' w:pos='720'/></w:tabs></w:pPr>"
        "<w:r><w:t>年度</w:t><w:br/><w:t>指标值</w:t><w:tab/><w:t>x</w:t></w:r>"
        "<w:del><w:r><w:delText>删掉的</w:delText></w:r></w:del><w:ins><w:r><w:t>补上的</w:t></w:r></w:ins></w:p>"
        "<w:p><w:r><w:t>第二段</w:t></w:r></w:p></w:tc>"
        "<w:sdt><w:sdtContent><w:tc><w:p><w:r><w:t>控件里</w:t></w:r></w:p></w:tc></w:sdtContent></w:sdt>"
        "</w:tr></w:tbl><w:p><w:r><w:t>表外段落</w:t></w:r></w:p>"
    )
    row, paragraph = _items(cell)
    assert [c.text for c in row] == ["年度\n指标值\tx补上的\n第二段", "控件里"]
    assert paragraph == "表外段落"


def test_check_reads_every_form_of_a_docx(built) -> None:
    path, expected = built["suffixed"]
    result = jixiao("check", path, "--format", "json")
    assert result.returncode in (0, 1), result.stderr
    reports = json.loads(result.stdout)["reports"]
    assert [r["project"] for r in reports] == [f.project for f in expected]
    assert reports[0]["computed"]["execution_rate"] == "95.00%"
    assert reports[1]["computed"]["funds_score"] == "20"


def test_a_form_split_into_two_tables_reads_as_one(tmp_path: Path) -> None:
    """Copy-paste often leaves the indicator rows in a second table after an empty paragraph."""
    form = good_form()
    path = tmp_path / "split.docx"
    write_docx([form], path)
    document = docx.Document(str(path))
    table = document.tables[-1]._tbl  # the indicator table (our writer writes two per form)
    rows = table.findall(qn("w:tr"))
    cut = len(rows) - 4  # the last three indicators and 总分 go to a second table
    second = copy.deepcopy(table)
    for tr in second.findall(qn("w:tr"))[:cut]:
        second.remove(tr)
    for tr in rows[cut:]:
        table.remove(tr)
    gap = document.add_paragraph("")._p
    table.addnext(gap)
    gap.addnext(second)
    document.save(str(path))
    assert len(docx.Document(str(path)).tables) == 3
    assert [f.model_dump() for f in read_forms(path)] == [form.model_dump()]
