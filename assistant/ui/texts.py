"""Every Chinese string the app shows, in one place, so wording can be reviewed and kept consistent.

Finding titles and messages are not here: they come from assistant/data/codes.yaml. The labels of
the form, severities and draft statuses come from assistant/vocabulary.py, shared with the
command line and the reports.
"""

from __future__ import annotations

from ..vocabulary import (
    FUND_LABELS,
    FUND_TOTAL_LABEL,
    HEADER_LABELS,
    INDICATOR_LABELS,
    SECTION_LABELS,
    SEVERITY_LABELS,
    STATUS_LABELS,
    TARGET_PART_LABELS,
)

APP_TITLE = "绩效自评助手"

# navigation
PAGE_DRAFT = "起草"
PAGE_REVIEW = "审核"
PAGE_LEARN = "学习"
PAGE_SETTINGS = "设置"

# shared
SEVERITY = SEVERITY_LABELS
SEVERITY_COLOR = {"error": "red", "warning": "orange", "info": "blue"}
NO_FINDINGS = "未发现问题。"
VERDICT_LABEL = "审核结论："
VERDICT_COLOR = {"returned": "red", "revise": "orange", "passed": "green"}
ROW_POINTER = "第 {row} 行"
SIDEBAR_RULES = "规则集：{title}"
SIDEBAR_ENGINE = "起草引擎：{engine}"
ENGINE_NAMES = {"offline": "离线（不联网）", "llm": "模型"}
UNEXPECTED = "处理时出现意外问题（{kind}），已保留屏幕上的内容。请把操作步骤告诉管理员。"
NOT_COMPUTABLE = "无法计算"
EMPTY_CELL = "（空）"
DOWNLOAD_DOCX = "下载 Word（.docx）"
DOWNLOAD_JSON = "下载 JSON"
DOCX_UNAVAILABLE = "Word 导出暂不可用：{reason}"

# figures
FIG_RATE = FUND_LABELS["rate"]
FIG_FUNDS = "预算执行率得分"
FIG_TOTAL = SECTION_LABELS["totals"]
FIG_GRADE = SECTION_LABELS["grade"]
FIG_STATED = "表中填写：{value}"
FIG_HEADER = "复核结果（由程序按资金数和评分规则重新计算）"

# indicator table
COL_ROW = "行"
COL_LEVEL1 = INDICATOR_LABELS["level1"]
COL_LEVEL2 = INDICATOR_LABELS["level2"]
COL_NAME = INDICATOR_LABELS["name"]
COL_TARGET = INDICATOR_LABELS["target"]
COL_ACTUAL = INDICATOR_LABELS["actual"]
COL_WEIGHT = INDICATOR_LABELS["weight"]
COL_SCORE = INDICATOR_LABELS["score"]
COL_DEVIATION = INDICATOR_LABELS["deviation"]
COL_PROBLEMS = "问题"
COL_OPERATOR = TARGET_PART_LABELS["operator"]
COL_VALUE = TARGET_PART_LABELS["value"]
COL_UNIT = TARGET_PART_LABELS["unit"]
COL_TEXT_TARGET = "文字指标值"
COL_BASIS = "依据/测量方法"
INDICATOR_TABLE = "绩效指标（有问题的行已标色：红色为错误，黄色为警告）"
FUNDS_TABLE = SECTION_LABELS["funds"]
FUNDS_COLUMNS = ("资金", *FUND_LABELS.values())

# gate
GATE_STATUS = STATUS_LABELS
GATE_ICON = {"accepted": ":material/verified:", "fallback": ":material/undo:", "rejected": ":material/block:"}
GATE_LINE = "校验结果：**{status}** · 引擎：{engine} · 尝试 {attempts} 次"
# A draft that passed the checks but still holds 【待填：…】 is not "adopted": a person must fill it.
GATE_STATUS_PLACEHOLDER = "通过检查，含待填内容"
DEVIATION_PLACEHOLDERS = "待填（替换为真实内容后才算有效说明）：{gaps}"
PLACEHOLDER_STYLE = "color: #8a8a8a; font-style: italic"
GATE_ATTEMPT = "第 {n} 次（{engine}）：{outcome}"
ENGINE_SHORT = {"offline": "离线", "llm": "模型"}
GATE_ATTEMPT_OK = "通过校验"
GATE_ATTEMPT_BLOCKED = "未通过（{codes}）"
GATE_ATTEMPT_ERROR = "出错：{error}"
GATE_WHY = "原因：{note}"
GATE_REJECTED_HINT = "该草稿未通过校验，不会写入表格。"

