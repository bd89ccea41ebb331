"""Listing facts and the seller's statements that contradict them.

The policy forbids telling a customer, after the order, that the return,
refund or warranty terms (or the price) are worse than the product detail
page said.  This module knows two things:

- ``facts_from_listing`` / ``facts_from_customer``: what the listing promises,
  from a ``Listing`` (authoritative) or, when none is given, from what the
  customer quotes of it ("the listing says free returns within 30 days";
  only statements attributed to the listing/product page count, and they are
  used with lower confidence because the customer may misquote);
- ``conflicts``: the seller's claims in one message (return window, fees,
  warranty, refund form, price) compared with those facts.  Repeating the
  listing's own terms, or offering better ones, is never a conflict.

Each conflict has a ``value`` rule packs can select on:

    return_window:7<30      claimed window < listed window (0 = "no returns")
    fee:restocking          a fee the listing does not have (restocking,
    fee:return_shipping     return_shipping, shipping, exchange, repair,
    fee:shipping            handling, processing, …)
    fee:restocking:25>10    a listed fee, asked higher
    warranty:none           no warranty where the listing has one
    warranty:1m<12m         a shorter warranty (in months)
    refund:store_credit     store credit / partial / no refund where the
    refund:partial          listing takes returns for a refund
    refund:none
    price:45>29             a higher price than the listing's
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Iterable, Iterator, Sequence

import regex

from .models import Listing, Turn

# ---------------------------------------------------------------------------
# Numbers

_NUM_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "fourteen": 14, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40,
    "forty-five": 45, "sixty": 60, "ninety": 90,
}  # fmt: skip
_N = r"(?:\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|fifteen|twenty|thirty|forty(?:-five)?|sixty|ninety)"
_UNIT = r"(?:day|week|wk|month|mo|year|yr)s?"
_UNIT_DAYS = {"day": 1, "week": 7, "wk": 7, "month": 30, "mo": 30, "year": 365, "yr": 365}


def _num(word: str) -> int | None:
    word = word.strip().lower()
    if word.isdigit():
        return int(word)
    return _NUM_WORDS.get(word)


def _days(n: str, unit: str) -> int | None:
    k = _num(n)
    if k is None:
        return None
    u = unit.lower().rstrip("s")
    return k * _UNIT_DAYS.get(u, 1)


def _money(s: str) -> float:
    return float(s.replace(",", ""))


def _fmt(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".") if x != int(x) else str(int(x))


def _months(days: int) -> str:
    if days >= 28:
        return f"{round(days / 30.4)}m"
    return f"{days}d"


# ---------------------------------------------------------------------------
# Facts


@dataclass(frozen=True)
class ListingFacts:
    """What the listing promises (None = unknown)."""

    price: float | None = None
    return_window_days: int | None = None  # 0: no returns
    free_returns: bool | None = None
    return_shipping_fee: float | None = None
    restocking_fee: float | None = None  # 0: none
    warranty_days: int | None = None  # 0: none
    free_shipping: bool | None = None
    shipping_fee: float | None = None
    full_refund: bool | None = None
    authoritative: bool = False
    """True: from a ``Listing``; False: quoted by the customer."""

    @property
    def known(self) -> bool:
        return any(
            v is not None
            for v in (
                self.price, self.return_window_days, self.free_returns, self.return_shipping_fee,
                self.restocking_fee, self.warranty_days, self.free_shipping, self.shipping_fee,
                self.full_refund,
            )
        )  # fmt: skip

    @property
    def returns_accepted(self) -> bool:
        return bool(
            (self.return_window_days or 0) > 0 or self.free_returns or self.full_refund
        )

    def merged_under(self, base: "ListingFacts | None") -> "ListingFacts":
        """These facts, with gaps filled from ``base`` (lower priority)."""
        if base is None:
            return self
        updates = {}
        for name in self.__dataclass_fields__:
            if name == "authoritative":
                continue
            if getattr(self, name) is None and getattr(base, name) is not None:
                updates[name] = getattr(base, name)
        return replace(self, **updates) if updates else self


_RX = regex.IGNORECASE  # V0: V1 full case folding doubles compile and search cost

_P_WINDOW = [
    regex.compile(rf"\b(?P<n>{_N})[\s-]{{0,2}}(?P<u>{_UNIT})[\s-]{{0,2}}(?:free\s+)?(?:returns?|refunds?|exchanges?|money[\s-]back)\b", _RX),
    regex.compile(rf"\b(?:returns?|refunds?|exchanges?)\b[^.!?\n]{{0,30}}?\b(?:within|in|for|up\s+to)\s+(?P<n>{_N})[\s-]{{0,2}}(?P<u>{_UNIT})\b", _RX),
    regex.compile(rf"\b(?P<n>{_N})[\s-]{{0,2}}(?P<u>{_UNIT})\s+(?:to|for)\s+(?:a\s+)?(?:returns?|refunds?|exchanges?)\b", _RX),
]  # fmt: skip
_P_FREE_RETURNS = regex.compile(
    r"\bfree\s+(?:returns?|return\s+shipping|return\s+label)\b|\breturns?\s+(?:are|is)\s+free\b|\bfree\s+to\s+return\b",
    _RX,
)
_P_FULL_REFUND = regex.compile(r"\bfull\s+refund\b|\bmoney[\s-]back\b|\b100\s?%\s+refund\b", _RX)
_P_WARRANTY = [
    regex.compile(rf"\b(?P<n>{_N})[\s-]{{0,2}}(?P<u>{_UNIT})\s+(?:limited\s+)?(?:warranty|guarantee)\b", _RX),
    regex.compile(rf"\b(?:warranty|guarantee)\b[^.!?\n]{{0,20}}?\b(?:of|for|is|lasts)\s+(?P<n>{_N})[\s-]{{0,2}}(?P<u>{_UNIT})\b", _RX),
]  # fmt: skip
_P_LIFETIME = regex.compile(r"\blifetime\s+(?:warranty|guarantee)\b", _RX)
_P_FREE_SHIPPING = regex.compile(r"\bfree\s+(?:shipping|delivery)\b", _RX)
_P_LISTED_PRICE = regex.compile(
    r"\b(?:listing|page|listed|price|priced|advertised|ad|it|says|said|shows|showed)\b[^.!?\n$]{0,20}?\$\s?(?P<p>\d{1,5}(?:,\d{3})*(?:\.\d{1,2})?)",
    _RX,
)
_P_ATTRIBUTION = regex.compile(
    r"\b(?:listing|listed|product\s+page|item\s+page|your\s+page|the\s+page|shop\s+page|description|"
    r"product\s+details?|advertised|your\s+ad|the\s+ad|it\s+says|it\s+said|says|said|stated|promised|policy)\b",
    _RX,
)


def _window_of(text: str) -> int | None:
    for p in _P_WINDOW:
        m = p.search(text)
        if m:
            d = _days(m["n"], m["u"])
            if d:
                return d
    return None


def _warranty_of(text: str) -> int | None:
    if _P_LIFETIME.search(text):
        return 36500
    for p in _P_WARRANTY:
        m = p.search(text)
        if m:
            d = _days(m["n"], m["u"])
            if d:
                return d
    return None


_NO_RETURNS = regex.compile(
    r"\bno\s+returns?\b(?!\s+(?:needed|necessary|required))|\bnon[\s-]?returnable\b|\ball\s+sales?\s+(?:are\s+)?final\b|\bfinal\s+sale\b",
    _RX,
)
_NO_WARRANTY = regex.compile(r"\bno\s+warranty\b|\bwithout\s+(?:a\s+|any\s+)?warranty\b", _RX)


def facts_from_listing(listing: Listing) -> ListingFacts:
    """The listing's promises, from its fields and its free-text policy strings."""
    policy = listing.return_policy or ""
    window = listing.return_window_days
    if window is None and policy:
        window = 0 if _NO_RETURNS.search(policy) else _window_of(policy)
    free_returns: bool | None = None
    if listing.return_shipping_fee is not None:
        free_returns = listing.return_shipping_fee == 0
    elif policy and _P_FREE_RETURNS.search(policy):
        free_returns = True
    full_refund = True if policy and _P_FULL_REFUND.search(policy) else None
    warranty_days: int | None = None
    if listing.warranty_months is not None:
        warranty_days = listing.warranty_months * 30
    elif listing.warranty:
        warranty_days = 0 if _NO_WARRANTY.search(listing.warranty) else _warranty_of(
            listing.warranty if regex.search(r"warrant|guarant", listing.warranty, _RX) else listing.warranty + " warranty"
        )
    has_return_terms = window is not None or free_returns is not None or bool(policy)
    return ListingFacts(
        price=listing.price,
        return_window_days=window,
        free_returns=free_returns,
        return_shipping_fee=listing.return_shipping_fee,
        # a listing with return terms and no restocking fee has none
        restocking_fee=listing.restocking_fee if listing.restocking_fee is not None else (0.0 if has_return_terms else None),
        warranty_days=warranty_days,
        free_shipping=listing.free_shipping,
        shipping_fee=listing.shipping_fee if listing.shipping_fee is not None else (0.0 if listing.free_shipping else None),
        full_refund=full_refund,
        authoritative=True,
    )


