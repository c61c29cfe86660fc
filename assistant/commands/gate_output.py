"""Shared by `jixiao draft` and `jixiao critique`: options, running the gate, printing the result."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..rules import DEFAULT_RULE_SET, available_rule_sets
from ..vocabulary import SEVERITY_LABELS as SEVERITY_TEXT
from ..vocabulary import STATUS_EXPLAINED as STATUS_TEXT
from .common import EXIT_FINDINGS, EXIT_OK, CommandError
from .llm_flags import add_llm_options, given_flags, llm_overrides

if TYPE_CHECKING:
    from ..drafting.result import GateResult

ENGINE_TEXT = {"offline": "离线规则引擎", "llm": "模型"}


def add_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--engine",
        choices=("offline", "llm"),
        default="offline",
        help="起草引擎：offline（默认，不联网）或 llm",
    )
    parser.add_argument(
        "--rules", default=DEFAULT_RULE_SET, help=f"规则集（{'、'.join(available_rule_sets())}）"
    )
    parser.add_argument("--format", choices=("text", "json"), default="text", help="输出格式")
    add_llm_options(parser)


def add_form_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--form", type=int, default=None, metavar="N", help="文件中的第 N 张表（从 1 开始）")


def pick_form(path: str, number: int | None) -> Any:
    """The form to work on; CommandError when the file or the number cannot be used."""
    from ..formats import FormReadError, read_forms

    try:
        forms = read_forms(path)
    except FormReadError as exc:
        raise CommandError(str(exc)) from exc
    if not forms:
        raise CommandError(f"{path} 中没有找到自评表")
    if number is None:
        if len(forms) > 1:
            print(
                f"提示：{path} 含 {len(forms)} 张表，处理第 1 张；用 --form N 选择其他表。", file=sys.stderr
            )
        number = 1
    if not 1 <= number <= len(forms):
        raise CommandError(f"--form {number} 超出范围：{path} 共有 {len(forms)} 张表")
    return forms[number - 1]


def run_gate(
    task: str,
    subject: Any,
    args: argparse.Namespace,
    causes: list | None = None,
    after: Callable[[GateResult], None] | None = None,
) -> int:
    """Run the task, print the result; then `after(result)` (draft --out writes the drafted form,
    critique --adopt the adopted one)."""
    from ..drafting.gate import run_task
    from ..llm.config import load_settings
    from ..rules import load_rule_set

    rules = load_rule_set(args.rules)
    if args.engine != "llm" and (flags := given_flags(args)):
        raise CommandError(f"{'、'.join(flags)} 只用于 --engine llm")
    settings = load_settings(overrides=llm_overrides(args)) if args.engine == "llm" else None  # SettingsError
    result = run_task(task, subject, rules, engine=args.engine, settings=settings, causes=causes)  # type: ignore[arg-type]
    if args.format == "json":
        print(json.dumps(result.as_contract(), ensure_ascii=False, indent=2))
    else:
        print(render(result, title_of(subject)))
    if after is not None:
        after(result)
    return EXIT_FINDINGS if result.status == "rejected" else EXIT_OK


def title_of(subject: Any) -> str:
    return getattr(subject, "project", "") or "（未填项目名称）"


def render(result: GateResult, title: str) -> str:
    """The result as the terminal shows it; the task's spec names it and writes its draft's lines."""
    from ..drafting.tasks import get_task

    spec = get_task(result.task)
    engine = ENGINE_TEXT[result.engine] + (f"（{result.model}）" if result.model else "")
    lines = [f"【{spec.label}】{title}", f"  引擎：{engine}　结果：{STATUS_TEXT[result.status]}"]
    if result.note:
        lines.append(f"  说明：{result.note}")
    tokens, took = result.usage["total_tokens"], f"{result.latency_ms:.0f}"
    counts = f"尝试 {len(result.attempts)} 次，模型调用 {result.calls} 次"
    lines.append(f"  {counts}，tokens {tokens}，用时 {took} ms")
    for number, attempt in enumerate(result.attempts, 1):
        codes = "、".join(f.code for f in attempt.blocking) or "无阻断问题"
        detail = f"出错：{attempt.error}" if attempt.error else codes
        lines.append(f"    第 {number} 次（{ENGINE_TEXT[attempt.engine]}）：{detail}")
    draft = result.draft
    if draft is not None:
        lines.append("  草稿：" + ("（离线引擎）" if result.draft_engine == "offline" else "（模型）"))
        lines += [f"    {line}" for line in spec.render(draft)]
    if result.findings:
        lines.append("  检查结果：")
        lines += [
            f"    [{SEVERITY_TEXT[f.severity]}] {f.code} {f.location}：{f.message}" for f in result.findings
        ]
    else:
        lines.append("  检查结果：未发现问题。")
    return "\n".join(lines)
