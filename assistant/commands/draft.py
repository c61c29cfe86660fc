"""`jixiao draft indicators BRIEF` and `jixiao draft deviations FORM [--form N]`, gated by the checks."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..formats import READABLE_TEXT
from .common import CommandError
from .draft_out import add_out_option, out_writer
from .gate_output import add_form_option, add_options, pick_form, run_gate


def register(commands: argparse._SubParsersAction) -> None:
    draft = commands.add_parser("draft", help="起草绩效指标或偏差原因说明（草稿须通过全部检查）")
    tasks = draft.add_subparsers(dest="task", required=True, parser_class=type(draft))
    indicators = tasks.add_parser("indicators", help="根据项目简报（YAML/JSON）起草完整的绩效指标")
    indicators.add_argument("brief", metavar="BRIEF", help="项目简报文件（.yaml / .yml / .json）")
    indicators.add_argument(
        "--sector", metavar="KEY", help="项目领域（如 water、relief、student_aid）；默认按项目说明自动判断"
    )
    indicators.add_argument(
        "--explain", action="store_true", help="先列出从简报读取到的信息：数量、金额、时间、服务对象、地点"
    )
    add_options(indicators)
    add_out_option(indicators)
    indicators.set_defaults(handler=run_indicators)
    deviations = tasks.add_parser("deviations", help="为已填写的自评表起草偏差原因分析及改进措施")
    deviations.add_argument("path", metavar="FORM", help=f"{READABLE_TEXT} 自评表")
    add_form_option(deviations)
    deviations.add_argument(
        "--causes",
        metavar="FILE",
        help="偏差原因文件（YAML/JSON）：项目简报，或只含 causes 列表（about、cause、measure）",
    )
    add_options(deviations)
    add_out_option(deviations)
    deviations.set_defaults(handler=run_deviations)


def run_indicators(args: argparse.Namespace) -> int:
    from ..drafting.brief import BriefError, load_brief

    try:
        brief = load_brief(args.brief)
    except BriefError as exc:
        raise CommandError(str(exc)) from exc
    brief = _with_sector(brief, getattr(args, "sector", None))
    if args.engine == "llm":  # a missing model configuration is reported before anything is printed
        from ..llm.config import load_settings
        from .llm_flags import llm_overrides

        load_settings(overrides=llm_overrides(args))
    writer = out_writer(args, brief, args.brief)  # a bad --out is refused before anything is printed
    _print_reading(brief, getattr(args, "explain", False), getattr(args, "format", "text"))
    return run_gate("indicators", brief, args, after=writer)


def _with_sector(brief, key: str | None):  # type: ignore[no-untyped-def]
    """--sector overrides the brief's own project_type; an unknown key is a one-line error."""
    from ..drafting.sectors import find_sector, sector_names

    if not key:
        return brief
    sector = find_sector(key)
    if sector is None:
        raise CommandError(f"--sector：未知的项目领域“{key}”；可选：{'、'.join(sector_names())}")
    return brief.model_copy(update={"project_type": sector.key})


def _print_reading(brief, explain: bool, fmt: str) -> None:  # type: ignore[no-untyped-def]
    """The sector used and two alternatives (text output); with --explain everything read from the
    brief. JSON output stays one document: the explanation goes to stderr, the sector lines nowhere."""
    import sys

    from ..drafting.reading import explain_brief, explanation_lines

    if fmt == "json" and not explain:
        return
    lines = [
        line + ("；可用 --sector 指定" if line.startswith("其他可能") else "")
        for line in explanation_lines(explain_brief(brief))
    ]
    if not explain:
        lines = [line for line in lines if line.startswith(("项目领域", "其他可能"))]
    else:
        lines = ["【读取到的信息】", *(f"  {line}" for line in lines)]
    print("\n".join(lines), file=sys.stderr if fmt == "json" else sys.stdout)


def run_deviations(args: argparse.Namespace) -> int:
    form = pick_form(args.path, args.form)
    causes = load_causes(args.causes) if args.causes else []
    return run_gate("deviations", form, args, causes=causes, after=out_writer(args, form, args.path))


def load_causes(path: str) -> list:
    """The user's deviation causes from a brief or a causes-only file; CommandError if unusable."""
    from pydantic import TypeAdapter, ValidationError

    from ..drafting.brief import BriefError, DeviationCause, brief_from_data, load_brief

    try:
        brief = load_brief(path)
    except BriefError as exc:
        data = _plain(path)
        if isinstance(data, dict) and set(data) == {"causes"}:
            data = data["causes"]
        if not isinstance(data, list):
            raise CommandError(str(exc)) from exc
        try:
            return TypeAdapter(list[DeviationCause]).validate_python(data)
        except ValidationError:
            try:
                brief_from_data({"causes": data})
            except BriefError as detail:
                raise CommandError(f"偏差原因文件 {path} 有误：{detail}") from detail
            raise CommandError(f"偏差原因文件 {path} 有误") from None
    return brief.causes


def _plain(path: str) -> object:
    import json

    import yaml

    try:
        text = Path(path).read_text(encoding="utf-8-sig")
        return json.loads(text) if path.lower().endswith(".json") else yaml.safe_load(text)
    except (OSError, ValueError, yaml.YAMLError):
        return None
