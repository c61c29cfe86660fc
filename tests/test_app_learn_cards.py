"""The rule cards on the 学习 page: sources in plain words, the DRAFT-* cards under 起草工具."""

from __future__ import annotations

from tests.app_helpers import no_exception, page, screen


def test_cards_show_plain_sources_and_keep_the_drafting_tools_apart() -> None:
    at = no_exception(page("learn").run())
    text = screen(at)
    assert "依据**（文件规定）" in text or "依据（文件规定）" in text.replace("**", "")
    assert "[confirmed]" not in text and "[common]" not in text
    section = at.radio(key="learn_card_section")
    assert list(section.options) == ["表格检查", "起草工具"]
    assert not any(code.startswith("DRAFT-") for code in at.selectbox(key="learn_card").options)
    section.set_value("起草工具")
    no_exception(at.run())
    options = at.selectbox(key="learn_card").options
    assert options and all(code.startswith("DRAFT-") for code in options)
    text = screen(at).replace("**", "")
    assert "依据（本工具规则）" in text and "[project rule]" not in text
