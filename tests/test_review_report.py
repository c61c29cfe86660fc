"""The batch review report: what a finance bureau opens in Excel, as CSV or as Markdown."""

from __future__ import annotations

import csv
import gc
import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from assistant.review import xlsx as review_xlsx
from assistant.review.batch import FileResult, review_uploads, run_tasks
from assistant.review.inputs import expand_paths
from assistant.review.report_files import (
    ReportError,
    check_output,
    is_our_report,
    report_bytes,
    report_files,
    write_report,
)
from assistant.review.tables import FINDING_HEADERS, SUMMARY_HEADERS, summary_records
from assistant.rules import load_rule_set
from tests.review_corpus import UNREADABLE_KEYS, good_form, mixed_folder, write_json

RULES = load_rule_set("mof-2020")
FORMS_IN_MIXED_FOLDER = 6  # good, unspent, two in two.json, two in the seed


@pytest.fixture
def folder(tmp_path) -> tuple[Path, dict[str, Path]]:
    root = tmp_path / "收到的自评表"
    return root, mixed_folder(root)


def results_of(root: Path) -> list[FileResult]:
    return list(run_tasks(expand_paths([root]), RULES, jobs=1))


def table(sheet) -> list[dict[str, object]]:
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_xlsx_has_four_sheets_with_chinese_headers_frozen_and_filtered(folder, tmp_path):
    root, files = folder
    out = tmp_path / "report.xlsx"
    results = results_of(root)

    stats = write_report(results, out, "xlsx", RULES)

    book = load_workbook(out)
    assert book.sheetnames == ["表单汇总", "问题明细", "统计", "无法读取的文件"]
    summary, findings, unreadable = book["表单汇总"], book["问题明细"], book["无法读取的文件"]
    assert [c.value for c in summary[1]] == list(SUMMARY_HEADERS)
    assert [c.value for c in findings[1]] == list(FINDING_HEADERS)
    for sheet in (summary, findings, unreadable):
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, sheet.max_column).column_letter}{sheet.max_row}"
        assert sheet.column_dimensions["A"].width >= 28
    assert summary.column_dimensions["Q"].width >= 60  # 主要问题

    rows = table(summary)
    assert len(rows) == stats.forms == FORMS_IN_MIXED_FOLDER
    assert len(table(findings)) == sum(len(row.findings) for r in results for row in r.forms)
    listed = {row["文件"]: row["原因"] for row in table(unreadable)}
    assert set(listed) == {str(files[key]) for key in UNREADABLE_KEYS}
    assert listed[str(files["empty"])] == "文件为空"


def test_xlsx_summary_row_shows_stated_and_recomputed_figures(folder, tmp_path):
    root, files = folder
    out = tmp_path / "report.xlsx"
    write_report(results_of(root), out, "xlsx", RULES)

    sheet = load_workbook(out)["表单汇总"]
    row = next(r for r in table(sheet) if r["文件"] == str(files["unspent"]))
    assert (row["填报执行率"], row["复核执行率"]) == ("100%", 0.9)
    assert (row["填报资金得分"], row["复核资金得分"]) == ("10", 9)
    assert row["错误数"] >= 2 and row["主要问题"].startswith("执行率与资金数不符：执行率应为 90.00%")
    rate_cell = next(c for c in sheet["H"] if c.value == 0.9)
    assert rate_cell.number_format == "0.00%"


def test_statistics_sheet(folder, tmp_path):
    root, _ = folder
    out = tmp_path / "report.xlsx"
    write_report(results_of(root), out, "xlsx", RULES)

    cells = [row for row in load_workbook(out)["统计"].iter_rows(values_only=True) if any(row)]
    values = {row[0]: row[1] for row in cells}
    # unspent.json and the seed's first form have FUND-RATE / FUND-SCORE / TOTAL-SCORE errors
    assert values["有计算错误的表单数"] == 2
    assert values["有计算错误的表单占比"] == "33.33%"
    assert values["无法读取的文件数"] == len(UNREADABLE_KEYS)
    code_rows = {row[0]: row for row in cells if row[0] in ("FUND-RATE", "GRADE", "SMART-SATISFACTION")}
    assert code_rows["FUND-RATE"][1:5] == ("执行率与资金数不符", "错误", 2, 2)
    assert code_rows["GRADE"][3] == 1
    header = next(row for row in cells if row[0] == "填报等级 \\ 复核等级")
    good_row = next(row for row in cells if row[0] == "良" and row[1] is not None and row[1] != "")
    assert header[1:5] == ("优", "良", "中", "差")
    assert good_row[1] == 1  # stated 良, recomputed 优: wrong_grade_form
    units = [row for row in cells if row[0] == "社区建设办公室"]
    assert units and units[0][4] >= 2  # errors of the unit, from unspent.json and the seed


