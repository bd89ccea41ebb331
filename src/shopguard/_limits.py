"""Limits that guard the hot path against hostile input."""

from __future__ import annotations

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
