"""Findings as Word comments (批注) on a copy of the unit's own .docx.

Design: the reader keeps no map from fields to cells. Instead every `GridCell` read from Word
carries its w:tc element (`origin`, never compared), and here the copy is read again with the
same `document_items` and `split_forms`, then each finding's `Place` is found among the form's
rows with the same label logic the grid uses (header labels, the funds header and its 年度资金总额
row, the indicator header and the n-th indicator row, 年度总体目标, 总分). The Form model and the
reader's results are untouched, and a place that cannot be found falls back to the form's title.

The copy gets only comments: comment ranges around the cell's runs (an empty run when a cell has
none) and the comments part; text, tables and formatting stay as they were.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..findings import Finding, code_catalogue
from ..formats.docx_reader import TBL, P, R, T, W, _blocks, document_items, paragraph_text
from ..formats.grid import (
    FUND_COLUMNS,
    FUND_TOTAL_LABELS,
    _is_funds_header,
    _is_header_label,
    _row_label,
    split_forms,
)
from ..formats.grid_columns import GridCell, Matcher, Row, header_columns, label_field
from ..formats.grid_indicators import (
    END_OF_INDICATORS,
    INDICATOR_PRIORITY,
    _indicator_columns,
    _is_note_row,
    is_indicator_header,
    split_label,
)
from ..place import Place
from ..values import compact, is_blank
from .letter import DEFAULT_REVIEWER  # one default: the comment author signs as the letter does


@dataclass(frozen=True)
class Annotated:
    """What was written: the comments on cells, and those that fell back to the title."""

    data: bytes
    cells: list[tuple[str, str]]  # (place, comment text)
    on_title: list[tuple[str, str]]


def comment_text(finding: Finding, codes: bool = False) -> str:
    """The finding's message (it names the corrected value and its derivation), tags folded in."""
    text = finding.message.strip()
    if finding.tags:
        catalogue = code_catalogue()
        titles = [catalogue[t].title for t in finding.tags if t in catalogue]
        text += f"（同一格还有：{'；'.join(titles)}）" if titles else ""
    if codes:
        text = f"[{' '.join([finding.code, *(f'+{t}' for t in finding.tags)])}] {text}"
    return text


def annotate_docx(
    data: bytes,
    findings_per_form: list[list[Finding]],
    *,
    reviewer: str = DEFAULT_REVIEWER,
    codes: bool = False,
    now: datetime | None = None,
) -> Annotated:
    """A copy of `data` with each form's findings as comments on their cells (one per cell)."""
    import docx

    document = docx.Document(io.BytesIO(data))
    body = document.element.body
    segments = split_forms(document_items(body))
    initials = reviewer[:2]
    date = (now or datetime.now(UTC)).replace(microsecond=0)
    cells: list[tuple[str, str]] = []
    on_title: list[tuple[str, str]] = []
    for index, findings in enumerate(findings_per_form):
        rows = segments[index].rows if index < len(segments) else []
        texts: dict[object, list[str]] = {}
        places: dict[object, str] = {}
        for finding in findings:
            cell = locate(rows, finding.place)
            anchor = cell.origin if cell is not None and cell.origin is not None else ("title", index)
            texts.setdefault(anchor, []).append(comment_text(finding, codes))
            places.setdefault(anchor, finding.location)
        for anchor, lines in texts.items():
            text = "\n".join(lines)
            if isinstance(anchor, tuple):
                paragraph = _title_of(rows) if rows else None
                paragraph = paragraph if paragraph is not None else _first_paragraph(body)
                runs = _runs_of([paragraph])
                on_title.append((places[anchor], text))
            else:
                runs = _runs_of(p for p in _blocks(anchor) if p.tag == P)
                cells.append((places[anchor], text))
            comment = document.add_comment(_as_runs(runs), text=text, author=reviewer, initials=initials)
            comment._comment_elm.set(f"{W}date", date.strftime("%Y-%m-%dT%H:%M:%SZ"))
    out = io.BytesIO()
    document.save(out)
    return Annotated(out.getvalue(), cells, on_title)


class AnnotateError(ValueError):
    """The copies cannot be written; `str()` is the Chinese reason."""


