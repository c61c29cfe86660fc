"""Forms from examples/*.yaml (published forms re-encoded as data), as model objects.

The conversion lives in the library (assistant.learn.sources) because the app needs it at run time.
"""

from __future__ import annotations

from assistant.learn.sources import SOURCE_LABELS, form_from_example, load_example

__all__ = ["SOURCE_LABELS", "form_from_example", "load_example"]
