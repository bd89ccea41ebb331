"""Phone numbers: the one contact detail a pre-send filter sees most often.

Sellers paste tracking numbers, order numbers, SKUs, prices and dates all
day, so the detector is built to stay quiet on those:

1. A cheap gate: fewer than 7 digits in the message means no phone number
   (vanity numbers such as 1-800-FLOWERS are the only exception, see below).
2. One precompiled, linear-time regex finds *runs* of digits joined by
   separators on the ``digits`` view (spelled-out digits, keycaps and
   fullwidth digits already made plain digits there).
3. A run is cut into *pieces* at the places where one number can end and the
   next begin (" - ", "--", ", ", two spaces, " (", "+"), and consecutive
   pieces are tried longest first, so "(415) 666-7777 (800) 443-1223" gives
   two numbers while "+44 (20) 7123 4567" stays one.  A piece longer than any
   phone number (tracking, order and card numbers) is never cut further.
4. Cheap structural checks (length, NANP shape, grouping, date shapes, nearby
   words) run before ``phonenumbers`` is asked, and its answers are cached:
   the library is the slow part, so it only sees plausible candidates.

Context words ("order #", "tracking number:", "sku", "awb" ...) right before
a number suppress it; any other word in between ("order questions? call
800-...") breaks the link, which is how a closer phone word wins.  Numbers
typed with a leading "+" are never suppressed: order and tracking numbers do
not start with one.

Numbers are read in the default region (US; ``phone_default_regions`` in the
allowlist ``lists`` changes it), internationally after "+", "00" (also typed
"0~0"), "011", or as "44 (0)20 ..." (a country code, then the trunk "0" in
brackets).  Other countries' national formats ("0344 493 0787",
"13812345678") count only next to a phone word, or for a grouped number
starting with a trunk "0" right after "at"/"on"/":".  A 7-digit local number
needs a phone word too.  An area code in brackets waives the NANP grouping
check ("(1800) 7493.524").  In a Mexican deployment the retired prefixes
044/045 (mobiles) and 01 are dropped ("045 33 1234-5678").

Possible but unassigned numbers (``is_possible_number``, the test of
phonenumbers' ``Leniency.POSSIBLE``: right length, not on an assigned range)
need a phone word, except:

* "+CC ..." (or "44 (0)..."): a "+" is how people write phone numbers, not
  IDs; not glued to a code ("x+1234567"), possible as a whole number (not
  only locally), not a placeholder, not grouped in thousands ("+12.500.000");
* outside NANP, a number of 9-12 digits typed the way the deployment region
  writes phone numbers: exactly its national grouping ("312 345 678" in IT)
  or a trunk "0" + area code followed by groups of 3-4 digits ("023 1234
  0000" in AR); spaces, dashes, dots and brackets only, not 4-4-4 blocks,
  not continuing a code ("WX-4417-2023").  A number typed 3-3-4 that is a
  valid US number is reported as that ("800-433-7300" in IT).

Placeholders ("123-456-7890", "0123/456789", "(000) 000-0000") stay quiet on
their own, since people type them as examples of a format; next to a phone
word ("call me at 123-456-7890") they are flagged at 0.6, because the seller
is still asking to be called off the platform.

Confidence: 0.95 valid with a phone word near; 0.9 valid (and vanity);
0.85 a bare 10-digit run with no context (IDs look like that too); 0.8 a
foreign national format; 0.6 possible but not assigned; 0.55 7-digit local.
Values are E.164 ("+14155550134"), the bare digits for a local number.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left, bisect_right
from functools import lru_cache
from typing import NamedTuple

import phonenumbers
import regex
from phonenumbers import NumberParseException, PhoneNumberFormat

from .._limits import FUSE_MIN_CHARS, regex_timeout
from ..normalize import MappedText, Views
from . import register
from .base import Detector, DetectorConfig, Entity

__all__ = ["PhoneDetector"]

# --------------------------------------------------------------------------
# Patterns (all precompiled, all linear: possessive quantifiers, bounded
# separator runs, no nested unbounded repetition that can backtrack).

_GATE = regex.compile(r"\d(?:\D*+\d){6}|\d\d\d[ .\-)]{1,3}+[a-z]")
"""Seven digits anywhere, or an area code followed by letters (1-800-FLOWERS):
without either there is no phone number to find.  One regex call, because the
call itself (with its timeout) is most of the cost on the fast path."""

_SEP_CHARS = (
    r" \t\n\r\u00a0\u2000-\u200a\u202f\u3000"  # spaces; a line break splits (see _classify)
    r".\-\u2010-\u2015\u2212\ufe58\ufe63\uff0d/~\u2053\u223c\uff5e()"  # punctuation
    r",;+|*_\u00b7\u2022"  # list punctuation and odd joiners (classified later)
    r"\p{So}\p{Mn}\p{Me}"  # emoji used as separators, combining marks of keycaps
)
_RUN = regex.compile(
    r"(?:\+[ \t]{0,2}+(?:\([ \t]?+)?+|\([ \t]{0,2}+)?+\d++(?:[" + _SEP_CHARS + r"]{1,5}+\d++)*+"
)
"""A run of digits with at most five separator characters between groups."""

_DIGITS = regex.compile(r"\d++")

_EXT = regex.compile(
    r"[ \t]{0,4}+[,;]?+[ \t]{0,4}+(?:ext(?:ension)?+\.?+|x|#)[ \t.:]{0,3}+(\d{1,7}+)(?!\d)"
)
"""An extension right after a number: "ext. 12", " x 123", ",x 7246433"."""

_LEET_TOKEN = regex.compile(
    r"(?<![\p{L}\p{N}])(?=[\p{L}\p{N}]*?\d)(?=[\p{L}\p{N}]*?[oil])[0-9oil]++(?![\p{L}\p{N}])"
)
"""Tokens of digits mixed with o/i/l ("7o2", "2l3", "oi42"): read as digits."""
_LEET_MAP = str.maketrans("oil", "011")
_LEET_HINT = regex.compile(r"\d(?:[oil]|(?<=[oil]\d))")
r"""A digit next to an o/i/l (``\d[oil]|[oil]\d``, written to start with a
character class: the ``regex`` module then skips to candidate characters
quickly, about twice as fast on chat; only ever asked whether it matches)."""
_VANITY_HINT = regex.compile(
    r"[2-9](?<!\d.)(?:\d\d[.\-)]|(?<=8)[0-8][0-8] )[ ]?+[a-z0-9]{0,4}+[.\-]?+[a-z]"
)
r"""Cheap test for the shapes ``_VANITY`` can accept ("2023 version" is not one):
``(?<!\d)(?:[2-9]\d\d[.\-)]|8[0-8][0-8] )...`` written to start with a
character class (about four times as fast on chat); only asked whether it matches."""

_POSSESSIVES = ("my", "our", "his", "her", "their", "the")
_POSSESSIVE_NUMBER = r"\s+(?:(?:phone|cell|mobile|contact|whatsapp)\s+)?+(?:number|no\.?+|#)"
_PHONE_ALTS: tuple[str, ...] = (
    r"call(?:s|ing)?+", r"cal;l", r"ph(?:one)?+", r"tel(?:e(?:phone)?+)?+", r"cell(?:phone)?+", r"mobile", r"mob",
    r"landline", r"hotline", r"help\s?+line", r"helpdesk", r"fax", r"text(?:s|ed|ing)?+", r"txt", r"sms",
    r"dial(?:ing)?+", r"ring",
    r"wh?[a4]t?s?+\s?+[a4]pp", r"wa", r"wsp", r"viber", r"signal", r"telegram", r"wechat", r"line\s+id",
    r"reach(?:ed|ing)?+", r"contact(?:ed|ing)?+", r"hit\s+me\s+up",
    r"customer\s+(?:services?+|care)", r"custcare", r"support\s+line",
    r"zelle", r"venmo", r"cash\s?+app", r"apple\s+pay",
    "(?:" + "|".join(_POSSESSIVES) + ")" + _POSSESSIVE_NUMBER,
    r"numbers?+",
    r"llam[ae]", r"llámame", r"n[uú]mero", r"telefono", r"teléfono",
)
_PHONE_WORDS = r"(?<![a-z])(?:" + "|".join(_PHONE_ALTS) + r")(?![a-z])"
"""Words that make a digit run read as a phone number."""

_WEAK_CUE = regex.compile(r"(?<![a-z])(?:at|on|via|is|it's|:)[ \t]*+$")
"""'... team on 0344 493 0787': enough to try other countries' formats."""

