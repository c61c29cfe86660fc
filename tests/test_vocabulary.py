"""One vocabulary: the labels of the form, the categories, severities and draft statuses are
defined in assistant/vocabulary.py and nowhere else, and the place renderer speaks it."""

from __future__ import annotations

import ast
from pathlib import Path

from assistant import vocabulary as V
from assistant.form import Indicator
from assistant.place import FIELD_LABELS, Place

PACKAGE = Path(__file__).resolve().parent.parent / "assistant"

_TABLES = [table for name, table in vars(V).items() if name.isupper() and isinstance(table, dict)]
_ITEMS = {(key, label) for table in _TABLES for key, label in table.items()}
_LABELS = {label for table in _TABLES for label in table.values()}
_LABELS |= {*V.LEVEL1_CANON, *V.LEVEL2_CANON, *V.GRADES}


def _constant(node: ast.AST) -> object:
    return node.value if isinstance(node, ast.Constant) else None


def _copies(tree: ast.AST) -> list[int]:
    """Lines of literal tables that repeat the vocabulary: two of its key → label pairs (as a dict
    or as pairs), or a sequence of three or more of its labels and nothing else."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict):
            pairs = {(_constant(k), _constant(v)) for k, v in zip(node.keys, node.values, strict=True) if k}
            if len(pairs & _ITEMS) >= 2:
                lines.append(node.lineno)
        elif isinstance(node, ast.Tuple | ast.List | ast.Set):
            values = [_constant(element) for element in node.elts]
            pairs = {
                (_constant(e.elts[0]), _constant(e.elts[1]))
                for e in node.elts
                if isinstance(e, ast.Tuple) and len(e.elts) == 2
            }
            if (len(values) >= 3 and all(v in _LABELS for v in values)) or len(pairs & _ITEMS) >= 2:
                lines.append(node.lineno)
    return lines


def test_no_module_keeps_its_own_copy_of_the_vocabulary() -> None:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name != "vocabulary.py":
            tree = ast.parse(path.read_text(encoding="utf-8"))
            found += [f"{path.relative_to(PACKAGE.parent)}:{line}" for line in _copies(tree)]
    assert found == [], "import these labels from assistant.vocabulary:\n" + "\n".join(found)


def test_the_check_catches_the_old_copies() -> None:
    old = [
        'SEVERITY_TEXT = {"error": "错误", "warning": "警告", "info": "提示"}',
        'GATE_LABELS = {"accepted": "已采纳", "fallback": "已回退到离线草稿", "rejected": "已拒绝"}',
        'FUND_LABELS = ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")',
        'HEADER_FIELDS = (("project", "项目名称"), ("department", "主管部门"), ("unit", "实施单位"))',
        'LEVEL1_CANON = ("产出指标", "效益指标", "满意度指标", "成本指标")',
    ]
    assert all(_copies(ast.parse(line)) for line in old)


def test_every_place_field_has_a_label_and_the_renderer_uses_it() -> None:
    for section, fields in FIELD_LABELS.items():
        assert V.SECTION_LABELS[section]
        for field, label in fields.items():
            if section == "indicators":
                place = Indicator(level1="产出指标", level2="数量指标", label="指标1").place(0, field)
            elif section == "funds":
                place = Place(section="funds", fund_row="total", field=field)
            else:
                place = Place(section=section, field=field)
            assert place.render().endswith(f"/{label}")


def test_the_category_tables_agree() -> None:
    assert set(V.BENEFIT_LEVEL2) <= set(V.LEVEL2_CANON)
    assert V.COST in V.LEVEL1_CANON and V.COST in V.LEVEL2_CANON
    assert all(V.SATISFACTION_WORD in name for name in (V.SATISFACTION, V.SERVICE_SATISFACTION))
    assert set(V.STATUS_LABELS) == set(V.STATUS_EXPLAINED)
