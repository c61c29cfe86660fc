"""审核意见: the 公文-style letter a reviewer sends back for one checked form (docs/rules.md §8).

Built from the form and its checked report alone (no model). Every figure in the body comes from
the report (the stated value, the recomputed value and the inputs of the derivation) or from the
offline critique's rewrites, which the drafting gate checks like any draft. Codes appear only in
the appendix table; the body never names a file, a code or an English word. The .docx is drawn
by letter_docx.py from the `LetterText` built here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from ..drafting.models import DraftIndicator
from ..drafting.offline_critique import draft_critique
from ..findings import Finding, code_catalogue
from ..form import Form
from ..rules import RuleSet
from ..values import format_decimal
from ..verdict import is_advisory
from .form_report import FormReport
from .letter_docx import APPENDIX, APPENDIX_COLUMNS, Item, render_letter

# The deadline goes into the opening sentence ({deadline}: “请于2026年12月16日前修改后重新报送”).
OPENINGS = {
    "returned": "经审核，该表存在以下问题，现予退回，{deadline}。",
    "revise": "经审核，该表总体符合要求，但存在以下需要修改或补充说明的事项，请按本意见修改，{deadline}。",
    "passed": "经审核，该表符合要求，予以通过。以下建议供今后填报时参考。",
}
RETURNED_UNMEASURABLE = "经审核，该表{total}个指标中有{count}个不可衡量，现予退回，{deadline}。"
PASSED_CLEAN = "经审核，该表符合要求，予以通过。"
TARGET_SETTING_NOTE = "该表实际完成值和得分均未填写，按绩效目标申报表审核指标、目标和分值。"
HEAD_ERRORS = "一、必须更正的问题"
HEAD_WARNINGS = "二、需补充说明的事项"
HEAD_SMART = "三、指标设置建议"
NUMERALS = "一二三四五六七八九十"
DEADLINE = "请于{date}前修改后重新报送"
DEFAULT_REVIEWER = "财政局预算绩效管理科"
LISTED = 3  # rows named in the body; the appendix lists all
FIGURE_CODES = ("FUND-RATE", "FUND-SCORE", "TOTAL-SCORE", "GRADE")  # in prose, first
REWRITE_LEAD = "建议按可衡量的目标改写"
SPLIT_ROW = "拆为{count}个指标，"
DELETE_ROW = "建议删除本行，分值并入同一级指标的其他行"
REWRITE_CODES = ("INDICATOR-NAME-MISSING",)  # besides SMART-*: a row the rewrite names anew
GRADE_LEAD = "评价等级未填写"


# The faces a reviewer may choose (CLI flags, the review page): 仿宋_GB2312 is the 公文 body face;
# Windows 10 and later ship 仿宋 instead. A 小标宋 title is set regular, with 宋体 as its fallback.
BODY_FONTS = ("仿宋_GB2312", "仿宋")
TITLE_FONTS = ("宋体", "方正小标宋简体")


@dataclass(frozen=True)
class LetterOptions:
    reviewer: str = DEFAULT_REVIEWER
    letter_date: date | None = None  # None: today
    deadline: date | None = None  # None: ten working days after the letter date
    body_font: str = "仿宋_GB2312"  # or "仿宋" (Windows 10 and later ship 仿宋, not 仿宋_GB2312)
    title_font: str = "宋体"  # bold; a 小标宋 ("方正小标宋简体") is set regular, with 宋体 as its fallback


def working_days_after(start: date, days: int = 10) -> date:
    """The date `days` working days after `start`, weekends skipped (holidays are not known)."""
    current = start
    while days > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def addressee(report: FormReport) -> str:
    header = report.form.header
    return (header.unit or header.department or "填报单位").strip()


def letter_title(report: FormReport) -> str:
    kind = report.verdict.form_type or "绩效自评表"
    return f"关于《{report.form.project or '未填项目名称'}》{kind}的审核意见"


# ---------------------------------------------------------------- the body, as plain text


def _place(finding: Finding) -> str:
    text = finding.location
    return text.removeprefix("绩效指标/") if text.count("/") > 1 else text


def _row(finding: Finding, form: Form) -> str:
    """An indicator row in a few characters: 数量指标, or 数量指标（指标2）when the form has several
    数量指标 rows; other places as the form names them."""
    place = finding.place
    if place.row is not None and place.level2:
        alike = sum(1 for i in form.indicators if i.category2 == place.level2)
        return f"{place.level2}（{place.row_name}）" if alike > 1 and place.row_name else place.level2
    return _place(finding)


def _rows(findings: list[Finding], form: Form) -> list[str]:
    """The rows of several findings, a category's rows together: 服务对象满意度指标（指标1、指标2）."""
    rows = {f.place.row for f in findings}
    if len(form.indicators) > LISTED and rows == set(range(len(form.indicators))):
        return [f"全部{len(form.indicators)}个指标"]
    names: dict[str, list[str]] = {}
    for finding in findings:
        short = _row(finding, form)
        level2, _, rest = short.partition("（")
        names.setdefault(level2 if rest else short, [])
        if rest and rest.rstrip("）") not in names[level2]:
            names[level2].append(rest.rstrip("）"))
    return [f"{key}（{_series(rows)}）" if rows else key for key, rows in names.items()]


