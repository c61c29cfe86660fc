"""Reading forms from .xlsx as units fill them in Excel: merged cells, percent cells that hold
fractions, numbers stored as numbers or as text, several forms in a sheet or one per sheet, a
unit's own template with blank rows and columns, and bad files refused in one Chinese line."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from assistant.checks import run_checks
from assistant.cli import main
from assistant.formats import FormReadError, read_forms, read_forms_bytes
from assistant.formats.xlsx_numbers import display
from assistant.rules import load_rule_set
from tests.processes import jixiao
from tests.xlsx_builders import PERCENT, fill, form_grid, save, with_shared_strings, workbook_bytes


def _read(data: bytes) -> list:
    return read_forms_bytes(data, "自评表.xlsx")


def _dump(forms: list) -> list[dict]:
    return [form.model_dump() for form in forms]


def test_merged_cells_read_as_the_form_shows_them() -> None:
    (form,) = _read(workbook_bytes(form_grid()))
    assert form.header.project == "社区服务经费"  # merged across eight columns
    assert (form.header.department, form.header.unit) == ("安贞街道办事处", "社区建设办公室")
    assert form.money_unit == "万元"  # from the 项目资金 label merged down the funds rows
    assert [s.label for s in form.funds.sources] == ["其中：当年财政拨款"]
    assert form.goal.actual == "已保障10个社区154名社工的工资"
    # 产出指标 merged down three rows, 数量指标 down two: every row knows its levels
    levels = [(i.level1, i.level2, i.name) for i in form.indicators]
    assert levels == [
        ("产出指标", "数量指标", "保障社工人数"),
        ("产出指标", "数量指标", "覆盖社区数量"),
        ("产出指标", "时效指标", "工资按月发放"),
        ("效益指标", "社会效益指标", "社区服务正常运转率"),
        ("满意度指标", "服务对象满意度指标", "居民满意度"),
    ]
    assert (form.stated_weight_total.text, form.stated_total.text, form.grade) == ("100", "99.01", "优")


def test_a_percent_cell_holds_a_fraction_and_reads_as_the_percent_it_shows() -> None:
    (form,) = _read(workbook_bytes(form_grid(rate=(0.9010, PERCENT))))
    assert form.funds.total.rate.text == "90.10%"
    codes = {f.code for f in run_checks(form, load_rule_set())}
    assert "FUND-RATE" not in codes and "FUND-SCORE" not in codes  # 1960.5869 / 2175.9657 = 90.10 %
    (wrong,) = _read(workbook_bytes(form_grid(rate=(1, "0%"))))
    assert wrong.funds.total.rate.text == "100%"
    assert "FUND-RATE" in {f.code for f in run_checks(wrong, load_rule_set())}


def test_float_noise_and_number_formats_read_as_the_cell_displays_them() -> None:
    (form,) = _read(workbook_bytes(form_grid(executed=1960.5869000000001, score=(9.0100000001, "0.00"))))
    assert form.funds.total.executed.text == "1960.5869"
    assert form.funds.total.score.text == "9.01"
    (grouped,) = _read(workbook_bytes(form_grid(budget=(2175.9657, "#,##0.0000"))))
    assert grouped.funds.total.full_year_budget.text == "2175.9657"


def test_numbers_stored_as_text_read_the_same_as_numbers() -> None:
    as_numbers = _read(workbook_bytes(form_grid()))
    as_text = _read(
        workbook_bytes(form_grid(budget="2175.9657", executed="1960.5869", rate="90.10%", score="9.01"))
    )
    assert _dump(as_text) == _dump(as_numbers)


def test_two_forms_in_one_sheet() -> None:
    book = Workbook()
    sheet = book.active
    sheet.cell(row=1, column=1, value="附件1 项目支出绩效自评表")
    after = fill(sheet, form_grid("社区服务经费"), top=2)
    sheet.cell(row=after + 2, column=1, value="附件2 项目支出绩效自评表")
    fill(
        sheet,
        form_grid("民生家园建设经费", budget=1000, executed=1000, rate=(1, "0%"), score=10),
        top=after + 3,
    )
    first, second = _read(save(book))
    assert (first.header.project, second.header.project) == ("社区服务经费", "民生家园建设经费")
    assert second.title == "附件2项目支出绩效自评表"
    assert (second.funds.total.executed.text, second.funds.total.rate.text) == ("1000", "100%")
    assert len(first.indicators) == len(second.indicators) == 5


def test_one_form_per_sheet_and_hidden_sheets_left_out() -> None:
    book = Workbook()
    book.remove(book.active)
    for project in ("社区服务经费", "民生家园建设经费", "隐藏的旧表"):
        fill(book.create_sheet(project), form_grid(project))
    book["隐藏的旧表"].sheet_state = "hidden"
    assert [f.header.project for f in _read(save(book))] == ["社区服务经费", "民生家园建设经费"]


def test_a_units_template_with_blank_rows_and_columns_reads_the_same() -> None:
    plain = _read(workbook_bytes(form_grid()))
    spaced = []
    for row in form_grid():  # a blank column between the labels and the values
        spaced.append([row[0], "<" if row[1] == "<" else "", *row[1:]])
        if row[0] in ("其中：当年财政拨款", "^") and row[1] == "其中：当年财政拨款":
            spaced.append([""] * len(spaced[-1]))  # a blank row after the funds
    blank = [""] * len(spaced[0])
    spaced.insert(3, blank)  # and one after the header
    book = Workbook()
    sheet = book.active
    sheet.cell(row=2, column=3, value="项目支出绩效自评表")  # blank columns A and B, blank rows 1 and 3
    end = fill(sheet, spaced, top=4, left=3)
    sheet.cell(row=end + 5, column=30).number_format = PERCENT  # a formatted but empty cell far away
    assert _dump(_read(save(book))) == _dump(plain)


def test_the_cli_checks_an_xlsx_like_any_form(tmp_path: Path, capsys) -> None:
    path = tmp_path / "自评表.xlsx"
    path.write_bytes(workbook_bytes(form_grid(rate=(1, "0%"))))
    code = main(["check", str(path)])
    out = capsys.readouterr().out
    assert code == 1 and "FUND-RATE" in out and "90.10%" in out


# --- bad files ---------------------------------------------------------------------------------


def _zip(entries: dict[str, bytes]) -> bytes:
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return stream.getvalue()


def _docx() -> bytes:
    import docx

    stream = io.BytesIO()
    docx.Document().save(stream)
    return stream.getvalue()


GOOD = workbook_bytes(form_grid())
BAD_FILES = {
    "empty": (b"", "文件为空"),
    "truncated": (GOOD[: len(GOOD) // 2], "文件已损坏或不完整"),
    "encrypted": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "文件已加密"),
    "renamed text": ("项目名称,社区服务经费\n".encode(), "不是有效的 Excel 工作簿"),
    "renamed docx": (_docx(), "这是 Word 文档（.docx）"),
    "other zip": (_zip({"readme.txt": b"hello"}), "不是 Excel 工作簿（缺少 xl/workbook.xml）"),
    "empty workbook": (save(Workbook()), "工作簿中没有任何内容"),
    "no form": (workbook_bytes([["姓名", "电话"], ["张三", "123"]], title=None), "没有找到自评表"),
    "bomb": (_zip({"xl/workbook.xml": b"<workbook/>", "xl/big.xml": b" " * 30_000_000}), "疑似压缩炸弹"),
    "dtd": (
        _zip({"xl/workbook.xml": b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "a">]><workbook/>'}),
        "DTD",
    ),
    "broken xml": (_zip({"xl/workbook.xml": b"<workbook><sheets>"}), "不是有效的 XML"),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_bad_files_give_one_chinese_line_and_exit_2(tmp_path: Path, capsys, case: str) -> None:
    data, expected = BAD_FILES[case]
    path = tmp_path / "自评表.xlsx"
    path.write_bytes(data)
    with pytest.raises(FormReadError, match=expected):
        read_forms(path)
    code = main(["check", str(path)])
    err = capsys.readouterr().err.strip()
    assert code == 2
    assert err.startswith("错误：") and expected in err and "\n" not in err and "Traceback" not in err


def _with_sheet_xml(data: bytes, edit) -> bytes:
    """The workbook with its first sheet's XML edited as text (openpyxl would build every merged
    cell of a huge range in memory)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    entries = {info.filename: source.read(info) for info in source.infolist()}
    part = "xl/worksheets/sheet1.xml"
    entries[part] = edit(entries[part].decode()).encode()
    return _zip(entries)


