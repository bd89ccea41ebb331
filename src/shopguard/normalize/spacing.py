"""Spaced-out letters joined: "w h a t s a p p", "p-a-y-p-a-l", "E.t.s.y".

Why: a keyword typed one letter at a time slips past any word matcher while
reading exactly the same.  A *run* is three or more single letters (each
with no letter or digit touching it) joined by one space or by one
punctuation mark (". - _ * · • ~ @", optionally spaced).  Inside a run:

- the most common joiner is removed ("w h a t s a p p" → "whatsapp"); an
  "@" joiner never is ("k a y l a @ g m a i l . c o m" → "kayla@gmail.com");
- a wider gap of two or more spaces is a word break and becomes one space
  ("B L A C K  F R I D A Y" → "black friday");
- any other joiner keeps its punctuation without the spaces, so
  "w w w . g l o w h a u s - b e a u t y . s h o p" → "www.glowhaus-beauty.shop".

Apostrophes end a run ("I'll", "don't"), and so does a letter touching a
word ("a b cat" is not a run of three).
"""

from __future__ import annotations

from collections import Counter

import regex

from . import _fuse
from ._gates import Sketch, sketch
from .mapped import MappedBuilder, MappedText

_GAP = r"[ \t]{2,6}"
_JOIN = r"[ \t]{0,2}[.\-_*\u00b7\u2022~@][ \t]{0,2}|[ \t]"
_NOT_WORD = r"(?![\p{L}\p{N}\p{M}'\u2019])"

SPACED_RUN = (
    r"(?<![\p{L}\p{N}\p{M}'\u2019@#$&_\-.])"
    rf"(?P<l>\p{{L}}){_NOT_WORD}"
    rf"(?:(?P<s>{_GAP}|{_JOIN})(?P<l>\p{{L}}){_NOT_WORD}){{2,}}"
)
"""Regex source: three or more single letters joined by spaces or punctuation."""

_RUN = regex.compile(SPACED_RUN)


def gate(sk: Sketch) -> bool:
    """:func:`might_change` on a sketch."""
    return sk.three_single_letters()


def might_change(text: str) -> bool:
    """Gate: False only when :func:`join_spaced_letters` surely changes nothing."""
    return sketch(text).three_single_letters()


def join_spaced_letters(view: MappedText) -> MappedText:
    """Join runs of spaced or punctuated single letters (see module doc)."""
    if not might_change(view.text):
        return view
    return _join_spaced_letters(view)


Run = tuple[list[tuple[int, int]], list[tuple[int, int]], list["str | None"]]
"""One joinable run: its letter spans, its separator spans, and what each
separator becomes (None: dropped, " ": a word gap, else its punctuation)."""


def spaced_runs(view: MappedText) -> list[Run]:
    """The runs :func:`_join_spaced_letters` joins in ``view`` (both of its
    variants: ``addresses_only`` only filters this list).  ``Views`` finds them
    once for the ``squeezed`` and ``deobfuscated`` views, which both start
    from ``folded``."""
    text = view.text
    runs: list[Run] = []
    for m in _fuse.matches(_RUN, text):
        letters = m.spans("l")
        seps = m.spans("s")
        sep_texts = [text[s:e] for s, e in seps]
        first = sep_texts[0]
        if sep_texts.count(first) == len(sep_texts):
            # one separator throughout ("a a a", "p.a.y"): it is the dominant
            # joiner (all dropped) unless it is a gap or holds "@"
            if "@" in first or (len(first) >= 2 and not first.strip(" \t")):
                continue
            runs.append((letters, seps, [None] * len(seps)))
            continue
        gaps = [len(t) >= 2 and not t.strip(" \t") for t in sep_texts]
        # "@" is kept wherever it is ("k a y l a @ g m a i l", "p @ y p @ l")
        joiners = Counter(t for t, g in zip(sep_texts, gaps) if not g and "@" not in t)
        if not joiners:
            continue
        # a run needs a group of at least three letters between gaps
        group = best = 1
        for g in gaps:
            group = 1 if g else group + 1
            best = max(best, group)
        if best < 3:
            continue
        dominant = joiners.most_common(1)[0][0]
        # what each separator becomes: None (dropped), " " (word gap) or its punctuation
        out = [
            " " if g else None if t == dominant else (t.strip(" \t") or " ")
            for t, g in zip(sep_texts, gaps)
        ]
        runs.append((letters, seps, out))
    return runs


def _join_spaced_letters(
    view: MappedText, addresses_only: bool = False, runs: list[Run] | None = None
) -> MappedText:
    """The step without its gate (tests check the gate against it).

    ``runs``: :func:`spaced_runs` of ``view``, when already found.
    """
    if runs is None:
        runs = spaced_runs(view)
    b: MappedBuilder | None = None
    last = 0
    for letters, seps, out in runs:
        if addresses_only and not _address_like(out):
            continue
        if b is None:
            b = MappedBuilder()
        # every letter is one character: copy the letters between two kept
        # separators in one call
        pos = [ls for ls, _ in letters]
        b.add_identity_run(view, last, pos[0])
        g = 0
        for i, o in enumerate(out, 1):
            if o is not None:
                b.add_chars_at(view, pos[g:i])
                ss, se = seps[i - 1]
                b.add_from(o, view, ss, se)
                g = i
        b.add_chars_at(view, pos[g:])
        last = letters[-1][1]
    if b is None:
        return view
    b.add_identity_run(view, last, len(view.text))
    return b.build()


def _address_like(out: list[str | None]) -> bool:
    """A joined run that is a host or address: a kept "." or "@" with two letters after the last "."."""
    if "." not in out and "@" not in out:
        return False
    if " " in out:
        return False
    tail = len(out) - 1 - max(i for i, o in enumerate(out) if o in (".", "@"))
    return tail >= 1  # at least two letters after it (separators count the gaps)


def join_spaced_addresses(view: MappedText) -> MappedText:
    """Join spaced letters only where the result is a host or address.

    Why: "w w w . g l o w h a u s - b e a u t y . s h o p" is a web address
    to a reader; the ``deobfuscated`` view (where link and e-mail detectors
    look) gets "www.glowhaus-beauty.shop" without joining every spaced word.
    """
    if not might_change(view.text):
        return view
    return _join_spaced_letters(view, addresses_only=True)
