"""JSON that is not a form ([], {}, a number, some other object) is refused with one Chinese line
and exit status 2, never checked as an empty form."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.formats import FormReadError, forms_to_json, read_forms_bytes
from tests.factories import good_form
from tests.processes import jixiao

NOT_FORMS = {
    "empty-list": b"[]",
    "empty-object": b"{}",
    "number": b"42",
    "string": '"项目支出绩效自评表"'.encode(),
    "null": b"null",
    "other-object": b'{"name": "package", "version": "1.0"}',
    "empty-forms": b'{"schema": "jixiao.forms/1", "forms": []}',
    "forms-not-a-list": b'{"forms": {"header": {}}}',
    "list-of-numbers": b"[1, 2]",
}


@pytest.mark.parametrize("case", sorted(NOT_FORMS))
def test_json_that_is_not_a_form_is_refused(case: str) -> None:
    with pytest.raises(FormReadError) as caught:
        read_forms_bytes(NOT_FORMS[case], f"{case}.json")
    assert str(caught.value).startswith(f"{case}.json：") and "\n" not in str(caught.value)


@pytest.mark.parametrize("case", ["empty-list", "empty-object", "number", "other-object"])
def test_check_exits_2_with_one_chinese_line(tmp_path: Path, case: str) -> None:
    path = tmp_path / f"{case}.json"
    path.write_bytes(NOT_FORMS[case])
    result = jixiao("check", path)
    assert result.returncode == 2, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"错误：{path}：") and "自评表" in lines[0]


def test_a_real_form_in_every_json_shape_still_reads() -> None:
    document = forms_to_json([good_form()])
    assert len(read_forms_bytes(document.encode(), "a.json")) == 1
    one = good_form().model_dump_json(by_alias=True)
    assert len(read_forms_bytes(one.encode(), "b.json")) == 1
    assert len(read_forms_bytes(f"[{one}, {one}]".encode(), "c.json")) == 2
