"""The one error every reader raises; its own module so the readers need not import the package."""


class FormReadError(Exception):
    """An input that cannot be read as forms; `str()` is the Chinese reason."""
