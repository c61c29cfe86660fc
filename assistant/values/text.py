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


# The characters _TRANSLATE changes (it maps "。" and "，" to themselves).
_TRANSLATED = re.compile(
    "[" + "".join(re.escape(chr(c)) for c, to in _TRANSLATE.items() if to is None or to != chr(c)) + "]"
)


# NFKC maps each full-width form of an ASCII character (and the ideographic space) to that character
# alone. Replacing just those first gives NFKC's own result, and it is about three times cheaper
# than a full normalization of the text. Chinese cells are full of （ ） ： ， ％, so this matters for
# the first reading of a new form.
_WIDE = re.compile("[\uff01-\uff5e\u3000]")
_NARROW = {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)} | {"\u3000": " "}


def _narrow(match: re.Match[str]) -> str:
    return _NARROW[match.group()]


def nfkc(text: str) -> str:
    """unicodedata.normalize("NFKC", text), with the full-width forms replaced first."""
    if unicodedata.is_normalized("NFKC", text):
        return text
    text = _WIDE.sub(_narrow, text)
    return text if unicodedata.is_normalized("NFKC", text) else unicodedata.normalize("NFKC", text)


# Parsers are pure functions of short cell texts that recur on every keystroke-level re-check:
# memoize them so that checking a form stays well under 2 ms.
_memo = lru_cache(maxsize=8192)


@_memo
def normalize(text: str | None) -> str:
    """NFKC (full-width digits and %), unify operator glyphs, collapse whitespace."""
    if not text:
        return ""
    if _TRANSLATED.search(text):  # str.translate looks up every character: only when needed
        text = text.translate(_TRANSLATE)
    return " ".join(nfkc(text).split())  # as _SPACES.sub(" ", …).strip(), five times cheaper


@_memo
def one_line(text: str | None) -> str:
    """The text as written, on one line: for quoting a cell in a message."""
    return " ".join((text or "").split())


@_memo
def compact(text: str | None) -> str:
    """Normalized text with every space removed: for comparing labels and cell contents."""
    if not text:
        return ""
    if _TRANSLATED.search(text):
        text = text.translate(_TRANSLATE)
    return "".join(nfkc(text).split())  # str.split's spaces are re's \s


def is_blank(text: str | None) -> bool:
    return compact(text) in BLANK_MARKS


_BRACKETS = re.compile(r"\([^()]*\)")


@_memo
def bare_name(name: str | None) -> str:
    """An indicator name without its bracketed parts ("培训人数（人次）" → "培训人数"), compacted:
    what a text must repeat to name the row."""
    return compact(_BRACKETS.sub("", normalize(name)))
