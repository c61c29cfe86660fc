"""Reading docs/rules.md, the project's rules reference: the finding-code tables of its §5."""

from __future__ import annotations

import re
from pathlib import Path

RULES_MD = Path(__file__).resolve().parents[1] / "docs" / "rules.md"
CODE = re.compile(r"[A-Z]+(?:-[A-Z]+)+")
_ROW = re.compile(r"^\| ([A-Z]+(?:-[A-Z]+)*) \|(.*)$", re.MULTILINE)
PLANNED = "计划"


def rules_text() -> str:
    return RULES_MD.read_text(encoding="utf-8")


def section(number: int) -> str:
    """The text of `## N.` up to the next second-level heading."""
    return rules_text().split(f"\n## {number}. ")[1].split("\n## ")[0]


def code_rows() -> dict[str, list[str]]:
    """Code → the other cells of its row, for every table row of §5 that starts with a code."""
    return {
        match.group(1): [cell.strip() for cell in match.group(2).split("|")[:-1]]
        for match in _ROW.finditer(section(5))
    }


def documented_codes() -> dict[str, list[str]]:
    """The finding codes the product has (§5.1): code → [severity, what, module, source]."""
    return {code: cells for code, cells in code_rows().items() if not cells[0].startswith(PLANNED)}


def planned_codes() -> dict[str, list[str]]:
    """Codes defined but not yet implemented (§5.2)."""
    return {code: cells for code, cells in code_rows().items() if cells[0].startswith(PLANNED)}
