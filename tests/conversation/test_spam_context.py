"""Spam with conversation context: unsolicited, repeated, after an opt-out, SMS."""

from __future__ import annotations

import pytest

from shopguard import Moderator
from shopguard.conversation import similarity


def _spam(guard: Moderator, text: str, history=None) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted({f.rule_id for f in guard.check(text, history=history).findings if f.category == "spam"})


@pytest.mark.parametrize(
    "a,b",
    [
        ("💥 B L A C K  F R I D A Y 💥 deals live now", "💥 Black Friday deals live now 💥"),
        ("🔥 FLASH SALE 🔥 30% off all hair bundles today only!", "🔥 flash sale 🔥 30% OFF all hair bundles TODAY ONLY"),
        ("Get 20% off at glowhaus-beauty.shop 💄 ends tonight!", "Get 20% off at glowhaus-beauty.shop 💄"),
    ],
)
def test_near_duplicates_are_similar(a: str, b: str) -> None:
    assert similarity(a, b) >= 0.75


@pytest.mark.parametrize(
    "a,b",
    [
        ("Your order shipped today", "Do you have this in blue?"),
        ("We have a sale on all dresses this weekend", "Your tracking number is 9400111899223344556678"),
    ],
)
def test_different_messages_are_not_similar(a: str, b: str) -> None:
    assert similarity(a, b) < 0.4


def test_similarity_is_symmetric_and_bounded() -> None:
    for a, b in [("", "x"), ("abc", "abc"), ("sale today", "today sale!!")]:
        s = similarity(a, b)
        assert 0.0 <= s <= 1.0 and s == similarity(b, a)
    assert similarity("abc def", "abc def") == 1.0


def test_repeated_ad_is_spam(guard: Moderator) -> None:
    ad = "New arrivals 40% off 💕 check our shop!"
    history = [{"role": "seller", "text": ad}, {"role": "customer", "text": "ok"}]
    assert "SPM-020" in _spam(guard, "Last chance!! New arrivals 40% off, check our shop!", history)
    spaced = [{"role": "seller", "text": "💥 Black Friday deals live now 💥"}, {"role": "customer", "text": "lol"}]
    assert "SPM-020" in _spam(guard, "💥 B L A C K  F R I D A Y 💥 deals live now", spaced)


def test_repeated_service_message_is_not_spam(guard: Moderator) -> None:
    history = [{"role": "seller", "text": "Your order shipped today"}]
    assert _spam(guard, "Your order shipped today", history) == []


@pytest.mark.parametrize(
    "opt_out",
    ["stop", "STOP", "please stop sending me these", "unsubscribe", "pls remove me", "no more messages",
     "not interested, pls stop", "ya no me escribas", "basta!!", "no me escribas más"],
)
def test_promotion_after_opt_out(guard: Moderator, opt_out: str) -> None:
    history = [
        {"role": "seller", "text": "🔥 FLASH SALE 🔥 30% off all hair bundles today only!"},
        {"role": "customer", "text": opt_out},
    ]
    assert "SPM-030" in _spam(guard, "New deals live now, shop now 🛍️", history)


def test_service_reply_after_opt_out_is_fine(guard: Moderator) -> None:
    history = [{"role": "customer", "text": "stop sending me ads"}]
    assert _spam(guard, "Sorry about that, we won't message you again.", history) == []
    assert _spam(guard, "Done. Your order shipped today, tracking is in the app", history) == []


def test_unsolicited_promotion(guard: Moderator) -> None:
    history = [{"role": "customer", "text": "where's my order??"}, {"role": "seller", "text": "it shipped today!"}]
    assert "SPM-010" in _spam(guard, "btw we're doing 2-for-1 this week, shop now 😉", history)
    assert "SPM-010" in _spam(guard, "🔥🔥 MEGA SALE 🔥🔥 Everything in our shop is 50% OFF this weekend only!!")


@pytest.mark.parametrize(
    "customer,reply",
    [
        ("pls tell me when size 8 restocks 🙏", "Size 8 is back!! 😊"),
        ("can you let me know when the sage green one is back?", "Hi! The sage green is back in stock 💚 https://shop.tiktok.com/view/product/1729401938475620199"),
        ("will you have a black friday sale?", "Yes! 30% off everything in our TikTok Shop starting Nov 24 🖤"),
        ("any discount if I buy 3?", "Yes! Buy 2 get 1 free on all items in our shop this week 😊"),
    ],
)
def test_promotion_the_customer_asked_for_is_not_spam(guard: Moderator, customer: str, reply: str) -> None:
    assert _spam(guard, reply, [{"role": "customer", "text": customer}]) == []


def test_personal_discounts_are_not_ads(guard: Moderator) -> None:
    for text in [
        "Dear, you can add my whatsapp for after sale service",
        "use code TIKTOK for 10% off",
        "Check out our size chart, the M fits a 28 inch waist",
    ]:
        assert _spam(guard, text) == [], text


def test_sms_marketing(guard: Moderator) -> None:
    assert "SPM-040" in _spam(guard, "NEW DROP ALERT 🚨 Summer dresses just landed 💃 Reply STOP to unsubscribe")
    assert "SPM-040" in _spam(guard, "Join our SMS list for 15% off your next order!")
    assert _spam(guard, "The carrier will send you an SMS when it's out for delivery") == []
