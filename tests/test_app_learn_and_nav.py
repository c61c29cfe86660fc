"""The app's entry point and navigation (the 学习 page itself: test_app_learn.py)."""

from __future__ import annotations

from tests.app_helpers import app, no_exception, screen


def test_app_starts_with_no_configuration_on_the_draft_page() -> None:
    at = no_exception(app().run())
    assert [t.value for t in at.title] == ["起草自评表"]
    assert "起草引擎：离线（不联网）" in screen(at)