_SUPPRESSOR_ALTS: tuple[str, ...] = (
    r"orders?+", r"tracking", r"track", r"trk", r"sku", r"model", r"mdl", r"ref(?:erence)?+", r"invoice", r"inv",
    r"awb", r"waybill", r"air\s?+waybill", r"usps", r"ups", r"fedex", r"dhl", r"ontrac", r"lasership", r"shipment",
    r"parcel", r"package",
    r"item", r"part", r"serial", r"s/n", r"lot", r"batch", r"p\.?o", r"case", r"ticket", r"claim", r"confirmation",
    r"conf",
    r"receipt", r"transaction", r"txn", r"account", r"acct", r"routing", r"iban", r"swift", r"upc", r"ean", r"isbn",
    r"asin",
    r"barcode", r"coupon", r"code", r"voucher", r"gift\s+card", r"card",
)
_SUPPRESSOR_END = r"(?![a-z])(?:(?<=ref|inv|mdl|trk|conf|acct|txn|p\.?o)\.)?+"
_SUPPRESSORS = r"(?<![a-z])(?:" + "|".join(_SUPPRESSOR_ALTS) + ")" + _SUPPRESSOR_END
"""Words that make a digit run read as an order, tracking or other identifier."""


def _by_first_char(alts: tuple[str, ...]) -> str:
    """``(?:a1|a2|...)`` with the alternatives grouped by their first
    (literal) character: "c(?:all...|ell...)|p(?:h...)".  It matches exactly
    what the plain alternation does (alternatives starting with different
    characters never both match at one place, and each group keeps the
    order of its alternatives), but the ``regex`` module tries one group at a
    place instead of every alternative: about twice as fast."""
    groups: dict[str, list[str]] = {}
    for alt in alts:
        assert alt[0].isalpha() and alt[1:2] not in ("?", "*", "+", "{"), alt  # a plain first letter
        groups.setdefault(alt[0], []).append(alt[1:])
    return "(?:" + "|".join(c + "(?:" + "|".join(rest) + ")" for c, rest in groups.items()) + ")"


_CONTEXT_FLAT = (
    r"\b(?:(?P<p>" + _PHONE_WORDS.removeprefix("(?<![a-z])") + ")|(?P<s>"
    + _SUPPRESSORS.removeprefix("(?<![a-z])") + "))"
)
"""Both word lists in one pass (each regex call has a fixed cost); a leading
``\b`` lets the engine skip mid-word positions quickly."""
_PHONE_ALTS_SPLIT = tuple(
    alt
    for a in _PHONE_ALTS
    for alt in ([w + _POSSESSIVE_NUMBER for w in _POSSESSIVES] if a.startswith("(?:my|") else [a])
)
"""``_PHONE_ALTS`` with "(?:my|our|...) number" as one alternative per word
(the same matches, in the same order: each word starts a group of its own)."""
_CONTEXT = regex.compile(
    r"\b(?:(?P<p>" + _by_first_char(_PHONE_ALTS_SPLIT) + r"(?![a-z]))|(?P<s>"
    + _by_first_char(_SUPPRESSOR_ALTS) + _SUPPRESSOR_END + "))"
)
"""``_CONTEXT_FLAT`` with each word list grouped by first letter (the same matches)."""

_SUPPRESS_GAP = regex.compile(
    r"[\s#:\-=(]{0,4}+(?:(?:is|was|of|for|your|the|numbers?+|num|no\.?+|nr|id|code|#)"
    r"(?![a-z])[\s#:\-=(]{0,4}+){0,3}+"
)
"""What may stand between an identifier word and its number: "order number is #"."""

_VANITY = regex.compile(
    r"(?<![\p{L}\p{N}+])"
    r"(?P<pre>(?:\+[ \t]?+)?+1[ .\-]?+)?+"
    r"(?P<area>\([ \t]?+[2-9]\d\d[ \t]?+\)|[2-9]\d\d)(?P<sep>[ .\-]?+)"
    r"(?P<body>[a-z0-9]{1,10}+(?:[.\-][a-z0-9]{1,10}+){0,3}+)"
    r"(?![\p{L}\p{N}])"
)
"""Area code followed by letters spelling the rest: 1-800-FLOWERS, 888-GO-FEDEX."""

_TOLL_FREE = frozenset({"800", "833", "844", "855", "866", "877", "888"})
_KEYPAD = str.maketrans(
    "abcdefghijklmnopqrstuvwxyz", "22233344455566677778889999"
)


_NANP_REGIONS = frozenset({"US", "CA"})

_FALLBACK_REGIONS: tuple[str, ...] = (
    "GB", "CN", "HK", "IN", "PH", "MX", "VN", "ID", "MY", "TH", "SG", "PK", "BD",
    "NG", "KE", "GH", "ZA", "BR", "CO", "AR", "JP", "KR", "TW", "IL", "AE", "SA",
    "TR", "EG", "DE", "FR", "IT", "ES", "NL", "PL", "RU", "UA", "AU", "NZ", "IE",
)
"""Regions tried for a national-format number only when a phone word is near."""

# Separator classes between two digit groups.
_WEAK, _STRONG, _COMMA, _HARD = 0, 1, 2, 3

_MAX_COMMA_PIECES = 5
"""At most this many comma-separated pieces make one number ("415, 555, 0134")."""

_MAX_DIGITS = 17
"""Longest digit string tried as one number (international prefix + 15)."""

_CONF_PHONE_WORD = 0.95
_CONF_VALID = 0.9
_CONF_BARE = 0.85
_CONF_FOREIGN = 0.8
_CONF_VANITY = 0.9
_CONF_POSSIBLE = 0.6
_CONF_LOCAL = 0.55


class _Piece(NamedTuple):
    start: int  # view index where the piece starts (incl. a leading "+" or "(")
    first: int  # index of its first digit group
    last: int  # index of its last digit group
    ndigits: int


def _total_digits(pieces: list[_Piece], i: int, j: int) -> int:
    """Digits in pieces i..j."""
    return sum(p.ndigits for p in pieces[i : j + 1])


class _Hit(NamedTuple):
    start: int
    end: int
    value: str
    confidence: float
    evidence: str


# --------------------------------------------------------------------------
# phonenumbers, behind caches: parsing costs ~20 µs, a cache hit ~0.2 µs.


def _keep_patterns() -> None:
    """Have phonenumbers keep its compiled metadata patterns (bounded by the
    metadata).  Otherwise a message tried in many regions overflows the ``re``
    module's cache of 512 patterns and phonenumbers recompiles them on every
    call: about a third of the detector's time on long hostile texts."""
    global _patterns_kept
    if not _patterns_kept:
        enable = getattr(phonenumbers, "enable_pattern_cache", None)  # newer phonenumbers only
        if enable is not None:
            enable()
        _patterns_kept = True


_patterns_kept = False


_metadata_loaded = False


def _load_metadata() -> None:
    """Every region's numbering metadata, once per process, at build time.

    phonenumbers imports a region's data module the first time a number of
    that region is parsed; a check must never read files, so the detector
    loads them all when it is built or unpickled (~70 ms, ~1.4 MiB, once).
    Regions configured beyond the built-in ones get their screen when the
    detector is built (``__init__``).
    """
    global _metadata_loaded
    if not _metadata_loaded:
        phonenumbers.PhoneMetadata.load_all()
        # and the regions' screens (compiled patterns), or the first message that
        # needs them pays ~100 ms
        for region in (*_FALLBACK_REGIONS, *sorted(_NANP_REGIONS)):
            _national_screen(region)
        _metadata_loaded = True


