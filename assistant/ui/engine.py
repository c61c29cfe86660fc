"""Running a drafting task through the gate from a page: progress, no traceback, a storable summary.

The page never looks at a draft the gate did not pass: the summary says accepted / fallback /
rejected, and a rejected draft is returned only so that its findings can be shown.
"""

from __future__ import annotations

import logging
from typing import Any

import streamlit as st

from ..drafting.brief import ProjectBrief
from ..form import Form
from ..rules import RuleSet
from . import state
from . import texts as T

log = logging.getLogger(__name__)


def summarize(result: Any) -> dict[str, Any]:
    """The gate result as plain JSON for the workspace: status, engines, attempts and why."""
    return {
        "task": result.task,
        "status": result.status,
        "engine": result.engine,
        "draft_engine": result.draft_engine,
        "model": result.model,
        "note": result.note,
        "attempts": [
            {"engine": a.engine, "blocking": sorted({f.code for f in a.blocking}), "error": a.error}
            for a in result.attempts
        ],
        "findings": [f.model_dump() for f in result.findings],
        "latency_ms": round(result.latency_ms, 1),
        "usage": dict(result.usage),
    }


def _settings() -> tuple[str, Any, str]:
    """The engine to use, its settings, and a notice when a chosen model cannot be used."""
    if state.engine() != "llm":
        return "offline", None, ""
    from ..llm.config import SettingsError, load_settings

    try:
        return "llm", load_settings(), ""
    except SettingsError as exc:
        return "offline", None, T.ENGINE_NOT_CONFIGURED.format(reason=exc)


def run(task: str, subject: ProjectBrief | Form, rules: RuleSet) -> dict[str, Any] | None:
    """Run `task` through the gate; {"gate": summary, "draft": draft JSON} or None (message shown)."""
    from ..drafting.gate import run_task
    from ..drafting.tasks import get_task

    engine, settings, notice = _settings()
    label = get_task(task).progress.format(engine=T.ENGINE_NAMES[engine])
    with st.status(label, expanded=False) as status:
        try:
            result = run_task(task, subject, rules, engine=engine, settings=settings)  # type: ignore[arg-type]
        except Exception as exc:  # the user's work stays on screen; the details go to the server log
            log.exception("drafting task %s failed", task)
            status.update(label=T.ENGINE_FAILED, state="error")
            st.error(T.UNEXPECTED.format(kind=type(exc).__name__))
            return None
        done = T.ENGINE_DONE.format(status=T.GATE_STATUS[result.status], seconds=result.latency_ms / 1000)
        status.update(label=done, state="error" if result.status == "rejected" else "complete")
    draft = result.draft.model_dump(mode="json") if result.draft is not None else None
    return {"gate": {**summarize(result), "notice": notice}, "draft": draft}
