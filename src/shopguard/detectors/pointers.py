"""QR codes and "find me elsewhere" pointers.

The policy names QR codes among the third-party information a seller may not
send, and forbids prompting customers to buy "through external links,
usernames, websites, etc." (Redirecting Customers; Diverting Transactions).
Sellers who know links get blocked point instead: "link in bio", "google us",
"the other app", "scan the QR".  This detector finds those pointers; rule
packs decide.

Kinds and values:

- ``qr_mention``: ``scan_code`` ("scan the QR", "scan this code"),
  ``pay_code`` ("barcode to pay", "pay by QR", "scan to pay"), ``qr_code``
  (any other "QR code" / "qr").  0.9 for scan/pay, 0.8 otherwise.  A QR
  near the platform's return flow ("the QR code on the return label from
  TikTok") gets evidence ``return label`` and 0.3; QR as the product ("QR
  code stickers", "custom QR") gets evidence ``product`` and 0.3, so rules
  with ``min_confidence: 0.5`` skip them without losing the entity.
- ``find_me``: ``code_in_bio``, ``link_in_bio``, ``in_bio``,
  ``check_profile``, ``search_us`` ("google us", "look us up", "search my
  store name"), ``find_us_on``, ``other_app``, ``coded_app`` ("the green
  app", "the 🐦 app"), ``website`` ("my website", "our site"),
  ``external_store`` ("our Etsy shop", "on Amazon"), ``official_store``,
  ``outside_platform`` ("my store outside TikTok", "buy directly from me"),
  ``avoid_platform`` ("TikTok takes a cut", "skip the app fees", "don't tell
  tiktok"), ``dm_for_link``, ``physical_store`` ("visit our showroom").  A
  pointer that leads back to TikTok ("link in our TikTok profile", "search
  our shop name on TikTok") gets evidence ``tiktok`` and 0.3.

How: rules are word sequences around an anchor word ("bio", "qr",
"website" ...), matched on the words of the view with set lookups (see
``messaging.Words``).  Gate: a message without an anchor word exits after
one set test against ``messaging.word_set`` (cached per text: the split is
shared with the other word detectors); one with an anchor but without the
words some rule of that anchor requires ("page" with no "my/our ... check")
exits after a few more (``_may_point``, derived from the rules), and so
does one where no rule can match at an anchor's place in the word list
(the rule matchers run on the bare word list first, then, only where they
match there, on the words with their adjacency).  No regex
runs on the hot path.  Runs on ``folded`` and ``squeezed``;
results are deduplicated by original span.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..normalize import MappedText, Views
from . import register
from .base import Detector, Entity
from .messaging import _SEP_BYTES, Words, split_words, word_set

__all__ = ["PointerDetector"]

Slot = tuple["frozenset[str] | None", bool]
"""One word of a rule: the allowed words (None: any word) and whether it is optional."""


def _slots(spec: str) -> tuple[Slot, ...]:
    """Parse "check|visit ?out my|our ?*" into slots ("?" optional, "*" any word)."""
    out: list[Slot] = []
    for part in spec.split():
        opt = part.startswith("?")
        part = part.lstrip("?")
        out.append((None if part == "*" else frozenset(part.split("|")), opt))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class _Rule:
    """Words before the anchor (``back``), the anchor, words after (``fwd``)."""

    anchors: frozenset[str]
    back: tuple[Slot, ...]
    fwd: tuple[Slot, ...]
    kind: str
    value: str
    conf: float
    tiktok_check: bool = True


def _r(anchors: str, back: str, fwd: str, value: str, conf: float, tiktok_check: bool = True) -> _Rule:
    return _Rule(frozenset(anchors.split()), _slots(back), _slots(fwd), "find_me", value, conf, tiktok_check)


_POSS = "my|our|ur|your|the"
_PLATFORMS = "etsy amazon ebay shopify depop poshmark mercari walmart temu shein aliexpress"
_WEBSITE = "website websites webstore webshop web-site web-store web-shop eshop e-shop estore e-store"
_TIKTOK = frozenset({"tiktok", "tt", "tik", "tiktoks"})

_RULES: tuple[_Rule, ...] = (
    _r("bio bios", "code|coupon|discount|promo|codes ?is|are in|on ?" + _POSS + " ?*", "", "code_in_bio", 0.85),
    _r("bio bios profile", "link|links|linked|url ?is|are in|on ?" + _POSS + " ?*", "", "link_in_bio", 0.85),
    _r("bio bios", "in ?" + _POSS + " ?*", "", "in_bio", 0.7),
    _r("profile bio page account channel", "check|visit|see|view ?out my|our ?*", "", "check_profile", 0.7),
    _r("profile bio page account channel", "look at my|our ?*", "", "check_profile", 0.7),
    _r("profile bio page account channel", "go|head ?over to my|our ?*", "", "check_profile", 0.7),
    _r("google", "", "us|me", "search_us", 0.8),
    _r("google", "just", "", "search_us", 0.8),
    _r("google", "", "my|our|the name|shop|store|brand|company", "search_us", 0.8),
    _r("search", "", "?for us|me ?up", "search_us", 0.8),
    _r("search", "", "?for my|our store|shop|brand|business|company|page ?name", "search_us", 0.8),
    _r("look", "", "us|me up", "search_us", 0.8),
    _r("find", "", "me|us on|via", "find_us_on", 0.8),
    _r("app apps", "the|my|our|a|an|that other|different|second|outside|separate", "", "other_app", 0.8, False),
    _r("app", "another", "", "other_app", 0.8, False),
    _r("app", "the green|blue|purple|yellow|black|white|red|pink|bird|ghost|camera|money", "", "coded_app", 0.8, False),
    _r(_WEBSITE, "my|our ?own", "", "website", 0.85, False),
    _r("store shop", "my|our ?own online|web", "", "website", 0.85, False),
    _r("site", "my|our ?own web", "", "website", 0.85, False),
    _r("site", "my|our ?own", "", "website", 0.7, False),
    _r(_PLATFORMS, "my|our", "shop|store|page|listing|listings|account", "external_store", 0.8, False),
    _r(_PLATFORMS, "on", "", "external_store", 0.7, False),
    _r("official", "my|our|the", "?web store|shop|site|website|page", "official_store", 0.7),
    _r("official", "my|our|the", "tiktok|tt store|shop|page", "official_store", 0.7),
    _r("outside", "store|shop|buy|order|sell", "?of tiktok|tt", "outside_platform", 0.85, False),
    _r("outside", "store|shop|buy|order|sell", "?of the|this app|platform", "outside_platform", 0.85, False),
    _r("outside", "", "?of tiktok|tt", "outside_platform", 0.85, False),
    _r("outside", "", "?of the|this app|platform", "outside_platform", 0.85, False),
    _r("outside", "store|shop|buy|order|sell", "", "outside_platform", 0.85, False),
    _r("off", "", "?of tiktok|tt|platform", "outside_platform", 0.85, False),
    _r("off", "", "?of the|this app|platform", "outside_platform", 0.85, False),
    _r("off-platform", "", "", "outside_platform", 0.85, False),
    _r("directly direct", "buy|order|purchase|shop ?it", "from|with|through me|us", "outside_platform", 0.85, False),
    _r("directly", "buy|order|purchase ?it from me|us", "", "outside_platform", 0.85, False),
    _r("cut commission percentage", "tiktok|tt|app takes a", "", "avoid_platform", 0.85, False),
    _r("fee fees", "skip|avoid|dodge|save|saves ?on ?the tiktok|tt|app|platform ?s", "", "avoid_platform", 0.85, False),
    _r("tell", "do|don|dont ?not|t", "tiktok|tt", "avoid_platform", 0.85, False),
    _r("link url website site catalog catalogue menu address", "dm|message|msg|inbox|pm ?me|us for ?the|a|my|our", "",
       "dm_for_link", 0.8, False),
    _r("store shop showroom boutique warehouse location studio office", "visit my|our", "", "physical_store", 0.8, False),
    _r("store shop showroom boutique warehouse location studio office", "come|stop|drop to|by my|our", "",
       "physical_store", 0.8, False),
    _r("store shop showroom boutique warehouse location studio office", "pick ?it|them up at|from my|our", "",
       "physical_store", 0.8, False),
    _r("showroom", "a|the|our|my", "", "physical_store", 0.8, False),
    _r("store shop location", "my|our physical|retail|local", "", "physical_store", 0.8, False),
    _r("mortar", "brick and", "", "physical_store", 0.8, False),
)
_BY_ANCHOR: dict[str, list[_Rule]] = {}
for _rule in _RULES:
    for _a in _rule.anchors:
        _BY_ANCHOR.setdefault(_a, []).append(_rule)

_QR_WORDS = frozenset({"qr", "qrcode", "qrcodes", "qr-code", "qr-codes"})
_BARCODE = frozenset({"barcode", "barcodes", "bar-code", "bar-codes"})
_CODE = frozenset({"code", "codes"})
_SCAN = frozenset({"scan", "scanning", "scanned", "scans"})
_DET = frozenset({"the", "this", "that", "my", "our", "a", "your", "these"})
_PAY = frozenset({"pay", "payment", "paying"})
_PAY_BY = frozenset({"by", "with", "via", "through", "using", "thru"})
_QR_PRODUCT_AFTER = frozenset(
    "sticker stickers generator generators reader readers scanner scanners printer printers printing plaque plaques "
    "stand stands sign signs keychain keychains".split()
)
_QR_PRODUCT_BEFORE = frozenset({"custom", "personalized", "personalised", "printed", "blank", "waterproof"})
_RETURN_FLOW = (
    "return label", "shipping label", "prepaid label", "return flow", "return request", "return portal",
    "drop off", "drop-off", "dropoff", "from tiktok", "tiktok's", "by tiktok", "tiktok return",
)
_SITE_NOT = frozenset({"visit", "manager", "team", "survey", "inspection", "engineer", "supervisor", "plan", "staff",
                       "office", "lead"})

_TRIGGERS = frozenset(_BY_ANCHOR) | _QR_WORDS | _BARCODE | _CODE | {"bar", "scan", "payment"}
"""Every match contains one of these words (the early exit)."""

_QUOTES = "'\"\u2018\u2019\u201c\u201d`"
_QR_WINDOW = 60
_MAX_SPAN = 400

# The gate (see ``_may_point``): per anchor word, the alternatives of word sets
# that must all meet the message's words for a pointer to be possible.  Read
# off the rules (every non-optional slot that names words) and off ``_qr``.
Needs = tuple[tuple[frozenset[str], ...], ...]
_SCAN_OR_PAY = _SCAN | _PAY
_NEEDS: dict[str, Needs] = {}
for _a, _rules in _BY_ANCHOR.items():
    _NEEDS[_a] = tuple(
        tuple(allowed for allowed, opt in r.back + r.fwd if allowed is not None and not opt) for r in _rules
    )
for _w, _need in (
    *((w, ((),)) for w in _QR_WORDS),  # "QR" alone is a qr_code mention
    *((w, ((_SCAN_OR_PAY,),)) for w in _BARCODE | _CODE),  # "scan the code", "pay by barcode"
    ("bar", ((_CODE, _SCAN_OR_PAY),)),
    ("scan", ((frozenset({"to"}), frozenset({"pay"})),)),  # "scan (it) to pay"
    ("payment", ((_QR_WORDS | _CODE | _BARCODE,),)),  # "payment QR"
):
    _NEEDS[_w] = _NEEDS.get(_w, ()) + _need


def _may_point(text: str, words: frozenset[str]) -> bool:
    """False only when ``_scan`` cannot find anything in ``text`` (``words``:
    its ``word_set``, the words ``_scan`` compares): ``_point_words``."""
    return _point_words(text, words) is not None


def _point_words(text: str, words: frozenset[str]) -> "Words | bool | None":
    """None only when ``_scan`` cannot find anything in ``text`` (``words``:
    its ``word_set``); otherwise the ``Words`` of ``text`` when they were
    built here (``_scan_words`` takes them), else True.

    First per anchor the sets of words its rules need anywhere (``_NEEDS``),
    then, for the anchors that pass, the rules themselves at each occurrence
    in the word list, adjacency left out (``_may_point_at``)."""
    at: set[str] = set()
    for w in _TRIGGERS.intersection(words):
        for needs in _NEEDS[w]:
            if all(not n.isdisjoint(words) for n in needs):
                at.add(w)
                break
        # ``_special``: "google 'Iron Peak'" (and "google" at the very end:
        # ``""[:1] in _QUOTES`` holds), so any "google"; "the 🐦 app" below
        if w == "google":
            return True
        if w == "app" and "the" in words and not text.isascii():
            at.add(w)
    if not at:
        return None
    t = text.encode("ascii", "replace").translate(_SEP_BYTES).decode("ascii")  # ``split_words(text)[0]``
    wl = t.split()
    flat = _Flat(wl)
    ks = [k for k, w in enumerate(wl) if w in at and _may_point_at(flat, k, text)]
    if not ks:
        return None
    ws = Words(text, t)  # the same words with their offsets: now with adjacency
    return ws if any(_may_point_at(ws, k, text) for k in ks) else None


class _Flat:
    """A word list read as ``Words`` whose words are all adjacent: the
    matchers accept on it whatever they accept on the real ``Words`` (same
    words, same indexes: ``split_words`` with the default table)."""

    __slots__ = ("w", "n")

    def __init__(self, wl: list[str]) -> None:
        self.w = wl
        self.n = len(wl)

    def adjacent(self, k: int) -> bool:
        return 0 < k < self.n

    def nxt(self, k: int, i: int) -> str:
        return self.w[k + i] if k + i < self.n else ""

    def prv(self, k: int, i: int) -> str:
        return self.w[k - i] if k - i >= 0 else ""


def _may_point_at(ws: "_Flat | Words", k: int, text: str) -> bool:
    """Whether a rule, ``_qr`` or ``_special`` ("the 🐦 app") may match at word
    k of ``text``: ``_scan_words``'s checks without the ``_SITE_NOT``
    exception and the '"bar" before "code"' hand-over (and, on a ``_Flat``,
    with every word adjacent and no gap test)."""
    w = ws.w[k]
    for rule in _BY_ANCHOR.get(w, ()):
        if (not rule.back or _match_back(ws, k, rule.back) is not None) and (  # type: ignore[arg-type]
            not rule.fwd or _match_fwd(ws, k, rule.fwd) is not None  # type: ignore[arg-type]
        ):
            return True
    if w == "app":
        # ``_special``: "the", a gap of non-ASCII characters (and spaces), "app"
        if k == 0 or ws.w[k - 1] != "the" or text.isascii():
            return False
        if isinstance(ws, _Flat):
            return True
        gap = text[ws.e[k - 1] : ws.s[k]]
        return bool(gap.strip()) and all(c.isspace() or not c.isascii() for c in gap)
    ends = (k,)
    if w in _QR_WORDS:
        return True  # a ``qr_code`` mention at least
    if w == "bar":
        if ws.nxt(k, 1) not in _CODE:
            return False
        ends = (k + 1,)
    elif w == "scan":
        return (ws.nxt(k, 1) == "to" and ws.nxt(k, 2) == "pay") or (
            ws.nxt(k, 1) in ("it", "this", "here") and ws.nxt(k, 2) == "to" and ws.nxt(k, 3) == "pay"
        )
    elif w == "payment":
        n1 = ws.nxt(k, 1)
        return n1 in _QR_WORDS or n1 in _CODE or n1 in _BARCODE
    elif not (w in _CODE or w in _BARCODE):
        return False
    # "scan the", "pay by" before; "to pay" after (a code or barcode needs one)
    p1, p2 = ws.prv(k, 1), ws.prv(k, 2)
    if p1 in _SCAN or (p1 in _DET and p2 in _SCAN) or (p1 in _PAY_BY and p2 in _PAY) or (
        p1 in _DET and p2 in _PAY_BY and ws.prv(k, 3) in _PAY
    ):
        return True
    return any(ws.nxt(e, 1) == "to" and ws.nxt(e, 2) == "pay" for e in ends)


def _match_back(ws: Words, k: int, slots: tuple[Slot, ...]) -> int | None:
    """Index of the first word when ``slots`` match the words right before word k."""

    def go(si: int, right: int) -> int | None:
        if si < 0:
            return right
        allowed, opt = slots[si]
        left = right - 1
        if left >= 0 and ws.adjacent(right) and (allowed is None or ws.w[left] in allowed):
            r = go(si - 1, left)
            if r is not None:
                return r
        return go(si - 1, right) if opt else None

    return go(len(slots) - 1, k)


def _match_fwd(ws: Words, k: int, slots: tuple[Slot, ...]) -> int | None:
    """Index of the last word when ``slots`` match the words right after word k."""

    def go(si: int, left: int) -> int | None:
        if si >= len(slots):
            return left
        allowed, opt = slots[si]
        right = left + 1
        if right < ws.n and ws.adjacent(right) and (allowed is None or ws.w[right] in allowed):
            r = go(si + 1, right)
            if r is not None:
                return r
        return go(si + 1, left) if opt else None

    return go(0, k)


@register
class PointerDetector(Detector):
    """QR code mentions and "find me elsewhere" pointers."""

    name = "pointers"
    kinds = frozenset({"qr_mention", "find_me"})

    def quiet(self, text: str, low: str) -> bool:
        """The one-view early exit of ``detect``."""
        words = word_set(low)
        return _TRIGGERS.isdisjoint(words) or not _may_point(low, words)

    def detect(self, views: Views) -> list[Entity]:
        folded = views.folded
        squeezed = views.squeezed
        text = folded.text
        one_view = squeezed is folded or squeezed.text == text
        out: list[Entity] = []
        self._scan(folded, out)  # its early exits are ``quiet``'s
        if not one_view:
            self._scan(squeezed, out)
        return _dedupe(out) if out else out

    def _scan(self, view: MappedText, out: list[Entity]) -> None:
        text = view.text
        words = word_set(text)
        if _TRIGGERS.isdisjoint(words):
            return
        ws = _point_words(text, words)
        if ws is None:
            return
        self._scan_words(view, out, ws if isinstance(ws, Words) else None)

    def _scan_words(self, view: MappedText, out: list[Entity], ws: Words | None = None) -> None:
        text = view.text
        if ws is None:
            t, _ = split_words(text)
            ws = Words(text, t)
        for k in range(ws.n):
            w = ws.w[k]
            if w not in _TRIGGERS:
                continue
            if w in _QR_WORDS or w in _BARCODE or w in _CODE or w in ("bar", "scan", "payment"):
                self._qr(view, ws, k, out)
            for rule in _BY_ANCHOR.get(w, ()):
                if self._rule(view, ws, k, rule, out):
                    break
            else:
                if w == "app" or w == "google":
                    self._special(view, ws, k, out)

    def _special(self, view: MappedText, ws: Words, k: int, out: list[Entity]) -> None:
        """Pointers the word rules cannot see: "the 🐦 app", "google 'Iron Peak official'"."""
        text = ws.text
        if ws.w[k] == "app" and k > 0 and ws.w[k - 1] == "the":
            gap = text[ws.e[k - 1] : ws.s[k]]
            if gap.strip() and all(c.isspace() or not c.isascii() for c in gap):
                out.append(self.entity(view, ws.s[k - 1], ws.e[k], "find_me", "coded_app", 0.8))
        elif ws.w[k] == "google" and text[ws.e[k] : ws.e[k] + 3].lstrip()[:1] in _QUOTES:
            out.append(self.entity(view, ws.s[k], ws.e[k], "find_me", "search_us", 0.8))

    # ------------------------------------------------------------------
    def _qr(self, view: MappedText, ws: Words, k: int, out: list[Entity]) -> None:
        w = ws.w[k]
        k0, k1 = k, k
        if w == "bar":
            if ws.nxt(k, 1) not in _CODE:
                return
            k1 = k + 1
            w = "barcode"
        elif w == "scan":
            # "scan to pay", "scan it to pay"
            if ws.nxt(k, 1) == "to" and ws.nxt(k, 2) == "pay":
                k1 = k + 2
            elif ws.nxt(k, 1) in ("it", "this", "here") and ws.nxt(k, 2) == "to" and ws.nxt(k, 3) == "pay":
                k1 = k + 3
            else:
                return
            self._emit_qr(view, ws, k0, k1, "pay_code", 0.9, out)
            return
        elif w == "payment":
            n1 = ws.nxt(k, 1)
            if n1 in _QR_WORDS or n1 in _CODE or n1 in _BARCODE:
                self._emit_qr(view, ws, k, k + 1, "pay_code", 0.9, out)
            return
        elif w in _CODE and ws.prv(k, 1) == "bar":
            return  # handled from "bar"
        elif w in _QR_WORDS and ws.nxt(k, 1) in _CODE:
            k1 = k + 1
        # words before: "scan the", "pay by"
        scanned = paid = False
        p1 = ws.prv(k0, 1)
        if p1 in _SCAN:
            k0, scanned = k0 - 1, True
        elif p1 in _DET and ws.prv(k0, 2) in _SCAN:
            k0, scanned = k0 - 2, True
        elif p1 in _PAY_BY and ws.prv(k0, 2) in _PAY:
            k0, paid = k0 - 2, True
        elif p1 in _DET and ws.prv(k0, 2) in _PAY_BY and ws.prv(k0, 3) in _PAY:
            k0, paid = k0 - 3, True
        # words after: "to pay"
        if ws.nxt(k1, 1) == "to" and ws.nxt(k1, 2) == "pay":
            k1, paid = k1 + 2, True
        if paid:
            self._emit_qr(view, ws, k0, k1, "pay_code", 0.9, out)
        elif scanned:
            self._emit_qr(view, ws, k0, k1, "scan_code", 0.9, out)
        elif w in _QR_WORDS:
            self._emit_qr(view, ws, k0, k1, "qr_code", 0.8, out)

    def _emit_qr(self, view: MappedText, ws: Words, k0: int, k1: int, value: str, conf: float,
                 out: list[Entity]) -> None:
        text = ws.text
        s, e = ws.s[k0], ws.e[k1]
        evidence = ""
        window = text[max(0, s - _QR_WINDOW) : e + _QR_WINDOW]
        if any(x in window for x in _RETURN_FLOW):
            conf, evidence = 0.3, "return label"
        elif ws.nxt(k1, 1) in _QR_PRODUCT_AFTER or ws.prv(k0, 1) in _QR_PRODUCT_BEFORE or (
            ws.prv(k0, 1) == "your" and ws.prv(k0, 2) == "print"
        ):
            conf, evidence = 0.3, "product"
        out.append(self.entity(view, s, e, "qr_mention", value, conf, evidence))

    def _rule(self, view: MappedText, ws: Words, k: int, rule: _Rule, out: list[Entity]) -> bool:
        k0 = _match_back(ws, k, rule.back) if rule.back else k
        if k0 is None:
            return False
        k1 = _match_fwd(ws, k, rule.fwd) if rule.fwd else k
        if k1 is None:
            return False
        text = ws.text
        w = ws.w[k]
        if rule.value == "website" and w == "site" and ws.nxt(k, 1) in _SITE_NOT:
            return False
        conf, evidence = rule.conf, ""
        if rule.tiktok_check:
            span_words = ws.w[k0 : k1 + 1]
            after = [ws.nxt(k1, i) for i in (1, 2, 3)]
            back_here = after[0] == "on" and after[1] == "here"
            back_app = after[0] in ("in", "on") and after[1] in ("the", "this") and after[2] in ("app", "chat")
            if not _TIKTOK.isdisjoint(span_words) or not _TIKTOK.isdisjoint(after) or back_here or back_app:
                conf, evidence = 0.3, "tiktok"
        out.append(self.entity(view, ws.s[k0], ws.e[k1], rule.kind, rule.value, conf, evidence))
        return True


def _dedupe(ents: list[Entity]) -> list[Entity]:
    """Drop a repeat of the same kind on an overlapping span (the second view finds most twice)."""
    ents.sort(key=lambda x: (x.start, -(x.end - x.start), -x.confidence))
    kept: list[Entity] = []
    for ent in ents:
        dup = False
        for i in range(len(kept) - 1, -1, -1):
            k = kept[i]
            if k.start < ent.start - _MAX_SPAN:
                break
            if k.kind == ent.kind and k.start < ent.end and ent.start < k.end:
                dup = True
                break
        if not dup:
            kept.append(ent)
    return kept
