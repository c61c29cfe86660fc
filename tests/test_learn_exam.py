"""The 结业测试: one seed, one paper for every trainee; a trainee who answers every question as the
checks and the scoring do scores 100, and the printable result (Markdown or an A4 Word file) names
the trainee, the date, the seed, every question's score and whether the paper passes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from assistant.learn.exam import build_paper
from assistant.learn.exercises import Exercise, row_codes
from assistant.learn.levels import review_options
from assistant.rules import load_rule_set
from assistant.scoring import execution_rate, funds_score
from assistant.values import format_decimal, format_percent, parse_number
from tests.office_files import needs_soffice, soffice
from tests.processes import jixiao

RULES = load_rule_set()
SEED = 7


def _basic_answer(exercise: Exercise) -> list[str]:
    """A careful trainee's lines, worked out here from the checks and the scoring."""
    if exercise.kind == "choose":
        assert exercise.form is not None and exercise.row is not None
        codes = row_codes(exercise.form, exercise.row, RULES)
        return [" ".join(str(exercise.options.index(c) + 1) for c in codes) or "0"]
    if exercise.kind == "rewrite":
        return [exercise.reference]
    case = exercise.funds
    assert case is not None
    rate = execution_rate(parse_number(case.full_year_budget), parse_number(case.executed))
    assert rate is not None
    return [format_percent(rate), format_decimal(funds_score(rate, parse_number(case.weight), RULES))]


def _perfect_answers(seed: int) -> str:
    paper = build_paper(seed, RULES)
    lines = [line for exercise in paper.basics for line in _basic_answer(exercise)]
    key = paper.whole.key
    lines += [key.rate, key.funds, *key.scores.values(), key.total, key.grade]
    options = review_options(paper.review)
    lines.append(" ".join(str(options.index(code) + 1) for code in paper.review.key.codes))
    figures = "，".join(paper.review.key.figures)
    lines.append(f"经审核，该表存在计算错误，现予{paper.review.key.verdict}。更正后：{figures}。")
    return "\n".join(lines) + "\n"


def test_the_same_seed_gives_the_same_paper() -> None:
    a, b = build_paper(SEED, RULES), build_paper(SEED, RULES)
    assert a == b
    assert [e.kind for e in a.basics] == ["choose", "rewrite", "compute"]
    assert build_paper(SEED + 1, RULES) != a


def test_a_perfect_paper_scores_100_and_prints_a_result(tmp_path: Path) -> None:
    out = tmp_path / "成绩单.md"
    result = jixiao(
        "learn", "exam", "--seed", SEED, "--name", "李四", "--out", out, stdin=_perfect_answers(SEED)
    )
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert "姓名：李四" in text and f"日期：{date.today().isoformat()}" in text and f"种子 {SEED}" in text
    assert "总分：**100.00** / 100" in text
    assert text.count("| 20.00 | 20 |") == 5
    assert "失分说明" not in text


def test_an_unfinished_paper_scores_what_was_answered(tmp_path: Path) -> None:
    out = tmp_path / "成绩单.md"
    first = _perfect_answers(SEED).splitlines()[0]
    result = jixiao("learn", "exam", "--seed", SEED, "--name", "王五", "--out", out, stdin=first + "\n")
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert "总分：**20.00** / 100" in text and "第 5 题：未答" in text
    again = jixiao("learn", "exam", "--seed", SEED, "--name", "王五", "--out", out, stdin="")
    assert again.returncode == 2 and "不覆盖" in again.stderr


def test_an_exam_needs_a_seed_and_a_name() -> None:
    result = jixiao("learn", "exam", "--name", "李四")
    assert result.returncode == 2 and "--seed" in result.stderr and "Traceback" not in result.stderr


def test_the_advanced_level_can_be_practised_outside_the_exam() -> None:
    import random

    from assistant.learn.levels import level_data

    items = list(level_data().advanced)
    random.Random(3).shuffle(items)
    lines = []
    for item in items:
        key = item.key
        lines += [key.rate, key.funds, *key.scores.values(), key.total, key.grade]
    result = jixiao("learn", "exercise", "--level", "进阶", "--seed", "3", stdin="\n".join(lines) + "\n")
    assert result.returncode == 0, result.stderr
    full = 20 * len(items)
    assert f"本轮得分：{full}.00 / {full}（已答 {len(items)} 题）" in result.stdout


def test_a_trainer_prints_the_paper_without_answers() -> None:
    paper = build_paper(SEED, RULES)
    printed = jixiao("learn", "exam", "--seed", SEED, "--paper")
    assert printed.returncode == 0, printed.stderr
    assert "姓名：__________" in printed.stdout and "第 5/5 题" in printed.stdout
    assert "（待算）" in printed.stdout
    assert paper.whole.key.total not in printed.stdout.split("总分")[-1]  # the key is not printed


