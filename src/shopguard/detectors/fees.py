"""Fee language: money asked for on top of the TikTok Shop order.

"Soliciting Additional Payments" lists add-on purchases, increased prices,
return, shipping, return-shipping, exchange, stocking, restocking, warranty
and extended-warranty fees.  This detector finds those terms plus the usual
relatives (deposit, handling / processing / customs / insurance / rush /
re-delivery fee, "pay the difference", "extra charge", "upcharge",
"surcharge") and amounts tied to them ("$15 fee", "10% restocking",
"exchanging for another size is $8").

Kind ``fee_term``; value is the canonical fee kind: ``add_on``,
``price_increase``, ``return_fee``, ``shipping_fee``, ``return_shipping_fee``,
``exchange_fee``, ``stocking_fee``, ``restocking_fee``, ``warranty_fee``,
``extended_warranty_fee``, ``deposit``, ``handling_fee``, ``processing_fee``,
``price_difference``, ``extra_charge``, ``additional_payment``, ``upcharge``,
``surcharge``, ``customs_fee``, ``insurance_fee``, ``rush_fee``,
``redelivery_fee``, ``activation_fee``, ``service_fee``,
``cancellation_fee``, ``repair_fee``, ``upgrade_fee``, ``label_fee``,
``packaging_fee``, ``transaction_fee``, ``platform_fee`` (the app's own
fees) or ``fee`` (a fee of no recognised kind).

Confidence: 0.95 with an amount tied to the term ("$12 restocking fee",
"return fee is $8"), 0.85 for a named fee, 0.6 for a bare "fee", a deposit
or an extended warranty with no amount, 0.4 for "shipping cost" and the like
with no amount (usually a question), 0.3 when the term is in quotes
("asking for a 'shipping fee' isn't from us").  Evidence carries the amount.

"cost"/"costs" with no fee word before it ("it costs $24.99", "the cost is
$30") is a price, not a fee, and is not reported.

Negation policy: a NEGATED fee is NOT emitted.  "no restocking fee", "free
return shipping", "without any fees", "we never charge a fee", "we don't
charge shipping fees", "no extra charge", "the fee is waived", "shipping is
free" give no entity, so no rule can fire on them.  Only words in the same
clause right before the term (no ",", ".", ";" or "but" between) and "is
waived / free / on us / $0" right after count, so "restocking fee is $10
but I'll waive it" stays positive.

How: fee language is a few words around an anchor ("fee", "deposit",
"difference" ...), so matching is done on the words of the view with set
lookups (see ``messaging.Words``).  Gate (``_may_hold_fee``): a message
without a trigger word exits after one set test against
``messaging.word_set`` (cached per text: the split is shared with the other
word detectors).  Most trigger words only modify a head ("delivery", "app",
"holiday" in "delivery fee"), and most anchors need an amount or a partner
word ("pay ... again", "price went up"), so a second set of tests, read off
``_term``, skips the word scan unless a term is possible; a third asks the
same of the word list at each anchor's place ("full charge" has no modifier
or amount right before "charge": ``_may_term_at``).  No regex runs.  Runs
on ``folded`` and ``squeezed`` ("r e s t o c k i n g fee").
"""

from __future__ import annotations

from ..normalize import MappedText, Views
from . import register
from .base import Detector, Entity
from .messaging import Words, split_words, word_set

__all__ = ["FeeDetector"]

# Words kept whole for amounts: "$12.50", "10%", "1,200"; quotes trimmed, apostrophes dropped from keys.
_FEE_TABLE = {i: " " for i in range(128) if not (chr(i).isalnum() or chr(i) in "_-$%.,'")}
_PRE = {0x2019: "'", 0x2018: "'", 0x20AC: "$", 0x00A3: "$", 0xFF04: "$", 0xFE69: "$"}
_STRIP = ".,'"
_LINK_GAP = " \t\r\n'\u2019=:()"
"""Between a term and its amount: "fee: $8", "exchange = $10", "fee ($8)"."""

_HEADS = frozenset({"fee", "fees", "charge", "charges", "cost", "costs"})
_WEAK_HEADS = frozenset({"charge", "charges", "cost", "costs"})


def _m(value: str, words: str) -> dict[str, str]:
    return {w: value for w in words.split()}