def test_a_long_table_continues_on_the_next_sheet(monkeypatch, tmp_path):
    monkeypatch.setattr(review_xlsx, "EXCEL_MAX_ROWS", 4)  # header + 3 rows per sheet
    paths = [write_json(tmp_path / "in" / f"{i}.json", good_form()) for i in range(7)]
    out = tmp_path / "report.xlsx"
    write_report(run_tasks(expand_paths(paths), RULES, jobs=1), out, "xlsx", RULES)

    book = load_workbook(out)
    assert book.sheetnames[:3] == ["表单汇总", "表单汇总（2）", "表单汇总（3）"]
    assert sum(len(table(book[name])) for name in book.sheetnames[:3]) == 7
    assert all(book[name].freeze_panes == "A2" for name in book.sheetnames[:3])


def hostile_result() -> FileResult:
    form = good_form()
    form.header.project = '=HYPERLINK("http://example.invalid","点我")'
    form.header.unit = "社区\x07办公室|二科"
    (result,) = review_uploads([("hostile.json", write_json_bytes(form))]).files
    return result


def write_json_bytes(form) -> bytes:
    from assistant.formats import forms_to_json

    return forms_to_json([form]).encode()


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    result = hostile_result()
    write_report([result], tmp_path / "r.xlsx", "xlsx", RULES)
    write_report([result], tmp_path / "r.csv", "csv", RULES)

    cell = load_workbook(tmp_path / "r.xlsx")["表单汇总"]["D2"]
    assert (cell.value, cell.data_type) == ('=HYPERLINK("http://example.invalid","点我")', "s")
    assert load_workbook(tmp_path / "r.xlsx")["表单汇总"]["F2"].value == "社区办公室|二科"
    with (tmp_path / "r.csv").open(encoding="utf-8-sig") as stream:
        row = list(csv.reader(stream))[1]
    assert row[3] == '\'=HYPERLINK("http://example.invalid","点我")'


def test_csv_is_four_files_excel_can_open(folder, tmp_path):
    root, files = folder
    out = tmp_path / "审核.csv"
    write_report(results_of(root), out, "csv", RULES)

    paths = report_files(out)
    assert [p.name for p in paths] == [
        "审核.csv",
        "审核-问题明细.csv",
        "审核-统计.csv",
        "审核-无法读取的文件.csv",
    ]
    assert all(p.read_bytes().startswith(b"\xef\xbb\xbf") for p in paths)  # BOM: Excel reads UTF-8
    summary = list(csv.DictReader(paths[0].open(encoding="utf-8-sig")))
    assert len(summary) == FORMS_IN_MIXED_FOLDER
    unspent = next(r for r in summary if r["文件"] == str(files["unspent"]))
    assert (unspent["复核执行率"], unspent["复核资金得分"]) == ("90.00%", "9")
    findings = list(csv.DictReader(paths[1].open(encoding="utf-8-sig")))
    assert {"FUND-RATE", "GRADE", "SMART-SATISFACTION"} <= {r["代码"] for r in findings}
    assert len(list(csv.DictReader(paths[3].open(encoding="utf-8-sig")))) == len(UNREADABLE_KEYS)
    assert "有计算错误的表单占比,33.33%" in paths[2].read_text(encoding="utf-8-sig")


def test_markdown_has_the_parts_in_order_with_cells_escaped(folder, tmp_path):
    root, _ = folder
    out = tmp_path / "r.md"
    write_report([*results_of(root), hostile_result()], out, "md", RULES)

    text = out.read_text(encoding="utf-8")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == ["## 表单汇总", "## 问题明细", "## 统计", "## 无法读取的文件"]
    assert "社区办公室\\|二科" in text
    summary = text.split("## 表单汇总")[1].split("## 问题明细")[0]
    assert summary.count("\n| ") == 2 + FORMS_IN_MIXED_FOLDER + 1  # header, rule, forms, hostile


@pytest.mark.parametrize("fmt", ["xlsx", "md", "csv"])
def test_report_bytes_for_a_download(folder, fmt):
    root, _ = folder
    uploads = [(p.name, p.read_bytes()) for p in sorted(root.rglob("*")) if p.is_file()]
    data = report_bytes(review_uploads(uploads), fmt)
    if fmt == "xlsx":
        assert load_workbook(io.BytesIO(data)).sheetnames[0] == "表单汇总"
    elif fmt == "md":
        assert data.decode("utf-8").startswith("# 绩效自评表批量审核报告")
    else:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            assert len(archive.namelist()) == 4


def test_records_for_the_app_table_sort_by_numbers(folder):
    root, files = folder
    records = summary_records(row for result in results_of(root) for row in result.forms)
    assert len(records) == FORMS_IN_MIXED_FOLDER and list(records[0]) == list(SUMMARY_HEADERS)
    unspent = next(r for r in records if r["文件"] == str(files["unspent"]))
    assert (unspent["复核执行率"], unspent["复核资金得分"], unspent["错误数"]) == (90.0, 9.0, 2)
    assert sorted(r["复核执行率"] for r in records)[0] == 90.0


