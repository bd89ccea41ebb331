"""US street addresses and PO boxes.

The policy forbids sending "offline store addresses" (Redirecting Customers)
and disclosing a customer's address (Data Privacy); rule packs tell the two
apart.  Seller chat is full of number-word-word phrases that look like an
address to a naive pattern ("2 pairs of street shoes", "100 Ct vitamins",
"3 Way switch", "5 Dr. Martens", "2 TB hard drive"), so a street needs:

- a house number (1-6 digits, optional letter or "-12"), not a price, order
  number, time or part of a decimal;
- one to four street-name words between it and the street type, none of them
  a unit, count or filler word ("of", "pairs", "pack", "oz" ...);
- a street type from the USPS suffix list (St, Ave, Rd, Blvd, Dr, Ln, Way,
  Ct, Pl, Hwy, Pkwy ...).

Kinds and values:

- ``street_address``: value is the matched address, lower-cased with single
  spaces.  0.95 with a unit or a city/state/ZIP tail, 0.85 when the street
  name is capitalised as typed, 0.6 lower-case with a common type (st, ave,
  rd ...), 0.4 lower-case with a type that is also an everyday word (way,
  court, place ...).  A lone unit ("Apt 4B", "Suite 200") is reported with
  evidence ``unit only`` and 0.5.
- ``po_box``: value ``po box <number>``; "PO boxes" without a number (talk
  about shipping limits) is not reported.

Runs on the ``clean`` view (case kept: state codes must be upper case, and
capitalisation is evidence).  Gate: a message without a street-type / "box"
/ unit word (one set test against the cached ``messaging.word_set``) or
without an ASCII digit (``bytes.translate``) exits before any regex runs;
so does one where no unit word has a number or letter after it, no "box"
follows "po"/"office" and no token starting with a street type comes two to
six tokens after one holding a digit (``_may_address``, str methods only);
the regexes take the timeout fuse only on long texts.
"""

from __future__ import annotations

import regex

from .._limits import fused_finditer, fused_search
from ..normalize import Views
from . import register
from .base import Detector, Entity
from .messaging import word_set

__all__ = ["AddressDetector"]

_TYPES_COMMON = (
    "street|st|avenue|ave|av|road|rd|boulevard|blvd|drive|dr|lane|ln|highway|hwy|parkway|pkwy|"
    "expressway|expy|freeway|fwy|turnpike|tpke|terrace|ter|trail|trl|circle|cir"
)
_TYPES_WORDY = "way|court|ct|place|pl|square|sq|pike|loop|row|alley|aly|plaza|plz|crescent|cres|point|pt|run|path"
_WORDY = frozenset(_TYPES_WORDY.split("|"))
_ABBREV = frozenset(
    "st ave av rd blvd dr ln hwy pkwy expy fwy tpke ter trl cir ct pl sq aly plz cres pt".split()
)

_STOP = frozenset(
    (
        "of the a an and or for to in on at by with from per each x is are was it its this that these those "
        "my our your his her their we you i they me us "
        "pair pairs pack packs pcs piece pieces pc set sets unit units item items bag bags box boxes bottle "
        "bottles can cans jar jars roll rolls sheet sheets "
        "inch inches in ft feet foot cm mm m km mi mile miles yard yards yd lb lbs pound pounds oz ounce ounces "
        "kg g gram grams ml l liter liters litre litres gal gallon gallons gb tb mb mp mah w watt watts v volt volts "
        "hour hours hr hrs day days week weeks wk wks month months mo mos year years yr yrs min mins minute "
        "minutes sec secs second seconds time times "
        "people person persons color colors colour colours size sizes count ct only more less best easy one two "
        "three other same hard flash thumb usb disk disc wheel memory external extra free big small large medium "
        "star stars step steps way ways percent dollar dollars bucks usd am pm order orders shipping business"
    ).split()
)
"""Words that never stand in a street name here: units, counts, fillers ("2 pairs of street shoes")."""
_WORD = r"(?:[a-z][a-z'\u2019\-]*\.?|\d{1,3}(?:st|nd|rd|th))"
_DIRECTION = r"(?:(?:n|s|e|w|ne|nw|se|sw)\.?|north|south|east|west|northeast|northwest|southeast|southwest)"
_UNIT = r"(?:(?:apt|apartment|suite|ste|unit|fl|floor|rm|room|bldg|building)\b\.?|#)\s*#?\s*(?:\d[a-z0-9\-]{0,5}|[a-z](?:\d{1,4})?)\b"
"""A unit: "Apt 4B", "Suite 200", "# C", "ste b" (a number or one letter, not "Apartments")."""
_STATE_CODES = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|"
    "NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR"
)
_STATE_NAMES = (
    "alabama|alaska|arizona|arkansas|california|colorado|connecticut|delaware|florida|georgia|hawaii|idaho|"
    "illinois|indiana|iowa|kansas|kentucky|louisiana|maine|maryland|massachusetts|michigan|minnesota|"
    "mississippi|missouri|montana|nebraska|nevada|new\\s+hampshire|new\\s+jersey|new\\s+mexico|new\\s+york|"
    "north\\s+carolina|north\\s+dakota|ohio|oklahoma|oregon|pennsylvania|rhode\\s+island|south\\s+carolina|"
    "south\\s+dakota|tennessee|texas|utah|vermont|virginia|washington|west\\s+virginia|wisconsin|wyoming"
)
_STATE = r"(?:(?-i:" + _STATE_CODES + r")|" + _STATE_NAMES + r")\b"
_ZIP = r"\d{5}(?:-\d{4})?(?!\d)"
_CITY = r"[a-z][a-z'.\-]*(?:\s+[a-z][a-z'.\-]*){0,2}"

