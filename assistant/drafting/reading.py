"""What a brief says, read once for the offline engine and shown to the user (`--explain`, the
app's 读取到的信息): quantities as number + unit + the thing counted, money, dates, festivals and
periods, beneficiaries, places, and the detected sector with its alternatives. A user sees here
why a number is in a draft; the CLI and the app only render this model.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict

from ..values import format_decimal, normalize
from .brief import ProjectBrief
from .library import drafting_data
from .quantities import FoundQuantity, arabic_numerals, extract_quantities
from .sectors import Sector, brief_text, choose, detection

Role = Literal["output", "beneficiary"]
_DATE_RE = re.compile(
    r"(?:(?:19|20)\d{2}\s*年\s*)?\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?\s*(?:底|末)?\s*(?:前|之前|以前|完成|完工)?"
)
_FULL_DATE_RE = re.compile(r"(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月(?:\s*(?P<d>\d{1,2})\s*[日号])?")


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True)


class ReadQuantity(_Model):
    value: Decimal
    unit: str
    thing: str  # what is counted ("水标尺"), "" when the brief does not say
    verb: str
    role: Role
    source: str  # the words it was read from
    name: str  # the indicator name it gives ("维修水标尺长度"), "" when it names none

    @property
    def text(self) -> str:
        return f"{format_decimal(self.value)}{self.unit}"


class ReadMoney(_Model):
    amount: Decimal
    unit: str
    what: str


class ReadTime(_Model):
    kind: Literal["date", "festival", "period"]
    text: str


class SectorChoice(_Model):
    key: str
    title: str
    confidence: float


class BriefReading(_Model):
    """Everything the offline engine took from the brief, in the order a user checks it."""

    sector: SectorChoice
    chosen_by: Literal["user", "detected", "general"]
    alternatives: list[SectorChoice]
    quantities: list[ReadQuantity]
    money: list[ReadMoney]
    times: list[ReadTime]
    beneficiaries: list[str]
    places: list[str]

    @property
    def outputs(self) -> list[ReadQuantity]:
        return [q for q in self.quantities if q.role == "output"]

    @property
    def beneficiary_quantities(self) -> list[ReadQuantity]:
        return [q for q in self.quantities if q.role == "beneficiary"]

    def first_time(self, kind: str) -> str:
        return next((t.text for t in self.times if t.kind == kind), "")


def _role(q: FoundQuantity) -> Role:
    words = drafting_data().reading.beneficiary_words
    context = f"{q.verb}{q.before}{q.noun}"
    return "beneficiary" if any(word in context for word in words) else "output"


def _quantity(q: FoundQuantity) -> ReadQuantity:
    return ReadQuantity(
        value=q.value,
        unit=q.unit,
        thing=q.thing,
        verb=q.verb,
        role=_role(q),
        source=q.source if q.verb in q.source else f"{q.verb}{q.source}",
        name=q.indicator_name,
    )


def _known(brief: ProjectBrief) -> list[ReadQuantity]:
    """Quantities the user stated outright: outputs unless their name says beneficiary."""
    words = drafting_data().reading.beneficiary_words
    return [
        ReadQuantity(
            value=k.value,
            unit=k.unit,
            thing=k.name,
            verb="",
            role="beneficiary" if any(w in k.name for w in words) else "output",
            source=f"已知数量：{k.name}{format_decimal(k.value)}{k.unit}",
            name=k.name,
        )
        for k in brief.quantities
    ]


def _money(brief: ProjectBrief, text: str) -> list[ReadMoney]:
    from ..lexicon import load_lexicon

    unit = brief.money_unit
    found = [ReadMoney(amount=brief.full_year_budget, unit=unit, what="全年预算数")]
    if brief.executed is not None:
        found.append(ReadMoney(amount=brief.executed, unit=unit, what="全年执行数"))
    found += [ReadMoney(amount=s.amount, unit=unit, what=f"支出明细：{s.item}") for s in brief.spending]
    units = "|".join(sorted(load_lexicon().money_units, key=len, reverse=True))
    rates = drafting_data().reading.rate_words
    for match in re.finditer(rf"(\d+(?:\.\d+)?)\s*({units})", text):
        before = text[max(0, match.start() - 8) : match.start()]
        clause = re.split(r"[，。；,;、]", before)[-1]
        kind = "标准" if any(word in clause for word in rates) else "金额"
        amount, money_unit = Decimal(match.group(1)), match.group(2)
        what = f"说明中的{kind}：{clause}{format_decimal(amount)}{money_unit}"
        found.append(ReadMoney(amount=amount, unit=money_unit, what=what))
    return found


def _times(text: str) -> list[ReadTime]:
    words = drafting_data().reading
    found = [ReadTime(kind="date", text=m.group(0).strip()) for m in _DATE_RE.finditer(text)]
    found += [ReadTime(kind="festival", text=f) for f in words.festivals if f in text]
    found += [ReadTime(kind="period", text=p) for p in words.periods if p in text]
    return found


def _places(text: str) -> list[str]:
    data = drafting_data()
    suffixes = "|".join(sorted(data.reading.place_suffixes, key=len, reverse=True))
    verbs = "|".join(sorted(data.quantity_verbs, key=len, reverse=True))
    units = sorted((u for group in data.quantity_units.values() for u in group), key=len, reverse=True)
    places: list[str] = []
    for found in re.finditer(r"[\u4e00-\u9fff]+", text):
        run = found.group(0)
        if found.start() > 0 and text[found.start() - 1].isdigit():  # "10个社区": 个 is the count's unit
            run = run[len(next((u for u in units if run.startswith(u)), "")) :]
        parts = re.split(rf"(?:{verbs}|为|在|对|向|从|于|的|和|与|及|等)", run)
        for part in parts:
            match = re.match(rf"^(?:[\u4e00-\u9fff]{{1,6}}?(?:{suffixes}))+", part)
            name = match.group(0) if match else ""
            if len(name) >= 2 and name not in places and name not in data.reading.not_places:
                places.append(name)
    return places


def _beneficiaries(sector: Sector, text: str, quantities: list[ReadQuantity]) -> list[str]:
    named = [f"{q.thing or q.verb}{q.text}" for q in quantities if q.role == "beneficiary"]
    words = [w for w in sector.beneficiaries if w in text and not any(w in n for n in named)]
    return named + words


def deadline_of(reading: BriefReading, year: int) -> str:
    """The brief's own completion date in the project's year ("2023年6月30日"), "" if none."""
    for time in reading.times:
        match = _FULL_DATE_RE.search(time.text) if time.kind == "date" else None
        if match and int(match.group("y")) == year:
            day = f"{match.group('d')}日" if match.group("d") else "底"
            return f"{match.group('y')}年{match.group('m')}月{day}"
    return ""


def read_brief(brief: ProjectBrief) -> tuple[BriefReading, Sector]:
    """The reading shown to the user, and the sector the engine drafts with."""
    text = arabic_numerals(normalize(brief.description))
    items = [s.item for s in brief.spending]
    sector, ranked = choose(brief_text(brief.project, text, items), brief.project_type)
    chosen_by = "user" if brief.project_type else ("general" if sector.general else "detected")
    confidence = next((m.confidence for m in ranked if m.sector.key == sector.key), 0.0)
    alternatives = [
        SectorChoice(key=m.sector.key, title=m.sector.title, confidence=round(m.confidence, 2))
        for m in ranked
        if m.sector.key != sector.key
    ][: detection().alternatives]
    known = _known(brief)
    found = [_quantity(q) for q in extract_quantities(brief.description)]
    found = [q for q in found if (q.value, q.unit) not in {(k.value, k.unit) for k in known}]
    quantities = known + found
    reading = BriefReading(
        sector=SectorChoice(key=sector.key, title=sector.title, confidence=round(confidence, 2)),
        chosen_by=chosen_by,
        alternatives=alternatives,
        quantities=quantities,
        money=_money(brief, text),
        times=_times(text),
        beneficiaries=_beneficiaries(sector, text, quantities),
        places=_places(text),
    )
    return reading, sector


def explain_brief(brief: ProjectBrief) -> BriefReading:
    """What was read from the brief (for `--explain` and the app's panel)."""
    return read_brief(brief)[0]


def explanation_lines(reading: BriefReading) -> list[str]:
    """The reading as plain lines: the CLI prints them, the app shows them in its panel."""
    how = {
        "user": "用户指定",
        "detected": "自动判断",
        "general": "把握不足，使用通用指标（只用简报中的事实）",
    }
    sure = f"置信度{reading.sector.confidence:.0%}，" if reading.chosen_by != "general" else ""
    lines = [f"项目领域：{reading.sector.title}（{reading.sector.key}，{sure}{how[reading.chosen_by]}）"]
    if reading.alternatives:
        others = "、".join(f"{a.title}（{a.key}，置信度{a.confidence:.0%}）" for a in reading.alternatives)
        lines.append(f"其他可能：{others}")
    for q in reading.quantities:
        role = "受益对象（效益指标）" if q.role == "beneficiary" else "产出数量"
        named = f"　指标名：{q.name}" if q.name else "　（未成指标：说不清计数对象）"
        lines.append(f"数量：{q.text}　计数对象：{q.thing or '（未写明）'}　{role}{named}　原文：{q.source}")
    lines += [f"金额：{format_decimal(m.amount)}{m.unit}　{m.what}" for m in reading.money]
    kinds = {"date": "日期", "festival": "节日", "period": "周期"}
    lines += [f"时间：{t.text}（{kinds[t.kind]}）" for t in reading.times]
    if reading.beneficiaries:
        lines.append("服务对象：" + "、".join(reading.beneficiaries))
    if reading.places:
        lines.append("地点：" + "、".join(reading.places))
    return lines
