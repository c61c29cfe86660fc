"""The 审核 page when the only upload cannot be read: the error is shown, never a green
"审核完成：… 0 张表" as if the review had worked."""

from __future__ import annotations

import pytest

from tests.app_helpers import errors, no_exception, page


def _statuses(at) -> list[tuple[str, str]]:
    """(label, icon) of every st.status container: its state shows as the icon."""
    found = []
    for node in at.get("status"):
        proto = node.proto
        found.append((proto.label, proto.icon))
    return found


@pytest.mark.parametrize(
    ("name", "data", "said"),
    [
        ("损坏.docx", b"PK\x03\x04 this is not really a zip", "不是有效的 Word 文档"),
        ("空表.json", b"[]", "没有自评表"),
        ("旧表.txt", "会议纪要\n今天讨论了绿化。\n".encode(), "没有找到自评表"),
    ],
)
def test_a_single_unreadable_upload_shows_the_error_not_a_green_done(
    name: str, data: bytes, said: str
) -> None:
    at = no_exception(page("review").run())
    at.file_uploader(key="review_upload").set_value([(name, data, "application/octet-stream")])
    no_exception(at.run())
    [message] = errors(at)
    assert message.startswith(name) and said in message
    statuses = _statuses(at)
    assert statuses, "no status shown"
    for label, icon in statuses:
        assert "审核完成" not in label and icon != ":material/check:" and "check" not in icon, statuses
        assert "无法读取" in label, statuses
