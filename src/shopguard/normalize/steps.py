"""The pipelines behind each view, and the plain-text fast path.

Each view is a chain of small steps (one module each), every step a function
``MappedText -> MappedText`` whose output still maps to the ORIGINAL message:

- ``clean``  = :func:`~.invisible.strip_invisible` → :func:`~.unicode.keycaps`
  → :func:`~.unicode.fold_unicode` (case kept);
- ``folded`` = ``clean`` → :func:`~.unicode.lower`;
- ``digits`` = ``folded`` → :func:`~.digits.spell_digits`;
- ``squeezed`` = ``folded`` → :func:`~.spacing.join_spaced_letters` →
  :func:`~.leet.unleet` → :func:`~.leet.collapse_repeats`;
- ``deobfuscated`` = ``folded`` → :func:`~.spacing.join_spaced_addresses` →
  :func:`~.obfuscation.deobfuscate`.

Every step has a cheap gate ("might this step change the text?", see
``_gates``).  :func:`gate_mask` runs all five on one text at once, sharing
the sketches and settling most chat with a few substring tests before any
per-step work; ``Views`` then skips every step whose bit is clear (and runs
the others without asking their gates again).  :func:`is_plain` is True only
for ASCII text on which no gate fires, so every view is the lower-cased text
with the identity map.

Measured on the project's 2-core machine, ``Views(t)`` plus reading all five
views of a plain 41-character message: about 3 µs, where gating each step on
its own took about 11 µs and one regex over every alternative about 80 µs.
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import _fuse
from . import digits as _digits
from . import invisible as _invisible
from . import leet as _leet
from . import obfuscation as _obfuscation
from . import spacing as _spacing
from . import unicode as _unicode
from ._gates import (
    NEAR_DIGIT,
    SINGLE_LETTERS_IN_WORDS,
    _WORDS,
    DIGIT_CLASS,
    QUICK,
    Sketch,
    three_single_letters,
)
from .digits import _WORDISH_B, spell_digits
from .invisible import bidi_override_spans, strip_invisible
from .leet import collapse_repeats, unleet
from .mapped import MappedText, mapped
from .obfuscation import deobfuscate
from .spacing import join_spaced_addresses, join_spaced_letters
from .unicode import fold_unicode, keycaps, lower

__all__ = [
    "bidi_override_spans",
    "clean",
    "collapse_repeats",
    "deobfuscate",
    "deobfuscated",
    "digits",
    "fold_unicode",
    "gate_mask",
    "is_plain",
    "join_spaced_addresses",
    "join_spaced_letters",
    "keycaps",
    "lower",
    "spell_digits",
    "squeeze",
    "strip_invisible",
    "unleet",
]

DIGITS, SPACED, LEET, REPEATS, OBFUSCATION = 1, 2, 4, 8, 16
"""Bits of :func:`gate_mask`: the gates of ``spell_digits``, ``join_spaced_letters``
(and ``join_spaced_addresses``), ``unleet``, ``collapse_repeats``, ``deobfuscate``."""

_TLDS_B = frozenset(t.encode() for t in _obfuscation._TLDS)
_SPECIAL_B = _WORDISH_B | _TLDS_B | {b"underscore"}
"""Tokens some gate looks for: number and helper words ("dot", "punto" among
them), top-level domains, "underscore"."""
_OBF_WORDS_B = frozenset((b"dot", b"punto", b"underscore"))


_TLD_NEEDLES = {t.encode(): (". " + t, "." + t) for t in _obfuscation._TLDS}


def _tld_after_dot(text: str, raw: bytes, special: frozenset[bytes]) -> bool:
    """A necessary condition of a TLD after a spaced dot (``obfuscation``'s
    ``_DOT_T`` without a "." before a letter): a TLD token right after ". "
    or "." ("x. com", "x .com"), or a tab or two spaces after a dot (left to
    the gate)."""
    for t in special:
        needles = _TLD_NEEDLES.get(t)
        if needles is not None and (needles[0] in text or needles[1] in text):
            return True
    return 9 in raw or ".  " in text


_SINGLE_LETTERS_B = frozenset(bytes((c,)) for c in range(97, 123))
_SPECIAL_OR_SINGLE_B = _SPECIAL_B | _SINGLE_LETTERS_B

_KNOWN: set[bytes] = set(_SPECIAL_OR_SINGLE_B)
"""Tokens (``_WORDS`` runs) known to hold no letter three times in a row:
the special and one-letter tokens, and every token :func:`gate_mask` has
tested.  Chat reuses a small vocabulary, so most texts have no token
outside it and skip the letter-triple test.  Bounded: reset when it reaches
:data:`_KNOWN_MAX` tokens.  A token is only added after the test has run
on it, so the set can only ever save work, never change an answer."""
_KNOWN_MAX = 1 << 15
_KNOWN_TOKEN_MAX = 32


_LETTER_TRIPLE = re.compile(rb"([a-z])\1\1")
"""A letter three times in a row, on the few tokens not yet known (short: the
standard library's ``re`` beats ``_gates.letter_triple_in_words`` there)."""


def _learn(unknown: set[bytes]) -> None:
    """Add ``unknown`` (tokens that hold no letter triple) to ``_KNOWN``."""
    if len(_KNOWN) >= _KNOWN_MAX:
        _KNOWN.clear()
        _KNOWN.update(_SPECIAL_OR_SINGLE_B)
    _KNOWN.update(t for t in unknown if len(t) <= _KNOWN_TOKEN_MAX)


def gate_mask(text: str) -> int:
    """Which steps' gates fire on ``text`` (a ``folded`` text): bits as above.

    Exactly the steps' own gates (``digits.might_change`` …) put together:
    the sketches every text needs (``raw``, ``quick``, ``tokens``) are made
    once, and each gate first gets a few substring and token-set tests that
    settle ordinary chat without building a :class:`Sketch` or running a
    ``regex`` search; only a gate those tests leave open asks its module, on
    one shared sketch.  Every test is a *necessary* condition of its gate
    (noted below), so the mask is exact.  The letter-triple test looks only
    at tokens not yet known (``_KNOWN``).  Plain text is
    ``gate_mask(text.lower()) == 0``.
    """
    raw = text.encode("ascii", "replace")
    words = b" " + raw.translate(_WORDS) + b" "
    toks = words.split()
    q = raw.translate(QUICK).decode("ascii")
    sos = _SPECIAL_OR_SINGLE_B.intersection(toks)
    special = _SPECIAL_B.intersection(sos) if sos else None
    # tokens never seen: new words, tokens with digits
    unknown = None if _KNOWN.issuperset(toks) else set(toks).difference(_KNOWN)
    sk: Sketch | None = None
    m = 0
    # unleet: each rule has a leet character ([01$] of SHAPE) right before a letter
    if ("1" in q and "1a" in q) or ("$" in q and "$a" in q):
        sk = Sketch(text, raw, q, toks)
        if _leet.unleet_gate(sk):
            m = LEET
    # spell_digits: number words next to digits or to each other (exact, on tokens);
    # or else a digit and: o/i/l touching one, single digits with only spaces
    # between, or a "?"
    has_digit = "1" in q or "2" in q
    wordish = special & _WORDISH_B if special else None
    if (
        wordish
        # without a digit, a number word needs another one next to it
        and (has_digit or len(wordish) > 1 or toks.count(next(iter(wordish))) > 1)
        and _digits._words_next_to_digits(toks)
    ):
        m |= DIGITS
    elif has_digit:
        d = raw.translate(DIGIT_CLASS).decode("ascii")
        if (
            "0o" in d
            or "o0" in d
            or "0 0" in d
            or "0  " in d
            or ("?" in d and NEAR_DIGIT.search(d) is not None)
        ):
            if sk is None:
                sk = Sketch(text, raw, q, toks)
            if _digits.gate(sk):
                m |= DIGITS
    # deobfuscate: a bracket pair; "." before a letter (a label, the "@" trigger);
    # a "dot"/"punto"/"underscore" token; a TLD token after a spaced dot
    if (
        ("[" in q and "]" in q)
        or ("." in q and ".a" in q)
        or (
            special
            and (
                not _OBF_WORDS_B.isdisjoint(special)
                or ((". " in q or " ." in q) and _tld_after_dot(text, raw, special))
            )
        )
    ):
        if sk is None:
            sk = Sketch(text, raw, q, toks)
        if _obfuscation.gate(sk):
            m |= OBFUSCATION
    # join_spaced_letters (exact): three one-letter tokens, "?" (non-ASCII) one of its own
    singles = sos is not None and not _SINGLE_LETTERS_B.isdisjoint(sos)
    if 63 in raw:
        n_q = raw.count(63)
        if (singles or n_q >= 3) and three_single_letters(raw, words):
            m |= SPACED
        if n_q >= 3 and raw.find(b"???") != -1 and _fuse.search(_leet._NON_ASCII_TRIPLE, text):
            m |= REPEATS  # a non-ASCII character three times in a row
    elif singles and SINGLE_LETTERS_IN_WORDS.search(words):
        m |= SPACED
    # collapse_repeats (exact): a letter three times in a row, inside a token not
    # known (special and one-letter tokens hold none)
    if unknown:
        if _LETTER_TRIPLE.search(b" ".join(unknown)):
            m |= REPEATS
        else:
            _learn(unknown)
    return m


def is_plain(text: str) -> bool:
    """ASCII with nothing any step would undo: every view equals ``text.lower()``.

    No step's gate fires on the lower-cased text (:func:`gate_mask`).
    """
    return text.isascii() and not gate_mask(text.lower())


_NON_ASCII_RUNS = re.compile(r"[^\x00-\x7f]+")


@lru_cache(maxsize=4096)
def _run_is_kept(run: str) -> bool:
    """A non-ASCII run none of the ``clean`` steps changes: no invisible
    character, no keycap, every character kept by ``fold_unicode`` (emoji, CJK …)."""
    return (
        "\u20e3" not in run
        and _invisible._INVISIBLE_RUN.search(run) is None
        and _unicode._all_kept(run)
    )


def clean(text: str) -> MappedText:
    """The ``clean`` view of an original message (identity for ASCII).

    Text whose non-ASCII runs are all kept as they are (a smiley after plain
    words) is returned as is without running the three steps: each of them
    would find nothing to do in those runs (``_run_is_kept``, cached per run).
    """
    view = mapped(text)
    if text.isascii():
        return view
    for run in _NON_ASCII_RUNS.findall(text):
        if not _run_is_kept(run):
            return fold_unicode(keycaps(strip_invisible(view)))
    return view


def digits(view: MappedText, mask: int | None = None) -> MappedText:
    """The ``digits`` view from ``folded`` (``mask``: its :func:`gate_mask`, if known)."""
    if mask is None:
        return spell_digits(view)
    return _digits._spell_digits(view) if mask & DIGITS else view


def squeeze(view: MappedText, mask: int | None = None, runs: list | None = None) -> MappedText:
    """The ``squeezed`` view from ``folded`` (``mask``: its :func:`gate_mask`, if known).

    A step whose gate bit is clear is skipped, one whose bit is set runs
    without asking its gate again; once a step has changed the text, the
    next ones check their own gates on the new text.  ``runs``:
    ``spacing.spaced_runs(view)``, if known.
    """
    if mask is None:
        return collapse_repeats(unleet(join_spaced_letters(view)))
    v = _spacing._join_spaced_letters(view, runs=runs) if mask & SPACED else view
    if v is view:
        v = _leet._unleet(view) if mask & LEET else view
    else:
        v = unleet(v)
    if v is view:
        return _leet._collapse_repeats(view) if mask & REPEATS else view
    return collapse_repeats(v)


def deobfuscated(view: MappedText, mask: int | None = None, runs: list | None = None) -> MappedText:
    """The ``deobfuscated`` view from ``folded`` (``mask``: its :func:`gate_mask`, if known;
    ``runs``: ``spacing.spaced_runs(view)``, if known)."""
    if mask is None:
        return deobfuscate(join_spaced_addresses(view))
    v = _spacing._join_spaced_letters(view, addresses_only=True, runs=runs) if mask & SPACED else view
    if v is view:
        return _obfuscation._deobfuscate(view) if mask & OBFUSCATION else view
    return deobfuscate(v)
