"""The 审核 page's reviewer tools under AppTest: 填入复核值 (preview, then a corrected file),
the weight total line, and the verdict filter of the batch table."""

from __future__ import annotations

import json

from assistant.form import NumberCell
from assistant.formats import forms_to_json, read_forms_bytes
from tests.app_helpers import (
    download,
    media_fixture,
    no_exception,
    screen,
    seed_docx_fixture,
    table,
    uploaded,
)
from tests.factories import good_form

__all__ = ["media_fixture", "seed_docx_fixture"]


def _click(at, label: str):
    next(b for b in at.button if b.label == label).click()
    return no_exception(at.run())


def test_fill_computed_previews_the_cells_then_offers_a_corrected_copy(seed_docx: bytes, media) -> None:
    original = bytes(seed_docx)
    at = uploaded([("朝阳区自评表.docx", seed_docx, "application/octet-stream")])
    assert "填入复核值" in [b.label for b in at.button]
    assert not [d for d in at.get("download_button") if "修正后" in d.label]  # nothing before the click
    at = _click(at, "填入复核值")
    preview = table(at, "复核值")
    assert preview.values.tolist() == [
        ["执行率", "100%", "90.10%"],
        ["预算执行率得分", "10", "9.01"],
        ["总分", "1000", "99.01"],
        ["评价等级", "（空）", "优"],
    ]
    assert "共有 2 张表" in screen(at)
    assert not [d for d in at.get("download_button") if "修正后" in d.label]  # preview only
    at = _click(at, "确认填入并生成修正后的文件")
    name, word = download(at, media, "修正后的自评表（Word）")
    assert name == "朝阳区自评表_已填入复核值.docx"
    first, second = read_forms_bytes(word, name)
    assert (first.funds.total.rate.text, first.funds.total.score.text) == ("90.10%", "9.01")
    assert (first.stated_total.text, first.grade) == ("99.01", "优")
    assert second.grade == "优"
    name, text = download(at, media, "修正后的自评表（JSON）")
    assert name.endswith(".json")
    forms = json.loads(text)["forms"]
    assert (forms[0]["stated_total"]["text"], forms[0]["grade"]) == ("99.01", "优")
    assert forms[0]["funds"]["total"]["rate"]["text"] == "90.10%"
    # the upload is never modified: re-reading it still says what its author wrote
    assert seed_docx == original
    again = read_forms_bytes(seed_docx, "朝阳区自评表.docx")[0]
    assert (again.funds.total.rate.text, again.stated_total.text) == ("100%", "1000")


def test_a_form_that_already_agrees_needs_no_filling(media) -> None:
    form = good_form()
    form.funds.total.rate = NumberCell(text="100.00%")  # "100%" would be rewritten as "100.00%"
    data = forms_to_json([form]).encode("utf-8")
    at = uploaded([("好表.json", data, "application/json")])
    at = _click(at, "填入复核值")
    assert "无需填入" in screen(at)
    assert "确认填入并生成修正后的文件" not in [b.label for b in at.button]


def test_the_weight_line_counts_the_funds_weight(seed_docx: bytes) -> None:
    at = uploaded([("朝阳区自评表.docx", seed_docx, "application/octet-stream")])
    captions = [c.value for c in at.caption if c.value.startswith("分值合计")]
    assert captions and captions[0].startswith("分值合计 100 = 预算执行率 10 + 指标 90")


def test_the_indicator_table_keeps_long_texts_out_of_the_columns(seed_docx: bytes) -> None:
    at = uploaded([("朝阳区自评表.docx", seed_docx, "application/octet-stream")])
    frame = table(at, "实际完成值")
    expected = ["行", "类别", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "问题"]
    assert list(frame.columns) == expected
    # no row explains a deviation: nothing to open (the letter's settings are the only expander)
    assert [e.label for e in at.expander] == ["审核意见的字体和日期"]


def test_deviation_texts_sit_under_the_table_not_in_a_column() -> None:
    form = good_form()
    form.indicators[0].deviation = "受疫情影响，社工招考推迟至第四季度，已调整招聘计划。"
    at = uploaded([("好表.json", forms_to_json([form]).encode("utf-8"), "application/json")])
    assert "偏差原因分析及改进措施" not in table(at, "实际完成值").columns
    (notes,) = [e for e in at.expander if e.label.startswith("偏差原因")]
    assert notes.label == "偏差原因分析及改进措施（1 行有说明）"
    assert "第 1 行" in notes.markdown[0].value and "社工招考推迟" in notes.markdown[0].value


def test_the_batch_table_filters_by_verdict(seed_docx: bytes) -> None:
    good = forms_to_json([good_form()]).encode("utf-8")
    at = uploaded(
        [
            ("朝阳区自评表.docx", seed_docx, "application/octet-stream"),
            ("好表.json", good, "application/json"),
        ]
    )
    assert sorted(table(at, "审核结论")["审核结论"]) == ["退回", "退回", "通过"]
    choice = at.multiselect(key="review_filter_verdict")
    assert choice.options == ["退回", "修改后通过", "通过"]
    at = no_exception(choice.set_value(["通过"]).run())
    shown = table(at, "审核结论")
    assert shown["审核结论"].tolist() == ["通过"] and shown["文件"].tolist() == ["好表.json"]
    at = no_exception(at.multiselect(key="review_filter_verdict").set_value(["退回", "修改后通过"]).run())
    assert table(at, "审核结论")["审核结论"].tolist() == ["退回", "退回"]
