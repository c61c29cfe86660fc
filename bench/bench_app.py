"""How quickly the workbench answers a click: page reruns measured under AppTest (no browser).

    python bench/bench_app.py

Prints medians in milliseconds for: the review page's first upload of the seed as Word and a
rerun after it; the draft page's rerun after a table edit (live checks + autosave); the gate's
offline indicator draft; a workspace save. Targets: a rerun after an edit < 300 ms.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["JIXIAO_HOME"] = tempfile.mkdtemp(prefix="jixiao-bench-")
os.environ["JIXIAO_CONFIG"] = os.path.join(os.environ["JIXIAO_HOME"], "config.toml")

from streamlit.testing.v1 import AppTest  # noqa: E402

from assistant.drafting.brief import load_brief  # noqa: E402
from assistant.drafting.gate import run_task  # noqa: E402
from assistant.formats import read_forms  # noqa: E402
from assistant.formats.docx_writer import write_docx  # noqa: E402
from assistant.rules import load_rule_set  # noqa: E402
from assistant.ui.workspace import Workspace  # noqa: E402
from bench.common import BRIEF, SEED  # noqa: E402

REPEAT = 7


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def page(name: str) -> AppTest:
    return AppTest.from_string(
        f"from assistant.ui.pages import {name}\n{name}.render()\n", default_timeout=60
    )


def review() -> tuple[float, float]:
    folder = Path(tempfile.mkdtemp())
    write_docx(read_forms(SEED), folder / "seed.docx")
    data = (folder / "seed.docx").read_bytes()
    first, again = [], []
    for _ in range(REPEAT):
        at = page("review").run()
        at.file_uploader(key="review_upload").set_value([("seed.docx", data, "application/octet-stream")])
        first.append(timed(at.run))
        again.append(timed(at.run))
    return statistics.median(first), statistics.median(again)


def draft_edit() -> float:
    at = page("draft").run()
    at.file_uploader(key="draft_upload").set_value((BRIEF.name, BRIEF.read_bytes(), "text/yaml"))
    at.run()
    at.button(key="draft_run").click()
    at.run()
    [key] = [k for k in at.session_state if str(k).startswith("indicator_editor_") and "__" not in k]
    times = []
    for n in range(REPEAT):
        at.session_state[key] = {
            "edited_rows": {0: {"weight": 7.0 + n}},
            "added_rows": [],
            "deleted_rows": [],
        }
        times.append(timed(at.run))
    return statistics.median(times)


def main() -> None:
    rules = load_rule_set()
    brief = load_brief(BRIEF)
    gate = statistics.median(
        timed(lambda: run_task("indicators", brief, rules, audit=False)) for _ in range(REPEAT)
    )
    ws = Workspace(Path(tempfile.mkdtemp()) / "bench.sqlite")
    draft_id = ws.create("bench", {"n": 0})
    save = statistics.median(
        timed(lambda n=n: ws.save(draft_id, {"n": n, "rows": [{}] * 15})) for n in range(20)
    )
    first, again = review()
    edit = draft_edit()
    print(f"review page, first upload of the seed as .docx (2 forms): {first:7.1f} ms")
    print(f"review page, rerun with the results on screen:          {again:7.1f} ms")
    print(f"draft page, rerun after a table edit (checks+autosave): {edit:7.1f} ms   target < 300 ms")
    print(f"offline indicator draft through the gate:               {gate:7.1f} ms")
    print(f"workspace save of a changed draft:                      {save:7.1f} ms")


if __name__ == "__main__":
    main()
