"""`jixiao`: a thin command line over the library.

Exit 0: no errors; 1: errors found (or a draft rejected); 2: unreadable input, bad arguments or
settings; 70: a program error; 130: interrupted. Every failure is one Chinese line on stderr,
decided here, once; JIXIAO_DEBUG=1 adds the traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
import traceback
from collections.abc import Sequence

from .commands import check, convert, critique, draft, indicator, learn, review
from .commands.common import EXIT_BUG, EXIT_OK, EXIT_UNREADABLE, CommandError
from .llm.errors import LLMError, scrub
from .rules import RuleSetError

# Each subcommand module registers itself; add new commands here.
COMMANDS = (check, review, convert, draft, critique, learn, indicator)
EXIT_INTERRUPTED = 130
DEBUG_VARIABLE = "JIXIAO_DEBUG"


class _Parser(argparse.ArgumentParser):
    """Argument errors in Chinese, with exit status 2 and no traceback."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_UNREADABLE, f"错误：命令参数有误：{message}\n（用 {self.prog} --help 查看用法）\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="jixiao", description="绩效自评助手：项目支出绩效自评表的起草与审核")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for command in COMMANDS:
        command.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    _replace_unencodable()
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except (Exception, KeyboardInterrupt) as exc:
        return _failed(exc)


def _replace_unencodable() -> None:
    """Output that goes to a file or a pipe on a Chinese Windows PC is GBK, which lacks some
    characters a form may hold ("✅", rare names): print "?" for them rather than fail."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
            with contextlib.suppress(ValueError, OSError):  # a closed or detached stream
                stream.reconfigure(errors="replace")


def _failed(exc: BaseException) -> int:
    """Say what went wrong in one Chinese line (a traceback first with JIXIAO_DEBUG=1); the exit code."""
    if os.environ.get(DEBUG_VARIABLE, "").strip() not in ("", "0"):
        _say("".join(traceback.format_exception(exc)).rstrip())
    if isinstance(exc, BrokenPipeError):
        # `jixiao check … | head`: the reader went away; stop quietly like other shell tools.
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    if isinstance(exc, CommandError):
        _say(f"错误：{exc.message}")
        return exc.exit_code
    if isinstance(exc, RuleSetError | LLMError):
        _say(f"错误：{exc}")
        return EXIT_UNREADABLE
    if isinstance(exc, KeyboardInterrupt):
        _say("已中断。")
        return EXIT_INTERRUPTED
    _say(
        f"错误：程序出错（{type(exc).__name__}），这是程序本身的问题。"
        f"请设置环境变量 {DEBUG_VARIABLE}=1 后重新运行，把显示的信息和输入文件反馈给维护者。"
    )
    return EXIT_BUG


def _say(text: str) -> None:
    with contextlib.suppress(OSError):
        print(scrub(text), file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
