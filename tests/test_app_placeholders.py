"""Placeholders 【待填：…】 in the app: greyed, never shown as a value, never announced as 已采纳."""

from __future__ import annotations

from assistant.checks import run_checks
from assistant.drafting.adopt import adopt_rewrites
from assistant.drafting.offline_critique import draft_critique
from assistant.formats import forms_from_json, read_forms
from assistant.rules import load_rule_set
from assistant.ui.components import indicator_styler
from tests.app_helpers import (  # noqa: F401 (fixtures)
    download,
    media_fixture,
    no_exception,
    page,
    screen,
    seed_docx_fixture,
    uploaded,
)
from tests.factories import SEED_TXT

RULES = load_rule_set("mof-2020")


def test_a_deviation_draft_with_placeholders_is_not_announced_as_adopted() -> None:
    at = no_exception(page("draft").run())
    at.file_uploader(key="draft_upload").set_value((SEED_TXT.name, SEED_TXT.read_bytes(), "text/plain"))
    no_exception(at.run())
    at.button(key="deviation_run").click()
    no_exception(at.run())
    text = screen(at)
    assert "校验结果" in text and "含待填内容" in text
    assert "已采纳" not in text  # the funds explanation still waits for the unit's cause
    [funds] = [t for t in at.text_area if "预算执行偏差" in t.label]
    assert "【待填：" in funds.value and "请" not in funds.value
    assert any("待填（替换为真实内容后才算有效说明）" in c.value for c in at.caption)  # shown apart, greyed


def test_adopted_rows_show_their_actual_greyed_as_a_placeholder() -> None:
    form = read_forms(SEED_TXT)[0]
    new = adopt_rewrites(form, draft_critique(form, RULES), [0])
    html = indicator_styler(new, run_checks(new, RULES)).to_html()
    assert html.count("【待填：按新指标值实测】") == 2  # the 数量 row became two rows
    assert "color: #8a8a8a" in html and "font-style: italic" in html
    codes = {f.code for f in run_checks(new, RULES) if f.indicator_index in (0, 1)}
    assert "DRAFT-PLACEHOLDER" in codes and "VALUE-UNREADABLE" not in codes


def test_review_page_adopts_a_split_row_in_place(seed_docx, media) -> None:
    at = uploaded([("seed.docx", seed_docx, "application/octet-stream")])
    at.button(key="critique_run_seed.docx#0").click()
    no_exception(at.run())
    assert "本行拆为 2 条指标" in screen(at) and "建议删除本行" in screen(at)
    at.checkbox(key="critique_accept_seed.docx#0_0").check()
    no_exception(at.run())
    text = screen(at)
    assert "采纳了 1 条建议" in text and "已采纳" not in text  # the adopted rows wait for their actuals
    assert "含待填内容" in text
    _, data = download(at, media, "JSON")
    [new] = forms_from_json(data.decode("utf-8"), "rewritten.json")
    original = read_forms(SEED_TXT)[0]
    assert len(new.indicators) == len(original.indicators) + 1
    assert [r.target.text for r in new.indicators[:2]] == ["≥10个", "≥154名"]
    assert [r.label for r in new.indicators[:3]] == ["指标1", "指标2", "指标1"]
