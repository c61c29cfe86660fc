"""The terminal side of `jixiao learn`: an exercise round on input(), worked examples, progress.

input() works when stdin is a pipe, so a round can be driven by a script; end of input ends the
round gracefully with the score so far (exit 0).
"""

from __future__ import annotations

import re
import secrets
import sys
from pathlib import Path

from ..form import Form
from ..learn.case_example import case_example, case_list
from ..learn.exercises import Exercise, generate_round
from ..learn.judging import Judgement, judge_choose, judge_compute, judge_rewrite
from ..learn.progress import ExamRecord, Progress, ProgressError
from ..learn.render_example import render_example, render_example_list
from ..learn.render_exercise import render_exercise, render_judgement, render_summary
from ..learn.sources import LearnError
from ..rules import RuleSet
from .common import EXIT_OK, EXIT_UNREADABLE, CommandError

QUIT_WORDS = {"q", "quit", "exit", "退出", "结束"}


class _Quit(Exception):
    """The trainee typed q, or the input ended."""


def _ask(prompt: str) -> str:
    try:
        text = input(prompt)
    except EOFError:
        print()
        raise _Quit from None
    if not sys.stdin.isatty():
        print(text)  # a piped answer is not echoed by a terminal: show it, so the transcript reads
    if text.strip().lower() in QUIT_WORDS:
        raise _Quit
    return text


def parse_choice(text: str, options: list[str]) -> list[str] | None:
    """ "1 3" / "1,3" / "SMART-VAGUE" / "0" → the chosen codes; None when unreadable."""
    tokens = [t for t in re.split(r"[\s,，、;；]+", text.strip()) if t]
    if not tokens:
        return None
    if tokens in (["0"], ["无"], ["没有问题"]):
        return []
    chosen: list[str] = []
    for token in tokens:
        if token.isdigit() and 1 <= int(token) <= len(options):
            chosen.append(options[int(token) - 1])
        elif token.upper() in options:
            chosen.append(token.upper())
        else:
            return None
    return chosen


def _answer(exercise: Exercise, rules: RuleSet) -> Judgement:
    if exercise.kind == "choose":
        while (
            chosen := parse_choice(_ask("你的答案（编号，多个用空格分隔；0 = 没有问题）："), exercise.options)
        ) is None:
            print(f"无法识别。请输入 0 到 {len(exercise.options)} 之间的编号。")
        return judge_choose(exercise, chosen, rules)
    if exercise.kind == "rewrite":
        return judge_rewrite(exercise, _ask("新的年度指标值："), rules)
    rate = _ask("执行率（如 90.10%）：")
    score = _ask("预算执行率得分：")
    return judge_compute(exercise, rate, score, rules)


def _open_progress(rules: RuleSet, seed: int, count: int, trainee: str) -> tuple[Progress | None, int]:
    try:
        progress = Progress()
        return progress, progress.start_round(seed, rules.name, count, "cli", trainee)
    except ProgressError as exc:
        print(f"提示：{exc}；本轮成绩不保存。", file=sys.stderr)
        return None, 0


def _focus(trainee: str) -> list[str]:
    """The codes this trainee missed and has not since got right (they come back this round)."""
    from ..learn.mastery import focus_codes

    try:
        return focus_codes(Progress(), trainee)
    except ProgressError:
        return []


