"""What tests run as child processes: the `jixiao` command line, and servers on a loopback port.

Children inherit the test's environment, so the isolation of conftest.py reaches them too.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest

CLI_TIMEOUT_S = 120
STOP_GRACE_S = 5  # idle, streamlit and llama_cpp.server stop on SIGTERM in about a second


def jixiao(*args: str | Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """The real command line, in a child process, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "assistant", *map(str, args)],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=CLI_TIMEOUT_S,
        check=False,
    )


def free_port() -> int:
    """A loopback port nobody listens on (at the moment of asking)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _tail(log_path: Path) -> str:
    return log_path.read_text(errors="replace")[-2000:]


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as answer:
            return answer.status == 200
    except OSError:
        return False


@contextmanager
def running_server(
    name: str,
    command: Sequence[str],
    ready_url: str,
    log_path: Path,
    *,
    start_timeout_s: float,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
) -> Iterator[subprocess.Popen[bytes]]:
    """`command` running until the block ends, entered once `ready_url` answers 200.

    The test fails with the end of the server's log when it exits or does not answer in time.
    """
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + start_timeout_s
        while not _answers(ready_url):
            if process.poll() is not None:
                pytest.fail(f"{name} exited ({process.returncode}):\n{_tail(log_path)}")
            if time.monotonic() > deadline:
                pytest.fail(f"{name} did not start in {start_timeout_s} s:\n{_tail(log_path)}")
            time.sleep(0.2)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=STOP_GRACE_S)
        except subprocess.TimeoutExpired:  # e.g. llama_cpp.server finishing an answer nobody awaits
            process.kill()
            process.wait(timeout=15)
