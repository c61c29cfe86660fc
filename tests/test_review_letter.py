"""The review letter (审核意见, docs/rules.md §8): a 公文 a finance bureau can send back, one per form."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import zipfile
from datetime import date
from pathlib import Path

import pytest

from assistant.drafting.offline_critique import draft_critique
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
    assert "经审核，该表存在以下问题，现予退回，请于2026年12月16日前修改后重新报送。" in body
    assert "（一）执行率应为90.10%（1960.5869万元÷2175.9657万元），表中填写为100%。" in body
    assert "一、必须更正的问题" in body and "二、需补充说明的事项" in body and "三、指标设置建议" in body
    assert body.endswith("某区财政局\n2026年12月2日")


@pytest.mark.parametrize("index", [0, 1])
def test_the_word_letter_has_a_paragraph_for_each_line_of_the_text(reports, index) -> None:
    """The rewrites of ten rows are ten paragraphs “1．…” in Word, not one run-on sentence."""
    text = letter_text(reports[index], load_rule_set(), OPTIONS)
    assert _body(reports[index]) == text.body_lines()
    assert any(line.startswith("10．") for line in text.body_lines()) or index == 1


def test_the_seed_letter_reads_as_a_reviewer_wrote_it(reports) -> None:
    sections = dict(letter_text(reports[0], load_rule_set(), OPTIONS).sections)
    errors = "".join(item.text for item in sections["一、必须更正的问题"])
    assert "预算执行率得分应为9.01分（10分×90.10%），表中填报10分。" in errors
    assert "总分应为99.01分（预算执行率得分9.01分＋指标得分合计90分），表中填报1000分。" in errors
    assert "规则集" not in errors and "对应得分" not in errors
    # the text seed has no grade cell, yet a blank grade is said
    notes = sections["二、需补充说明的事项"]
    assert any(i.lead == "评价等级未填写" and "应为“优”" in i.text for i in notes)
    # 三、 carries the measurable targets: the rows' own quantities and money
    [rewrites] = [i for i in sections["三、指标设置建议"] if i.lead == "建议按可衡量的目标改写"]
    # one line per row, numbered 1．2．… under “（一）建议按可衡量的目标改写：”, each a sentence
    assert rewrites.opening(0) == "（一）建议按可衡量的目标改写：" and rewrites.text == ""
    lines = rewrites.numbered_lines()
    assert len(lines) == 10 and all(line.endswith("。") and "；" not in line for line in lines)
    assert [line.split("．", 1)[0] for line in lines] == [str(n) for n in range(1, 11)]
    # the 数量 row's own two counts, as the critique splits it
    assert lines[0] == "1．数量指标：拆为2个指标，“保障社区数量≥10个”、“保障社工人数≥154名”。"
    assert any("“公共服务经费支出总额≤2175.97万元”" in line for line in lines)
    # the 经济效益 row repeats the 成本 row: a delete, not a move across first-level headings
    assert any(line.split("．", 1)[1].startswith("经济效益指标：建议删除本行，") for line in lines)


def test_a_target_setting_form_gets_a_letter_on_its_targets(reports) -> None:
    rules = load_rule_set()
    form = reports[0].form.model_copy(deep=True)
    for indicator in form.indicators:
        indicator.actual.text, indicator.score.text = "", ""
    form.stated_total.text, form.grade, form.goal.actual = "", "", ""
    text = letter_text(check_form(form, rules), rules, OPTIONS)
    assert text.title == "关于《公共服务经费》绩效目标申报表的审核意见"
    assert "按绩效目标申报表审核" in text.note
    assert all(i.lead != "评价等级未填写" for _, items in text.sections for i in items)


@pytest.mark.parametrize("index", [0, 1])
def test_the_body_has_no_code_file_name_english_or_agreement_word(reports, index) -> None:
    report = reports[index]
    body = "".join(_body(report))
    assert "一致" not in body
    assert not re.search(r"[A-Za-z]", body), re.findall(r"[A-Za-z][A-Za-z-]*", body)
    assert "chaoyang" not in body and ".txt" not in body
    appendix = _document(report).tables[0]
    assert [c.text for c in appendix.rows[0].cells] == ["位置", "问题", "代码"]
    # one row per problem, every problem of the report, with the places it was found
    codes = [row.cells[2].text for row in appendix.rows[1:]]
    assert codes == list(dict.fromkeys(f.code for f in report.findings))
    satisfaction = next(row for row in appendix.rows if row.cells[2].text == "SMART-SATISFACTION")
    assert satisfaction.cells[0].text == "服务对象满意度指标（指标1、2）"


@pytest.mark.parametrize("index", [0, 1])
def test_every_figure_in_the_body_comes_from_the_report_or_the_form(reports, index) -> None:
    report = reports[index]
    rules = load_rule_set()
    text = letter_text(report, rules, OPTIONS)
    critique = draft_critique(report.form, rules).model_dump_json()  # the rewrites, gate-checked drafts
    verdict = f"{report.verdict.indicators} {report.verdict.unmeasurable}"
    contract = json.dumps(report.as_contract(), ensure_ascii=False)
    sources = "\n".join([contract, forms_to_json([report.form]), rules.title, critique, verdict])
    lines = text.body_lines()[:-1]  # the sign-off date is the letter date
    body = "\n".join(lines).replace("请于2026年12月16日前", "")  # the deadline
    body = re.sub(r"^\d+．", "", body, flags=re.MULTILINE)  # the numbers of a list's lines
    numbers = re.findall(r"\d+(?:\.\d+)?%?", body)
    assert numbers
    for number in numbers:
        assert re.search(rf"(?<![\d.]){re.escape(number)}(?![\d])", sources), number


def test_a_clean_form_passes_with_no_deadline(form: Form) -> None:
    rules = load_rule_set()
    text = letter_text(check_form(form, rules), rules, OPTIONS)
    assert text.opening == "经审核，该表符合要求，予以通过。"
    assert text.sections == [] and "请于" not in "".join(text.body_lines())


def test_a_form_with_warnings_only_is_to_be_revised(form: Form) -> None:
    rules = load_rule_set()
    rows = list(form.indicators)
    rows[0] = rows[0].model_copy(update={"actual": rows[0].actual.model_copy(update={"text": "进一步提高"})})
    report = check_form(form.model_copy(update={"indicators": rows}), rules)
    assert report.verdict.kind == "revise"
    text = letter_text(report, rules, OPTIONS)
    assert text.opening.startswith("经审核，该表总体符合要求")
    assert text.opening.endswith("请于2026年12月16日前修改后重新报送。")
    assert [heading for heading, _ in text.sections] == ["一、指标设置建议"]  # numbered from 一
    assert "“进一步提高”" in text.sections[0][1][0].text
    assert text.numbered(0, text.sections[0][1][0]).startswith("（一）表述模糊。")


def test_layout_fonts_and_page_numbers(reports) -> None:
    from docx.shared import Pt

    document = _document(reports[0])
    section = document.sections[0]
    sizes = [section.page_width, section.page_height, section.top_margin, section.bottom_margin,
             section.left_margin, section.right_margin]  # fmt: skip
    assert [round(size.mm) for size in sizes] == [210, 297, 37, 35, 28, 26]
    xml = document.element.xml
    assert 'w:eastAsia="仿宋_GB2312"' in xml and 'w:eastAsia="黑体"' in xml
    assert 'w:eastAsia="楷体_GB2312"' in xml and 'w:eastAsia="zh-CN"' in xml
    title = document.paragraphs[0]
    assert title.runs[0].font.size == Pt(22) and title.runs[0].bold
    assert 'w:eastAsia="宋体"' in title.runs[0]._r.xml
    item = next(p for p in document.paragraphs if "指标名称缺失。" in p.text)
    lead, rest = item.runs[:2]
    assert (lead.text, rest.text[:7]) == ("（四）指标名称缺失。", "全部10个指标")
    assert 'w:eastAsia="楷体_GB2312"' in lead._r.xml and 'w:eastAsia="仿宋_GB2312"' in rest._r.xml
    body = document.paragraphs[2]
    assert body.runs[0].font.size == Pt(16)
    assert body.paragraph_format.line_spacing == Pt(28)
    assert body.paragraph_format.first_line_indent == Pt(32)
    footer = section.footer.paragraphs[0]
    assert footer.text.startswith("— ") and footer.text.endswith(" —") and "PAGE" in footer._p.xml


def test_the_fonts_can_be_set_for_windows_10_and_a_small_seal_title(reports) -> None:
    import docx

    options = LetterOptions(
        reviewer="某区财政局", letter_date=DAY, body_font="仿宋", title_font="方正小标宋简体"
    )
    document = docx.Document(io.BytesIO(review_letter_docx(reports[0], load_rule_set(), options)))
    xml = document.element.xml
    assert 'w:eastAsia="仿宋"' in xml and 'w:eastAsia="楷体"' in xml and "GB2312" not in xml
    title = document.paragraphs[0].runs[0]
    assert 'w:eastAsia="方正小标宋简体"' in title._r.xml and not title.bold  # a display face: regular
    with zipfile.ZipFile(io.BytesIO(review_letter_docx(reports[0], load_rule_set(), options))) as package:
        font_table = package.read("word/fontTable.xml").decode("utf-8")
    assert re.search(r'w:name="方正小标宋简体"><w:altName w:val="宋体"/>', font_table)


TOOLS = {tool: shutil.which(tool) for tool in ("soffice", "pdfinfo", "pdftotext", "pdffonts")}
# A face a PDF names for Chinese text (fonts-noto-cjk, or the real 仿宋/楷体/黑体/宋体); anything else —
# DejaVu, Liberation — is a Latin fallback.
CJK_FACE = re.compile(
    r"CJK|Song|Fang|Kai|Hei|FZ|SimSun|STSong|WenQuanYi|Droid Sans Fallback|AR PL|[\u4e00-\u9fff]"
)
MISSING = [tool for tool, path in TOOLS.items() if path is None]


def _to_pdf(documents: list[Path], folder: Path) -> None:
    profile = (folder / "profile").as_uri()
    result = subprocess.run(
        [TOOLS["soffice"], f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(folder), *map(str, documents)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr


def _pdf_fonts(pdf: Path) -> list[str]:
    listing = subprocess.run([TOOLS["pdffonts"], str(pdf)], capture_output=True, text=True, check=True).stdout
    return [line.split()[0].split("+")[-1] for line in listing.splitlines()[2:] if line.strip()]


def _typical(form: Form) -> FormReport:
    """A typical form: the correct one with two targets that measure nothing and a score off."""
    form = form.model_copy(deep=True)
    form.indicators[1].target.text = "按计划完成"
    form.indicators[3].target.text = "效果明显"
    form.indicators[2].score.text = str(form.indicators[2].weight.value + 1)
    return check_form(form, load_rule_set())


@pytest.mark.office
@pytest.mark.skipif(bool(MISSING), reason=f"needs LibreOffice and poppler, missing {MISSING}")
def test_letters_print_on_a4_in_chinese_faces(reports, form: Form, tmp_path: Path) -> None:
    """A typical form's letter and problem list fit two pages. The seed's forms need every row
    rewritten, one line each: the 10-row form's letter still ends on page 2 and the 15-row form's on
    page 3. The problem list follows on the same page when there is room, else on the next, with its
    heading and header row (never a heading alone at a page's foot)."""
    documents = {}
    for name, report in (
        ("typical", _typical(form)),
        ("seed-10-rows", reports[0]),
        ("seed-15-rows", reports[1]),
    ):
        documents[name] = tmp_path / f"{name}.docx"
        documents[name].write_bytes(review_letter_docx(report, load_rule_set(), OPTIONS))
    assert len(reports[0].form.indicators) == 10 and len(reports[1].form.indicators) == 15
    _to_pdf(list(documents.values()), tmp_path)
    signed_on, pages_of = {}, {}
    for name, document in documents.items():
        pdf = document.with_suffix(".pdf")
        info = subprocess.run([TOOLS["pdfinfo"], str(pdf)], capture_output=True, text=True, check=True)
        size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info.stdout)
        assert size and round(float(size[1])) == 595 and round(float(size[2])) == 842
        pages_of[name] = int(re.search(r"Pages:\s+(\d+)", info.stdout)[1])
        text = subprocess.run([TOOLS["pdftotext"], str(pdf), "-"], capture_output=True, text=True, check=True)
        by_page = ["".join(page.split()) for page in text.stdout.split("\f")]
        signed_on[name] = next(i for i, page in enumerate(by_page) if "某区财政局" in page) + 1
        listed = next(i for i, page in enumerate(by_page) if "附：问题清单" in page)
        after_heading = by_page[listed].split("附：问题清单")[1]
        assert all(word in after_heading for word in ("位置", "问题", "代码")), name
        # every face in the PDF is a Chinese one: no Latin fallback for the body, figures or codes
        fonts = _pdf_fonts(pdf)
        assert fonts and all(CJK_FACE.search(font) for font in fonts), (name, fonts)
        if name == "seed-10-rows":
            assert "执行率应为90.10%" in "".join(text.stdout.split())
    assert pages_of["typical"] <= 2
    assert signed_on == {"typical": 1, "seed-10-rows": 2, "seed-15-rows": 3}, signed_on
    assert pages_of["seed-15-rows"] <= 3