def run_round(
    rules: RuleSet, count: int = 5, seed: int | None = None, record: bool = True, trainee: str = ""
) -> int:
    seed = secrets.randbelow(1_000_000) if seed is None else seed
    focus = _focus(trainee) if record else []
    exercises = generate_round(rules, seed, count, focus=focus)
    who = f"{trainee}，" if trainee else ""
    print(f"学习 · 练习：{who}共 {count} 题（规则集 {rules.name}，种子 {seed}；输入 q 结束）")
    if focus:
        print("本轮复习上次没掌握的问题：" + "、".join(focus))
    progress, round_id = _open_progress(rules, seed, count, trainee) if record else (None, 0)
    answered = correct = 0
    try:
        for number, exercise in enumerate(exercises, 1):
            print()
            print(render_exercise(exercise, number, count))
            judgement = _answer(exercise, rules)
            answered += 1
            correct += judgement.correct
            print(render_judgement(judgement))
            if progress is not None:
                try:
                    progress.record_judgement(round_id, exercise, judgement)
                except ProgressError as exc:
                    print(f"提示：{exc}；之后的成绩不保存。", file=sys.stderr)
                    progress = None
    except _Quit:
        print("本轮提前结束。")
    print()
    print(f"本轮得分：答对 {correct} 题，共答 {answered} 题（本轮 {count} 题）。")
    if record and progress is not None:
        print("成绩已保存；用 jixiao learn progress 查看学习记录。")
    return EXIT_OK


def show_progress(trainee: str | None = None, out: str | None = None) -> int:
    """Progress of one trainee (or everyone) with per-code mastery; --out writes the cohort workbook."""
    from ..learn.mastery import export_cohort, mastery, skill_mastery

    try:
        progress = Progress()
        if out is not None:
            target = Path(out)
            if target.suffix.lower() != ".xlsx" or target.exists():
                raise CommandError(f"{target}：学员汇总须为尚不存在的 .xlsx 文件（不覆盖已有文件）")
            people = export_cohort(progress, target)
            print(f"已导出 {people} 名学员的学习记录和掌握情况：{target}")
            return EXIT_OK
        summary = progress.summary(trainee=trainee)
        codes = mastery(progress, trainee)
        skills = skill_mastery(progress, trainee)
        exams = progress.exams(trainee)
    except (ProgressError, OSError) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    print(render_summary(summary))
    if codes:
        print("各问题的掌握情况（答对/答题）：")
        print("\n".join(f"  {c.code}：{c.right}/{c.seen}（{c.share:.0%}）" for c in codes))
    if skills:
        print("进阶、综合各项的掌握情况（答对项/答题项）：")
        print("\n".join(f"  {s.title}：{s.right}/{s.seen}（{s.share:.0%}）" for s in skills))
    if exams:
        print("结业测试：")
        print("\n".join(f"  {exam_line(e)}" for e in exams))
    return EXIT_OK


def exam_line(exam: ExamRecord) -> str:
    verdict = "合格" if exam.passed else "不合格"
    return f"{exam.time[:10]}　{exam.trainee}　种子 {exam.seed}　总分 {exam.total:.2f}　{verdict}"


def show_example(rules: RuleSet, item: str | None, out: str | None = None) -> int:
    """`jixiao learn example [N] [--out F]`: the list, one case as text, or its corrected form saved."""
    try:
        keys = case_list()
    except LearnError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    if item is None:
        print(render_example_list(keys))
        return EXIT_OK
    if not item.isdigit() or not 1 <= int(item) <= len(keys):
        print(f"错误：没有序号为“{item}”的示例表（可用 1–{len(keys)}）", file=sys.stderr)
        return EXIT_UNREADABLE
    try:
        example = case_example(keys[int(item) - 1][0], rules)
    except LearnError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    if out is not None:
        return export_corrected(example.corrected, Path(out), rules)
    print(render_example(example))
    return EXIT_OK


def export_corrected(form: Form, target: Path, rules: RuleSet) -> int:
    """The corrected form as .json, .xlsx or .docx, the way `jixiao convert` writes (never overwrites)."""
    from .convert import check_output_path, render_forms, write_replacing

    if target.exists() and not target.is_dir():
        raise CommandError(f"{target}：文件已存在，未覆盖；请换一个文件名")
    check_output_path(Path(), target, force=False)
    write_replacing(target, render_forms([form], target.suffix.lower(), None, False, rules))
    print(f"已导出更正后的表：{target}（可用 jixiao check 复核）")
    return EXIT_OK
