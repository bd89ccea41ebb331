"""Spelled-out and disguised digits made plain, for phone and account detectors.

Why: "four one five, five five five, oh one three four", "tres uno dos",
"double five", "7O2 555 O165", "312🔸555🔸0187" and "3 1 2 5 5 5 0 1 8 7" are
phone numbers to any reader.  :func:`spell_digits` rewrites such *runs* of
digit tokens so a detector sees "415 555 0134".

A run is digit tokens (digits, number words in English or Spanish, "double
five", digit groups typed with O/I/l) joined by separators (spaces,
punctuation, emoji, the words "dash"/"dot").  Number words are converted
ONLY in a run of at least three tokens or next to a real digit, so "five
pairs", "two or three days" and "one size fits all" stay words; "o"/"oh"
count as zero only between two other tokens.  A run with nothing to undo
("$15.99", "415-555-0134", "12/25/2024") is left exactly as typed.

In a rewritten run, whitespace between spoken digits (or between single
typed digits) is removed and any other separator becomes one space; every
digit maps to the token it came from, so the whole evasive region maps back
("four one five … three four" spans from "f" of "four" to its last "r").
"""

from __future__ import annotations

import regex

from . import _fuse
from ._gates import NEAR_DIGIT, Sketch, sketch, word_trie
from .mapped import MappedBuilder, MappedText

ONES: dict[str, str] = {
    "zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5",
    "six": "6", "seven": "7", "eight": "8", "nine": "9", "niner": "9",
    "cero": "0", "uno": "1", "dos": "2", "tres": "3", "cuatro": "4", "cinco": "5",
    "seis": "6", "siete": "7", "ocho": "8", "nueve": "9",
}  # fmt: skip
"""Single-digit number words (English and Spanish)."""
ZERO_LETTERS: dict[str, str] = {"o": "0", "oh": "0"}
"""Read as zero only between two other digit tokens ("five oh one")."""
TEENS: dict[str, str] = {
    "ten": "10", "eleven": "11", "twelve": "12", "thirteen": "13", "fourteen": "14",
    "fifteen": "15", "sixteen": "16", "seventeen": "17", "eighteen": "18", "nineteen": "19",
    "diez": "10",
}  # fmt: skip
TENS: dict[str, str] = {
    "twenty": "2", "thirty": "3", "forty": "4", "fourty": "4", "fifty": "5",
    "sixty": "6", "seventy": "7", "eighty": "8", "ninety": "9",
}  # fmt: skip
MULTIPLIERS: dict[str, int] = {"double": 2, "triple": 3, "treble": 3, "doble": 2}
SEPARATOR_WORDS = ("dash", "hyphen", "dot", "guion", "punto")

_UNITS_EN = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
"""Units after an English tens word ("twenty one")."""


def _alt(words) -> str:
    return "|".join(sorted(set(words), key=len, reverse=True))


SEP_CHARS = (
    r"\t .,\-\u2010-\u2015\u2212/\\()\[\]_:;|*~\u2022\u00b7'\"#"
    r"\p{So}\p{Sk}"  # emoji and modifier symbols used as separators
)
"""Separator characters between digit tokens (no newline: lines are separate)."""

SEP = (
    rf"(?:[{SEP_CHARS}]{{1,6}}+"
    rf"|[ \t]{{0,3}}+\b(?:{_alt(SEPARATOR_WORDS)})\b[ \t]{{0,3}}+)"
)
_ONES_O_ALT = word_trie(list(ONES) + list(ZERO_LETTERS))
WORD_ALT = word_trie(list(ONES) + list(ZERO_LETTERS) + list(TEENS) + list(TENS) + list(MULTIPLIERS))
"""Every word that can be (part of) a digit token."""

LETTER_DIGITS = (
    r"(?<![\p{L}\p{N}])(?=[0-9oil]*?[oil])(?=[0-9oil]*?[0-9])[0-9oil]++(?![\p{L}\p{N}])"
)
"""Digit groups typed with look-alike letters: "7o2", "o165", "2l3", "oi42"."""

