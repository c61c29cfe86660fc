"""A review folder holding things that are not readable files: symlink loops, dangling links,
pipes, sockets, files without read permission. Each is listed with a Chinese reason and the
review goes on with the rest."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from assistant.review.batch import run_tasks
from assistant.review.inputs import expand_paths
from tests.processes import jixiao
from tests.review_corpus import good_form, write_json


def review_paths(paths: list[Path], jobs: int) -> list:
    """What `jixiao review` does with paths on disk: expand them, check every task."""
    return list(run_tasks(expand_paths([str(p) for p in paths], []), jobs=jobs))


def _hostile_folder(root: Path) -> dict[str, str]:
    """The file names and the reason each must be listed with; good.json reads."""
    write_json(root / "good.json", good_form())
    (root / "loop1.json").symlink_to("loop2.json")
    (root / "loop2.json").symlink_to("loop1.json")
    (root / "dangling.json").symlink_to("missing.json")
    os.mkfifo(root / "pipe.json")
    expected = {
        "loop1.json": "循环",
        "loop2.json": "循环",
        "dangling.json": "指向的文件不存在",
        "pipe.json": "管道",
    }
    if len(str(root / "sock.json")) < 100:  # AF_UNIX paths are limited to about 107 bytes
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(root / "sock.json"))
        server.close()
        expected["sock.json"] = "套接字"
    return expected


def test_unusable_entries_are_listed_and_the_review_goes_on(tmp_path: Path) -> None:
    expected = _hostile_folder(tmp_path)
    results = {Path(r.file).name: r for r in review_paths([tmp_path], jobs=1)}
    assert results["good.json"].problem is None and len(results["good.json"].forms) == 1
    for name, reason in expected.items():
        assert results[name].problem and reason in results[name].problem, (name, results[name])


def test_a_named_symlink_loop_is_listed_not_a_crash(tmp_path: Path) -> None:
    expected = _hostile_folder(tmp_path)
    results = list(review_paths([tmp_path / "loop1.json", tmp_path / "good.json"], jobs=1))
    assert "循环" in (results[0].problem or "") and results[1].forms
    assert expected


def test_an_unreadable_file_is_listed_with_a_chinese_reason(tmp_path: Path, monkeypatch) -> None:
    # Tests run as root, for whom chmod 000 changes nothing: the refusal is simulated instead.
    write_json(tmp_path / "good.json", good_form())
    locked = write_json(tmp_path / "locked.json", good_form())
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == locked.name:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    results = {Path(r.file).name: r for r in review_paths([tmp_path], jobs=1)}
    assert results["good.json"].forms
    assert results["locked.json"].problem == "没有读取权限，无法读取"


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_review_command_lists_them_and_exits_normally(tmp_path: Path, jobs: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    expected = _hostile_folder(folder)
    report = tmp_path / "report.md"
    result = jixiao("review", folder, "-o", report, "-j", jobs)
    assert result.returncode in (0, 1), result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "程序出错" not in result.stderr
    text = report.read_text(encoding="utf-8")
    for name, reason in expected.items():
        assert any(name in line and reason in line for line in text.splitlines()), name