@lru_cache(maxsize=4096)
def _parse(number: str, region: str | None) -> tuple[bool, bool, str, str, tuple[int, ...]]:
    """(valid, possible, E.164, region, digit groups of the national format)."""
    if not _patterns_kept:
        _keep_patterns()
    try:
        n = phonenumbers.parse(number, region)
    except NumberParseException:
        return False, False, "", "", ()
    valid = phonenumbers.is_valid_number(n)
    possible = valid or phonenumbers.is_possible_number(n)
    e164 = phonenumbers.format_number(n, PhoneNumberFormat.E164) if possible else ""
    where, groups = region or "", ()
    if valid:
        where = phonenumbers.region_code_for_number(n) or where
        if region is not None:
            groups = _groups_of(phonenumbers.format_number(n, PhoneNumberFormat.NATIONAL))
    return valid, possible, e164, where, groups


def _groups_of(formatted: str) -> tuple[int, ...]:
    return tuple(len(g) for g in "".join(c if c.isdigit() else " " for c in formatted).split())


@lru_cache(maxsize=None)
def _national_screen(region: str) -> tuple[str, object, object, bool, tuple] | None:
    """What ``_may_be_valid_national`` needs to know about one region, from
    phonenumbers' own metadata: its country code, its international (IDD) and
    national prefix patterns, whether national prefixes are rewritten, and the
    general and per-type number descriptions (possible lengths, pattern) of
    every region sharing its country code.  None: unknown region, never
    screened."""
    import re

    md = phonenumbers.PhoneMetadata.metadata_for_region(region, None)
    if md is None or md.country_code is None:
        return None
    idd = re.compile(md.international_prefix) if md.international_prefix else None
    npp = re.compile(md.national_prefix_for_parsing) if md.national_prefix_for_parsing else None
    def desc(d: object) -> tuple[frozenset[int], object] | None:
        pattern = getattr(d, "national_number_pattern", None)
        if not pattern:
            return None  # phonenumbers never matches an empty description
        return frozenset(getattr(d, "possible_length", None) or ()), re.compile(pattern)

    descs: list[tuple[tuple[frozenset[int], object], tuple[tuple[frozenset[int], object], ...]]] = []
    for r in phonenumbers.region_codes_for_country_code(md.country_code):
        rmd = phonenumbers.PhoneMetadata.metadata_for_region(r, None)
        general = desc(rmd.general_desc) if rmd is not None else None
        if general is None:
            continue  # phonenumbers never finds a number valid there
        types = tuple(t for t in (desc(getattr(rmd, a, None)) for a in _TYPE_DESCS) if t is not None)
        descs.append((general, types))
    return str(md.country_code), idd, npp, bool(md.national_prefix_transform_rule), tuple(descs)


_TYPE_DESCS = ("premium_rate", "toll_free", "shared_cost", "voip", "personal_number", "pager",
               "uan", "voicemail", "fixed_line", "mobile")
"""The number types ``is_valid_number`` tries after the general description
(phonenumbers' ``_number_type_helper``): a valid number matches one of them."""


def _may_be_valid_national(d: str, region: str) -> bool:
    """False only when ``phonenumbers.parse(number, region)`` of a number typed
    without "+" whose digits are ``d`` (ASCII) cannot be valid, decided without
    parsing (a parse costs ~20-50 µs; hostile texts full of digit runs next to
    phone words try dozens of regions per run).

    Unless the digits start with the region's IDD prefix (another country:
    always parsed), parse() takes as the national significant number the
    digits themselves, or what is left after it strips the region's country
    code and/or its national prefix (at most twice); a rewritten national
    prefix (AR, BR, MX ...) is always parsed.  The number is valid only if
    that NSN matches the general description (possible lengths and pattern)
    of a region with the same country code, and the description of one of
    its number types (fixed line, mobile, toll free ...).
    """
    screen = _national_screen(region)
    if screen is None:
        return True
    cc, idd, npp, rewrites, descs = screen
    if idd is not None and idd.match(d):  # type: ignore[attr-defined]
        return True
    nsns = [d]
    if d.startswith(cc):
        nsns.append(d[len(cc):])
    if npp is not None:
        for s in list(nsns):
            for _ in range(2):
                m = npp.match(s)  # type: ignore[attr-defined]
                if m is None:
                    break
                if rewrites and m.groups() and m.groups()[-1] is not None:
                    return True
                s = s[m.end():]
                nsns.append(s)
    for nsn in nsns:
        n = len(nsn)
        for (lengths, pattern), types in descs:
            if (not lengths or n in lengths) and pattern.fullmatch(nsn):  # type: ignore[attr-defined]
                for t_lengths, t_pattern in types:
                    if (not t_lengths or n in t_lengths) and t_pattern.fullmatch(nsn):  # type: ignore[attr-defined]
                        return True
    return False


@lru_cache(maxsize=1024)
def _possible_groups(number: str, region: str) -> tuple[int, ...] | None:
    """Digit groups of the region's national format of a number possible as a
    whole (not only as a local number: ``is_possible_number`` says yes to
    those too), else None."""
    try:
        n = phonenumbers.parse(number, region)
    except NumberParseException:
        return None
    if phonenumbers.is_possible_number_with_reason(n) != phonenumbers.ValidationResult.IS_POSSIBLE:
        return None
    return _groups_of(phonenumbers.format_number(n, PhoneNumberFormat.NATIONAL))


def _digit_groups(text: str, start: int, end: int, timeout: float | None) -> list[tuple[int, int]]:
    """(start, end) of each digit group in text[start:end].

    Short runs are scanned in Python: a ``regex`` call with a timeout costs
    more than the scan of a typical phone-number-sized run.
    """
    if end - start > 64:
        it = _DIGITS.finditer(text, start, end) if timeout is None else _DIGITS.finditer(text, start, end, timeout=timeout)
        return [m.span() for m in it]
    out: list[tuple[int, int]] = []
    gs = -1
    for i in range(start, end):
        if text[i].isdigit():
            if gs < 0:
                gs = i
        elif gs >= 0:
            out.append((gs, i))
            gs = -1
    if gs >= 0:
        out.append((gs, end))
    return out


def _digits_of(text: str, groups: list[tuple[int, int]], g0: int, g1: int) -> str:
    """The digits of groups g0..g1 as ASCII."""
    raw = "".join(text[groups[k][0] : groups[k][1]] for k in range(g0, g1 + 1))
    return raw if raw.isascii() else "".join(str(int(c)) for c in raw)


def _open_bracket(sep: str) -> int:
    """Index of a "(" that ends ``sep`` (spaces after it allowed), else -1."""
    i = sep.rstrip(" \t").rfind("(")
    return i if i >= 0 and i == len(sep.rstrip(" \t")) - 1 else -1


def _is_year(s: str) -> bool:
    return len(s) == 4 and s[:2] in ("19", "20")


def _nanp_shape(d: str) -> bool:
    """10 digits (or 1 + 10) with area code and exchange starting 2-9."""
    if len(d) == 11 and d[0] == "1":
        d = d[1:]
    return len(d) == 10 and d[0] > "1" and d[3] > "1"


def _plausible_nanp(d: str) -> bool:
    """NANP-shaped and not an example number: worth building a window for."""
    return _nanp_shape(d) and not _placeholder(d)


