"""Forms and folders for the batch review tests: good, bad and unreadable files, as users send them."""

from __future__ import annotations

import shutil
from pathlib import Path

from assistant.form import Form
from assistant.formats import forms_to_json
from tests.factories import SEED_TXT, good_form, n


def unspent_form(unit: str = "社区建设办公室") -> Form:
    """Arithmetic errors: 1800 of 2000 spent, yet the rate is written as 100% and the score as 10."""
    form = good_form()
    form.header.unit = unit
    form.funds.total.executed = n("1800")
    form.funds.sources[0].executed = n("1800")
    return form


def wrong_grade_form() -> Form:
    """One error that is not arithmetic: the total is 100 but the grade written is 良."""
    form = good_form()
    form.header.project = "等级填错的项目"
    form.grade = "良"
    return form


def satisfaction_form() -> Form:
    """Warnings only: a 100% satisfaction actual."""
    form = good_form()
    form.header.project = "满意度百分百的项目"
    form.indicators[-1].actual.text = "100%"
    return form


def write_json(path: Path, *forms: Form) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(forms_to_json(list(forms)), encoding="utf-8")
    return path


def mixed_folder(root: Path) -> dict[str, Path]:
    """A folder as a bureau receives it: good and bad forms in subfolders, and unreadable files."""
    files = {
        "good": write_json(root / "街道A" / "good.json", good_form()),
        "unspent": write_json(root / "街道A" / "unspent.json", unspent_form()),
        "two_forms": write_json(root / "街道B" / "two.json", wrong_grade_form(), satisfaction_form()),
        "seed": root / "街道B" / "seed.txt",
        "not_a_form": root / "notes.txt",
        "broken_docx": root / "broken.docx",
        "pdf": root / "scan.pdf",
        "empty": root / "empty.json",
    }
    shutil.copyfile(SEED_TXT, files["seed"])
    files["not_a_form"].write_text("会议纪要：下周一开会讨论绩效工作。\n", encoding="utf-8")
    files["broken_docx"].write_bytes(b"PK\x03\x04 this is not really a Word file")
    files["pdf"].write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    files["empty"].write_bytes(b"")
    return files


UNREADABLE_KEYS = ("not_a_form", "broken_docx", "pdf", "empty")
