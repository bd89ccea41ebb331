"""Payment apps and the handles that point at a payee inside them.

The policy forbids sending "third-party payment accounts" and soliciting
payments outside the order; both show up in chat as an app name ("Venmo me",
"Zelle works") and/or a handle ($cashtag, Venmo @user, a PayPal e-mail, a
phone number right after "Zelle").  This detector only reports what is there:
"we don't accept PayPal" is still a ``payment_app`` entity, and deciding that a
refusal is fine is the rule packs' job.

App names are matched with ONE precompiled alternation on ``folded`` and on
``squeezed`` (spaced letters and leetspeak undone), deduplicated by original
span.  The patterns themselves also tolerate light leetspeak ("p@yp@l",
"c@$h @pp") so plain text needs only the first pass.  Words that are ordinary
English ("wise", "pp", "wire", "friends and family", "gift card") are only
reported with payment words around them.

Gate: both regexes scan at ~0.2 µs per character, so they only run when the
message's skeleton (leet undone) holds one of a few keys ("pay", "venm",
"cash" ...), and the 23 key tests are themselves skipped when every word of
the message is known to hold none (``_maybe_keyed``: one set test against
the cached word set of ``messaging.word_set``, or against the skeleton's
letter runs when "@", "$" or "!" could glue a key together).  No key, no "$",
no "&" and no standalone "pp" is the common case and exits there.  With a
key, ``_APP_RE`` is searched only in windows around the keys (a match holds
one and is at most ``_APP_MAX`` long), ``_CONTEXTUAL_RE`` only when the
literal text of one of its alternatives is there ("gift wrapping" holds the
key of "gift card" but no "card"), cashtags only after a "$" + letter.
Regex calls take the timeout fuse only on long texts.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import Iterable

import regex

from .._limits import FUSE_MIN_CHARS, fused_finditer, fused_search, regex_timeout
from ..normalize import MappedText, Views
from . import register
from .base import Detector, Entity
from .messaging import _CACHE_MAX_CHARS, _cached_words_of

_LEET = {"a": "[a@4]", "e": "[e3]", "i": "[i1!]", "o": "[o0]", "s": "[s$5]", "l": "[l1]"}
_SEP = r"[\s\-_.]?"


def _word(name: str) -> str:
    """Regex for an app name: light leet per letter, optional separators
    between words, doubled letters may be single ("zele", "cashap")."""
    out: list[str] = []
    i = 0
    while i < len(name):
        ch = name[i]
        if ch == " ":
            out.append(_SEP)
            i += 1
            continue
        cls = _LEET.get(ch, regex.escape(ch))
        if i + 1 < len(name) and name[i + 1] == ch:
            out.append(f"{cls}{{1,2}}")
            i += 2
        else:
            out.append(cls)
            i += 1
    return "".join(out)


# canonical id -> (confidence, names)
_APPS: dict[str, tuple[float, tuple[str, ...]]] = {
    "paypal": (0.95, ("pay pal",)),
    "venmo": (0.95, ("venmo",)),
    "cashapp": (0.95, ("cash app",)),
    "zelle": (0.95, ("zelle",)),
    "apple_pay": (0.9, ("apple pay",)),
    "apple_cash": (0.9, ("apple cash",)),
    "google_pay": (0.9, ("google pay", "g pay", "google wallet")),
    "samsung_pay": (0.9, ("samsung pay",)),
    "western_union": (0.95, ("western union",)),
    "moneygram": (0.95, ("money gram",)),
    "remitly": (0.95, ("remitly",)),
    "worldremit": (0.95, ("world remit",)),
    "xoom": (0.85, ("xoom",)),
    "wise": (0.95, ("transfer wise",)),
    "payoneer": (0.95, ("payoneer",)),
    "alipay": (0.95, ("ali pay",)),
    "wechat_pay": (0.95, ("wechat pay", "weixin pay")),
    "skrill": (0.95, ("skrill",)),
    "neteller": (0.95, ("neteller",)),
    "paysafecard": (0.95, ("paysafecard",)),
    "revolut": (0.9, ("revolut",)),
    "gcash": (0.9, ("gcash",)),
    "paytm": (0.9, ("paytm",)),
    "wire_transfer": (0.9, ("wire transfer", "bank wire", "telegraphic transfer")),
    "bank_transfer": (0.85, ("bank transfer", "bank deposit", "ach transfer", "ach payment")),
    "e_transfer": (0.9, ("e transfer", "etransfer", "interac")),
}

# Prefilter: a message whose "skeleton" (leet undone, i/l/1/! merged) holds
# none of these substrings cannot match _APP_RE / _CONTEXTUAL_RE, so the
# regexes (the expensive part) run on ~2% of real messages.  Every name in
# _APPS must contain one key in skeleton form (tests check this).
_SKELETON_MAP = {"@": "a", "4": "a", "3": "e", "0": "o", "$": "s", "5": "s", "1": "l", "!": "l", "i": "l"}
_SKELETON = bytes(
    ord(_SKELETON_MAP.get(chr(c), chr(c))) if c < 128 else ord("?") for c in range(256)
)
_APP_KEYS = (
    "pay", "venm", "cash", "zel", "google", "gogle", "unlon", "gram", "remlt", "xom", "xoom",
    "transfer", "skrl", "netel", "revolut", "bank", "lnterac",
)
_CTX_KEYS = ("wlse", "wlr", "&", "fnf", "famlly", "glft")
_PP_QUICK = re.compile(r"pp(?<![a-z0-9@$4&]pp)(?![a-z0-9])")
"""A standalone "pp" (stdlib ``re``: the literal start makes the scan a fast
substring search; linear, so it needs no fuse)."""


def _fmatch(pattern: regex.Pattern[str], text: str) -> regex.Match[str] | None:
    """``pattern.match(text)``, with the timeout fuse only when ``text`` is long."""
    if len(text) < FUSE_MIN_CHARS:
        return pattern.match(text)
    return pattern.match(text, timeout=regex_timeout(len(text)))


def _skeleton(text: str) -> str:
    """Leet undone, i/l/1/! merged; non-ASCII characters become "?" (keys are ASCII)."""
    return text.encode("ascii", "replace").translate(_SKELETON).decode("ascii")


# The early exit.  The keys are 23 substring tests (~1.5 µs here); all but "&"
# are runs of lower-case letters, so one occurs in the skeleton exactly when it
# occurs inside one "word" of it, and words recur from message to message:
# words seen to hold no key are remembered (a pure function of the word, so
# results never depend on what was seen before; bounded, so hostile text cannot
# grow it without end) and a message made only of such words skips the keys.
#
# Which words: the skeleton maps only letters, leet digits and "@", "$", "!"
# to letters, so without "@$!" in the text a key lies inside one word of the
# shared split (``messaging.word_set``: cached, already paid by the messaging
# detector); with them, inside one letter run of the skeleton.  Long texts
# (over ``_CACHE_MAX_CHARS``) test the keys on the whole skeleton, as before.
_LETTER_KEYS = tuple(k for k in _APP_KEYS + _CTX_KEYS if k != "&")
assert all(k.isalpha() and k.islower() and k.isascii() for k in _LETTER_KEYS)
assert all(set(k) - set(_SKELETON_MAP.values()) for k in _LETTER_KEYS)  # no key is all leet letters
_SKELETON_LETTER_RUNS = bytes(b if 97 <= b <= 122 else 32 for b in _SKELETON)
_KEYLESS_WORDS: set[str] = set()
"""Shared-split words whose skeleton holds no letter key."""
_KEYLESS_RUNS: set[bytes] = set()
"""Skeleton letter runs that hold no letter key."""
_KEYLESS_MAX = 20_000
"""Per set: a few MB at most (words of at most 32 characters)."""


_LEARN_MAX = 16
"""At most this many unknown words are tested per text; with more, the answer
is "maybe" and the caller tests the keys on the whole skeleton (bounded work
on hostile word floods; the vocabulary still accrues)."""


def _maybe_keyed(text: str) -> bool:
    """False only when no key but "&" occurs in ``_skeleton(text)``."""
    if "@" in text or "$" in text or "!" in text:
        if len(text) > _CACHE_MAX_CHARS:
            return True
        runs = text.encode("ascii", "replace").translate(_SKELETON_LETTER_RUNS).split()
        if _KEYLESS_RUNS.issuperset(runs):
            return False
        new = set(runs).difference(_KEYLESS_RUNS)
        return _learn(_KEYLESS_RUNS, new, len(new), True)
    if len(text) > _CACHE_MAX_CHARS:
        return True  # long texts: the keys on the whole skeleton
    words = _cached_words_of(text)
    if _KEYLESS_WORDS.issuperset(words):
        return False
    new_words = words.difference(_KEYLESS_WORDS)
    return _learn(_KEYLESS_WORDS, new_words, len(new_words), False)


def _learn(known: set, words: Iterable, n: int, runs: bool) -> bool:  # type: ignore[type-arg]
    """True when one of the ``n`` ``words`` may hold a key; remembers (up to
    ``_LEARN_MAX`` of) the ones that do not.  ``runs``: skeleton letter runs
    (bytes) rather than shared-split words (str)."""
    for i, w in enumerate(words):
        if i == _LEARN_MAX:
            return True  # the rest untested: maybe
        if w.isdigit():
            continue  # order numbers: every key needs a letter no digit stands for
        skel = w.decode("ascii") if runs else _skeleton(w)
        if any(map(skel.__contains__, _LETTER_KEYS)):
            return True
        if len(known) < _KEYLESS_MAX and len(w) <= 32:
            known.add(w)
    return False


_WIRE_QUICK = re.compile(r"wir(?<![a-z0-9]wir)(?:e|ed|ing)(?![a-z0-9])")
"""The ``wire`` alternative of ``_CONTEXTUAL_RE`` as a word ("wireless" is not)."""


def _app_gate(text: str, keyed: bool) -> tuple[bool, bool, str]:
    """``(app_hit, ctx_hit, skeleton)``: whether ``_APP_RE`` (an app key in the
    skeleton) and ``_CONTEXTUAL_RE`` ("&", a "pp" word, or a contextual key
    the text can back) may match ``text``; ``keyed`` is ``_maybe_keyed(text)``
    (the skeleton is made only then, else "")."""
    skel = ""
    if keyed:
        skel = _skeleton(text)
        app_hit = any(map(skel.__contains__, _APP_KEYS))
        ctx_hit = "&" in text or (any(map(skel.__contains__, _CTX_KEYS)) and _ctx_possible(text, skel))
    else:
        app_hit, ctx_hit = False, "&" in text
    if not ctx_hit and "pp" in text:
        ctx_hit = _PP_QUICK.search(text) is not None
    return app_hit, ctx_hit, skel


def _ctx_possible(text: str, skel: str) -> bool:
    """A necessary condition for ``_CONTEXTUAL_RE`` beyond its skeleton keys,
    one test per alternative on the literal text it needs ("gift wrapping" and
    "wireless" hold the keys of "gift card" and "wire" but cannot match)."""
    return (
        "wlse" in skel  # w[i1!]s[e3]
        or "fnf" in text
        or "family" in text  # f&f: "&" is tested by the caller
        or ("gift" in text and "card" in text)
        or ("wir" in text and _WIRE_QUICK.search(text) is not None)
    )


def _find_all(s: str, sub: str) -> list[int]:
    out = []
    i = s.find(sub)
    while i >= 0:
        out.append(i)
        i = s.find(sub, i + 1)
    return out


def _app_matches(text: str, skel: str) -> list[regex.Match[str]]:
    """``list(_APP_RE.finditer(text))``, searching only around the keys.

    The alternation costs ~0.2 µs per character scanned.  Every match holds
    a key of ``_APP_KEYS`` (in the skeleton, which keeps offsets) and is at
    most ``_APP_MAX`` long, so a match can only start in [p + len(key) -
    _APP_MAX, p] for a key at p; positions are tried in order as ``finditer``
    does, each search bounded so the match it returns is the one the whole
    text gives (lookbehind sees before ``pos``; ``endpos`` is past anything a
    match starting in the window can read).  On long texts too: the windows
    add up to at most the text plus ``_APP_MAX`` per key, and a merged
    window long enough to need it gets the timeout fuse (a scan of a whole
    1 MB chat cost ~0.2 s per view for a handful of app names).
    """
    spans = sorted(
        (max(0, p + len(k) - _APP_MAX), p) for k in _APP_KEYS if k in skel for p in _find_all(skel, k)
    )
    out: list[regex.Match[str]] = []
    n = len(text)
    pos = 0
    i = 0
    while i < len(spans):
        lo, hi = spans[i]
        i += 1
        while i < len(spans) and spans[i][0] <= hi + 1:  # merge overlapping windows
            hi = max(hi, spans[i][1])
            i += 1
        lo = max(lo, pos)
        end = min(n, hi + _APP_MAX + 1)
        fuse = {"timeout": regex_timeout(n)} if end - lo >= FUSE_MIN_CHARS else {}
        while lo <= hi:
            m = _APP_RE.search(text, lo, end, **fuse)
            if m is None or m.start() > hi:
                break
            out.append(m)
            lo = pos = m.end()
    return out


_LB = r"(?<![a-z0-9])"
_RB = r"(?:'?s|'d|ed|ing|d)?(?![a-z0-9])"

_APP_RE = regex.compile(
    _LB
    + "(?:"
    + "|".join(
        f"(?P<{cid}>" + "|".join(_word(n) for n in names) + ")" for cid, (_, names) in _APPS.items()
    )
    + ")"
    + _RB
)

_APP_MAX = max(len(n) for _, names in _APPS.values() for n in names) + 3
"""Longest ``_APP_RE`` match: a name (separators one character, doubled letters
at most as written) and the longest suffix ("ing")."""

# Ordinary words that name a payment method only in payment talk.
_CONTEXTUAL_RE = regex.compile(
    _LB
    + r"(?:(?P<pp>(?<![@$4&])pp)"
    r"|(?P<wise>w[i1!]s[e3])"
    r"|(?P<wire>wir(?:e|ed|ing))"
    r"|(?P<ff>f\s?&\s?f|fnf|friends?\s?(?:and|&|n)\s?family)"
    r"|(?P<gift>(?:(?P<brand>amazon|apple|itunes|google\s?play|steam|ebay|walmart|target|visa|"
    r"vanilla|razer(?:\s?gold)?|sephora|best\s?buy|xbox|playstation|psn|nintendo)\s+)?"
    r"gift\s?cards?))"
    r"(?![a-z0-9])"
)

_PAY_CTX = regex.compile(
    r"(?:\b(?:pay|paid|paying|payment|payments|send|sent|fee|fees|money|invoice|transfer|"
    r"deposit|email|e-mail|acct|account|f&f|ff|friends and family)\b|\$|@)"
)
_WIRE_CTX = regex.compile(
    r"(?:\$|\b(?:money|funds?|payment|fee|fees|acct|account|bank|routing|usd|dollars?|bucks)\b)"
)
_FF_BEFORE = regex.compile(r"\b(?:send|sent|pay|paid|as|via|thru|through|using|use|paypal|pp)\b")
_FF_NOT_AFTER = regex.compile(
    r"^\s?(?:discount|sale|code|event|pricing|price|deal|offer|special|night|day|weekend|"
    r"member|plan|pack|bundle|promo)"
)
_WISE_AFTER = regex.compile(
    r"^\s?(?:account|acct|transfer|payment|email|e-mail|link|tag|details|business|\.com|@)"
)
_WISE_BEFORE = regex.compile(
    r"\b(?:via|thru|through|using|use|accept|accepts|my|pay|send|sent|or)\s+$"
)
_GIFT_BRAND_CTX = regex.compile(
    r"\b(?:pay|paid|paying|payment|send|sent|code|codes|pin|claim|scratch|pic|picture|photo|"
    r"fee|fees)\b"
)
_GIFT_CTX = regex.compile(
    r"\b(?:pay|paid|paying|payment|code|codes|pin|scratch|pic|picture|photo|fee|fees)\b"
)
_PAGES = regex.compile(r"\.\s?\d")  # "pp. 12"
_LIST_GLUE = regex.compile(r"^[\s,/&+|]*(?:or|and|n)?[\s,/&+|]*$")

# Handles -------------------------------------------------------------------
_CASHTAG = regex.compile(r"(?<![a-z0-9$])\$([a-z][a-z0-9_\-]{1,19}+)(?![a-z0-9_\-$])")
_DOLLAR_LETTER = re.compile(r"\$[a-z]")
"""What every ``_CASHTAG`` match holds (stdlib ``re``: a fast literal scan)."""
_NOT_CASHTAGS = frozenset(
    {"usd", "cad", "aud", "nzd", "hkd", "sgd", "mxn", "twd", "us", "ca", "au", "tbd", "xx", "xxx"}
)
_AT_HANDLE = regex.compile(r"(?<![a-z0-9._%+\-@])@([a-z0-9][a-z0-9_\-]{2,29}+)(?![a-z0-9_\-@])")
_EMAIL = regex.compile(
    r"(?<![a-z0-9._%+\-])[a-z0-9][a-z0-9._%+\-]{0,63}+@[a-z0-9\-]++(?:\.[a-z0-9\-]++)*+"
)
_PHONE = regex.compile(r"(?<![\d(])(?:\+|\()?\d(?:[\s().\-]{0,2}\d){9,11}+(?![\d])")
_PAY_LINK = regex.compile(
    r"(?<![a-z0-9])(?:(?:www\.)?(?P<paypal>paypal\.me|paypal\.com/paypalme)/(?P<pp_user>[a-z0-9_.\-]{1,40}+)"
    r"|(?:www\.)?(?P<venmo>venmo\.com)/(?:u/)?(?P<v_user>[a-z0-9_\-]{2,40}+)"
    r"|(?:www\.)?(?P<cashapp>cash\.app|cash\.me)/\$?(?P<c_user>[a-z0-9_\-]{1,30}+))"
)
_SENTENCE_BREAK = regex.compile(r"[.!?](?:\s|$)|\n")

_PHONE_APPS = frozenset(
    {"zelle", "venmo", "paypal", "cashapp", "apple_pay", "apple_cash", "google_pay",
     "samsung_pay", "e_transfer", "wise", "gcash", "paytm", "alipay", "wechat_pay"}
)
_EMAIL_APPS = _PHONE_APPS | frozenset({"payoneer", "skrill", "neteller", "revolut", "remitly"})
_AT_APPS = frozenset({"venmo", "paypal", "revolut", "wise"})


def _dedupe(ents: Iterable[Entity]) -> list[Entity]:
    """One entity per (kind, value) and cluster of overlapping spans: the most
    confident (then longest).  Sort + sweep, so hostile input stays O(n log n)."""
    ents = list(ents)
    if len(ents) < 2:
        return ents
    groups: dict[tuple[str, str], list[Entity]] = {}
    for e in ents:
        groups.setdefault((e.kind, e.value), []).append(e)
    kept: list[Entity] = []
    for group in groups.values():
        group.sort(key=lambda x: (x.start, x.end))
        best = group[0]
        reach = best.end
        for e in group[1:]:
            if e.start < reach:  # overlaps the current cluster
                reach = max(reach, e.end)
                if (e.confidence, e.end - e.start) > (best.confidence, best.end - best.start):
                    best = e
            else:
                kept.append(best)
                best, reach = e, e.end
        kept.append(best)
    kept.sort(key=lambda x: (x.start, x.end, x.kind))
    return kept


def _near(
    apps: list[Entity],
    starts: list[int],
    hs: int,
    he: int,
    after: int,
    before: int,
    original: str | None = None,
) -> Entity | None:
    """The app closest to the handle [hs, he): the handle starting at most
    ``after`` chars after the app, or ending at most ``before`` chars before
    it.  With ``original``, the gap must not cross a sentence end.
    ``apps`` is sorted by start (``starts`` its starts) and bisected, so
    hostile input with thousands of names stays near-linear."""
    best: tuple[int, Entity] | None = None
    # apps that start in [hs - after - 64, he + before]: app names are short.
    lo = bisect_left(starts, hs - after - 64)
    hi = bisect_right(starts, he + before)
    for a in apps[lo:hi]:
        if a.end <= hs and hs - a.end <= after:
            g0, g1 = a.end, hs
        elif he <= a.start and a.start - he <= before:
            g0, g1 = he, a.start
        else:
            continue
        if original is not None:
            gap = original[g0:g1]
            if fused_search(_SENTENCE_BREAK, gap):
                continue
        if best is None or g1 - g0 < best[0]:
            best = (g1 - g0, a)
    return best[1] if best else None


@register
class PaymentAppDetector(Detector):
    """Payment app / method names and payee handles ($cashtag, @user, e-mail, phone)."""

    name = "payments"
    kinds = frozenset({"payment_app", "payment_handle"})

    def quiet(self, text: str, low: str) -> bool:
        """The early exits of ``detect`` on one view: no key, "$", "&" or
        pay-link "pp"; or else no app regex can run (``_app_gate``: no app
        key in the skeleton, no contextual key the text can back), no cashtag
        shape ("$" then a letter: "$24.99" is none) and no pay link."""
        keyed = _maybe_keyed(low)
        if not keyed and "$" not in low and "&" not in low and ("pp" not in low or _PP_QUICK.search(low) is None):
            return True
        app_hit, ctx_hit, _ = _app_gate(low, keyed)
        return not (
            app_hit
            or ctx_hit
            or ("$" in low and _DOLLAR_LETTER.search(low) is not None)
            or ("/" in low and ("paypal" in low or "venmo" in low or "cash." in low))
        )

    def detect(self, views: Views) -> list[Entity]:
        folded = views.folded
        ft = folded.text
        squeezed = views.squeezed
        one_view = squeezed is folded or squeezed.text == ft
        keyed = _maybe_keyed(ft)
        if one_view and not keyed and "$" not in ft and "&" not in ft and (
            "pp" not in ft or _PP_QUICK.search(ft) is None
        ):
            # The common case: no key, so neither regex can match, and no pay
            # link either ("paypal", "venmo", "cash." hold keys); no cashtag.
            return []
        original = views.original
        apps = self._apps(folded, original, keyed)
        if not one_view:
            apps.extend(self._apps(squeezed, original, _maybe_keyed(squeezed.text)))
        has_dollar = "$" in ft and _DOLLAR_LETTER.search(ft) is not None  # "$24.99" is no cashtag
        pay_link = "/" in ft and ("paypal" in ft or "venmo" in ft or "cash." in ft)
        if not apps and not has_dollar and not pay_link:
            return apps  # nothing named, no cashtag, no pay link
        apps = _dedupe(apps)

        handles: list[Entity] = []
        if has_dollar:
            handles.extend(self._cashtags(folded, apps))
        if apps:
            handles.extend(self._paired_handles(views, apps))
        if pay_link:
            handles.extend(self._pay_links(folded))
        return _dedupe(apps + handles)

    # ---------------------------------------------------------------- apps
    def _apps(self, view: MappedText, original: str, keyed: bool) -> list[Entity]:
        """App names in ``view``; ``keyed`` is ``_maybe_keyed(view.text)``."""
        text = view.text
        app_hit, ctx_hit, skel = _app_gate(text, keyed)
        out: list[Entity] = []
        if app_hit:
            for m in _app_matches(text, skel):
                cid = m.lastgroup or ""
                conf = _APPS[cid][0]
                out.append(self._app_entity(view, original, m.start(), m.end(), cid, conf, "app name"))
        if ctx_hit:
            for m in list(fused_finditer(_CONTEXTUAL_RE, text)):
                ent = self._contextual(view, original, m)
                if ent is not None:
                    out.append(ent)
        return out

    def _app_entity(
        self, view: MappedText, original: str, s: int, e: int, cid: str, conf: float, why: str
    ) -> Entity:
        os_, oe = view.span(s, e)
        return self.entity(view, s, e, "payment_app", cid, conf, f"{why}: {original[os_:oe]!r}")

    def _contextual(self, view: MappedText, original: str, m: regex.Match[str]) -> Entity | None:
        text = view.text
        s, e = m.start(), m.end()
        kind = next((k for k in ("pp", "wise", "wire", "ff") if m.group(k) is not None), "gift")
        win = text[max(0, s - 50) : e + 50]
        if kind == "pp":
            before = text[max(0, s - 3) : s]
            after = text[e : e + 3]
            if any(c.isdigit() for c in before) or _fmatch(_PAGES, after):
                return None  # "$10 pp" (per person), "pp. 12" (pages)
            if fused_search(_PAY_CTX, text[max(0, s - 40) : s] + " " + text[e : e + 40]):
                return self._app_entity(view, original, s, e, "paypal", 0.7, "'pp' in payment talk")
            return None
        if kind == "wise":
            after = text[e : e + 12]
            before = text[max(0, s - 12) : s]
            if _fmatch(_WISE_AFTER, after) or (
                fused_search(_WISE_BEFORE, before) and fused_search(_PAY_CTX, win)
            ):
                return self._app_entity(view, original, s, e, "wise", 0.75, "'wise' in payment talk")
            # listed with another app: "paypal, wise or zelle"
            for am in list(fused_finditer(_APP_RE, win)):
                lo = max(0, s - 50)
                a_s, a_e = am.start() + lo, am.end() + lo
                gap = text[a_e:s] if a_e <= s else text[e:a_s]
                if _fmatch(_LIST_GLUE, gap):
                    return self._app_entity(
                        view, original, s, e, "wise", 0.75, "'wise' listed with a payment app"
                    )
            return None
        if kind == "wire":
            if fused_search(_WIRE_CTX, text[e : e + 40]):
                return self._app_entity(
                    view, original, s, e, "wire_transfer", 0.7, "'wire' followed by money words"
                )
            return None
        if kind == "ff":
            if fused_search(_FF_BEFORE, text[max(0, s - 25) : s]) and not _fmatch(
                _FF_NOT_AFTER, text[e : e + 12]
            ):
                return self._app_entity(
                    view, original, s, e, "paypal", 0.7, "PayPal 'friends and family' payment"
                )
            return None
        # gift cards
        branded = m.group("brand") is not None
        ctx = _GIFT_BRAND_CTX if branded else _GIFT_CTX
        if fused_search(ctx, text[max(0, s - 60) : e + 60]):
            conf = 0.85 if branded else 0.6
            return self._app_entity(view, original, s, e, "gift_card", conf, "gift card as payment")
        return None

    # ------------------------------------------------------------- handles
    def _cashtags(self, view: MappedText, apps: list[Entity]) -> Iterable[Entity]:
        text = view.text
        cash = [a for a in apps if a.value == "cashapp"]  # sorted by start
        starts = [a.start for a in cash]
        for m in list(fused_finditer(_CASHTAG, text)):
            tag = m.group(1)
            if tag in _NOT_CASHTAGS or set(tag) <= {"x"}:
                continue
            os_, oe = view.span(m.start(), m.end())
            near = _near(cash, starts, os_, oe, 60, 60) is not None
            conf = 0.95 if near else 0.6
            why = "$cashtag" + (" next to 'Cash App'" if near else " (no app named)")
            yield self.entity(view, m.start(), m.end(), "payment_handle", f"cashapp:${tag}", conf, why)

    def _paired_handles(self, views: Views, apps: list[Entity]) -> Iterable[Entity]:
        """Handles close after (or just before) an app name, same sentence."""
        original = views.original
        cands: list[tuple[str, MappedText, int, int, str]] = []
        folded = views.folded
        if "@" in folded.text:
            for m in list(fused_finditer(_AT_HANDLE, folded.text)):
                cands.append(("at", folded, m.start(), m.end(), "@" + m.group(1)))
        deob = views.deobfuscated
        if "@" in deob.text:
            for m in list(fused_finditer(_EMAIL, deob.text)):
                addr = m.group()
                if "." in addr.split("@", 1)[1]:
                    cands.append(("email", deob, m.start(), m.end(), addr))
        digits = views.digits
        for m in list(fused_finditer(_PHONE, digits.text)):
            num = "".join(c for c in m.group() if c.isdigit())
            if len(num) == 11 and num[0] == "1":
                num = num[1:]
            if len(num) == 10:
                cands.append(("tel", digits, m.start(), m.end(), num))
        if not cands:
            return
        by_kind: dict[str, tuple[list[Entity], list[int]]] = {}
        for kind, allowed in (("at", _AT_APPS), ("email", _EMAIL_APPS), ("tel", _PHONE_APPS)):
            lst = [a for a in apps if a.value in allowed]
            by_kind[kind] = (lst, [a.start for a in lst])
        for kind, view, s, e, val in cands:
            lst, starts = by_kind[kind]
            if not lst:
                continue
            os_, oe = view.span(s, e)
            app_ent = _near(lst, starts, os_, oe, 40, 20, original)
            if app_ent is None:
                continue
            app = app_ent.value
            value = f"{app}:{val}" if kind != "tel" else f"{app}:tel:{val}"
            conf = 0.9 if kind != "tel" else 0.85
            yield self.entity(
                view, s, e, "payment_handle", value, conf, f"{kind} handle next to {app!r}"
            )

    def _pay_links(self, view: MappedText) -> Iterable[Entity]:
        text = view.text
        for m in list(fused_finditer(_PAY_LINK, text)):
            if m.group("paypal"):
                val = "paypal:" + m.group("pp_user").rstrip(".")
            elif m.group("venmo"):
                val = "venmo:@" + m.group("v_user")
            else:
                val = "cashapp:$" + m.group("c_user")
            yield self.entity(
                view, m.start(), m.end(), "payment_handle", val, 0.97, "payment link"
            )


__all__ = ["PaymentAppDetector"]