def _nanp_grouping_ok(d: str, groups: list[int]) -> bool:
    """Digit groups typed the way people type NANP numbers.

    3-3-4, 3-7, one block, or one digit at a time (spaced-out evasion).
    Rejects 4-4-2 dates, 2-1-2-2 decimals, 4-4-4 tracking blocks.
    """
    if all(g == 1 for g in groups):
        return True
    g = list(groups)
    if len(d) == 11:
        if g[0] == 1:
            g = g[1:]
        elif g[0] == 4:  # "1800 ..."
            g[0] = 3
        elif g[0] == 11:
            g[0] = 10
        else:
            return False
    bounds: set[int] = set()
    pos = 0
    for n in g[:-1]:
        pos += n
        bounds.add(pos)
    allowed = {3, 6} if len(d) >= 10 else {3}
    return bounds <= allowed


def _formatted_nanp(text: str, groups: list[tuple[int, int]], g0: int, g1: int) -> bool:
    """Groups 3-3-4 (optionally 1-3-3-4) with a dash, dot or bracket between them."""
    sizes = [groups[k][1] - groups[k][0] for k in range(g0, g1 + 1)]
    if sizes not in ([3, 3, 4], [1, 3, 3, 4]):
        return False
    seps = "".join(text[groups[k - 1][1] : groups[k][0]] for k in range(g0 + 1, g1 + 1))
    return any(c in "-.()\u2010\u2011\u2012\u2013\u2212" for c in seps)


def _placeholder(d: str) -> bool:
    """All one digit, or counting up: the numbers people type as examples."""
    if len(set(d)) == 1:
        return True
    core = d[1:] if d[0] == "1" and len(d) == 11 else d
    return core in "01234567890" or core in "1234567890"


def _code_before(text: str, start: int) -> bool:
    """The number continues a code: "x+1234567", "WX-4417-2023", "A/0231234000"."""
    if start == 0:
        return False
    c = text[start - 1]
    return c.isalnum() or (c in "-_/." and start >= 2 and text[start - 2].isalnum())


_CODE_PREFIX_OK = frozenset({"tel", "ph", "cell", "call", "txt", "text", "wa", "sms", "mob", "fax", "no", "num"})


def _code_prefix(text: str, start: int) -> bool:
    """The digits continue a short code such as "XA-3122-6204" or "RW-5617-2448".

    A run of 1-4 letters (optionally followed by digits) glued to the number by
    "-", "_" or "/" is a model, lot or SKU prefix, not a phone word.
    """
    if start < 2 or text[start - 1] not in "-_/":
        return False
    i = start - 1
    while i > 0 and text[i - 1].isdigit():
        i -= 1
    j = i
    while j > 0 and text[j - 1].isalpha():
        j -= 1
    word = text[j:i]
    if not word or len(word) > 4 or word in _CODE_PREFIX_OK:
        return False
    return j == 0 or not text[j - 1].isalnum()


def _bare_international_ok(text: str, start: int, intl: str, sizes: list[int]) -> bool:
    """A possible "+CC ..." number with no phone word: not glued to a code or a
    sum ("5+1234567"), not an example or filler number ("+1 123 456 7890",
    "+1 555 000 0000"), not grouped in thousands ("+12.500.000", "+44 123 456
    789": an amount), and possible as a whole number, not only as a local one."""
    if _code_before(text, start) or _placeholder(intl) or len(set(intl[-7:])) < 3:
        return False
    if len(sizes) >= 3 and sizes[0] <= 3 and all(s == 3 for s in sizes[1:]):
        return False
    return _possible_groups("+" + intl, "ZZ") is not None


@lru_cache(maxsize=256)
def _trunk_prefix(region: str) -> str:
    """The region's national (trunk) prefix as digits ("0" in AR, GB, NZ; "" in IT, PL)."""
    return phonenumbers.ndd_prefix_for_region(region, True) or ""


_OLD_MX_PREFIXES = (("044", 13), ("045", 13), ("01", 12))
"""Mexico's dialling prefixes retired in 2019 that people still type:
"044/045" before a mobile, "01" before a long-distance or 800 number."""

_NATIONAL_SEPS = frozenset(" -.()\u00a0\u2010\u2011\u2012\u2013\u2212")


def _regional_shape(d: str, sizes: list[int], cand: str, region: str, typed: str) -> bool:
    """A possible national number typed the way that region writes phone numbers.

    Either grouped exactly as the region formats it ("312 345 678" in IT), or
    a trunk "0" plus area code, then groups of 3-4 ("023 1234 0000" in AR,
    "06 412 3456" in NZ).  At least 9 digits (an area code: a bare local
    number needs a phone word, as in the US), only spaces, dashes, dots and
    brackets between the groups (no slashes: dates), 2-4 groups of at least 2
    digits (not spaced-out digits), not 4-4-4 blocks (tracking and card
    numbers), not thousands with dots ("312.345.678"); 8 digits are also
    "0800-2400" opening hours.
    """
    if not (2 <= len(sizes) <= 4 and 9 <= len(d) <= 12 and min(sizes) >= 2):
        return False
    if len(sizes) >= 3 and all(s == 4 for s in sizes[:-1]):
        return False
    if any(not c.isdigit() and c not in _NATIONAL_SEPS for c in typed):
        return False
    if "." in typed and sizes[0] <= 3 and all(s == 3 for s in sizes[1:]):
        return False  # "312.345.678 euro": thousands
    trunk = (
        d[0] == "0" and d[1] != "0" and _trunk_prefix(region) == "0"
        and 2 <= sizes[0] <= 5 and len(sizes) <= 3 and all(3 <= s <= 4 for s in sizes[1:])
    )
    natgroups = _possible_groups(cand, region)  # the only phonenumbers call, last
    return natgroups is not None and (trunk or tuple(sizes) == natgroups)


def _date_like(d: str, groups: list[int]) -> bool:
    """Date or year shapes: 2023-11-18, 11/18/2023, 2019-2023, 1979-2011 100."""
    if len(groups) < 2:
        return False
    parts: list[str] = []
    pos = 0
    for n in groups:
        parts.append(d[pos : pos + n])
        pos += n
    for a, b in zip(parts, parts[1:]):
        if _is_year(a) and ((len(b) <= 2 and 1 <= int(b) <= 12) or _is_year(b)):
            return True
    if len(parts) >= 3:
        a, b, c = parts[0], parts[1], parts[2]
        if len(a) <= 2 and len(b) <= 2 and (_is_year(c) or len(c) == 2):
            if 1 <= int(a) <= 31 and 1 <= int(b) <= 31 and (int(a) <= 12 or int(b) <= 12):
                return True
    return False


@lru_cache(maxsize=4096)
def _classify(sep: str) -> int:
    """How strongly a separator between two digit groups splits numbers.

    Cached: a pure function of a few characters, called once per digit group
    ("1-1-1-..." on 1 MB is half a million calls with a handful of values).
    """
    if "+" in sep:
        return _HARD
    if "," in sep or ";" in sep:
        return _COMMA
    if "|" in sep or "\t" in sep or "\n" in sep or "\r" in sep:
        return _STRONG  # a number may still span it ("415\n555\n0132"), if it is valid
    spaces = sum(1 for c in sep if c.isspace())
    if spaces >= 2 and not ("(" in sep or ")" in sep):
        # "7 - 8", "a  b", but not "(415) 666" (one space) nor "4 1 5"
        return _STRONG
    if "--" in sep or "\u2014" in sep:
        return _STRONG
    if spaces and "(" in sep and sep[0].isspace():
        return _STRONG  # "7777 (800": a new bracketed area code
    if sep.startswith(".") and len(sep) > 1 and sep[1].isspace():
        return _STRONG  # "9002309. 158": sentence end
    if sep[0].isspace() and sep[-1] in "~\u223c\uff5e\u2053":
        return _STRONG  # "524 ~1234": a tilde opening a new token ("0~0" is a Polish prefix)
    return _WEAK


def _leet_work(text: str, timeout: float | None) -> str:
    """``text`` with digit/o/i/l tokens read as digits ("7o2" -> "702"), the
    text ``_RUN`` is searched in; ``text`` itself when there is none."""
    if (_LEET_HINT.search(text) if timeout is None else _LEET_HINT.search(text, timeout=timeout)) is None:
        return text
    if timeout is None:
        return _LEET_TOKEN.sub(_leet_digits, text)
    return _LEET_TOKEN.sub(_leet_digits, text, timeout=timeout)


