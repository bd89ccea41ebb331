#!/usr/bin/env python3
"""Generate ``src/shopguard/normalize/_confusables.py`` (a plain dict literal).

Run from a scratch environment, never at import time of shopguard::

    python -m venv /tmp/gen && /tmp/gen/bin/pip install confusable-homoglyphs==3.3.1
    /tmp/gen/bin/python tools/gen_confusables.py > src/shopguard/normalize/_confusables.py

Sources:

1. Unicode's confusables.txt (UTS #39), as shipped in JSON form by the
   ``confusable_homoglyphs`` package (MIT), with its script table: every
   *letter* (or a few letter-like maths symbols) of a Latin-lookalike script
   whose prototype is one ASCII letter.  Letters whose prototype is a digit
   (Cyrillic "З" → "3", "б" → "6") are left out: they are ordinary letters in
   their own language and would manufacture digit runs.
2. Unicode character names (Python's ``unicodedata``): small capitals
   ("ᴡʜᴀᴛsᴀᴘᴘ"), negative circled/squared letters ("🅵🅻🅰🆂🅷"), parenthesised
   letters and digits ("⒲"), and Latin letters "WITH" a hook, stroke, bar ...
   that no decomposition reaches ("ø", "ł", "ɓ").

Characters whose NFKC form is already ASCII are skipped (NFKC handles them),
except parenthesised letters and digits, which NFKC would wrap in "()".  Case follows the source
character (a capital maps to a capital letter), so the ``clean`` view keeps
case and ``folded`` lower-cases it.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from importlib import resources
from pathlib import Path

# Scripts whose letters are used to spoof Latin text.  Living scripts whose
# ordinary text would be garbled in bulk (Arabic, Hebrew, Indic, Ethiopic ...)
# are left out on purpose; Cyrillic, Greek and Armenian are in because mixing
# them into Latin words is the common attack.
SCRIPTS = {
    "LATIN", "COMMON", "GREEK", "CYRILLIC", "ARMENIAN", "CHEROKEE", "COPTIC", "LISU",
    "CANADIAN_ABORIGINAL", "DESERET", "OSAGE", "CARIAN", "LYCIAN", "OLD_ITALIC",
    "ELBASAN", "MIAO", "WARANG_CITI", "TIFINAGH", "RUNIC", "GEORGIAN",
}
SKIP_RANGES = ((0x2190, 0x21FF), (0x2500, 0x257F), (0x2900, 0x297F))  # arrows, box drawing


def _load(pkg_dir: Path | None) -> tuple[dict, dict]:
    if pkg_dir is None:
        base = resources.files("confusable_homoglyphs")
        conf = json.loads(base.joinpath("confusables.json").read_text("utf-8"))
        cats = json.loads(base.joinpath("categories.json").read_text("utf-8"))
    else:
        conf = json.loads((pkg_dir / "confusables.json").read_text("utf-8"))
        cats = json.loads((pkg_dir / "categories.json").read_text("utf-8"))
    return conf, cats


def _script_of(cats: dict):
    ranges = cats["code_points_ranges"]
    aliases = cats["iso_15924_aliases"]

    def script(ch: str) -> str:
        c = ord(ch)
        lo, hi = 0, len(ranges) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            a, b, al, _ = ranges[mid]
            if c < a:
                hi = mid - 1
            elif c > b:
                lo = mid + 1
            else:
                return aliases[al]
        return "UNKNOWN"

    return script


def _cased(src: str, target: str) -> str:
    cat = unicodedata.category(src)
    if cat == "Lu":
        return "I" if target == "l" else target.upper()
    if cat == "Ll":
        return target.lower()
    return target


def _nfkc_ascii(ch: str) -> bool:
    return unicodedata.normalize("NFKC", ch).isascii()


def from_confusables(conf: dict, cats: dict) -> dict[str, str]:
    script = _script_of(cats)
    out: dict[str, str] = {}
    for src, entries in conf.items():
        if len(src) != 1 or src.isascii() or _nfkc_ascii(src):
            continue
        cp = ord(src)
        if any(a <= cp <= b for a, b in SKIP_RANGES):
            continue
        cat = unicodedata.category(src)
        if script(src) not in SCRIPTS:
            continue
        if not (cat.startswith("L") or cat in ("Sm", "So")):
            continue
        targets = {_strip_marks(e["c"].replace("\u200e", "")) for e in entries}
        letters = sorted(t for t in targets if len(t) == 1 and t.isascii() and t.isalpha())
        if len(letters) == 1:
            out[src] = _cased(src, letters[0])
        else:
            # one hop through a Latin small capital: Cyrillic "н" is the
            # prototype of "ʜ", which is an "h" to a reader
            caps = sorted({m.group(1).lower() for t in targets if len(t) == 1
                           if (m := _SMALL_CAP.match(unicodedata.name(t, "")))})
            if len(caps) == 1 and len(caps[0]) == 1:
                out[src] = caps[0] if cat != "Lu" else caps[0].upper()
    return out


def _strip_marks(s: str) -> str:
    return "".join(c for c in s if unicodedata.category(c) != "Mn")


_SMALL_CAP = re.compile(r"^LATIN LETTER SMALL CAPITAL ([A-Z]{1,2})$")
_NEG = re.compile(r"^NEGATIVE (?:CIRCLED|SQUARED) LATIN CAPITAL LETTER ([A-Z])$")
_PAREN = re.compile(r"^PARENTHESIZED LATIN SMALL LETTER ([A-Z])$")
_PAREN_DIGIT = re.compile(r"^PARENTHESIZED (?:DIGIT|NUMBER) ([A-Z]+)$")
_WITH = re.compile(r"^LATIN (SMALL|CAPITAL) LETTER ([A-Z]) WITH ")
_PLAIN = re.compile(r"^LATIN (SMALL|CAPITAL) (?:LETTER|LIGATURE) (DOTLESS [IJ]|AE|OE|SHARP S|IJ)$")
_NUMBERS = {w: str(i) for i, w in enumerate(
    "ZERO ONE TWO THREE FOUR FIVE SIX SEVEN EIGHT NINE TEN ELEVEN TWELVE THIRTEEN FOURTEEN "
    "FIFTEEN SIXTEEN SEVENTEEN EIGHTEEN NINETEEN TWENTY".split())}


def from_names() -> dict[str, str]:
    out: dict[str, str] = {}
    for cp in range(0x80, 0x20000):
        ch = chr(cp)
        name = unicodedata.name(ch, "")
        if not name:
            continue
        # parenthesised forms first: NFKC would keep the parentheses ("⒲" → "(w)")
        if m := _PAREN.match(name):
            out[ch] = m.group(1).lower()
            continue
        if (m := _PAREN_DIGIT.match(name)) and m.group(1) in _NUMBERS:
            out[ch] = _NUMBERS[m.group(1)]
            continue
        if _nfkc_ascii(ch):
            continue
        if m := _SMALL_CAP.match(name):
            out[ch] = m.group(1).lower()
        elif m := _NEG.match(name):
            out[ch] = m.group(1)
        elif m := _WITH.match(name):
            letter = m.group(2)
            out[ch] = letter.lower() if m.group(1) == "SMALL" else letter
        elif m := _PLAIN.match(name):
            word = m.group(2).replace("DOTLESS ", "").replace("SHARP S", "SS")
            out[ch] = word.lower() if m.group(1) == "SMALL" else word
    return out


HEADER = '''"""Latin look-alikes → ASCII letters (GENERATED by tools/gen_confusables.py; do not edit).