_STREET = regex.compile(
    r"(?<![\w$#.,:/\-])(?P<num>\d{1,6}(?:-?[a-z]\b)?(?:-\d{1,5})?)\s+"
    r"(?:(?P<dir>" + _DIRECTION + r")\s+)?"
    r"(?P<name>" + _WORD + r"(?:\s+" + _WORD + r"){0,3}?)\s+"
    r"(?P<type>" + _TYPES_COMMON + "|" + _TYPES_WORDY + r")\b\.?"
    r"(?:\s+(?P<post>" + _DIRECTION + r"))?(?![\w\-])"
    + r"(?P<unit>\s*,?\s*" + _UNIT + r")?"
    r"(?P<tail>,\s*" + _CITY + r"(?:\s*,\s*|\s+)" + _STATE + r"(?:\s+" + _ZIP + r")?"
    r"|\s+" + _CITY + r",?\s+" + _STATE + r"\s+" + _ZIP
    + r"|\s*,?\s+" + _STATE + r"\s+" + _ZIP
    + r"|\s*,?\s+" + _ZIP + r")?",
    regex.IGNORECASE,
)
_PO_BOX = regex.compile(
    r"(?<![\w])(?:p\.?\s?o\.?|post\s+office)\s*box\s*(?:no\.?|number)?\s*#?\s*(?P<n>\d{1,6})(?!\d)",
    regex.IGNORECASE,
)
_UNIT_ONLY = regex.compile(
    r"(?<![\w])(?:apt|apartment|suite|ste)\.?\s*#?\s*(?:\d{1,5}[a-z]?|[a-z]\d{1,3}|(?-i:[A-Z]))(?![\w\-])",
    regex.IGNORECASE,
)
_SPACES = regex.compile(r"\s+")
_DIGITS = b"0123456789"
_GATE_WORDS = frozenset((_TYPES_COMMON + "|" + _TYPES_WORDY).split("|")) | {"box", "apt", "apartment", "suite", "ste"}
"""A street type, "box" or a unit word: without one there is nothing to find."""


_TYPE_WORDS = tuple(sorted(frozenset((_TYPES_COMMON + "|" + _TYPES_WORDY).split("|"))))
_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")
_FOLDS_TO_ASCII = ("\u0130", "\u017f", "\u212a")
"""The only non-ASCII characters IGNORECASE matches as ASCII letters ("İ", "ſ", the Kelvin sign)."""
_ASCII_WORD = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
_UPPER = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _may_unit(text: str, low: str) -> bool:
    """Where ``_UNIT_ONLY`` may match: a unit word not after an ASCII word
    character, then optional ".", spaces, "#", spaces and a digit, a letter
    and a digit, or a capital letter (``low`` is ``text`` lower-cased, same
    length)."""
    n = len(text)
    for u in ("apt", "apartment", "suite", "ste"):
        i = low.find(u)
        while i >= 0:
            if i == 0 or low[i - 1] not in _ASCII_WORD:
                j = i + len(u)
                if j < n and text[j] == ".":
                    j += 1
                while j < n and text[j].isspace():
                    j += 1
                if j < n and text[j] == "#":
                    j += 1
                while j < n and text[j].isspace():
                    j += 1
                c = text[j : j + 1]
                if c.isdigit() or c in _UPPER or (c.isalpha() and text[j + 1 : j + 2].isdigit()):
                    return True
            i = low.find(u, i + 1)
    return False