TOKEN = (
    r"(?:[0-9]++(?![oil])"
    rf"|\b(?:{word_trie(MULTIPLIERS)})[ \t]++(?:(?:{_ONES_O_ALT})\b|[0-9](?![0-9]))"
    rf"|\b(?:{word_trie(TENS)})(?:[ \t\-]++(?:{word_trie(_UNITS_EN)})\b|\b)"
    rf"|\b(?:{word_trie(TEENS)})\b"
    rf"|{LETTER_DIGITS}"
    rf"|\b(?:{_ONES_O_ALT})\b"
    r"|[0-9]++)"
)

_RUN = regex.compile(rf"(?P<t>{TOKEN})(?:(?P<s>{SEP})(?P<t>{TOKEN}))*+")

_LD_TOKEN = regex.compile(LETTER_DIGITS)
_SPACED_SINGLE_SKETCH = regex.compile(r"0(?<!00) ++0(?!0)")
"""On the digit-class sketch: two single digits with only spaces between ("3 1 2")."""
# A separator holding a non-ASCII character between digits ("312🔸555"):
# ``_gates.NEAR_DIGIT``.  Number words after an emoji are caught by token
# adjacency instead.
_NUMBER_WORDS_B = frozenset(
    w.encode() for w in list(ONES) + list(TEENS) + list(TENS) + list(MULTIPLIERS)
)
_HELPER_WORDS_B = frozenset(w.encode() for w in list(ZERO_LETTERS) + list(SEPARATOR_WORDS))
_WORDISH_B = _NUMBER_WORDS_B | _HELPER_WORDS_B


def _words_next_to_digits(toks: list[bytes]) -> bool:
    """Token adjacency, a superset of "a number word can join a run".

    A number word next to a digit or another (number or helper) word; a
    helper word ("oh", "dash", "dot" ...) between two digit-ish tokens.
    Separators are ignored, so this never misses a run the step would see.
    Only the positions of the number and helper words present are visited.
    """
    n = len(toks)
    for w in _WORDISH_B.intersection(toks):
        number = w in _NUMBER_WORDS_B
        i = -1
        for _ in range(toks.count(w)):
            i = toks.index(w, i + 1)
            prev = toks[i - 1] if i else b""
            nxt = toks[i + 1] if i + 1 < n else b""
            left = prev[-1:].isdigit() or prev in _WORDISH_B
            right = nxt[:1].isdigit() or nxt in _WORDISH_B
            if (left or right) if number else (left and right):
                return True
    return False


def gate(sk: Sketch) -> bool:
    """:func:`might_change` on a sketch (see ``_gates``)."""
    if _words_next_to_digits(sk.tokens):
        return True
    q = sk.quick
    if "1" not in q and "2" not in q:
        return False  # no digit at all
    d = sk.digit_class
    if ("0o" in d or "o0" in d) and _fuse.search(_LD_TOKEN, sk.text):
        return True  # a digit group typed with o/i/l ("7o2"), not "38in"
    if ("0 0" in d or "0  " in d) and _fuse.search(_SPACED_SINGLE_SKETCH, d):
        return True
    return "?" in d and NEAR_DIGIT.search(d) is not None


def might_change(text: str) -> bool:
    """Gate: False only when :func:`spell_digits` surely leaves ``text`` as it is."""
    return gate(sketch(text))


_NUM, _WORD, _ZERO, _LD = 0, 1, 2, 3
_LD_MAP = str.maketrans("oil", "011")
_SPLIT = regex.compile(r"[ \t\-]+")


def _token(tok: str) -> tuple[str, int]:
    """Digits of one token and its kind."""
    if tok.isdigit():
        return tok, _NUM
    d = ONES.get(tok) or TEENS.get(tok)
    if d is not None:
        return d, _WORD
    d = ZERO_LETTERS.get(tok)
    if d is not None:
        return d, _ZERO
    parts = _SPLIT.split(tok)
    n = MULTIPLIERS.get(parts[0])
    if n is not None:
        last = parts[-1]
        return (ONES.get(last) or ZERO_LETTERS.get(last) or last) * n, _WORD
    t = TENS.get(parts[0])
    if t is not None:
        return t + (ONES[parts[1]] if len(parts) > 1 else "0"), _WORD
    return tok.translate(_LD_MAP), _LD


