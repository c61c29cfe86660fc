"""Gate findings: two rows with one name, beneficiaries counted as output and a rewrite that takes
another row's name all block a draft; the offline engines never produce them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.checks import run_checks
from assistant.drafting.adopt import adopt_rewrites
from assistant.drafting.models import CritiqueDraft, CritiqueItem, DraftIndicator, IndicatorDraft
from assistant.drafting.tasks import blocking, draft_offline, get_task, validate
from assistant.form import Form
from assistant.formats import read_forms
from assistant.values import compact
from tests.factories import SEED_TXT
from tests.gate_corpus_cases import load_corpus
from tests.test_draft_validate import BRIEF, RULES, good_draft, row_index, with_row


@pytest.fixture(scope="module")
def seed_form() -> Form:
    return read_forms(SEED_TXT)[0]


def _names(rows: list) -> list[str]:  # type: ignore[type-arg]
    return [compact(row.name) for row in rows if compact(row.name)]


def test_duplicate_indicator_and_category_misfit_block_both_tasks() -> None:
    for task in ("indicators", "critique"):
        assert {"DUPLICATE-INDICATOR", "CATEGORY-MISFIT"} <= get_task(task).blocking


def test_two_drafted_rows_with_one_name_block() -> None:
    draft = good_draft()
    quality = row_index(draft, "质量指标")
    other = draft.indicators[row_index(draft, "社会效益指标")]
    draft = with_row(draft, quality, name=other.name)
    found = blocking(validate("indicators", draft, BRIEF, RULES), "indicators")
    assert "DUPLICATE-INDICATOR" in {f.code for f in found}


@pytest.mark.parametrize(
    ("name", "target"),
    [
        ("受益人口", "≥154人"),
        ("带动农户数", "≥10户"),
        ("服务对象人数", "≥154人"),
        ("覆盖社区居民154人", "=100%"),
        ("覆盖人数", "≥154人"),
    ],
)
def test_beneficiaries_under_quantity_are_misfiled(name: str, target: str) -> None:
    draft = good_draft()
    index = row_index(draft, "数量指标")
    draft = with_row(draft, index, name=name, target=target)
    found = blocking(validate("indicators", draft, BRIEF, RULES), "indicators")
    misfit = [f for f in found if f.code == "CATEGORY-MISFIT" and f.indicator_index == index]
    assert misfit and "社会效益指标" in misfit[0].message


@pytest.mark.parametrize("name", ["培训人数", "慰问户数", "覆盖率"])
def test_output_counts_stay_quantities(name: str) -> None:
    draft = good_draft()
    index = row_index(draft, "数量指标")
    draft = with_row(draft, index, name=name)
    found = validate("indicators", draft, BRIEF, RULES)
    assert not [f for f in found if f.code == "CATEGORY-MISFIT" and f.indicator_index == index]


def test_a_rewrite_that_takes_another_rows_name_blocks(seed_form: Form) -> None:
    cost = DraftIndicator(
        level1="产出指标",
        level2="成本指标",
        name="公共服务经费支出总额",
        target="≤2175.97万元",
        weight=Decimal(10),
    )
    items = [
        CritiqueItem(indicator_index=i, location="", problems=[], comment="", rewrite=cost) for i in (3, 4)
    ]
    found = blocking(validate("critique", CritiqueDraft(items=items), seed_form, RULES), "critique")
    assert [f.indicator_index for f in found if f.code == "DUPLICATE-INDICATOR"] == [4]


def test_duplicates_the_form_already_had_do_not_block_a_critique() -> None:
    form = read_forms(SEED_TXT)[1]  # 民生家园: names repeated in the original
    assert any(f.code == "DUPLICATE-INDICATOR" for f in run_checks(form, RULES))
    found = blocking(validate("critique", CritiqueDraft(items=[]), form, RULES), "critique")
    assert "DUPLICATE-INDICATOR" not in {f.code for f in found}


def test_the_offline_critique_of_seed_form_1_has_no_duplicate_rewrite(seed_form: Form) -> None:
    draft = draft_offline("critique", seed_form, RULES)
    assert isinstance(draft, CritiqueDraft)
    rewrites = {item.indicator_index: item.rewrite for item in draft.items if item.rewrite}
    assert len(set(_names(list(rewrites.values())))) == len(rewrites)
    cost = rewrites[3]  # 成本指标; the same 经费 text filed under 经济效益 is to be deleted, not moved
    assert (cost.name, cost.target) == ("公共服务经费支出总额", "≤2175.97万元")
    assert 4 not in rewrites and [i.delete for i in draft.items if i.indicator_index == 4] == [True]
    assert blocking(validate("critique", draft, seed_form, RULES), "critique") == []
    corrected = adopt_rewrites(seed_form, draft, [item.indicator_index for item in draft.items])
    names = _names(corrected.indicators)
    assert len(names) == len(set(names))


@pytest.mark.parametrize("case", load_corpus(), ids=lambda c: c.name)
def test_offline_quantity_rows_never_share_a_name(case) -> None:  # type: ignore[no-untyped-def]
    draft = draft_offline("indicators", case.brief, RULES)
    assert isinstance(draft, IndicatorDraft)
    names = _names(draft.indicators)
    assert len(names) == len(set(names))


def _case(name: str):  # type: ignore[no-untyped-def]
    return next(c for c in load_corpus() if c.name == name)


def _with_name(case, level2: str, name: str, target: str) -> IndicatorDraft:  # type: ignore[no-untyped-def]
    draft = IndicatorDraft.model_validate(case.good)
    rows = list(draft.indicators)
    index = next(i for i, row in enumerate(rows) if row.level2 == level2)
    rows[index] = rows[index].model_copy(update={"name": name, "target": target, "basis": "报修登记"})
    return IndicatorDraft(indicators=rows)


def test_another_sectors_boilerplate_blocks_an_indicators_draft() -> None:
    case = _case("student_aid")  # 学生资助: nothing to repair
    draft = _with_name(case, "时效指标", "报修处理时限", "报修后3个工作日内完成")
    found = blocking(validate("indicators", draft, case.brief, RULES), "indicators")
    other = [f for f in found if f.code == "DRAFT-OTHER-SECTOR"]
    assert other and "运行维护" in other[0].message and other[0].place.field == "name"


def test_the_same_row_fits_a_project_of_that_sector() -> None:
    case = _case("road")  # 养护: a maintenance project may well have a repair time limit
    draft = _with_name(case, "时效指标", "报修处理时限", "报修后3个工作日内完成")
    assert "DRAFT-OTHER-SECTOR" not in {f.code for f in validate("indicators", draft, case.brief, RULES)}


@pytest.mark.parametrize("case", load_corpus(), ids=lambda c: c.name)
def test_no_corpus_answer_is_taken_for_another_sectors_boilerplate(case) -> None:  # type: ignore[no-untyped-def]
    drafts = [IndicatorDraft.model_validate(case.good), draft_offline("indicators", case.brief, RULES)]
    drafts += [IndicatorDraft.model_validate(alt.draft) for alt in case.alternatives]
    for draft in drafts:
        found = validate("indicators", draft, case.brief, RULES)
        assert "DRAFT-OTHER-SECTOR" not in {f.code for f in found}
