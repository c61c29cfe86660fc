"""The review letter (审核意见, docs/rules.md §8): a 公文 a finance bureau can send back, one per form."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from assistant.form import Form
from assistant.formats import forms_to_json, read_forms
from assistant.review.form_report import FormReport, check_form
from assistant.review.letter import (
    APPENDIX,
    LetterOptions,
    letter_text,
    review_letter_docx,
    working_days_after,
)
from assistant.rules import load_rule_set

DAY = date(2026, 12, 2)  # a Wednesday
OPTIONS = LetterOptions(reviewer="某区财政局", letter_date=DAY)


@pytest.fixture(scope="module")
def reports(seed_txt) -> list[FormReport]:
    rules = load_rule_set()
    return [check_form(f, rules, str(seed_txt), i) for i, f in enumerate(read_forms(seed_txt))]


def _document(report: FormReport):
    import docx

    return docx.Document(io.BytesIO(review_letter_docx(report, load_rule_set(), OPTIONS)))


def _body(report: FormReport) -> list[str]:
    """The letter's paragraphs before the appendix."""
    texts = [p.text for p in _document(report).paragraphs]
    return texts[: texts.index(APPENDIX)] if APPENDIX in texts else texts


def test_ten_working_days_skip_weekends() -> None:
    assert working_days_after(DAY) == date(2026, 12, 16)
    assert working_days_after(date(2026, 12, 4)) == date(2026, 12, 18)  # from a Friday


def test_the_seed_letter_returns_the_form_with_the_rate_corrected(reports) -> None:
    body = "\n".join(_body(reports[0]))
    assert body.startswith("关于《公共服务经费》绩效自评表的审核意见\n社区建设办公室：\n")
    assert "经审核，该表存在以下问题，现予退回，请修改后重新报送。" in body
    assert "执行率应为90.10%（1960.5869万元÷2175.9657万元），表中填写为100%" in body
    assert "一、必须更正的问题" in body and "二、需补充说明的事项" in body and "三、指标设置建议" in body
    assert "请于2026年12月16日前修改后重新报送。" in body
    assert body.endswith("某区财政局\n2026年12月2日")


@pytest.mark.parametrize("index", [0, 1])
def test_the_body_has_no_code_file_name_english_or_agreement_word(reports, index) -> None:
    report = reports[index]
    body = "".join(_body(report))
    assert "一致" not in body
    assert not re.search(r"[A-Za-z]", body), re.findall(r"[A-Za-z][A-Za-z-]*", body)
    assert "chaoyang" not in body and ".txt" not in body
    appendix = _document(report).tables[0]
    assert [c.text for c in appendix.rows[0].cells] == ["位置", "问题", "代码"]
    codes = [row.cells[2].text for row in appendix.rows[1:]]
    assert codes == [f.code for f in report.findings]


@pytest.mark.parametrize("index", [0, 1])
def test_every_figure_in_the_body_comes_from_the_report_or_the_form(reports, index) -> None:
    report = reports[index]
    rules = load_rule_set()
    text = letter_text(report, rules, OPTIONS)
    sources = "\n".join(
        [json.dumps(report.as_contract(), ensure_ascii=False), forms_to_json([report.form]), rules.title]
    )
    lines = text.body_lines()[:-1]  # the sign-off date is the letter date
    body = "\n".join(line for line in lines if not line.startswith("请于"))  # the deadline
    numbers = re.findall(r"\d+(?:\.\d+)?%?", body)
    assert numbers
    for number in numbers:
        assert re.search(rf"(?<![\d.]){re.escape(number)}(?![\d])", sources), number


def test_a_clean_form_passes_with_no_deadline(form: Form) -> None:
    rules = load_rule_set()
    text = letter_text(check_form(form, rules), rules, OPTIONS)
    assert text.opening == "经审核，该表符合要求，予以通过。"
    assert text.sections == [] and text.closing is None


def test_a_form_with_warnings_only_is_to_be_revised(form: Form) -> None:
    rules = load_rule_set()
    rows = list(form.indicators)
    rows[0] = rows[0].model_copy(update={"actual": rows[0].actual.model_copy(update={"text": "进一步提高"})})
    report = check_form(form.model_copy(update={"indicators": rows}), rules)
    assert report.verdict.kind == "revise"
    text = letter_text(report, rules, OPTIONS)
    assert text.opening.startswith("经审核，该表总体符合要求") and "修改后重新报送" in text.opening
    assert [heading for heading, _ in text.sections] == ["一、指标设置建议"]  # numbered from 一
    assert "“进一步提高”" in text.sections[0][1][0]
    assert text.closing == "请于2026年12月16日前修改后重新报送。"


