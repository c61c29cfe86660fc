"""A finding's place: typed data that names one cell, rendered to the location text findings have
always shown, and never parsed back from that text."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from assistant.checks import run_checks
from assistant.drafting.models import CritiqueDraft, CritiqueItem, DeviationDraft, DeviationItem
from assistant.drafting.tasks import validate
from assistant.findings import Finding
from assistant.form import Form, Indicator, NumberCell
from assistant.formats.docx_prepare import to_layout
from assistant.formats.docx_reader import read_docx_bytes
from assistant.formats.docx_writer import write_docx
from assistant.learn.sources import form_from_example
from assistant.place import Place, funds_total, section_place
from assistant.vocabulary import INDICATOR_LABELS
from tests.docx_files import seed_forms_fixture, yongde_data_fixture  # noqa: F401
from tests.factories import good_form

RULE_SETS = ("mof-2020", "local")
PACKAGE = Path(__file__).resolve().parent.parent / "assistant"

# The location texts as the checks wrote them before places were typed, spelled out here on
# purpose (not taken from the vocabulary) so that a changed label or renderer shows up.
_COLUMNS = {
    "name": "三级指标",
    "target": "年度指标值",
    "actual": "实际完成值",
    "weight": "分值",
    "score": "得分",
    "deviation": "偏差原因分析及改进措施",
    "basis": "指标依据",
    "comment": "点评",
    "problem": "问题",
}
_FUNDS = {"initial_budget": "年初预算数", "full_year_budget": "全年预算数", "executed": "全年执行数"}
_FUNDS |= {"weight": "分值", "rate": "执行率", "score": "得分"}
_OTHER = {
    ("header", "project"): "基本信息/项目名称",
    ("header", "department"): "基本信息/主管部门",
    ("header", "unit"): "基本信息/实施单位",
    ("goal", "expected"): "年度总体目标/预期目标",
    ("goal", "actual"): "年度总体目标/实际完成情况",
    ("totals", "score"): "总分/得分",
    ("totals", "weight"): "总分/分值",
    ("grade", None): "评价等级",
    ("notes", None): "其他需要说明事项",
    ("funds", None): "项目资金",
    ("goal", None): "年度总体目标",
}


def legacy_location(place: Place, form: Form) -> str:
    if place.section == "indicators":
        if place.row is None:
            return "/".join(["绩效指标", *(p for p in (place.level1, place.level2) if p)])
        row = form.indicators[place.row]
        text = f"绩效指标/{row.category1}/{row.category2}/{row.label or row.name or '（无名称）'}"
        return text + (f"/{_COLUMNS[place.field]}" if place.field else "")
    if place.section == "funds" and place.fund_row == "total":
        return "项目资金/年度资金总额" + (f"/{_FUNDS[place.field]}" if place.field else "")
    if place.section == "funds" and place.field:
        return f"项目资金/{_FUNDS[place.field]}"
    return _OTHER[(place.section, place.field)]


def assert_names_one_cell(finding: Finding, form: Form) -> None:
    place = finding.place
    assert finding.location == legacy_location(place, form), finding
    assert finding.indicator_index == place.row
    assert Place.model_validate(place.as_json()) == place
    if place.row is not None:
        assert 0 <= place.row < len(form.indicators)
        assert place == form.indicators[place.row].place(place.row, place.field)
    if place.field is not None and place.section in ("header", "goal", "indicators"):
        owner = {"header": form.header, "goal": form.goal}.get(place.section, Indicator)
        draft_only = place.field in ("basis", "comment", "problem")
        assert draft_only or hasattr(owner, place.field) or place.field in Indicator.model_fields


def broken_form() -> Form:
    """One form with a finding in every section: header, goal, funds, rows, totals and grade."""
    form = good_form()
    form.header.unit = ""
    form.goal.actual = form.goal.expected
    form.funds.total.rate = NumberCell(text="")
    form.funds.total.score = NumberCell(text="十分")
    form.indicators[0].weight = NumberCell(text="")
    form.indicators[1].target.text = "较好"
    form.indicators[2].actual.text = "≥98%"
    form.stated_total = NumberCell(text="一百")
    form.grade = "差"
    return form


def test_every_finding_of_the_seed_and_yongde_names_its_cell(
    seed_forms: list[Form], yongde_data: dict
) -> None:
    forms = [*seed_forms, form_from_example(yongde_data), broken_form(), Form(missing_sections=["项目资金"])]
    sections = set()
    for form in forms:
        for rules in RULE_SETS:
            for finding in run_checks(form, rules):
                assert_names_one_cell(finding, form)
                sections.add(finding.place.section)
    assert sections == {"header", "goal", "funds", "indicators", "totals", "grade"}


@pytest.mark.parametrize("layout", ["single-cell", "split-target"])
def test_a_word_round_trip_keeps_every_place(seed_forms: list[Form], layout: str) -> None:
    stream = io.BytesIO()
    write_docx(seed_forms, stream, layout=layout)  # type: ignore[arg-type]
    back = read_docx_bytes(stream.getvalue(), "seed.docx")
    for original, read in zip(seed_forms, back, strict=True):
        expected = run_checks(to_layout(original, layout), "mof-2020")  # type: ignore[arg-type]
        found = run_checks(read, "mof-2020")
        assert [(f.code, f.place) for f in found] == [(f.code, f.place) for f in expected]
        for finding in found:
            assert_names_one_cell(finding, read)


def test_draft_findings_name_the_text_they_are_about(seed_forms: list[Form]) -> None:
    form = seed_forms[0]
    deviations = DeviationDraft(
        items=[
            DeviationItem(indicator_index=0, text="完成 12345 人次，原因【待填：原因】"),
            DeviationItem(indicator_index=None, text="资金结余 9999 万元"),
            DeviationItem(indicator_index=99, text="无"),
        ]
    )
    critique = CritiqueDraft(
        items=[CritiqueItem(indicator_index=1, comment="应为 4321 人", problems=["多 888 项"])]
    )
    found = validate("deviations", deviations, form, "mof-2020") + validate(
        "critique", critique, form, "mof-2020"
    )
    for finding in found:
        assert_names_one_cell(finding, form)
    places = {(f.code, f.place.section, f.place.row, f.place.field) for f in found}
    assert ("DRAFT-PLACEHOLDER", "indicators", 0, "deviation") in places
    assert ("DRAFT-UNVERIFIED-NUMBER", "notes", None, None) in places
    assert ("DRAFT-INVALID", "indicators", None, None) in places
    assert ("DRAFT-UNVERIFIED-NUMBER", "indicators", 1, "comment") in places
    assert ("DRAFT-UNVERIFIED-NUMBER", "indicators", 1, "problem") in places


def test_the_json_place_leaves_out_what_is_not_set() -> None:
    assert funds_total("rate").as_json() == {"section": "funds", "fund_row": "total", "field": "rate"}
    assert Place(section="grade").as_json() == {"section": "grade"}
    assert section_place("年度总体目标") == Place(section="goal")


@pytest.mark.parametrize(
    "fields",
    [
        {"section": "goal", "field": "score"},  # the goal has no score
        {"section": "totals", "row": 3},  # only indicator places have rows
        {"section": "header", "fund_row": "total"},
        {"section": "indicators", "field": "rate"},
        {"section": "notes", "unknown": 1},
    ],
)
def test_a_place_that_names_no_cell_of_the_form_is_refused(fields: dict) -> None:
    with pytest.raises(ValidationError):
        Place.model_validate(fields)


def test_a_form_can_only_miss_sections_it_has() -> None:
    with pytest.raises(ValidationError):
        Form(missing_sections=["附件"])


# Reading a location back: a method of the text, a containment or an equality test on it.
_PARSES = re.compile(
    r"location(\(.*?\))?\.(endswith|startswith|removesuffix|removeprefix|split|rsplit|partition"
    r"|rpartition|find|index|count|replace|strip)\("
    r"|\bin\s+[\w.\[\]\"']*location\b"
    r"|location\s*[!=]=|[!=]=\s*[\w.]*location\b"
)
# Building a location from another: "…location}/年度指标值".
_BUILDS = re.compile(r"location\}/|location\s*\+")


def test_no_module_reads_or_builds_location_text() -> None:
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if _PARSES.search(line) or _BUILDS.search(line):
                offenders.append(f"{path.relative_to(PACKAGE.parent)}:{number}: {line.strip()}")
    assert offenders == [], "decide with Finding.place, not with the location text:\n" + "\n".join(offenders)


def test_the_pattern_catches_the_old_ways() -> None:
    old = [
        'f.location.endswith("/年度指标值")',
        'finding.location.startswith("项目资金")',
        "any(c in finding.location for c in COLUMNS)",
        "finding.location == place",
        "_location(form, index).removesuffix(COLUMN)",
        '(f"{row.location}/三级指标", draft.name)',
    ]
    assert all(_PARSES.search(line) or _BUILDS.search(line) for line in old)


@given(
    level1=st.sampled_from(["产出指标", "效益指标", "满意度指标", ""]),
    level2=st.sampled_from(["数量指标", "时效指标", "社会效益指标", ""]),
    row=st.none() | st.integers(min_value=0, max_value=60),
    row_name=st.text(max_size=12),
    field=st.none() | st.sampled_from(sorted(INDICATOR_LABELS)),
)
def test_an_indicator_cell_built_unvalidated_equals_the_validated_place(
    level1: str, level2: str, row: int | None, row_name: str, field: str | None
) -> None:
    """Indicator.place skips validation for speed; what it builds must be the same Place in every
    way a finding, a report or the JSON uses it."""
    fast = Place.indicator_cell(level1, level2, row, row_name, field)  # type: ignore[arg-type]
    slow = Place(section="indicators", level1=level1, level2=level2, row=row, row_name=row_name, field=field)
    assert fast == slow and hash(fast) == hash(slow)
    assert fast.render() == slow.render() and fast.as_json() == slow.as_json()
    assert fast.model_dump_json() == slow.model_dump_json()
    assert fast.model_fields_set == slow.model_fields_set


def test_an_indicator_cell_refuses_a_field_the_table_lacks() -> None:
    with pytest.raises(ValueError, match="no field"):
        Place.indicator_cell("产出指标", "数量指标", 0, "指标1", "executed")  # type: ignore[arg-type]
