"""Customer-side signals: facts about the conversation, never findings on their own.

What the customer said earlier changes what a seller's message means: a
photo request is ordinary service talk unless the customer said they are 14,
a promotion is fine when the customer asked about sales.  This context-aware
detector reads the recent CUSTOMER turns and emits conversation-level
entities that rules combine with the seller's own words:

- ``customer_minor``: the customer said they (value ``self:14``) or the
  person they are buying for (``child:12``) is under 18, or called themselves
  a minor (``self:minor``);
- ``customer_asked_contact``: the customer asked for the seller's phone,
  e-mail or social account (value ``contact``);
- ``customer_asked_restock``: the customer asked to be told about a restock
  or a sale (value ``restock`` / ``sale``);
- ``customer_opted_out``: the customer asked for no more messages (value
  ``opt_out``).

The entities are not tied to characters of the message: their span is
``(-1, -1)``, which rules treat like a history condition (it satisfies any
``within_words`` and, as a finding's anchor, stands for the whole message).
``Entity.related`` names the customer turn(s) that said it.  Nothing is
emitted for a message without customer history, and the customer's own
message is never flagged by these (see ``Moderator.check(role=...)``).
"""

from __future__ import annotations

from functools import lru_cache

import regex

from ..normalize import Views
from . import register
from .base import Detector, Entity, ScanContext

__all__ = ["CustomerSignals"]

LOOKBACK_TURNS = 20
"""Only the most recent turns are read."""

_RX = regex.IGNORECASE  # V0: V1 full case folding doubles compile and search cost
_AGE = r"(?P<age>\d{1,2})(?!\s*(?:'|\u2019|\"|ft|feet|foot|in\b|inch|cm|kg|lb|lbs|%|\$|:|\.\d|,\d|x\b|th\b|st\b|nd\b|rd\b|am\b|pm\b|oz\b|pack|pcs|items?\b|orders?\b|dollars?\b|days?\b|weeks?\b|months?\b|mins?\b|minutes?\b|hours?\b))"
_KID = r"(?:daughter|son|kid|child|niece|nephew|granddaughter|grandson|grandkid|grandchild|stepdaughter|stepson|little\s+(?:sister|brother|girl|boy|one)|baby\s+(?:sister|brother)|girl|boy|sister|brother|teen|teenager|tween)"
_SIGNALS = regex.compile(
    # "im 14", "i'm 16 years old", "i am only 13"
    rf"(?P<self>\b(?:i'?m|i\s+am|my\s+age\s+is|im\s+only|i'?m\s+only|i\s+am\s+only|i\s+just\s+turned|i'?m\s+turning)\s+{_AGE}(?:\s*(?:years?\s*old|yrs?\s*old|y/?o|yo))?\b)"
    # "i'm a minor", "i'm underage", "i'm in 8th grade", "i'm in middle school"
    r"|(?P<selfword>\b(?:i'?m|i\s+am)\s+(?:a\s+)?(?:minor|underage|under\s+18|under\s+age|in\s+(?:\d{1,2}(?:st|nd|rd|th)\s+grade|middle\s+school|junior\s+high|elementary)))"
    # "my daughter, she's 12", "for my son who is 9", "my 12 year old", "my 12yo daughter"
    rf"|(?P<kid>\b(?:my|our)\s+(?:\w+\s+){{0,2}}?{_KID}\b[^.!?\n]{{0,30}}?\b(?:she'?s|he'?s|she\s+is|he\s+is|who'?s|who\s+is|is|turning|turns|aged?|age)\s+(?:only\s+|just\s+)?{_AGE}\b)"
    rf"|(?P<kidyears>\b(?:my|our|for\s+a|for\s+my)\s+{_AGE}\s*[-\s]?\s*(?:years?|yrs?|y)[-\s]?(?:old|o)\b)"
    r"|(?P<contact>\b(?:your|ur)\s+(?:phone|number|cell|whatsapp|wa|insta(?:gram)?|ig|snap(?:chat)?|email|e-mail|telegram|wechat|facebook|fb|website|site)\b"
    r"|\b(?:can|could|may)\s+i\s+(?:call|text|email|dm|message)\s+(?:you|u)\b"
    r"|\bdo\s+you\s+have\s+(?:an?\s+)?(?:instagram|insta|ig|whatsapp|website|site|number|phone|email|snap(?:chat)?|telegram|facebook)\b)"
    r"|(?P<restock>\b(?:let\s+me\s+know|tell\s+me|notify\s+me|message\s+me|text\s+me)\s+(?:when|if)\b|\bwhen\s+(?:will|is|does|do)\b[^.!?\n]{0,40}?\b(?:restock|back\s+in\s+stock|come\s+back|be\s+back|available)\b|\brestock\w*\b)"
    r"|(?P<sale>\b(?:any|a|your|having\s+a|have\s+a|will\s+you\s+have\s+a)\s+(?:sales?|deals?|discounts?|coupons?|promo(?:tion)?s?|black\s+friday)\b)"
    r"|(?P<optout>\b(?:stop|unsubscribe|remove\s+me|opt\s+out|no\s+more\s+(?:messages|texts|ads|promos)|leave\s+me\s+alone|not\s+interested|basta|ya\s+no\s+me\s+escrib\w*|no\s+me\s+escrib\w*|dej[ae]n?\s+de\s+escribir|no\s+m[aá]s\s+mensajes)\b)",
    _RX,
)


