"""The 审核 page under AppTest: upload, recomputed figures, findings per row, bad files, batch, critique."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from assistant.formats import forms_from_json, read_forms_bytes
from assistant.review.form_report import check_form
from assistant.rules import load_rule_set
from tests.app_helpers import (
    download,
    errors,
    media_fixture,
    no_exception,
    screen,
    seed_docx_fixture,
    table,
    uploaded,
)
from tests.factories import SEED_TXT

__all__ = ["media_fixture", "seed_docx_fixture"]

BAD_FILES = [
    ("年报.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n", "application/pdf", "PDF 文件已损坏"),
    (
        "旧幻灯片.ppt",
        bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 504,
        "application/vnd.ms-powerpoint",
        "不支持的文件类型",
    ),
    ("照片.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "image/png", "不支持的文件类型"),
    ("损坏.docx", b"PK\x03\x04 this is not really a zip", "application/octet-stream", "损坏.docx"),
]


def test_seed_docx_shows_recomputed_figures_and_fund_rate(seed_docx: bytes) -> None:
    at = uploaded([("朝阳区自评表.docx", seed_docx, "application/octet-stream")])
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["执行率"] == "90.10%"
    assert metrics["预算执行率得分"] == "9.01"
    assert metrics["总分"] == "99.01"
    text = screen(at)
    assert "FUND-RATE" in text and "执行率应为 90.10%" in text
    assert "表中填写：100%" in text  # the stated value sits beside the recomputed one
    # the verdict badge comes first on each form's page
    badges = [m.value for m in at.markdown if m.value.startswith("审核结论：")]
    assert badges and badges[0].startswith("审核结论： :red-badge[退回]")


def test_findings_point_at_their_table_row(seed_docx: bytes) -> None:
    at = uploaded([("seed.docx", seed_docx, "application/octet-stream")])
    rows = table(at, "问题")
    flagged = {int(row["行"]): row["问题"] for _, row in rows.iterrows() if row["问题"]}
    # "群众满意度" (row 9) is filed as satisfaction with a 100% actual and no measurable target.
    assert "SMART-SATISFACTION" in flagged[9] and "SMART-UNMEASURABLE" in flagged[9]
    assert "〔第 9 行〕" in screen(at)


@pytest.mark.parametrize(("name", "data", "mime", "said"), BAD_FILES)
def test_bad_file_names_file_and_problem_and_keeps_results(seed_docx, name, data, mime, said) -> None:
    at = uploaded([("seed.docx", seed_docx, "application/octet-stream")])
    at.file_uploader(key="review_upload").set_value(
        [("seed.docx", seed_docx, "application/octet-stream"), (name, data, mime)]
    )
    no_exception(at.run())
    [message] = errors(at)
    assert message.startswith(name) and said in message
    assert "Traceback" not in screen(at)
    assert {m.label: m.value for m in at.metric}["执行率"] == "90.10%"  # the work on screen stays


def test_many_files_and_a_zip_give_a_filterable_table_and_the_batch_report(seed_docx, media) -> None:
    seed_text = SEED_TXT.read_text(encoding="utf-8")
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("区县/第二批.docx", seed_docx)
        zipped.writestr("区县/说明.pdf", b"%PDF-1.4")
    at = uploaded(
        [
            ("seed.docx", seed_docx, "application/octet-stream"),
            ("seed.txt", seed_text.encode("utf-8"), "text/plain"),
            ("批量.zip", archive.getvalue(), "application/zip"),
        ]
    )
    summary = table(at, "主要问题")
    assert len(summary) == 6  # three files with the seed's two forms each
    assert set(summary["复核等级"]) == {"优"}
    assert any("批量.zip/区县/说明.pdf" in e for e in errors(at))
    at.toggle(key="review_filter_errors").set_value(True)
    no_exception(at.run())
    only_errors = table(at, "主要问题")
    assert len(only_errors) == 3 and set(only_errors["项目名称"]) == {"公共服务经费"}
    at.text_input(key="review_filter_text").set_value("民生")
    at.toggle(key="review_filter_errors").set_value(False)
    no_exception(at.run())
    assert set(table(at, "主要问题")["项目名称"]) == {"民生家园建设经费"}
    name, data = download(at, media, "审核报告")
    assert name.endswith(".xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    summary = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert len(summary) == 1 + 6


def test_picking_another_form_shows_its_details(seed_docx) -> None:
    at = uploaded([("seed.docx", seed_docx, "application/octet-stream")])
    at.selectbox(key="review_pick").set_value(1)
    no_exception(at.run())
    assert "民生家园建设经费" in [s.value for s in at.subheader]
    assert {m.label: m.value for m in at.metric}["执行率"] == "100.00%"


def test_critique_rewrites_are_accepted_one_by_one(seed_docx, media) -> None:
    at = uploaded([("seed.docx", seed_docx, "application/octet-stream")])
    at.button(key="critique_run_seed.docx#0").click()
    no_exception(at.run())
    assert "已采纳" in screen(at) and "尝试 1 次" in screen(at)
    original = read_forms_bytes(seed_docx, "seed.docx")[0]
    # Row 2 ("制度执行") gets a measurable rewrite; accept that one only.
    at.checkbox(key="critique_accept_seed.docx#0_1").check()
    no_exception(at.run())
    assert "采纳了 1 条建议" in screen(at) and "已采纳 1" not in screen(at)
    _, data = download(at, media, "JSON")
    [rewritten] = forms_from_json(data.decode("utf-8"), "rewritten.json")
    assert rewritten.indicators[1].target.text != original.indicators[1].target.text
    assert rewritten.indicators[1].weight.text == original.indicators[1].weight.text  # the weight stays
    # the old actual and score measured the old target: the actual waits to be measured, the score is blank
    assert (
        rewritten.indicators[1].actual.text.startswith("【待填") and rewritten.indicators[1].score.text == ""
    )
    assert len(rewritten.indicators) == len(original.indicators)  # replaced in place, not appended
    assert [i.name for i in rewritten.indicators[2:]] == [i.name for i in original.indicators[2:]]
    _, word = download(at, media, "下载 Word（.docx）")
    assert read_forms_bytes(word, "rewritten.docx")[0].indicators[1].name == rewritten.indicators[1].name


def test_rule_set_from_settings_changes_the_verdict(seed_docx) -> None:
    from assistant.ui.workspace import Workspace

    Workspace().set("rules", "local")
    at = uploaded([("seed.docx", seed_docx, "application/octet-stream")])
    assert "WEIGHT-SCHEME" not in screen(at)  # the lenient set accepts 10/40/30/20
    Workspace().set("rules", "mof-2020")
    no_exception(at.run())
    assert "WEIGHT-SCHEME" in screen(at)


def test_review_letter_for_the_unit_is_the_library_letter(seed_docx, media) -> None:
    import docx

    at = uploaded([("seed.docx", seed_docx, "application/octet-stream")])
    at.text_input(key="letter_reviewer").input("某区财政局")
    no_exception(at.run())
    name, data = download(at, media, "审核意见")
    assert name == "公共服务经费_审核意见.docx"
    letter = docx.Document(io.BytesIO(data))
    texts = [p.text for p in letter.paragraphs]
    assert texts[0] == "关于《公共服务经费》绩效自评表的审核意见"
    assert texts[2].startswith("经审核，该表存在以下问题，现予退回，请于") and texts[2].endswith(
        "前修改后重新报送。"
    )
    assert "（一）执行率应为90.10%（1960.5869万元÷2175.9657万元），表中填写为100%。" in texts
    assert "某区财政局" in texts
    codes = [row.cells[2].text for row in letter.tables[0].rows[1:]]
    assert codes[0] == "FUND-RATE"  # one row per problem
    findings = check_form(read_forms_bytes(seed_docx, "s.docx")[0], load_rule_set()).findings
    assert codes == list(dict.fromkeys(f.code for f in findings))


def test_the_letter_takes_the_reviewers_font_and_dates(seed_docx, media) -> None:
    import datetime

    import docx

    at = uploaded([("seed.docx", seed_docx, "application/octet-stream")])
    at.selectbox(key="letter_body_font").set_value("仿宋")
    at.date_input(key="letter_date").set_value(datetime.date(2026, 12, 2))
    at.date_input(key="letter_deadline").set_value(datetime.date(2026, 12, 20))
    no_exception(at.run())
    _, data = download(at, media, "审核意见")
    letter = docx.Document(io.BytesIO(data))
    texts = [p.text for p in letter.paragraphs]
    assert "2026年12月2日" in texts
    assert any("请于2026年12月20日前修改后重新报送" in t for t in texts)
    body = letter.paragraphs[2].runs[0]
    faces = body.element.xpath("./w:rPr/w:rFonts/@w:eastAsia")
    assert faces == ["仿宋"]


def test_an_internal_failure_is_one_chinese_sentence_not_a_traceback(seed_docx, monkeypatch) -> None:
    from assistant.ui.pages import review_detail

    def broken(*args, **kwargs):
        raise RuntimeError("simulated bug in a check")

    monkeypatch.setattr(review_detail, "check_form", broken)
    at = uploaded([("seed.docx", seed_docx, "application/octet-stream")])
    [message] = errors(at)
    assert "处理时出现意外问题（RuntimeError）" in message
    assert "simulated bug" not in screen(at) and "Traceback" not in screen(at)
