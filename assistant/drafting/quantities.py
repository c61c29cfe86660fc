"""Quantities written in a description: "保障10个社区154名社工" → 10 个 社区, 154 名 社工.

The offline engine turns them into 数量指标 ("保障社工人数 ≥154名"); the number check accepts
them because they are in the text the user wrote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from ..values import normalize
from ..values.chinese import NUMERAL_CHARS, chinese_to_decimal
from .library import drafting_data


@dataclass(frozen=True)
class FoundQuantity:
    value: Decimal
    unit: str
    noun: str  # what is counted ("社工"); "" when nothing follows the unit
    verb: str  # the nearest verb before it in the same clause ("保障"), or ""
    group: str  # person | count | length | area | weight
    before: str = ""  # the words just before the number in its list item ("低保户" in "低保户410户")
    then: str = ""  # a verb right after the unit ("两次发放"): the count is of that action

    @property
    def thing(self) -> str:
        """What is counted: the noun after the number ("154名社工"), else the words before it
        ("维修水标尺266米" → 水标尺); "" when neither names anything ("完成人数200人")."""
        if self.then:
            return ""
        thing = self.noun or self.before
        return "" if thing in drafting_data().measure_words else thing

    @property
    def indicator_name(self) -> str:
        """ "保障社工人数", "维修水标尺长度"; a thing that already names its measure ("受益人口")
        keeps it; with no thing and only a verb like 完成 "" (a bare "完成人数" says nothing)."""
        data = drafting_data()
        suffix = data.quantity_suffix.get(self.group, "数量")
        if self.unit in ("人次", "户次"):
            suffix = self.unit
        thing = self.thing
        verb = "" if self.verb in thing else self.verb
        if thing.endswith(tuple(data.measure_words)):
            suffix = ""
        elif thing.endswith("人口"):
            suffix = "数"
        if self.then:
            return f"{self.then}{'次数' if self.unit == '次' else suffix}"
        if not thing and (not self.verb or self.verb in data.generic_verbs):
            return ""
        return f"{verb}{thing}{suffix}"

    @property
    def named_before(self) -> str:
        """The name from the words before the number ("低保户户数"), "" when there are none."""
        if not self.before:
            return ""
        suffix = drafting_data().quantity_suffix.get(self.group, "数量")
        return f"{self.before}{self.unit if self.unit in ('人次', '户次') else suffix}"

    @property
    def target(self) -> str:
        return f"≥{format(self.value.normalize(), 'f')}{self.unit}"

    @property
    def source(self) -> str:
        if self.noun or not self.before:
            return f"{self.value.normalize():f}{self.unit}{self.noun}"
        return f"{self.before}{self.value.normalize():f}{self.unit}"


@cache
def _pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    data = drafting_data()
    groups = {unit: group for group, units in data.quantity_units.items() for unit in units}
    units = "|".join(re.escape(u) for u in sorted(groups, key=len, reverse=True))
    stops = re.escape(data.noun_stops)
    pattern = re.compile(
        rf"(?<![\d.])(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>{units})(?P<noun>[^\d\s{stops}]{{0,{data.noun_window}}})"
    )
    return pattern, groups


def _clause_verb(text: str, start: int) -> str:
    """The verb nearest before `start`, inside the clause that holds it."""
    data = drafting_data()
    clause_start = max(text.rfind(ch, 0, start) for ch in "，。；,;\n") + 1
    clause = text[clause_start:start]
    best, best_pos = "", -1
    for verb in data.quantity_verbs:
        pos = clause.rfind(verb)
        if pos > best_pos:
            best, best_pos = verb, pos
    return best


def _before(text: str, start: int) -> str:
    """The words just before a number, inside its list item: "维修水标尺" → "水标尺", "其中低保户"
    → "低保户", "为65岁及以上老年人健康体检" → "老年人健康体检", "受益脱贫（含监测对象）户人口" →
    "脱贫户人口"."""
    data = drafting_data()
    item_start = max(text.rfind(ch, 0, start) for ch in "，。；,;、\n") + 1
    own_verb = any(v in text[item_start:start] for v in data.quantity_verbs)
    if item_start > 0 and text[item_start - 1] == "、" and not own_verb:
        clause_start = max(text.rfind(ch, 0, item_start - 1) for ch in "，。；,;\n") + 1
        if not re.search(r"\d", text[clause_start : item_start - 1]):
            return (
                ""  # "老干部、老党员、困难群众共300人次": the count is of the whole list, not its last item
            )
    item = re.split(r"[\d.]+", text[item_start:start])[-1]
    item = re.sub(r"\([^()]*\)", "", item)
    item = re.split("|".join(data.before_cuts), item)[-1]
    last = max((item.rfind(v) + len(v) for v in data.quantity_verbs if v in item), default=0)
    if len(item) - last >= 2:  # after the last verb: "元宵节期间开展送戏下乡文艺演出" → 送戏下乡文艺演出
        item = item[last:]
    heads = (*data.quantity_verbs, "和", "及", "与")
    while item.startswith(heads):
        item = item[len(next(h for h in heads if item.startswith(h))) :]
    while item.endswith(tuple(data.before_tails)):
        item = item[: -len(next(t for t in data.before_tails if item.endswith(t)))]
    return item if 2 <= len(item) <= data.before_max_chars else ""  # never cut a word in two


def _trim_noun(noun: str) -> str:
    """ "社区办公用品购置" after "10个" → the noun stops before a verb it runs into; a long one ends
    after its last head noun ("家庭经济困难普通高中学生"); one that is a verb ("2次发放") is no noun."""
    data = drafting_data()
    verbs = data.quantity_verbs
    cut = min((noun.find(v) for v in verbs if v in noun and noun.find(v) > 0), default=len(noun))
    noun = noun[:cut]
    if noun in verbs:
        return ""
    if len(noun) <= data.noun_max_chars:
        return noun
    ends = [noun.rfind(h) + len(h) for h in data.head_nouns if h in noun]
    return noun[: max(ends)] if ends else noun[: data.noun_max_chars]


@cache
def _numeral_pattern() -> re.Pattern[str]:
    """A Chinese numeral right before a counting unit: "三百二十户", "两个", "十五名"."""
    units = [u for group in drafting_data().quantity_units.values() for u in group]
    alternatives = "|".join(re.escape(u) for u in sorted(units, key=len, reverse=True))
    return re.compile(rf"([{NUMERAL_CHARS}]+)(?=(?:{alternatives}))")


def arabic_numerals(text: str) -> str:
    """Chinese numerals before a counting unit become digits ("慰问三百二十户" → "慰问320户"). A lone
    "一" is left alone: "一次性", "一批" are words, not counts."""

    def digits(match: re.Match[str]) -> str:
        raw = match.group(1)
        number = chinese_to_decimal(raw)
        if number is None or raw == "一" or text[match.end() : match.end() + 2].endswith("性"):
            return raw
        return format(number, "f")

    return _numeral_pattern().sub(digits, text)


def extract_quantities(text: str) -> list[FoundQuantity]:
    """Every counted quantity in the text, in order, each (value, unit) once; Chinese numerals too."""
    pattern, groups = _pattern()
    text = arabic_numerals(normalize(text))
    found: list[FoundQuantity] = []
    seen: set[tuple[Decimal, str]] = set()
    for match in pattern.finditer(text):
        value, unit = Decimal(match.group("num")), match.group("unit")
        if (value, unit) in seen or value <= 0:
            continue
        seen.add((value, unit))
        raw = match.group("noun")
        noun = _trim_noun(raw)
        verbs = drafting_data().quantity_verbs
        then = next((v for v in verbs if raw.startswith(v)), "") if not noun else ""
        verb, before = _clause_verb(text, match.start()), _before(text, match.start())
        found.append(FoundQuantity(value, unit, noun, verb, groups[unit], before, then))
    return found