Derived from Unicode data: confusables.txt of UTS #39 (Unicode Security
Mechanisms) as packaged by confusable_homoglyphs {pkg_version} (MIT licence), and
Unicode character names from Python's unicodedata {ucd}.  Unicode data files
are Copyright (c) Unicode, Inc., distributed under the Unicode License v3
(https://www.unicode.org/license.txt), which permits this use provided this
notice is kept.

Looked up before NFKC and again on what NFKC leaves (keys are characters NFKC
leaves non-ASCII, and the parenthesised forms NFKC would wrap in "()").
{n} entries.
"""

CONFUSABLES: dict[str, str] = {{
'''


def main(argv: list[str]) -> int:
    pkg_dir = Path(argv[1]) if len(argv) > 1 else None
    conf, cats = _load(pkg_dir)
    try:
        from importlib.metadata import version

        pkg_version = version("confusable-homoglyphs")
    except Exception:  # noqa: BLE001 - run from an unpacked wheel
        pkg_version = "3.3.1"
    table = from_confusables(conf, cats)
    for k, v in from_names().items():  # names win: they are exact
        table[k] = v
    lines = [HEADER.format(pkg_version=pkg_version, ucd=unicodedata.unidata_version, n=len(table))]
    for k in sorted(table):
        lines.append(f"    {k!r}: {table[k]!r},  # U+{ord(k):04X} {unicodedata.name(k, '?')}\n")
    lines.append("}\n")
    sys.stdout.write("".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