_MOD1: dict[str, str] = {
    **_m("return_fee", "return returns return-label"),
    **_m("return_shipping_fee", "return-shipping return-postage"),
    **_m("redelivery_fee", "redelivery re-delivery"),
    **_m("restocking_fee", "restocking re-stocking restock"),
    **_m("stocking_fee", "stocking"),
    **_m("shipping_fee", "shipping postage delivery freight s&h"),
    **_m("exchange_fee", "exchange swap"),
    **_m("warranty_fee", "warranty"),
    **_m("extended_warranty_fee", "extended-warranty"),
    **_m("handling_fee", "handling"),
    **_m("processing_fee", "processing"),
    **_m("customs_fee", "customs import duty clearance tariff"),
    **_m("insurance_fee", "insurance"),
    **_m("rush_fee", "rush expedite expedited express priority"),
    **_m("activation_fee", "activation unlock"),
    **_m("service_fee", "service"),
    **_m("cancellation_fee", "cancellation cancelation"),
    **_m("repair_fee", "repair"),
    **_m("upgrade_fee", "upgrade"),
    **_m("label_fee", "label"),
    **_m("packaging_fee", "packaging packing"),
    **_m("transaction_fee", "transaction transfer verification release"),
    **_m("platform_fee", "app platform tiktok seller"),
    **_m("add_on", "add-on addon engraving personalization personalisation monogram monogramming"),
    **_m("extra_charge", "extra"),
    **_m("additional_payment", "additional"),
    **_m("surcharge", "remote-area rural fuel oversize oversized weekend holiday peak late"),
}
_MOD2: dict[tuple[str, str], str] = {
    ("return", "shipping"): "return_shipping_fee",
    ("return", "postage"): "return_shipping_fee",
    ("return", "delivery"): "return_shipping_fee",
    ("return", "label"): "return_fee",
    ("extended", "warranty"): "extended_warranty_fee",
    ("warranty", "extension"): "extended_warranty_fee",
    ("remote", "area"): "surcharge",
    ("small", "order"): "surcharge",
    ("gift", "wrap"): "packaging_fee",
    ("gift", "wrapping"): "packaging_fee",
    ("size", "exchange"): "exchange_fee",
    ("express", "shipping"): "rush_fee",
    ("rush", "shipping"): "rush_fee",
}
_SUR_MOD = frozenset("remote-area rural fuel oversize oversized weekend holiday peak late".split())

# "<noun> is $N": the noun names the fee.
_NOUNS: dict[str, str] = {
    **_m("restocking_fee", "restocking re-stocking restock"),
    **_m("return_fee", "return returns"),
    **_m("exchange_fee", "exchange exchanges exchanging swap"),
    **_m("shipping_fee", "shipping postage"),
    **_m("upgrade_fee", "upgrade"),
    **_m("repair_fee", "repair repairs"),
    **_m("add_on", "engraving personalization personalisation monogram monogramming"),
    **_m("insurance_fee", "insurance"),
    **_m("label_fee", "label"),
    **_m("packaging_fee", "wrap wrapping"),
}
_NOUN_PREV: dict[tuple[str, str], str] = {
    ("return", "shipping"): "return_shipping_fee",
    ("return", "postage"): "return_shipping_fee",
    ("express", "shipping"): "rush_fee",
    ("rush", "shipping"): "rush_fee",
    ("expedited", "shipping"): "rush_fee",
    ("return", "label"): "return_fee",
    ("rush", "order"): "rush_fee",
}
_LINKS = frozenset({"is", "are", "costs", "cost", "will", "be", "would", "=", "only", "just", "now", "runs", "run"})

_NUMWORDS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
    "eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred".split()
)
_UNITS = frozenset({"dollars", "dollar", "bucks", "usd", "%", "percent", "$"})

_NEG1 = frozenset(
    "no zero without free waive waived waives waiving skip avoid save saves saving dodge bypass fee-free".split()
)
_NEG2 = frozenset(
    "dont doesnt didnt wont not never isnt arent wasnt cannot cant neednt shouldnt wouldnt".split()
)
_FILLER = frozenset(
    "any a an the extra additional hidden other more of for charge charging pay paying need have to you us ask "
    "asking require requiring there is are such or and".split()
) | frozenset(_MOD1)
_NEG_AFTER = frozenset({"free", "waived", "covered", "included", "zero", "nothing", "$0", "$0.00", "n/a", "none"})
_PAY_WORDS = frozenset({"pay", "send", "need", "require", "required", "take", "ask", "put", "owe", "transfer"})
_DIFF_VERBS = frozenset({"pay", "send", "cover", "venmo", "zelle", "cashapp", "paypal", "transfer", "for", "covering"})
_RAISE = frozenset({"increase", "increased", "raise", "raised"})
_UP_VERBS = frozenset({"went", "gone", "goes", "go", "going"})
_CHANGE = frozenset({"increased", "increase", "rose", "jumped", "changed"})
_BE = frozenset({"has", "have", "had", "is", "are"})
_NOT_MORE = frozenset({"time", "days", "day", "info", "information", "photos", "photo", "pics", "pic", "details",
                       "attention", "than", "colors", "sizes", "items", "stock"})