# review page
REVIEW_TITLE = "审核自评表"
REVIEW_INTRO = (
    "上传一个或多个自评表文件（Word .docx/.doc、Excel .xlsx/.xls、WPS .wps/.et、PDF、JSON 或文本 .txt，"
    "也可以是装有这些文件的 .zip 压缩包）。"
    "程序会重新计算执行率、得分、总分和等级，并逐行指出问题。上传的文件不会被修改。"
)
REVIEW_UPLOAD = "选择自评表文件"
REVIEW_UPLOAD_HELP = (
    "可一次选择多个文件；每个文件（包括 .zip 压缩包）不超过 {limit} MB。更大的批量请用命令行 jixiao review。"
)
UPLOAD_TOO_BIG = "{name}：文件过大（{size:.1f} MB），上传的文件不能超过 {limit} MB"
REVIEW_EMPTY = "还没有上传文件。可以先用示例表格试一试：项目 examples/ 文件夹中的 chaoyang-2020.txt。"
REVIEW_PROGRESS = "正在审核 {total} 个文件……"
REVIEW_PROGRESS_STEP = "已完成 {done} / {total}"
REVIEW_DONE = "审核完成：{files} 个文件，{forms} 张表"
REVIEW_DONE_SOME_UNREADABLE = "审核完成：{files} 个文件，{forms} 张表；{unreadable} 个文件无法读取"
REVIEW_NOTHING_READ = "无法读取：{files} 个文件中没有读到自评表，原因见下方"
REVIEW_UNREADABLE = "{file}：{problem}"
REVIEW_FORMS = "共 {forms} 张表：{errors} 张有错误，{warnings} 张只有警告"
REVIEW_FILTER_TEXT = "按项目、单位或文件名筛选"
REVIEW_FILTER_ERRORS = "只看有错误的表"
REVIEW_FILTER_GRADE = "复核等级"
REVIEW_FILTER_ALL = "全部等级"
REVIEW_TABLE_HELP = "点击列名排序。"
REVIEW_PICK = "查看哪一张表的详情"
REVIEW_FORM_LABEL = "{file} · 第 {n} 张 · {project}"
REVIEW_NO_PROJECT = "（未填项目名称）"
REVIEW_FINDINGS = "发现的问题"
REVIEW_FORM_HEADER = "主管部门：{department} · 实施单位：{unit} · 年度：{year} · 文件：{file}（第 {n} 张表）"
REVIEW_REPORT = "下载审核报告（Excel，含全部表格的问题清单和统计）"
REVIEW_REPORT_NAME = "审核报告.xlsx"
CRITIQUE_HEADER = "点评与改写建议"
CRITIQUE_RUN = "生成点评和 SMART 改写建议"
CRITIQUE_NONE = "没有需要改写的指标。"
CRITIQUE_ITEM = "**第 {row} 行** · {location}"
CRITIQUE_REWRITE = "建议改为：{level1} / {level2} / **{name}**，指标值 **{target}**，分值 {weight}"
CRITIQUE_BASIS = "依据：{basis}"
CRITIQUE_ACCEPT = "采纳此改写"
CRITIQUE_DELETE = "建议删除本行，分值并入同一级指标的其他行"
CRITIQUE_ACCEPT_DELETE = "采纳：删除本行"
CRITIQUE_SPLIT = "本行拆为 {n} 条指标（分值分摊）："
CRITIQUE_APPLIED = (
    "采纳了 {n} 条建议（原位替换）。改写后复核：错误 {errors} 条，警告 {warnings} 条；"
    "灰色“【待填：…】”处须按新指标值实测后填写。"
)
CRITIQUE_DOWNLOAD = "下载改写后的表格"
CRITIQUE_NEW_TABLE = "改写后的绩效指标表"
CRITIQUE_FILE_SUFFIX = "_改写后"
CRITIQUE_SOURCE = "审核页采纳改写后的表格"
CRITIQUE_TO_DRAFT = "把改写后的表格存为草稿，在“起草”页继续"
CRITIQUE_SAVED = "已存为草稿“{name}”，可在“起草”页打开。"

