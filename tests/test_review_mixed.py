"""`jixiao review` on a folder as a bureau receives it: .docx, .doc, .wps, .pdf and .json side by side,
some broken. Old Office files are converted together while the rest are read; a file that cannot be
converted or read is listed with its reason and never stops the batch."""

from __future__ import annotations

import os
import shutil
import zipfile
from pathlib import Path

import pytest

from assistant.formats import read_forms
from assistant.review.batch import run_tasks
from assistant.review.inputs import expand_paths
from assistant.rules import load_rule_set
from tests.docx_files import built_fixture, docx_dir_fixture, seed_forms_fixture, yongde_data_fixture  # noqa: F401
from tests.office_files import SOFFICE, needs_soffice, office_set_fixture  # noqa: F401
from tests.processes import jixiao
from tests.review_corpus import good_form, write_json
from tests.test_pdf_reader import scanned_pdf

pytestmark = [pytest.mark.office, needs_soffice]

RULES = load_rule_set("mof-2020")


@pytest.fixture
def folder(tmp_path: Path, office_set) -> dict[str, Path]:
    root = tmp_path / "收件"
    files = {
        "docx": root / "街道A" / "朝阳.docx",
        "doc": root / "街道A" / "永德.doc",
        "wps": root / "街道B" / "四川.wps",
        "pdf": root / "街道B" / "附件.pdf",
        "json": root / "街道B" / "导出.json",
        "renamed": root / "说明.doc",
        "scan": root / "扫描件.pdf",
        "truncated": root / "半截.doc",
        "zip": root / "补交.zip",
    }
    for path in files.values():
        path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(office_set["seed-single"][".docx"], files["docx"])
    shutil.copyfile(office_set["yongde"][".doc"], files["doc"])
    shutil.copyfile(office_set["sichuan"][".doc"], files["wps"])
    shutil.copyfile(office_set["suffixed"][".pdf"], files["pdf"])
    write_json(files["json"], good_form())
    files["renamed"].write_text("这是一份说明，不是 Word 文件。", encoding="utf-8")
    files["scan"].write_bytes(scanned_pdf())
    whole = office_set["seed-split"][".doc"].read_bytes()
    files["truncated"].write_bytes(whole[: len(whole) // 3])
    with zipfile.ZipFile(files["zip"], "w") as archive:
        archive.write(office_set["seed-split"][".doc"], "区县/旧表.doc")
    return files


UNREADABLE = {
    "renamed": "不是有效的 Word/WPS 文档（.doc），文件内容不是该格式，可能已损坏或改了扩展名",
    "scan": "扫描件，没有可读取的文字（不支持 OCR）",
    "truncated": "LibreOffice 无法转换该文件",
}


@pytest.mark.parametrize("jobs", [1, 2])
def test_every_file_is_read_or_listed_in_input_order(folder: dict[str, Path], office_set, jobs: int) -> None:
    tasks = expand_paths([folder["docx"].parents[1]])
    results = list(run_tasks(tasks, RULES, jobs=jobs))

    assert [r.file for r in results] == [t.display for t in tasks]  # converted first, reported in order
    by_file = {r.file: r for r in results}
    projects = {
        key: [row.project for row in by_file[str(folder[key])].forms] for key in ("docx", "doc", "wps", "pdf")
    }
    for key, source in (("docx", "seed-single"), ("doc", "yongde"), ("wps", "sichuan"), ("pdf", "suffixed")):
        assert projects[key] == [form.header.project for form in read_forms(office_set[source][".docx"])]
    assert by_file[str(folder["json"])].forms[0].project == good_form().header.project
    zipped = by_file[f"{folder['zip']}/区县/旧表.doc"]
    assert [row.project for row in zipped.forms] == projects["docx"]  # the seed, in the other layout
    for key, reason in UNREADABLE.items():
        assert reason in (by_file[str(folder[key])].problem or ""), key
    assert sum(1 for r in results if r.problem) == len(UNREADABLE)


def test_the_old_office_files_of_a_batch_share_one_libreoffice_run(
    folder: dict[str, Path], tmp_path: Path, monkeypatch
) -> None:
    wrapper = tmp_path / "bin" / "soffice"
    wrapper.parent.mkdir()
    wrapper.write_text(
        f'#!/bin/sh\necho run >> "{tmp_path / "runs"}"\nexec "{SOFFICE}" "$@"\n', encoding="utf-8"
    )
    wrapper.chmod(0o755)
    monkeypatch.setenv("PATH", f"{wrapper.parent}{os.pathsep}{os.environ['PATH']}")
    results = list(run_tasks(expand_paths([folder["docx"].parents[1]]), RULES, jobs=1))
    assert sum(1 for r in results if r.forms) == 6
    # 永德.doc, 四川.wps, 半截.doc and the zipped 旧表.doc: one run (说明.doc is refused before it).
    assert (tmp_path / "runs").read_text().split() == ["run"]


def test_the_command_line_reports_the_mixed_folder(folder: dict[str, Path], tmp_path: Path) -> None:
    report, letters = tmp_path / "报告.md", tmp_path / "审核意见"
    result = jixiao("review", str(folder["docx"].parents[1]), "--out", str(report), "--letters", str(letters))
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    assert f"{len(UNREADABLE)} 个文件无法读取" in result.stdout
    text = report.read_text(encoding="utf-8")
    for key in ("doc", "wps", "pdf", *UNREADABLE):
        assert folder[key].name in text
    assert "扫描件，没有可读取的文字" in text
    written = sorted(path.name for path in letters.iterdir())
    assert any(name.startswith("义务教育营养改善计划专项资金") for name in written)  # from 永德.doc
    assert any(name.startswith("职业技能提升培训补助") for name in written)  # from 四川.wps


def test_uploads_of_each_format_are_checked_in_the_app_path(office_set) -> None:
    # The 审核 page sends uploads through review_uploads, in its own process (jobs=1).
    from assistant.review.batch import review_uploads

    uploads = [
        ("永德.doc", office_set["yongde"][".doc"].read_bytes()),
        ("四川.pdf", office_set["sichuan"][".pdf"].read_bytes()),
        ("改名.wps", "不是文档".encode()),
        ("朝阳.docx", office_set["seed-split"][".docx"].read_bytes()),
    ]
    result = review_uploads(uploads, RULES)
    assert [(r.file, len(r.forms)) for r in result.files] == [
        ("永德.doc", 1),
        ("四川.pdf", 1),
        ("改名.wps", 0),
        ("朝阳.docx", 2),
    ]
    assert result.unreadable[0].problem == (
        "不是有效的 Word/WPS 文档（.wps），文件内容不是该格式，可能已损坏或改了扩展名"
    )
