"""`jixiao review DIR_OR_FILES... --out report.xlsx [--rules NAME] [--jobs N] [--force] [--annotate DIR]`.

Exit 0: every form read is free of errors; 1: some form has errors; 2: nothing could be read,
or the arguments / the report file cannot be used. Unreadable files never stop the batch: they
are listed in the report (and counted on the terminal).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

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
        help="文件夹（含子文件夹）、.zip 压缩包或 .docx / .json / .txt 文件",
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
    review.add_argument("--reviewer", default="审核单位", help="批注的作者（审核单位名称，默认“审核单位”）")
    review.add_argument("--codes", action="store_true", help="批注中写出问题代码")
    review.set_defaults(handler=run)


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
    jobs = args.jobs or os.cpu_count() or 1
    with _progress_bar(len(tasks)) as progress:
        try:
            stats = write_report(run_tasks(tasks, rules, jobs, progress), out, fmt, rules)
        except OSError as exc:
            raise CommandError(f"无法写入报告 {out}：{exc.strerror or exc}") from exc
    written = "、".join(str(p) for p in report_files(out))
    print(
        f"已审核 {stats.files} 个文件中的 {stats.forms} 张表：{stats.forms_with_errors} 张有错误，"
        f"{stats.forms_with_warnings_only} 张仅有警告，{stats.forms_clean} 张未发现问题；"
        f"{stats.unreadable} 个文件无法读取。\n审核结论：{stats.verdict_line()}\n报告：{written}"
    )
    if args.annotate:
        _annotate(tasks, Path(args.annotate), rules, args)
    if stats.unreadable:
        print(f"注意：{stats.unreadable} 个文件无法读取，原因见报告“无法读取的文件”。", file=sys.stderr)
    if stats.forms == 0:
        raise CommandError("没有读到任何自评表。")
    return EXIT_FINDINGS if stats.forms_with_errors else EXIT_OK


def _annotate(tasks, out_dir: Path, rules, args: argparse.Namespace) -> None:
    from ..review.annotate import AnnotateError, annotate_tasks

    try:
        written, skipped = annotate_tasks(
            tasks, out_dir, rules, reviewer=args.reviewer, codes=args.codes, force=args.force
        )
    except (AnnotateError, OSError) as exc:
        raise CommandError(f"无法写入批注副本：{exc}") from exc
    print(f"批注副本：{len(written)} 个文件写入 {out_dir}")
    for reason in skipped:
        print(f"未写批注：{reason}", file=sys.stderr)


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
