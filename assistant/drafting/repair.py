"""What a repair request says about each current finding, so that one repair fixes it (§9).

Each line names the row (二级指标 and name) and where it sits in the model's own JSON
("indicators[3].target"), the value written there and, for a number without a fact, the nearest
facts of the same kind (money, percent, quantity) with their labels and, for money, the
derivation that gives a per-unit amount. Schema errors are listed in Chinese, every one (bounded).
Only the current findings are described: the gate never sends the history.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from ..findings import Finding
from ..form import Form
from ..values import format_decimal, normalize
from .brief import ProjectBrief
from .money import ceil_money
from .numbers import _NUMBER_RE, TEN_THOUSAND, _unit_kind

MAX_FACTS = 3  # nearest facts shown for one number
MAX_SCHEMA_ERRORS = 20
_KIND_LABEL = {"money": "金额", "percent": "比率", "quantity": "数量", "other": "数字"}
# The JSON field of a finding's cell, for a row drafted whole (indicators) or rewritten (critique).
_ROW_FIELDS = ("name", "target", "basis")
_ITEM_FIELDS = {"comment": "comment", "problem": "problems", "deviation": "text"}

Fact = tuple[Decimal, str, str]  # value, unit, label


def _brief_facts(brief: ProjectBrief) -> dict[str, list[Fact]]:
    from .quantities import extract_quantities

    unit = brief.money_unit
    money: list[Fact] = [(brief.full_year_budget, unit, "全年预算数")]
    money += [(line.amount, unit, line.item) for line in brief.spending]
    if brief.executed is not None:
        money.append((brief.executed, unit, "全年执行数"))
    quantity: list[Fact] = [(q.value, q.unit, q.name) for q in brief.quantities]
    quantity += [
        (q.value, q.unit, q.noun or q.before or q.verb) for q in extract_quantities(brief.description)
    ]
    quantity += _sums(quantity)
    percent: list[Fact] = []
    if brief.executed is not None and brief.full_year_budget:
        percent.append((brief.executed / brief.full_year_budget * 100, "%", "执行率"))
    return {"money": money, "quantity": quantity, "percent": percent}


def _sums(facts: list[Fact]) -> list[Fact]:
    """The total of the quantities written with one unit ("自动雨量站24处、水位站12处" → 36处)."""
    by_unit: dict[str, list[Fact]] = {}
    for fact in facts:
        by_unit.setdefault(fact[1], []).append(fact)
    return [
        (sum((f[0] for f in same), Decimal(0)), unit, "+".join(f[2] or "?" for f in same) + " 合计")
        for unit, same in by_unit.items()
        if 1 < len(same) <= 4
    ]


def _form_facts(form: Form) -> dict[str, list[Fact]]:
    from .quantities import extract_quantities

    total, unit = form.funds.total, form.money_unit
    money: list[Fact] = []
    for label, cell in (("全年预算数", total.full_year_budget), ("全年执行数", total.executed)):
        if cell.value is not None:
            money.append((cell.value, unit, label))
    quantity: list[Fact] = []
    for row in form.indicators:
        for q in extract_quantities(f"{row.name} {row.target.display}"):
            quantity.append((q.value, q.unit, q.noun or row.name))
    percent: list[Fact] = []
    budget, executed = total.full_year_budget.value, total.executed.value
    if budget and executed is not None:
        percent.append((executed / budget * 100, "%", "执行率"))
    return {"money": money, "quantity": quantity, "percent": percent}


def _facts(subject: BaseModel) -> dict[str, list[Fact]]:
    if isinstance(subject, ProjectBrief):
        return _brief_facts(subject)
    return _form_facts(subject) if isinstance(subject, Form) else {}


def _distance(a: Decimal, b: Decimal) -> float:
    return abs(math.log(float(a) / float(b))) if a > 0 and b > 0 else math.inf


def _show(value: Decimal, unit: str) -> str:
    return f"{format_decimal(round(value, 4))}{unit}"


def _per_unit(written: Decimal, unit: str, facts: dict[str, list[Fact]]) -> list[str]:
    """Per-unit amounts (money ÷ a quantity) near the written number, with the derivation."""
    found: list[tuple[float, str]] = []
    for amount, money_unit, label in facts.get("money", []):
        for count, count_unit, noun in facts.get("quantity", []):
            if count <= 0 or noun.endswith(" 合计"):
                continue
            for scale, shown_unit in ((Decimal(1), money_unit), (TEN_THOUSAND, "元")):
                if shown_unit == "元" and money_unit != "万元":
                    continue
                value = amount * scale / count
                per = f"{shown_unit}/{count_unit}"
                text = (
                    f"{label} {_show(amount, money_unit)} ÷ {_show(count, count_unit)}{noun}"
                    f" = {_show(value, per)}，写作 ≤{ceil_money(value)}{per}"
                )
                weight = _distance(written, value) + (0 if unit in ("", shown_unit) else 5)
                found.append((weight, text))
    return [text for _, text in sorted(found)[:2]]


def number_hint(written: str, rest: str, subject: BaseModel) -> str:
    """The facts of the same kind nearest to a number that has none, and for money a derivation."""
    kind = _unit_kind(rest)
    facts = _facts(subject)
    value = Decimal(written.replace(",", ""))
    pool = facts.get(kind, []) if kind != "other" else [f for fs in facts.values() for f in fs]
    nearest = sorted(pool, key=lambda f: _distance(value, f[0]))[:MAX_FACTS]
    label = _KIND_LABEL[kind]
    if not nearest:
        return f"资料中没有可用的{label}事实：删去这个数字，或改用不需要数字的写法"
    listed = "、".join(f"{name} {_show(v, unit)}" for v, unit, name in nearest)
    hint = f"资料中最接近的{label}事实：{listed}"
    if kind == "money":
        unit = next((u for u in ("万元", "元") if rest.lstrip().startswith(u)), "")
        derived = _per_unit(value, unit, facts)
        if derived:
            hint += "；单位成本请按 " + "；或 ".join(derived)
        hint += "；金额也可用合计、差额，元与万元可互换（1万元 = 10000元）"
    return hint


def _json_place(draft: BaseModel | None, finding: Finding) -> tuple[str, str, str]:
    """(path in the model's JSON, the row as 二级指标“名称”, the value written there)."""
    index, field = finding.indicator_index, finding.place.indicator_field
    if draft is None or index is None:
        return "", "", ""
    rows = getattr(draft, "indicators", None)
    if isinstance(rows, list) and 0 <= index < len(rows):
        row, path = rows[index], f"indicators[{index}]"
    else:
        items = getattr(draft, "items", None) or []
        k = next((k for k, item in enumerate(items) if getattr(item, "indicator_index", None) == index), None)
        if k is None:
            return "", "", ""
        item, path = items[k], f"items[{k}]"
        row = getattr(item, "rewrite", None)
        if field in _ITEM_FIELDS:
            value = getattr(item, _ITEM_FIELDS[field], "")
            value = "；".join(value) if isinstance(value, list) else value
            return f"{path}.{_ITEM_FIELDS[field]}", _title(row, finding), str(value)
        path += ".rewrite" if row is not None else ""
    if field in _ROW_FIELDS and row is not None:
        return f"{path}.{field}", _title(row, finding), str(getattr(row, field, ""))
    return path, _title(row, finding), ""


def _title(row: Any, finding: Finding) -> str:
    level2 = getattr(row, "level2", None) or finding.place.level2 or ""
    name = getattr(row, "name", None) or finding.place.row_name or ""
    return f"{level2}“{name}”" if name else level2


def describe_for_repair(finding: Finding, draft: BaseModel | None, subject: BaseModel) -> str:
    """One line of a repair request: where (JSON path and row), what is written, what is wrong,
    and what it could be instead."""
    path, title, value = _json_place(draft, finding)
    where = f"{path}（{title}）" if path and title else path or finding.location
    line = f"[{finding.code}] {where}"
    if value:
        line += f"，现在写的是“{value}”"
    line += f"：{finding.message}"
    if finding.code == "DRAFT-UNVERIFIED-NUMBER" and value:
        text = normalize(value)
        for match in _NUMBER_RE.finditer(text):
            if f"数字 {match.group(1)} " in finding.message:
                line += f"。{number_hint(match.group(1), text[match.end() :], subject)}"
                break
    return line


def repair_problems(findings: list[Finding], draft: BaseModel | None, subject: BaseModel) -> list[str]:
    """The current blocking findings as repair lines (never earlier attempts' findings)."""
    return [describe_for_repair(f, draft, subject) for f in findings]


# Pydantic's error types, said in Chinese.
_SCHEMA_TYPES = {
    "missing": "缺少这个必填字段",
    "extra_forbidden": "不允许有这个字段，请删去",
    "string_type": "应为字符串",
    "string_too_short": "不能为空",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "float_type": "应为数字",
    "float_parsing": "应为数字",
    "decimal_type": "应为数字",
    "decimal_parsing": "应为数字",
    "number_type": "应为数字",
    "bool_type": "应为 true 或 false",
    "list_type": "应为数组 [...]",
    "dict_type": "应为对象 {...}",
    "model_type": "应为对象 {...}",
    "model_attributes_type": "应为对象 {...}",
    "none_required": "应为 null",
    "literal_error": "取值不在允许的范围内",
}


def _schema_line(error: Any) -> str:
    path = ""
    for part in error.get("loc", ()):
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    if kind in ("greater_than_equal", "greater_than"):
        what = f"不能小于{'等于' if kind == 'greater_than' else ''} {ctx.get('ge', ctx.get('gt'))}"
    elif kind in ("less_than_equal", "less_than"):
        what = f"不能大于{'等于' if kind == 'less_than' else ''} {ctx.get('le', ctx.get('lt'))}"
    else:
        what = _SCHEMA_TYPES.get(kind, f"不符合要求（{kind}）")
    given = error.get("input")
    shown = "" if kind == "missing" or isinstance(given, dict | list) else f"（现在是 {str(given)[:40]!r}）"
    return f"JSON 字段 {path or '（根）'} {what}{shown}"


def schema_problems(errors: list[Any]) -> list[str]:
    """Every schema error in Chinese, at most MAX_SCHEMA_ERRORS lines and a count of the rest."""
    lines = [_schema_line(e) for e in errors[:MAX_SCHEMA_ERRORS]]
    if len(errors) > MAX_SCHEMA_ERRORS:
        lines.append(f"另有 {len(errors) - MAX_SCHEMA_ERRORS} 处同类错误，请按上面的方法一并修正")
    return lines
