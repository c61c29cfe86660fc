"""`jixiao convert IN OUT [--layout …] [--fill-computed] [--rules NAME] [--force]`.

Formats by extension: .docx, .xlsx, .json or .txt in; .docx, .xlsx or .json out. The input is only read; the
output is written to a temporary file beside it and moved into place, so an existing OUT (with
--force) is replaced whole or not at all.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from ..formats import READABLE_TEXT
from ..rules import DEFAULT_RULE_SET, available_rule_sets, load_rule_set
from .common import EXIT_OK, CommandError

WRITABLE_SUFFIXES = (".docx", ".xlsx", ".json")


class ConvertError(CommandError):
    """A refusal; the message is the Chinese reason."""


def register(commands: argparse._SubParsersAction) -> None:
    convert = commands.add_parser(
        "convert",
        help="在 Word（.docx）、Excel（.xlsx）、JSON 和文本之间转换自评表（也可读 .doc/.wps/.xls/.et/.pdf）",
    )
    convert.add_argument("input", metavar="IN", help=f"输入文件：{READABLE_TEXT}")
    convert.add_argument("output", metavar="OUT", help="输出文件：.docx / .xlsx（正式表样）或 .json")
    convert.add_argument(
        "--layout",
        choices=("single-cell", "split-target"),
        help="年度指标值写成一栏（single-cell），或分为指标性质/指标值/度量单位三栏（split-target）；默认沿用原表",
    )
    convert.add_argument(
        "--fill-computed",
        action="store_true",
        help="按规则集填入计算出的执行率、资金得分、总分和评价等级（默认照原表写出，不改任何数值）",
    )
    convert.add_argument(
        "--rules", default=DEFAULT_RULE_SET, help=f"规则集（{'、'.join(available_rule_sets())}）"
    )
    convert.add_argument("--force", action="store_true", help="输出文件已存在时覆盖它")
    convert.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from ..formats import FormReadError, read_forms

    source, target = Path(args.input), Path(args.output)
    try:
        check_output_path(source, target, args.force)
        rules = load_rule_set(args.rules)
        refuse_draft_result(source)
        forms = read_forms(source)
        refuse_empty(forms, source)
        data = render_forms(forms, target.suffix.lower(), args.layout, args.fill_computed, rules)
        write_replacing(target, data)
    except FormReadError as exc:
        raise CommandError(str(exc)) from exc
    filled = "，已填入计算值" if args.fill_computed else ""
    print(f"已转换：{source} → {target}（{len(forms)} 张自评表{filled}）")
    return EXIT_OK


def check_output_path(source: Path, target: Path, force: bool) -> None:
    if target.suffix.lower() not in WRITABLE_SUFFIXES:
        raise ConvertError(f"{target}：输出文件须为 .docx、.xlsx 或 .json（扩展名决定格式）")
    if _same_file(source, target):
        raise ConvertError(f"{target}：输出文件不能是输入文件本身（输入文件不会被改写）")
    if target.is_dir():
        raise ConvertError(f"{target}：这是文件夹，请给出输出文件名")
    if target.exists() and not force:
        raise ConvertError(f"{target}：文件已存在，未覆盖；确需覆盖请加 --force")
    if not target.parent.is_dir():
        raise ConvertError(f"{target}：输出目录“{target.parent}”不存在")


def _same_file(source: Path, target: Path) -> bool:
    if source.resolve() == target.resolve():
        return True
    try:
        return target.exists() and source.exists() and os.path.samefile(source, target)
    except OSError:
        return False


def refuse_draft_result(source: Path) -> None:
    """What `jixiao draft --format json` prints is the drafting result (the drafted rows and the
    checks), not a form: it holds neither the brief's header and funds nor the form the
    explanations belong to. Converting it would give an empty or partial form; say what to do."""
    import json

    if source.suffix.lower() != ".json":
        return
    try:
        data = json.loads(source.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError):
        return  # read_forms names the problem
    if _is_draft(data):
        raise ConvertError(
            f"{source}：这是 jixiao draft 输出的起草结果，不是自评表，其中没有表头和资金等栏目，无法转换；"
            "请用 jixiao draft … --out 表.docx（或 .xlsx、.json）直接写出起草好的自评表"
        )


# What a form may hold and still be empty: its labels, not its content.
_FRAME = ("title", "year", "layout", "money_unit", "blank_grade_cell", "missing_sections")


def refuse_empty(forms, source: Path) -> None:
    """A form with no header, funds, goal, indicators or totals (a JSON such as {"indicators": []})
    would be written as a blank table that looks like a converted form: refuse it instead."""
    from ..form import Form

    empty = Form().model_dump(exclude=set(_FRAME))
    for number, form in enumerate(forms, 1):
        if form.model_dump(exclude=set(_FRAME)) == empty:
            where = f"第 {number} 张表" if len(forms) > 1 else "自评表"
            raise ConvertError(f"{source}：{where}没有任何内容（表头、资金、目标和指标都为空），未转换")


def _is_draft(data: object) -> bool:
    """The whole result ("task" and "draft"), or only its "draft": drafted rows whose target is
    a string ("≥154名"), or drafted explanations ("items")."""
    if not isinstance(data, dict):
        return False
    if "task" in data and "draft" in data:
        return True
    rows = data.get("indicators") if set(data) == {"indicators"} else None
    drafted_rows = isinstance(rows, list) and any(
        isinstance(r, dict) and isinstance(r.get("target"), str) for r in rows
    )
    return drafted_rows or (set(data) == {"items"} and isinstance(data["items"], list))


def render_forms(forms, suffix: str, layout: str | None, fill_computed: bool, rules) -> bytes:
    """The forms as the bytes of a .json, .xlsx or .docx file (by `suffix`)."""
    import io

    from ..formats import forms_to_json
    from ..formats.docx_prepare import prepare_forms

    if suffix == ".json":
        prepared = prepare_forms(forms, layout=layout, fill_computed=fill_computed, rules=rules)  # type: ignore[arg-type]
        return (forms_to_json(prepared) + "\n").encode("utf-8")
    stream = io.BytesIO()
    if suffix == ".xlsx":
        from ..formats.xlsx_writer import write_xlsx

        write_xlsx(forms, stream, layout=layout, fill_computed=fill_computed, rules=rules)  # type: ignore[arg-type]
        return stream.getvalue()
    from ..formats.docx_writer import write_docx

    write_docx(forms, stream, layout=layout, fill_computed=fill_computed, rules=rules)  # type: ignore[arg-type]
    return stream.getvalue()


def write_replacing(target: Path, data: bytes) -> None:
    """Write beside the target, then rename: a failure leaves any existing file as it was."""
    temporary = None
    try:
        prefix = f".{target.name}."
        with tempfile.NamedTemporaryFile(dir=target.parent, prefix=prefix, delete=False) as handle:
            temporary = handle.name
            handle.write(data)
        os.chmod(temporary, _file_mode(target))
        os.replace(temporary, target)
    except OSError as exc:
        if temporary is not None and os.path.exists(temporary):
            os.unlink(temporary)
        raise ConvertError(f"{target}：无法写入（{exc.strerror or exc}）") from exc


def _file_mode(target: Path) -> int:
    """The mode the output would get if created normally (temporary files are private)."""
    if target.exists():
        return target.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
