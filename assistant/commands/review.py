"""`jixiao review DIR_OR_FILES... --out report.xlsx [--rules NAME] [--jobs N] [--force]
[--letters DIR] [--annotate DIR] [--reviewer 单位名]`.

Exit 0: every form read is free of errors; 1: some form has errors; 2: nothing could be read,
or the arguments / the report file cannot be used. Unreadable files never stop the batch: they
are listed in the report (and counted on the terminal).
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path

from ..formats import READABLE_TEXT
from ..review.letter import BODY_FONTS, TITLE_FONTS
from ..rules import DEFAULT_RULE_SET, available_rule_sets, load_rule_set
from .common import EXIT_FINDINGS, EXIT_OK, CommandError


def register(commands: argparse._SubParsersAction) -> None:
    review = commands.add_parser(
        "review",
        help="批量审核：一个文件夹（或多个文件、.zip 压缩包）的自评表 → 一份审核报告",
        description="批量审核自评表，生成一份报告（.xlsx 四个工作表；.csv 四个文件；.md 一页）。",
    )
    review.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help=f"文件夹（含子文件夹）、.zip 压缩包或 {READABLE_TEXT} 文件",
    )
    review.add_argument("--out", "-o", required=True, metavar="REPORT", help="报告文件：.xlsx、.csv 或 .md")
    review.add_argument(
        "--rules", default=DEFAULT_RULE_SET, help=f"规则集（{'、'.join(available_rule_sets())}）"
    )
    review.add_argument(
        "--jobs", "-j", type=_positive, default=None, metavar="N", help="同时处理的进程数（默认：CPU 核数）"
    )
    review.add_argument(
        "--force",
        action="store_true",
        help="报告文件已存在且不是本工具生成的，也覆盖（输入文件永远不会被覆盖）",
    )
    review.add_argument(
        "--annotate",
        metavar="DIR",
        help="把每个 .docx 的审核意见写成 Word 批注，存为 DIR 下的同名副本（原文件不改动）",
    )
    review.add_argument("--codes", action="store_true", help="批注中写出问题代码")
    review.add_argument(
        "--letters", metavar="DIR", help="另为每张表写一份审核意见（Word），放在此文件夹，以项目名称命名"
    )
    review.add_argument("--reviewer", metavar="单位名", help="审核单位：审核意见的落款和批注的作者")
    review.add_argument("--letter-date", type=_day, metavar="YYYY-MM-DD", help="审核意见日期（默认：今天）")
    review.add_argument(
        "--deadline",
        type=_day,
        metavar="YYYY-MM-DD",
        help="要求重新报送的日期（默认：审核意见日期后十个工作日）",
    )
    review.add_argument(
        "--letter-font",
        choices=BODY_FONTS,
        default=BODY_FONTS[0],
        help="审核意见正文字体（默认 仿宋_GB2312；Windows 10 及以后的系统只带“仿宋”）",
    )
    review.add_argument(
        "--letter-title-font",
        choices=TITLE_FONTS,
        default=TITLE_FONTS[0],
        help="审核意见标题字体（默认 宋体加粗；方正小标宋简体不加粗，未安装时 Word 用宋体）",
    )
    review.set_defaults(handler=run)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"应为日期 YYYY-MM-DD，而不是“{text}”") from None


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"应为正整数，而不是“{text}”")
    return value


def run(args: argparse.Namespace) -> int:
    from ..review.batch import run_tasks
    from ..review.inputs import expand_paths
    from ..review.letter_files import LetterCollector, LetterError, write_letters
    from ..review.report_files import ReportError, check_output, report_files, report_format, write_report

    rules = load_rule_set(args.rules)
    out = Path(args.out)
    explicit = [p for p in args.paths if not Path(p).is_dir()]
    try:
        fmt = report_format(out)
        check_output(out, explicit, force=args.force)
    except ReportError as exc:
        raise CommandError(str(exc)) from exc
    tasks = expand_paths(args.paths, exclude=report_files(out))
    if not tasks:
        raise CommandError("给出的文件夹中没有任何文件可审核。")
    options = _letter_options(args)
    collector = LetterCollector(tasks)
    jobs = args.jobs or os.cpu_count() or 1
    with _progress_bar(len(tasks)) as progress:
        try:
            results = collector.watch(run_tasks(tasks, rules, jobs, progress))
            stats = write_report(results, out, fmt, rules)
        except OSError as exc:
            raise CommandError(f"无法写入报告 {out}：{exc.strerror or exc}") from exc
    if args.letters:
        try:
            letters = write_letters(collector.letters(rules, options), args.letters, force=args.force)
        except LetterError as exc:
            raise CommandError(str(exc)) from exc
        written_letters = f"\n审核意见：{len(letters)} 份，在 {args.letters}"
    else:
        written_letters = ""
    written = "、".join(str(p) for p in report_files(out))
    print(
        f"已审核 {stats.files} 个文件中的 {stats.forms} 张表：{stats.forms_with_errors} 张有错误，"
        f"{stats.forms_with_warnings_only} 张仅有警告，{stats.forms_clean} 张未发现问题；"
        f"{stats.unreadable} 个文件无法读取。\n审核结论：{stats.verdict_line()}"
        f"\n报告：{written}{written_letters}"
    )
    if args.annotate:
        _annotate(tasks, Path(args.annotate), rules, args)
    if stats.unreadable:
        print(f"注意：{stats.unreadable} 个文件无法读取，原因见报告“无法读取的文件”。", file=sys.stderr)
    if stats.forms == 0:
        raise CommandError("没有读到任何自评表。")
    return EXIT_FINDINGS if stats.forms_with_errors else EXIT_OK


def _annotate(tasks, out_dir: Path, rules, args: argparse.Namespace) -> None:
    from ..review.annotate import DEFAULT_REVIEWER, AnnotateError, annotate_tasks

    try:
        written, skipped = annotate_tasks(
            tasks,
            out_dir,
            rules,
            reviewer=(args.reviewer or "").strip() or DEFAULT_REVIEWER,
            codes=args.codes,
            force=args.force,
        )
    except (AnnotateError, OSError) as exc:
        raise CommandError(f"无法写入批注副本：{exc}") from exc
    print(f"批注副本：{len(written)} 个文件写入 {out_dir}")
    for reason in skipped:
        print(f"未写批注：{reason}", file=sys.stderr)


def _letter_options(args: argparse.Namespace):
    from ..review.letter import DEFAULT_REVIEWER, LetterOptions, working_days_after

    reviewer = (args.reviewer or "").strip() or DEFAULT_REVIEWER
    day = args.letter_date or date.today()
    deadline = args.deadline or working_days_after(day)
    if deadline <= day:
        raise CommandError(f"重新报送日期 {deadline} 应晚于审核意见日期 {day}")
    fonts = {"body_font": args.letter_font, "title_font": args.letter_title_font}
    return LetterOptions(reviewer=reviewer, letter_date=day, deadline=deadline, **fonts)


class _progress_bar:
    """A tqdm bar on stderr while the batch runs; silent when stderr is not a terminal."""

    def __init__(self, total: int):
        self.total = total
        self.bar = None

    def __enter__(self):
        if not sys.stderr.isatty():
            return None
        from tqdm import tqdm

        self.bar = tqdm(total=self.total, unit="个文件", desc="审核", file=sys.stderr, dynamic_ncols=True)
        return self.update

    def update(self, done: int, total: int) -> None:
        assert self.bar is not None
        self.bar.update(done - self.bar.n)

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.close()
