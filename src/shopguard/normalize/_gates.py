"""Cheap gates: might a step change this text at all?

Most messages need none of the ``digits``/``squeezed``/``deobfuscated``
steps, and proving that with the steps' own regexes costs far more than the
steps are worth (the ``regex`` module spends tens of nanoseconds per position
per alternative).  A *gate* answers "might this step change the text?" from
sketches of the text made with C-speed ``bytes.translate``, substring tests
and one ``split``; only when a gate fires does the step (or a small precise
trigger regex) run.  A gate may fire without a change (it is a superset) but
must never stay quiet when its step would change something:
``tests/normalize/test_norm_plain.py`` checks that on generated text.
``steps.gate_mask`` runs every gate on one text at once (and
``tests/normalize/test_norm_fastpath.py`` checks it bit for bit against the
gates one by one); ``steps.is_plain`` is all of them staying quiet.

Every non-ASCII character is sketched as one "?" byte, so offsets agree; a
gate that keys on letters treats "?" as a possible letter.  Tests run on
``str`` sketches where they can: ``"ab" in some_str`` is a plain search,
``b"ab" in some_bytes`` first tries its operand as an integer and pays for
the failure (about 0.2 µs a test on the project's machine).
"""

from __future__ import annotations

import re
from functools import lru_cache


def _table(mapping: dict[bytes, bytes], default: bytes) -> bytes:
    t = bytearray(default * 256)
    for chars, cls in mapping.items():
        for c in chars:
            t[c] = cls[0]
    return bytes(t)


_LETTERS = b"abcdefghijklmnopqrstuvwxyz"
_DIGITS = b"0123456789"

SHAPE = _table(
    {
        _LETTERS: b"a",
        b"oil": b"o",  # letters that double as digits ("7o2", "2l3")
        b"0": b"0",  # zero: a leet "o" even before a short word ("0xy")
        b"13457": b"1",  # other leet digits
        b"2689": b"2",
        b"@$|!": b"$",  # leet symbols
        b"?": b"?",  # non-ASCII (and "?")
        b" \t": b" ",
        b".": b".",
        b"-_*~": b"-",
        b"[({<": b"[",
    },
    b",",
)
"""Byte classes: a (letter), o (o/i/l), 0, 1 (other leet digit), 2 (other digit),
$ (@$|!), ? (non-ASCII), space, ".", "-", "[" (openers), "," (the rest)."""

_WORDS = bytes(c if (97 <= c <= 122 or 48 <= c <= 57) else 32 for c in range(256))
"""ASCII letters and digits kept, everything else a space: number-word tokens."""
_LOOSE = bytes(
    97 if (97 <= c <= 122 or c == 63) else (48 if 48 <= c <= 57 else 32) for c in range(256)
)
"""Letters and "?" (a possible non-ASCII letter) → "a", digits → "0", rest → space."""

QUICK = _table(
    {
        _LETTERS + b"ABCDEFGHIJKLMNOPQRSTUVWXYZ?": b"a",  # any letter, "?" may be one
        b"013457": b"1",  # leet digits
        b"2689": b"2",  # other digits
        b"@$|!": b"$",  # leet symbols
        b" \t": b" ",
        b".": b".",
        b"[({<": b"[",
        b"])}>": b"]",
    },
    b",",
)
"""Coarse classes for the gates' first tests (:attr:`Sketch.quick`, a str).

Every test on it is a *necessary* condition of some gate, so it may only
ever over-approximate: upper-case letters count as letters here although
``SHAPE`` does not know them, and "?" is a letter (it may stand for one).
"""
DIGIT_CLASS = _table(
    {_LETTERS: b"a", _DIGITS: b"0", b"oil": b"o", b" \t": b" ", b"?": b"?"}, b","
)
r"""Digits → "0", o/i/l → "o", other lower-case letters → "a", space/tab → " ",
"?" kept, the rest → "," (the ``digits`` gate's sketch).  Against ``SHAPE``:
"0" is exactly its [012], "o" its "o", "a" its "a", " " its " ", "?" its "?",
and "," its separators [.\-\[,$]."""
NEAR_DIGIT = re.compile(r"0[ ,]{0,6}+\?[ ,?]{0,6}+[0o]")
"""On :data:`DIGIT_CLASS`: a separator holding a non-ASCII character (an emoji?)
between a digit and a digit or o/i/l ("312🔸555").  The standard library's
``re``: linear (bounded, possessive repeats), and cheaper to call than ``regex``."""