def facts_from_customer(history: Sequence[Turn], lookback: int = 20) -> ListingFacts | None:
    """Listing terms the customer quoted in recent turns ("the listing says 30 day returns")."""
    lo = max(0, len(history) - lookback)
    found: dict[str, object] = {}
    for turn in history[lo:]:
        if turn.role == "customer":
            found.update(_quoted_facts(turn.text))
    if not found:
        return None
    return ListingFacts(authoritative=False, **found)  # type: ignore[arg-type]


@lru_cache(maxsize=4096)
def _quoted_facts(text: str) -> tuple[tuple[str, object], ...]:
    """Listing facts one customer message attributes to the listing (cached: turns recur)."""
    found: dict[str, object] = {}
    if _P_ATTRIBUTION.search(text):
        w = _window_of(text)
        if w:
            found["return_window_days"] = w
        if _P_FREE_RETURNS.search(text):
            found["free_returns"] = True
            found["return_shipping_fee"] = 0.0
            found["restocking_fee"] = 0.0
        if _P_FULL_REFUND.search(text):
            found["full_refund"] = True
        wd = _warranty_of(text)
        if wd:
            found["warranty_days"] = wd
        if _P_FREE_SHIPPING.search(text):
            found["free_shipping"] = True
            found["shipping_fee"] = 0.0
        m = _P_LISTED_PRICE.search(text)
        if m:
            found["price"] = _money(m["p"])
    return tuple(found.items())


