"""The workbench in a real headless Chromium: review the seed as Word, draft a form, download it;
and no page asks anything of any machine but the local server (each such request is blocked).

Debian's /usr/bin/chromium is driven by the playwright package (no browser download). The app runs
as `streamlit run app.py` on a free loopback port with an empty workspace. Screenshots of the four
pages are written to docs/ for the README.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from assistant.drafting.brief import load_brief
from assistant.drafting.gate import run_task
from assistant.formats import read_forms
from assistant.formats.docx_writer import write_docx
from assistant.rules import load_rule_set
from tests.conftest import without_model_settings
from tests.factories import SEED_TXT
from tests.processes import free_port, running_server

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
WAIT_MS = 60_000

if not CHROMIUM.exists():
    pytest.skip("/usr/bin/chromium is not installed (apt-get install chromium)", allow_module_level=True)
try:
    from playwright.sync_api import Page, expect, sync_playwright
except ImportError:
    pytest.skip(
        "the playwright package is not installed (pip install -e '.[browser]')", allow_module_level=True
    )


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`streamlit run app.py` with an empty workspace; yields its URL once it answers."""
    home = tmp_path_factory.mktemp("jixiao-home")
    port = free_port()
    # Module-scoped, so set up before the per-test isolation of conftest.py: isolated here alike.
    env = {
        **without_model_settings(os.environ),
        "JIXIAO_HOME": str(home),
        "JIXIAO_CONFIG": str(home / "config.toml"),
        # This checkout's code, whatever an editable install elsewhere points at.
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    command = [sys.executable, "-m", "streamlit", "run", "app.py", f"--server.port={port}",
               "--server.headless=true", "--server.address=127.0.0.1"]  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    health = f"{url}/_stcore/health"
    with running_server(
        "streamlit", command, health, home / "server.log", start_timeout_s=60, cwd=ROOT, env=env
    ):
        yield url


LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]"}


@pytest.fixture(scope="module")
def outside_requests() -> list[str]:
    """Every request the page tried to send anywhere but this machine (each one blocked)."""
    return []


def _only_local(outside: list[str]):
    """A route handler: requests to the loopback server go through; anything else is recorded
    and aborted, so the app works with no network at all (docs/rules.md: fully offline)."""

    def handle(route) -> None:
        url = route.request.url
        host = urlsplit(url).hostname or ""
        if url.startswith(("data:", "blob:")) or host in LOCAL_HOSTS or f"[{host}]" in LOCAL_HOSTS:
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    return handle


@pytest.fixture(scope="module")
def browser_page(server: str, outside_requests: list[str]) -> Iterator[Page]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context(
            viewport={"width": 1600, "height": 1000}, locale="zh-CN", accept_downloads=True
        )
        context.route("**/*", _only_local(outside_requests))
        page = context.new_page()
        page.set_default_timeout(WAIT_MS)
        expect.set_options(timeout=WAIT_MS)  # assertions wait as long as actions: a loaded CI machine
        yield page
        context.close()
        browser.close()


