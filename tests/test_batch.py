"""Batch review library: which files a batch reads, how archives are opened, and per-file results."""

from __future__ import annotations

import io
import os
import stat
import zipfile
from pathlib import Path

from assistant.place import Place
from assistant.review import batch
from assistant.review import inputs as batch_inputs
from assistant.review.batch import CRASH_REASON, FindingRow, FormRow, review_task, review_uploads, run_tasks
from assistant.review.inputs import InputTask, expand_paths
from assistant.rules import load_rule_set
from tests.review_corpus import UNREADABLE_KEYS, good_form, mixed_folder, unspent_form, write_json

RULES = load_rule_set("mof-2020")


def displays(tasks: list[InputTask]) -> list[str]:
    return [task.display for task in tasks]


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


# --- which files ----------------------------------------------------------------------------


def test_folder_is_read_recursively_in_a_stable_order_and_junk_is_skipped(tmp_path):
    files = mixed_folder(tmp_path)
    (tmp_path / "街道A" / "~$good.docx").write_bytes(b"lock")
    (tmp_path / ".DS_Store").write_bytes(b"x")
    (tmp_path / "__MACOSX").mkdir()
    (tmp_path / "__MACOSX" / "good.json").write_bytes(b"x")

    tasks = expand_paths([tmp_path])

    assert sorted(displays(tasks)) == sorted(str(path) for path in files.values())
    assert displays(tasks) == displays(expand_paths([tmp_path]))  # same order every run


def test_a_file_named_twice_or_inside_a_named_folder_is_read_once(tmp_path):
    files = mixed_folder(tmp_path)
    tasks = expand_paths([files["good"], tmp_path, str(files["good"])])
    assert len(tasks) == len(files)


def test_excluded_files_are_not_read(tmp_path):
    files = mixed_folder(tmp_path)
    report = tmp_path / "report.xlsx"
    report.write_bytes(b"an earlier report")
    tasks = expand_paths([tmp_path], exclude=[report])
    assert str(report) not in displays(tasks)
    assert len(tasks) == len(files)


def test_a_subfolder_that_cannot_be_opened_is_listed(tmp_path, monkeypatch):
    files = mixed_folder(tmp_path)
    locked = tmp_path / "街道B"
    real_scandir = os.scandir

    def scandir(path=".", *args):
        if Path(path) == locked:  # as for a folder without read permission (tests run as root here)
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path, *args)

    monkeypatch.setattr(os, "scandir", scandir)
    tasks = expand_paths([tmp_path])
    problems = {task.display: task.problem for task in tasks if task.problem}
    assert problems == {str(locked): "无法打开文件夹（Permission denied）"}
    assert len(tasks) == len(files) - 2 + 1  # two files live in the locked folder


def test_missing_path_is_a_listed_problem_not_an_error(tmp_path):
    (task,) = expand_paths([tmp_path / "nowhere"])
    assert task.problem == "文件或文件夹不存在"


# --- archives -------------------------------------------------------------------------------


def test_zip_members_are_reviewed_without_extracting(tmp_path):
    good = write_json(tmp_path / "src" / "good.json", good_form()).read_bytes()
    archive = tmp_path / "batch.zip"
    archive.write_bytes(zip_bytes({"区县/good.json": good, "区县/bad.json": b"{not json"}))

    results = list(run_tasks(expand_paths([archive]), RULES, jobs=1))

    assert [r.file for r in results] == [f"{archive}/区县/good.json", f"{archive}/区县/bad.json"]
    assert results[0].forms[0].project == "社区工作者保障经费"
    assert "JSON 格式错误" in results[1].problem
    assert sorted(p.name for p in tmp_path.iterdir()) == ["batch.zip", "src"]  # nothing extracted


def test_unsafe_and_nested_members_are_listed_not_read(tmp_path):
    archive = tmp_path / "a.zip"
    archive.write_bytes(
        zip_bytes({"../escape.json": b"{}", "/etc/abs.json": b"{}", "inner.zip": b"PK", "ok.txt": b"x"})
    )
    problems = {task.display.removeprefix(f"{archive}/"): task.problem for task in expand_paths([archive])}
    assert "不安全" in problems["../escape.json"]
    assert "不安全" in problems["/etc/abs.json"]
    assert "压缩包中的压缩包" in problems["inner.zip"]
    assert problems["ok.txt"] is None


def test_symlink_member_is_skipped(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        link = zipfile.ZipInfo("link.json")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc/passwd")
    (task,) = batch_inputs.expand_uploads([("up.zip", buffer.getvalue())])
    assert "符号链接" in task.problem


def test_chinese_member_names_written_by_windows_tools_are_decoded(tmp_path):
    gbk_name = "朝阳区自评表.txt".encode("gbk")
    placeholder = b"x" * (len(gbk_name) - 4) + b".txt"
    raw = zip_bytes({placeholder.decode(): "内容".encode()})
    archive_path = tmp_path / "gbk.zip"
    archive_path.write_bytes(raw.replace(placeholder, gbk_name))  # GBK bytes, no UTF-8 flag
    (task,) = expand_paths([archive_path])
    assert task.display == f"{archive_path}/朝阳区自评表.txt"
    assert "没有找到自评表" in review_task(task, RULES).problem  # and the member is still found


def test_archive_limits(tmp_path, monkeypatch):
    archive = tmp_path / "many.zip"
    archive.write_bytes(zip_bytes({f"{i}.txt": b"x" * 200 for i in range(5)}))
    monkeypatch.setattr(batch_inputs, "MAX_ZIP_MEMBERS", 4)
    (task,) = expand_paths([archive])
    assert "文件过多（5 个，上限 4 个）" in task.problem

    monkeypatch.setattr(batch_inputs, "MAX_ZIP_MEMBERS", 100)
    monkeypatch.setattr(batch_inputs, "MAX_INPUT_BYTES", 100)
    assert all("文件过大" in task.problem for task in expand_paths([archive]))


def test_corrupt_archive_is_listed(tmp_path):
    archive = tmp_path / "broken.zip"
    archive.write_bytes(b"PK\x03\x04 truncated")
    (task,) = expand_paths([archive])
    assert task.problem == "压缩包已损坏或不是 .zip 格式"


# --- one file, many files -------------------------------------------------------------------


def test_every_unreadable_file_gets_a_chinese_reason_without_its_name(tmp_path):
    files = mixed_folder(tmp_path)
    for key in UNREADABLE_KEYS:
        result = review_task(InputTask(str(files[key]), path=str(files[key])), RULES)
        assert result.forms == ()
        assert result.problem and not result.problem.startswith(str(files[key]))
    reason = review_task(InputTask(str(files["pdf"]), path=str(files["pdf"])), RULES).problem
    assert reason == "PDF 文件已损坏或不完整，无法读取"  # a header and nothing after it
    photo = tmp_path / "scan.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n")
    reason = review_task(InputTask(str(photo), path=str(photo)), RULES).problem
    assert reason == (
        "不支持的文件类型“.png”，请提供 .docx、.xlsx、.doc、.wps、.xls、.et、.pdf、.json 或 .txt 文件"
    )