def test_layout_fonts_and_page_numbers(reports) -> None:
    from docx.shared import Pt

    document = _document(reports[0])
    section = document.sections[0]
    sizes = [section.page_width, section.page_height, section.top_margin, section.bottom_margin,
             section.left_margin, section.right_margin]  # fmt: skip
    assert [round(size.mm) for size in sizes] == [210, 297, 37, 35, 28, 26]
    xml = document.element.xml
    assert 'w:eastAsia="仿宋_GB2312"' in xml and 'w:eastAsia="黑体"' in xml
    title = document.paragraphs[0]
    assert title.runs[0].font.size == Pt(22) and title.runs[0].bold
    body = document.paragraphs[2]
    assert body.runs[0].font.size == Pt(16)
    assert body.paragraph_format.line_spacing == Pt(28)
    assert body.paragraph_format.first_line_indent == Pt(32)
    footer = section.footer.paragraphs[0]
    assert footer.text.startswith("— ") and footer.text.endswith(" —") and "PAGE" in footer._p.xml


TOOLS = {tool: shutil.which(tool) for tool in ("soffice", "pdfinfo", "pdftotext")}
MISSING = [tool for tool, path in TOOLS.items() if path is None]


@pytest.mark.office
@pytest.mark.skipif(bool(MISSING), reason=f"needs LibreOffice and poppler, missing {MISSING}")
def test_the_letters_print_on_a4_with_the_body_on_two_pages(reports, tmp_path: Path) -> None:
    documents = []
    for report in reports:
        documents.append(tmp_path / f"letter{report.form_index}.docx")
        documents[-1].write_bytes(review_letter_docx(report, load_rule_set(), OPTIONS))
    profile = (tmp_path / "profile").as_uri()
    result = subprocess.run(
        [TOOLS["soffice"], f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), *map(str, documents)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    for document in documents:
        pdf = document.with_suffix(".pdf")
        info = subprocess.run([TOOLS["pdfinfo"], str(pdf)], capture_output=True, text=True, check=True)
        size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info.stdout)
        assert size and round(float(size[1])) == 595 and round(float(size[2])) == 842
        pages = int(re.search(r"Pages:\s+(\d+)", info.stdout)[1])
        # The letter itself fits on two pages; the 问题清单 appendix starts on a page of its own.
        text = subprocess.run(
            [TOOLS["pdftotext"], str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        body_pages = text[: text.index("附：问题清单")].count("\f")  # the pages before the appendix
        assert body_pages <= 2 and pages <= 3, (body_pages, pages)
        assert "执行率应为90.10%" in "".join(text.split()) or document.name != "letter0.docx"


def test_cli_writes_one_letter_per_form_and_never_overwrites(seed_txt, tmp_path: Path, capsys) -> None:
    import docx

    from assistant.cli import main

    letters = tmp_path / "letters"
    args = ["review", str(seed_txt), "--out", str(tmp_path / "r.xlsx"), "--letters", str(letters)]
    dated = [*args, "--reviewer", "某区财政局", "--letter-date", "2026-12-02", "--deadline", "2026-12-20"]
    assert main(dated) == 1  # the seed has errors
    names = sorted(p.name for p in letters.iterdir())
    assert names == ["公共服务经费_审核意见.docx", "民生家园建设经费_审核意见.docx"]
    text = "\n".join(p.text for p in docx.Document(letters / names[0]).paragraphs)
    assert "请于2026年12月20日前修改后重新报送。" in text and "某区财政局\n2026年12月2日" in text
    assert "审核意见：2 份" in capsys.readouterr().out
    assert main(args) == 2
    assert "已存在" in capsys.readouterr().err and "--force" not in names
    assert main([*args, "--force"]) == 1


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--letter-date", "2026-13-01"], "应为日期"),
        (["--letter-date", "2026-12-02", "--deadline", "2026-12-01"], "应晚于审核意见日期"),
    ],
)
def test_cli_bad_letter_dates_exit_two_in_chinese(seed_txt, tmp_path: Path, capsys, extra, message) -> None:
    from assistant.cli import main

    args = ["review", str(seed_txt), "--out", str(tmp_path / "r.xlsx"), "--letters", str(tmp_path / "l")]
    try:
        code = main([*args, *extra])
    except SystemExit as stopped:  # argparse's own refusal
        code = stopped.code
    assert code == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "l").exists()


def test_letter_names_are_sanitized_and_unique() -> None:
    from assistant.review.letter_files import unique_names

    assert unique_names(["a/b:c", "a/b:c", ""]) == [
        "a_b_c_审核意见.docx",
        "a_b_c_审核意见_2.docx",
        "自评表_审核意见.docx",
    ]
