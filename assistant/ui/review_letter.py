"""审核意见 (.docx) for the review page: the library's letter (assistant/review/letter.py), memoised."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from ..review.letter import DEFAULT_REVIEWER, LetterOptions, review_letter_docx


@lru_cache(maxsize=8)
def letter_for(
    form_json: str,
    rules_name: str,
    source: str,
    form_index: int,
    reviewer: str = "",
    body_font: str = "",
    title_font: str = "",
    letter_date: date | None = None,
    deadline: date | None = None,
) -> bytes:
    """The letter for a form given as JSON, memoised: Streamlit reruns the page on every click."""
    from ..formats import forms_from_json
    from ..review.form_report import check_form
    from ..rules import load_rule_set

    [form] = forms_from_json(form_json, source)
    rules = load_rule_set(rules_name)
    options = LetterOptions(
        reviewer=reviewer.strip() or DEFAULT_REVIEWER,
        letter_date=letter_date,
        deadline=deadline,
        body_font=body_font or LetterOptions.body_font,
        title_font=title_font or LetterOptions.title_font,
    )
    return review_letter_docx(check_form(form, rules, source, form_index), rules, options)