def _series(labels: list[str]) -> str:
    """“指标1、2、3” for labels that share a prefix and differ in their number."""
    stems = {re.sub(r"\d+$", "", label) for label in labels}
    if len(labels) > 1 and len(stems) == 1 and all(re.search(r"\d$", label) for label in labels):
        return labels[0] + "、" + "、".join(re.search(r"\d+$", label)[0] for label in labels[1:])
    return "、".join(labels)


def _clean(message: str, rules: RuleSet) -> str:
    """A finding's message without the rule set's internal name or spaces around figures."""
    message = message.replace(f"“{rules.name}”", f"“{rules.title}”").replace(rules.name, rules.title)
    message = re.sub(r"\s*([÷×+=＋])\s*", r"\1", message)
    message = re.sub(r"(?<=[\u4e00-\u9fff（）“”，])\s+|\s+(?=[\u4e00-\u9fff（）“”，])", "", message)
    return message.strip().rstrip("。")


def _stated(text: str, verb: str = "填写为") -> str:
    return f"表中{verb}{text}" if text.strip() else "表中未填写"


def _funds_score_sentence(report: FormReport, rules: RuleSet) -> str | None:
    """“预算执行率得分应为9.01分（10分×90.10%），表中填报10分。” as a reviewer writes it."""
    figures, computed = report.computed_strings(), report.computed
    if figures["funds_score"] is None or computed.funds_weight is None or figures["execution_rate"] is None:
        return None
    stated = report.form.funds.total.score.text.strip()
    weight = format_decimal(computed.funds_weight)
    rate = figures["execution_rate"]
    how = {"proportional": f"{weight}分×{rate}", "floor": f"{weight}分×{rate}，取整"}
    if computed.execution_rate is not None and computed.execution_rate > 100:
        how["proportional"] = f"执行率{rate}，按100%计，{weight}分×100%"
    derivation = how.get(rules.funds.score_method, f"执行率{rate}")
    said = f"表中填报{stated}分" if stated else "表中未填报"
    return f"预算执行率得分应为{figures['funds_score']}分（{derivation}），{said}。"


def _figure_sentence(finding: Finding, report: FormReport, rules: RuleSet) -> str | None:
    """The four recomputed figures, in prose with the corrected value and its derivation."""
    form, figures = report.form, report.computed_strings()
    total, unit = form.funds.total, form.money_unit or "万元"
    if finding.code == "FUND-RATE" and figures["execution_rate"]:
        derivation = f"{total.executed.text}{unit}÷{total.full_year_budget.text}{unit}"
        return f"执行率应为{figures['execution_rate']}（{derivation}），{_stated(total.rate.text)}。"
    if finding.code == "FUND-SCORE":
        return _funds_score_sentence(report, rules)
    indicators = report.computed.indicator_total
    if (
        finding.code == "TOTAL-SCORE"
        and figures["total_score"]
        and figures["funds_score"]
        and indicators is not None
    ):
        parts = f"预算执行率得分{figures['funds_score']}分＋指标得分合计{format_decimal(indicators)}分"
        stated = form.stated_total.text.strip()
        said = f"表中填报{stated}分" if stated else "表中未填报"
        return f"总分应为{figures['total_score']}分（{parts}），{said}。"
    if finding.code == "GRADE" and figures["grade"] and figures["total_score"]:
        return (
            f"评价等级应为“{figures['grade']}”（复核总分{figures['total_score']}分），{_stated(form.grade)}。"
        )
    return None


