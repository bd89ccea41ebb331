"""Hostile inputs: long, repetitive text finishes (and stays correct) on every view.

No timings are asserted: patterns are linear and long texts run under the
``_limits`` regex fuse, so a regression shows up as a TimeoutError here.
"""

from __future__ import annotations

import pytest
from norm_helpers import VIEWS, check_map

from shopguard.normalize import Views, bidi_override_spans, is_plain

N = 100_000


def _all(text: str) -> Views:
    v = Views(text)
    for name in VIEWS:
        check_map(v.view(name), text)
    return v


def test_spaced_letters_soup() -> None:
    v = _all("a " * (N // 2))
    assert v.squeezed.text == "a "  # joined, then the long run collapses
    assert v.folded.text == "a " * (N // 2)


def test_at_dot_soup() -> None:
    v = _all("@." * (N // 2))
    assert v.folded.text == "@." * (N // 2)


def test_digits_and_dots_soup() -> None:
    text = "1.2 3-4 five . six 7 8 9 0 " * 4000
    v = _all(text)
    assert "five" not in v.digits.text


def test_zero_width_flood() -> None:
    v = _all("a" + "\u200b" * 50_000 + "b")
    assert v.folded.text == "ab"
    assert v.folded.span(0, 2) == (0, 50_002)


def test_spelled_address_soup() -> None:
    v = _all("x [at] y [dot] " * 8000 + "com")
    # every "[dot]" becomes ".", and only the last "[at]" has a domain after it
    assert "[dot]" not in v.deobfuscated.text
    assert v.deobfuscated.text.endswith("y.x@y.com")


@pytest.mark.parametrize(
    "text",
    [
        "one two " * 20_000,
        "w4 " * 30_000,
        "a" * N,
        "ab" * (N // 2),
        "0o" * (N // 2),
        "\u0301" * N,
        "5\ufe0f\u20e3" * 30_000,
        "\u202e" * 1000 + "abc",
        "a.b-c_d " * 12_000,
        "dot at " * 15_000,
    ],
)
def test_long_repetitive_inputs_finish(text: str) -> None:
    _all(text)
    is_plain(text)
    bidi_override_spans(text)
