"""The words of the form and of the tool's verdicts, defined once.

Every module that prints a label of the form (a section, a column, a category), a severity or a
draft's status takes it from here, so a label changed here changes everywhere and two screens can
never name the same thing differently. Readers keep their own lists of the spellings they
recognise in a table ("年度目标值", "权重" …): those are inputs, not the labels this tool prints.
"""

from __future__ import annotations

from typing import Literal

# --- sections of the form --------------------------------------------------------------------

Section = Literal["header", "funds", "goal", "indicators", "totals", "grade", "notes"]
SECTION_LABELS: dict[Section, str] = {
    "header": "基本信息",
    "funds": "项目资金",
    "goal": "年度总体目标",
    "indicators": "绩效指标",
    "totals": "总分",
    "grade": "评价等级",
    "notes": "其他需要说明事项",
}

# --- cells, by the attribute of the form model that holds them ---------------------------------

HeaderField = Literal["project", "department", "unit", "leader", "phone"]
HEADER_LABELS: dict[HeaderField, str] = {
    "project": "项目名称",
    "department": "主管部门",
    "unit": "实施单位",
    "leader": "项目负责人",
    "phone": "联系电话",
}

GoalField = Literal["expected", "actual"]
GOAL_LABELS: dict[GoalField, str] = {"expected": "预期目标", "actual": "实际完成情况"}

FUND_TOTAL_LABEL = "年度资金总额"
FundField = Literal["initial_budget", "full_year_budget", "executed", "weight", "rate", "score"]
# In the order of the form's columns.
FUND_LABELS: dict[FundField, str] = {
    "initial_budget": "年初预算数",
    "full_year_budget": "全年预算数",
    "executed": "全年执行数",
    "weight": "分值",
    "rate": "执行率",
    "score": "得分",
}

IndicatorField = Literal[
    "level1", "level2", "name", "target", "actual", "weight", "score", "deviation",
    "basis", "comment", "problem",
]  # fmt: skip
# The columns of the 绩效指标 table, in the order of the form.
INDICATOR_LABELS: dict[IndicatorField, str] = {
    "level1": "一级指标",
    "level2": "二级指标",
    "name": "三级指标",
    "target": "年度指标值",
    "actual": "实际完成值",
    "weight": "分值",
    "score": "得分",
    "deviation": "偏差原因分析及改进措施",
}
# What a draft adds about a row besides its cells: the basis of a drafted indicator, and the
# comment and problems of a critique.
DRAFT_LABELS: dict[IndicatorField, str] = {"basis": "指标依据", "comment": "点评", "problem": "问题"}
# The split layout writes 年度指标值 as three cells.
TARGET_PART_LABELS = {"operator": "指标性质", "value": "指标值", "unit": "度量单位"}
NO_NAME = "（无名称）"  # how a row without label or name is named

TotalsField = Literal["weight", "score"]
TOTALS_LABELS: dict[TotalsField, str] = {"weight": "分值", "score": "得分"}

GRADES = ("优", "良", "中", "差")

# --- categories of indicators ------------------------------------------------------------------

OUTPUT = "产出指标"
BENEFIT = "效益指标"
SATISFACTION = "满意度指标"
COST = "成本指标"  # a first level (2021 scheme) and a second level under 产出指标 (2020 scheme)
LEVEL1_CANON = (OUTPUT, BENEFIT, SATISFACTION, COST)

QUANTITY = "数量指标"
QUALITY = "质量指标"
TIMELINESS = "时效指标"
ECONOMIC_BENEFIT = "经济效益指标"
SOCIAL_BENEFIT = "社会效益指标"
ECOLOGICAL_BENEFIT = "生态效益指标"
SUSTAINABLE_IMPACT = "可持续影响指标"
SERVICE_SATISFACTION = "服务对象满意度指标"
ECONOMIC_COST = "经济成本指标"
SOCIAL_COST = "社会成本指标"
ENVIRONMENTAL_COST = "生态环境成本指标"
LEVEL2_CANON = (
    QUANTITY,
    QUALITY,
    TIMELINESS,
    COST,
    ECONOMIC_BENEFIT,
    SOCIAL_BENEFIT,
    ECOLOGICAL_BENEFIT,
    SUSTAINABLE_IMPACT,
    SERVICE_SATISFACTION,
    ECONOMIC_COST,
    SOCIAL_COST,
    ENVIRONMENTAL_COST,
)
BENEFIT_LEVEL2 = (ECONOMIC_BENEFIT, SOCIAL_BENEFIT, ECOLOGICAL_BENEFIT, SUSTAINABLE_IMPACT)
# Words a category name contains when it is about costs or satisfaction, at either level.
COST_WORD = "成本"
SATISFACTION_WORD = "满意度"

# --- verdicts ----------------------------------------------------------------------------------

SEVERITY_LABELS: dict[str, str] = {"error": "错误", "warning": "警告", "info": "提示"}

# What the gate made of a draft: the short label, and the sentence the command line prints.
STATUS_LABELS: dict[str, str] = {"accepted": "已采纳", "fallback": "已回退到离线草稿", "rejected": "已拒绝"}
STATUS_EXPLAINED: dict[str, str] = {
    "accepted": "已通过检查（accepted）",
    "fallback": "模型草稿未通过，已改用离线草稿（fallback）",
    "rejected": "未通过检查（rejected），请勿直接使用",
}
