"""`jixiao convert` as a user runs it: formats by extension, layout and computed values on request,
the input never written to, an existing output never lost."""

from __future__ import annotations

import json
from pathlib import Path

import docx

from assistant.form import Form
from assistant.formats import read_forms
from tests.docx_files import seed_forms_fixture  # noqa: F401
from tests.factories import SEED_TXT
from tests.processes import jixiao


def _snapshot(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


def test_text_to_word_to_json_keeps_every_form(tmp_path: Path, seed_forms: list[Form]) -> None:
    before = _snapshot(SEED_TXT)
    word, data = tmp_path / "seed.docx", tmp_path / "seed.json"
    first = jixiao("convert", SEED_TXT, word)
    assert first.returncode == 0, first.stderr
    assert "2 张自评表" in first.stdout
    second = jixiao("convert", word, data)
    assert second.returncode == 0, second.stderr
    assert [f.model_dump() for f in read_forms(data)] == [f.model_dump() for f in seed_forms]
    assert _snapshot(SEED_TXT) == before


def test_layout_and_computed_values_are_the_users_choice(tmp_path: Path) -> None:
    out = tmp_path / "split.docx"
    result = jixiao(
        "convert", SEED_TXT, out, "--layout", "split-target", "--fill-computed", "--rules", "mof-2020"
    )
    assert result.returncode == 0, result.stderr
    assert "已填入计算值" in result.stdout
    first = read_forms(out)[0]
    assert first.layout == "split-target"
    assert (first.funds.total.rate.text, first.funds.total.score.text) == ("90.10%", "9.01")
    assert (first.stated_total.text, first.grade) == ("99.01", "优")
    rows = [[c.text for c in row.cells] for table in docx.Document(str(out)).tables for row in table.rows]
    header = next(row for row in rows if "一级指标" in row)
    assert "指标性质" in header and "度量单位" in header


def test_json_output_can_change_the_layout_too(tmp_path: Path) -> None:
    out = tmp_path / "split.json"
    assert jixiao("convert", SEED_TXT, out, "--layout", "split-target").returncode == 0
    forms = json.loads(out.read_text(encoding="utf-8"))["forms"]
    assert {f["layout"] for f in forms} == {"split-target"}
    assert forms[0]["funds"]["total"]["rate"]["text"] == "100%"  # as written: not recomputed


def test_refuses_to_write_over_its_input(tmp_path: Path) -> None:
    word = tmp_path / "form.docx"
    assert jixiao("convert", SEED_TXT, word).returncode == 0
    before = _snapshot(word)
    for target in (word, tmp_path / "." / "form.docx"):
        result = jixiao("convert", word, target, "--force")
        assert result.returncode == 2
        assert "不能是输入文件本身" in result.stderr and "Traceback" not in result.stderr
    assert _snapshot(word) == before


def test_an_existing_output_is_kept_unless_forced(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    out.write_text("我的旧文件", encoding="utf-8")
    refused = jixiao("convert", SEED_TXT, out)
    assert refused.returncode == 2 and "已存在" in refused.stderr and "--force" in refused.stderr
    assert out.read_text(encoding="utf-8") == "我的旧文件"
    forced = jixiao("convert", SEED_TXT, out, "--force")
    assert forced.returncode == 0, forced.stderr
    assert len(read_forms(out)) == 2
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]  # no temporary file left behind


def test_unsupported_output_and_missing_folder_are_one_chinese_line(tmp_path: Path) -> None:
    for target, reason in (
        (tmp_path / "out.pdf", "须为 .docx、.xlsx 或 .json"),
        (tmp_path / "nowhere" / "out.docx", "不存在"),
    ):
        result = jixiao("convert", SEED_TXT, target)
        assert result.returncode == 2
        assert reason in result.stderr and len(result.stderr.strip().splitlines()) == 1
        assert not target.exists()


def test_an_unknown_rule_set_is_refused(tmp_path: Path) -> None:
    result = jixiao("convert", SEED_TXT, tmp_path / "x.docx", "--fill-computed", "--rules", "nowhere")
    assert result.returncode == 2 and result.stderr.startswith("错误：")
    assert not (tmp_path / "x.docx").exists()
