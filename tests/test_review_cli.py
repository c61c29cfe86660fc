"""`jixiao review` end to end: a folder as a finance bureau receives it → one report, exit status."""

from __future__ import annotations

import csv
import fcntl
import hashlib
import os
import pty
import struct
import subprocess
import sys
import termios
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from assistant.cli import main
from assistant.formats.docx_writer import write_docx
from tests.review_corpus import (
    UNREADABLE_KEYS,
    good_form,
    mixed_folder,
    satisfaction_form,
    unspent_form,
    write_json,
)


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def rows(sheet) -> list[dict[str, object]]:
    values = list(sheet.iter_rows(values_only=True))
    return [dict(zip(values[0], row, strict=True)) for row in values[1:]]


@pytest.fixture
def bureau_folder(tmp_path) -> tuple[Path, dict[str, Path]]:
    """Word forms as units send them, plus the text/JSON forms and unreadable files of the corpus."""
    root = tmp_path / "2023年自评表"
    files = mixed_folder(root)
    files["good_docx"] = root / "街道C" / "良好.docx"
    files["bad_docx"] = root / "街道C" / "执行率填错.docx"
    files["good_docx"].parent.mkdir()
    write_docx([good_form()], files["good_docx"])
    write_docx([unspent_form("街道C财务科"), satisfaction_form()], files["bad_docx"])
    return root, files


def test_mixed_folder_gives_the_report_and_lists_every_unreadable_file(bureau_folder, tmp_path, capsys):
    root, files = bureau_folder
    before = digest(root)
    out = tmp_path / "审核报告.xlsx"

    status = main(["review", str(root), "--out", str(out)])

    assert status == 1  # some forms have errors
    book = load_workbook(out)
    assert book.sheetnames == ["表单汇总", "问题明细", "统计", "无法读取的文件"]
    summary = rows(book["表单汇总"])
    by_file = {(r["文件"], r["表序号"]): r for r in summary}
    assert len(summary) == 6 + 3  # the corpus' six forms, one in 良好.docx, two in 执行率填错.docx
    assert by_file[(str(files["good_docx"]), 1)]["错误数"] == 0
    assert by_file[(str(files["good_docx"]), 1)]["审核结论"] == "通过"
    wrong = by_file[(str(files["bad_docx"]), 1)]
    assert (wrong["实施单位"], wrong["填报执行率"], wrong["复核执行率"]) == ("街道C财务科", "100%", 0.9)
    assert by_file[(str(files["bad_docx"]), 2)]["主要问题"].startswith("满意度为100%")
    unreadable = {r["文件"]: r["原因"] for r in rows(book["无法读取的文件"])}
    assert set(unreadable) == {str(files[key]) for key in UNREADABLE_KEYS}
    assert "Word" in unreadable[str(files["broken_docx"])]
    assert digest(root) == before  # inputs untouched
    printed = capsys.readouterr()
    assert "已审核 10 个文件中的 9 张表" in printed.out
    verdicts = {r["审核结论"] for r in summary}
    assert "审核结论：退回 " in printed.out and verdicts <= {"退回", "修改后通过", "通过"}
    assert "4 个文件无法读取" in printed.err


def test_zip_of_word_forms(bureau_folder, tmp_path):
    _, files = bureau_folder
    archive = tmp_path / "上报材料.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.write(files["good_docx"], "街道C/良好.docx")
        bundle.write(files["bad_docx"], "街道C/执行率填错.docx")
    out = tmp_path / "r.csv"

    assert main(["review", str(archive), "--out", str(out), "--jobs", "1"]) == 1

    with out.open(encoding="utf-8-sig") as stream:
        summary = list(csv.DictReader(stream))
    assert [(r["文件"], r["表序号"]) for r in summary] == [
        (f"{archive}/街道C/良好.docx", "1"),
        (f"{archive}/街道C/执行率填错.docx", "1"),
        (f"{archive}/街道C/执行率填错.docx", "2"),
    ]


def test_exit_zero_when_no_form_has_errors(tmp_path):
    folder = tmp_path / "in"
    write_json(folder / "a.json", good_form())
    write_json(folder / "b.json", satisfaction_form())  # warnings only
    (folder / "readme.pdf").write_bytes(b"%PDF")  # unreadable files do not make it fail
    assert main(["review", str(folder), "--out", str(tmp_path / "r.md")]) == 0


