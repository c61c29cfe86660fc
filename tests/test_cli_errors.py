"""How `jixiao` fails: one Chinese line decided in main, a traceback only with JIXIAO_DEBUG=1."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.cli import main
from assistant.commands import check
from assistant.commands.common import EXIT_BUG, CommandError
from assistant.drafting import gate

BRIEF = str(Path(__file__).resolve().parents[1] / "examples" / "brief-公共服务经费.yaml")
KEY = "0a1b2c3d4e5f.ZmFrZS1zZWNyZXQtdmFsdWU"  # not sk-shaped: only the loaded settings name it


def raising(exc: BaseException):
    def handler(*args, **kwargs):
        raise exc

    return handler


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_a_command_error_is_one_line_with_its_exit_code(monkeypatch, capsys):
    monkeypatch.setattr(check, "run", raising(CommandError("找不到第 3 张表", exit_code=1)))
    assert run(capsys, "check", "x.json") == (1, "", "错误：找不到第 3 张表\n")


def test_the_default_exit_code_of_a_command_error_is_2(capsys, tmp_path):
    code, out, err = run(capsys, "learn", "exercise", "--count", "99")
    assert (code, out, err) == (2, "", "错误：--count 应在 1 到 20 之间\n")


def test_debug_adds_the_traceback_of_a_command_error(monkeypatch, capsys):
    monkeypatch.setenv("JIXIAO_DEBUG", "1")
    monkeypatch.setattr(check, "run", raising(CommandError("找不到第 3 张表")))
    code, _, err = run(capsys, "check", "x.json")
    assert code == 2 and err.startswith("Traceback") and "CommandError: 找不到第 3 张表" in err
    assert err.rstrip().splitlines()[-1] == "错误：找不到第 3 张表"


def test_a_program_error_is_one_line_naming_its_type_and_the_debug_variable(monkeypatch, capsys):
    monkeypatch.setattr(gate, "run_task", raising(ZeroDivisionError("division by zero")))
    code, out, err = run(capsys, "draft", "indicators", BRIEF)
    # stdout holds at most the sector line printed before drafting began
    assert code == EXIT_BUG and "Traceback" not in out and "ZeroDivisionError" not in out
    assert len(err.splitlines()) == 1 and err.startswith("错误：程序出错（ZeroDivisionError）")
    assert "JIXIAO_DEBUG=1" in err and "Traceback" not in err


def test_debug_shows_where_a_program_error_happened(monkeypatch, capsys):
    monkeypatch.setenv("JIXIAO_DEBUG", "1")
    monkeypatch.setattr(gate, "run_task", raising(ZeroDivisionError("division by zero")))
    code, _, err = run(capsys, "draft", "indicators", BRIEF)
    assert code == EXIT_BUG
    assert "Traceback" in err and "gate_output.py" in err and "ZeroDivisionError: division by zero" in err


@pytest.mark.parametrize("debug", ["", "1"])
def test_a_key_in_an_exception_text_never_reaches_stderr(monkeypatch, capsys, debug):
    monkeypatch.setenv("JIXIAO_DEBUG", debug)
    monkeypatch.setenv("JIXIAO_LLM_BASE_URL", "https://open.bigmodel.cn/api/paas/v4")
    monkeypatch.setenv("JIXIAO_LLM_MODEL", "glm-4-flash")
    monkeypatch.setenv("JIXIAO_LLM_API_KEY", KEY)
    monkeypatch.setattr(gate, "run_task", raising(RuntimeError(f"request failed with key {KEY}")))
    code, out, err = run(capsys, "draft", "indicators", BRIEF, "--engine", "llm")
    assert code == EXIT_BUG and KEY not in out + err
    assert ("request failed with key ***" in err) is bool(debug)


def test_interrupt_is_130_and_a_closed_pipe_is_quiet(monkeypatch, capsys):
    monkeypatch.setattr(check, "run", raising(KeyboardInterrupt()))
    assert run(capsys, "check", "x.json") == (130, "", "已中断。\n")
    monkeypatch.setattr(check, "run", raising(BrokenPipeError()))
    assert run(capsys, "check", "x.json") == (0, "", "")


def test_unusable_settings_and_rule_sets_are_exit_2_without_a_traceback(monkeypatch, capsys):
    monkeypatch.setenv("JIXIAO_LLM_BASE_URL", "api.deepseek.com")
    monkeypatch.setenv("JIXIAO_LLM_MODEL", "deepseek-chat")
    code, _, err = run(capsys, "draft", "indicators", BRIEF, "--engine", "llm")
    assert code == 2 and err.startswith("错误：模型服务设置有误：服务地址") and "Traceback" not in err
    code, _, err = run(capsys, "draft", "indicators", BRIEF, "--rules", "no-such-rules")
    assert code == 2 and err.startswith("错误：") and "Traceback" not in err


def test_output_a_gbk_console_cannot_encode_is_replaced_not_a_crash(tmp_path: Path) -> None:
    """Output redirected on a Chinese Windows PC is GBK: a cell with a character GBK lacks ("✅",
    "𠮷") is quoted in a message with "?" for each, and the command ends as it would (exit 1: the
    seed's errors), never as a program error."""
    import os
    import subprocess
    import sys

    seed = (Path(__file__).resolve().parents[1] / "examples" / "chaoyang-2020.txt").read_text(
        encoding="utf-8"
    )
    assert seed.count("按全年计划进行") == 1
    odd = tmp_path / "odd.txt"
    odd.write_text(seed.replace("按全年计划进行", "按全年计划进行✅𠮷"), encoding="utf-8")
    env = {**os.environ, "PYTHONIOENCODING": "gbk"}
    outputs = {}
    for args in (["check", str(odd)], ["learn", "SMART-VAGUE"]):
        result = subprocess.run(
            [sys.executable, "-m", "assistant", *args], capture_output=True, env=env, timeout=120, check=False
        )
        out, err = result.stdout.decode("gbk"), result.stderr.decode("gbk")
        assert result.returncode == (1 if args[0] == "check" else 0), (args, err)
        assert "程序出错" not in err and "Traceback" not in err
        outputs[args[0]] = out
    assert "“按全年计划进行??”" in outputs["check"]
    assert "[错] 反例" in outputs["learn"]
