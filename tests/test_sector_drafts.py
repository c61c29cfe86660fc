"""Offline drafts for briefs from many sectors (tests/briefs/): each is accepted by the gate, carries
the brief's quantities, files beneficiaries under 效益, times the project by its own calendar, writes
a unit cost in the unit a reader expects, and holds no other sector's boilerplate."""

from __future__ import annotations

import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from assistant.drafting.brief import ProjectBrief, load_brief
from assistant.drafting.gate import run_task
from assistant.drafting.models import DraftIndicator, IndicatorDraft
from assistant.drafting.reading import explain_brief
from assistant.drafting.sectors import brief_text, choose, detect, sectors
from assistant.rules import load_rule_set
from assistant.values import compact, parse_target
from tests.processes import jixiao

BRIEFS = Path(__file__).resolve().parent / "briefs"
RULES = load_rule_set("mof-2020")


def _cases() -> list[str]:
    return sorted(p.name.removesuffix(".expect.yaml") for p in BRIEFS.glob("*.expect.yaml"))


def _load(name: str) -> tuple[ProjectBrief, dict[str, Any]]:
    expect = yaml.safe_load((BRIEFS / f"{name}.expect.yaml").read_text(encoding="utf-8"))
    return load_brief(BRIEFS / f"{name}.yaml"), expect


def _draft(brief: ProjectBrief) -> IndicatorDraft:
    result = run_task("indicators", brief, RULES, audit=False)
    assert result.status == "accepted", [f"{f.code} {f.message}" for f in result.findings]
    assert isinstance(result.draft, IndicatorDraft)
    return result.draft


def _row_text(row: DraftIndicator) -> str:
    return f"{row.name} {row.target} {row.basis}"


def test_the_corpus_is_broad_and_honest() -> None:
    cases = [_load(name)[1] for name in _cases()]
    assert len(cases) >= 12
    assert len({c["sector"] for c in cases}) >= 12  # different sectors, not one sector twelve times
    real = [c for c in cases if not c["constructed"]]
    assert len(real) >= 5 and all(c["source"].startswith("http") for c in real)
    assert all(c["source"] == "constructed" for c in cases if c["constructed"])


def test_the_library_covers_the_families() -> None:
    families = [s for s in sectors().values() if not s.general]
    assert len(families) >= 18
    assert any(s.general for s in sectors().values())


@pytest.mark.parametrize("name", _cases())
def test_detection_ranks_the_expected_sector_first(name: str) -> None:
    brief, expect = _load(name)
    chosen, ranked = choose(brief_text(brief.project, brief.description, []), None)
    assert chosen.key == expect["sector"], [m.label for m in ranked[:3]]


@pytest.mark.parametrize("name", _cases())
def test_draft_is_accepted_and_about_this_project(name: str) -> None:
    brief, expect = _load(name)
    draft = _draft(brief)
    rows = draft.indicators
    texts = " ".join(_row_text(r) for r in rows)
    must = expect.get("must_have", {})
    quantity_targets = [r.target for r in rows if r.level2 == "数量指标"]
    for target in must.get("quantities", []):
        assert target in quantity_targets, (target, quantity_targets)
    benefit_targets = [r.target for r in rows if r.level1 == "效益指标"]
    for target in must.get("beneficiaries", []):
        assert target in benefit_targets, (target, benefit_targets)
        assert target not in [r.target for r in rows if r.level1 == "产出指标"]  # never an output
    for term in must.get("terms", []):
        assert term in texts, term
    for word in expect.get("must_not", []):
        assert word not in texts, (word, [r.name for r in rows if word in _row_text(r)])
    names = [compact(r.name) for r in rows]
    assert len(names) == len(set(names)), names
    assert sum((r.weight for r in rows), Decimal(0)) == RULES.total - RULES.funds.weight


@pytest.mark.parametrize("name", _cases())
def test_cost_rows_have_the_readers_unit_and_stay_within_the_budget(name: str) -> None:
    brief, expect = _load(name)
    costs = [r for r in _draft(brief).indicators if r.level2 == "成本指标"]
    totals = [parse_target(r.target) for r in costs if "/" not in r.target]
    assert totals and all(t.number is not None and t.unit == brief.money_unit for t in totals)
    assert all(
        t.number <= brief.full_year_budget.quantize(Decimal("0.01"), rounding="ROUND_UP") for t in totals
    )  # type: ignore[operator]
    unit = expect.get("must_have", {}).get("unit_cost")
    if unit is not None:
        per_unit = [r.target for r in costs if "/" in r.target]
        assert per_unit and all(t.startswith("≤") and t.endswith(unit) for t in per_unit), per_unit


@pytest.mark.parametrize("name", _cases())
def test_timing_is_the_projects_own(name: str) -> None:
    brief, expect = _load(name)
    timing = [r.target for r in _draft(brief).indicators if r.level2 == "时效指标"]
    assert timing
    wanted = expect.get("must_have", {}).get("timing")
    if wanted is not None:
        assert any(wanted in t for t in timing), timing
    festival = any(f in brief.description for f in ("春节", "中秋", "元宵", "端午", "重阳"))
    if festival or wanted is not None:
        assert not any("12月31日" in t for t in timing), timing  # a year end was never the brief's


def test_a_festival_visit_is_timed_before_the_festival() -> None:
    brief, _ = _load("festival-visit")
    timing = [r.target for r in _draft(brief).indicators if r.level2 == "时效指标"]
    assert timing == ["春节前发放到位"]


