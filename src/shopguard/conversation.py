"""Conversation context: history turns, similarity of repeated messages.

(The conversation issue grows this into split-contact joining and a
streaming ``Conversation``; the engine already asks it for similarity.)
"""

from __future__ import annotations

from typing import Any, Iterable

from .models import Turn
from .normalize import Views
from .rules.phrases import tokenize


def _shingles(text: str) -> frozenset[str]:
    """Word set of the squeezed view ("B L A C K  F R I D A Y" = "black friday")."""
    return frozenset(tokenize(Views(text).squeezed.text).keys)


def similarity(a: str, b: str) -> float:
    """Jaccard similarity of the two messages' normalised word sets (0..1)."""
    sa, sb = _shingles(a), _shingles(b)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / len(sa | sb)


def coerce_history(history: Iterable[Any] | None) -> tuple[Turn, ...]:
    """Accept dicts or Turn objects (or anything with .role/.text)."""
    if not history:
        return ()
    out: list[Turn] = []
    for i, t in enumerate(history):
        if isinstance(t, Turn):
            out.append(t)
        elif isinstance(t, dict):
            out.append(Turn.model_validate(t))
        elif hasattr(t, "role") and hasattr(t, "text"):
            out.append(Turn(role=t.role, text=t.text))
        else:
            raise TypeError(
                f"history[{i}] must be a dict or Turn with role and text, not {type(t).__name__}"
            )
    return tuple(out)
