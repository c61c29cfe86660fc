"""`jixiao check` as a reviewer uses it: exit codes, the JSON contract, Chinese errors, inputs untouched."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.formats import forms_to_json
from assistant.place import Place
from tests.factories import good_form
from tests.processes import jixiao


def test_a_correct_form_exits_zero(tmp_path: Path) -> None:
    path = tmp_path / "good.json"
    path.write_text(forms_to_json([good_form()]), encoding="utf-8")
    result = jixiao("check", str(path), "--format", "json")
    assert result.returncode == 0, result.stdout + result.stderr
    (report,) = json.loads(result.stdout)["reports"]
    assert report == {
        "source": str(path),
        "form_index": 0,
        "project": "社区工作者保障经费",
        "verdict": "通过",
        "form_type": "绩效自评表",
        "findings": [],
        "computed": {"execution_rate": "100.00%", "funds_score": "10", "total_score": "100", "grade": "优"},
    }


def test_text_output_is_chinese_and_grouped(seed_txt: Path) -> None:
    result = jixiao("check", str(seed_txt))
    assert result.returncode == 1
    out = result.stdout
    assert "公共服务经费" in out and "复核结果：执行率 90.10%" in out
    assert out.index("错误（") < out.index("警告（")
    assert "[FUND-RATE]" in out
    # the verdict is the first line of every form's block
    firsts = [block.splitlines()[0] for block in out.split("\n\n")]
    assert firsts == ["审核结论：退回（有 13 项错误）", "审核结论：退回（15 个指标中有 15 个不可衡量）"]
    # codes merged on one cell follow the code they were merged into
    assert "[SMART-NO-DEADLINE +SMART-UNMEASURABLE +SMART-VAGUE]" in out


def test_json_findings_have_the_contract_fields(seed_txt: Path) -> None:
    reports = json.loads(jixiao("check", str(seed_txt), "--format", "json").stdout)["reports"]
    for finding in reports[0]["findings"]:
        assert list(finding) == ["code", "severity", "location", "message", "place", "tags"]
        assert finding["severity"] in ("error", "warning", "info")
        place = Place.model_validate(finding["place"])
        assert place.render() == finding["location"]
        assert None not in finding["place"].values()  # unset fields are left out


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "文件为空"),
        ("notes.txt", "会议纪要\n今天讨论了绿化。\n".encode(), "没有找到自评表"),
        ("broken.json", b'{"forms": [', "JSON 格式错误"),
        ("other.json", b'{"forms": [{"header": 5}]}', "不是自评表"),
        ("scan.pdf", b"%PDF-1.4\n", "PDF 文件已损坏"),
        ("slides.ppt", bytes.fromhex("d0cf11e0a1b11ae1"), "不支持的文件类型"),
        ("binary.txt", bytes(range(256)) * 4, ""),
    ],
)
def test_unreadable_input_exits_two_with_one_chinese_line(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    result = jixiao("check", str(path))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("错误：") and name in lines[0]
    assert reason in lines[0]
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_missing_file_and_unknown_rule_set(seed_txt: Path, tmp_path: Path) -> None:
    missing = jixiao("check", str(tmp_path / "nope.docx"))
    assert missing.returncode == 2 and "文件不存在" in missing.stderr
    rules = jixiao("check", str(seed_txt), "--rules", "guangdong")
    assert rules.returncode == 2 and "没有名为“guangdong”的规则集" in rules.stderr


def test_good_and_bad_files_together_still_report_the_good_one(seed_txt: Path, tmp_path: Path) -> None:
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    result = jixiao("check", str(seed_txt), str(bad), "--format", "json")
    assert result.returncode == 2
    assert len(json.loads(result.stdout)["reports"]) == 2
    assert "文件为空" in result.stderr


def test_local_rule_set_drops_the_scheme_warning(seed_txt: Path) -> None:
    reports = json.loads(jixiao("check", str(seed_txt), "--rules", "local", "--format", "json").stdout)
    assert not [f for f in reports["reports"][0]["findings"] if f["code"] == "WEIGHT-SCHEME"]


def test_the_check_path_does_not_import_heavy_libraries() -> None:
    code = (
        "import sys, runpy; sys.argv=['jixiao','check','--help']\n"
        "try:\n    runpy.run_module('assistant', run_name='__main__')\nexcept SystemExit: pass\n"
        "import assistant.review.form_report, assistant.formats\n"
        "print(sorted(m for m in ('streamlit','openai','docx','openpyxl') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_piping_into_a_closed_reader_prints_no_traceback(seed_txt: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "assistant", "check", *[str(seed_txt)] * 30],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.read(10)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.wait(timeout=30)
    assert "Traceback" not in err