def test_a_file_without_forms_is_listed(tmp_path):
    path = tmp_path / "empty-list.json"
    path.write_text('{"schema": "jixiao.forms/1", "forms": []}', encoding="utf-8")
    assert "没有自评表" in review_task(InputTask(str(path), path=str(path)), RULES).problem


def test_an_unexpected_reader_failure_is_listed_not_raised(tmp_path, monkeypatch):
    path = write_json(tmp_path / "good.json", good_form())

    def explode(_path):
        raise RuntimeError("reader bug")

    monkeypatch.setattr(batch, "read_forms", explode)
    result = review_task(InputTask(str(path), path=str(path)), RULES)
    assert result.problem == "文件内容无法解析，可能已损坏或不是自评表（RuntimeError）"


def test_parallel_results_match_serial_results_in_input_order(tmp_path):
    mixed_folder(tmp_path)
    for i in range(30):  # enough files for several chunks on two workers
        write_json(tmp_path / "more" / f"{i:02}.json", unspent_form() if i % 3 else good_form())
    tasks = expand_paths([tmp_path])
    seen: list[tuple[int, int]] = []

    parallel = list(run_tasks(tasks, RULES, jobs=2, progress=lambda done, total: seen.append((done, total))))

    assert parallel == list(run_tasks(tasks, RULES, jobs=1))
    assert [r.file for r in parallel] == displays(tasks)
    assert seen[-1] == (len(tasks), len(tasks)) and len(seen) == len(tasks)


def test_a_file_that_kills_its_worker_is_listed_and_the_batch_goes_on(tmp_path, monkeypatch):
    paths = [write_json(tmp_path / f"{i:02}.json", good_form()) for i in range(20)]
    real = batch.review_task

    def crash_on_seven(task, rules):
        if task.display.endswith("07.json"):
            os._exit(3)  # what a segfault in a C library looks like to the pool
        return real(task, rules)

    monkeypatch.setattr(batch, "review_task", crash_on_seven)  # inherited by the forked workers
    results = list(run_tasks(expand_paths(paths), RULES, jobs=2))

    assert [r.file for r in results] == [str(p) for p in paths]
    assert [r.file for r in results if r.problem] == [str(paths[7])]
    assert results[7].problem == CRASH_REASON
    assert all(len(r.forms) == 1 for r in results if not r.problem)


def test_uploads_with_a_zip_are_expanded(tmp_path):
    good = write_json(tmp_path / "g.json", good_form()).read_bytes()
    bad = write_json(tmp_path / "b.json", unspent_form()).read_bytes()
    calls: list[int] = []

    result = review_uploads(
        [("a.json", good), ("批量.zip", zip_bytes({"b.json": bad, "c.pdf": b"%PDF"})), ("d.txt", b"")],
        "mof-2020",
        progress=lambda done, total: calls.append(total),
    )

    assert [r.file for r in result.files] == ["a.json", "批量.zip/b.json", "批量.zip/c.pdf", "d.txt"]
    assert [row.errors > 0 for row in result.rows] == [False, True]
    assert [r.file for r in result.unreadable] == ["批量.zip/c.pdf", "d.txt"]
    assert calls == [4, 4, 4, 4]


# --- the one-sentence summary ---------------------------------------------------------------


GRADE = Place(section="grade")


def row_with(*findings: tuple[str, str, str]) -> FormRow:
    return FormRow(
        "f.json", 1, "项目", "部门", "单位", "", None, "", None, "", None, "", None,
        tuple(FindingRow(code, severity, GRADE, message) for code, severity, message in findings),
    )  # fmt: skip


def test_summary_names_the_three_most_serious_problems_one_per_code():
    row = row_with(
        ("SMART-VAGUE", "warning", "“进一步”模糊"),
        ("FUND-RATE", "error", "执行率应为 90.10%"),
        ("SMART-VAGUE", "warning", "“明显”模糊"),
        ("GRADE", "error", "等级应为优"),
        ("SMART-SATISFACTION", "warning", "满意度100%"),
    )
    assert row.summary() == (
        "执行率与资金数不符：执行率应为 90.10%；评价等级与总分不符：等级应为优；"
        "表述模糊（共 2 处）：“进一步”模糊；另有 1 项其他问题。"
    )
    assert (row.errors, row.warnings) == (2, 3)


def test_summary_of_a_clean_form():
    assert row_with().summary() == "未发现问题。"
