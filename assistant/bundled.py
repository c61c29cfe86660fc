"""Run-time data kept in top-level folders of the project: prompts/ and examples/.

Both folders stay at the top of the checkout, where people edit the model's templates and run the
example forms by hand. The wheel ships each inside the package (pyproject.toml maps
`assistant.prompts` to prompts/ and `assistant.examples` to examples/), so there is one copy of
each, found in one of two places:

- installed from a wheel: assistant/prompts/ and assistant/examples/ inside the package;
- a source checkout (`pip install -e .`, or the checkout on PYTHONPATH): prompts/ and examples/
  beside the package. An editable install does not expose a data folder mapped from elsewhere
  as part of the package, hence the second place.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Literal

Bundle = Literal["prompts", "examples"]


def bundled_dir(name: Bundle) -> Path:
    """The folder `name` inside the installed package, else beside the package in a checkout."""
    package = Path(str(resources.files("assistant")))
    inside = package / name
    return inside if inside.is_dir() else package.parent / name
