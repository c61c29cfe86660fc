"""Round trips: model → docx → model and docx → model → docx → model give the identical model, in
both layouts; JSON ⇄ model likewise."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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
from assistant.formats import forms_from_json, forms_to_json, read_forms
from assistant.formats.docx_prepare import to_layout
from assistant.formats.docx_reader import read_docx_bytes
from assistant.formats.docx_writer import write_docx
from assistant.vocabulary import LEVEL1_CANON, LEVEL2_CANON
from tests.docx_files import built_fixture, docx_dir_fixture, seed_forms_fixture, yongde_data_fixture  # noqa: F401

LAYOUTS = ("single-cell", "split-target")


def _dump(forms: list[Form]) -> list[dict]:
    return [form.model_dump() for form in forms]


def _through_docx(forms: list[Form], layout: str | None = None) -> list[Form]:
    stream = io.BytesIO()
    write_docx(forms, stream, layout=layout)  # type: ignore[arg-type]
    return read_docx_bytes(stream.getvalue(), "memory.docx")


@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_seed_forms_survive_word_in_either_layout(seed_forms: list[Form], layout: str) -> None:
    expected = [to_layout(form, layout) for form in seed_forms]  # type: ignore[arg-type]
    assert _dump(_through_docx(seed_forms, layout)) == _dump(expected)


@pytest.mark.parametrize("name", ["sichuan", "suffixed", "yongde"])
def test_docx_model_docx_model_is_identical(built, name: str) -> None:
    path, _ = built[name]
    first = read_forms(path)
    assert _dump(_through_docx(first)) == _dump(first)
    for layout in LAYOUTS:
        relaid = [to_layout(form, layout) for form in first]  # type: ignore[arg-type]
        assert _dump(_through_docx(first, layout)) == _dump(relaid)


@pytest.mark.parametrize("name", ["sichuan", "suffixed", "yongde"])
def test_json_round_trip_is_identical(built, name: str) -> None:
    forms = read_forms(built[name][0])
    assert _dump(forms_from_json(forms_to_json(forms), "x.json")) == _dump(forms)


def test_convert_chain_txt_docx_json_docx_keeps_the_model(tmp_path: Path, seed_forms: list[Form]) -> None:
    """What a user does with files: each hop through a file on disk."""
    docx_path, json_path, again = tmp_path / "a.docx", tmp_path / "a.json", tmp_path / "b.docx"
    write_docx(seed_forms, docx_path)
    json_path.write_text(forms_to_json(read_forms(docx_path)), encoding="utf-8")
    write_docx(read_forms(json_path), again)
    assert _dump(read_forms(again)) == _dump(seed_forms)


# --- any form the writer can express comes back the same --------------------------------------

# Cell text from characters that cannot spell a label ("总分", "项目名称" …); line breaks allowed.
_TEXT = st.text(alphabet="甲乙丙丁山水木火土金人次个元%.0123456789≥≤，。\n", max_size=14).map(str.strip)
_NAME = st.builds(lambda head, rest: head + rest, st.sampled_from("甲乙丙丁山水"), _TEXT)
_NUMBER = st.one_of(st.just(""), st.just("—"), st.from_regex(r"\A\d{1,6}(\.\d{1,4})?%?\Z"))


def _number() -> st.SearchStrategy[NumberCell]:
    return st.builds(NumberCell, text=_NUMBER)


def _target(layout: str) -> st.SearchStrategy[TargetCell]:
    if layout == "single-cell":
        return st.builds(TargetCell, text=_TEXT)
    parts = st.sampled_from(["", "≥", "≤", "=", "≧"]), _TEXT, st.sampled_from(["", "%", "人", "万元"])
    return st.builds(lambda o, v, u: TargetCell(text=v, operator_text=o, unit_text=u), *parts)


def _indicator(layout: str) -> st.SearchStrategy[Indicator]:
    return st.builds(
        Indicator,
        level1=st.sampled_from(LEVEL1_CANON),
        level2=st.sampled_from([*LEVEL2_CANON, "经济效益\n指标"]),
        label=st.sampled_from(["", "指标1", "指标2"]),
        name=_NAME,
        target=_target(layout),
        actual=st.builds(ActualCell, text=_TEXT),
        weight=_number(),
        score=_number(),
        deviation=_TEXT,
    )


_FUND_LABELS = st.sampled_from(
    ["其中：当年财政拨款", "上年结转资金", "其他资金", "财政专户管理资金", "单位资金"]
)


def _fund(label: st.SearchStrategy[str]) -> st.SearchStrategy[FundRow]:
    n = _number()
    return st.builds(
        FundRow, label=label, initial_budget=n, full_year_budget=n, executed=n, weight=n, rate=n, score=n
    )


@st.composite
def forms(draw: st.DrawFn) -> Form:
    layout = draw(st.sampled_from(LAYOUTS))
    year = draw(st.sampled_from([None, 2020, 2022]))
    return Form(
        title=draw(st.sampled_from(["", "项目支出绩效自评表", "某区项目支出绩效自评表"])),
        year=year,
        layout=layout,
        money_unit=draw(st.sampled_from(["万元", "元"])),
        header=Header(project=draw(_NAME), department=draw(_TEXT), unit=draw(_TEXT), leader=draw(_TEXT)),
        funds=Funds(
            total=draw(_fund(st.sampled_from(["年度资金总额", "合计"]))),
            sources=draw(st.lists(_fund(_FUND_LABELS), max_size=3)),
        ),
        goal=Goal(expected=draw(_TEXT), actual=draw(_TEXT)),
        indicators=draw(st.lists(_indicator(layout), max_size=5)),
        stated_weight_total=draw(_number()),
        stated_total=draw(_number()),
        grade=draw(st.sampled_from(["", "优", "良", "差", "良好"])),
        other_notes=draw(_TEXT),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(forms(), min_size=1, max_size=2))
def test_any_expressible_form_comes_back_identical(generated: list[Form]) -> None:
    assert _dump(_through_docx(generated)) == _dump(generated)
