"""UI texts of the 学习 page added with the case library, the levels and mastery (texts.py holds
the rest; kept apart so that no module grows past the size limit)."""

from ..vocabulary import FUND_TOTAL_LABEL, SECTION_LABELS

LEARN_LEVEL = "练习级别"
LEARN_LEVELS = {
    "入门": "入门：一条规则（找问题、改写指标值、计算执行率）",
    "进阶": "进阶：计算整张表",
    "综合": "综合：找出全部问题并写审核意见",
    "结业测试": "结业测试（培训负责人给出种子）",
}
LEARN_EXAM_LEVEL = "结业测试"
LEARN_EXAM_INTRO = (
    "培训负责人给出种子和学员姓名：同一种子同一份试卷（与命令 jixiao learn exam --seed 种子 相同）。"
    "共 {count} 题，每题 {points} 分；答完或交卷后可下载 Word 成绩单。"
)
LEARN_EXAM_SEED = "试卷种子"
LEARN_EXAM_NAME = "学员姓名（写在成绩单上）"
LEARN_EXAM_START = "开始测试"
LEARN_EXAM_NEEDS = "请填写试卷种子（整数）和学员姓名。"
LEARN_EXAM_HEAD = "结业测试：{name}，种子 {seed}"
LEARN_EXAM_QUESTION = "第 {n} / {count} 题　{level}：{title}"
LEARN_EXAM_LAST = "第 {n} 题已交：{score} / {points} 分"
LEARN_EXAM_HAND_IN = "交卷（未答的题记 0 分）"
LEARN_EXAM_DONE = "测试结束：总分 {total} / {full}"
LEARN_EXAM_COLUMNS = ("题号", "级别", "题目", "得分")
LEARN_EXAM_NOTES = "失分说明"
LEARN_EXAM_DOWNLOAD = "下载成绩单（Word）"
LEARN_EXAMS = "结业测试"
LEARN_EXAM_RECORD_COLUMNS = ("日期", "学员", "试卷种子", "总分", "结论")
LEARN_EXAM_PASSED = {True: "合格", False: "不合格"}
LEARN_EXAM_FILE = "结业测试成绩单_{name}_种子{seed}.docx"
LEARN_PICK_FORM = "选择一张表（来自案例库）"
LEARN_TO_COMPUTE = "（待算）"
LEARN_WHOLE_INSTRUCTION = (
    "计算标为“（待算）”的各项：执行率（百分数）、资金得分、各指标得分、总分（均保留两位小数）和评价等级。"
)
LEARN_ROW_SCORE = "第 {row} 个指标的得分"
LEARN_TOTAL = "总分"
LEARN_GRADE = "评价等级"
LEARN_REVIEW_INSTRUCTION = (
    "找出这张表的全部问题（可多选），并写一段审核意见：写明审核结论和更正后的关键数字。"
)
LEARN_REVIEW_CODES = "这张表的问题"
LEARN_REVIEW_OPINION = "审核意见"
LEARN_LEVEL_SCORE = "本题得分 {score} / {points}（{right} / {n} 项正确）"
LEARN_PART_COLUMNS = ("项目", "答案", "你的答案", "判定")
LEARN_PART_MARKS = {True: "正确", False: "错误"}
LEARN_NOT_THIS = "（这张表没有这个问题）"
LEARN_TRAINEE = "学员姓名（按人记录成绩；上次没掌握的问题会在下一轮复习）"
LEARN_FOCUS = "本轮复习上次没掌握的问题：{codes}"
LEARN_PROGRESS_OF = "学员：{name}"
LEARN_MASTERY = "各问题的掌握情况"
LEARN_MASTERY_COLUMNS = ("问题代码", "答题", "答对", "掌握率")
LEARN_SKILLS = "进阶、综合各项的掌握情况"
LEARN_SKILL_COLUMNS = ("项目", "答题项", "答对项", "掌握率")
LEARN_COHORT_EXPORT = "导出全体学员汇总（Excel）"
LEARN_COHORT_FILE = "学员学习汇总.xlsx"
LEARN_EXPORT_CORRECTED = "下载更正后的表（可用“审核”页或 jixiao check 复核）："

# The case library's row-by-row view.
LEARN_CASE_HEAD = "{sector}（{kind}）：{defect}"
LEARN_CONSTRUCTED = "按公开自评表中的常见错误编写"
LEARN_PUBLISHED = "公开发布的自评表"
LEARN_EXPLANATION = "讲解"
# Severity as a coloured text badge (Streamlit markdown), never an emoji: office PCs lack the font.
LEARN_BADGES = {
    "error": ":red-background[错误]",
    "warning": ":orange-background[警告]",
    "": ":green-background[无问题]",
}
LEARN_ROWS = "逐行讲解"
LEARN_ROW_BEFORE = "原表的问题"
LEARN_ROW_CHANGES = "更正"
LEARN_ROW_CHANGE = "- {column}：{before} → **{after}**（{why}）"
LEARN_ROW_AFTER = "更正后仍需填报人处理"
LEARN_FUNDS_ROW = FUND_TOTAL_LABEL
LEARN_FOOTER_ROW = SECTION_LABELS["totals"]
LEARN_FORM_ROW = "整张表"
