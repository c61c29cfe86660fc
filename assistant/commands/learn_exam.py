"""`jixiao learn exam --seed N --name 姓名 [--out 成绩单.md|.docx]`: the 结业测试 in the terminal;
`jixiao learn exercise --level 进阶|综合`: whole-form practice, recorded like a 入门 round.

Answers come from input() like an exercise round, so a script can drive it; the end of input ends
the paper with the questions left unanswered scored 0. The result is printed and, with --out,
written as Markdown or as a printable Word file (never over an existing file).
"""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

from ..learn.exam import (
    POINTS,
    QUESTIONS,
    Paper,
    QuestionResult,
    basic_result,
    build_paper,
    complete,
    form_lines,
    level_result,
    part_notes,
    render_result,
    share,
)
from ..learn.exam_record import ExamRecorder
from ..learn.levels import (
    Part,
    ReviewItem,
    WholeItem,
    blank_form,
    judge_review,
    judge_whole,
    level_data,
    review_form,
    review_options,
)
from ..learn.render_exercise import render_exercise, render_judgement
from ..rules import RuleSet
from .common import EXIT_OK, CommandError
from .learn_terminal import _answer, _ask, _open_progress, _Quit, parse_choice

RESULT_SUFFIXES = (".md", ".docx")


def _basic(paper: Paper, rules: RuleSet, results: list[QuestionResult], kept: ExamRecorder) -> None:
    for exercise in paper.basics:
        number = len(results) + 1
        print()
        print(render_exercise(exercise, number, 5))
        judgement = _answer(exercise, rules)
        print(render_judgement(judgement))
        results.append(basic_result(number, exercise, judgement))
        kept.basic(exercise, judgement)


def _ask_whole(item: WholeItem, heading: str) -> list[Part]:
    asked = {"rate", "funds", "total", *(f"row {row}" for row in item.key.scores)}
    print()
    print(f"{heading}　进阶：计算整张表（执行率、资金得分、各指标得分、总分、等级；保留两位小数）")
    print("\n".join(form_lines(blank_form(item), asked)))
    answers = {"rate": _ask("执行率（如 90.10%）："), "funds": _ask("资金得分：")}
    for row in item.key.scores:
        answers[f"row {row}"] = _ask(f"第 {row} 个指标的得分：")
    answers["total"] = _ask("总分：")
    answers["grade"] = _ask("评价等级（优/良/中/差）：")
    parts = judge_whole(item, answers)
    notes = part_notes(parts)
    print("\n".join(f"  [错] {note}" for note in notes) or "  [对] 全部算对了。")
    return parts


def _ask_review(item: ReviewItem, heading: str) -> list[Part]:
    options = review_options(item)
    print()
    print(f"{heading}　综合：找出这张表的全部问题，并写一段审核意见（写明审核结论和更正后的关键数字）")
    print("\n".join(form_lines(review_form(item))))
    print("\n".join(f"  {n}. {code}" for n, code in enumerate(options, 1)))
    while (chosen := parse_choice(_ask("全部问题（编号，用空格分隔）："), options)) is None:
        print(f"无法识别。请输入 1 到 {len(options)} 之间的编号。")
    opinion = _ask("审核意见（一段话）：")
    parts = judge_review(item, chosen, opinion)
    notes = part_notes(parts)
    print("\n".join(f"  [错] {note}" for note in notes) or "  [对] 全部找出，意见要素齐全。")
    return parts


