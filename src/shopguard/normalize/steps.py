"""Normalisation steps (first cut; the evasion issue deepens each).

Each step takes a MappedText and returns a MappedText whose map still points
at the original message.
"""

from __future__ import annotations

import unicodedata

import regex

from .mapped import MappedBuilder, MappedText, compose

_INVISIBLE = frozenset(
    "\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad"
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u180e\u034f"
)

_EVASION_SIGNAL = regex.compile(
    r"(?:\b[a-z](?:[ .\-_*]+[a-z]\b){3,})"  # spaced letters
    r"|[a-z][@$0-9][a-z]"  # leet inside a word
    r"|([a-z])\1\1"  # letter runs
    r"|\b(?:dot|at|zero|oh|one|two|three|four|five|six|seven|eight|nine|ten)\b"
    r"|[\[\(\{]\s*(?:dot|at|\.|@)\s*[\]\)\}]",
    regex.IGNORECASE,
)


def is_plain(text: str) -> bool:
    """ASCII with nothing an evader would use: all views equal ``folded``."""
    return text.isascii() and _EVASION_SIGNAL.search(text) is None


def clean(text: str) -> MappedText:
    """NFKC per character, invisible characters dropped; case kept."""
    b = MappedBuilder()
    for i, ch in enumerate(text):
        if ch in _INVISIBLE:
            continue
        if ch.isascii():
            b.add(ch, i, i + 1)
        else:
            b.add(unicodedata.normalize("NFKC", ch), i, i + 1)
    return b.build()


def lower(view: MappedText) -> MappedText:
    """Lower-case, keeping the map even where lower() changes length."""
    low = view.text.lower()
    if len(low) == len(view.text):
        return MappedText(low, view.starts, view.ends)
    b = MappedBuilder()
    for i, ch in enumerate(view.text):
        b.add(ch.lower(), i, i + 1)
    return compose(view, b.build())


def digits(view: MappedText) -> MappedText:
    return view


def squeeze(view: MappedText) -> MappedText:
    return view


def deobfuscate(view: MappedText) -> MappedText:
    return view