def gather_facts(listing: Listing | None, history: Sequence[Turn]) -> ListingFacts | None:
    """A Listing's facts, gaps filled by what the customer quoted; None when nothing is known."""
    quoted = facts_from_customer(history) if history else None
    if listing is None:
        return quoted
    facts = facts_from_listing(listing).merged_under(quoted)
    return facts if facts.known else None


# ---------------------------------------------------------------------------
# The seller's claims


@dataclass(frozen=True)
class Conflict:
    start: int
    end: int
    value: str
    evidence: str


_SENT = regex.compile(r"[^!?\n]*?(?:[!?\n]+|\.(?!\d)|$)")
_NEG_BEFORE = regex.compile(
    r"(?:\bno|\bfree|\bprepaid|\bpre-paid|\bwithout|\bwaive[sd]?|\bzero|\bnot?\s+(?:charge|ask|need)|\bdon'?t\s+(?:charge|need|ask)|"
    r"\bdo\s+not\s+(?:charge|ask)|\bwon'?t\s+(?:charge|ask)|\bnever\s+(?:charge|ask)|\bcover(?:s|ed)?|\bpay\s+for\s+your|"
    r"\brefund(?:ed)?|\breimburse\w*|\bwe'?ll\s+(?:pay|cover))\W+(?:\w+\W+){0,3}$",
    _RX,
)
_NEG_AFTER = regex.compile(
    r"^\W*(?:\w+\W+){0,2}?(?:is|are|will\s+be)?\s*(?:free|waived|on\s+us|covered|included|refunded|not\s+charged)\b", _RX
)

_AMOUNT = r"\$\s?(?P<amt>\d{1,5}(?:,\d{3})*(?:\.\d{1,2})?)|(?P<amt2>\d{1,5}(?:\.\d{1,2})?)\s?(?:usd|dollars|bucks)\b|(?P<pct>\d{1,2})\s?%"
_P_AMOUNT = regex.compile(_AMOUNT, _RX)

