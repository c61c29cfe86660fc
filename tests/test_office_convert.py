"""Old Office and WPS files: LibreOffice converts them in a private, removed profile, within a time
bound; bad files of each kind get a one-line Chinese error and exit 2, never a LibreOffice guess."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pytest

from assistant.formats import FormReadError, read_forms
from assistant.formats.office import OLE_SIGNATURE, Job, convert_many, plan, settings
from tests.docx_files import built_fixture, docx_dir_fixture, seed_forms_fixture, yongde_data_fixture  # noqa: F401
from tests.office_files import needs_soffice, office_set_fixture  # noqa: F401
from tests.processes import jixiao


def check_fails(path: Path) -> str:
    """`jixiao check` on a bad file: exit 2 and one Chinese line naming it; that line."""
    result = jixiao("check", str(path))
    assert result.returncode == 2, result.stdout
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"错误：{path}：")
    return lines[0]


# --- refused before LibreOffice sees them (no LibreOffice needed) -----------------------------


@pytest.mark.parametrize("suffix", [".doc", ".wps", ".xls", ".et"])
def test_a_renamed_text_file_is_named_as_such_not_guessed(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"自评表{suffix}"
    path.write_text("项目名称\t公共服务经费\n这其实是一个文本文件\n", encoding="utf-8")
    line = check_fails(path)
    kind = "Word/WPS 文档" if suffix in (".doc", ".wps") else "Excel/WPS 表格"
    assert f"不是有效的 {kind}（{suffix}）" in line and "改了扩展名" in line


@pytest.mark.parametrize("suffix", [".doc", ".wps", ".xls", ".et"])
def test_an_empty_file_is_empty(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"空{suffix}"
    path.write_bytes(b"")
    assert "文件为空" in check_fails(path)


def test_password_protected_office_files_are_named_before_conversion() -> None:
    # Word 2007+ with a password: the package is encrypted inside an OLE file.
    ooxml = OLE_SIGNATURE + b"\0" * 504 + "EncryptedPackage".encode("utf-16-le")
    # Excel 97 with a password: a FILEPASS record right after the workbook's BOF record.
    workbook = OLE_SIGNATURE + b"\0" * 504 + bytes.fromhex("0908 1000 0006 0500") + b"\0" * 12
    workbook += bytes.fromhex("2f00 0600 0100 0100 0100")
    for name, data in (("加密.doc", ooxml), ("加密.xls", ooxml), ("加密2.xls", workbook)):
        with pytest.raises(FormReadError, match="设置了打开密码"):
            plan(data, name)


def test_an_unencrypted_excel_bof_is_not_taken_for_a_password() -> None:
    workbook = OLE_SIGNATURE + b"\0" * 504 + bytes.fromhex("0908 1000 0006 0500") + b"\0" * 12
    workbook += bytes.fromhex("8500 0800") + b"\0" * 8  # BOUNDSHEET: the sheets, no FILEPASS before
    assert isinstance(plan(workbook, "表.xls"), Job)


def test_without_libreoffice_a_doc_names_the_package_to_install(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    path = tmp_path / "自评表.doc"
    path.write_bytes(OLE_SIGNATURE + b"\0" * 1024)
    line = check_fails(path)
    assert "需要安装 LibreOffice（Debian：apt-get install libreoffice-writer libreoffice-calc）" in line


def test_a_docx_saved_under_doc_is_read_without_libreoffice(
    tmp_path: Path, monkeypatch, built, seed_forms
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    renamed = tmp_path / "四川.doc"
    renamed.write_bytes(built["sichuan"][0].read_bytes())
    assert read_forms(renamed) == built["sichuan"][1]


# --- the run itself, with a stand-in LibreOffice that can hang ---------------------------------

FAKE_SOFFICE = """#!{python}
import os, subprocess, sys, time
args = sys.argv[1:]
out = args[args.index("--outdir") + 1]
target = args[args.index("--convert-to") + 1].split(":")[0]
os.makedirs(out, exist_ok=True)
inputs = [a for a in args[args.index("--outdir") + 2 :]]
profile = next(a for a in args if a.startswith("-env:UserInstallation=file://"))
with open(profile.split("file://", 1)[1] + "/user/registrymodifications.xcu") as xcu:
    open(os.environ["FAKE_PIDS"] + ".xcu", "w").write(xcu.read())
for path in inputs:
    data = open(path, "rb").read()
    if b"HANG" in data:
        child = subprocess.Popen(["sleep", "300"])
        with open(os.environ["FAKE_PIDS"], "a") as pids:
            pids.write(f"{{child.pid}}\\n{{os.getpid()}}\\n")
        time.sleep(300)
    if b"FAIL" in data:
        continue
    stem = os.path.splitext(os.path.basename(path))[0]
    with open(os.path.join(out, stem + "." + target), "wb") as converted:
        converted.write(b"converted " + data[8:])
"""


@pytest.fixture
def fake_soffice(tmp_path: Path, monkeypatch) -> Path:
    """A LibreOffice stand-in on PATH; temporary folders go under tmp_path/tmp, to be looked at."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    program = bin_dir / "soffice"
    program.write_text(FAKE_SOFFICE.format(python=sys.executable), encoding="utf-8")
    program.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("FAKE_PIDS", str(tmp_path / "pids"))
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    monkeypatch.setitem(settings(), "timeout_seconds", 1)
    return tmp_path


def job(name: str, payload: bytes) -> Job:
    return Job(name, OLE_SIGNATURE + payload, ".doc", ".docx")


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