def test_absurd_geometry_is_refused_not_computed() -> None:
    many_rows = "".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>行{r}</t></is></c></row>' for r in range(30, 5100)
    )
    whole_sheet = '<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>'
    for edit, expected in (
        (lambda xml: xml.replace("</sheetData>", many_rows + "</sheetData>"), "5000 行的上限"),
        (lambda xml: xml.replace('<c r="A1"', '<c r="XFE1"'), "超出 Excel 的范围"),
    ):
        with pytest.raises(FormReadError, match=expected):
            _read(_with_sheet_xml(GOOD, edit))
    # one merge over the whole sheet costs only the cells that hold text
    merged = _with_sheet_xml(GOOD, lambda xml: xml.replace("<mergeCells", whole_sheet + "<mergeCells", 1))
    with pytest.raises(FormReadError):  # it swallows the form: every cell is inside the merge
        _read(merged)


def test_a_bad_xlsx_through_the_real_command_line(tmp_path: Path) -> None:
    path = tmp_path / "加密.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    result = jixiao("check", path)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "文件已加密" in result.stderr


def test_shared_and_rich_text_strings_as_excel_saves_them() -> None:
    plain = _read(workbook_bytes(form_grid()))
    assert _dump(_read(with_shared_strings(workbook_bytes(form_grid())))) == _dump(plain)