def test_exit_two_when_nothing_could_be_read_but_the_report_says_why(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.pdf").write_bytes(b"%PDF")
    out = tmp_path / "r.md"
    assert main(["review", str(folder), "--out", str(out)]) == 2
    assert "a.pdf" in out.read_text(encoding="utf-8")
    assert "没有读到任何自评表" in capsys.readouterr().err


def test_unsupported_report_format_exits_two(tmp_path, capsys):
    write_json(tmp_path / "a.json", good_form())
    assert main(["review", str(tmp_path), "--out", str(tmp_path / "r.pdf")]) == 2
    err = capsys.readouterr().err
    assert "不支持的报告格式“.pdf”" in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("args", "message"), [(["--out", "r.xlsx", "--jobs", "0"], "应为正整数"), ([], "--out")]
)
def test_bad_arguments_exit_two_in_chinese(tmp_path, capsys, args, message):
    with pytest.raises(SystemExit) as stopped:
        main(["review", str(tmp_path), *args])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert message in err and err.startswith("错误：")


def test_empty_folder_exits_two(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    assert main(["review", str(tmp_path / "empty"), "--out", str(tmp_path / "r.xlsx")]) == 2
    assert "没有任何文件可审核" in capsys.readouterr().err
    assert not (tmp_path / "r.xlsx").exists()


def test_a_file_we_did_not_write_is_not_overwritten(tmp_path, capsys):
    write_json(tmp_path / "in" / "a.json", good_form())
    precious = tmp_path / "汇总.md"
    precious.write_text("# 我自己的汇总\n", encoding="utf-8")

    assert main(["review", str(tmp_path / "in"), "--out", str(precious)]) == 2
    assert precious.read_text(encoding="utf-8") == "# 我自己的汇总\n"
    assert "不是本工具生成的审核报告" in capsys.readouterr().err

    assert main(["review", str(tmp_path / "in"), "--out", str(precious), "--force"]) == 0
    assert precious.read_text(encoding="utf-8").startswith("# 绩效自评表批量审核报告")


def test_report_inside_the_input_folder_is_replaced_and_never_read_as_input(tmp_path, capsys):
    folder = tmp_path / "in"
    write_json(folder / "a.json", unspent_form())
    out = folder / "report.csv"
    assert main(["review", str(folder), "--out", str(out)]) == 1
    first = out.read_bytes()
    assert main(["review", str(folder), "--out", str(out)]) == 1  # our own report: replaced
    assert out.read_bytes() == first
    assert "已审核 1 个文件中的 1 张表" in capsys.readouterr().out.splitlines()[-3]  # then 审核结论 and 报告


def test_input_named_as_output_is_refused(tmp_path, capsys):
    target = tmp_path / "list.md"
    target.write_text("# 绩效自评表批量审核报告\n", encoding="utf-8")
    assert main(["review", str(target), "--out", str(target), "--force"]) == 2
    assert "不能覆盖输入文件" in capsys.readouterr().err


def test_one_worker_and_two_workers_write_the_same_report(bureau_folder, tmp_path):
    root, _ = bureau_folder
    for jobs in ("1", "2"):
        main(["review", str(root), "--out", str(tmp_path / f"r{jobs}.md"), "--jobs", jobs])
    assert (tmp_path / "r1.md").read_text(encoding="utf-8") == (tmp_path / "r2.md").read_text(
        encoding="utf-8"
    )


def run_cli(args: list[str], stderr) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args], stdout=subprocess.PIPE, stderr=stderr, timeout=120
    )


def test_progress_bar_only_on_a_terminal(tmp_path):
    for i in range(3):
        write_json(tmp_path / "in" / f"{i}.json", good_form())
    args = ["review", str(tmp_path / "in"), "--out", str(tmp_path / "r.xlsx")]

    piped = run_cli(args, subprocess.PIPE)
    assert piped.returncode == 0 and piped.stderr == b""

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # a 100-column terminal
    try:
        on_terminal = run_cli(args, follower)
        os.close(follower)
        shown = b""
        while True:
            try:
                block = os.read(leader, 4096)
            except OSError:  # the terminal closed
                break
            if not block:
                break
            shown += block
    finally:
        os.close(leader)
    assert on_terminal.returncode == 0
    assert "审核" in shown.decode("utf-8", "replace") and "3/3" in shown.decode("utf-8", "replace")
