"""The upload limit: Streamlit's server.maxUploadSize is the readers' cap, and a file over it is
refused on the page in Chinese, naming the file and the limit (never Streamlit's English message)."""

from __future__ import annotations

import io
import tomllib
import zipfile
from pathlib import Path

from assistant.formats import MAX_INPUT_BYTES
from tests.app_helpers import errors, no_exception, page

CONFIG = Path(__file__).resolve().parents[1] / ".streamlit" / "config.toml"
LIMIT_MB = MAX_INPUT_BYTES // (1024 * 1024)


def test_streamlit_upload_limit_is_the_readers_cap() -> None:
    """Streamlit counts maxUploadSize in MiB (1024 × 1024 bytes), as MAX_INPUT_BYTES does."""
    config = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] * 1024 * 1024 == MAX_INPUT_BYTES


def _big_zip() -> bytes:
    """A .zip just over the cap whose members are each well under it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for number in range(3):
            archive.writestr(f"表{number}.txt", b"x" * (MAX_INPUT_BYTES // 3 + 1024))
    data = buffer.getvalue()
    assert len(data) > MAX_INPUT_BYTES
    return data


def test_review_page_refuses_a_file_over_the_cap_in_chinese() -> None:
    at = page("review")
    at.run()
    at.file_uploader(key="review_upload").set_value([("上报材料.zip", _big_zip(), "application/zip")])
    no_exception(at.run())
    said = "\n".join(errors(at))
    assert "上报材料.zip" in said and f"{LIMIT_MB} MB" in said and "过大" in said, said


def test_draft_page_refuses_a_file_over_the_cap_in_chinese() -> None:
    at = page("draft")
    at.run()
    big = b"PK\x03\x04" + b"\0" * MAX_INPUT_BYTES
    at.file_uploader(key="draft_upload").set_value(("自评表.docx", big, "application/octet-stream"))
    no_exception(at.run())
    said = "\n".join(errors(at))
    assert "自评表.docx" in said and f"{LIMIT_MB} MB" in said and "过大" in said, said
