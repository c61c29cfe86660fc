"""学习: rule cards, worked examples, exercise rounds and progress (assistant/ui/learning/)."""

from __future__ import annotations

from .. import components, learning


@components.guarded
def render() -> None:
    learning.render()
