"""What a drafting task is, in one place: its subject, its answer, its prompt, the checks that
gate it, its offline engine, how an accepted draft is applied and how it reads in a terminal.

The gate, validation, the CLI, the app and the audit log look a task up by name (see the package)
instead of branching on the name, so a new task is one more TaskSpec.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from ...findings import Finding
from ...rules import RuleSet
from ..brief import DeviationCause

SubjectT = TypeVar("SubjectT", bound=BaseModel)
DraftT = TypeVar("DraftT", bound=BaseModel)
Causes = list[DeviationCause]


@dataclass(frozen=True)
class TaskSpec(Generic[SubjectT, DraftT]):
    """One drafting task. Every callable gets the user's deviation causes too: numbers written
    there are facts for the number check, whichever task uses them."""

    name: str  # "indicators": the JSON contract's "task", the audit log, the json_schema name
    label: str  # the CLI heading: 【起草绩效指标】
    progress: str  # the app's status line while it runs; {engine} is the engine's name
    subject: type[SubjectT]  # what it drafts for: a ProjectBrief or a Form
    schema: type[DraftT]  # the answer a model must give, and the offline engine gives
    prompt: str  # the template prompts/<prompt>.<version>.md
    facts: Callable[[SubjectT, RuleSet, bool, Causes], dict[str, str]]  # the template's values
    validate: Callable[[DraftT, SubjectT, RuleSet, Causes], list[Finding]]  # what the draft got wrong
    blocking: frozenset[str]  # the finding codes that forbid accepting a draft
    offline: Callable[[SubjectT, RuleSet, Causes], DraftT]  # the deterministic draft
    apply: Callable[[SubjectT, DraftT, RuleSet], BaseModel]  # the form (or brief) with the draft in it
    render: Callable[[DraftT], list[str]]  # the draft as lines of text for the CLI
    tidy: Callable[[DraftT, SubjectT], DraftT] | None = None  # a parsed answer, before the checks

    def validate_draft(self, draft: Any, subject: Any, rules: RuleSet, causes: Causes) -> list[Finding]:
        """`validate`, refusing a draft or subject of another task (a caller's mistake, not the model's)."""
        if not isinstance(draft, self.schema) or not isinstance(subject, self.subject):
            kinds = f"{type(draft).__name__} for {type(subject).__name__}"
            raise TypeError(f"validate({self.name!r}) got {kinds}")
        return self.validate(draft, subject, rules, causes)

    def offline_draft(self, subject: Any, rules: RuleSet, causes: Causes) -> DraftT:
        if not isinstance(subject, self.subject):
            raise TypeError(f"draft {self.name} needs a {self.subject.__name__}")
        return self.offline(subject, rules, causes)

    def blocking_findings(self, findings: Iterable[Finding]) -> list[Finding]:
        """The findings that forbid accepting this task's draft, in their order."""
        return [f for f in findings if f.code in self.blocking]
