"""The drafting tasks by name. The gate, validation, the CLI, the app and the audit log look a task
up here; none of them branches on a task's name.

Adding a task is one module with a TaskSpec (like indicators.py) and `register(spec)`, or the
`registered(spec)` context, which puts back whatever was registered before when it ends.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from pydantic import BaseModel

from ...findings import Finding
from ...rules import RuleSet, load_rule_set
from ..brief import DeviationCause
from .critique import CRITIQUE
from .deviations import DEVIATIONS
from .indicators import INDICATORS
from .spec import TaskSpec

AnySpec = TaskSpec[Any, Any]
_REGISTRY: dict[str, AnySpec] = {spec.name: spec for spec in (INDICATORS, DEVIATIONS, CRITIQUE)}


def get_task(name: str) -> AnySpec:
    """The registered task called `name` (KeyError naming the known ones otherwise)."""
    try:
        return _REGISTRY[name]
    except KeyError:
        raise KeyError(f"no drafting task {name!r}; registered: {', '.join(_REGISTRY)}") from None


def task_names() -> tuple[str, ...]:
    return tuple(_REGISTRY)


def all_tasks() -> tuple[AnySpec, ...]:
    return tuple(_REGISTRY.values())


def register(spec: AnySpec, *, replace: bool = False) -> AnySpec | None:
    """Add a task; with `replace`, a task of the same name gives way. Returns the one replaced."""
    previous = _REGISTRY.get(spec.name)
    if previous is not None and not replace:
        raise ValueError(f"a drafting task named {spec.name!r} is already registered")
    _REGISTRY[spec.name] = spec
    return previous


def unregister(name: str) -> None:
    get_task(name)  # an unknown name is a mistake worth hearing about
    del _REGISTRY[name]


@contextmanager
def registered(spec: AnySpec, *, replace: bool = False) -> Iterator[AnySpec]:
    """The task is registered inside the block; afterwards the registry is as it was."""
    previous = register(spec, replace=replace)
    try:
        yield spec
    finally:
        if previous is None:
            _REGISTRY.pop(spec.name, None)
        else:
            _REGISTRY[spec.name] = previous


def rule_set(rules: RuleSet | str | None) -> RuleSet:
    """A RuleSet as given, by name, or the default one."""
    return rules if isinstance(rules, RuleSet) else load_rule_set(rules) if rules else load_rule_set()


def draft_offline(
    task: str,
    subject: BaseModel,
    rules: RuleSet | str | None = None,
    *,
    causes: list[DeviationCause] | None = None,
) -> Any:
    """The task's offline draft. `causes` are the user's explanations (ProjectBrief.causes)."""
    return get_task(task).offline_draft(subject, rule_set(rules), list(causes or []))


def validate(
    task: str,
    draft: BaseModel,
    subject: BaseModel,
    rules: RuleSet | str | None,
    *,
    causes: list[DeviationCause] | None = None,
) -> list[Finding]:
    """Every finding the draft is responsible for. `causes` are the user's own explanations given
    with a form: numbers the user wrote there are facts too."""
    return get_task(task).validate_draft(draft, subject, rule_set(rules), list(causes or []))


def blocking(findings: Iterable[Finding], task: str | None = None) -> list[Finding]:
    """The findings that forbid accepting a draft (for `task`, or for any registered task)."""
    if task:
        return get_task(task).blocking_findings(findings)
    codes = frozenset().union(*(spec.blocking for spec in _REGISTRY.values()))
    return [f for f in findings if f.code in codes]


__all__ = [
    "TaskSpec",
    "all_tasks",
    "blocking",
    "draft_offline",
    "get_task",
    "register",
    "registered",
    "rule_set",
    "task_names",
    "unregister",
    "validate",
]