_FEES: list[tuple[str, regex.Pattern[str]]] = [
    ("restocking", regex.compile(r"\brestock(?:ing)?\s+(?:fee|charge|cost)s?\b|\b\d{1,3}\s?%\s*(?:for\s+)?restock(?:ing)?\b|\$\s?\d+(?:\.\d\d)?\s*(?:for\s+)?restock(?:ing)?\b|\b(?:plus|and|\+)\s+restocking\b", _RX)),
    ("return_shipping", regex.compile(
        r"\breturn\s+(?:shipping|postage|label)s?\b(?:\s+(?:fee|cost|charge))?(?=[^.!?\n]{0,25}(?:\$|\d|\bfee|\bcost|\bpay|\bcharge|\byou|\bon\s+you|\byour))"
        r"|\b(?:pay|cover|covers|paying|covering)\s+(?:for\s+)?(?:the\s+)?return\s+(?:shipping|postage|label)\b"
        r"|\$\s?\d+(?:\.\d\d)?\s*(?:for|per)\s+(?:the\s+)?(?:return\s+)?(?:shipping\s+)?label\b"
        r"|\blabel\s+(?:is|costs?|fee|will\s+(?:be|cost))\s*\$\s?\d+(?:\.\d\d)?"
        r"|\breturn\s+(?:fee|charge)s?\b"
        r"|\breturns?\s+(?:are|is|cost|costs|will\s+cost)\s+\$\s?\d+(?:\.\d\d)?",
        _RX)),
    ("exchange", regex.compile(r"\bexchange\s+(?:fee|charge|cost)s?\b|\$\s?\d+(?:\.\d\d)?\s*(?:for\s+)?(?:the\s+|an\s+)?exchanges?\b|\bexchanges?\s+(?:are|is|cost|costs)\s+\$\s?\d+(?:\.\d\d)?", _RX)),
    ("repair", regex.compile(r"\brepairs?\s+(?:fee|charge|cost)s?\b|\brepairs?\s+(?:are|is|will\s+be|costs?|will\s+cost)\s+\$\s?\d+(?:\.\d\d)?|\$\s?\d+(?:\.\d\d)?\s*(?:for\s+)?(?:the\s+|a\s+)?repairs?\b", _RX)),
    ("shipping", regex.compile(r"(?<!return\s)\bshipping\s+(?:fee|charge|cost)s?\b|(?<!return\s)\bshipping\s+(?:is|will\s+be|costs?)\s+\$\s?\d+(?:\.\d\d)?|\$\s?\d+(?:\.\d\d)?\s*(?:for\s+)?shipping\b|\b(?:pay|cover)\s+(?:for\s+)?(?:the\s+)?shipping\b", _RX)),
    ("handling", regex.compile(r"\b(?P<kind>handling|processing|inspection|cancellation|service|admin(?:istrative)?|cleaning|packaging)\s+(?:fee|charge)s?\b", _RX)),
]  # fmt: skip

