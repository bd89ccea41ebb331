"""Unicode folding: compatibility forms, look-alikes, keycaps, case.

Why: "５５５", "𝐛𝐨𝐥𝐝", "ⓡⓔⓥⓘⓔⓦ", "ᴡʜᴀᴛsᴀᴘᴘ", "WhatsАpp" (Cyrillic А), "3️⃣1️⃣2️⃣"
and "W̷h̷a̷t̷s̷" all read as plain Latin text to a customer and as anything but
to a naive filter.  These steps make them plain ASCII where a reader would,
keeping case (the ``clean`` view) and then lower-casing it (``folded``).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import regex

from . import _fuse
from ._confusables import CONFUSABLES
from .mapped import MappedBuilder, MappedText, compose, mapped

# Hand-picked additions the generated table leaves out (sources: Unicode
# character names; these are letters or dots a reader takes for Latin ones).
_EXTRA: dict[str, str] = {
    "\u043a": "k",  # CYRILLIC SMALL LETTER KA
    "\u043c": "m",  # CYRILLIC SMALL LETTER EM
    "\u0138": "k",  # LATIN SMALL LETTER KRA
    "\u0251": "a",  # LATIN SMALL LETTER ALPHA
    "\u3002": ".",  # IDEOGRAPHIC FULL STOP ("gmail。com")
    "\u2024": ".",  # ONE DOT LEADER
    "\u00d7": "x",  # MULTIPLICATION SIGN ("⭐×5")
    "\U0001F51F": "10",  # KEYCAP TEN 🔟
}

_KEYCAP = regex.compile(r"[0-9#*]\u20E3")
"""A keycap after invisible characters are gone: "5️⃣" is '5' U+FE0F U+20E3."""

_NON_ASCII_RUN = regex.compile(r"[^\x00-\x7F]+")

_MARK = 1
_KEEP = 2


def _strip_accents(ch: str) -> str:
    d = unicodedata.normalize("NFD", ch)
    if len(d) > 1 and d[0].isascii() and all(unicodedata.category(c) == "Mn" for c in d[1:]):
        return d[0]
    return ch


@lru_cache(maxsize=16384)
def fold_char(ch: str) -> tuple[str, int]:
    """The ``clean`` form of one non-ASCII character and its kind.

    Returns ``(replacement, kind)``: kind ``_MARK`` for a combining mark (the
    caller drops it after an ASCII letter or digit), ``_KEEP`` when the
    character stays as it is, 0 otherwise.  Order: look-alike table, digits of
    any script, spaces, NFKC, then the table and accent stripping again on
    what NFKC leaves.
    """
    t = CONFUSABLES.get(ch) or _EXTRA.get(ch)
    if t is not None:
        return t, 0
    cat = unicodedata.category(ch)
    if cat == "Nd":
        return str(unicodedata.decimal(ch)), 0
    if cat in ("Mn", "Me"):
        return ch, _MARK
    if cat == "Zs":
        return " ", 0
    if cat in ("Zl", "Zp"):
        return "\n", 0
    n = unicodedata.normalize("NFKC", ch)
    if n == ch:
        if cat == "No":
            v = unicodedata.numeric(ch, None)
            if v is not None and v == int(v) and 0 <= v < 1000:
                return str(int(v)), 0
        if cat[0] == "L":
            s = _strip_accents(ch)
            if s != ch:
                return s, 0
        return ch, _KEEP
    out = []
    for x in n:
        if x.isascii():
            out.append(x)
            continue
        y = CONFUSABLES.get(x) or _EXTRA.get(x)
        if y is None:
            cx = unicodedata.category(x)
            y = str(unicodedata.decimal(x)) if cx == "Nd" else _strip_accents(x)
        out.append(y)
    return "".join(out), 0


@lru_cache(maxsize=4096)
def _all_kept(run: str) -> bool:
    """Every character of a non-ASCII run stays as it is (emoji, CJK ...)."""
    return all(fold_char(c)[1] == _KEEP for c in run)


def keycaps(view: MappedText) -> MappedText:
    """Emoji keycaps to digits: "5️⃣" (and "5⃣") → "5", mapped to the whole keycap.

    Why: "3️⃣1️⃣2️⃣ 5️⃣5️⃣5️⃣" is a phone number to any reader.  Runs after
    :func:`strip_invisible` (U+FE0F is already gone).  The keycap ten "🔟" is
    in the look-alike table ("10").
    """
    text = view.text
    if "\u20e3" not in text:
        return view
    b = MappedBuilder()
    last = 0
    for m in _fuse.matches(_KEYCAP, text):
        s, e = m.span()
        b.add_identity_run(view, last, s)
        b.add_from(text[s], view, s, e)
        last = e
    b.add_identity_run(view, last, len(text))
    return b.build()


def fold_unicode(view: MappedText) -> MappedText:
    """NFKC, look-alikes to Latin, accents and stray combining marks dropped.

    Why: fullwidth, mathematical, circled, squared, superscript and small-cap
    letters, Cyrillic/Greek/Cherokee look-alikes and digits of other scripts
    are all the same keyword or number to a reader.  Combining marks after an
    ASCII letter or digit ("W̷h̷a̷t̷s̷", "e\\u0301") are dropped and glued to
    that letter.  Only non-ASCII runs are visited; ASCII is copied in bulk.
    """
    text = view.text
    if text.isascii():
        return view
    b = MappedBuilder()
    last = 0
    changed = False
    starts, ends = view.starts, view.ends
    for m in _fuse.matches(_NON_ASCII_RUN, text):
        s, e = m.span()
        if _all_kept(m.group()):
            continue  # emoji and other text that stays as it is: copied in bulk later
        b.add_identity_run(view, last, s)
        # is the output character before this run an ASCII letter/digit?
        prev_alnum = s > 0 and text[s - 1].isascii() and text[s - 1].isalnum()
        for i in range(s, e):
            ch = text[i]
            rep, kind = fold_char(ch)
            os_ = i if starts is None else starts[i]
            oe = i + 1 if ends is None else ends[i]
            if kind == _MARK:
                if prev_alnum:
                    changed = True
                    b.extend_last(oe)
                    continue
                b.add(ch, os_, oe)
                continue
            if kind == _KEEP:
                b.add(ch, os_, oe)
                prev_alnum = False
                continue
            changed = True
            if rep:
                b.add(rep, os_, oe)
                last_c = rep[-1]
                prev_alnum = last_c.isascii() and last_c.isalnum()
            elif b.last_end == os_:
                b.extend_last(oe)
        last = e
    if not changed:
        return view
    b.add_identity_run(view, last, len(text))
    return b.build()


def lower(view: MappedText) -> MappedText:
    """Lower-case, keeping the map even where ``str.lower`` changes length."""
    low = view.text.lower()
    if len(low) == len(view.text):
        return mapped(low, view.starts, view.ends)
    b = MappedBuilder()
    for i, ch in enumerate(view.text):
        b.add(ch.lower(), i, i + 1)
    return compose(view, b.build())