def test_one_hanging_file_is_listed_and_the_others_of_its_run_are_converted(fake_soffice: Path) -> None:
    results = convert_many([job("a.doc", b"first"), job("b.doc", b"HANG"), job("c.doc", b"third")])
    assert results[0] == b"converted first" and results[2] == b"converted third"
    assert results[1] == "转换超时（1 秒内没有完成），文件可能已损坏或过于复杂"
    pids = [int(line) for line in (fake_soffice / "pids").read_text().split()]
    assert pids and not any(alive(pid) for pid in pids)  # the whole process group was killed
    assert list((fake_soffice / "tmp").iterdir()) == []  # profile, copies and output removed


def test_a_file_that_gives_no_output_is_named(fake_soffice: Path) -> None:
    results = convert_many([job("a.doc", b"FAIL"), job("b.doc", b"fine")])
    assert results == [
        "LibreOffice 无法转换该文件（文件可能已损坏、不完整或设置了打开密码）",
        b"converted fine",
    ]


# --- the real LibreOffice ----------------------------------------------------------------------


@needs_soffice
@pytest.mark.parametrize("suffix", [".doc", ".wps"])
def test_a_truncated_doc_gives_one_chinese_line(office_set, tmp_path: Path, suffix: str) -> None:
    data = office_set["seed-single"][".doc"].read_bytes()
    path = tmp_path / f"截断{suffix}"
    path.write_bytes(data[: len(data) // 3])
    assert "LibreOffice 无法转换该文件（文件可能已损坏、不完整或设置了打开密码）" in check_fails(path)


@needs_soffice
@pytest.mark.parametrize("suffix", [".doc", ".wps"])
def test_a_doc_with_a_password_is_named_as_such(office_set, tmp_path: Path, suffix: str) -> None:
    data = bytearray(office_set["seed-single"][".doc"].read_bytes())
    fib = next(o for o in range(512, len(data), 512) if data[o : o + 2] == b"\xec\xa5")
    data[fib + 11] |= 0x01  # FIB fEncrypted, as Word sets it for a password-protected document
    path = tmp_path / f"加密{suffix}"
    path.write_bytes(bytes(data))
    assert "文件设置了打开密码（已加密），无法读取" in check_fails(path)


def test_a_workbook_with_a_password_exits_two_naming_it(tmp_path: Path) -> None:
    workbook = OLE_SIGNATURE + b"\0" * 504 + bytes.fromhex("0908 1000 0006 0500") + b"\0" * 12
    path = tmp_path / "加密.et"
    path.write_bytes(workbook + bytes.fromhex("2f00 0600 0100 0100 0100"))
    assert "文件设置了打开密码（已加密），无法读取" in check_fails(path)


@needs_soffice
def test_a_truncated_workbook_gives_one_chinese_line(office_set, tmp_path: Path) -> None:
    from tests.office_files import soffice

    [html] = soffice([office_set["yongde"][".docx"]], "html", tmp_path / "html")
    [book] = soffice([html], "xls:MS Excel 97", tmp_path / "xls", infilter="HTML (StarCalc)")
    path = tmp_path / "截断.xls"
    path.write_bytes(book.read_bytes()[:1500])
    check_fails(path)  # what LibreOffice salvages, if anything, holds no form


@needs_soffice
def test_a_real_conversion_leaves_no_profile_behind(
    office_set, tmp_path: Path, monkeypatch, isolation
) -> None:
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    forms = read_forms(office_set["yongde"][".doc"])
    assert [form.header.project for form in forms] == ["义务教育营养改善计划专项资金"]
    assert list((tmp_path / "tmp").iterdir()) == []
    assert not any("libreoffice" in str(path).lower() for path in isolation.user_home.rglob("*"))


def test_without_libreoffice_a_batch_lists_its_old_office_files_and_reads_the_rest(
    tmp_path: Path, monkeypatch, built
) -> None:
    from assistant.review.batch import run_tasks
    from assistant.review.inputs import expand_paths
    from assistant.rules import load_rule_set

    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    folder = tmp_path / "收件"
    folder.mkdir()
    (folder / "a.docx").write_bytes(built["sichuan"][0].read_bytes())
    (folder / "b.doc").write_bytes(OLE_SIGNATURE + b"\0" * 1024)
    (folder / "c.xls").write_bytes(OLE_SIGNATURE + b"\0" * 1024)
    results = list(run_tasks(expand_paths([folder]), load_rule_set(), jobs=1))
    assert [(Path(r.file).name, len(r.forms)) for r in results] == [("a.docx", 1), ("b.doc", 0), ("c.xls", 0)]
    install = "需要安装 LibreOffice（Debian：apt-get install libreoffice-writer libreoffice-calc）"
    assert [r.problem for r in results[1:]] == [
        f"{install}，才能读取 .doc 文件",
        f"{install}，才能读取 .xls 文件",
    ]


def test_libreoffice_starts_with_macros_off_and_outside_links_blocked(fake_soffice: Path) -> None:
    assert convert_many([job("a.doc", b"fine")]) == [b"converted fine"]
    seen = (fake_soffice / "pids.xcu").read_text(encoding="utf-8")
    for setting in (
        '"DisableMacrosExecution" oor:op="fuse"><value>true<',
        '"MacroSecurityLevel" oor:op="fuse"><value>3<',
        '"BlockUntrustedRefererLinks" oor:op="fuse"><value>true<',
    ):
        assert setting in seen
