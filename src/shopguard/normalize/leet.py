"""Leetspeak undone and stretched letters shortened.

Why: "p@yp@l", "wh4tsapp", "c@$h @pp", "r3v13w", "1nstagram" and
"whaaatsapp" read as the words they spell.  Two steps:

:func:`unleet` maps 4→a 3→e 1→i 0→o @→a $→s 5→s 7→t |→l !→i, but only in a
token that *mixes* letters and those characters in a leet way:

- a leet character between two letters ("wh4ts", "p@yp@l", "b!tch"), and
  then every leet character of the token ("v3nm0" → "venmo"); or
- one leading leet digit before six or more letters ("1nstagram", not
  "1piece"), or a leading zero before two or more ("0xy"); or
- "@" before two or three letters and nothing else ("@pp").

So "$15", "5 pairs", "3pm", "10lbs", "kayla22", "hello!" stay as typed, a
"!" at either end of a token is punctuation, and an e-mail-shaped token
("kayla@gmail" before ".com", "coffee@home") keeps its "@".

:func:`collapse_repeats` shortens runs of three or more of the same letter to
one ("whaaatsapp" → "whatsapp"); doubled letters ("ll", "ss", "oo" in
"I'll", "Mississippi", "good") stay, and so does "www".
"""

from __future__ import annotations

import regex

from . import _fuse
from ._gates import Sketch, has_letter_triple, sketch
from .mapped import MappedBuilder, MappedText

LEET_MAP: dict[str, str] = {
    "4": "a", "3": "e", "1": "i", "0": "o", "@": "a", "$": "s",
    "5": "s", "7": "t", "|": "l", "!": "i",
}  # fmt: skip
_TRANS = str.maketrans(LEET_MAP)

_X = r"[\p{L}\p{N}@$|!]"
_Y = r"[013457@$|!]"
LEET_TOKEN = (
    rf"(?<!{_X})(?={_X}*?\p{{L}}{_Y}++\p{{L}}){_X}++"
    rf"|(?<!{_X})[013457|]\p{{L}}{{6,}}+(?!{_X})"
    rf"|(?<!{_X})0\p{{L}}{{2,}}+(?!{_X})"
    rf"|(?<!{_X})@\p{{L}}{{2,3}}+(?!{_X})"
)
"""Regex source of a token that may be leetspeak (the step decides)."""

REPEATS = r"(?!www(?!w))(?P<rep>\p{L})(?P=rep){2,}+"
"""Regex source: a letter repeated three or more times ("www" excepted)."""

_LEET = regex.compile(LEET_TOKEN)
_REPEATS = regex.compile(REPEATS)
_LEET_SKETCH = regex.compile(
    r"[01$](?:(?<=[ao?].)[01$]*+[ao?]|(?<![ao012$].)[ao?]{6}"
    r"|(?<=0)(?<![ao012$].)[ao?]{2}|(?<=\$)[ao?]{2,3}(?![ao012$]))"
)
"""The three token rules on the shape sketch ("?" may be a non-ASCII letter)."""
_NON_ASCII_TRIPLE = regex.compile(r"(?P<c>[^\x00-\x7F])(?P=c){2}")


def unleet_gate(sk: Sketch) -> bool:
    """:func:`unleet_might_change` on a sketch.

    Every rule of ``_LEET_SKETCH`` has a leet character ([01$] in ``SHAPE``)
    right before a letter ([ao?]): "1a" or "$a" in ``quick``.
    """
    q = sk.quick
    if "1a" not in q and "$a" not in q:
        return False
    return _fuse.search(_LEET_SKETCH, sk.shape) is not None


def repeats_gate(sk: Sketch) -> bool:
    """:func:`repeats_might_change` on a sketch."""
    if has_letter_triple(sk.raw):
        return True
    return 63 in sk.raw and _fuse.search(_NON_ASCII_TRIPLE, sk.text) is not None


def unleet_might_change(text: str) -> bool:
    """Gate: False only when :func:`unleet` surely changes nothing."""
    return unleet_gate(sketch(text))


def repeats_might_change(text: str) -> bool:
    """Gate: False only when :func:`collapse_repeats` surely changes nothing."""
    return repeats_gate(sketch(text))


_DOMAIN_AFTER = regex.compile(r"\.[\p{L}\p{N}]")


def _emailish(tok: str, text: str, end: int) -> bool:
    """One "@" inside a token that reads as an address, not a spelling."""
    if tok.count("@") != 1 or tok[0] == "@" or tok[-1] == "@":
        return False
    if _DOMAIN_AFTER.match(text, end):
        return True
    left, right = tok.split("@")
    return len(left) >= 3 and len(right) >= 3 and not any(c in "$|!" for c in tok)


def unleet(view: MappedText) -> MappedText:
    """Undo leetspeak inside words (see module doc)."""
    if not unleet_might_change(view.text):
        return view
    return _unleet(view)


def _unleet(view: MappedText) -> MappedText:
    """The step without its gate (tests check the gate against it)."""
    text = view.text
    b: MappedBuilder | None = None
    last = 0
    for m in _fuse.matches(_LEET, text):
        s, e = m.span()
        # "!" at either end is punctuation ("wow!", "!!b1tch")
        while s < e and text[s] == "!":
            s += 1
        while e > s and text[e - 1] == "!":
            e -= 1
        tok = text[s:e]
        if len(tok) < 2 or _emailish(tok, text, m.end()):
            continue
        new = tok.translate(_TRANS)
        if new == tok:
            continue
        if b is None:
            b = MappedBuilder()
        b.add_identity_run(view, last, s)
        # one character for one: each keeps its own origin, changed or not
        b.add_substituted_run(new, view, s, e)
        last = e
    if b is None:
        return view
    b.add_identity_run(view, last, len(text))
    return b.build()


def collapse_repeats(view: MappedText) -> MappedText:
    """Shorten runs of 3+ identical letters to one, glued to the whole run."""
    if not repeats_might_change(view.text):
        return view
    return _collapse_repeats(view)


def _collapse_repeats(view: MappedText) -> MappedText:
    """The step without its gate (tests check the gate against it)."""
    text = view.text
    b: MappedBuilder | None = None
    last = 0
    for m in _fuse.matches(_REPEATS, text):
        s, e = m.span()
        if b is None:
            b = MappedBuilder()
        b.add_identity_run(view, last, s)
        b.add_from(text[s], view, s, e)
        last = e
    if b is None:
        return view
    b.add_identity_run(view, last, len(text))
    return b.build()