@pytest.mark.filterwarnings("error::pytest.PytestUnraisableExceptionWarning")  # no noise on Ctrl-C
def test_a_failed_run_leaves_the_previous_report_untouched(folder, tmp_path):
    root, _ = folder
    out = tmp_path / "report.xlsx"
    write_report(results_of(root), out, "xlsx", RULES)
    before = out.read_bytes()

    def interrupted():
        yield from results_of(root)[:2]
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_report(interrupted(), out, "xlsx", RULES)
    gc.collect()  # abandoned openpyxl streams would complain here
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.xlsx", "收到的自评表"]


# --- where a report may be written ----------------------------------------------------------


def test_only_our_own_reports_are_overwritten(folder, tmp_path):
    root, _ = folder
    for name in ("ours.xlsx", "ours.csv", "ours.md"):
        write_report(results_of(root), tmp_path / name, name.rsplit(".", 1)[1], RULES)
        assert all(is_our_report(p) for p in report_files(tmp_path / name))
        check_output(tmp_path / name, [])  # may be replaced

    foreign = tmp_path / "预算.xlsx"
    book = Workbook()
    book.active.append(["文件", "表序号"])  # looks like ours, but someone else wrote it
    book.save(foreign)
    with pytest.raises(ReportError, match="不是本工具生成的审核报告"):
        check_output(foreign, [])
    check_output(foreign, [], force=True)

    notes = tmp_path / "notes-问题明细.csv"  # a companion of notes.csv that we did not write
    notes.write_text("我的笔记\n", encoding="utf-8")
    with pytest.raises(ReportError, match=r"notes-问题明细\.csv"):
        check_output(tmp_path / "notes.csv", [])


def test_an_input_is_never_overwritten_even_when_forced(tmp_path):
    target = tmp_path / "list.md"
    target.write_text("# 绩效自评表批量审核报告\n", encoding="utf-8")
    with pytest.raises(ReportError, match="不能覆盖输入文件"):
        check_output(target, [target], force=True)


@pytest.mark.parametrize(
    ("name", "message"), [("r.pdf", "不支持的报告格式"), ("missing/r.xlsx", "所在文件夹不存在")]
)
def test_unusable_report_names(tmp_path, name, message):
    with pytest.raises(ReportError, match=message):
        check_output(tmp_path / name, [])


def test_empty_batch_still_makes_a_valid_report(tmp_path):
    stats = write_report([], tmp_path / "r.xlsx", "xlsx", RULES)
    assert stats.forms == 0
    sheet = load_workbook(tmp_path / "r.xlsx")["统计"]
    values = {row[0]: row[1] for row in sheet.iter_rows(values_only=True)}
    assert (values["读取的表单数"], values["有计算错误的表单占比"]) == (0, "—")
    assert load_workbook(tmp_path / "r.xlsx")["表单汇总"].max_row == 1


def test_the_summary_has_a_verdict_column_to_filter_on(tmp_path, seed_txt):
    out = tmp_path / "seed.xlsx"
    write_report(list(run_tasks(expand_paths([seed_txt]), RULES, jobs=1)), out, "xlsx", RULES)
    summary = load_workbook(out)["表单汇总"]
    verdicts = [c.value for c in summary["C"]]
    assert verdicts == ["审核结论", "退回", "退回"]
    details = [[c.value for c in r] for r in load_workbook(out)["问题明细"].iter_rows()]
    merged = [r for r in details[1:] if r[3] == "SMART-NO-DEADLINE"]
    # the codes merged into it, last column ("按全年计划进行" is unmeasurable and vague)
    assert merged and merged[0][-1] == "SMART-UNMEASURABLE、SMART-VAGUE"
    stats = [[c.value for c in r] for r in load_workbook(out)["统计"].iter_rows()]
    assert ["审核结论为“退回”的表单数", 2] in [r[:2] for r in stats]


def test_a_target_setting_form_is_marked_as_such_in_the_report(tmp_path):
    """Nothing evaluated yet: the verdict column and the statistics name the 绩效目标申报表."""
    form = good_form()
    for indicator in form.indicators:
        indicator.actual.text, indicator.score.text = "", ""
    form.stated_total.text, form.grade, form.goal.actual = "", "", ""
    write_json(tmp_path / "in" / "目标.json", form, good_form())
    out = tmp_path / "r.xlsx"
    write_report(results_of(tmp_path / "in"), out, "xlsx", RULES)
    verdicts = [c.value for c in load_workbook(out)["表单汇总"]["C"]]
    assert verdicts == ["审核结论", "通过（绩效目标申报表）", "通过"]
    stats = [r[:2] for r in load_workbook(out)["统计"].iter_rows(values_only=True)]
    assert ("审核结论为“通过（绩效目标申报表）”的表单数", 1) in stats