_P_CLAIM_WINDOW = [
    regex.compile(rf"\b(?:returns?|exchanges?)\b[^.!?\n]{{0,40}}?\b(?:within|in|for|up\s+to|after|past|over)\s+(?:the\s+first\s+)?(?P<n>{_N})[\s-]{{0,2}}(?P<u>{_UNIT})\b", _RX),
    regex.compile(rf"\b(?P<n>{_N})[\s-]{{0,2}}(?P<u>{_UNIT})[\s-]{{0,2}}(?:return|exchange)s?\b", _RX),
    regex.compile(rf"\breturn\s+(?:window|period|policy)\b[^.!?\n]{{0,20}}?\b(?P<n>{_N})[\s-]{{0,2}}(?P<u>{_UNIT})\b", _RX),
    regex.compile(rf"\b(?P<n>{_N})[\s-]{{0,2}}(?P<u>{_UNIT})\s+(?:to|for)\s+(?:a\s+)?(?:returns?|exchanges?)\b", _RX),
]  # fmt: skip
_WINDOW_NOT_CLAIM = regex.compile(
    r"\b(?:approv\w*|request\w*|process\w*|issued|credited|reflect\w*|show\s+up|receiv\w*|arriv\w*|"
    r"refund\s+(?:will|should|takes?|may)|ago|since|it'?s\s+been|has\s+been|already)\b",
    _RX,
)
_NO_RETURNS_AFTER = regex.compile(
    rf"\b(?:after|past|beyond|over|outside(?:\s+of)?|later\s+than)\s+(?:the\s+)?(?:first\s+)?(?P<n>{_N})[\s-]{{0,2}}(?P<u>{_UNIT})\b", _RX
)
_NOT_BEFORE = regex.compile(r"\b(?:not|isn'?t|is\s+not|never)\s+(?:a\s+|an\s+)?$", _RX)
_REFUND_NOT_CLAIM = regex.compile(
    r"\b(?:chat|here|app|button|platform|tiktok|directly|myself|manually|request\w*|system|until|before|"
    r"unless|once|after|till|first|yet|if\s+you\s+keep)\b",
    _RX,
)
_THIRD_PARTY = regex.compile(r"\b(?:tiktok|platform|the\s+app|carrier|usps|ups|fedex|scam\w*|not\s+from\s+us|isn'?t\s+from\s+us)\b", _RX)
_WE_BEFORE = regex.compile(r"\b(?:we|i|us|tiktok|they)(?:'ll|\s+will|'d|\s+would|\s+can|\s+always|\s+do)?\s+$", _RX)
_QUOTE_CHARS = "'\"\u2018\u2019\u201c\u201d`"
_RESTRICT = regex.compile(
    r"\b(?:only|must|need\s+to|needs\s+to|have\s+to|has\s+to|accept\w*|allow\w*|policy|window|period|max(?:imum)?|limit|strict\w*|no\s+later|up\s+to|after|past|over|not|no|don'?t|can'?t|cannot|won'?t)\b",
    _RX,
)
_CLAIM_NO_RETURNS = regex.compile(
    r"\b(?:no|don'?t|do\s+not|can'?t|cannot|won'?t|doesn'?t|does\s+not|not)\s+(?:\w+\s+){0,2}?(?:accept|take|do|offer|allow|give|process)\w*\s+(?:any\s+)?returns?\b"
    r"|\bno\s+returns?\b(?!\s+(?:needed|necessary|required))"
    r"|\breturns?\s+(?:are|is)\s+not\s+(?:accepted|allowed|possible)\b"
    r"|\bnon[\s-]?returnable\b|\bnot\s+returnable\b|\ball\s+sales?\s+(?:are\s+)?final\b|\bfinal\s+sale\b",
    _RX,
)
_CLAIM_NO_WARRANTY = regex.compile(
    r"\bno\s+warranty\b|\bwithout\s+(?:a\s+|any\s+)?warranty\b"
    r"|\b(?:don'?t|do\s+not|doesn'?t|does\s+not|isn'?t|is\s+not|not|can'?t|cannot|won'?t)\s+(?:\w+\s+){0,1}?(?:offer|have|come\s+with|include|provide|give|honou?r)\w*\s+(?:a\s+|any\s+|the\s+)?warranty\b"
    r"|\bwarranty\s+(?:is\s+)?(?:not\s+(?:valid|available|offered))\b",
    _RX,
)
_CLAIM_WARRANTY = [
    regex.compile(rf"\b(?:warranty|guarantee)\b[^.!?\n]{{0,25}}?\b(?:covers?|lasts?|is|of|for|valid|good|only|just)\s+(?:for\s+|only\s+|up\s+to\s+)?(?P<n>{_N})[\s-]{{0,2}}(?P<u>{_UNIT})\b", _RX),
    regex.compile(rf"\b(?P<n>{_N})[\s-]{{0,2}}(?P<u>{_UNIT})\s+(?:limited\s+)?(?:warranty|guarantee)\b", _RX),
]  # fmt: skip
_CLAIM_REFUND = [
    ("store_credit", regex.compile(
        r"\b(?:only|just)\b[^.!?\n]{0,30}?\bstore\s+credit\b|\bstore\s+credit\s+only\b|\bstore\s+credit\s+instead\b"
        r"|\bno\s+(?:cash\s+|money\s+)?refunds?\b[^.!?\n]{0,30}?\bstore\s+credit\b|\bstore\s+credit\b[^.!?\n]{0,30}?\bno\s+(?:cash\s+|money\s+)?refunds?\b",
        _RX)),
    ("partial", regex.compile(
        r"\b(?:only|just|max(?:imum)?|at\s+most|up\s+to)\s+(?:\w+\s+){0,3}?(?:a\s+)?(?P<pct>\d{1,2})\s?%\s*(?:refund|back|store\s+credit|credit|of\s+(?:the|your)\s+(?:price|money|order))?"
        r"|\b(?:only|just)\s+(?:\w+\s+){0,3}?(?:a\s+)?partial\s+refund\b|\bpartial\s+refund\s+only\b",
        _RX)),
    ("none", regex.compile(
        r"\bno\s+(?:cash\s+|money\s+)?refunds?\b|\bnon[\s-]?refundable\b|\bnot\s+refundable\b"
        r"|\b(?:can'?t|cannot|won'?t|don'?t|do\s+not)\s+(?:\w+\s+){0,1}?(?:give|offer|issue|do|process|provide)\s+(?:you\s+)?(?:a\s+|any\s+)?(?:full\s+|cash\s+)?refunds?\b",
        _RX)),
]  # fmt: skip
_P_PRICE = regex.compile(
    r"(?:\b(?:price|priced|prices|cost|costs|it'?s|it\s+is|its|that'?s|that\s+is|they'?re|now|total|pay|charge|sell(?:ing)?\s+(?:it|them)\s+for|goes\s+for)\s+(?:\w+\s+){0,2}?)"
    r"(?:\$\s?(?P<amt>\d{1,5}(?:,\d{3})*(?:\.\d{1,2})?)|(?P<amt2>\d{1,5}(?:\.\d{1,2})?)\s?(?:usd|dollars|bucks)\b)",
    _RX,
)
_PRICE_EXCLUDE = regex.compile(
    r"\b(?:fee|fees|shipping|label|restock\w*|repair\w*|exchange|deposit|tip|refund\w*|credit|off|discount\w*|save|saving|savings|coupon|"
    r"over|above|under|spend|orders?|gift\s+card|extra|more|less|return\w*|postage|handling|processing|"
    r"bundle|bundles|set|sets|pack|packs|combo|pair|pairs|both|together|all\s+\w+|for\s+(?:\d+|two|three|four|five|six|both)|same|each\s+of)\b",
    _RX,
)
_FEE_QUESTION = regex.compile(r"\b(?:fee|fees|charge\w*|cost\w*|pay|paying|price|\$)", _RX)
_RETURN_TOPIC = regex.compile(r"\b(?:return\w*|refund\w*|label|exchange\w*)\b", _RX)