_TRIGGERS = (
    _HEADS | frozenset(_NOUNS) | frozenset(_MOD1)
    | {"surcharge", "surcharges", "sur-charge", "upcharge", "upcharges", "up-charge", "add-ons", "addons",
       "add", "extra", "more", "additional", "payment", "again", "twice", "difference", "price", "prices",
       "increase", "hike", "deposit", "deposits", "warranty", "extension"}
)
"""Every match contains one of these words (the early exit)."""

_QUOTES = "'\"\u2018\u2019\u201c\u201d`"
_MAX_SPAN = 400

# The gate (see ``_may_hold_fee``), read off ``_term``: which trigger words can
# anchor a term at all, and what else each needs when no amount is in sight.
_ALWAYS = frozenset(
    {"fee", "fees", "surcharge", "surcharges", "sur-charge", "upcharge", "upcharges", "up-charge",
     "add-on", "add-ons", "deposit", "deposits"}
)
"""Terms on their own (a bare "fee", a deposit, a surcharge)."""
_PRICE_WORDS = frozenset({"price", "prices", "cost", "costs", "shipping", "postage"})
_PAY_BEFORE = frozenset({"pay", "charge", "charging", "paying"})
_NO_AMOUNT: tuple[tuple[frozenset[str], frozenset[str]], ...] = (
    # (anchors, words one of which must be there too): terms without an amount
    (_PRICE_WORDS, _CHANGE | _UP_VERBS | _RAISE
     | {"higher", "increase", "increases", "hike", "hikes", "real", "new", "actual", "correct", "updated"}),
    (frozenset({"charge", "charges", "cost", "costs"}), frozenset(_MOD1) | {b for _, b in _MOD2}),
    (frozenset({"extra"}), _PAY_BEFORE),
    (frozenset({"more"}), _PAY_BEFORE | {"cost", "costs"}),
    (frozenset({"additional"}), frozenset({"payment", "amount", "money"})),
    (frozenset({"payment"}), frozenset({"another", "second"})),
    (frozenset({"again", "twice"}), frozenset({"pay"})),
    (frozenset({"difference"}), _DIFF_VERBS | {"price"}),
    (frozenset({"warranty"}), frozenset({"extended"})),
    (frozenset({"extension"}), frozenset({"warranty"})),
    (frozenset({"addon", "addons"}), frozenset({"purchase", "item", "product", "price"})),
)
_WITH_AMOUNT: tuple[tuple[frozenset[str], frozenset[str] | None], ...] = (
    # (anchors, partner words or None): terms with an amount ("$12 restocking
    # fee", "returns are $15", "add $5", "a $5 charge")
    (frozenset(_NOUNS) - {"wrap", "wrapping"}
     | {"add", "extra", "additional", "restocking", "restock", "re-stocking", "charge", "charges"}, None),
    (frozenset({"wrap", "wrapping"}), frozenset({"gift"})),  # "gift wrap is $5"
)
_EFFECTIVE = (
    _ALWAYS | frozenset().union(*(a for a, _ in _NO_AMOUNT)) | frozenset().union(*(a for a, _ in _WITH_AMOUNT))
)
"""Trigger words that can anchor a term; the other triggers ("delivery", "app",
"holiday" ...) only ever modify a head word ("delivery fee")."""
_AMOUNT_CHARS = ("$", "%", "usd", "\u20ac", "\u00a3", "\uff04", "\ufe69")
"""In every amount: "$12", "12$", "$ 12", "10%", "12usd", "ten usd"; the
currency signs ``_PRE`` turns into "$".  (Digits alone are no amount.)"""
_AMOUNT_WORDS = frozenset({"dollars", "dollar", "bucks", "percent"})
"""... or one of these after a number or number word."""
_APOSTROPHES = str.maketrans("", "", "'\u2018\u2019")