def _docx_text(path: Path) -> str:
    """Every paragraph and table cell of a Word file, one per line."""
    from docx import Document

    document = Document(str(path))
    lines = [p.text for p in document.paragraphs]
    lines += [" | ".join(cell.text for cell in row.cells) for t in document.tables for row in t.rows]
    return "\n".join(lines)


def test_the_word_result_names_the_trainee_the_seed_and_every_score(tmp_path: Path) -> None:
    from docx import Document

    out = tmp_path / "成绩单.docx"
    result = jixiao(
        "learn", "exam", "--seed", SEED, "--name", "李四", "--out", out, stdin=_perfect_answers(SEED)
    )
    assert result.returncode == 0, result.stderr
    text = _docx_text(out)
    assert "姓名：李四" in text and f"日期：{date.today().isoformat()}" in text and f"种子 {SEED}" in text
    rows = [line for line in text.splitlines() if line.count(" | ") == 4]
    assert rows[0] == "题号 | 级别 | 题目 | 得分 | 满分"
    assert [row.split(" | ")[3] for row in rows[1:6]] == ["20.00"] * 5
    assert rows[6].endswith("总分 | 100.00 | 100")
    assert "结论：合格" in text and "失分说明" not in text
    section = Document(str(out)).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)  # A4
    # every run names a Chinese face for its East Asian text
    from docx.oxml.ns import qn

    runs = [r for p in Document(str(out)).paragraphs for r in p.runs if r.text]
    assert runs and all(r._r.rPr.rFonts.get(qn("w:eastAsia")) in ("仿宋", "黑体") for r in runs)


def test_a_failed_paper_says_so_on_the_word_result(tmp_path: Path) -> None:
    out = tmp_path / "成绩单.docx"
    first = _perfect_answers(SEED).splitlines()[0]
    result = jixiao("learn", "exam", "--seed", SEED, "--name", "王五", "--out", out, stdin=first + "\n")
    assert result.returncode == 0, result.stderr
    text = _docx_text(out)
    assert "结论：不合格（总分 20.00" in text and "第 5 题：未答" in text
    wrong = jixiao("learn", "exam", "--seed", SEED, "--name", "王五", "--out", tmp_path / "成绩单.pdf")
    assert wrong.returncode == 2 and ".docx" in wrong.stderr and "Traceback" not in wrong.stderr


@needs_soffice
def test_the_word_result_prints_on_a4(tmp_path: Path) -> None:
    import pdfplumber

    out = tmp_path / "成绩单.docx"
    result = jixiao(
        "learn", "exam", "--seed", SEED, "--name", "李四", "--out", out, stdin=_perfect_answers(SEED)
    )
    assert result.returncode == 0, result.stderr
    (pdf,) = soffice([out], "pdf", tmp_path)
    with pdfplumber.open(pdf) as document:
        assert len(document.pages) >= 1
        page = document.pages[0]
        assert (round(page.width), round(page.height)) == (595, 842)  # A4 in points
        text = page.extract_text()
    assert "李四" in text and "100.00" in text and "合格" in text


def test_the_exam_is_kept_in_the_trainees_record_and_the_cohort_export(tmp_path: Path) -> None:
    from decimal import Decimal

    from openpyxl import load_workbook

    from assistant.learn.mastery import mastery, skill_mastery
    from assistant.learn.progress import Progress

    done = jixiao("learn", "exam", "--seed", SEED, "--name", "李四", stdin=_perfect_answers(SEED))
    assert done.returncode == 0, done.stderr
    empty = jixiao("learn", "exam", "--seed", SEED, "--name", "王五", stdin="")  # nothing answered
    assert empty.returncode == 0, empty.stderr
    progress = Progress()
    [kept] = progress.exams()
    assert (kept.trainee, kept.seed, kept.total, kept.passed) == ("李四", SEED, Decimal("100.00"), True)
    summary = progress.summary(trainee="李四")
    assert (summary.answered, summary.correct) == (5, 5)  # the five questions count in mastery
    assert all(m.seen == m.right for m in mastery(progress, "李四"))
    assert {s.title for s in skill_mastery(progress, "李四")} >= {"执行率", "总分", "审核结论"}
    assert progress.summary(trainee="王五").rounds == 0
    shown = jixiao("learn", "progress", "--name", "李四")
    assert f"种子 {SEED}　总分 100.00　合格" in shown.stdout
    out = tmp_path / "学员汇总.xlsx"
    assert jixiao("learn", "progress", "--out", out).returncode == 0
    rows = list(load_workbook(out)["结业测试"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[2], r[4], r[5]) for r in rows] == [("李四", SEED, 100, "合格")]
