"""`jixiao`: a thin command line over the library. Exit 0: no errors; 1: errors; 2: unreadable."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence

from .commands import check, convert, critique, draft, learn, review
from .commands.common import EXIT_UNREADABLE
from .rules import RuleSetError

# Each subcommand module registers itself; add new commands here.
COMMANDS = (check, review, convert, draft, critique, learn)


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
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except RuleSetError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `jixiao check … | head`: the reader went away; stop quietly like other shell tools.
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
