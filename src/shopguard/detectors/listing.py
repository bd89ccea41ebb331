"""Listing conflicts: the seller states terms worse than the listing's.

A context-aware detector (``uses_context``): it reads ``ScanContext.listing``
and, when no listing is given or a field is missing, what the customer quoted
of the listing in recent turns.  With neither it returns at once.  Emits
``listing_conflict`` entities whose value names the conflict
(``return_window:7<30``, ``fee:restocking``, ``warranty:none``,
``refund:store_credit``, ``price:45>29`` …; see ``shopguard.listing``).
Confidence is 0.95 against a ``Listing`` and 0.75 against the customer's
quote (the customer may misquote the listing).
"""

from __future__ import annotations

from ..listing import conflicts, gather_facts
from ..normalize import Views
from . import register
from .base import Detector, Entity, ScanContext

__all__ = ["ListingDetector"]


@register
class ListingDetector(Detector):
    name = "listing"
    kinds = frozenset({"listing_conflict"})
    uses_context = True

    def detect(self, views: Views) -> list[Entity]:
        return []  # nothing to compare with without the conversation

    def detect_with_context(self, views: Views, context: ScanContext) -> list[Entity]:
        if context.role != "seller" or (context.listing is None and not context.history):
            return []
        facts = gather_facts(context.listing, context.history)
        if facts is None:
            return []
        customer_last = ""
        for turn in reversed(context.history):
            if turn.role == "customer":
                customer_last = turn.text
                break
        view = views.folded
        conf = 0.95 if facts.authoritative else 0.75
        return [
            self.entity(view, c.start, c.end, "listing_conflict", c.value, conf, c.evidence)
            for c in conflicts(view.text, facts, customer_last)
        ]