def _sentences(text: str) -> Iterator[tuple[int, str]]:
    for m in _SENT.finditer(text):
        if m.end() > m.start():
            yield m.start(), m.group()


def _negated(sent: str, s: int, e: int) -> bool:
    return _NEG_BEFORE.search(sent[max(0, s - 40) : s]) is not None or _NEG_AFTER.search(sent[e : e + 30]) is not None


def _amount_near(sent: str, s: int, e: int) -> float | None:
    """A dollar amount in the same sentence, nearest to [s, e)."""
    best: tuple[int, float] | None = None
    for m in _P_AMOUNT.finditer(sent):
        raw = m["amt"] or m["amt2"]
        if raw is None:
            continue
        d = 0 if m.start() < e and s < m.end() else min(abs(m.start() - e), abs(s - m.end()))
        if best is None or d < best[0]:
            best = (d, _money(raw))
    return best[1] if best is not None and best[0] <= 40 else None


def conflicts(text: str, facts: ListingFacts, customer_last: str = "") -> list[Conflict]:
    """The seller's claims in ``text`` (a lower-cased, cleaned view) that are worse than ``facts``.

    Spans index ``text``.  ``customer_last``: the customer's latest message
    (an amount given in reply to "why is there a fee?" is a fee).
    """
    out: list[Conflict] = []
    src = "the listing" if facts.authoritative else "the listing (as the customer quoted it)"
    warranty_claim_ok = False
    for off, sent in _sentences(text):
        _return_window(sent, off, facts, src, out)
        _fees(sent, off, facts, src, out)
        if facts.warranty_days and _warranty(sent, off, facts, src, out):
            warranty_claim_ok = True
        if facts.returns_accepted:
            _refund(sent, off, src, out)
        if facts.price is not None:
            _price(sent, off, facts.price, src, out)
    if (
        facts.free_returns
        and customer_last
        and not any(c.value.startswith("fee:") for c in out)
        and _FEE_QUESTION.search(customer_last)
        and _RETURN_TOPIC.search(customer_last + " " + text)
    ):
        _amount_as_return_fee(text, src, out)
    if warranty_claim_ok:
        # "the warranty is 1 year, after that repairs are $25": the listing's own terms
        out = [c for c in out if c.value != "fee:repair"]
    return _dedupe(out)


