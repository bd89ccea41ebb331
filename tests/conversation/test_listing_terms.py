"""Terms that contradict the listing: misleading_claims, and extra_payment when money is asked."""

from __future__ import annotations

import pytest

from shopguard import Listing, Moderator
from shopguard.listing import ListingFacts, conflicts, facts_from_customer, facts_from_listing
from shopguard.models import Turn

LISTING = Listing(
    price=29.0,
    return_window_days=30,
    return_policy="Free returns within 30 days for a full refund",
    warranty="1 year limited warranty",
    free_shipping=True,
)


def _conflicts(guard: Moderator, text: str, listing: Listing | None = LISTING, history=None):  # type: ignore[no-untyped-def]
    v = guard.check(text, history=history, listing=listing)
    return v, [f for f in v.findings if f.entity == "listing_conflict"]


CONFLICTS = [
    # a fee the listing does not have
    ("Returns are fine but there's a $12 restocking fee", "fee:restocking", True),
    ("you pay the return shipping, it's $8.50", "fee:return_shipping", True),
    ("Return label is $7, send it first please", "fee:return_shipping", True),
    ("Shipping is $6.99 for this one", "fee:shipping", True),
    ("Exchanges cost $10", "fee:exchange", True),
    ("There's a $4.99 handling fee to process the return", "fee:handling", True),
    # a shorter return window
    ("We only accept returns within 7 days of delivery, sorry.", "return_window:7<30", False),
    ("Sorry, our return window is 14 days", "return_window:14<30", False),
    ("No returns on this item, all sales are final", "return_window:0<30", False),
    # no or a shorter warranty
    ("This model has no warranty, sorry", "warranty:none", False),
    ("Our warranty only covers 30 days", "warranty:1m<12m", False),
    ("it only has a 90 day warranty", "warranty:3m<12m", False),
    # refund worse than the listing
    ("We can only offer store credit for returns", "refund:store_credit", False),
    ("no refunds on sale items", "refund:none", False),
    # a higher price
    ("The price is $45 now, please pay the difference", "price:45>29", True),
    ("sorry, it's $39 now", "price:39>29", True),
]


@pytest.mark.parametrize("text,value,money", CONFLICTS)
def test_conflict_with_listing(guard: Moderator, text: str, value: str, money: bool) -> None:
    v, found = _conflicts(guard, text)
    assert [f.value for f in found if f.value == value], (text, [(f.value, f.text) for f in found])
    f = next(f for f in found if f.value == value)
    assert f.category == "misleading_claims" and f.rule_id == "LST-010"
    assert text[f.start : f.end] == f.text and f.text
    assert "misleading_claims" in v.categories
    if money:
        assert "extra_payment" in v.categories, v.findings


NO_CONFLICT = [
    "You can return it within 30 days of delivery, just use the Return/Refund button",
    "Returns are free within 30 days 😊",
    "No restocking fee, just send it back",
    "The return label is free, you'll find it in the app",
    "We'll cover the return shipping, don't worry",
    "It comes with a 1 year warranty, so you're covered",
    "Your 12 month warranty covers that, I'll send a replacement",
    "It's $29 and ships tomorrow with free shipping",
    "You can get it for $25 with the coupon in our TikTok Shop",
    "Bundle price is $49.99 for 3, that's the same deal shown on our TikTok Shop page",
    "The blue one is sold out rn but we're restocking next week 💙",
    "That message you got asking for a 'shipping fee' isn't from us, please report it to TikTok",
    "Your refund of $29 has been issued, it can take 5 days to show up",
    "Refunds are processed within 5 business days after we receive the item",
    "It's been 45 days since delivery, so it's past the 30 day return window, but the warranty covers it",
    "It's not a final sale, you can return it anytime in 30 days",
    "I can't issue refunds from chat, please use the Return/Refund button in your order",
    "We'll send a replacement or a full refund, your choice!",
    "The matching earrings are $15",
]


@pytest.mark.parametrize("text", NO_CONFLICT)
def test_listing_terms_repeated_or_better_are_fine(guard: Moderator, text: str) -> None:
    _, found = _conflicts(guard, text)
    assert not found, [(f.value, f.text) for f in found]


def test_no_listing_no_conflict(guard: Moderator) -> None:
    _, found = _conflicts(guard, "We only accept returns within 7 days of delivery, sorry.", listing=None)
    assert not found


def test_listing_fields_that_allow_the_terms(guard: Moderator) -> None:
    listing = Listing(return_window_days=7, restocking_fee=10, warranty_months=1, price=45, return_shipping_fee=8)
    for text in [
        "We only accept returns within 7 days of delivery",
        "There's a $10 restocking fee",
        "Our warranty only covers 30 days",
        "The price is $45",
        "Return shipping is $8",
    ]:
        _, found = _conflicts(guard, text, listing=listing)
        assert not found, (text, [(f.value, f.text) for f in found])
    v, found = _conflicts(guard, "There's a $25 restocking fee", listing=listing)
    assert {f.value for f in found} == {"fee:restocking:25>10"}
    assert {"misleading_claims", "extra_payment"} <= set(v.categories)


