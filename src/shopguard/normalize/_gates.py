"""Cheap gates: might a step change this text at all?

Most messages need none of the ``digits``/``squeezed``/``deobfuscated``
steps, and proving that with the steps' own regexes costs far more than the
steps are worth (the ``regex`` module spends tens of nanoseconds per position
per alternative).  A *gate* answers "might this step change the text?" from a
byte-level sketch of the text made with C-speed ``bytes.translate``,
substring tests and one ``split``; only when a gate fires does the step (or a
small precise trigger regex) run.  A gate may fire without a change (it is a
superset) but must never stay quiet when its step would change something:
``tests/normalize/test_plain.py`` checks that on generated text, and
``is_plain`` is the conjunction of all gates staying quiet.

Every non-ASCII character is sketched as one "?" byte, so offsets agree; a
gate that keys on letters treats "?" as a possible letter.
"""

from __future__ import annotations

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
_NOT_LETTER = bytes(0 if 97 <= c <= 122 else 0xFF for c in range(256))


class Sketch:
    """Byte sketches of one lower-case text (see module doc)."""

    __slots__ = ("raw", "shape", "_tokens", "_loose")

    def __init__(self, text: str) -> None:
        self.raw = text.encode("ascii", "replace")
        self.shape = self.raw.translate(SHAPE)
        self._tokens: list[bytes] | None = None
        self._loose: bytes | None = None

    @property
    def tokens(self) -> list[bytes]:
        """Maximal runs of ASCII letters/digits (non-ASCII splits tokens)."""
        if self._tokens is None:
            self._tokens = self.raw.translate(_WORDS).split()
        return self._tokens

    def three_single_letters(self) -> bool:
        """Three consecutive one-character tokens, "?" counting as a letter."""
        if self._loose is None:
            # "?" may be a letter or a separator: make it a token of its own
            loose = self.raw.replace(b"?", b" ? ").translate(_LOOSE)
            self._loose = b" " + b" ".join(loose.split()) + b" "
        return b" a a a " in self._loose

    def letter_triple(self) -> bool:
        """Some ASCII letter three times in a row (see :func:`has_letter_triple`)."""
        return has_letter_triple(self.raw)


@lru_cache(maxsize=64)
def sketch(text: str) -> Sketch:
    """The sketch of ``text`` (cached: the three steps share one ``folded``)."""
    return Sketch(text)


def has_letter_triple(raw: bytes) -> bool:
    """True when some ASCII lower-case letter occurs three times in a row.

    Byte-parallel with Python integers: XOR the text with itself shifted by
    one and by two bytes, OR in 0xFF where the first byte is not a letter,
    and test for a zero byte with the classic ``(v - 0x0101..) & ~v &
    0x8080..`` trick (non-zero exactly when some byte of ``v`` is zero).
    """
    n = len(raw) - 2
    if n <= 0:
        return False
    head = raw[:n]
    x0 = int.from_bytes(head, "big")
    v = (
        (x0 ^ int.from_bytes(raw[1 : n + 1], "big"))
        | (x0 ^ int.from_bytes(raw[2:], "big"))
        | int.from_bytes(head.translate(_NOT_LETTER), "big")
    )
    ones = int.from_bytes(b"\x01" * n, "big")
    return bool((v - ones) & ~v & (ones << 7))


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
