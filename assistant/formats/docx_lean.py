"""word/document.xml without the run and paragraph properties, before it is parsed.

Half the bytes of a typical form are formatting: every run repeats its fonts and sizes in a w:rPr,
every paragraph its spacing and alignment in a w:pPr. No reader here looks at either (a cell's
text is its w:t elements; spans and merges are in w:tcPr, which is kept), so they are cut out of
the bytes first: lxml then parses, and later frees, half the document. That halves the parse,
the largest single cost of reading a Word form.

Cutting markup out of bytes is exact only under conditions this module checks, else it returns
the bytes unchanged:
- UTF-8, the encoding every Office writer uses: an ASCII byte is then always that character;
- no comment, CDATA section, DOCTYPE (`<!`) or processing instruction after the declaration
  (`<?`): outside those, `<` always starts a tag, so "<w:rPr>" is a start tag and "</w:rPr>" an
  end tag;
- an element is cut only when the first end tag after its start tag is its own ("</w:rPr>"): in a
  well-formed part, everything between is then empty elements and text, and nothing else is cut.
  An element holding others (w:tabs in a w:pPr, a tracked w:rPrChange) is kept as it is.
A part that is not well-formed may be cut into one that is not either: the caller then parses the
original (docx_reader.document_root), whose error or reading stands.
"""

from __future__ import annotations

# Run properties first: a paragraph's properties hold those of its paragraph mark, and once they
# are cut, most w:pPr hold only empty elements.
_PROPERTIES = ((b"<w:rPr>", b"</w:rPr>"), (b"<w:pPr>", b"</w:pPr>"))
_UTF8_BOM = b"\xef\xbb\xbf"


def without_properties(xml: bytes) -> bytes:
    """The part with every w:rPr and w:pPr that holds only empty elements cut out, or the part
    itself (the same object) when it cannot be cut exactly."""
    declaration_end = _declaration_end(xml)
    if declaration_end is None or _has_markup_declarations(xml, declaration_end):
        return xml
    lean = xml
    for start, end in _PROPERTIES:
        pieces = lean.split(start)
        if len(pieces) == 1:
            continue
        kept = [pieces[0]]
        length = len(end)
        for piece in pieces[1:]:
            close = piece.find(b"</")
            if close >= 0 and piece.startswith(end, close):
                kept.append(piece[close + length :])
            else:  # holds elements of its own, or is not well-formed: kept whole
                kept.append(start + piece)
        lean = b"".join(kept)
    return lean


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