def _may_hold_fee(text: str) -> bool:
    """False only when ``_scan_terms`` cannot find a term in ``text``.

    The words ``_scan_terms`` compares are the view's words with apostrophes
    dropped ("fee's" -> "fees"): ``word_set`` of the text without them.  A
    term needs an anchor: one of ``_ALWAYS`` on its own, one of
    ``_NO_AMOUNT`` with its partner word ("pay ... again", "price went up",
    "shipping charge"), or one of ``_WITH_AMOUNT`` with an amount in the text.
    """
    words = word_set(text)
    if _TRIGGERS.isdisjoint(words):
        return False
    view_text = text
    if "'" in text or "\u2019" in text or "\u2018" in text:
        text = text.translate(_APOSTROPHES)  # as the keys are: "12u'sd" is "12usd"
        words = word_set(text)
    if _EFFECTIVE.isdisjoint(words):
        return False
    if not _ALWAYS.isdisjoint(words):
        return True
    for anchors, partners in _NO_AMOUNT:
        if not anchors.isdisjoint(words) and not partners.isdisjoint(words):
            return _may_term(view_text)
    if any(map(text.__contains__, _AMOUNT_CHARS)) or not _AMOUNT_WORDS.isdisjoint(words):
        for anchors, partner in _WITH_AMOUNT:
            if not anchors.isdisjoint(words) and (partner is None or not partner.isdisjoint(words)):
                return _may_term(view_text)
    return False


def _keys(text: str) -> list[str]:
    """The comparison keys ``Words`` makes in ``_scan_terms`` (same words, same order)."""
    pre = text if text.isascii() else text.translate(_PRE)
    t, words = split_words(pre, _FEE_TABLE)
    keys = [k for k in [w.strip(_STRIP) for w in words] if k]
    return [k.replace("'", "") for k in keys] if "'" in t else keys


def _may_term(text: str) -> bool:
    """Whether ``_term`` may find a term at some trigger word of ``text``
    (``_may_term_at`` at each)."""
    keys = _keys(text)
    return any(_may_term_at(keys, k) for k in [k for k, w in enumerate(keys) if w in _TRIGGERS])


def _amount_start(keys: list[str], i: int) -> bool:
    """``_Amounts.start_at`` may start an amount at word i of ``keys`` (adjacency left out)."""
    w = keys[i] if 0 <= i < len(keys) else ""
    if not w:
        return False
    if _amount_tok(w):
        return True
    nxt = keys[i + 1] if i + 1 < len(keys) else ""
    if w == "$":
        return _num(nxt)
    if _num(w):
        return nxt in _UNITS
    return _numword(w) and any(x in ("dollars", "dollar", "bucks") for x in keys[i + 1 : i + 5])


def _amount_end(keys: list[str], i: int) -> bool:
    """``_Amounts.end_at`` may end an amount at word i of ``keys`` (adjacency left out)."""
    w = keys[i] if 0 <= i < len(keys) else ""
    if not w:
        return False
    if _amount_tok(w):
        return True
    prv = keys[i - 1] if i >= 1 else ""
    if _num(w):
        return prv == "$"
    return w in _UNITS and (_num(prv) or (_numword(prv) and w != "$"))


def _may_term_at(keys: list[str], k: int) -> bool:
    """False only when ``FeeDetector._term`` finds no term at word k.

    ``_term``'s tests with the words at their places in ``keys`` (the word
    list of ``Words``), adjacency left out (``nxt``/``prv`` only add it) and
    the exits that give a word up to another ("the head word takes it",
    "handled at 'difference'") ignored; an amount is only asked for the word
    that may start or end it."""
    n = len(keys)

    def g(i: int) -> str:
        return keys[i] if 0 <= i < n else ""

    w = keys[k]
    p1, p2, n1 = g(k - 1), g(k - 2), g(k + 1)
    if w in _ALWAYS:
        return True
    if w in ("price", "prices", "cost", "costs", "shipping", "postage"):
        for j in (k, k + 1) if n1 in _BE else (k,):
            if g(j + 1) in _CHANGE or (g(j + 1) in _UP_VERBS and g(j + 2) == "up"):
                return True
        if n1 in ("is", "are") and (g(k + 2) == "higher" or (g(k + 2) == "now" and g(k + 3) == "higher")):
            return True
        if w in ("price", "prices") and (
            n1 in ("increase", "hike", "increases", "hikes")
            or (p1 in ("real", "new", "actual", "correct", "updated") and n1 == "is")
            or p1 in _RAISE
            or (p1 == "the" and p2 in _RAISE)
        ):
            return True
    if w in _HEADS:  # ``_head`` (fee/fees are in ``_ALWAYS``): a modifier, or "a $5 charge"
        return p1 in _MOD1 or (p2, p1) in _MOD2 or (w in ("charge", "charges") and _amount_end(keys, k - 1))
    if w in ("addon", "addons"):
        return n1 in ("purchase", "item", "product", "price")
    if w == "add":
        return _amount_start(keys, k + 1) or _amount_start(keys, k + 2) or _amount_start(keys, k + 3)
    if w in ("extra", "more"):
        if any(g(k - i) in _PAY_BEFORE for i in (1, 2, 3, 4)):  # ``_pay_before``
            return True
        if w == "more":
            return g(k - 1) in ("cost", "costs") or g(k - 3) in ("cost", "costs")
        return _amount_end(keys, k - 1) or _amount_start(keys, k + 1)
    if w == "additional":
        return n1 in ("payment", "amount", "money") or _amount_start(keys, k + 1)
    if w == "payment":
        return p1 in ("another", "second")
    if w in ("again", "twice"):
        return p1 == "pay"
    if w == "difference":
        return p1 == "price" or any(g(k - i) in _DIFF_VERBS for i in (1, 2, 3, 4))
    if w in ("warranty", "extension"):
        return (p1, w) in (("extended", "warranty"), ("warranty", "extension"))
    if w in ("restocking", "restock", "re-stocking") and _amount_end(keys, k - 1):
        return True
    if w in _NOUNS:  # ``_noun_is_amount``: ["for another size"], up to three links, then an amount
        if _NOUNS[w] == "packaging_fee" and p1 != "gift":
            return False
        starts = [k]
        if n1 == "for" and g(k + 2) in ("another", "a") and g(k + 3) in ("size", "different"):
            starts += [k + 3, k + 4]
        for j in starts:
            for _ in range(4):
                if _amount_start(keys, j + 1):
                    return True
                if g(j + 1) not in _LINKS:
                    break
                j += 1
    return False


