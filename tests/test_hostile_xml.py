"""Word files whose XML is too deep, declares a DTD past the quick scan, or is broken: three
different problems, three different Chinese messages."""

from __future__ import annotations

import pytest

from assistant.formats import FormReadError, read_forms_bytes
from tests.docx_hostile import DOCUMENT, W_NS, good_docx, replace_part

# --- 6. XML that is deep, declares a DTD, or is broken ----------------------------------------

_PAD = b"<!--" + b"x" * 70_000 + b"-->"  # past the quick scan at the start of the part
XML_CASES = {
    "too-deep": (
        b'<w:document xmlns:w="'
        + W_NS.encode()
        + b'"><w:body>'
        + b"<w:p>" * 400
        + b"</w:p>" * 400
        + b"</w:body></w:document>",
        "嵌套层数过深",
    ),
    "late-dtd-broken": (_PAD + b"<!DOCTYPE d [<!ENTITY a >]><d/>", "DTD"),
    "late-dtd-undefined-entity": (_PAD + b'<!DOCTYPE d [<!ENTITY a "&b;">]><d>&a;</d>', "DTD"),
    "malformed": (b"<w:document><w:body>", "不是有效的 XML"),
}


@pytest.mark.parametrize("case", sorted(XML_CASES))
def test_distinct_messages_for_deep_dtd_and_broken_xml(case: str) -> None:
    part, reason = XML_CASES[case]
    data = replace_part(good_docx(), DOCUMENT, part)
    with pytest.raises(FormReadError) as caught:
        read_forms_bytes(data, "hostile.docx")
    message = str(caught.value)
    assert reason in message, message
    others = {r for _, r in XML_CASES.values()} - {reason}
    assert not any(other in message for other in others), message