def _return_window(sent: str, off: int, facts: ListingFacts, src: str, out: list[Conflict]) -> None:
    listed = facts.return_window_days
    if listed is None and facts.returns_accepted:
        listed = -1  # returns accepted, length unknown
    if listed is None or listed == 0:
        return
    m = _CLAIM_NO_RETURNS.search(sent)
    if m is not None and not _NOT_BEFORE.search(sent[max(0, m.start() - 12) : m.start()]):
        after = _NO_RETURNS_AFTER.search(sent)
        if after is not None:
            # "no returns after 30 days": a window, not "no returns"
            d = _days(after["n"], after["u"])
            if d is not None and listed > 0 and 0 < d < listed:
                out.append(Conflict(off + m.start(), off + m.end(), f"return_window:{d}<{listed}",
                                    f"says returns within {d} days; {src} says {listed}"))
            return
        value = f"return_window:0<{listed}" if listed > 0 else "return_window:none"
        out.append(Conflict(off + m.start(), off + m.end(), value, f"says no returns; {src} accepts returns"))
        return
    if listed <= 0 or _WINDOW_NOT_CLAIM.search(sent):
        return
    for p in _P_CLAIM_WINDOW:
        m = p.search(sent)
        if m is None:
            continue
        d = _days(m["n"], m["u"])
        if d is not None and 0 < d < listed and _RESTRICT.search(sent):
            out.append(
                Conflict(off + m.start(), off + m.end(), f"return_window:{d}<{listed}",
                         f"says returns within {d} days; {src} says {listed}")
            )
        return


def _fees(sent: str, off: int, facts: ListingFacts, src: str, out: list[Conflict]) -> None:
    for kind, p in _FEES:
        for m in p.finditer(sent):
            s, e = m.span()
            if _negated(sent, s, e):
                continue
            if s > 0 and sent[s - 1] in _QUOTE_CHARS:
                continue  # a fee named, not asked: "a message asking for a 'shipping fee'"
            before = sent[max(0, s - 40) : s]
            if _THIRD_PARTY.search(before) or _THIRD_PARTY.search(sent[e : e + 25]):
                continue  # the platform's or carrier's charge, or a scam warned about
            if m.group().split(None, 1)[0] in ("pay", "cover", "covers", "paying", "covering") and _WE_BEFORE.search(before):
                continue  # "we'll cover the return shipping"
            name = kind
            if kind == "handling":
                name = m["kind"].lower()
                if name.startswith("admin"):
                    name = "admin"
            value = _fee_conflict(name, _amount_near(sent, s, e), facts)
            if value is not None:
                what = name.replace("_", " ")
                why = f"asks a {what} fee; {src} has none" if value.count(":") == 1 else f"asks a higher {what} fee than {src}"
                out.append(Conflict(off + s, off + e, value, why))
            break


def _warranty(sent: str, off: int, facts: ListingFacts, src: str, out: list[Conflict]) -> bool:
    """Add a warranty conflict; True when the message states the listing's own warranty."""
    listed = facts.warranty_days or 0
    m = _CLAIM_NO_WARRANTY.search(sent)
    if m is not None:
        out.append(Conflict(off + m.start(), off + m.end(), "warranty:none",
                            f"says there is no warranty; {src} has {_months(listed)}"))
        return False
    for p in _CLAIM_WARRANTY:
        m = p.search(sent)
        if m is None:
            continue
        d = _days(m["n"], m["u"])
        if d is None:
            return False
        if d < listed * 0.9:
            out.append(Conflict(off + m.start(), off + m.end(), f"warranty:{_months(d)}<{_months(listed)}",
                                f"says the warranty is {_months(d)}; {src} says {_months(listed)}"))
            return False
        return True
    return False


