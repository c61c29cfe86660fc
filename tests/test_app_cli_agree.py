"""The app and `jixiao check` agree: a form drafted and adopted on 起草 is checked by the same
function (check_form) in both, and a target-setting form (绩效目标申报: actuals and scores all blank)
is checked as such — nothing about scores, actuals, deviations, the total, the grade or the
execution of the funds."""

from __future__ import annotations

import json
from pathlib import Path

from assistant.formats import forms_from_json
from assistant.review.form_report import check_form
from assistant.rules import load_rule_set
from tests.app_helpers import download, media_fixture, no_exception, page, screen
from tests.factories import SEED_TXT
from tests.processes import jixiao
from tests.test_app_draft import drafted

__all__ = ["media_fixture"]

EVALUATION_CODES = ("VALUE-UNREADABLE", "SCORE-", "TOTAL-SCORE", "GRADE", "DEVIATION-", "GOAL-MISSING")


def _shown_codes(text: str) -> set[str]:
    """The finding codes the page shows (each is written as `CODE`)."""
    import re

    return set(re.findall(r"`([A-Z]+(?:-[A-Z]+)+)`", text))


def test_a_form_adopted_in_the_app_passes_jixiao_check_with_the_findings_the_app_showed(
    media, tmp_path: Path
) -> None:
    at = drafted()
    at.button(key="draft_accept").click()
    no_exception(at.run())
    shown = screen(at)
    name, data = download(at, media, "JSON")
    path = tmp_path / name
    path.write_bytes(data)

    result = jixiao("check", str(path), "--format", "json")
    assert result.returncode == 0, result.stdout + result.stderr
    [report] = json.loads(result.stdout)["reports"]
    cli_codes = {f["code"] for f in report["findings"]}
    assert not any(f["severity"] == "error" for f in report["findings"])
    # results are pending: a verdict on the targets, never read as a passed self-evaluation
    assert (report["verdict"], report["form_type"]) == ("通过（绩效目标申报表）", "绩效目标申报表")
    # The adopted form's own review on 起草 is check_form's: same verdict, same codes.
    assert f"[{report['verdict']}]" in shown, shown
    assert "绩效目标申报" in shown
    [form] = forms_from_json(data.decode("utf-8"), name)
    app_report = check_form(form, load_rule_set())
    assert {f.code for f in app_report.findings} == cli_codes
    assert _shown_codes(shown.split("采纳的自评表")[-1]) == cli_codes

    # The same JSON uploaded back to 起草 (a filled form) shows the same review.
    again = no_exception(page("draft").run())
    again.file_uploader(key="draft_upload").set_value((name, data, "application/json"))
    no_exception(again.run())
    assert f"[{report['verdict']}]" in screen(again)
    assert _shown_codes(screen(again)) >= cli_codes


def test_target_setting_form_is_detected_once_and_checked_as_such() -> None:
    rules = load_rule_set()
    [form] = forms_from_json(_blank_results(SEED_TXT), "seed.json")
    assert form.is_target_setting
    codes = {f.code for f in check_form(form, rules).findings}
    assert not any(code.startswith(EVALUATION_CODES) for code in codes), codes
    assert not {"FUND-RATE", "FUND-SCORE", "FUND-MISSING", "FUND-OVERSPENT"} & codes, codes
    # One actual filled in: a self-evaluation again, and a blank score is an error again.
    data = json.loads(_blank_results(SEED_TXT))
    data["forms"][0]["indicators"][0]["actual"]["text"] = "154人"
    [evaluated] = forms_from_json(json.dumps(data, ensure_ascii=False), "seed.json")
    assert not evaluated.is_target_setting
    assert "VALUE-UNREADABLE" in {f.code for f in check_form(evaluated, rules).findings}


def _blank_results(path: Path) -> str:
    """The seed's first form with every actual, score, total and grade blanked."""
    from assistant.formats import read_forms

    form = read_forms(path)[0]
    data = json.loads(form.model_dump_json())
    for row in data["indicators"]:
        row["actual"] = {"text": ""}
        row["score"] = {"text": ""}
        row["deviation"] = ""
    data["stated_total"] = {"text": ""}
    data["grade"] = ""
    data["goal"]["actual"] = ""
    return json.dumps({"schema": "jixiao.forms/1", "forms": [data]}, ensure_ascii=False)