class Sketch:
    """Sketches of one lower-case text (see module doc).

    ``raw`` (bytes, non-ASCII as "?"), ``quick`` (str, :data:`QUICK`) and
    ``tokens`` (ASCII letter/digit runs as bytes) are made up front: every
    text needs them.  ``shape`` (str, :data:`SHAPE`), ``digit_class``,
    ``words`` and the single-letter test are made on first use.

    ``steps.gate_mask`` makes ``raw``, ``quick`` and ``tokens`` itself and
    builds a sketch from them only for a gate its own tests leave open.
    """

    __slots__ = ("text", "raw", "quick", "tokens", "_shape", "_digit_class", "_words", "_loose")

    def __init__(
        self,
        text: str,
        raw: bytes | None = None,
        quick: str | None = None,
        tokens: list[bytes] | None = None,
    ) -> None:
        """``raw``, ``quick``, ``tokens``: already made by the caller (same definitions)."""
        self.text = text
        if raw is None:
            raw = text.encode("ascii", "replace")
        self.raw = raw
        self.quick = raw.translate(QUICK).decode("ascii") if quick is None else quick
        self.tokens = raw.translate(_WORDS).split() if tokens is None else tokens
        self._shape: str | None = None
        self._digit_class: str | None = None
        self._words: str | None = None
        self._loose: bool | None = None

    @property
    def shape(self) -> str:
        """``raw`` in :data:`SHAPE` classes."""
        if self._shape is None:
            self._shape = self.raw.translate(SHAPE).decode("ascii")
        return self._shape

    @property
    def digit_class(self) -> str:
        """``raw`` in :data:`DIGIT_CLASS` classes."""
        if self._digit_class is None:
            self._digit_class = self.raw.translate(DIGIT_CLASS).decode("ascii")
        return self._digit_class

    @property
    def words(self) -> str:
        """``raw`` with every byte but an ASCII letter or digit made a space (same offsets)."""
        if self._words is None:
            self._words = self.raw.translate(_WORDS).decode("ascii")
        return self._words

    def three_single_letters(self) -> bool:
        """Three consecutive one-character tokens, "?" counting as a letter.

        Tokens are maximal runs of letters/"?"/digits, where "?" (a possible
        non-ASCII letter, or a separator) is a token of its own (see
        :func:`three_single_letters`).
        """
        if self._loose is None:
            self._loose = three_single_letters(self.raw)
        return self._loose

    def letter_triple(self) -> bool:
        """Some ASCII letter three times in a row (see :func:`letter_triple_in_words`)."""
        return has_letter_triple(self.raw)


SINGLE_LETTERS_IN_WORDS = re.compile(rb" [a-z]  *[a-z]  *[a-z] ")
"""On ``b" " + raw.translate(_WORDS) + b" "``: three one-letter tokens in a row.

The standard library's ``re`` (no timeout fuse needed: linear, each space
run is scanned once) with a literal " " prefix to skip to: about half the
cost of ``regex`` on this pattern."""
_SINGLE_LETTERS_LOOSE = re.compile(" a  *a  *a ")


def three_single_letters(raw: bytes, words: bytes | None = None) -> bool:
    """Three one-letter tokens in a row in ``raw`` (a sketch's bytes).

    Tokens are maximal runs of letters, digits and "?"; "?" (non-ASCII, or a
    real "?") is a one-letter token of its own.  Without a "?" these are the
    ``_WORDS`` tokens, so ``words`` (``b" " + raw.translate(_WORDS) + b" "``,
    if the caller has it) is searched directly.
    """
    if 63 in raw:
        loose = (b" " + raw.replace(b"?", b" ? ") + b" ").translate(_LOOSE).decode("ascii")
        return _SINGLE_LETTERS_LOOSE.search(loose) is not None
    if words is None:
        words = b" " + raw.translate(_WORDS) + b" "
    return SINGLE_LETTERS_IN_WORDS.search(words) is not None


@lru_cache(maxsize=64)
def sketch(text: str) -> Sketch:
    """The sketch of ``text`` (cached: the steps of one view chain share one ``folded``)."""
    return Sketch(text)


_BIT6: dict[int, int] = {}


def letter_triple_in_words(words: bytes) -> bool:
    """True when some ASCII lower-case letter occurs three times in a row in
    ``words`` (bytes holding only a-z, 0-9 and spaces: ``raw.translate(_WORDS)``).

    Byte-parallel with Python integers: XOR ``y`` with itself shifted one
    byte, so a byte is zero where it equals the one before; OR in 0x40 where
    the byte is a digit or a space (letters are the only bytes here with bit
    0x40); OR that with itself shifted one more byte: a zero byte is then a
    letter equal to the two before it.  The byte shifted in at the top is
    zero, which no letter equals.  (``bytes`` searches for a bytes needle and
    ``~y`` cost more here than the extra shift.)
    """
    n = len(words)
    if n < 3:
        return False
    y = int.from_bytes(words, "big")
    bit6 = _BIT6.get(n)
    if bit6 is None:
        bit6 = int.from_bytes(b"\x40" * n, "big")
        if n <= 4096:
            _BIT6[n] = bit6
    z = (y ^ (y >> 8)) | ((y & bit6) ^ bit6)
    return 0 in (z | (z >> 8)).to_bytes(n, "big")


def has_letter_triple(raw: bytes) -> bool:
    """True when some ASCII lower-case letter occurs three times in a row in ``raw``."""
    return letter_triple_in_words(raw.translate(_WORDS))


def word_trie(words) -> str:
    """A regex alternation of ``words`` factored as a trie ("t(?:wo|hree|en)").

    The ``regex`` module tries alternatives one by one at every position; a
    trie lets it reject a position on the first letter.
    """
    import regex

    root: dict = {}
    for w in set(words):
        node = root
        for c in w:
            node = node.setdefault(c, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = [regex.escape(c) + emit(sub) for c, sub in sorted(node.items()) if c]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" in node:
            body = "(?:" + body + ")?"
        return body

    return emit(root)