@pytest.mark.office
@pytest.mark.skipif(bool(MISSING), reason=f"needs LibreOffice and poppler, missing {MISSING}")
def test_quotes_dashes_and_ellipses_are_set_in_the_body_face(tmp_path: Path) -> None:
    """A letter paragraph of nothing but “”——…… and figures: the PDF names one face, a Chinese one."""
    import docx

    from assistant.review.letter_docx import add_paragraph

    document = docx.Document()
    add_paragraph(document, "“审核”——执行率90.10%……", font="仿宋_GB2312")
    path = tmp_path / "punctuation.docx"
    document.save(path)
    _to_pdf([path], tmp_path)
    fonts = _pdf_fonts(path.with_suffix(".pdf"))
    assert len(fonts) == 1 and CJK_FACE.search(fonts[0]), fonts


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


def test_cli_letter_fonts(seed_txt, tmp_path: Path) -> None:
    import docx

    from assistant.cli import main

    letters = tmp_path / "letters"
    args = ["review", str(seed_txt), "--out", str(tmp_path / "r.xlsx"), "--letters", str(letters)]
    assert main([*args, "--letter-font", "仿宋", "--letter-title-font", "方正小标宋简体"]) == 1
    document = docx.Document(letters / "公共服务经费_审核意见.docx")
    xml = document.element.xml
    assert 'w:eastAsia="仿宋"' in xml and 'w:eastAsia="楷体"' in xml and "仿宋_GB2312" not in xml
    assert 'w:eastAsia="方正小标宋简体"' in document.paragraphs[0].runs[0]._r.xml