def run_exam(rules: RuleSet, seed: int, name: str, out: str | None) -> int:
    target = Path(out) if out else None
    if target is not None and (target.suffix.lower() not in RESULT_SUFFIXES or target.exists()):
        raise CommandError(f"{target}：成绩单须为尚不存在的 .md 或 .docx 文件（不覆盖已有文件）")
    paper = build_paper(seed, rules)
    size = f"共 {len(QUESTIONS)} 题，每题 {POINTS:.0f} 分"
    print(f"结业测试：{name}，种子 {seed}，规则集 {rules.name}；{size}（输入 q 结束）")
    results: list[QuestionResult] = []
    kept = ExamRecorder(paper, name, "exam-cli")
    try:
        _basic(paper, rules, results, kept)
        parts = _ask_whole(paper.whole, "第 4/5 题")
        results.append(level_result(4, parts))
        kept.parts(paper.whole, parts)
        parts = _ask_review(paper.review, "第 5/5 题")
        results.append(level_result(5, parts))
        kept.parts(paper.review, parts)
    except _Quit:
        print("测试提前结束，未答的题记 0 分。")
    result = complete(name, seed, rules.name, results)
    kept.result(result)
    if kept.warning:
        print(f"提示：{kept.warning}；本次测试未存入学习记录。", file=sys.stderr)
    text = render_result(result)
    print()
    print(text)
    if target is not None:
        if target.suffix.lower() == ".docx":
            from ..learn.exam_docx import render_result_docx

            data = render_result_docx(result)
        else:
            data = text.encode("utf-8")
        try:
            with target.open("xb") as handle:
                handle.write(data)
        except OSError as exc:
            raise CommandError(f"{target}：无法写入成绩单（{exc.strerror or exc}）") from exc
        print(f"成绩单已保存：{target}", file=sys.stderr)
    return EXIT_OK


def run_level(level: str, seed: int | None, rules: RuleSet, record: bool = True, trainee: str = "") -> int:
    """`jixiao learn exercise --level 进阶|综合`: every whole-form question of the level, in an
    order the seed fixes, each scored by its right parts and recorded part by part (per skill, and
    per code for a 综合 pick) unless --no-record."""
    import random
    import secrets

    from ..learn.progress import ProgressError

    seed = secrets.randbelow(1_000_000) if seed is None else seed
    data = level_data()
    items: list = list(data.advanced if level == "进阶" else data.comprehensive)
    random.Random(seed).shuffle(items)
    print(f"学习 · {level}练习：共 {len(items)} 题（种子 {seed}；输入 q 结束）")
    progress, round_id = _open_progress(rules, seed, len(items), trainee) if record else (None, 0)
    scores: list[Decimal] = []
    try:
        for number, item in enumerate(items, 1):
            heading = f"第 {number}/{len(items)} 题"
            is_whole = isinstance(item, WholeItem)
            parts = _ask_whole(item, heading) if is_whole else _ask_review(item, heading)
            scores.append(share(parts))
            if progress is not None:
                try:
                    progress.record_parts(round_id, item, parts)
                except ProgressError as exc:
                    print(f"提示：{exc}；之后的成绩不保存。", file=sys.stderr)
                    progress = None
    except _Quit:
        print("本轮提前结束。")
    got = sum(scores, Decimal(0))
    print(f"本轮得分：{got:.2f} / {POINTS * len(items):.0f}（已答 {len(scores)} 题）")
    if progress is not None and scores:
        print("成绩已保存；用 jixiao learn progress 查看学习记录。")
    return EXIT_OK


def print_paper(rules: RuleSet, seed: int) -> int:
    """`jixiao learn exam --seed N --paper`: the questions alone, for a trainer to print and hand out."""
    paper = build_paper(seed, rules)
    size = f"共 {len(QUESTIONS)} 题，每题 {POINTS:.0f} 分"
    print(f"绩效自评表学习 · 结业测试（种子 {seed}，规则集 {rules.name}；{size}）")
    print("姓名：__________　日期：__________")
    for number, exercise in enumerate(paper.basics, 1):
        print()
        print(render_exercise(exercise, number, 5))
    asked = {"rate", "funds", "total", *(f"row {row}" for row in paper.whole.key.scores)}
    print()
    print("第 4/5 题　进阶：计算整张表中标为“（待算）”的各项（保留两位小数）和评价等级")
    print("\n".join(form_lines(blank_form(paper.whole), asked)))
    print()
    print("第 5/5 题　综合：找出这张表的全部问题（写出问题代码），并写一段审核意见（结论和更正后的关键数字）")
    print("\n".join(form_lines(review_form(paper.review))))
    print("  可选的问题代码：" + "、".join(review_options(paper.review)))
    return EXIT_OK
