"""The word lists are scanned by one compiled pattern each: a word still matches only as written
(no regex meaning in "(" or "."), an empty list matches nothing, and the answer is the one a
plain substring test gives."""

from __future__ import annotations

import pytest

from assistant.lexicon import has_word, load_lexicon


@pytest.mark.parametrize(
    ("words", "text", "found"),
    [
        (["(1)", "a.b"], "见(1)条", True),
        (["(1)", "a.b"], "见1条，axb", False),
        ([], "任何文字", False),
        (["原因", "由于"], "由于汛期影响", True),
        (["原因", "由于"], "", False),
    ],
)
def test_a_word_matches_only_as_written(words: list[str], text: str, found: bool) -> None:
    assert has_word(words, text) is found


def test_every_list_of_the_lexicon_answers_as_a_substring_test_would() -> None:
    lexicon = load_lexicon()
    lists = [lexicon.cause_words, lexicon.explanation_words, lexicon.template_words, lexicon.standard_words]
    samples = [word for words in lists for word in words] + ["无", "已按计划完成", "【待填：原因】", ""]
    for words in lists:
        for text in samples:
            assert has_word(words, f"前{text}后") is any(w in f"前{text}后" for w in words)
            assert has_word(words, text) is any(w in text for w in words)
