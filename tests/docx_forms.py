"""What the documents of tests/docx_builders.py say, as forms written out by hand.

The builders lay these out cell by cell in their own table shapes; a reader test then expects
exactly these forms back: every number and text, nothing lost, nothing invented.
"""

from __future__ import annotations

from assistant.form import Form, Funds, Goal, Header, TargetCell
from tests.factories import fund, n
from tests.factories import row as indicator


def split(operator: str, value: str, unit: str) -> TargetCell:
    return TargetCell(text=value, operator_text=operator, unit_text=unit)


def one(text: str) -> TargetCell:
    return TargetCell(text=text)


def sichuan_form() -> Form:
    """Sichuan labels (年初预算 / 调整后预算数 / 预算执行数 / 预算执行率 / 权重), money in 元."""
    return Form(
        title="2021年度项目支出绩效自评表",
        year=2021,
        layout="split-target",
        money_unit="元",
        header=Header(
            project="职业技能提升培训补助",
            department="某县人力资源和社会保障局",
            unit="某县就业服务中心",
            leader="李某",
            phone="0816-0000000",
        ),
        funds=Funds(
            total=fund("年度资金总额", "500000.00", "480000.00", "456000.00", "10", "95.00%", "9.5"),
            sources=[
                fund("财政资金", "500000.00", "480000.00", "456000.00", "—"),
                fund("财政专户管理资金", "0", "0", "0", "—"),
                fund("单位资金", "0", "0", "0", "—"),
                fund("其他资金", "0", "0", "0", "—"),
            ],
        ),
        goal=Goal(
            expected="全年开展职业技能提升培训1200人次，培训合格率不低于95%。\n提升劳动者就业能力。",
            actual="全年培训1260人次，合格率97%，学员满意度93.5%。",
        ),
        indicators=[
            indicator(
                "产出指标",
                "数量指标",
                "培训人数",
                split("≥", "1200", "人次"),
                "1260人次",
                "20",
                "20",
            ),
            indicator("产出指标", "质量指标", "培训合格率", split("≥", "95", "%"), "97%", "20", "20"),
            indicator(
                "产出指标",
                "时效指标",
                "培训完成时间",
                split("≤", "2021年11月30日", ""),
                "2021年11月25日",
                "10",
                "10",
            ),
            indicator(
                "产出指标",
                "成本指标",
                "人均培训成本",
                split("≤", "400", "元"),
                "380元",
                "10",
                "10",
            ),
            indicator(
                "效益指标",
                "社会效益指标",
                "学员职业技能提升",
                split("", "有效", ""),
                "明显提升",
                "15",
                "13",
                "部分学员结业后未跟踪就业情况；下年度建立结业回访制度",
            ),
            indicator(
                "满意度指标",
                "服务对象满意度指标",
                "学员满意度",
                split("≥", "90", "%"),
                "93.5%",
                "15",
                "15",
            ),
        ],
        stated_weight_total=n("100"),
        stated_total=n("97.5"),
        grade="优",
        other_notes="无",
    )


def suffixed_forms() -> tuple[Form, Form]:
    """附件1 with suffixed labels and 20-point funds; 附件2 compact, inside a layout frame."""
    header = Header(
        department="某区住房和城乡建设委员会", unit="某区城市更新中心", leader="王某", phone="010-0000000"
    )
    first = Form(
        title="某区项目支出绩效自评表",
        year=2021,
        money_unit="万元",
        header=header.model_copy(update={"project": "老旧小区综合整治"}),
        funds=Funds(
            total=fund("年度资金总额", "120", "120", "114", "20", "95.00%", "19"),
            sources=[
                fund("其中：当年财政拨款", "100", "100", "96", "—", "", "—"),
                fund("上年结转资金", "20", "20", "18", "—", "", "—"),
                fund("其他资金", "0", "0", "0", "—", "", "—"),
            ],
        ),
        goal=Goal(
            expected="完成3个老旧小区综合整治，改善居民居住条件。", actual="完成3个小区整治并通过竣工验收。"
        ),
        indicators=[
            indicator(
                "产出指标（50分）",
                "数量指标",
                "改造老旧小区数量",
                one("≥3个"),
                "3个",
                "20",
                "20",
                "无",
                "指标1",
            ),
            indicator(
                "产出指标（50分）",
                "质量指标",
                "竣工验收合格率",
                one("100%"),
                "100%",
                "10",
                "10",
                "无",
                "指标1",
            ),
            indicator(
                "产出指标（50分）",
                "时效指标",
                "完工时间",
                one("2021年10月底前"),
                "2021年10月20日",
                "10",
                "10",
                "无",
                "指标1",
            ),
            indicator(
                "产出指标（50分）",
                "成本指标",
                "改造成本",
                one("≤120万元"),
                "114万元",
                "10",
                "10",
                "无",
                "指标1",
            ),
            indicator(
                "效益指标（20分）",
                "经济效益\n指标",
                "带动居民就业",
                one("≥10人"),
                "8人",
                "10",
                "8",
                "施工方用工以外来人员为主；下年在合同中约定本地用工比例",
                "指标1",
            ),
            indicator(
                "效益指标（20分）",
                "社会效益\n指标",
                "居民出行便利度",
                one("显著改善"),
                "显著改善",
                "10",
                "10",
                "无",
                "指标1",
            ),
            indicator(
                "满意度指标（10分）",
                "服务对象满意度指标",
                "居民满意度",
                one("≥90%"),
                "92%",
                "10",
                "10",
                "无",
                "指标1",
            ),
        ],
        stated_weight_total=n("100"),
        stated_total=n("97"),
    )
    second = Form(
        title="某区项目支出绩效自评表",
        year=2021,
        money_unit="万元",
        header=header.model_copy(update={"project": "道路养护经费", "unit": "某区市政管理所"}),
        funds=Funds(
            total=fund("年度资金总额", "80", "80", "80", "20", "100%", "20"),
            sources=[fund("其中：当年财政拨款", "80", "80", "80", "—", "", "—")],
        ),
        goal=Goal(expected="养护区管道路12公里。", actual="养护道路12.5公里。"),
        indicators=[
            indicator(
                "产出指标",
                "数量指标",
                "养护道路里程",
                one("≥12公里"),
                "12.5公里",
                "40",
                "40",
                "无",
                "指标1",
            ),
            indicator(
                "效益指标",
                "社会效益指标",
                "道路完好率",
                one("≥95%"),
                "96%",
                "30",
                "30",
                "无",
                "指标1",
            ),
            indicator(
                "满意度指标",
                "服务对象满意度指标",
                "群众满意度",
                one("≥90%"),
                "88%",
                "10",
                "9",
                "部分路段施工期间影响通行；下年度错峰施工",
                "指标1",
            ),
        ],
        stated_weight_total=n("100"),
        stated_total=n("99"),
    )
    return first, second
