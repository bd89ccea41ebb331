"""Limits that guard the hot path against hostile input."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

REGEX_TIMEOUT_BASE_S = 0.25
"""Every ``regex`` call gets at least this long before it is cut off."""

REGEX_TIMEOUT_PER_MB_S = 2.0
"""... plus this much per megabyte of text (patterns are linear; this is a fuse)."""


def regex_timeout(length: int) -> float:
    """Timeout (seconds) for one regex call over ``length`` characters.

    Patterns are written to run in linear time; the timeout is a fuse that
    turns a mistake into a ``review`` finding instead of a hung worker.
    """
    return REGEX_TIMEOUT_BASE_S + REGEX_TIMEOUT_PER_MB_S * length / 1_000_000


FUSE_MIN_CHARS = 1024
"""Texts at least this long get the timeout fuse on every ``regex`` call.

The ``regex`` module charges 2-4 µs per call for a timeout, more than a whole
message's budget on the hot path.  Below this length the fuse cannot blow
anyway: even a *quadratic* mistake on 1,024 characters is about a million
steps, far under the 0.25 s minimum fuse.
"""


def fused_search(pattern: Any, text: str, pos: int = 0) -> Any:
    """``pattern.search(text, pos)``, with the timeout fuse when ``text`` is long."""
    if len(text) < FUSE_MIN_CHARS:
        return pattern.search(text, pos)
    return pattern.search(text, pos, timeout=regex_timeout(len(text)))


def fused_finditer(pattern: Any, text: str) -> Iterator[Any]:
    """``pattern.finditer(text)``, with the timeout fuse when ``text`` is long."""
    if len(text) < FUSE_MIN_CHARS:
        return pattern.finditer(text)
    return pattern.finditer(text, timeout=regex_timeout(len(text)))