# settings page
SETTINGS_TITLE = "设置"
SETTINGS_RULES = "规则集（评分口径）"
SETTINGS_RULES_HELP = "审核和起草都按这里选的规则集计算分值、得分和等级。"
SETTINGS_SAVED_RULES = "已改用规则集：{title}"
SETTINGS_ENGINE = "起草引擎"
SETTINGS_ENGINE_HELP = (
    "离线：不联网，按内置指标库和模板起草，结果可预期。模型：调用下面设置的模型服务起草；"
    "模型写出的草稿同样要通过校验，不通过时自动回退到离线草稿。"
)
SETTINGS_SAVED_ENGINE = "已改用起草引擎：{engine}"
SETTINGS_MODEL = "模型服务"
# The fields of the model-service form (labels, help) are declared with the settings themselves,
# in assistant/llm/settings.py.
SETTINGS_MODEL_HELP = (
    "任何兼容 OpenAI 接口的服务均可：DeepSeek、通义千问（DashScope 兼容模式）、智谱 GLM、"
    "本机的 Ollama、llama.cpp、vLLM 等。不用模型时无需填写。"
)
SETTINGS_ENV_OVERRIDE = "环境变量 {names} 已设置，其值优先于本页保存的设置。"
SETTINGS_KEY_KEEP = "已设置（留空则保持不变）"
SETTINGS_KEY_CLEAR = "清除已保存的密钥"
SETTINGS_KEY_STATE = "API 密钥：{state}"
SETTINGS_KEY_SET = "已设置"
SETTINGS_KEY_UNSET = "未设置"
SETTINGS_SAVE = "保存"
SETTINGS_SAVED = "已保存到 {path}"
SETTINGS_WRITE_FAILED = "无法写入配置文件 {path}：{reason}"
SETTINGS_TEST = "测试连接"
SETTINGS_TESTING = "正在连接 {url} ……"
SETTINGS_TEST_MISSING = "请先填写并保存服务地址和模型名称。"

# engine runs (what each task shows while it runs is its own: TaskSpec.progress)
ENGINE_DONE = "完成：{status}（用时 {seconds:.1f} 秒）"
ENGINE_FAILED = "起草失败"
ENGINE_NOT_CONFIGURED = "{reason}　本次已改用离线引擎。"
NO_SUFFIX = "无扩展名"

# drafts (sidebar)
DRAFTS_HEADER = "我的草稿"
DRAFTS_CURRENT = "当前草稿"
DRAFTS_AUTOSAVE = "每次修改都会自动保存在本机；刷新页面或重启程序后仍在。"
DRAFTS_DEFAULT_NAME = "草稿"
DRAFTS_NEW = "新建草稿"
DRAFTS_NAME = "草稿名称"
DRAFTS_CREATE = "创建"
DRAFTS_RENAME = "重命名"
DRAFTS_RENAME_DO = "确定"
DRAFTS_DELETE = "删除草稿"
DRAFTS_DELETE_WARN = "将删除草稿“{name}”，删除后无法恢复。"
DRAFTS_DELETE_SURE = "我确定要删除"
DRAFTS_DELETE_DO = "删除"
DRAFT_CONFLICT = (
    "{problem}。为了不覆盖另一个窗口的内容，本窗口的修改暂不保存。"
    "“载入最新版本”显示另一个窗口保存的内容（放弃本窗口的修改）；“另存为新草稿”把本窗口的内容保存为一份新草稿。"
)
DRAFT_CONFLICT_RELOAD = "载入最新版本"
DRAFT_CONFLICT_SAVE_AS = "另存为新草稿"
DRAFT_CONFLICT_COPY_NAME = "{name}（本窗口）"

