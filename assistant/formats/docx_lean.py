"""word/document.xml without the run and paragraph properties, before it is parsed.

Most of the bytes of a typical form are formatting: every run repeats its fonts and sizes in a
w:rPr, every paragraph its spacing and alignment in a w:pPr, every cell its width and alignment.
No reader here looks at any of it (a cell's text is its w:t elements; spans and merges are in
w:tcPr, whose w:gridSpan and w:vMerge are kept), so it is cut out of the bytes first: lxml then
parses, and later frees, a third of the document. The parse is the largest single cost of reading
a Word form.

Cutting markup out of bytes is exact only under conditions this module checks, else it returns
the bytes unchanged:
- UTF-8, the encoding every Office writer uses: an ASCII byte is then always that character;
- no comment, CDATA section, DOCTYPE (`<!`) or processing instruction after the declaration
  (`<?`): outside those, `<` always starts a tag, so "<w:rPr>" is a start tag and "</w:rPr>" an
  end tag;
- an element is cut only when all between its start tag and its end tag ("</w:rPr>") is text and
  empty-element tags: in a well-formed part that is exactly one element, and nothing else is cut.
  An element holding others (w:tabs in a w:pPr, a tracked w:rPrChange) is kept as it is. One
  regular expression does it in C: a loop over the pieces in Python cost twice as much.
A part that is not well-formed is not well-formed once cut either: the caller then parses the
original (docx_reader.document_root), so the message is about the file as it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml import etree

from .errors import FormReadError

# An element cut is its start tag, then only text and empty-element tags ("<w:b/>"), then its end
# tag: in a well-formed part, exactly an element with no content but empty elements. A w:pPr is cut
# with the w:rPr of its paragraph mark when that is such an element too.
_EMPTY_TAG = rb"<[^/!?>][^>]*+>(?<=/>)"
_RUN_PROPERTIES = rb"<w:rPr>(?:[^<]++|" + _EMPTY_TAG + rb")*+</w:rPr>"
_PARAGRAPH_PROPERTIES = rb"<w:pPr>(?:[^<]++|" + _EMPTY_TAG + rb"|" + _RUN_PROPERTIES + rb")*+</w:pPr>"
# Empty elements every cell or row repeats and no reader reads (a cell's width, vertical alignment
# and shading; a row's height and no-split mark; the grid's column widths): cut wherever they are,
# as empty-element tags only. What is read stays: w:gridSpan, w:vMerge, w:hMerge, w:gridBefore, w:del.
_LAYOUT = rb"<w:(?:tcW|vAlign|shd|noWrap|hideMark|trHeight|cantSplit|gridCol)\b[^>]*+>(?<=/>)"
_PROPERTIES = re.compile(_PARAGRAPH_PROPERTIES + rb"|" + _RUN_PROPERTIES + rb"|" + _LAYOUT)
_UTF8_BOM = b"\xef\xbb\xbf"


def without_properties(xml: bytes) -> bytes:
    """The part with every w:rPr and w:pPr that holds only empty elements cut out, and the layout
    elements above, or the part itself (the same object) when it cannot be cut exactly or holds none."""
    if not cuttable(xml):
        return xml
    lean = _PROPERTIES.sub(b"", xml)
    return xml if len(lean) == len(xml) else lean


def parse_cut(xml: bytes, cut: bytes, parse: Callable[[bytes], etree._Element]) -> etree._Element | None:
    """The cut part parsed, or None when nothing was cut or the cut is not XML: the caller then
    parses the part as written, so an error names the file as it is (Word and Excel readers alike)."""
    if cut is xml:
        return None
    try:
        return parse(cut)
    except FormReadError:
        return None


def cuttable(xml: bytes) -> bool:
    """Whether markup can be cut out of this part's bytes exactly: UTF-8, and no comment, CDATA
    section, DOCTYPE or processing instruction in which a tag's text could stand (see above)."""
    declaration_end = _declaration_end(xml)
    return declaration_end is not None and not _has_markup_declarations(xml, declaration_end)


def _declaration_end(xml: bytes) -> int | None:
    """Where the XML declaration ends (0 without one), or None when the part is not UTF-8."""
    offset = 3 if xml.startswith(_UTF8_BOM) else 0
    if not xml.startswith(b"<?xml", offset):
        return offset if xml.startswith(b"<", offset) else None
    end = xml.find(b"?>", offset)
    if end < 0:
        return None
    declaration = xml[offset:end].lower()
    if b"encoding" in declaration and b"utf-8" not in declaration and b"utf8" not in declaration:
        return None
    return end + 2


def _has_markup_declarations(xml: bytes, start: int) -> bool:
    """A comment, CDATA section or DOCTYPE anywhere, or a processing instruction after the
    declaration. One-byte searches first: "!" and "?" are rare in Word's XML, and searching for
    one byte is many times faster than for two when the first of them is "<"."""
    if b"!" in xml and b"<!" in xml:
        return True
    return xml.find(b"?", start) >= 0 and xml.find(b"<?", start) >= 0