def _num(w: str) -> bool:
    return bool(w) and w[0].isdigit() and all(c.isdigit() or c in ".," for c in w)


def _amount_tok(w: str) -> bool:
    """One word that is an amount: "$12", "$4.99", "12$", "10%", "12usd"."""
    if len(w) > 1 and w[0] == "$":
        return _num(w[1:])
    if len(w) > 1 and w[-1] in "$%":
        return _num(w[:-1])
    if w.endswith("usd"):
        return _num(w[:-3])
    return False


def _numword(w: str) -> bool:
    return bool(w) and all(p in _NUMWORDS for p in w.split("-"))


class _Amounts:
    """Amount spans in a ``Words``: forwards from a word, backwards to a word."""

    def __init__(self, ws: Words) -> None:
        self.ws = ws

    def start_at(self, k: int) -> int | None:
        """Last word of an amount that starts at word k."""
        ws = self.ws
        w = ws.get(k)
        if not w:
            return None
        if _amount_tok(w):
            return k
        if w == "$" and _num(ws.nxt(k, 1)):
            return k + 1
        if _num(w):
            return k + 1 if ws.nxt(k, 1) in _UNITS else None
        if _numword(w):
            j = k
            while _numword(ws.nxt(j, 1)) and j - k < 3:
                j += 1
            return j + 1 if ws.nxt(j, 1) in ("dollars", "dollar", "bucks") else None
        return None

    def end_at(self, k: int) -> int | None:
        """First word of an amount that ends at word k."""
        ws = self.ws
        w = ws.get(k)
        if not w:
            return None
        if _amount_tok(w):
            return k
        if _num(w) and ws.prv(k, 1) == "$":
            return k - 1
        if w in _UNITS:
            p = ws.prv(k, 1)
            if _num(p):
                return k - 1
            if _numword(p) and w != "$":
                j = k - 1
                while _numword(ws.prv(j, 1)) and k - j < 4:
                    j -= 1
                return j
        return None

    def after(self, k: int) -> tuple[int, int] | None:
        """An amount tied to a term ending at word k: "fee is $8", "fee of $8", "fee: $8"."""
        ws = self.ws
        j = k
        for _ in range(3):
            n = ws.nxt(j, 1, _LINK_GAP)
            if n in _LINKS or n == "of":
                j += 1
                continue
            break
        if j + 1 >= ws.n or not ws.adjacent(j + 1, _LINK_GAP):
            return None
        e = self.start_at(j + 1)
        return (j + 1, e) if e is not None else None

    def before(self, k: int) -> tuple[int, int] | None:
        """An amount right before a term starting at word k: "$12 restocking fee", "$15 for the label"."""
        ws = self.ws
        j = k
        for _ in range(2):
            p = ws.prv(j, 1)
            if p in ("for", "the", "in", "as", "a", "an"):
                j -= 1
                continue
            break
        if j - 1 < 0 or not ws.adjacent(j):
            return None
        s = self.end_at(j - 1)
        return (s, j - 1) if s is not None else None