def test_the_explanation_shows_why_a_number_is_in_the_draft() -> None:
    brief, _ = _load("water-gauge")
    reading = explain_brief(brief)
    gauge = next(q for q in reading.quantities if q.value == 266)
    assert (gauge.unit, gauge.thing, gauge.role) == ("米", "坡面水标尺", "output")
    people = next(q for q in reading.quantities if q.value == 1000)
    assert people.role == "beneficiary" and "人口" in people.thing
    assert reading.sector.key == "water" and reading.chosen_by == "detected"
    assert [m.amount for m in reading.money if m.what == "全年预算数"] == [Decimal(20)]


def test_chinese_numerals_and_festivals_are_read() -> None:
    brief = ProjectBrief.model_validate(
        {
            "project": "中秋节困难群众慰问",
            "department": "某区民政局",
            "unit": "某街道",
            "year": 2023,
            "description": "中秋节前慰问困难群众三百二十户，每户慰问金500元",
            "full_year_budget": Decimal("16"),
        }
    )
    reading = explain_brief(brief)
    assert [(q.value, q.unit, q.thing) for q in reading.quantities] == [(Decimal(320), "户", "困难群众")]
    assert [t.text for t in reading.times if t.kind == "festival"] == ["中秋节"]
    rows = _draft(brief).indicators
    assert ("慰问困难群众户数", "≥320户") in [(r.name, r.target) for r in rows]
    assert "中秋节前发放到位" in [r.target for r in rows if r.level2 == "时效指标"]
    assert "≤500元/户" in [r.target for r in rows if r.level2 == "成本指标"]  # the stated standard


def test_the_user_can_name_another_sector() -> None:
    brief, _ = _load("water-gauge")
    chosen = brief.model_copy(update={"project_type": "maintenance"})
    rows = _draft(chosen).indicators
    assert "报修处理时限" in [r.name for r in rows] or "维修验收合格率" in [r.name for r in rows]
    assert "≥266米" in [r.target for r in rows]  # the brief's own quantities stay


def test_an_ambiguous_brief_prints_its_alternatives(tmp_path: Path) -> None:
    brief = {
        "project": "社区养老驿站设施维修",
        "department": "某区民政局",
        "unit": "某街道",
        "year": 2023,
        "description": "对3处社区养老驿站开展设施维修，服务社区老年人",
        "full_year_budget": 30,
    }
    ranked = detect(brief_text(brief["project"], brief["description"], []))
    assert len(ranked) >= 3  # several families fit
    path = tmp_path / "brief.yaml"
    path.write_text(yaml.safe_dump(brief, allow_unicode=True), encoding="utf-8")
    out = _cli("draft", "indicators", str(path))
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0].startswith("项目领域：") and lines[1].startswith("其他可能：")
    assert lines[1].count("置信度") == 2  # two alternatives, each with its confidence


def test_cli_sector_override_and_explain() -> None:
    out = _cli("draft", "indicators", str(BRIEFS / "water-gauge.yaml"), "--explain", "--sector", "general")
    assert out.returncode == 0, out.stderr
    assert "【读取到的信息】" in out.stdout and "用户指定" in out.stdout
    assert "数量：266米　计数对象：坡面水标尺　产出数量" in out.stdout
    assert "数量：1000人" in out.stdout and "受益对象（效益指标）" in out.stdout
    bad = _cli("draft", "indicators", str(BRIEFS / "water-gauge.yaml"), "--sector", "航天")
    assert bad.returncode == 2 and "未知的项目领域“航天”" in bad.stderr and "Traceback" not in bad.stderr


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return jixiao(*args)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("维修水标尺266米", [("266", "米", "水标尺", "维修水标尺长度")]),
        ("为735名学生提供营养餐", [("735", "名", "学生", "学生人数")]),
        ("慰问困难群众三百二十户", [("320", "户", "困难群众", "慰问困难群众户数")]),
        ("分春季学期和秋季学期两次发放", [("2", "次", "", "发放次数")]),
        ("完成人数200人", [("200", "人", "", "")]),  # a bare "完成人数" names nothing
        ("一次性补助", []),  # "一次性" is a word, not a count
    ],
)
def test_quantities_read_the_thing_before_or_after(text: str, expected: list[tuple[str, ...]]) -> None:
    from assistant.drafting.quantities import extract_quantities

    found = [(f"{q.value}", q.unit, q.thing, q.indicator_name) for q in extract_quantities(text)]
    assert found == expected


def test_every_template_slot_is_one_the_engine_fills() -> None:
    from assistant.drafting.sectors import Template

    with pytest.raises(ValueError, match="未知槽位"):  # a typo in the data fails when the library loads
        Template(name="{budget}成本", target="≥1")
    assert Template(name="{thing}安装合格率", target="≥95%").slots == {"thing"}


@pytest.mark.parametrize("key", sorted(sectors()))
def test_every_template_of_a_family_passes_the_gate_when_its_words_are_there(key: str) -> None:
    """A brief naming every `when` word of the family, a count, a beneficiary count, a date and a
    festival: the rows that fill in are each accepted (no invented number, no vague target)."""
    family = sectors()[key]
    words = sorted({w for items in family.templates.values() for t in items for w in t.when})
    brief = ProjectBrief.model_validate(
        {
            "project": f"{family.title}项目",
            "department": "某区某局",
            "unit": "某中心",
            "year": 2023,
            "project_type": key,
            "description": f"{'、'.join(words)}，发放物资120件，受益群众800人，春节前、2023年10月31日前完成",
            "full_year_budget": Decimal("88"),
        }
    )
    rows = _draft(brief).indicators
    assert any(r.target == "≥120件" for r in rows if r.level2 == "数量指标")
    assert any(r.target == "≥800人" for r in rows if r.level1 == "效益指标")
