"""Cell text as written and as compared: full-width forms, operator glyphs, blanks.

Every parser is a pure function of the cell text, memoized (short texts recur on every re-check).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Cells that mean "nothing here" rather than an unreadable value.
BLANK_MARKS = frozenset({"", "—", "–", "-", "--", "——", "/", "／", "无", "空", "…", "……", "\\"})

_TRANSLATE = str.maketrans(
    {
        "≧": "≥",
        "≦": "≤",
        "═": "=",
        "＝": "=",
        "﹦": "=",
        "＞": ">",
        "＜": "<",
        "．": ".",
        "。": "。",
        "，": "，",
        "\u3000": " ",
        "\xa0": " ",
        "\u2212": "-",  # the minus sign: NFKC keeps it, and a negative amount must not read as positive
        # Zero-width characters, invisible in Word, would split "19\u200b60" into two numbers.
        "\u200b": None,
        "\u200c": None,
        "\u200d": None,
        "\u2060": None,
        "\ufeff": None,
    }
)


# Parsers are pure functions of short cell texts that recur on every keystroke-level re-check:
# memoize them so that checking a form stays well under 2 ms.
_memo = lru_cache(maxsize=8192)
_SPACES = re.compile(r"\s+")


@_memo
def normalize(text: str | None) -> str:
    """NFKC (full-width digits and %), unify operator glyphs, collapse whitespace."""
    if not text:
        return ""
    text = text.translate(_TRANSLATE)
    text = unicodedata.normalize("NFKC", text)
    return _SPACES.sub(" ", text).strip()


def one_line(text: str | None) -> str:
    """The text as written, on one line: for quoting a cell in a message."""
    return _SPACES.sub(" ", text or "").strip()


@_memo
def compact(text: str | None) -> str:
    """Normalized text with every space removed: for comparing labels and cell contents."""
    return _SPACES.sub("", normalize(text))


def is_blank(text: str | None) -> bool:
    return compact(text) in BLANK_MARKS