def test_damaged_parts_give_a_reason_never_a_traceback() -> None:
    """Each XML part of a workbook cut short, overwritten, given a bad position, index or format,
    or left out: every outcome is forms or a one-line FormReadError."""
    import random

    source = zipfile.ZipFile(io.BytesIO(with_shared_strings(GOOD)))
    entries = {info.filename: source.read(info) for info in source.infolist()}
    parts = sorted(name for name in entries if name.endswith((".xml", ".rels")))
    inserts = (b'<c r="ZZZZ9"/>', b' r="A0"', b' s="999"', b' t="s"', b"<v>99999</v>",
               b'<mergeCell ref="A1:B"/>', b"<v>1e400</v>", b' numFmtId="14"')  # fmt: skip
    chance = random.Random(7)
    for _ in range(300):
        damaged = dict(entries)
        part = chance.choice(parts)
        data = bytearray(damaged[part])
        how = chance.randrange(4)
        if how == 0:
            data = data[: chance.randrange(len(data))]
        elif how == 1:
            for _ in range(5):
                data[chance.randrange(len(data))] = chance.randrange(32, 127)
        elif how == 2:
            at = chance.randrange(len(data))
            data[at:at] = chance.choice(inserts)
        damaged[part] = bytes(data)
        if how == 3:
            del damaged[part]
        try:
            _read(_zip(damaged))
        except FormReadError as exc:
            assert "\n" not in str(exc) and str(exc).startswith("自评表.xlsx：")