@register
class FeeDetector(Detector):
    """Fee, surcharge, price-increase and extra-payment terms (positive mentions only)."""

    name = "fees"
    kinds = frozenset({"fee_term"})

    def quiet(self, text: str, low: str) -> bool:
        """``_may_hold_fee`` (the early exit of ``detect``) says no."""
        return not _may_hold_fee(low)

    def detect(self, views: Views) -> list[Entity]:
        folded = views.folded
        squeezed = views.squeezed
        text = folded.text
        one_view = squeezed is folded or squeezed.text == text
        if one_view and not _may_hold_fee(text):
            return []  # the early exit of ``_scan``, without the calls
        out: list[Entity] = []
        self._scan(folded, out)
        if not one_view:
            self._scan(squeezed, out)
        return _dedupe(out) if out else out

    def _scan(self, view: MappedText, out: list[Entity]) -> None:
        if _may_hold_fee(view.text):
            self._scan_terms(view, out)

    def _scan_terms(self, view: MappedText, out: list[Entity]) -> None:
        text = view.text
        pre = text if text.isascii() else text.translate(_PRE)
        t, _ = split_words(pre, _FEE_TABLE)
        ws = Words(text, t, strip=_STRIP, drop="'")
        am = _Amounts(ws)
        for k in range(ws.n):
            if ws.w[k] in _TRIGGERS:
                hit = self._term(ws, am, k)
                if hit is not None:
                    self._emit(view, ws, am, *hit, out)

    # ------------------------------------------------------------------
    def _term(self, ws: Words, am: _Amounts, k: int) -> tuple[int, int, str, float, str] | None:
        """(first word, last word, value, confidence, amount) of a fee term anchored at word k."""
        w = ws.w[k]
        p1, p2 = ws.prv(k, 1), ws.prv(k, 2)
        n1 = ws.nxt(k, 1)
        # price went up / price increase / real price is
        if w in ("price", "prices", "cost", "costs", "shipping", "postage"):
            j = k + 1 if n1 in _BE else k
            nj = ws.nxt(j, 1)
            if nj in _CHANGE:
                return k, j + 1, "price_increase", 0.85, ""
            if nj in _UP_VERBS and ws.nxt(j, 2) == "up":
                return k, j + 2, "price_increase", 0.85, ""
            if n1 in ("is", "are") and (ws.nxt(k, 2) == "higher" or (ws.nxt(k, 2) == "now" and ws.nxt(k, 3) == "higher")):
                return k, k + (2 if ws.nxt(k, 2) == "higher" else 3), "price_increase", 0.85, ""
            if w in ("price", "prices"):
                if n1 in ("increase", "hike", "increases", "hikes"):
                    return k, k + 1, "price_increase", 0.85, ""
                if p1 in ("real", "new", "actual", "correct", "updated") and n1 == "is":
                    return k - 1, k + 1, "price_increase", 0.85, ""
                if p1 in _RAISE:
                    return k - 1, k, "price_increase", 0.85, ""
                if p1 == "the" and p2 in _RAISE:
                    return k - 2, k, "price_increase", 0.85, ""
                if n1 == "difference":
                    return None  # handled at "difference"
        if w in _HEADS:
            return self._head(ws, am, k)
        if w in ("surcharge", "surcharges", "sur-charge"):
            k0 = k
            if p1 in _SUR_MOD:
                k0 = k - 1
            elif (p2, p1) in (("remote", "area"), ("small", "order")):
                k0 = k - 2
            return k0, k, "surcharge", 0.85, ""
        if w in ("upcharge", "upcharges", "up-charge"):
            return k, k, "upcharge", 0.85, ""
        if n1 in _HEADS and (w in _MOD1 or (w, n1) in _MOD2):
            return None  # the head word takes it
        if w in ("add-on", "add-ons"):
            return k, k, "add_on", 0.85, ""
        if w in ("addon", "addons") and n1 in ("purchase", "item", "product", "price"):
            return k, k, "add_on", 0.85, ""
        if w == "add":
            j = k
            if ws.nxt(j, 1) in ("a", "an"):
                j += 1
            if ws.nxt(j, 1) == "extra":
                j += 1
            e = am.start_at(j + 1) if ws.adjacent(j + 1) else None
            if e is not None:
                return k, e, "add_on", 0.9, _span(ws, j + 1, e)
            return None
        if w == "extra":
            s = am.end_at(k - 1) if ws.adjacent(k) else None
            if s is not None:
                return s, k, "extra_charge", 0.85, _span(ws, s, k - 1)
            if ws.adjacent(k + 1):
                e = am.start_at(k + 1)
                if e is not None:
                    k0 = k - 1 if p1 in ("a", "an") else k
                    return k0, e, "extra_charge", 0.85, _span(ws, k + 1, e)
            k0 = _pay_before(ws, k)
            if k0 is not None and n1 not in _NOT_MORE:
                return k0, k, "extra_charge", 0.85, ""
            return None
        if w == "more":
            if n1 in _NOT_MORE:
                return None
            j = k
            if p1 in ("bit", "little", "lot") and p2 == "a":
                j = k - 2
            if ws.prv(j, 1) in ("cost", "costs"):
                return j - 1, k, "price_increase", 0.85, ""
            k0 = _pay_before(ws, k)
            if k0 is not None:
                return k0, k, "extra_charge", 0.85, ""
            return None
        if w == "additional":
            if n1 in ("payment", "amount", "money"):
                return k, k + 1, "additional_payment", 0.85, ""
            e = am.start_at(k + 1) if ws.adjacent(k + 1) else None
            if e is not None:
                return k, e, "additional_payment", 0.85, _span(ws, k + 1, e)
            return None
        if w == "payment" and p1 in ("another", "second"):
            return k - 1, k, "additional_payment", 0.85, ""
        if w in ("again", "twice") and p1 == "pay":
            return k - 1, k, "additional_payment", 0.85, ""
        if w == "difference":
            j = k
            if ws.prv(j, 1) == "price":
                j -= 1
            if ws.prv(j, 1) == "the":
                j -= 1
            if ws.prv(j, 1) in ("me", "us"):
                j -= 1
            if ws.prv(j, 1) in _DIFF_VERBS:
                return j - 1, k, "price_difference", 0.85, ""
            if p1 == "price":
                return k - 1, k, "price_difference", 0.85, ""
            return None
        if w in ("deposit", "deposits"):
            if n1 in ("bonus", "match", "offer", "promo", "bonuses"):
                return None
            j = k
            for _ in range(3):
                if ws.prv(j, 1) in ("a", "an", "the", "small", "security", "non-refundable", "nonrefundable"):
                    j -= 1
                else:
                    break
            s = am.end_at(j - 1) if ws.adjacent(j) else None
            if s is not None:
                return s, k, "deposit", 0.9, _span(ws, s, j - 1)
            before = ws.w[max(0, k - 5) : k]
            return k, k, "deposit", 0.8 if not _PAY_WORDS.isdisjoint(before) else 0.6, ""
        if w in ("warranty", "extension"):
            if (p1, w) in (("extended", "warranty"), ("warranty", "extension")):
                return k - 1, k, "extended_warranty_fee", 0.6, ""
        if w in ("restocking", "restock", "re-stocking") and ws.adjacent(k):
            s = am.end_at(k - 1)
            if s is not None:
                return s, k, "restocking_fee", 0.9, _span(ws, s, k - 1)
        if w in _NOUNS:
            return self._noun_is_amount(ws, am, k)
        return None

    def _head(self, ws: Words, am: _Amounts, k: int) -> tuple[int, int, str, float, str] | None:
        """"fee", "charges", "cost" with the modifier and amount before it."""
        w = ws.w[k]
        p1, p2 = ws.prv(k, 1), ws.prv(k, 2)
        k0 = k
        value = ""
        if (p2, p1) in _MOD2:
            value, k0 = _MOD2[(p2, p1)], k - 2
        elif p1 in _MOD1:
            value, k0 = _MOD1[p1], k - 1
        amount = ""
        if k0 > 0 and ws.adjacent(k0):
            s = am.end_at(k0 - 1)
            if s is not None:
                amount = _span(ws, s, k0 - 1)
                k0 = s
        if not amount:
            hit = am.after(k)
            if hit is not None:
                amount = _span(ws, *hit)
        if not value:
            if w in ("cost", "costs"):
                return None  # "it costs $24.99": a price, not a fee
            if w in _WEAK_HEADS and not (amount and k0 < k):
                return None  # "charge" alone or "we charge $5": a verb; "a $5 charge" is a fee
            return k0, k, "fee", 0.95 if amount else 0.6, amount
        if w in _WEAK_HEADS and not amount:
            return k0, k, value, 0.4, ""
        return k0, k, value, 0.95 if amount else 0.85, amount

    def _noun_is_amount(self, ws: Words, am: _Amounts, k: int) -> tuple[int, int, str, float, str] | None:
        """"returns are $15", "exchanging for another size is $8", "the upgrade is 20 bucks"."""
        w = ws.w[k]
        p1 = ws.prv(k, 1)
        value = _NOUN_PREV.get((p1, w)) or _NOUNS[w]
        k0 = k - 1 if (p1, w) in _NOUN_PREV else k
        if value == "packaging_fee" and p1 != "gift":
            return None
        j = k
        if ws.nxt(j, 1) == "for" and ws.nxt(j, 2) in ("another", "a") and ws.nxt(j, 3) in ("size", "different"):
            j += 3 if ws.nxt(j, 3) == "size" else (4 if ws.nxt(j, 4) == "size" else 3)
        linked = False
        for _ in range(3):
            n = ws.nxt(j, 1, _LINK_GAP)
            if n in _LINKS:
                j += 1
                linked = True
                continue
            break
        if not linked:
            gap = ws.text[ws.e[j] : ws.s[j + 1]] if j + 1 < ws.n else ""
            if not any(c in "=:" for c in gap) or not all(c in _LINK_GAP for c in gap):
                return None
        if j + 1 >= ws.n or not ws.adjacent(j + 1, _LINK_GAP):
            return None
        e = am.start_at(j + 1)
        if e is None:
            return None
        return k0, e, value, 0.9, _span(ws, j + 1, e)

    # ------------------------------------------------------------------
    def _emit(
        self, view: MappedText, ws: Words, am: _Amounts, k0: int, k1: int, value: str, conf: float, amount: str,
        out: list[Entity],
    ) -> None:
        if _negated(ws, k0, k1):
            return
        text = ws.text
        s, e = ws.s[k0], ws.e[k1]
        if not amount and value in ("surcharge", "upcharge", "add_on", "extended_warranty_fee", "deposit"):
            hit = am.after(k1) or am.before(k0)
            if hit is not None:
                amount = _span(ws, *hit)
                conf = max(conf, 0.9)
        if not amount and value not in ("fee",) and conf >= 0.85:
            hit = am.before(k0)
            if hit is not None:
                amount = _span(ws, *hit)
                conf = max(conf, 0.95)
        evidence = f"amount {amount}" if amount else ""
        if s > 0 and text[s - 1] in _QUOTES:
            conf, evidence = 0.3, "quoted"
        out.append(self.entity(view, s, e, "fee_term", value, conf, evidence))


