"""A frozen pydantic model built from fields already of their types, without validating them again.

Only for what the checks build by the dozen per form from values that are typed already (a Place
from a row's own texts, a Finding from the code catalogue): validation cost more than the rest of
their work. Each user has a test that its result equals the validated model.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel

Model = TypeVar("Model", bound=BaseModel)
_set = object.__setattr__  # how a frozen model's fields are set without validation


def unvalidated(cls: type[Model], fields: dict[str, Any], given: set[str]) -> Model:
    """`cls` with these `fields` (every field, defaults included), `given` marked as set."""
    model = object.__new__(cls)
    _set(model, "__dict__", fields)
    _set(model, "__pydantic_fields_set__", given)
    _set(model, "__pydantic_extra__", None)
    _set(model, "__pydantic_private__", None)
    return model