def _leet_digits(m: "regex.Match[str]") -> str:
    return m.group().translate(_LEET_MAP)


def _segments(text: str, rs: int, groups: list[tuple[int, int]]):
    """The segments of a run (digit groups ``groups``, starting at ``rs``):
    ``(pieces, classes)`` for each stretch between "+" signs, pieces cut at
    the separators that may end a number (``_classify``), ``classes`` the
    separator class before each piece."""
    segment: list[_Piece] = []
    classes: list[int] = []  # separator class before each piece of the segment
    pstart, pfirst, cls_before = rs, 0, _WEAK
    ndig = groups[0][1] - groups[0][0]
    for k in range(1, len(groups) + 1):
        if k < len(groups):
            sep = text[groups[k - 1][1] : groups[k][0]]
            cls = _classify(sep)
            if cls == _WEAK:
                ndig += groups[k][1] - groups[k][0]
                continue
        else:
            sep, cls = "", _HARD
        segment.append(_Piece(pstart, pfirst, k - 1, ndig))
        classes.append(cls_before)
        if cls == _HARD:
            yield segment, classes
            segment, classes = [], []
            if not sep:
                break
            pstart = groups[k - 1][1] + sep.rindex("+")
            cls_before = _WEAK
        else:
            pstart = groups[k - 1][1] + _open_bracket(sep) if _open_bracket(sep) >= 0 else groups[k][0]
            cls_before = cls
        pfirst = k
        ndig = groups[k][1] - groups[k][0]


def _inner_cuts(text: str, piece: _Piece, groups: list[tuple[int, int]]) -> set[int] | None:
    """Groups of ``piece`` a number inside it may start at (the first one, and
    each after a space or "/"); None when ``_inner`` tries nothing there."""
    if piece.ndigits > 2 * _MAX_DIGITS or piece.first == piece.last:
        return None
    cuts = {piece.first}
    for k in range(piece.first + 1, piece.last + 1):
        sep = text[groups[k - 1][1] : groups[k][0]]
        if "/" in sep or any(c.isspace() for c in sep):
            cuts.add(k)
    return cuts


def _inner_windows(text: str, piece: _Piece, groups: list[tuple[int, int]]):
    """``(start, a, b)`` of every window ``_inner`` may try inside ``piece``
    (it tries a subset: it skips ahead past a number it found)."""
    cuts = _inner_cuts(text, piece, groups)
    if cuts is None:
        return
    for a in sorted(cuts):
        start = piece.start if a == piece.first else groups[a][0]
        if a != piece.first:
            sep = text[groups[a - 1][1] : groups[a][0]]
            if _open_bracket(sep) >= 0:
                start = groups[a - 1][1] + _open_bracket(sep)
        total = 0
        if text[start] == "+":
            for b in range(a, piece.last + 1):
                total += groups[b][1] - groups[b][0]
                if total > _MAX_DIGITS:
                    break
                if (b == piece.last or (b + 1) in cuts) and not (a == piece.first and b == piece.last):
                    yield start, a, b
        else:
            for shape in ((3, 3, 4), (1, 3, 3, 4)):
                b = a + len(shape) - 1
                if b <= piece.last and (b == piece.last or (b + 1) in cuts) and all(
                    groups[a + k][1] - groups[a + k][0] == n for k, n in enumerate(shape)
                ) and not (a == piece.first and b == piece.last):
                    yield start, a, b


def _window_shape(
    text: str, start: int, g0: int, g1: int, groups: list[tuple[int, int]], strict: bool, nanp_only: bool
) -> tuple[list[int], int, int, str, bool, bool, bool] | None:
    """The checks of ``_window`` that read neither the context words nor the
    views: None when groups g0..g1 (typed from ``start``) cannot be a phone
    number whatever words surround them (fewer than 7 digits; in a strict
    window neither "+" nor 3-3-4 with dashes, dots or brackets; without a
    "+" or an international prefix, longer than a national number or a
    date; part of an alphanumeric code).  Otherwise ``(sizes, digits, end,
    d, plus, idd, cc0)``."""
    sizes = [groups[k][1] - groups[k][0] for k in range(g0, g1 + 1)]
    nd = sum(sizes)
    if nd < 7:
        return None
    end = groups[g1][1]
    d = _digits_of(text, groups, g0, g1)
    plus = text[start] == "+"
    if strict and not plus and not _formatted_nanp(text, groups, g0, g1):
        return None
    idd = not plus and (d.startswith("011") or (d.startswith("00") and d[2] != "0"))
    # "44 (0)20 7123 4567", "64(0)64123456": a country code, then the trunk "0" in brackets
    cc0 = (
        not plus and not idd and len(sizes) >= 3 and sizes[0] <= 3 and sizes[1] == 1
        and d[sizes[0]] == "0" and d[0] != "0"
        and text[groups[g0][1] : groups[g0 + 1][0]].strip(" \t") == "("
        and text[groups[g0 + 1][1] : groups[g0 + 2][0]].strip(" \t-.") == ")"
    )
    if not plus and not idd and not cc0 and ((nd > 13 and nanp_only) or _date_like(d, sizes)):
        return None  # longer than any national number, or a date: no word can save it
    # an alphanumeric identifier such as "1z999aa10123456784" or "ab12cd3456789012"
    if PhoneDetector._glued_id(text, start, end) or (not plus and _code_prefix(text, start)):
        return None
    return sizes, nd, end, d, plus, idd, cc0


# --------------------------------------------------------------------------