def annotate_tasks(
    tasks: list,
    out_dir: Path,
    rules,
    *,
    reviewer: str = DEFAULT_REVIEWER,
    codes: bool = False,
    force: bool = False,
) -> tuple[list[Path], list[str]]:
    """For each .docx file on disk among `tasks`, its annotated copy under the same name in `out_dir`.

    Returns the copies written and the Chinese reasons for inputs skipped. Inputs are only read; a
    copy that would land on an input, or two inputs with the same name, are refused; an existing
    copy is overwritten only with `force`."""
    from ..formats import FormReadError
    from ..formats.docx_reader import read_docx_bytes
    from .form_report import check_form

    docx_tasks = [
        t for t in tasks if t.path and not t.member and not t.problem and t.path.lower().endswith(".docx")
    ]
    inputs = {Path(t.path).resolve() for t in docx_tasks}
    names: dict[str, str] = {}
    for task in docx_tasks:
        name = Path(task.path).name
        if name in names:
            raise AnnotateError(f"“{names[name]}”与“{task.display}”同名，批注副本会互相覆盖；请分开审核")
        names[name] = task.display
        target = (out_dir / name).resolve()
        if target in inputs:
            raise AnnotateError(
                f"批注副本 {out_dir / name} 就是输入文件本身；输入文件不会被修改，请另选文件夹"
            )
        if target.exists() and not force:
            raise AnnotateError(f"{out_dir / name} 已存在；加 --force 覆盖")
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    skipped = [f"{t.display}：只给 .docx 文件写批注" for t in tasks if t not in docx_tasks and not t.problem]
    for task in docx_tasks:
        data = Path(task.path).read_bytes()
        try:
            forms = read_docx_bytes(data, task.display)
        except FormReadError as exc:
            skipped.append(str(exc))
            continue
        findings = [check_form(form, rules).findings for form in forms]
        target = out_dir / Path(task.path).name
        target.write_bytes(annotate_docx(data, findings, reviewer=reviewer, codes=codes).data)
        written.append(target)
    return written, skipped


BODY = f"{W}body"


def _title_of(rows: list[Row]):
    """The form's title: the last paragraph with text before the table that holds its first row,
    else the first paragraph of that row's first cell."""
    tc = next((c.origin for row in rows for c in row if c.origin is not None), None)
    if tc is None:
        return None
    table = tc
    while table.getparent() is not None and table.getparent().tag != BODY:
        table = table.getparent()
    for sibling in table.itersiblings(preceding=True):
        if sibling.tag == TBL:
            break
        if sibling.tag == P and paragraph_text(sibling).strip():
            return sibling
    return next(tc.iter(P), None)


def _first_paragraph(body):
    return next(body.iter(P))


def _runs_of(paragraphs: Iterable) -> list:
    """The runs with text in these paragraphs (all runs when none has text); an empty run when none."""
    paragraphs = list(paragraphs)
    runs = [r for p in paragraphs for r in p.iter(R)]
    texty = [r for r in runs if any(t.text for t in r.iter(T))]
    if texty or runs:
        return texty or runs
    target = paragraphs[0]
    return [target.add_r()]


def _as_runs(elements: list):
    from docx.text.run import Run

    return [Run(r, None) for r in elements]


# --- finding a Place among the rows of one form (the grid's own label logic) ------------------


def locate(rows: list[Row], place: Place) -> GridCell | None:
    """The cell a finding's place names, or None (the form as a whole, or not found)."""
    if place.section == "header" and place.field is not None:
        return _header_cell(rows, place.field)
    if place.section == "funds" and place.fund_row == "total":
        return _funds_cell(rows, place.field)
    if place.section == "indicators" and place.row is not None:
        return _indicator_cell(rows, place.row, place.field)
    if place.section == "goal":
        return _goal_cell(rows, place.field)
    if place.section in ("totals", "grade"):
        return _totals_cell(rows, place.section, place.field)
    if place.section == "notes":
        return _after_label(rows, ("其他需要说明",))
    return None


def _header_cell(rows: list[Row], field: str) -> GridCell | None:
    for row in rows:
        if _is_funds_header(row) or is_indicator_header(row):
            break
        for index, cell in enumerate(row[:-1]):
            if _is_header_label(cell.key) == field and _is_header_label(row[index + 1].key) is None:
                return row[index + 1]
    return None