def _span(ws: Words, k0: int, k1: int) -> str:
    return ws.text[ws.s[k0] : ws.e[k1]]


def _pay_before(ws: Words, k: int) -> int | None:
    """First word of "pay / charge [me|you] [a] [little|bit]" right before word k."""
    j = k
    if ws.prv(j, 1) in ("little", "bit"):
        j -= 1
    if ws.prv(j, 1) in ("a", "an"):
        j -= 1
    if ws.prv(j, 1) in ("me", "you", "u", "us"):
        j -= 1
    if ws.prv(j, 1) in ("pay", "charge", "charging", "paying"):
        return j - 1
    return None


def _negated(ws: Words, k0: int, k1: int) -> bool:
    """A negator before the term in the same clause, or "is free / waived / on us" after it."""
    text = ws.text
    seen: list[str] = []
    i = k0
    while len(seen) < 6 and i > 0:
        gap = text[ws.e[i - 1] : ws.s[i]]
        if any(c in ".,!?;\n" for c in gap):
            break
        w = ws.w[i - 1]
        if w == "but":
            break
        seen.append(w)
        i -= 1
    for idx, w in enumerate(seen):
        between = seen[:idx]
        if w in _NEG1 and all(x in _FILLER for x in between):
            return True
        if w in _NEG2 and sum(x not in _FILLER for x in between) <= 3:
            return True
    after = [ws.nxt(k1, i, _LINK_GAP) for i in (1, 2, 3, 4)]
    while after and after[0] in ("is", "are", "was", "will", "be", "has", "have", "been", "always", "totally",
                                 "completely", "100%", "also"):
        after.pop(0)
    if after and after[0] in _NEG_AFTER:
        return True
    return len(after) >= 2 and after[0] == "on" and after[1] in ("us", "me", "the", "house")


def _dedupe(ents: list[Entity]) -> list[Entity]:
    """Keep one entity per overlapping span: the longest, then the most confident."""
    ents.sort(key=lambda x: (x.start, -(x.end - x.start), -x.confidence))
    kept: list[Entity] = []
    for ent in ents:
        dup = False
        for i in range(len(kept) - 1, -1, -1):
            k = kept[i]
            if k.start < ent.start - _MAX_SPAN:
                break
            if k.start < ent.end and ent.start < k.end:
                dup = True
                break
        if not dup:
            kept.append(ent)
    return kept