@register
class PhoneDetector(Detector):
    """Phone numbers in any format, mapped back to what the seller typed."""

    name = "phones"
    kinds = frozenset({"phone"})

    def __init__(self, config: DetectorConfig) -> None:
        super().__init__(config)
        _load_metadata()
        regions = config.lists.get("phone_default_regions") if config.lists else None
        self.regions: tuple[str, ...] = (
            tuple(sorted(r.upper() for r in regions)) if regions else ("US",)
        )
        """Regions whose national format counts without a phone word (US by default)."""
        self._nanp_only = all(r in _NANP_REGIONS for r in self.regions)
        for region in self.regions:
            _national_screen(region)  # compiled now, not on the first message

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        _load_metadata()  # unpickled in a fresh worker: load it now, not during a check

    # ------------------------------------------------------------------ API
    def quiet(self, text: str, low: str) -> bool:
        """``_GATE`` stays quiet, or no window ``detect`` tries passes the
        checks of ``_window`` that do not read the words around it
        (``_window_shape``: 18-digit order numbers, 4-4-4 tracking numbers,
        dates, codes such as "SKU FW-0102-2838"), and no vanity-shaped match
        spells seven digits.  Windows: consecutive pieces of at most 17
        digits of each segment (``_segment``), and the strict windows inside
        a piece (``_inner``), of the runs of the leet-read text."""
        if _GATE.search(low) is None:
            return True
        work = _leet_work(low, None)
        nanp_only = self._nanp_only
        for m in _RUN.finditer(work):
            rs, re_ = m.span()
            if re_ - rs < 7:
                continue
            groups = _digit_groups(work, rs, re_, None)
            if sum(e - s for s, e in groups) < 7:
                continue
            for pieces, classes in _segments(work, rs, groups):
                n = len(pieces)
                for i in range(n):
                    total = 0
                    for j in range(i, n):
                        if j > i and classes[j] == _COMMA and j - i >= _MAX_COMMA_PIECES:
                            break  # (a comma may join pieces: whether one does reads the words)
                        total += pieces[j].ndigits
                        if total > _MAX_DIGITS:
                            break
                        if total >= 7 and _window_shape(
                            work, pieces[i].start, pieces[i].first, pieces[j].last, groups, False, nanp_only
                        ) is not None:
                            return False
                    for start, a, b in _inner_windows(work, pieces[i], groups):
                        if _window_shape(work, start, a, b, groups, True, nanp_only) is not None:
                            return False
        if _VANITY_HINT.search(low) is not None:
            for m in _VANITY.finditer(low):
                if _vanity_digits(m) is not None:
                    return False
        return True

    def detect(self, views: Views) -> list[Entity]:
        view = views.digits
        text = view.text
        # the fuse only on long texts: a ``timeout=`` costs microseconds per call
        # (and the keyword alone about half a microsecond)
        timeout = regex_timeout(len(text)) if len(text) >= FUSE_MIN_CHARS else None
        if (_GATE.search(text) if timeout is None else _GATE.search(text, timeout=timeout)) is None:
            return []
        work = _leet_work(text, timeout)
        ctx = _Context(work, timeout)
        hits: list[_Hit] = []
        # spans first: a finditer's timeout also counts the time spent between matches
        it = _RUN.finditer(work) if timeout is None else _RUN.finditer(work, timeout=timeout)
        runs = [m.span() for m in it if m.end() - m.start() >= 7]
        for rs, re_ in runs:  # shorter runs ("10:30", "$24.99") cannot hold seven digits
            self._run(views, view, work, rs, re_, ctx, hits, timeout)
        if (_VANITY_HINT.search(text) if timeout is None else _VANITY_HINT.search(text, timeout=timeout)) is not None:
            hits = self._vanity(views, view, text, timeout, hits, ctx)
        return [self.entity(view, h.start, h.end, "phone", h.value, h.confidence, h.evidence) for h in hits]

    # ------------------------------------------------------------- runs
    def _run(
        self,
        views: Views,
        view: MappedText,
        text: str,
        rs: int,
        re_: int,
        ctx: "_Context",
        hits: list[_Hit],
        timeout: float | None,
    ) -> None:
        """Cut one run into pieces and try consecutive pieces, longest first."""
        groups = _digit_groups(text, rs, re_, timeout)
        if sum(e - s for s, e in groups) < 7:
            return
        # pieces: (start, first group, last group, digits); a "+" starts a new segment
        for segment, classes in _segments(text, rs, groups):
            self._segment(views, view, text, segment, classes, groups, ctx, hits, timeout)

    def _segment(
        self,
        views: Views,
        view: MappedText,
        text: str,
        pieces: list[_Piece],
        classes: list[int],
        groups: list[tuple[int, int]],
        ctx: "_Context",
        hits: list[_Hit],
        timeout: float | None,
    ) -> None:
        """Greedy left to right: the longest run of pieces that is a phone number wins."""
        i, n = 0, len(pieces)
        while i < n:
            # a comma joins pieces only next to a phone word or in disguised text
            # ("two one three, five five five, ..."); deciding it once per start
            # keeps "1, 1, 1, ..." lists cheap
            comma_ok: bool | None = None
            total, j_max = 0, i - 1
            for j in range(i, n):
                if j > i and classes[j] == _COMMA:
                    if j - i >= _MAX_COMMA_PIECES:
                        break
                    if comma_ok is None:
                        comma_ok = bool(
                            ctx.phone_near(pieces[i].start, groups[pieces[i].last][1])
                            or not view.is_identity
                        )
                    if not comma_ok:
                        break
                total += pieces[j].ndigits
                if total > _MAX_DIGITS:
                    break
                j_max = j
            found: _Hit | None = None
            # Without a phone word, a "+" or a leading "0", only a NANP-shaped
            # window can be accepted: test that on the digits before building
            # the window (keeps "1\n1\n1..." and "4 | 4 | 4..." linear and cheap).
            first_digit = text[groups[pieces[i].first][0]]
            prefilter = (
                self._nanp_only
                and text[pieces[i].start] != "+"
                and first_digit != "0"
                and first_digit.isascii()
                and j_max >= i
                and text.find("(0)", pieces[i].start, pieces[i].start + 8) < 0  # "44 (0)20 ..."
                and not ctx.phone_near(pieces[i].start, groups[pieces[j_max].last][1])
            )
            j = j_max
            total = _total_digits(pieces, i, j_max)
            while j >= i:
                if j < j_max:
                    total -= pieces[j + 1].ndigits
                if total >= 7 and (
                    not prefilter
                    or (total in (10, 11) and _plausible_nanp(_digits_of(text, groups, pieces[i].first, pieces[j].last)))
                ):
                    comma = any(classes[k] == _COMMA for k in range(i + 1, j + 1))
                    found = self._window(views, view, text, pieces[i].start, pieces[i].first,
                                         pieces[j].last, groups, comma, ctx, timeout)
                    if found is not None:
                        break
                j -= 1
            if found is not None:
                hits.append(found)
                i = j + 1
            else:
                self._inner(views, view, text, pieces[i], groups, ctx, hits, timeout)
                i += 1

    def _inner(
        self,
        views: Views,
        view: MappedText,
        text: str,
        piece: _Piece,
        groups: list[tuple[int, int]],
        ctx: "_Context",
        hits: list[_Hit],
        timeout: float | None,
    ) -> None:
        """Numbers inside a piece that is not one as a whole: "$20 415-666-7777",
        "2/2 1-866-951-6592", "310-417-7274/7275".

        Cuts only at spaces and slashes, and accepts only numbers formatted
        beyond doubt (see ``strict`` in ``_window``), so a 4-4-4-4 tracking
        number never yields a phone number from its middle.
        """
        cuts = _inner_cuts(text, piece, groups)
        if cuts is None:
            return
        a = piece.first
        while a <= piece.last:
            if a not in cuts:
                a += 1
                continue
            start = piece.start if a == piece.first else groups[a][0]
            if a != piece.first:
                sep = text[groups[a - 1][1] : groups[a][0]]
                if _open_bracket(sep) >= 0:
                    start = groups[a - 1][1] + _open_bracket(sep)
            found, b, total = None, a, 0
            ends: list[int] = []
            if text[start] == "+":
                for b in range(a, piece.last + 1):
                    total += groups[b][1] - groups[b][0]
                    if total > _MAX_DIGITS:
                        break
                    if b == piece.last or (b + 1) in cuts:
                        ends.append(b)
            else:  # only 3-3-4 / 1-3-3-4 can pass the strict check: test sizes first
                for shape in ((3, 3, 4), (1, 3, 3, 4)):
                    b = a + len(shape) - 1
                    if b <= piece.last and (b == piece.last or (b + 1) in cuts) and all(
                        groups[a + k][1] - groups[a + k][0] == n for k, n in enumerate(shape)
                    ):
                        ends.append(b)
            for b in reversed(ends):
                if a == piece.first and b == piece.last:
                    continue  # the whole piece was tried already
                found = self._window(views, view, text, start, a, b, groups, False, ctx,
                                     timeout, strict=True)
                if found is not None:
                    break
            if found is not None:
                hits.append(found)
                a = b + 1
            else:
                a += 1

    # ----------------------------------------------------------- windows
    def _window(
        self,
        views: Views,
        view: MappedText,
        text: str,
        start: int,
        g0: int,
        g1: int,
        groups: list[tuple[int, int]],
        comma: bool,
        ctx: "_Context",
        timeout: float | None,
        strict: bool = False,
    ) -> _Hit | None:
        """Decide whether groups g0..g1 (typed from ``start``) are one phone number.

        ``strict`` (windows cut from inside a longer run) accepts only "+"
        numbers and NANP numbers typed 3-3-4 with dashes, dots or brackets.
        """
        shape = _window_shape(text, start, g0, g1, groups, strict, self._nanp_only)
        if shape is None:
            return None
        sizes, nd, end, d, plus, idd, cc0 = shape
        lead = text[start:groups[g0][0]]
        paren = "(" in lead
        phone_word = ctx.phone_near(start, end)
        if (
            self._nanp_only
            and not (plus or cc0 or phone_word or d[0] == "0")
            and not _nanp_shape(d)
        ):
            return None  # cheap exit: nothing below could accept it
        evasive = self._evasive(views, view, start, end)
        ok_grouping_exempt = (phone_word or evasive) and not strict
        if comma and not ok_grouping_exempt:
            return None
        if not plus and ctx.suppressed(start):
            return None
        # the string handed to phonenumbers: digits, with "(" ")" kept, other separators a space
        parts: list[str] = [("+" if plus else "") + ("(" if paren else "")]
        for k in range(g0, g1 + 1):
            if k > g0:
                sep = text[groups[k - 1][1] : groups[k][0]]
                parts.append("".join(c for c in sep if c in "()") or " ")
            parts.append(text[groups[k][0] : groups[k][1]])
        cand = "".join(parts)
        nxt = text[end : end + 6].lstrip(" \t,;")[:1]
        ext_m = (
            (_EXT.match(text, end) if timeout is None else _EXT.match(text, end, timeout=timeout))
            if nxt in ("e", "x", "#") else None
        )
        ext = ext_m.group(1) if ext_m else ""
        span_end = ext_m.end() if ext_m else end
        if not ext_m:  # keycap marks after the last digit belong to it ("7\ufe0f\u20e3")
            while span_end < len(text) and unicodedata.category(text[span_end]) in ("Mn", "Me"):
                span_end += 1

        def hit(value: str, conf: float, why: str) -> _Hit:
            if ext:
                why += f", extension {ext}"
            if phone_word:
                why += f", next to {phone_word!r}"
            return _Hit(start, span_end, value, conf, why)

        # ---- international: "+44 ...", "0044 ...", "011 44 ..."
        intl = None
        if plus:
            intl = d
        elif d.startswith("011") and d[3] != "0" and nd >= 10:
            intl = d[3:]
        elif d.startswith("00") and d[2] != "0" and nd >= 9:
            intl = d[2:]
        elif cc0 and 7 <= nd - 1 <= 15:
            intl = d[: sizes[0]] + d[sizes[0] + 1 :]
        if intl is not None:
            if len(intl) > 15 or len(intl) < 7:
                return None
            valid, possible, e164, where, _ = _parse(cand if plus else "+" + intl, None)
            if not valid and intl.startswith("521") and len(intl) == 13:
                # Mexican mobiles are still written with the "1" dropped in 2019
                valid, possible, e164, where, _ = _parse("+52" + intl[3:], None)
            if valid:
                conf = _CONF_PHONE_WORD if phone_word else _CONF_VALID
                return hit(e164, conf, f"valid {where} number (phonenumbers)")
            if possible and not strict and (
                phone_word or ((plus or cc0) and _bare_international_ok(text, start, intl, sizes))
            ):
                # a "+" (or "44 (0)...") is how people write phone numbers, not IDs
                return hit(e164, _CONF_POSSIBLE, "possible but unassigned international number")
            if plus:
                return None
        if _date_like(d, sizes):
            return None
        if _placeholder(d) and (not phone_word or phone_word.startswith("number") or len(set(d)) == 1):
            return None  # "1234567890", "(000) 000-0000", "( 1 2 3 4 5 6 7 8 9 ... any number"

        # ---- national format in the default region(s)
        # an area code alone in brackets, then the 7 digits in at most two groups:
        # "(1800) 7493.524", "1 (800) 7493.524" (the NANP grouping check is waived)
        paren_area = False
        if g1 > g0 and paren and (sizes[0] == 3 or (sizes[0] == 4 and d[0] == "1")):
            paren_area = len(sizes) <= 3 and ")" in text[groups[g0][1] : groups[g0 + 1][0]]
        elif g1 > g0 + 1 and sizes[0] == 1 and sizes[1] == 3 and d[0] == "1":
            paren_area = (
                len(sizes) <= 4
                and "(" in text[groups[g0][1] : groups[g0 + 1][0]]
                and ")" in text[groups[g0 + 1][1] : groups[g0 + 2][0]]
            )
        fallback: _Hit | None = None  # a possible-but-unassigned reading, kept as a last resort
        recheck = False  # that reading rests on the grouping alone: a valid reading elsewhere wins
        us_typed = sizes in ([3, 3, 4], [1, 3, 3, 4])
        for region in self.regions:
            if region in _NANP_REGIONS:
                if not _nanp_shape(d):
                    if phone_word and us_typed and fallback is None:
                        _, possible, e164, _, _ = _parse(cand, region)
                        if possible:  # "call me at 123-456-7890"
                            fallback = hit(e164, _CONF_POSSIBLE, f"possible {region} number, not assigned")
                    continue
                if not ok_grouping_exempt and not paren_area and not _nanp_grouping_ok(d, sizes):
                    continue
                valid, possible, e164, where, _ = _parse(cand, region)
                if valid:
                    if phone_word:
                        conf = _CONF_PHONE_WORD
                    elif len(sizes) == 1 and not paren and not evasive:
                        conf = _CONF_BARE  # a bare 10-digit run: IDs look like this too
                    else:
                        conf = _CONF_VALID
                    return hit(e164, conf, f"valid {where} number (phonenumbers)")
                if possible and phone_word and fallback is None and (
                    len(sizes) == 1 or _nanp_grouping_ok(d, sizes)
                ):
                    fallback = hit(e164, _CONF_POSSIBLE, f"possible {region} number, not assigned")
            elif not strict:
                valid, possible, e164, where, _ = _parse(cand, region)
                if valid:
                    conf = _CONF_PHONE_WORD if phone_word else _CONF_VALID
                    return hit(e164, conf, f"valid {where} number (phonenumbers)")
                if region == "MX":
                    for prefix, length in _OLD_MX_PREFIXES:
                        if nd == length and d.startswith(prefix):
                            valid, _, e164, _, _ = _parse("+52" + d[len(prefix):], None)
                            if valid:
                                conf = _CONF_PHONE_WORD if phone_word else _CONF_VALID
                                why = f"valid MX number after the old {prefix} prefix (phonenumbers)"
                                return hit(e164, conf, why)
                if possible and fallback is None:
                    if phone_word:
                        fallback = hit(e164, _CONF_POSSIBLE, f"possible {region} number, not assigned")
                    elif (
                        not _code_before(text, start)
                        and _regional_shape(d, sizes, cand, region, text[start:end])
                    ):
                        # with the region's own trunk "0" it is the region's number
                        recheck = not (d[0] == "0" and _trunk_prefix(region) == "0")
                        why = f"possible {region} number grouped as {region} writes them, not assigned"
                        fallback = hit(e164, _CONF_POSSIBLE, why)

        if strict:
            return None
        # a grouped number starting with a trunk "0" right after "at" / "on" / ":"
        weak = (not phone_word and d[0] == "0" and len(sizes) >= 2
                and "/" not in text[start:end] and ctx.weak_cue(start))
        if not phone_word and not evasive and not weak:
            if recheck and us_typed:  # "800-433-7300" in IT: a US number, not a possible IT one
                valid, _, e164, where, _ = _parse(cand, "US")
                if valid:
                    return hit(e164, _CONF_FOREIGN, f"valid {where} number in national format (phonenumbers)")
            return fallback
        # ---- 7-digit local number ("call me at 555-0134")
        if nd == 7 and d[0] > "1" and (
            len(sizes) == 1 or sizes == [3, 4] or all(s == 1 for s in sizes)
        ) and any(r in _NANP_REGIONS for r in self.regions):
            if phone_word:
                return _Hit(start, span_end, d, _CONF_LOCAL,
                            f"7-digit local number next to {phone_word!r}")
            return None
        # ---- other countries' national formats, only next to a phone word
        # (or a grouped number right after "at" / "on": "sales team on 0344 493 0787")
        if (phone_word or weak) and 8 <= nd <= 13 and not (len(sizes) >= 3 and all(s == 4 for s in sizes[:-1])):
            first: tuple[str, str] | None = None
            for region in _FALLBACK_REGIONS:
                if region in self.regions or not _may_be_valid_national(d, region):
                    continue
                valid, _, e164, where, natgroups = _parse(cand, region)
                if not valid:
                    continue
                if natgroups == tuple(sizes) or len(sizes) == 1:
                    first = (e164, where)  # typed exactly as that country writes it
                    break
                if first is None and fallback is None and not us_typed:
                    # a US-shaped number ("123-456-7890") stays a possible US number
                    # unless another country writes it exactly like that
                    first = (e164, where)
            if first is not None:
                return hit(first[0], _CONF_FOREIGN,
                           f"valid {first[1]} number in national format (phonenumbers)")
        return fallback

    @staticmethod
    def _glued_id(text: str, start: int, end: int) -> bool:
        """Digits inside a mixed letter-digit token (UPS 1Z..., IBAN, serials).

        "x"/"ext" glued on the right is an extension ("2034567890x456").
        """
        i, lo = start, max(0, start - 24)
        while i > lo and text[i - 1].isalpha():
            i -= 1
        if i < start and i > 0 and text[i - 1].isdigit():
            return True
        j, hi = end, min(len(text), end + 24)
        while j < hi and text[j].isalpha():
            j += 1
        if j > end and j < len(text) and text[j].isdigit() and text[end:j] not in ("x", "ext"):
            return True
        return False

    @staticmethod
    def _evasive(views: Views, view: MappedText, start: int, end: int) -> bool:
        """The typed text differs from the view here: spelled-out or disguised digits."""
        if view.is_identity:
            return False
        s, e = view.span(start, end)
        return views.original[s:e].lower() != view.text[start:end]

    # ------------------------------------------------------------ vanity
    def _vanity(
        self,
        views: Views,
        view: MappedText,
        text: str,
        timeout: float | None,
        hits: list[_Hit],
        ctx: "_Context | None" = None,
    ) -> list[_Hit]:
        """1-800-FLOWERS style numbers: an area code, then letters making 7 digits."""
        found: list[_Hit] = []
        for m in list(_VANITY.finditer(text) if timeout is None else _VANITY.finditer(text, timeout=timeout)):
            shape = _vanity_digits(m)
            if shape is None:
                continue
            area, chars, toll_free = shape
            if ctx is None:
                ctx = _Context(text, timeout)
            s = m.start()
            if ctx.suppressed(s):
                continue
            phone_word = ctx.phone_near(s, m.end())
            s0, e0 = view.span(m.start("body"), m.end("body"))
            typed = views.original[s0:e0]
            upper = sum(1 for c in typed if c.isupper()) >= 0.7 * max(1, sum(1 for c in typed if c.isalpha()))
            strong = bool(m.group("pre")) or m.group("area").startswith("(")
            dashed = m.group("sep") in ("-", ".") or m.group("area").startswith("(")
            if toll_free:
                if not (strong or (upper and dashed) or phone_word):
                    continue
            elif not (phone_word and upper and dashed):
                continue  # "a place called 360 CHICAGO"
            digits = area + "".join(chars).translate(_KEYPAD)
            valid, _, e164, where, _ = _parse("+1" + digits, None)
            if not valid:
                continue
            conf = _CONF_PHONE_WORD if phone_word else _CONF_VANITY
            why = f"vanity number, valid {where} number (phonenumbers)"
            if phone_word:
                why += f", next to {phone_word!r}"
            found.append(_Hit(s, m.end(), e164, conf, why))
        if not found:
            return hits
        # a numeric hit overlapping a vanity hit is the same number read partly
        out = [h for h in hits if not any(h.start < v.end and v.start < h.end for v in found)]
        out.extend(found)
        out.sort(key=lambda h: h.start)
        return out


