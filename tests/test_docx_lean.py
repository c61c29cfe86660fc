"""Cutting w:rPr and w:pPr out of word/document.xml before parsing changes nothing a reader reads:
the same forms, cells and w:tc paths from every kind of Word file; and the cut is exact (a part
it cannot cut exactly is returned untouched, or read from the original when the cut is malformed)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from assistant.formats import FormReadError, docx_reader, read_forms_bytes
from assistant.formats.docx_lean import without_properties
from assistant.formats.office import convert_many, plan
from tests.docx_files import built_fixture, docx_dir_fixture, seed_docx_fixture, seed_forms_fixture
from tests.docx_files import yongde_data_fixture as yongde_data_fixture
from tests.docx_hostile import DOCUMENT, W_NS, W, edited, good_docx, replace_part
from tests.office_files import office_set_fixture
from tests.test_docx_plain import EDITS, _rows

__all__ = [
    "built_fixture",
    "docx_dir_fixture",
    "office_set_fixture",
    "seed_docx_fixture",
    "seed_forms_fixture",
]

DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
ROOT = f'<w:document xmlns:w="{W_NS}"><w:body>'.encode()
END = b"</w:body></w:document>"


def _part(body: bytes, declaration: bytes = DECLARATION) -> bytes:
    return declaration + ROOT + body + END


def _document_xml(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(DOCUMENT)


def _readings(data: bytes, name: str, monkeypatch: pytest.MonkeyPatch) -> tuple[list, list]:
    """(with the cut, without it): every form as JSON, and every row with its cells' w:tc paths."""
    lean = [f.model_dump() for f in read_forms_bytes(data, name)]
    with monkeypatch.context() as patch:
        patch.setattr(docx_reader, "without_properties", lambda xml: xml)
        full = [f.model_dump() for f in read_forms_bytes(data, name)]
    return lean, full


# --- the same reading ------------------------------------------------------------------------