def _grouped(findings: list[Finding], report: FormReport, rules: RuleSet) -> list[Item]:
    """One item per problem: figures in prose; a problem found in many rows lists the rows."""
    catalogue = code_catalogue()
    items: list[Item] = []
    by_code: dict[str, list[Finding]] = {}
    for finding in findings:
        title = catalogue[finding.code].title if finding.code in catalogue else "其他问题"
        if finding.code in FIGURE_CODES and (sentence := _figure_sentence(finding, report, rules)):
            items.append(Item("", sentence))  # the sentence names the figure: no lead
        else:
            by_code.setdefault(finding.code, []).append(finding)
    for code, group in by_code.items():
        title = catalogue[code].title if code in catalogue else "其他问题"
        if len(group) == 1:
            [finding] = group
            where = (
                f"{_row(finding, report.form)}：" if finding.place.row is not None else ""
            )  # a message names its section
            items.append(Item(title, f"{where}{_clean(finding.message, rules)}。"))
        else:
            rows = _rows(group, report.form)
            shown = "、".join(rows[:LISTED])
            more = f"等{len(group)}处" if len(rows) > LISTED else f"共{len(group)}处"
            if rows[0].startswith("全部"):
                shown, more = rows[0], "都存在此问题"
            items.append(Item(title, f"{shown}{more}。"))
    return items


def _blank_grade(report: FormReport) -> list[Item]:
    """A blank 等级 is said even when the form has no grade cell the checks could warn about."""
    figures, form = report.computed_strings(), report.form
    if form.grade.strip() or form.is_target_setting or any(f.code == "GRADE" for f in report.findings):
        return []
    if not (figures["grade"] and figures["total_score"]):
        return []
    return [
        Item(GRADE_LEAD, f"按复核总分{figures['total_score']}分，评价等级应为“{figures['grade']}”，请补填。")
    ]


def _rewrites(report: FormReport, rules: RuleSet) -> dict[int, str]:
    """Measurable targets for the rows with a SMART-* or unnamed-row finding: the offline critique's
    rewrites (the same the 点评 gives), each named by its row as the form shows it."""
    rows = {
        f.place.row: _row(f, report.form)
        for f in report.findings
        if f.place.row is not None
        and any(c.startswith("SMART-") or c in REWRITE_CODES for c in (f.code, *f.tags))
    }
    parts: dict[int, str] = {}
    for item in draft_critique(report.form, rules).items if rows else []:
        index = item.indicator_index
        if index not in rows:
            continue
        if item.delete:
            parts[index] = f"{rows[index]}：{DELETE_ROW}"
            continue
        if not item.rows:
            continue
        first = item.rows[0]
        moved = f"移至{first.level2}，" if first.level2 != report.form.indicators[index].category2 else ""
        split = SPLIT_ROW.format(count=len(item.rows)) if len(item.rows) > 1 else ""
        parts[index] = f"{rows[index]}：{moved}{split}" + "、".join(_quoted(row) for row in item.rows)
    return parts


def _quoted(row: DraftIndicator) -> str:
    joint = "" if row.target[:1] in "≥≤=<>＝" else "，"
    return f"“{row.name}{joint}{row.target}”"


def _smart_items(smart: list[Finding], report: FormReport, rules: RuleSet) -> list[Item]:
    """The rewrites, which answer the problems of their rows (the problem list names them), after the
    problems of the rows no rewrite answers."""
    rewrites = _rewrites(report, rules)
    rest = [f for f in smart if f.place.row not in rewrites]
    items = _grouped(rest, report, rules)
    if rewrites:
        items.append(Item(REWRITE_LEAD, "", tuple(f"{rewrite}。" for rewrite in rewrites.values())))
    return items


