"""Forms built in code for tests: a correct form, and ways to break it one defect at a time."""

from __future__ import annotations

from pathlib import Path

from assistant.form import (
    ActualCell,
    Form,
    FundRow,
    Funds,
    Goal,
    Header,
    Indicator,
    NumberCell,
    TargetCell,
)

# The project's own copies of published forms (examples/README.md says where they come from).
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SEED_TXT = EXAMPLES / "chaoyang-2020.txt"


def n(text: str) -> NumberCell:
    return NumberCell(text=text)


def fund(label: str, initial: str, full: str, executed: str, *rest: str) -> FundRow:
    """A 项目资金 row as a form writes it; weight, rate and score (in that order) only if given."""
    weight, rate, score = (*rest, "", "", "")[:3]
    return FundRow(
        label=label,
        initial_budget=n(initial),
        full_year_budget=n(full),
        executed=n(executed),
        weight=n(weight),
        rate=n(rate),
        score=n(score),
    )


def row(
    level1: str,
    level2: str,
    name: str,
    target: str | TargetCell,
    actual: str,
    weight: str,
    score: str,
    deviation: str = "",
    label: str = "",
) -> Indicator:
    return Indicator(
        level1=level1,
        level2=level2,
        label=label,
        name=name,
        target=TargetCell(text=target) if isinstance(target, str) else target,
        actual=ActualCell(text=actual),
        weight=n(weight),
        score=n(score),
        deviation=deviation,
    )


def good_indicators() -> list[Indicator]:
    """10 + 50 + 30 + 10 = 100, every target measurable, every score by the rule."""
    return [
        row("产出指标", "数量指标", "保障社区工作者人数", "≥154人", "154人", "15", "15"),
        row("产出指标", "数量指标", "覆盖社区数", "=10个", "10个", "10", "10"),
        row("产出指标", "质量指标", "工资按标准足额发放率", "≥98%", "99%", "10", "10"),
        row("产出指标", "时效指标", "工资发放时间", "每月15日前", "每月15日前发放", "5", "5"),
        row("产出指标", "成本指标", "社工经费支出", "≤2000万元", "1950万元", "10", "10"),
        row("效益指标", "社会效益指标", "社工队伍流失率", "≤5%", "4%", "15", "15"),
        row("效益指标", "可持续影响指标", "持证社工占比", "≥60%", "62%", "15", "15"),
        row("满意度指标", "服务对象满意度指标", "居民满意度（问卷调查）", "≥90%", "93.5%", "10", "10"),
    ]


def good_form() -> Form:
    """A correct form: every check stays quiet on it under the default rule set."""
    return Form(
        title="项目支出绩效自评表",
        year=2020,
        money_unit="万元",
        header=Header(
            project="社区工作者保障经费",
            department="某街道办事处",
            unit="社区建设办公室",
            leader="张三",
            phone="010-00000000",
        ),
        funds=Funds(
            total=fund("年度资金总额", "2000", "2000", "2000", "10", "100%", "10"),
            sources=[
                fund("当年财政拨款", "2000", "2000", "2000"),
                fund("上年结转资金", "0", "0", "0"),
                fund("其他资金", "0", "0", "0"),
            ],
        ),
        goal=Goal(
            expected="保障10个社区154名社区工作者的工资和五险一金按月足额发放。",
            actual="全年按月向154名社区工作者足额发放工资，五险一金按时缴纳，10个社区正常运转。",
        ),
        indicators=good_indicators(),
        stated_weight_total=n("100"),
        stated_total=n("100"),
        grade="优",
    )


def shortfall_form() -> Form:
    """good_form with one row short (150 of ≥154 people), scored right, explanation missing."""
    form = good_form()
    form.indicators[0].actual.text = "150人"
    form.indicators[0].score.text = "14.61"
    form.stated_total.text = "99.61"
    return form