# draft page
DRAFT_TITLE = "起草自评表"
DRAFT_INTRO = (
    "新项目：填写下面的项目简报，点“起草指标”，在表格里修改，右侧随时显示检查结果，全部通过后点“采纳”。"
    "已填好的自评表：上传文件，程序起草偏差原因说明，逐条确认后写入表格。"
)
DRAFT_UPLOAD = "上传项目简报（.yaml / .json）或已填写的自评表（.docx / .xlsx / .json / .txt）"
DRAFT_UPLOAD_HELP = "上传不会覆盖正在编辑的内容：当前草稿不为空时，会另存为新草稿。"
DRAFT_UPLOAD_TYPE = (
    "{name}：不支持的文件类型“{suffix}”，请上传项目简报（.yaml、.json）或自评表（.docx、.xlsx、.json、.txt）"
)
DRAFT_UPLOADED = "已读取 {name}（{n} 项内容）。"
DRAFT_SOURCE_NTH = "{name}（第 {n} 张表）"
DRAFT_FORM_SOURCE = "来自文件：{source}"
DRAFT_FORM_TO_BRIEF = "按此表的项目信息重新起草指标"
DRAFT_FORM_TO_BRIEF_DONE = (
    "已用此表的项目名称、单位和资金数填好项目简报；起草并采纳新指标后，下载的才是新表，在此之前仍是上传的表。"
)
BRIEF_HEADER = "第一步：项目简报"
BRIEF_PROJECT = HEADER_LABELS["project"]
BRIEF_DEPARTMENT = HEADER_LABELS["department"]
BRIEF_UNIT = HEADER_LABELS["unit"]
BRIEF_LEADER = "项目负责人（可不填）"
BRIEF_PHONE = "联系电话（可不填）"
BRIEF_YEAR = "年度"
BRIEF_MONEY_UNIT = "金额单位"
BRIEF_BUDGET = FUND_LABELS["full_year_budget"]
BRIEF_BUDGET_HELP = "调整后的全年预算数（不是年初预算数），按上面选的金额单位填写。"
BRIEF_EXECUTED = "全年执行数（可不填）"
BRIEF_EXECUTED_HELP = "年度结束后填写；填写后会算出执行率和预算执行率得分。"
BRIEF_TYPE = "项目领域"
BRIEF_TYPE_AUTO = "自动判断：{title}（置信度{confidence:.0%}）"
BRIEF_TYPE_GENERAL = "自动判断：把握不足，用通用指标（只用简报中的事实）"
BRIEF_TYPE_HELP = (
    "按项目名称和说明中的关键词判断领域；判断不对时在这里选择。领域决定质量、时效、效益、满意度指标的写法。"
)
BRIEF_READING = "读取到的信息（数量、金额、时间、服务对象、地点）"
BRIEF_READING_HELP = (
    "起草时用到的数字都来自这里；数字或计数对象读错时，请改写项目说明或在“已知数量”中直接给出。"
)
BRIEF_DESCRIPTION = "项目说明"
BRIEF_DESCRIPTION_PLACEHOLDER = (
    "例如：保障10个社区154名社工的工资、五险一金缴纳支出，10个社区办公用品购置等公用定额支出"
)
BRIEF_DESCRIPTION_HELP = "写清楚做什么、做多少、为谁做。说明中的数量（如“154名社工”）会成为数量指标。"
BRIEF_MORE = "支出明细和已知数量（可不填）"
BRIEF_SPENDING_HELP = "支出明细：每一项支出及金额，用于成本指标。"
BRIEF_SPENDING_ITEM = "支出事项"
BRIEF_SPENDING_AMOUNT = "金额"
BRIEF_QUANTITIES_HELP = "已知数量：直接给出的数量，优先于从项目说明中识别的数量。"
BRIEF_QUANTITY_NAME = "名称"
BRIEF_QUANTITY_VALUE = "数值"
BRIEF_QUANTITY_UNIT = "单位"
DRAFT_RUN = "第二步：起草指标"
DRAFT_RUN_AGAIN = "重新起草指标（替换下表，可恢复）"
DRAFT_BRIEF_FIRST = "请先完善项目简报：{problem}"
DRAFT_RESTORE = "恢复重新起草前的表格"
DRAFT_TABLE_EMPTY = "填写项目简报后点“起草指标”，程序会按指标库和项目说明起草一套指标。"
DRAFT_TABLE = "第三步：修改绩效指标"
DRAFT_TABLE_HELP = (
    "双击单元格修改。数字型指标填“指标性质、指标值、度量单位”（如 ≥ 154 人）；"
    "日期或验收标准填“文字指标值”（如 2020年12月31日前、验收合格）。最下面一行可添加指标。"
)
COL_VALUE_HELP = "数字，如 154、90、2175.97"
COL_TEXT_TARGET_HELP = "没有数字时填写：日期、期限或明确的验收标准"
DRAFT_CHECKS = "检查结果（随修改实时更新）"
DRAFT_ACCEPT = "第四步：采纳，生成自评表"
DRAFT_ACCEPTED = "已采纳 {n} 项指标，生成了自评表。可在页面下方下载 Word 或 JSON。"
DRAFT_ACCEPT_BLOCKED = "还有 {n} 个问题必须先解决，才能采纳。"
DRAFT_ACCEPT_NEEDS = "填写项目简报并起草指标后才能采纳。"
DRAFT_DOWNLOADS = "下载自评表"
DRAFT_NO_FORM = "还没有采纳的自评表。采纳指标（或上传已填写的自评表）后可在这里下载。"
DRAFT_ADOPTED_CHECK = "采纳的自评表：审核结果（与命令行 jixiao check 的审核相同）"
TARGET_SETTING_NOTE = (
    "这是一张绩效目标申报表（实际完成值和得分都还没有填写）：只审核指标、目标、分值和表头，"
    "不检查得分、实际完成值、偏差说明、总分、等级和资金执行情况。填写实际完成值或得分后按自评表审核。"
)
DRAFT_FORM_IS_ACCEPTED = "下载的是最近一次采纳的版本；之后对表格的修改需要再次采纳。"
DEVIATION_HEADER = INDICATOR_LABELS["deviation"]
DEVIATION_HELP = (
    "得分低于分值、完成值远超指标值、资金未执行完的地方都要说明原因。程序按表中数字起草说明；"
    "灰色的“【待填：…】”处请写上真实原因。每条说明都要通过检查才能勾选写入。"
)
DEVIATION_RUN = "起草偏差原因说明"
DEVIATION_TICK = "写入表格"
DEVIATION_EMPTY = "说明为空，不能写入"
DEVIATION_FUNDS_PLACE = "其他需要说明事项（预算执行偏差说明）"
DEVIATION_INSERT = "写入已勾选的 {n} 条说明"
DEVIATION_INSERTED = "已写入 {n} 条偏差原因说明。"

