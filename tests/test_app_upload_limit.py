"""The upload limit: the readers' cap is enforced by the pages, in Chinese, naming the file and the
limit. Streamlit's server.maxUploadSize is set well above it, so a file just over the cap reaches
the page instead of meeting Streamlit's untranslatable English browser message."""

from __future__ import annotations

import io
import tomllib
import zipfile
from pathlib import Path

from assistant.formats import MAX_INPUT_BYTES
from tests.app_helpers import errors, no_exception, page

CONFIG = Path(__file__).resolve().parents[1] / ".streamlit" / "config.toml"
LIMIT_MB = MAX_INPUT_BYTES // (1024 * 1024)


def test_streamlit_transport_cap_lets_oversized_files_reach_the_chinese_refusal() -> None:
    """Streamlit counts maxUploadSize in MiB (1024 × 1024 bytes), as MAX_INPUT_BYTES does; the
    transport cap is bounded (memory) but several times the readers' cap."""
    config = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    transport = config["server"]["maxUploadSize"] * 1024 * 1024
    assert 4 * MAX_INPUT_BYTES <= transport <= 200 * 1024 * 1024


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
