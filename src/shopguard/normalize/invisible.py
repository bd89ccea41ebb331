"""Invisible characters: dropped from the views, bidi overrides reported.

Sellers split a keyword with characters that render as nothing ("Wha\\u200btsApp",
"V\\u200be\\u200bn\\u200bm\\u200bo") so that a substring filter misses it.  Every
format character (general category Cf: zero-width space/joiners, word joiner,
soft hyphen, bidi controls, tag characters), every variation selector and the
blank "filler" letters are removed from the views.  A removed character is
glued to the character before it (its origin slice is widened), so a span that
ends on that character still covers what follows it on screen.

Bidi overrides and isolates (U+202A–U+202E, U+2066–U+2069) can also *reorder*
what the customer sees versus what a filter reads ("moc.liamg@..." shown as
"...@gmail.com"); :func:`bidi_override_spans` reports where they are so a
detector can raise a finding on the original text.
"""

from __future__ import annotations

import regex

from . import _fuse
from .mapped import MappedBuilder, MappedText, mapped

INVISIBLE_CLASS = (
    r"\p{Cf}"  # format: ZWSP/ZWNJ/ZWJ, LRM/RLM, bidi, word joiner, SHY, BOM, tags ...
    r"\uFE00-\uFE0F\U000E0100-\U000E01EF"  # variation selectors
    r"\u034F\u115F\u1160\u17B4\u17B5\u180B-\u180F\u3164\uFFA0"  # CGJ, fillers, FVS
    r"\u0080-\u0084\u0086-\u009F"  # C1 controls (NEL U+0085 is a line break)
)
"""A regex character-class body of everything that renders as nothing."""

_INVISIBLE_RUN = regex.compile("[" + INVISIBLE_CLASS + "]+")
_BIDI_RUN = regex.compile(r"[\u202A-\u202E\u2066-\u2069]+")


def bidi_override_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the ORIGINAL text holding bidi embedding/override/isolate controls.

    One ``(start, end)`` per maximal run of U+202A–U+202E / U+2066–U+2069.
    These are legitimate in right-to-left prose but a seller's message has
    no use for an override (U+202D/U+202E): a detector decides what to do.
    """
    if text.isascii():
        return []
    return [m.span() for m in _fuse.finditer(_BIDI_RUN, text)]


def strip_invisible(view: MappedText) -> MappedText:
    """Drop zero-width, bidi, format and variation-selector characters.

    Why: they split keywords invisibly.  Each dropped run is glued to the
    preceding output character when they touch in the original.
    """
    text = view.text
    if text.isascii():
        return view
    # spans first: the fuse then times the regex, not the loop below
    spans = [m.span() for m in _fuse.finditer(_INVISIBLE_RUN, text)]
    if not spans:
        return view
    if view.starts is None or view.ends is None:
        return _strip_identity(text, spans)
    b = MappedBuilder()
    last = 0
    for s, e in spans:
        b.add_identity_run(view, last, s)
        os_, oe = view.span(s, e)
        if b.last_end == os_:
            b.extend_last(oe)
        last = e
    b.add_identity_run(view, last, len(text))
    return b.build()


def _strip_identity(text: str, spans: list[tuple[int, int]]) -> MappedText:
    """:func:`strip_invisible` of an identity-mapped text (the ``clean`` pipeline's
    first step): the same maps, built without a MappedBuilder call per run."""
    parts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    add_part = parts.append
    add_starts = starts.extend
    add_ends = ends.extend
    last = 0
    for s, e in spans:
        if s > last:
            add_part(text[last:s])
            add_starts(range(last, s))
            add_ends(range(last + 1, s + 1))
        if ends and ends[-1] == s:
            ends[-1] = e  # glued to the character before it
        last = e
    n = len(text)
    if n > last:
        add_part(text[last:n])
        add_starts(range(last, n))
        add_ends(range(last + 1, n + 1))
    return mapped("".join(parts), starts, ends)