def _weight(text: str, span: tuple[int, int]) -> int:
    """How many spoken digits a word token stands for ("triple 0" is three)."""
    head = text[span[0] : span[1]].split(None, 1)[0]
    return MULTIPLIERS.get(head, 1)


def _ws(sep: str) -> bool:
    return not sep.strip(" \t")


def spell_digits(view: MappedText) -> MappedText:
    """Rewrite evasive runs of digit tokens as plain digit groups (see module doc)."""
    if not might_change(view.text):
        return view
    return _spell_digits(view)


def _spell_digits(view: MappedText) -> MappedText:
    """The step without its gate (tests check the gate against it)."""
    text = view.text
    b: MappedBuilder | None = None
    last = 0
    for m in _fuse.matches(_RUN, text):
        run = m.group()
        if run.isascii() and " " not in run and "\t" not in run and run.upper() == run.lower():
            # ASCII digit groups and punctuation only ("415-555-0134", "1-1-1-1"):
            # no number word, no o/i/l, no emoji separator and no whitespace
            # between single digits, so nothing below would rewrite it
            continue
        toks = m.spans("t")
        if len(toks) == 1 and text[toks[0][0] : toks[0][1]].isdigit():
            continue  # a lone digit group: the common case
        seps = m.spans("s")
        parsed = [_token(text[s:e]) for s, e in toks]
        lo, hi = 0, len(toks)
        while lo < hi and parsed[lo][1] == _ZERO:
            lo += 1
        while hi > lo and parsed[hi - 1][1] == _ZERO:
            hi -= 1
        if hi - lo == 0:
            continue
        kinds = [k for _, k in parsed[lo:hi]]
        n_words = sum(1 for k in kinds if k in (_WORD, _ZERO))
        n_raw = len(kinds) - n_words
        if n_words and n_raw == 0 and sum(_weight(text, toks[i]) for i in range(lo, hi)) < 3:
            continue  # "two, five", "double five": words alone, too short to be a number
        if len(kinds) == 1:
            d, k = parsed[lo]
            if k != _LD:
                continue
            tok = text[toks[lo][0] : toks[lo][1]]
            if sum(c.isdigit() for c in tok) * 2 < len(tok):
                continue  # "l0l": more letters than digits alone is a word
        run_seps = [text[s:e] for s, e in seps[lo : hi - 1]]
        evasive = n_words > 0 or _LD in kinds or any(
            not sp.isascii() or any(c.isalpha() for c in sp) for sp in run_seps
        )
        if not evasive:
            # only typed digits with plain separators: rewrite just "3 1 2"-style spelling
            streak = best = 1
            for i in range(lo + 1, hi):
                single = (
                    len(parsed[i][0]) == 1 and len(parsed[i - 1][0]) == 1 and _ws(run_seps[i - lo - 1])
                )
                streak = streak + 1 if single else 1
                best = max(best, streak)
            if best < 3:
                continue
        if b is None:
            b = MappedBuilder()
        b.add_identity_run(view, last, toks[lo][0])
        for i in range(lo, hi):
            if i > lo:
                ss, se = seps[i - 1]
                sep = text[ss:se]
                (pd, pk), (cd, ck) = parsed[i - 1], parsed[i]
                spoken = pk in (_WORD, _ZERO) or ck in (_WORD, _ZERO)
                if not (_ws(sep) and (spoken or (len(pd) == 1 and len(cd) == 1))):
                    b.add_from(" ", view, ss, se)
            ts, te = toks[i]
            b.add_from(parsed[i][0], view, ts, te)
        last = toks[hi - 1][1]
    if b is None:
        return view
    b.add_identity_run(view, last, len(text))
    return b.build()