def _funds_cell(rows: list[Row], field: str | None) -> GridCell | None:
    for start, row in enumerate(rows):
        if not _is_funds_header(row):
            continue
        columns = header_columns(row, lambda c: label_field(c.key, FUND_COLUMNS))
        first_col = min(cols.start for cols in columns.values())
        for data in rows[start + 1 :]:
            label = _row_label(data, first_col)
            if label is None:
                return None
            index, text = label
            key = compact(text)
            if any(key.startswith(t) or key.endswith(t) for t in FUND_TOTAL_LABELS):
                if field is None:
                    return data[index]
                from ..formats.grid import FUND_PRIORITY

                assigned, _ = Matcher(columns, FUND_PRIORITY).assign(data[index + 1 :])
                return _first(assigned.get(field, ()))
        return None
    return None


def _indicator_cell(rows: list[Row], number: int, field: str | None) -> GridCell | None:
    start = next((i for i, row in enumerate(rows) if is_indicator_header(row)), None)
    if start is None:
        return None
    columns, body = _indicator_columns(rows, start, strict=False)
    matcher = Matcher(columns, INDICATOR_PRIORITY)
    seen = -1
    for row in rows[body:]:
        if any(c.key.startswith(END_OF_INDICATORS) for c in row):
            return None
        assigned, _ = matcher.assign(row)
        if _is_note_row(row, assigned):
            return None
        values = {
            name: "\n".join(c.text.strip() for c in assigned.get(name, ()) if c.text.strip())
            for name in columns
        }
        _, name = split_label(values.get("name", ""))
        body_values = [values.get(k, "") for k in ("target", "actual", "weight", "score", "operator")]
        if not name and all(is_blank(v) for v in body_values):
            continue
        seen += 1
        if seen == number:
            wanted = field if field in columns else "name"
            if wanted == "target" and "target" not in assigned:
                wanted = "operator"
            return _first(assigned.get(wanted, ())) or _first(assigned.get("name", ()))
    return None


def _goal_cell(rows: list[Row], field: str | None) -> GridCell | None:
    expected_labels, actual_labels = (
        ("预期目标", "年度目标", "预期"),
        ("实际完成情况", "实际完成", "完成情况"),
    )
    for start, row in enumerate(rows):
        labelled = any(c.key.startswith(("年度总体目标", "总体目标")) for c in row)
        both = any(c.key.startswith(expected_labels) for c in row) and any(
            c.key.startswith(actual_labels) for c in row
        )
        if not labelled and not both:
            continue
        wanted = actual_labels if field == "actual" else expected_labels
        label = next((c for c in row if c.key.startswith(wanted)), None)
        if label is not None and start + 1 < len(rows):
            for cell in rows[start + 1]:
                if cell.covers(label.col) or label.covers(cell.col):
                    return cell
        texts = [c for c in row if not c.key.startswith(("年度总体目标", "总体目标"))]
        if len(texts) >= 2:
            return texts[-1] if field == "actual" else texts[-2]
        return _after_label(rows, wanted) or row[0]
    return None


def _totals_cell(rows: list[Row], section: str, field: str | None) -> GridCell | None:
    if section == "grade":
        return _after_label(rows, ("评价等级", "自评等级", "等级"))
    start = next((i for i, row in enumerate(rows) if is_indicator_header(row)), 0)
    for row in rows[start:]:
        for index, cell in enumerate(row):
            if cell.key.startswith(("总分", "合计")):
                numbers = [c for c in row[index + 1 :] if not is_blank(c.text) and "等级" not in c.key]
                if field == "weight" and len(numbers) >= 2:
                    return numbers[0]
                if numbers:
                    return numbers[-1] if len(numbers) < 2 else numbers[1]
                return cell
    return None


def _after_label(rows: list[Row], labels: tuple[str, ...]) -> GridCell | None:
    for row in rows:
        for index, cell in enumerate(row[:-1]):
            if cell.key.startswith(labels):
                return row[index + 1]
    return None


def _first(cells: Iterable[GridCell]) -> GridCell | None:
    return next(iter(cells), None)