def test_listing_as_a_dict(guard: Moderator) -> None:
    v = guard.check("This model has no warranty", listing={"warranty": "2 year warranty"})
    assert "misleading_claims" in v.categories


QUOTED = [
    (
        "Hi, returns are $15 for the label plus 10% restocking, please send the fee first and then ship it",
        "Hi, the listing says free returns within 30 days. I'd like to return the blender.",
        {"misleading_claims", "extra_payment"},
    ),
    (
        "Our warranty only covers 30 days, after that repairs are $25",
        "The listing says 1 year warranty and it stopped working after 2 months",
        {"misleading_claims", "extra_payment"},
    ),
    (
        "sorry hun that's old info, it's $9.99 now 😊",
        "your product page says FREE returns, why is there a fee??",
        {"misleading_claims", "extra_payment"},
    ),
    (
        "We only accept returns within 7 days of delivery, sorry. Nothing I can do.",
        "I want to return it, the listing says 30 day returns",
        {"misleading_claims"},
    ),
    (
        "We can only offer 50% store credit for damaged items, no cash refunds",
        "Listing says full refund if damaged. It arrived cracked.",
        {"misleading_claims"},
    ),
    ("returns are only accepted for 14 days, sorry", "the description says 60-day returns", {"misleading_claims"}),
    ("that price was a mistake, it's $29.99 now", "the ad said $19.99", {"misleading_claims", "extra_payment"}),
    ("warranty is only 6 months for this model", "The listing says 2 year warranty", {"misleading_claims"}),
    ("you'll need to pay for return shipping", "listing says returns are free", {"misleading_claims", "extra_payment"}),
    ("after 14 days we don't accept returns", "your page says 30 days money back guarantee", {"misleading_claims"}),
]


@pytest.mark.parametrize("text,customer,cats", QUOTED)
def test_terms_the_customer_quotes_from_the_listing(guard: Moderator, text: str, customer: str, cats: set[str]) -> None:
    history = [{"role": "customer", "text": customer}]
    v = guard.check(text, history=history)
    assert cats <= set(v.categories), v.findings
    # unverified quotes go to review, they do not block on their own (a stronger
    # finding of the same category over the same words may stand in the verdict
    # instead: matching_rules shows every rule that fired)
    fired = guard.matching_rules(text, history=history)
    assert {"LST-015", "LST-025"} & set(fired), fired
    assert not {"LST-010", "LST-020"} & set(fired), fired
    quoted = [f for f in v.findings if f.entity == "listing_conflict"]
    assert all(f.rule_id in ("LST-015", "LST-025") for f in quoted)


def test_repeating_the_quoted_window_or_price_is_fine(guard: Moderator) -> None:
    for text, customer in [
        ("we don't accept returns after 30 days, and it's been 40", "your page says 30 days money back guarantee"),
        ("the price was $25 and it's still $25", "the listing says $25"),
    ]:
        v = guard.check(text, history=[{"role": "customer", "text": customer}])
        assert not [f for f in v.findings if f.entity == "listing_conflict"], v.findings


def test_customer_quote_needs_attribution_to_the_listing() -> None:
    assert facts_from_customer((Turn(role="customer", text="I want free returns within 30 days"),)) is None
    f = facts_from_customer((Turn(role="customer", text="the listing says 30 day returns"),))
    assert f is not None and f.return_window_days == 30 and not f.authoritative


def test_seller_repeating_the_quoted_terms_is_fine(guard: Moderator) -> None:
    for text in [
        "Yes, 30 day returns, just start it from your order page 😊",
        "So sorry! Go to Orders > this order > Return/Refund. The label is free per our listing 😊",
    ]:
        v = guard.check(text, history=[{"role": "customer", "text": "the listing says free returns within 30 days"}])
        assert not [f for f in v.findings if f.entity == "listing_conflict"], v.findings


def test_facts_from_listing_text_fields() -> None:
    f = facts_from_listing(Listing(return_policy="30-day free returns", warranty="2 years"))
    assert f.return_window_days == 30 and f.free_returns and f.warranty_days == 730
    assert f.restocking_fee == 0.0  # a listing with return terms and no restocking fee has none
    f = facts_from_listing(Listing(return_policy="All sales final"))
    assert f.return_window_days == 0


def test_conflicts_function_on_plain_text() -> None:
    facts = ListingFacts(return_window_days=30, authoritative=True)
    out = conflicts("we only accept returns within 14 days", facts)
    assert [c.value for c in out] == ["return_window:14<30"]
    assert conflicts("we accept returns within 30 days", facts) == []