# learn page: the learning module — rule cards, worked examples, exercises, progress
LEARN_PAGE_TITLE = "学习：从真实自评表和练习中学会填表"
LEARN_PAGE_INTRO = (
    "新同志常照着去年的表填，连错误一起抄下来。这里用审核时的同一套检查来教：每类问题一张规则卡片，"
    "真实公开的自评表逐行讲解并给出更正后的表，再做几道练习——答案由同一套检查和评分规则判定。"
)
LEARN_TABS = ("规则卡片", "案例库讲解", "练习", "学习记录")
LEARN_PICK_CARD = "选择问题代码（可输入代码或名称查找）"
LEARN_MEANING = "**是什么**：{text}"
LEARN_WHY = "**为什么要紧**：{text}"
LEARN_COMPUTED = "**怎么算**：{text}"
LEARN_CARD_SOURCE = "**依据**（{kind}）：{text}"
LEARN_CARD_SECTION = "卡片分类"
LEARN_EXAMPLE_INTRO = "例子：在一张正确的样板表上改动几个单元格，检查结果由程序实际运行检查得出。"
LEARN_CONTEXT = "两例共同的改动"
LEARN_BAD = "反例（错误写法）"
LEARN_GOOD = "正例（正确写法）"
LEARN_MORE = {True: "也算问题", False: "也没有问题"}  # further examples: where the rule's line runs
LEARN_CELL_COLUMNS = ("位置", "填写内容")
LEARN_CHECK_SAYS = "检查结果："
LEARN_CHECK_PASSES = "检查结果：没有这个问题。"
LEARN_NOT_APPLIED = "按当前规则集“{rules}”，下面的反例不算问题（检查不报）；换用其他规则集时才会报出。"
LEARN_ALSO = "同时报出：{items}"
LEARN_PICK_EXAMPLE = "选择案例"
LEARN_EXAMPLE_MISSING = "示例表暂时无法显示：{reason}"
LEARN_BEFORE = "原表"
LEARN_AFTER = "更正后"
LEARN_COUNTS = "错误 {errors} · 警告 {warnings}"
LEARN_GATES = (
    "更正后的表由人工逐格改写：指标值改了而原实际完成值衡量不了新指标的，写【待实测】并清空得分；"
    "各一级指标的分值不变；不替单位编造实际完成值和原因。"
)
LEARN_SIDE_BY_SIDE = (
    "上：原表（有问题的行已标色，“问题”列是代码）；下：更正后（改动的单元格标为绿色加粗），两表行号一一对应"
)
LEARN_ROUND_COUNT = "本轮题数"
LEARN_ROUND_SEED = "出题种子（同一种子出同样的题；留空则随机）"
LEARN_ROUND_START = "开始新一轮练习"
LEARN_ROUND_EMPTY = "选择题数后点“开始新一轮练习”。题目来自真实示例表和指标库；答案由审核用的同一套检查判定。"
LEARN_ROUND_HEADER = "第 {n} / {count} 题　{title}"
LEARN_ROUND_SOURCE = "出自：{source}"
LEARN_ROUND_SCORE = "本轮：答对 {correct} / 已答 {answered}（共 {count} 题）"
LEARN_NO_PROBLEM_HINT = "一个都不勾就是“这一行没有问题”。"
LEARN_NEW_TARGET = "新的年度指标值"
LEARN_RATE = "执行率（如 90.10%）"
LEARN_SCORE = "预算执行率得分"
LEARN_SUBMIT = "提交答案"
LEARN_NEXT = "下一题"
LEARN_PREVIOUS = "上一题"
LEARN_FINISH = "查看本轮结果"
LEARN_ROUND_DONE = "本轮完成：答对 {correct} / {count} 题。"
LEARN_CHECK_FINDINGS = "检查的原话："
LEARN_REFERENCE = "参考写法：{text}"
LEARN_FUNDS_CASE = FUND_TOTAL_LABEL + "（{unit}）"
LEARN_PROGRESS_FAILED = "学习记录无法保存：{reason}（练习可以继续）"
LEARN_PROGRESS_EMPTY = "还没有练习记录。到“练习”开始一轮吧。"
LEARN_PROGRESS_TOTAL = "共 {rounds} 轮，答题 {answered} 道，答对 {correct} 道"
LEARN_PROGRESS_KINDS = "按题型"
LEARN_PROGRESS_WEAK = "最常出错的问题（建议重读这些规则卡片）"
LEARN_PROGRESS_RECENT = "最近几轮"
LEARN_PROGRESS_COLUMNS = ("题型", "答题", "答对")
LEARN_RECENT_COLUMNS = ("开始时间", "答题", "答对")

