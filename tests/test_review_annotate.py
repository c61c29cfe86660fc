"""`jixiao review --annotate DIR`: every finding as a Word comment (批注) on its cell, in a copy of
the unit's own file; the copy reads back to the same figures and findings, the input is untouched."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import docx
import pytest

from assistant.cli import main
from assistant.formats.docx_reader import read_docx_bytes
from assistant.review.annotate import annotate_docx, comment_text, locate
from assistant.review.form_report import check_form
from assistant.rules import DEFAULT_RULE_SET, load_rule_set
from tests.docx_files import (  # noqa: F401
    built_fixture,
    docx_dir_fixture,
    seed_docx_fixture,
    seed_forms_fixture,
    yongde_data_fixture,
)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
RULES = load_rule_set(DEFAULT_RULE_SET)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _findings(data: bytes) -> list[list]:
    return [check_form(form, RULES).findings for form in read_docx_bytes(data, "t.docx")]


def _anchored(path: Path) -> list[tuple[str, str]]:
    """(comment text, the text of the cell or paragraph its range starts in), for every comment."""
    document = docx.Document(str(path))
    texts = {str(c.comment_id): "\n".join(p.text for p in c.paragraphs) for c in document.comments}
    anchors = []
    for start in document.element.body.iter(f"{W}commentRangeStart"):
        holder = next((a for a in start.iterancestors(f"{W}tc", f"{W}p")), None)
        cell = next(start.iterancestors(f"{W}tc"), None)
        holder = cell if cell is not None else holder
        anchors.append((texts[start.get(f"{W}id")], "".join(t.text or "" for t in holder.iter(f"{W}t"))))
    assert len(anchors) == len(texts), "every comment has its range in the body"
    return anchors


def _body_text(path: Path) -> list[str]:
    """Every paragraph's text, tables included, in order."""
    document = docx.Document(str(path))
    return ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in document.element.body.iter(f"{W}p")]


@pytest.fixture(name="inputs")
def inputs_fixture(tmp_path: Path, seed_docx: dict[str, Path], built) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(seed_docx["single-cell"], folder / "朝阳-单格.docx")
    shutil.copy(seed_docx["split-target"], folder / "朝阳-拆分.docx")
    shutil.copy(built["yongde"][0], folder / "永德.docx")
    return folder


def test_every_finding_is_a_comment_on_its_cell(tmp_path: Path, inputs: Path) -> None:
    hashes = {p.name: _sha(p) for p in inputs.iterdir()}
    out = tmp_path / "out"
    status = main(["review", str(inputs), "--out", str(tmp_path / "r.md"), "--annotate", str(out), "-j", "1"])
    assert status == 1  # the seed has errors
    assert {p.name: _sha(p) for p in inputs.iterdir()} == hashes  # the inputs are never modified
    for source in inputs.iterdir():
        copy = out / source.name
        original = source.read_bytes()
        findings = _findings(original)
        assert findings and any(findings)
        # the copy re-checks to the same findings, and holds the same text
        assert _findings(copy.read_bytes()) == findings
        assert _body_text(copy) == _body_text(source)
        anchors = _anchored(copy)
        document = docx.Document(str(copy))
        # the same default reviewer as the letter's sign-off
        assert {c.author for c in document.comments} == {"财政局预算绩效管理科"}
        rows_per_form = _rows(original)
        for form_findings, rows in zip(findings, rows_per_form, strict=True):
            for finding in form_findings:
                text = comment_text(finding)
                cell = locate(rows, finding.place)
                on = [anchor for comment, anchor in anchors if text in comment.split("\n")]
                assert on, finding.location
                if finding.place.field is not None or finding.place.fund_row is not None:
                    assert cell is not None, f"{source.name}: {finding.location} has no cell"
                if cell is not None:
                    assert _joined(cell.origin) in on, finding.location
        # one comment per cell
        starts = [s for s in document.element.body.iter(f"{W}commentRangeStart")]
        cells = [next(s.iterancestors(f"{W}tc"), None) for s in starts]
        in_cells = [c for c in cells if c is not None]
        assert len(in_cells) == len(set(in_cells))


def _rows(data: bytes) -> list:
    from assistant.formats.docx_reader import document_items
    from assistant.formats.docx_safety import DOCUMENT_PART, open_docx, parse_xml, read_part
    from assistant.formats.grid import split_forms

    root = parse_xml(read_part(open_docx(data, "t"), DOCUMENT_PART, "t"), "t")
    return [segment.rows for segment in split_forms(document_items(root.find(f"{W}body")))]


def _joined(tc) -> str:
    return "".join(t.text or "" for t in tc.iter(f"{W}t"))


def test_seed_form_comments_name_the_corrected_values(seed_docx: dict[str, Path]) -> None:
    data = seed_docx["single-cell"].read_bytes()
    annotated = annotate_docx(data, _findings(data), reviewer="朝阳区财政局")
    by_place = dict(annotated.cells)
    rate = "执行率应为 90.10%（全年执行数 1960.5869 ÷ 全年预算数 2175.9657）"
    assert by_place["项目资金/年度资金总额/执行率"].startswith(rate)
    assert "表中填写 100%" in by_place["项目资金/年度资金总额/执行率"]
    assert "9.01" in by_place["项目资金/年度资金总额/得分"]
    assert "[" not in by_place["项目资金/年度资金总额/执行率"]  # no codes unless asked
    # form-level findings go to the form's title
    assert [place for place, _ in annotated.on_title] == ["绩效指标", "绩效指标"]
    with_codes = annotate_docx(data, _findings(data), codes=True)
    assert dict(with_codes.cells)["项目资金/年度资金总额/执行率"].startswith("[FUND-RATE")


def test_existing_copy_needs_force_and_input_is_never_the_copy(tmp_path: Path, inputs: Path) -> None:
    out = tmp_path / "out"
    args = ["review", str(inputs), "--out", str(tmp_path / "r.md"), "-j", "1", "--annotate"]
    assert main([*args, str(out)]) == 1
    assert main([*args, str(out)]) == 2  # the copies exist
    assert main([*args, str(out), "--force"]) == 1
    hashes = {p.name: _sha(p) for p in inputs.iterdir()}
    assert main([*args, str(inputs), "--force"]) == 2  # would overwrite the inputs: refused
    assert {p.name: _sha(p) for p in inputs.iterdir()} == hashes


@pytest.mark.office
@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice (apt: libreoffice-writer)")
def test_annotated_copy_converts_to_pdf(tmp_path: Path, inputs: Path) -> None:
    out = tmp_path / "out"
    args = ["review", str(inputs), "--out", str(tmp_path / "r.md"), "-j", "1", "--annotate", str(out)]
    assert main(args) == 1
    profile = (tmp_path / "profile").as_uri()
    documents = sorted(out.glob("*.docx"))
    result = subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path / "pdf"), *map(str, documents)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    for document in documents:
        pdf = tmp_path / "pdf" / f"{document.stem}.pdf"
        assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF"), document.name
