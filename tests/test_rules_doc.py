"""docs/rules.md keeps in step with assistant/data/codes.yaml: the codes, their severities and
where they live (docs/rules.md §5)."""

from __future__ import annotations

from pathlib import Path

from assistant.findings import code_catalogue
from tests.rules_doc import CODE, documented_codes, planned_codes, rules_text

ASSISTANT = Path(__file__).resolve().parents[1] / "assistant"


def test_every_code_of_the_catalogue_is_documented_with_its_severity() -> None:
    documented = documented_codes()
    for code, info in code_catalogue().items():
        assert code in documented, f"{code} is in codes.yaml but not in the table of docs/rules.md §5.1"
        severity = documented[code][0]
        assert severity.startswith(info.severity), (
            f"{code}: rules.md says {severity!r}, codes.yaml {info.severity}"
        )


def test_every_documented_code_exists_in_the_catalogue() -> None:
    assert len(documented_codes()) >= 26
    assert set(documented_codes()) <= set(code_catalogue())


def test_planned_codes_are_not_implemented_yet() -> None:
    """A code that gets implemented moves from §5.2 to §5.1 (§5.2 may be empty)."""
    assert not set(planned_codes()) & set(code_catalogue())


def test_every_code_shaped_token_is_a_known_or_planned_code() -> None:
    """No typo, no code that the product does not have and the document does not call planned."""
    known = set(code_catalogue()) | set(planned_codes())
    tokens = set(CODE.findall(rules_text()))
    assert tokens - known == set()


def test_the_modules_named_for_each_code_exist() -> None:
    for code, cells in documented_codes().items():
        module = cells[2].strip("`")
        assert (ASSISTANT / module).is_file(), f"{code}: assistant/{module} does not exist"
