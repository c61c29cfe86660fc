"""Exit statuses shared by every command, and the one error a command raises to stop."""

EXIT_OK = 0  # nothing wrong
EXIT_FINDINGS = 1  # errors found in the forms
EXIT_UNREADABLE = 2  # an input or argument could not be used
EXIT_BUG = 70  # a program error (sysexits' EX_SOFTWARE): a traceback with JIXIAO_DEBUG=1


class CommandError(Exception):
    """A command cannot go on. `jixiao` prints "错误：<message>" (Chinese) and exits with `exit_code`."""

    def __init__(self, message: str, exit_code: int = EXIT_UNREADABLE) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code
