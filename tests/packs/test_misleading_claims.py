"""Behaviour of the misleading_claims pack beyond its own examples."""

from __future__ import annotations

import pytest

from shopguard import Moderator

CAT = "misleading_claims"


@pytest.mark.parametrize(
    "text,history",
    [
        ("This magnetic bracelet cures arthritis, 100% guaranteed", None),
        ("detox tea that melts 10 lbs in a week, guaranteed", None),
        ("Price goes up to $89 in 10 minutes, I'm only holding this price for you", None),
        ("order now and I'll refund you 50% after it's delivered, trust me", None),
        ("We only accept returns within 7 days of delivery.", None),
        ("no cash refunds, store credit only", None),
        (
            "sorry hun that's old info, it's $9.99 now",
            [{"role": "customer", "text": "your product page says FREE returns"}],
        ),
    ],
)
def test_flags(guard: Moderator, text: str, history) -> None:
    assert CAT in {f.category for f in guard.check(text, history=history).findings}


@pytest.mark.parametrize(
    "text",
    [
        "Return window is 30 days from delivery, same as on the product page.",
        "Warranty is 1 year from the manufacturer, same as the listing.",
        "Guaranteed delivery by Friday if you order today",
        "Estimated delivery is Nov 18 – Nov 21",
        "The candle burns about 45 hours",
        "Results vary, we can't guarantee it works for everyone",
    ],
)
def test_leaves_accurate_terms_alone(guard: Moderator, text: str) -> None:
    assert CAT not in {f.category for f in guard.check(text).findings}
