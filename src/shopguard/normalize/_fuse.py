"""Regex calls with the ``_limits`` timeout fuse, sized to the text (see ``shopguard._limits``).

Every pattern in ``normalize`` is written to run in linear time; the timeout
from :func:`shopguard._limits.regex_timeout` is the fuse that turns a mistake
into an error instead of a hung worker.  The ``regex`` module charges about
2–4 µs per call for a timeout (measured on the project's 2-core machine:
``search`` 0.6 µs without, 5 µs with), and a message goes through about eight
calls — more than the whole per-message budget.  Below
:data:`FUSE_MIN_CHARS` the fuse cannot blow anyway: even a *quadratic* mistake
on 1,024 characters is about a million steps, well under the 0.25 s minimum
fuse.  So short texts run unfused and everything longer gets the fuse.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .._limits import FUSE_MIN_CHARS, fused_finditer, fused_search

__all__ = ["FUSE_MIN_CHARS", "finditer", "matches", "search"]


def finditer(pattern: Any, text: str) -> Iterator[Any]:
    """``pattern.finditer(text)``, fused when ``text`` is long."""
    return fused_finditer(pattern, text)


def matches(pattern: Any, text: str) -> list[Any]:
    """Every match of ``pattern`` in ``text``, collected before the caller's loop.

    A ``regex`` finditer's timeout keeps running while the caller works
    between matches (it counts CPU time from the first call), so a step
    looping over a finditer spends the fuse on its own Python code: on a
    1 MB hostile text that is over half of the fuse.  Collected first, the
    fuse times the pattern alone, as intended.
    """
    return list(fused_finditer(pattern, text))


def search(pattern: Any, text: str) -> Any:
    """``pattern.search(text)``, fused when ``text`` is long."""
    return fused_search(pattern, text)