@dataclass(frozen=True)
class LetterText:
    title: str
    addressee: str
    opening: str
    sections: list[tuple[str, list[Item]]]
    reviewer: str
    day: str
    note: str = ""  # a line after the opening (the form type), or ""

    @staticmethod
    def numbered(index: int, item: Item) -> str:
        return f"{item.opening(index)}{item.text}"

    def body_lines(self) -> list[str]:
        lines = [self.title, f"{self.addressee}：", self.opening, *([self.note] if self.note else [])]
        for heading, items in self.sections:
            lines.append(heading)
            for index, item in enumerate(items):
                lines += [self.numbered(index, item), *item.numbered_lines()]
        return [*lines, self.reviewer, self.day]


def letter_text(report: FormReport, rules: RuleSet, options: LetterOptions | None = None) -> LetterText:
    options = options or LetterOptions()
    day = options.letter_date or date.today()
    deadline = options.deadline or working_days_after(day)
    warnings = report.warnings
    if report.verdict.kind != "passed":  # advisory warnings ask for nothing: the problem list has them
        warnings = [f for f in warnings if not is_advisory(f, report.form, rules)]
    smart = [f for f in warnings if f.code.startswith("SMART-")]
    other = [f for f in warnings if not f.code.startswith("SMART-")]
    raw = [
        (HEAD_ERRORS, _grouped(report.errors, report, rules)),
        (HEAD_WARNINGS, _grouped(other, report, rules) + _blank_grade(report)),
        (HEAD_SMART, _smart_items(smart, report, rules)),
    ]
    sections = []
    for heading, items in raw:
        if items:
            sections.append((f"{NUMERALS[len(sections)]}、{heading[2:]}", items))
    kind, verdict = report.verdict.kind, report.verdict
    by = DEADLINE.format(date=chinese_date(deadline))
    opening = OPENINGS[kind] if sections or kind != "passed" else PASSED_CLEAN
    if kind == "returned" and not report.errors and verdict.indicators and verdict.unmeasurable:
        opening = RETURNED_UNMEASURABLE.format(
            total=verdict.indicators, count=verdict.unmeasurable, deadline=by
        )
    opening = opening.format(deadline=by)  # the deadline is read first, and takes no line of its own
    return LetterText(
        title=letter_title(report),
        addressee=addressee(report),
        opening=opening,
        sections=sections,
        reviewer=options.reviewer,
        day=chinese_date(day),
        note=TARGET_SETTING_NOTE if report.form.is_target_setting else "",
    )


def appendix_rows(report: FormReport) -> list[tuple[str, str, str]]:
    """One row per problem (code): the places it was found, the problem, the code."""
    catalogue = code_catalogue()
    by_code: dict[str, list[Finding]] = {}
    for finding in report.findings:
        by_code.setdefault(finding.code, []).append(finding)
    return [
        (
            "、".join(_rows(group, report.form)),
            catalogue[code].title if code in catalogue else group[0].message,
            code,
        )
        for code, group in by_code.items()
    ]


def letter_file_stem(project: str, fallback: str = "自评表") -> str:
    """A safe file name from a project name: no path separators or characters Windows refuses."""
    stem = re.sub(r'[\\/:*?"<>|\s]+', "_", project).strip("._")[:40]
    return f"{stem or fallback}_审核意见"


def review_letter_docx(report: FormReport, rules: RuleSet, options: LetterOptions | None = None) -> bytes:
    """The letter as .docx bytes (drawn by letter_docx.py)."""
    options = options or LetterOptions()
    text = letter_text(report, rules, options)
    return render_letter(text, appendix_rows(report), options.body_font, options.title_font)


__all__ = [
    "APPENDIX",
    "APPENDIX_COLUMNS",
    "Item",
    "LetterOptions",
    "LetterText",
    "letter_text",
    "review_letter_docx",
]
