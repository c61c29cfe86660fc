"""A PDF whose compressed streams inflate to far more than a form could (a compression bomb) is
refused with a Chinese message before it is inflated; an ordinary PDF reads as before."""

from __future__ import annotations

import zlib
from pathlib import Path

import pytest

from assistant.formats import FormReadError, office, read_forms_bytes
from assistant.formats.pdf_safety import _ZLIB, bounded
from tests.docx_files import built_fixture, docx_dir_fixture, seed_docx_fixture, seed_forms_fixture
from tests.docx_files import yongde_data_fixture as yongde_data_fixture
from tests.office_files import office_set_fixture
from tests.test_pdf_reader import hand_made_pdf

__all__ = [
    "built_fixture",
    "docx_dir_fixture",
    "office_set_fixture",
    "seed_docx_fixture",
    "seed_forms_fixture",
]

MB = 1024 * 1024


def _zeros(megabytes: int) -> bytes:
    """Page content of nothing but spaces: valid, and deflate shrinks it about a thousand times."""
    return b" " * (megabytes * MB)


@pytest.fixture
def small_allowance(monkeypatch: pytest.MonkeyPatch) -> int:
    limits = dict(office.settings())
    limits["pdf_max_inflated_mb"] = 4
    monkeypatch.setattr("assistant.formats.pdf_reader.settings", lambda: limits)
    return 4


@pytest.mark.parametrize(
    ("encode", "filters"),
    [
        (lambda raw: zlib.compress(raw, 9), "/FlateDecode"),
        (lambda raw: zlib.compress(zlib.compress(raw, 9), 9), "[/FlateDecode /FlateDecode]"),
        (lambda raw: zlib.compress(raw, 9)[:-4], "/FlateDecode"),  # no checksum: pdfminer's corrupt-data path
    ],
    ids=["flate", "flate-twice", "corrupt"],
)
def test_a_stream_inflating_past_the_allowance_is_refused(small_allowance: int, encode, filters: str) -> None:
    data = hand_made_pdf(encode(_zeros(12)), b"<< >>", filters=filters.encode())
    assert len(data) < 64 * 1024  # a small file
    with pytest.raises(FormReadError) as caught:
        read_forms_bytes(data, "炸弹.pdf")
    assert str(caught.value) == "炸弹.pdf：PDF 中的压缩数据解压后超过 4 MB，疑似压缩炸弹，已拒绝读取"


def test_the_default_allowance_is_in_the_data_file_and_bounds_a_gigabyte() -> None:
    assert office.settings()["pdf_max_inflated_mb"] <= 256


def test_streams_within_the_allowance_inflate_as_zlib_does() -> None:
    raw = b"BT /F1 12 Tf (x) Tj ET\n" * 1000
    with bounded(len(raw) * 2, "too much"):
        assert _ZLIB.decompress(zlib.compress(raw)) == raw
        with pytest.raises(zlib.error):  # a truncated stream: zlib's own error, as pdfminer expects
            _ZLIB.decompress(zlib.compress(raw)[:-8])
        with pytest.raises(zlib.error):
            _ZLIB.decompress(b"not deflate")
    with bounded(len(raw) - 1, "too much"), pytest.raises(FormReadError, match="too much"):
        _ZLIB.decompress(zlib.compress(raw))
    # the allowance is for all the streams of one document together
    with bounded(len(raw) * 2, "too much"):
        _ZLIB.decompress(zlib.compress(raw))
        _ZLIB.decompress(zlib.compress(raw))
        with pytest.raises(FormReadError):
            _ZLIB.decompress(zlib.compress(raw))
    # outside a PDF read, nothing is bounded
    assert _ZLIB.decompress(zlib.compress(raw)) == raw


def test_an_ordinary_pdf_still_reads(office_set: dict[str, dict[str, Path]]) -> None:
    path = office_set["seed-single"][".pdf"]
    forms = read_forms_bytes(path.read_bytes(), path.name)
    assert [form.header.project for form in forms] == ["公共服务经费", "民生家园建设经费"]