# review letter (.docx)
LETTER_DOWNLOAD = "下载本表审核意见（Word，可发回填报单位）"
LETTER_FILE_NAME = "{stem}_审核意见.docx"
LETTER_REVIEWER = "审核意见落款的审核单位"
LETTER_REVIEWER_HELP = "写在审核意见末尾（右对齐，连同日期）；不填则为“{default}”"
LETTER_SETTINGS = "审核意见的字体和日期"
LETTER_BODY_FONT = "正文字体（Windows 10 及以后只带“仿宋”）"
LETTER_TITLE_FONT = "标题字体"
LETTER_DATE = "落款日期（空：今天）"
LETTER_DEADLINE = "重新报送期限（空：十个工作日后）"

# review page: weights, indicator notes, filling in the recomputed values, verdict filter
WEIGHT_SUMMARY = "分值合计 {sum} = 预算执行率 {funds} + 指标 {indicators}"
WEIGHT_SUMMARY_PARTS = "（{parts}）"
WEIGHT_SUMMARY_STATED = "；表中填写分值合计 {stated}"
WEIGHT_SUMMARY_UNREADABLE = "分值合计无法计算：有指标的分值不可读（预算执行率 {funds}）"
COL_CATEGORY = "类别"
INDICATOR_NOTES = "偏差原因分析及改进措施（{n} 行有说明）"
INDICATOR_NOTE_LINE = "- 第 {row} 行 {name}：{text}"
FILL_BUTTON = "填入复核值"
FILL_HELP = "预览把复核出的执行率、得分、总分和等级填入表中后的变化；上传的原文件不会被修改"
FILL_PREVIEW = "填入复核值后将改变以下单元格（与命令行 jixiao convert --fill-computed 相同）："
FILL_COLUMNS = ("单元格", "表中填写", "复核值")
FILL_CELL_LABELS = {
    "rate": FUND_LABELS["rate"],
    "funds_weight": "预算执行率分值",
    "funds_score": "预算执行率得分",
    "weight_total": "分值合计",
    "total": SECTION_LABELS["totals"],
    "grade": SECTION_LABELS["grade"],
}
FILL_NOTHING = "表中的执行率、得分、总分和等级已与复核值一致，无需填入。"
FILL_OTHER_FORMS = "文件“{file}”共有 {forms} 张表，生成的文件中每张表都会填入各自的复核值。"
FILL_APPLY = "确认填入并生成修正后的文件"
FILL_DONE = "已生成修正后的文件（原文件未改动），请下载："
FILL_DOCX = "下载修正后的自评表（Word）"
FILL_JSON = "下载修正后的自评表（JSON）"
FILL_FILE_NAME = "{stem}_已填入复核值.{ext}"
REVIEW_FILTER_VERDICT = "审核结论"
REVIEW_FILTER_ALL_VERDICTS = "全部结论"