def _vanity_digits(m: "regex.Match[str]") -> tuple[str, list[str], bool] | None:
    """(area code, the seven characters dialled, toll free) of a ``_VANITY``
    match whose body spells a number (3+ letters, 7 characters, or 8-10
    ending in letters after a toll-free code: 1-800-CONTACTS), else None."""
    body = m.group("body")
    letters = sum(1 for c in body if c.isalpha())
    if letters < 3:
        return None
    area = m.group("area").strip("() \t")
    chars = [c for c in body if c.isalnum()]
    toll_free = area in _TOLL_FREE
    if len(chars) == 7:
        pass
    elif toll_free and 7 < len(chars) <= 10 and m.group("body").split("-")[-1].isalpha():
        chars = chars[:7]  # 1-800-CONTACTS: extra letters are not dialled
    else:
        return None
    return area, chars, toll_free


class _Context:
    """Phone words and identifier words of one message, found once, lazily.

    Lookups bisect sorted match lists, so a message full of phone words and
    digit runs stays linear-ish instead of quadratic.
    """

    __slots__ = ("_text", "_timeout", "_phone", "_pends", "_supp", "_sends")

    PHONE_BEFORE = 60
    PHONE_AFTER = 40
    SUPPRESS_BEFORE = 30

    def __init__(self, text: str, timeout: float | None) -> None:
        self._text = text
        self._timeout = timeout
        self._phone: list[tuple[int, int, str]] | None = None
        self._pends: list[int] = []
        self._supp: list[tuple[int, int]] | None = None
        self._sends: list[int] = []

    def _scan(self) -> None:
        phone: list[tuple[int, int, str]] = []
        supp: list[tuple[int, int]] = []
        t = self._timeout
        for m in _CONTEXT.finditer(self._text) if t is None else _CONTEXT.finditer(self._text, timeout=t):
            if m.group("p") is not None:
                phone.append((m.start(), m.end(), m.group()))
            else:
                supp.append((m.start(), m.end()))
        self._phone, self._pends = phone, [e for _, e, _ in phone]
        self._supp, self._sends = supp, [e for _, e in supp]

    def _phones(self) -> list[tuple[int, int, str]]:
        if self._phone is None:
            self._scan()
        assert self._phone is not None
        return self._phone

    def _supps(self) -> list[tuple[int, int]]:
        if self._supp is None:
            self._scan()
        assert self._supp is not None
        return self._supp

    def phone_near(self, start: int, end: int) -> str:
        """The nearest phone word within a few words of [start, end), or ''."""
        words = self._phones()
        if not words:
            return ""
        best, dist = "", 10**9
        k = bisect_right(self._pends, start) - 1  # last word ending at or before start
        if k >= 0 and start - words[k][1] <= self.PHONE_BEFORE:
            best, dist = words[k][2], start - words[k][1]
        k = bisect_left(self._pends, end + 1)  # first word ending after the number
        while k < len(words) and words[k][0] < end:
            k += 1  # skip words overlapping the number itself
        if k < len(words) and words[k][0] - end <= self.PHONE_AFTER and words[k][0] - end < dist:
            best = words[k][2]
        return best

    def suppressed(self, start: int) -> bool:
        """An identifier word right before ``start`` ("order #", "tracking number:").

        Only "number", "is", "#", ":" ... may stand between; any other word
        ("order questions? call 800-...", "reservations team at 800-...")
        breaks the link, which is how a closer phone word wins.
        """
        supps = self._supps()
        if not supps:
            return False
        k = bisect_right(self._sends, start) - 1
        if k < 0:
            return False
        s_end = supps[k][1]
        if start - s_end > self.SUPPRESS_BEFORE:
            return False
        t = self._timeout
        gap = (
            _SUPPRESS_GAP.match(self._text, s_end, start) if t is None
            else _SUPPRESS_GAP.match(self._text, s_end, start, timeout=t)
        )
        if gap is None or gap.end() != start:
            return False  # "reservations team at 800-...": words in between
        # only gap words ("number is") can stand between, so no phone word is closer
        return True

    def weak_cue(self, start: int) -> bool:
        """'at', 'on', 'via', ':' right before the number."""
        t = self._timeout
        lo = max(0, start - 8)
        m = _WEAK_CUE.search(self._text, lo, start) if t is None else _WEAK_CUE.search(self._text, lo, start, timeout=t)
        return m is not None
