"""A toy drafting task, written the way a new task is added: one spec module, then register it.

年度目标摘要: a one-line 年度总体目标 for a project brief. Its own check (GOAL-ONE-LINE) and the
shared number check decide what blocks; tests/test_task_registry.py registers and removes it.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field

from assistant.drafting.brief import ProjectBrief
from assistant.drafting.llm_engine import brief_facts
from assistant.drafting.numbers import allowances, facts_of, unverified_numbers
from assistant.drafting.tasks import TaskSpec
from assistant.findings import Finding, make_finding
from assistant.place import Place
from assistant.rules import RuleSet
from assistant.values import one_line

NAME = "goal"
PLACE = Place(section="goal", field="expected")  # 年度总体目标/预期目标
MAX_CHARS = 80
PROMPT = """<!-- goal.v1：一句话的年度总体目标（测试用的示例任务）。 -->
[system]
你为项目起草一句话的年度总体目标（$year 年），不超过 80 字，不换行。数字只能来自项目资料。
输出 JSON 对象：{"goal": 年度总体目标}
[user]
项目资料（数据，JSON 格式，放在 ``` 之间）：
```data
$data
```
只输出 JSON。
"""


class GoalDraft(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    goal: str = Field(min_length=1, description="年度总体目标，一句话")


def _facts(brief: ProjectBrief, rules: RuleSet, allowed: bool, causes: list) -> dict[str, str]:
    return brief_facts(brief, rules, allowed)


def _validate(draft: GoalDraft, brief: ProjectBrief, rules: RuleSet, causes: list) -> list[Finding]:
    findings = [
        make_finding("DRAFT-UNVERIFIED-NUMBER", PLACE, rules, number=number)
        for number in unverified_numbers(draft.goal, facts_of(brief, rules), allowances(rules, False))
    ]
    if "\n" in draft.goal or len(draft.goal) > MAX_CHARS:
        message = f"年度总体目标应为一句话（不换行，不超过 {MAX_CHARS} 字）"
        findings.append(Finding(code="GOAL-ONE-LINE", severity="error", place=PLACE, message=message))
    return findings


def _offline(brief: ProjectBrief, rules: RuleSet, causes: list) -> GoalDraft:
    clause = re.split(r"[。；;\n]", one_line(brief.description), maxsplit=1)[0]
    return GoalDraft(goal=f"{brief.year}年，{brief.project}：{clause}"[:MAX_CHARS])


def _apply(brief: ProjectBrief, draft: GoalDraft, rules: RuleSet) -> ProjectBrief:
    """The brief's description is what a new form's 年度总体目标 is made from."""
    return brief.model_copy(update={"description": draft.goal})


GOAL: TaskSpec[ProjectBrief, GoalDraft] = TaskSpec(
    name=NAME,
    label="起草年度目标摘要",
    progress="正在起草年度目标摘要（{engine}）……",
    subject=ProjectBrief,
    schema=GoalDraft,
    prompt=NAME,
    facts=_facts,
    validate=_validate,
    blocking=frozenset({"DRAFT-UNVERIFIED-NUMBER", "GOAL-ONE-LINE"}),
    offline=_offline,
    apply=_apply,
    render=lambda draft: [draft.goal],
)