def screenshot(page: Page, name: str) -> None:
    """The window as a small PNG for the README: 128 colours keep text sharp at a third of the size."""
    from PIL import Image  # Pillow comes with Streamlit

    page.wait_for_timeout(500)  # let tables finish drawing
    image = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
    palette = image.quantize(colors=128, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    target = DOCS / name
    if target.exists() and _looks_the_same(Image.open(target).convert("RGB"), palette.convert("RGB")):
        return  # anti-aliasing noise alone must not dirty the working tree on every run
    DOCS.mkdir(exist_ok=True)
    palette.save(target, optimize=True)


def _looks_the_same(old, new) -> bool:
    from PIL import ImageChops, ImageStat

    if old.size != new.size:
        return False
    return max(ImageStat.Stat(ImageChops.difference(old, new)).mean) < 1.0


def scroll_to(page: Page, target) -> None:
    """Bring an element (a locator) to the top of the window for the screenshot."""
    target.first.evaluate("e => e.scrollIntoView({block: 'start'})")


def no_traceback(page: Page) -> None:
    body = page.locator("body").inner_text()
    assert "Traceback" not in body and "Error:" not in body


@pytest.fixture(scope="module")
def seed_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("seed") / "朝阳区2020年自评表.docx"
    write_docx(read_forms(SEED_TXT), path)
    return path


def test_review_the_seed_form_as_word(
    server: str, browser_page: Page, seed_docx: Path, tmp_path: Path
) -> None:
    page = browser_page
    page.goto(f"{server}/review")
    expect(page.get_by_role("heading", name="审核自评表")).to_be_visible()
    bad = tmp_path / "扫描件.pdf"
    bad.write_bytes(b"%PDF-1.7\n")
    page.locator("input[type=file]").set_input_files([str(seed_docx), str(bad)])
    expect(page.get_by_text("FUND-RATE").first).to_be_visible()
    expect(page.get_by_text("执行率应为 90.10%").first).to_be_visible()
    expect(page.get_by_text("扫描件.pdf：PDF 文件已损坏").first).to_be_visible()
    no_traceback(page)
    scroll_to(page, page.get_by_role("heading", name="公共服务经费", exact=True))
    screenshot(page, "app-review.png")


def fill(page: Page, label: str, text: str) -> None:
    field = page.get_by_label(label, exact=True)
    field.fill(text)
    field.press("Tab")  # Streamlit commits a text field when it loses focus


def test_draft_a_new_form_offline_accept_and_download(
    server: str, browser_page: Page, tmp_path: Path
) -> None:
    page = browser_page
    page.goto(server)  # 起草 is the default page, served at the root
    expect(page.get_by_role("heading", name="起草自评表")).to_be_visible()
    brief = load_brief(ROOT / "examples" / "brief-公共服务经费.yaml")
    fill(page, "项目名称", brief.project)
    fill(page, "主管部门", brief.department)
    fill(page, "实施单位", brief.unit)
    fill(page, "年度", str(brief.year))
    fill(page, "全年预算数", "2175.9657")
    fill(page, "全年执行数（可不填）", "1960.5869")
    fill(page, "项目说明", brief.description)
    page.get_by_role("button", name="第二步：起草指标").click()
    expect(page.get_by_text("校验结果：已采纳").first).to_be_visible()
    expect(page.get_by_text("未发现问题").first).to_be_visible()
    page.get_by_role("button", name="第四步：采纳，生成自评表").click()
    expect(page.get_by_text("项指标，生成了自评表").first).to_be_visible()
    no_traceback(page)
    scroll_to(page, page.get_by_role("button", name="重新起草指标（替换下表，可恢复）"))
    screenshot(page, "app-draft.png")
    with page.expect_download() as download:
        page.get_by_role("button", name="下载 Word（.docx）").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    [form] = read_forms(saved)
    expected = run_task("indicators", brief, load_rule_set(), audit=False).draft
    assert form.project == "公共服务经费" and form.year == 2020
    assert [i.name for i in form.indicators] == [i.name for i in expected.indicators]
    assert form.funds.total.rate.text == "90.10%"
    # A refresh is a new session: the draft comes back from the workspace.
    page.reload()
    expect(page.get_by_label("项目名称", exact=True)).to_have_value("公共服务经费")


def test_learn_and_settings_pages(server: str, browser_page: Page) -> None:
    page = browser_page
    page.goto(f"{server}/learn")
    expect(page.get_by_text("执行率与资金数不符").first).to_be_visible()
    no_traceback(page)
    screenshot(page, "app-learn.png")
    page.goto(f"{server}/settings")
    expect(page.get_by_role("button", name="测试连接")).to_be_visible()
    expect(page.get_by_text("API 密钥：未设置")).to_be_visible()
    no_traceback(page)
    screenshot(page, "app-settings.png")


def _right_answer(exercise) -> list[str]:
    """What a careful trainee enters, worked out from the checks and the scoring."""
    from assistant.learn.exercises import row_codes
    from assistant.scoring import execution_rate, funds_score
    from assistant.values import format_decimal, format_percent, parse_number

    rules = load_rule_set()
    if exercise.kind == "choose":
        return row_codes(exercise.form, exercise.row, rules)
    if exercise.kind == "rewrite":
        return [exercise.reference]
    case = exercise.funds
    rate = execution_rate(parse_number(case.full_year_budget), parse_number(case.executed))
    return [format_percent(rate), format_decimal(funds_score(rate, parse_number(case.weight), rules))]


def test_a_full_exercise_round_in_the_learn_page(server: str, browser_page: Page) -> None:
    """学习: a worked example side by side, then a round of three exercises answered in the browser,
    each verdict coming from the same checks that judge real forms, and the score kept."""
    from assistant.learn.exercises import generate_round

    page = browser_page
    page.goto(f"{server}/learn")
    page.get_by_role("tab", name="案例库讲解").click()
    expect(page.get_by_text("逐行讲解", exact=True)).to_be_visible()
    expect(page.get_by_text("错误 0").first).to_be_visible()  # the corrected form
    page.get_by_role("tab", name="练习").click()
    fill(page, "出题种子（同一种子出同样的题；留空则随机）", "11")
    fill(page, "本轮题数", "3")
    page.get_by_role("button", name="开始新一轮练习").click()
    verdicts = {"choose": "回答正确", "rewrite": "改写通过检查", "compute": "两项都算对了"}
    exercises = generate_round(load_rule_set(), seed=11, count=3)
    for number, exercise in enumerate(exercises, start=1):
        expect(page.get_by_text(f"第 {number} / 3 题")).to_be_visible()
        answer = _right_answer(exercise)
        if exercise.kind == "choose":
            for code in answer:
                page.get_by_test_id("stCheckbox").filter(has_text=code).click()
        elif exercise.kind == "rewrite":
            fill(page, "新的年度指标值", answer[0])
        else:
            fill(page, "执行率（如 90.10%）", answer[0])
            fill(page, "预算执行率得分", answer[1])
        page.get_by_role("button", name="提交答案").click()
        expect(page.get_by_text(verdicts[exercise.kind]).first).to_be_visible()
        no_traceback(page)
        page.get_by_role("button", name="查看本轮结果" if number == 3 else "下一题").click()
    expect(page.get_by_text("本轮完成：答对 3 / 3 题。")).to_be_visible()
    page.get_by_role("tab", name="学习记录").click()
    expect(page.get_by_text("共 1 轮，答题 3 道，答对 3 道")).to_be_visible()
    no_traceback(page)


def test_no_page_sends_a_request_off_this_machine(
    server: str, browser_page: Page, outside_requests: list[str]
) -> None:
    """Fully offline: every page (and everything the tests above did) asked only the local server.
    The model server is the one exception, and no model is configured here."""
    page = browser_page
    for path in ("draft", "review", "learn", "settings"):
        page.goto(f"{server}/{path}")
        page.wait_for_load_state("networkidle")
        no_traceback(page)
    page.wait_for_timeout(1000)
    assert outside_requests == [], sorted(set(outside_requests))


def test_the_indicator_table_fits_a_1366_pixel_screen(
    server: str, browser_page: Page, seed_docx: Path
) -> None:
    """Target, actual, weight and score are in view without scrolling sideways on a common laptop."""
    page = browser_page
    page.set_viewport_size({"width": 1366, "height": 768})
    try:
        page.goto(f"{server}/review")
        page.locator("input[type=file]").set_input_files([str(seed_docx)])
        expect(page.get_by_text("FUND-RATE").first).to_be_visible()
        grid = page.locator("[data-testid=stDataFrame]").filter(has_text="三级指标").first
        scroll_to(page, grid)
        expect(grid).to_be_visible()
        page.wait_for_timeout(500)
        sizes = grid.evaluate(
            """e => {
                const s = e.querySelector('.dvn-scroller');
                const r = e.getBoundingClientRect();
                return {scroll: s.scrollWidth, client: s.clientWidth, right: r.right,
                        window: document.documentElement.clientWidth};
            }"""
        )
        assert sizes["scroll"] <= sizes["client"] + 1, sizes  # no horizontal scrollbar
        assert sizes["right"] <= sizes["window"], sizes  # and the table itself is on screen
        headers = [h.strip() for h in grid.locator("th, [role=columnheader]").all_inner_texts()]
        for column in ("年度指标值", "实际完成值", "分值", "得分"):
            assert column in headers, headers
        no_traceback(page)
    finally:
        page.set_viewport_size({"width": 1600, "height": 1000})


def test_a_file_over_the_cap_is_refused_in_chinese_in_the_browser(
    server: str, browser_page: Page, tmp_path: Path
) -> None:
    """A 25 MB Word file gets the page's Chinese refusal naming the file and the 20 MB limit, not
    Streamlit's English "File must be … or smaller" (which only a file over the transport cap sees)."""
    from assistant.formats import MAX_INPUT_BYTES

    page = browser_page
    page.goto(f"{server}/review")
    expect(page.get_by_role("heading", name="审核自评表")).to_be_visible()
    big = tmp_path / "超大附件.docx"
    big.write_bytes(b"PK\x03\x04" + b"\0" * (MAX_INPUT_BYTES + 5 * 1024 * 1024))
    page.locator("input[type=file]").set_input_files([str(big)])
    expect(page.get_by_text("超大附件.docx：文件过大").first).to_be_visible()
    body = page.locator("body").inner_text()
    assert "must be" not in body and "or smaller" not in body
    assert f"{MAX_INPUT_BYTES // 1048576} MB" in body
    no_traceback(page)
