"""Exit statuses shared by every command."""

EXIT_OK = 0  # nothing wrong
EXIT_FINDINGS = 1  # errors found in the forms
EXIT_UNREADABLE = 2  # an input or argument could not be used
