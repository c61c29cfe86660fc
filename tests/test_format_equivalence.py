"""Same answer, any format: each example form saved as .docx, .doc, .wps, .xls and .pdf gives the
same computed figures and the same findings (code and place) as the .docx it was made from."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from assistant.formats import read_forms
from assistant.review.form_report import check_form
from assistant.rules import load_rule_set
from tests.docx_files import built_fixture, docx_dir_fixture, seed_forms_fixture, yongde_data_fixture  # noqa: F401
from tests.office_files import needs_soffice, office_set_fixture, soffice  # noqa: F401

pytestmark = [pytest.mark.office, needs_soffice]

RULES = load_rule_set()
EXAMPLES = ["seed-single", "seed-split", "yongde", "sichuan", "suffixed"]


def answers(path: Path) -> list[dict]:
    """What a reviewer acts on, per form: the figures recomputed, the scores read, the findings."""
    found = []
    for index, form in enumerate(read_forms(path)):
        report = check_form(form, RULES, "表", index)
        computed = report.computed
        found.append(
            {
                "project": form.header.project,
                "execution_rate": computed.execution_rate,
                "funds_score": computed.funds_score,
                "total": computed.total_score,
                "grade": computed.grade,
                "scores": [(i.weight.value, i.score.value) for i in form.indicators],
                "findings": {(f.code, f.place.render()) for f in report.findings},
            }
        )
    return found


@pytest.fixture(scope="module")
def word_answers(office_set) -> dict[str, list[dict]]:
    return {name: answers(office_set[name][".docx"]) for name in EXAMPLES}


def test_the_examples_hold_the_figures_a_reviewer_checks(word_answers) -> None:
    # Guards the comparisons below against comparing nothing with nothing.
    seed = word_answers["seed-single"]
    assert len(seed) == 2
    assert round(seed[0]["execution_rate"], 2) == Decimal("90.10")
    assert seed[0]["total"] == Decimal("99.01")
    assert all(
        form["scores"] and form["execution_rate"] is not None
        for forms in word_answers.values()
        for form in forms
    )


@pytest.mark.parametrize("suffix", [".pdf", ".doc"])
@pytest.mark.parametrize("name", EXAMPLES)
def test_pdf_and_doc_give_the_answers_of_the_docx(office_set, word_answers, name: str, suffix: str) -> None:
    assert answers(office_set[name][suffix]) == word_answers[name]


def test_a_wps_file_reads_like_the_doc_it_is(office_set, word_answers, tmp_path: Path) -> None:
    # WPS saves Word-compatible files under .wps; the same bytes must read the same.
    wps = tmp_path / "自评表.wps"
    shutil.copyfile(office_set["seed-split"][".doc"], wps)
    assert answers(wps) == word_answers["seed-split"]


def test_a_word_web_page_saved_as_doc_reads_like_the_docx(office_set, word_answers, tmp_path: Path) -> None:
    # Office systems often export "Word 网页" (HTML) under a .doc name.
    [html] = soffice([office_set["seed-single"][".docx"]], "html", tmp_path)
    page = tmp_path / "网页.doc"
    shutil.copyfile(html, page)
    assert answers(page) == word_answers["seed-single"]


@pytest.fixture(scope="module")
def spreadsheets(office_set, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The forms as Excel 97 workbooks: Writer's HTML of the .docx, opened in Calc, saved as .xls."""
    folder = tmp_path_factory.mktemp("xls")
    names = sorted({name for name, _ in SHEETS})
    htmls = soffice([office_set[name][".docx"] for name in names], "html", folder / "html")
    books = soffice(htmls, "xls:MS Excel 97", folder / "xls", infilter="HTML (StarCalc)")
    return dict(zip(names, books, strict=True))


# Each spreadsheet is converted again when read (a LibreOffice run per test): a few cases, not all.
SHEETS = [("seed-single", ".xls"), ("yongde", ".xls"), ("sichuan", ".et")]


@pytest.mark.parametrize(("name", "suffix"), SHEETS)
def test_xls_and_et_give_the_answers_of_the_docx(
    spreadsheets, word_answers, name: str, suffix: str, tmp_path: Path
) -> None:
    book = tmp_path / f"{name}{suffix}"
    shutil.copyfile(spreadsheets[name], book)
    assert answers(book) == word_answers[name]