@pytest.mark.parametrize(
    ("raw", "format_id", "code", "shown"),
    [
        ("0.90100000000000002", 10, "0.00%", "90.10%"),
        ("1", 9, "0%", "100%"),
        ("1960.5869000000001", 0, "General", "1960.5869"),
        ("2175.9657", 4, "#,##0.00", "2175.97"),  # as the cell shows it, without the grouping comma
        ("9.0049999999999999", 2, "0.00", "9.01"),  # 9.005 to 15 digits first, then half up, as Excel
        ("-5.5", 2, "0.00", "-5.50"),
        ("154", 176, '0"人"', "154人"),
        ("12", 176, '"≥"0', "≥12"),
        ("100", 176, "0.00_ ;[Red]\\-0.00\\ ", "100.00"),
        ("0.001", 0, "General", "0.001"),
        ("44196", 14, "m/d/yy", "2020年12月31日"),
        ("44196", 176, 'yyyy"年"m"月"d"日"', "2020年12月31日"),
        ("abc", 0, "General", "abc"),
    ],
)
def test_a_number_cell_reads_as_its_format_shows_it(raw: str, format_id: int, code: str, shown: str) -> None:
    assert display(raw, format_id, code) == shown


def test_a_two_row_split_header_as_excel_templates_have_it() -> None:
    """年度指标值 merged over 指标性质 / 指标值 / 度量单位 in a second header row; values in 元."""
    grid = [
        ["项目名称", "营养改善计划", "<", "<", "<", "<", "<", "<", "<", "<"],
        ["主管部门", "县教育体育局", "<", "<", "实施单位", "明朗中学", "<", "<", "<", "<"],
        ["项目资金（元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分", "<", "<"],
        ["^", "年度资金总额", 387664.62, 387664.62, 387664.62, 10, (1, "0.00%"), 10, "<", "<"],
        ["年度总体目标", "预期目标", "<", "<", "<", "实际完成情况", "<", "<", "<", "<"],
        ["^", "保障学生营养餐", "<", "<", "<", "已保障", "<", "<", "<", "<"],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "<", "<", "实际完成值", "分值", "得分",
         "偏差原因"],
        ["^", "^", "^", "指标性质", "指标值", "度量单位", "^", "^", "^", "^"],
        ["产出指标", "数量指标", "受益学生人数", "≥", 1200, "人", "1236人", 50, 50, "无"],
        ["效益指标", "社会效益指标", "学生营养状况改善率", "≥", (0.95, "0%"), "", "96%", 30, 30, "无"],
        ["满意度指标", "服务对象满意度指标", "家长满意度", "≥", 90, "%", "93%", 10, 10, "无"],
        ["总分", "<", "<", "<", "<", "<", "<", 100, 100, "优"],
    ]  # fmt: skip
    (form,) = _read(workbook_bytes(grid))
    assert (form.layout, form.money_unit) == ("split-target", "元")
    assert form.funds.total.rate.text == "100.00%"
    targets = [(i.name, i.target.operator_text, i.target.text, i.target.unit_text) for i in form.indicators]
    assert targets == [
        ("受益学生人数", "≥", "1200", "人"),
        ("学生营养状况改善率", "≥", "95%", ""),
        ("家长满意度", "≥", "90", "%"),
    ]
    assert [str(i.weight.value) for i in form.indicators] == ["50", "30", "10"]


def test_text_under_no_column_names_the_sheet_and_the_cell() -> None:
    """As in Word, a cell that lies under no label is not dropped silently."""
    grid = form_grid()
    for row in grid:
        row.append("")
    grid[10][-1] = "备注：另行报送"  # beside 覆盖社区数量, right of the last column
    with pytest.raises(FormReadError, match=r"工作表“表1”：.*覆盖社区数量.*多出一格“备注：另行报送”"):
        _read(workbook_bytes(grid))


def test_notes_above_and_a_signature_row_below_the_table_are_not_the_form() -> None:
    book = Workbook()
    sheet = book.active
    sheet["A1"], sheet["A2"], sheet["H3"] = "项目支出绩效自评表", "（2020年度）", "单位：万元"
    end = fill(sheet, form_grid(), top=4)
    for column, text in ((1, "填报人：李四"), (5, "联系电话：12345678"), (8, "填报日期：2021年3月1日")):
        sheet.cell(row=end + 1, column=column, value=text)
    (form,) = _read(save(book))
    (plain,) = _read(workbook_bytes(form_grid()))
    assert form.year == 2020
    assert form.model_copy(update={"year": None}).model_dump() == plain.model_dump()
