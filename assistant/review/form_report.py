"""A checked form: the recomputed figures and the findings, as JSON (a stable contract) or text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..checks import run_checks
from ..findings import Finding, merge_findings
from ..form import Form
from ..rules import RuleSet
from ..scoring import Computed, compute
from ..values import format_decimal, format_percent
from ..verdict import Verdict, decide
from ..vocabulary import SEVERITY_LABELS

TARGET_SETTING_LINE = (
    "绩效目标申报表（实际完成值和得分均未填写）：不检查得分、实际完成值、偏差、总分、等级和资金执行"
)


@dataclass(frozen=True)
class FormReport:
    source: str
    form_index: int
    form: Form
    findings: list[Finding]  # merged: one per place (docs/rules.md §5.3)
    computed: Computed
    verdict: Verdict

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    def computed_strings(self) -> dict[str, str | None]:
        c = self.computed
        return {
            "execution_rate": format_percent(c.execution_rate) if c.execution_rate is not None else None,
            "funds_score": format_decimal(c.funds_score) if c.funds_score is not None else None,
            "total_score": format_decimal(c.total_score) if c.total_score is not None else None,
            "grade": c.grade,
        }

    def as_contract(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "form_index": self.form_index,
            "project": self.form.project,
            "verdict": self.verdict.label,
            "form_type": self.verdict.form_type,
            "findings": [f.as_contract() for f in self.findings],
            "computed": self.computed_strings(),
        }


def check_form(form: Form, rules: RuleSet, source: str = "", form_index: int = 0) -> FormReport:
    """Check one form: the merged findings, the recomputed figures and the verdict."""
    findings = merge_findings(run_checks(form, rules))
    verdict = decide(form, findings, rules)
    return FormReport(source, form_index, form, findings, compute(form, rules), verdict)


def reports_contract(reports: list[FormReport]) -> dict[str, Any]:
    return {"reports": [r.as_contract() for r in reports]}


def render_text(report: FormReport, rules: RuleSet) -> str:
    form, figures = report.form, report.computed_strings()
    lines = [
        f"审核结论：{report.verdict.label}（{report.verdict.reason}）",
        f"【{report.source} · 第 {report.form_index + 1} 张表】{form.project or '（未填项目名称）'}",
        f"  规则集：{rules.title}（{rules.name}）",
        "  复核结果：执行率 {rate}　预算执行率得分 {funds}　总分 {total}　等级 {grade}".format(
            rate=figures["execution_rate"] or "无法计算",
            funds=figures["funds_score"] or "无法计算",
            total=figures["total_score"] or "无法计算",
            grade=figures["grade"] or "无法计算",
        ),
        "  表中填写：执行率 {rate}　得分 {funds}　总分 {total}　等级 {grade}".format(
            rate=form.funds.total.rate.text or "（空）",
            funds=form.funds.total.score.text or "（空）",
            total=form.stated_total.text or "（空）",
            grade=form.grade or "（空）",
        ),
    ]
    if form.is_target_setting:
        lines.append(f"  {TARGET_SETTING_LINE}")
    if not report.findings:
        lines.append("  未发现问题。")
    for severity in ("error", "warning", "info"):
        group = [f for f in report.findings if f.severity == severity]
        if not group:
            continue
        lines.append(f"  {SEVERITY_LABELS[severity]}（{len(group)}）")
        lines += [f"    [{_codes(f)}] {f.location}：{f.message}" for f in group]
    return "\n".join(lines)


def _codes(finding: Finding) -> str:
    """The code, then the codes merged into it: "SMART-NO-DEADLINE +SMART-UNMEASURABLE"."""
    return " ".join([finding.code, *(f"+{tag}" for tag in finding.tags)])
