"""`jixiao draft … --out FILE`: the drafted form written as .docx, .xlsx or .json, the files
`jixiao check` reads back. Only a draft that passed its checks is written: a rejected draft is
refused, never saved as if it were a form ready to send."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .common import EXIT_FINDINGS, CommandError
from .convert import WRITABLE_SUFFIXES, render_forms, write_replacing

if TYPE_CHECKING:
    from ..drafting.result import GateResult


def add_out_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out",
        metavar="FILE",
        help="把起草好的自评表写入文件（.docx / .xlsx / .json，扩展名决定格式；已有文件不覆盖）",
    )


def out_writer(args: argparse.Namespace, subject: Any, source: str) -> Callable[[GateResult], None] | None:
    """What run_gate calls with the result when --out is given; the path is checked now, before
    any drafting, so that a model is not asked for a draft that cannot be saved."""
    out = getattr(args, "out", None)
    if not out:
        return None
    target = Path(out)
    if target.is_dir():
        raise CommandError(f"--out {out}：这是文件夹，请给出输出文件名")
    if target.exists():
        same = Path(source).exists() and target.resolve() == Path(source).resolve()
        what = "不能是输入文件本身（输入文件不会被改写）" if same else "文件已存在，未覆盖；请换一个文件名"
        raise CommandError(f"--out {out}：{what}")
    if target.suffix.lower() not in WRITABLE_SUFFIXES:
        raise CommandError(f"--out {out}：输出文件须为 .docx、.xlsx 或 .json（扩展名决定格式）")
    if not target.parent.is_dir():
        raise CommandError(f"--out {out}：输出目录“{target.parent}”不存在")

    def write(result: GateResult) -> None:
        write_draft(result, subject, target, args.rules, to_stderr=args.format == "json")

    return write


def write_draft(result: GateResult, subject: Any, target: Path, rules_name: str, to_stderr: bool) -> None:
    """The subject with the draft applied (spec.apply), written to `target`."""
    from ..drafting.tasks import get_task
    from ..rules import load_rule_set

    if result.status == "rejected" or result.draft is None:
        raise CommandError(
            f"草稿未通过检查，未写出 {target}：未通过检查的草稿不能当作自评表保存；"
            "请按上面列出的问题修改简报或表格后重新起草",
            exit_code=EXIT_FINDINGS,
        )
    rules = load_rule_set(rules_name)
    form = get_task(result.task).apply(subject, result.draft, rules)
    write_replacing(target, render_forms([form], target.suffix.lower(), None, False, rules))
    note = "（实际完成值和得分待年末填写）" if result.task == "indicators" else ""
    print(f"已写出起草的自评表：{target}{note}", file=sys.stderr if to_stderr else sys.stdout)