@register
class CustomerSignals(Detector):
    name = "customer_signals"
    kinds = frozenset(
        {"customer_minor", "customer_asked_contact", "customer_asked_restock", "customer_opted_out"}
    )
    uses_context = True

    def detect(self, views: Views) -> list[Entity]:
        return []  # signals come from the conversation, not the message itself

    def detect_with_context(self, views: Views, context: ScanContext) -> list[Entity]:
        history = context.history
        if not history:
            return []
        found: dict[tuple[str, str], list[int]] = {}
        evidence: dict[tuple[str, str], str] = {}
        lo = max(0, len(history) - LOOKBACK_TURNS)
        for i in range(lo, len(history)):
            turn = history[i]
            if turn.role != "customer":
                continue
            for kind, value, said in turn_signals(turn.text):
                key = (kind, value)
                found.setdefault(key, []).append(i)
                evidence.setdefault(key, said)
        return [
            Entity(kind, -1, -1, value, 0.9, self.name, f"customer (turn {turns[-1]}): {evidence[(kind, value)]!r}", False, tuple(turns))
            for (kind, value), turns in found.items()
        ]


@lru_cache(maxsize=4096)
def turn_signals(text: str) -> tuple[tuple[str, str, str], ...]:
    """(kind, value, words) of every signal in one customer message (cached: turns recur)."""
    out: dict[tuple[str, str], str] = {}
    for m in _SIGNALS.finditer(Views(text).folded.text):
        key = _signal(m)
        if key is not None:
            out.setdefault(key, m.group().strip())
    return tuple((k, v, said) for (k, v), said in out.items())


_OUTER = ("self", "selfword", "kid", "kidyears", "contact", "restock", "sale", "optout")


def _signal(m: "regex.Match[str]") -> tuple[str, str] | None:
    group = next((g for g in _OUTER if m.group(g) is not None), None)
    if group in ("self", "kid", "kidyears"):
        age = int(m["age"])
        if not (8 if group == "self" else 0) <= age < 18:
            return None
        return ("customer_minor", f"{'self' if group == 'self' else 'child'}:{age}")
    if group == "selfword":
        return ("customer_minor", "self:minor")
    if group == "contact":
        return ("customer_asked_contact", "contact")
    if group == "restock":
        return ("customer_asked_restock", "restock")
    if group == "sale":
        return ("customer_asked_restock", "sale")
    if group == "optout":
        return ("customer_opted_out", "opt_out")
    return None