def test_the_same_forms_from_our_writer_and_independently_built_files(
    built: dict, seed_docx: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = [path for path, _ in built.values()] + list(seed_docx.values())
    for path in paths:
        data = path.read_bytes()
        lean, full = _readings(data, path.name, monkeypatch)
        assert lean == full, path.name
        assert full, path.name


def test_our_writers_formatting_is_cut(seed_docx: dict[str, Path]) -> None:
    """The speed comes from here: the writer's runs and paragraphs all carry properties."""
    xml = _document_xml(seed_docx["single-cell"].read_bytes())
    lean = without_properties(xml)
    assert b"<w:rPr>" in xml and b"<w:pPr>" in xml
    assert b"<w:rPr>" not in lean and b"<w:pPr>" not in lean
    assert len(lean) < len(xml) * 0.6


@pytest.mark.parametrize("case", sorted(EDITS))
def test_the_same_rows_and_cell_paths_from_edited_files(case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """_rows parses the whole part itself: compare it with the rows read from the cut part."""
    data = edited(EDITS[case])
    lean_data = replace_part(data, DOCUMENT, without_properties(_document_xml(data)))
    assert _rows(lean_data, False, monkeypatch) == _rows(data, False, monkeypatch)
    lean, full = _readings(data, f"{case}.docx", monkeypatch)
    assert lean == full


def test_the_same_forms_from_libreoffice_word_files(
    office_set: dict[str, dict[str, Path]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """LibreOffice writes Word XML as Word does: paragraph marks with run properties, tab stops,
    language tags. Each .doc of the example set, converted once, read both ways."""
    jobs = [plan(files[".doc"].read_bytes(), f"{name}.doc") for name, files in office_set.items()]
    converted = convert_many(jobs)  # type: ignore[arg-type]
    cut = 0
    for name, data in zip(office_set, converted, strict=True):
        assert isinstance(data, bytes), f"{name}: {data}"
        xml = _document_xml(data)
        cut += without_properties(xml) is not xml
        lean, full = _readings(data, f"{name}.docx", monkeypatch)
        assert lean == full, name
        assert full, name
    assert cut == len(office_set)  # the cut really ran on every one of them


# --- an exact cut ----------------------------------------------------------------------------


def test_properties_of_empty_elements_are_cut_and_the_text_kept() -> None:
    body = (
        b"<w:p><w:pPr><w:jc w:val='center'/><w:rPr><w:b/></w:rPr></w:pPr>"
        b"<w:r><w:rPr><w:rFonts w:eastAsia='\xe5\xae\x8b\xe4\xbd\x93'/>\n <w:sz w:val='21'/></w:rPr>"
        b"<w:t>\xe9\xa1\xb9\xe7\x9b\xae</w:t></w:r></w:p>"
    )
    lean = without_properties(_part(body))
    assert lean == _part(b"<w:p><w:r><w:t>\xe9\xa1\xb9\xe7\x9b\xae</w:t></w:r></w:p>")


def test_properties_holding_elements_of_their_own_are_kept_whole() -> None:
    """w:tabs in a paragraph's properties, a tracked change of a run's properties: only the
    properties with nothing but empty elements in them go."""
    tabs = b"<w:pPr><w:tabs><w:tab w:val='left' w:pos='420'/></w:tabs></w:pPr>"
    change = b"<w:rPr><w:b/><w:rPrChange w:id='1'><w:rPr><w:i/></w:rPr></w:rPrChange></w:rPr>"
    part = _part(b"<w:p>" + tabs + b"<w:r>" + change + b"<w:t>x</w:t></w:r></w:p>")
    lean = without_properties(part)
    assert tabs in lean
    assert b"<w:rPr><w:b/><w:rPrChange w:id='1'></w:rPrChange></w:rPr>" in lean
    etree.fromstring(lean)


@pytest.mark.parametrize(
    "part",
    [
        _part(b"<w:p><w:r><w:t><![CDATA[<w:rPr>x</w:rPr>]]></w:t></w:r></w:p>"),
        _part(b"<!-- <w:rPr> --><w:p><w:r><w:rPr><w:b/></w:rPr><w:t>x</w:t></w:r></w:p>"),
        _part(b"<?pi <w:rPr>?><w:p><w:r><w:rPr><w:b/></w:rPr><w:t>x</w:t></w:r></w:p>"),
        _part(b"<w:p><w:r><w:rPr><w:b/></w:rPr></w:r></w:p>", b'<?xml version="1.0" encoding="GBK"?>'),
        "<?xml version='1.0' encoding='UTF-16'?><w:r><w:rPr><w:b/></w:rPr></w:r>".encode("utf-16"),
        b"\xef\xbb\xbf" + _part(b"<!DOCTYPE x><w:r><w:rPr><w:b/></w:rPr></w:r>"),
    ],
    ids=["cdata", "comment", "processing-instruction", "gbk", "utf-16", "doctype"],
)
def test_a_part_that_cannot_be_cut_exactly_is_left_as_it_is(part: bytes) -> None:
    assert without_properties(part) is part


def test_bom_and_no_declaration_are_utf_8() -> None:
    body = b"<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>x</w:t></w:r></w:p>"
    assert b"<w:rPr>" not in without_properties(b"\xef\xbb\xbf" + _part(body))
    assert b"<w:rPr>" not in without_properties(_part(body, b""))


def test_a_nested_property_written_with_an_attribute_is_kept() -> None:
    """A w:pPr holding a w:pPr written with an attribute: neither is an element of empty elements
    only, so neither is cut, and the part stays well-formed."""
    part = _part(b"<w:p><w:pPr><w:jc/><w:pPr w:x='1'>odd</w:pPr></w:pPr><w:r><w:t>x</w:t></w:r></w:p>")
    assert without_properties(part) is part


def test_a_broken_part_is_reported_as_the_original_is(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cut or not, a part that is not XML gets the same Chinese message (the original is parsed
    again for it)."""
    xml = _document_xml(good_docx())
    assert without_properties(xml) is not xml
    data = replace_part(good_docx(), DOCUMENT, xml.replace(b"</w:body>", b""))
    with pytest.raises(FormReadError) as lean:
        read_forms_bytes(data, "坏.docx")
    with monkeypatch.context() as patch:
        patch.setattr(docx_reader, "without_properties", lambda xml: xml)
        with pytest.raises(FormReadError) as full:
            read_forms_bytes(data, "坏.docx")
    assert str(lean.value) == str(full.value) == "坏.docx：文档正文不是有效的 XML，文件可能已损坏"


# --- exact on any tree: a property test -------------------------------------------------------

TAGS = ("p", "r", "t", "rPr", "pPr", "b", "tabs", "tab", "rPrChange", "pPrChange", "jc", "tcW", "gridSpan")
LAYOUT = ("tcW", "vAlign", "shd", "noWrap", "hideMark", "trHeight", "cantSplit", "gridCol")


def _trees() -> st.SearchStrategy[etree._Element]:
    leaf = st.builds(_element, st.sampled_from(TAGS), st.sampled_from(["", "x", " ", "<w:rPr>"]), st.just([]))
    return st.recursive(
        leaf,
        lambda children: st.builds(
            _element, st.sampled_from(TAGS), st.sampled_from(["", "y"]), st.lists(children, max_size=4)
        ),
        max_leaves=24,
    )


def _element(tag: str, text: str, children: list[etree._Element]) -> etree._Element:
    element = etree.Element(f"{W}{tag}", nsmap={"w": W_NS})
    element.text = text or None
    for child in children:
        element.append(child)
        child.tail = "t"
    return element


def _cut_on_the_tree(root: etree._Element) -> etree._Element:
    """The oracle, on the tree: every w:rPr, then every w:pPr, written with an end tag of its own
    (it has text or children) whose children are all written as empty tags (no children, no text),
    is removed with its content, its tail kept. Each pass decides on the tree as it was before it.
    Then every layout element (LAYOUT) left that is written as an empty tag."""
    for tag in ("rPr", "pPr"):
        cut = [
            element
            for element in root.iter(f"{W}{tag}")
            if (len(element) or element.text) and not any(len(child) or child.text for child in element)
        ]
        for element in cut:
            _remove_keeping_tail(element)
    for element in [e for e in root.iter() if e.tag in {f"{W}{tag}" for tag in LAYOUT}]:
        if not len(element) and not element.text and element.getparent() is not None:
            _remove_keeping_tail(element)
    return root


def _remove_keeping_tail(element: etree._Element) -> None:
    parent, tail = element.getparent(), element.tail or ""
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(element)


@settings(max_examples=300, deadline=None)
@given(_trees())
def test_the_cut_is_the_tree_without_those_elements(tree: etree._Element) -> None:
    document = _element("document", "", [tree])
    xml = etree.tostring(document, xml_declaration=True, encoding="UTF-8")
    lean = without_properties(xml)
    expected = etree.tostring(_cut_on_the_tree(etree.fromstring(xml)))
    assert etree.tostring(etree.fromstring(lean)) == expected