def _refund(sent: str, off: int, src: str, out: list[Conflict]) -> None:
    for kind, p in _CLAIM_REFUND:
        m = p.search(sent)
        if m is None:
            continue
        if kind == "partial" and m["pct"] is not None and int(m["pct"]) >= 100:
            continue
        if kind == "none" and _REFUND_NOT_CLAIM.search(sent):
            continue  # "I can't issue refunds from chat, use the Return/Refund button"
        what = "no refund" if kind == "none" else kind.replace("_", " ")
        out.append(Conflict(off + m.start(), off + m.end(), f"refund:{kind}", f"offers {what}; {src} promises a refund"))
        return


_PAST = regex.compile(r"\b(?:was|were|used\s+to|had\s+been)\b", _RX)


def _price(sent: str, off: int, listed: float, src: str, out: list[Conflict]) -> None:
    for m in _P_PRICE.finditer(sent):
        amt = _money(m["amt"] or m["amt2"])
        if _PAST.search(m.group()):
            continue  # "the price was $45"
        lead = sent[max(0, m.start() - 30) : m.start()]
        if (
            _PRICE_EXCLUDE.search(lead)
            or _PRICE_EXCLUDE.search(m.group())
            or _PRICE_EXCLUDE.search(sent[m.end() : m.end() + 20])
        ):
            continue
        if amt > listed * 1.01 + 0.01:
            out.append(Conflict(off + m.start(), off + m.end(), f"price:{_fmt(amt)}>{_fmt(listed)}",
                                f"asks ${_fmt(amt)}; {src} price is ${_fmt(listed)}"))


def _amount_as_return_fee(text: str, src: str, out: list[Conflict]) -> None:
    """An amount given in reply to "the listing says free returns, why is there a fee?"."""
    for off, sent in _sentences(text):
        for m in _P_AMOUNT.finditer(sent):
            raw = m["amt"] or m["amt2"]
            if raw is None or _negated(sent, m.start(), m.end()):
                continue
            if regex.search(r"\b(?:refund\w*|credit|back|off|discount)\b", sent[m.end() : m.end() + 20], _RX):
                continue
            out.append(Conflict(off + m.start(), off + m.end(), "fee:return",
                                f"asks ${raw} to return; {src} says returns are free"))
            return


def _fee_conflict(name: str, amount: float | None, facts: ListingFacts) -> str | None:
    if name == "restocking":
        listed = facts.restocking_fee
        if listed is None:
            return "fee:restocking" if facts.authoritative and facts.returns_accepted else None
        if listed == 0:
            return "fee:restocking"
        if amount is not None and amount > listed + 0.01:
            return f"fee:restocking:{_fmt(amount)}>{_fmt(listed)}"
        return None
    if name == "return_shipping":
        if facts.free_returns or facts.return_shipping_fee == 0:
            return "fee:return_shipping"
        if facts.return_shipping_fee is not None and amount is not None and amount > facts.return_shipping_fee + 0.01:
            return f"fee:return_shipping:{_fmt(amount)}>{_fmt(facts.return_shipping_fee)}"
        return None
    if name == "shipping":
        if facts.free_shipping:
            return "fee:shipping"
        if facts.shipping_fee is not None and amount is not None and amount > facts.shipping_fee + 0.01:
            return f"fee:shipping:{_fmt(amount)}>{_fmt(facts.shipping_fee)}"
        return None
    if name == "repair":
        return "fee:repair" if facts.warranty_days else None
    # exchange, handling, processing …: no listing has them
    if facts.authoritative or facts.free_returns or facts.returns_accepted:
        return f"fee:{name}"
    return None


def _dedupe(found: Iterable[Conflict]) -> list[Conflict]:
    out: list[Conflict] = []
    for c in sorted(found, key=lambda c: (c.start, -c.end)):
        if any(o.value == c.value and o.start <= c.start < o.end for o in out):
            continue
        out.append(c)
    return out
