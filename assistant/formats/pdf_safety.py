"""A bound on what a PDF's compressed streams may inflate to, while pdfminer reads them.

pdfminer.six inflates each FlateDecode stream whole (`zlib.decompress`), so a PDF of a few hundred
kilobytes can hold a stream that inflates to gigabytes (deflate reaches about 1000:1, and filters
chain: FlateDecode twice is a million to one). pdfminer calls zlib through its module's global
`zlib`, and only there (pdfminer.pdftypes); `bounded()` swaps in a stand-in that charges every
byte it inflates to the document being read, and stops the read with a Chinese FormReadError
once the document's allowance (office.yaml `pdf_max_inflated_mb`) is spent. Everything else is
zlib's own: the same results, the same errors for corrupt data.
"""

from __future__ import annotations

import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from types import SimpleNamespace
from typing import Any

from .errors import FormReadError


class InflatedTooMuch(FormReadError):
    """A PDF whose streams inflate past the allowance (a compression bomb, or far too large)."""


_allowance = threading.local()  # bytes the document being read may still inflate, per thread


def _charge(size: int) -> None:
    left = getattr(_allowance, "left", None)
    if left is None:
        return  # not inside bounded(): pdfminer used directly, as zlib would
    if size > left:
        raise InflatedTooMuch(getattr(_allowance, "message", "PDF 解压后过大"))
    _allowance.left = left - size


def _decompress(data: bytes, wbits: int = zlib.MAX_WBITS, bufsize: int = zlib.DEF_BUF_SIZE) -> bytes:
    """zlib.decompress, inflating no more than the allowance left (and raising zlib's error for a
    stream that is truncated, as zlib.decompress does: pdfminer then tries its corrupt-data path)."""
    inflater = zlib.decompressobj(wbits)
    left = getattr(_allowance, "left", None)
    out = inflater.decompress(data, left + 1) if left is not None else inflater.decompress(data)
    _charge(len(out))
    if not inflater.eof:
        raise zlib.error("Error -5 while decompressing data: incomplete or truncated stream")
    return out


class _Inflater:
    """zlib.decompressobj whose output is charged to the allowance (pdfminer feeds corrupt
    streams to one byte by byte)."""

    def __init__(self, *args: Any) -> None:
        self._inflater = zlib.decompressobj(*args)

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        left = getattr(_allowance, "left", None)
        if left is not None and (max_length == 0 or max_length > left + 1):
            max_length = left + 1
        out = self._inflater.decompress(data, max_length)
        _charge(len(out))
        return out

    def flush(self, *args: Any) -> bytes:
        out = self._inflater.flush(*args)
        _charge(len(out))
        return out

    def __getattr__(self, name: str) -> Any:  # eof, unused_data, unconsumed_tail
        return getattr(self._inflater, name)


_ZLIB = SimpleNamespace(
    decompress=_decompress,
    decompressobj=_Inflater,
    error=zlib.error,
    MAX_WBITS=zlib.MAX_WBITS,
    DEF_BUF_SIZE=zlib.DEF_BUF_SIZE,
)


@contextmanager
def bounded(limit: int, message: str) -> Iterator[None]:
    """Inside: pdfminer may inflate at most `limit` bytes in this thread; past it, InflatedTooMuch
    (a FormReadError) with `message`."""
    import pdfminer.pdftypes

    pdfminer.pdftypes.zlib = _ZLIB  # type: ignore[attr-defined]  # the one place pdfminer inflates
    previous = getattr(_allowance, "left", None), getattr(_allowance, "message", None)
    _allowance.left, _allowance.message = limit, message
    try:
        yield
    finally:
        _allowance.left, _allowance.message = previous