def _may_address(text: str) -> bool:
    """False only when ``detect`` finds nothing in ``text`` (its view).

    Besides the word and digit gates: ``_may_unit`` for ``_UNIT_ONLY``;
    a "box" right after "o"/"o."/"office" may end a ``_PO_BOX`` start; else a
    ``_STREET`` match needs a whitespace-separated token that starts with a
    street type (then a non-word character or the end) two to six tokens
    after one holding a digit (the house number, an optional direction and
    one to four name words, each a token: none holds a space)."""
    low = text.lower()
    words = word_set(low)
    if _GATE_WORDS.isdisjoint(words):
        return False
    raw = text.encode("ascii", "replace")
    if len(raw.translate(None, _DIGITS)) == len(raw):
        return False  # no ASCII digit
    if (not text.isascii() and any(c in text for c in _FOLDS_TO_ASCII)) or len(low) != len(text):
        return True
    if _may_unit(text, low):
        return True
    i = low.find("box")
    while i >= 0:
        j = i
        while j > 0 and low[j - 1].isspace():  # the spaces before one "box": disjoint runs, linear in all
            j -= 1
        if low.endswith(("o", "o.", "office"), 0, j):
            return True
        i = low.find("box", i + 3)
    toks = low.split()
    digits = [k for k, tok in enumerate(toks) if not tok.isalpha() and any(c.isdigit() for c in tok)]
    for j in digits:  # a house number at token j (name words such as "5th" hold digits too)
        for tok in toks[j + 2 : j + 7]:
            if tok.startswith(_TYPE_WORDS):
                for tw in _TYPE_WORDS:
                    if tok.startswith(tw) and tok[len(tw) : len(tw) + 1] not in _WORD_CHARS:
                        return True
    return False


def _capitalised(name: str) -> bool:
    """Every street-name word typed with a capital (or an ordinal such as 5th)."""
    return all(w[0].isupper() or w[0].isdigit() for w in name.split())


@register
class AddressDetector(Detector):
    """US street addresses (with optional unit and city/state/ZIP) and PO boxes."""

    name = "addresses"
    kinds = frozenset({"street_address", "po_box"})

    def quiet(self, text: str, low: str) -> bool:
        """``_may_address`` (the early exit of ``detect``) says no."""
        return not _may_address(text)

    def detect(self, views: Views) -> list[Entity]:
        view = views.clean
        text = view.text
        if not _may_address(text):
            return []  # no street type / unit / box word, no digit, or no number before a street type
        out: list[Entity] = []
        pos = 0
        while True:
            m = fused_search(_STREET, text, pos)
            if m is None:
                break
            s, e = m.span()
            names = m.group("name").split()
            if any(w.strip(".").lower() in _STOP or (w.endswith(".") and len(w) > 4) for w in names):
                # a number-word phrase ("2 pairs of street shoes") or a sentence break ("3 options. Kingston Pl")
                pos = m.start("num") + len(m.group("num"))
                continue
            typ = m.group("type").lower()
            if e == m.end("type") + 1 and typ not in _ABBREV:
                e -= 1  # "Street." ends the sentence; "Ave." is an abbreviation
            pos = e
            if m.group("unit") or m.group("tail"):
                conf, evidence = 0.95, "street with unit/city/ZIP"
            elif _capitalised(m.group("name")):
                conf, evidence = 0.85, "capitalised street"
            elif typ in _WORDY:
                conf, evidence = 0.4, "lower-case street, ambiguous type"
            else:
                conf, evidence = 0.6, "lower-case street"
            value = _SPACES.sub(" ", text[s:e].lower()).strip(" ,.")
            out.append(self.entity(view, s, e, "street_address", value, conf, evidence))
        for m in list(fused_finditer(_PO_BOX, text)):
            s, e = m.span()
            out.append(self.entity(view, s, e, "po_box", f"po box {m.group('n')}", 0.9, "PO box"))
        taken = [(x.start, x.end) for x in out]
        for m in list(fused_finditer(_UNIT_ONLY, text)):
            s, e = view.span(*m.span())
            if any(a < e and s < b for a, b in taken):
                continue
            value = _SPACES.sub(" ", m.group().lower())
            out.append(self.entity(view, m.start(), m.end(), "street_address", value, 0.5, "unit only"))
        out.sort(key=lambda x: x.start)
        return out
