"""Contact details split over several seller messages (issue 6)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from shopguard import Action, Moderator
from shopguard.conversation import MAX_FRAGMENTS, join_fragments, seller_fragments, split_entities
from shopguard.models import Turn

CUSTOMER_CHATTER = ["ok", "hmm how?", "wait what", "sure"]


def _conversation(parts: list[str], *, chatter: bool = True) -> tuple[list[dict], str, list[int]]:
    """History with the seller's parts (customer messages between), the last part, and the parts' indexes."""
    history: list[dict] = [{"role": "customer", "text": "can I get a bulk price for 50 pcs?"}]
    seller_idx: list[int] = []
    for i, part in enumerate(parts[:-1]):
        seller_idx.append(len(history))
        history.append({"role": "seller", "text": part})
        if chatter:
            history.append({"role": "customer", "text": CUSTOMER_CHATTER[i % len(CUSTOMER_CHATTER)]})
    return history, parts[-1], seller_idx


def _split_finding(guard: Moderator, parts: list[str], entity: str, chatter: bool = True):  # type: ignore[no-untyped-def]
    history, text, seller_idx = _conversation(parts, chatter=chatter)
    v = guard.check(text, history=history)
    found = [f for f in v.findings if f.entity == entity and f.related_turns]
    assert found, (parts, v.findings)
    f = found[0]
    assert f.category == "off_platform_diversion"
    assert v.action is Action.block
    assert text[f.start : f.end] == f.text
    assert set(f.related_turns) <= set(seller_idx), (f.related_turns, seller_idx)
    return f, seller_idx, text


PHONES = [
    (["text me, it's 415 555", "0134"], "+14155550134"),
    (["415", "555", "0134"], "+14155550134"),
    (["call me 415", "555", "01", "34"], "+14155550134"),
    (["for the custom necklace it's easier if you text me", "213", "555", "0142 📲"], "+12135550142"),
]


@pytest.mark.parametrize("parts,value", PHONES)
def test_phone_split_over_messages(guard: Moderator, parts: list[str], value: str) -> None:
    f, seller_idx, text = _split_finding(guard, parts, "phone")
    assert f.value == value
    # every digit-bearing earlier part is named
    digit_parts = [i for i, p in zip(seller_idx, parts[:-1]) if any(c.isdigit() for c in p)]
    assert set(digit_parts) <= set(f.related_turns)
    # the span is the current message's part of the number
    assert f.text.strip() == text.split()[0]


EMAILS = [
    (["email me, kayla.kloset@", "gmail.com"], "kayla.kloset@gmail.com"),
    (["my email is kayla.kloset", "at gmail", "dot com"], "kayla.kloset@gmail.com"),
    (["write me", "kayla.kloset", "@gmail", ".com"], "kayla.kloset@gmail.com"),
]


@pytest.mark.parametrize("parts,value", EMAILS)
def test_email_split_over_messages(guard: Moderator, parts: list[str], value: str) -> None:
    f, seller_idx, _ = _split_finding(guard, parts, "email")
    assert f.value == value
    assert seller_idx[-1] in f.related_turns


URLS = [
    (["our site has the full collection: glowhaus-beauty", ".shop"], "glowhaus-beauty.shop"),
    (["our site has the full collection", "ironpeakfit", ".shop 💪 use code TIKTOK for 10% off"], "ironpeakfit.shop"),
    (["order there", "www.", "glowhaus-beauty", ".shop"], "www.glowhaus-beauty.shop"),
]


@pytest.mark.parametrize("parts,value", URLS)
def test_url_split_over_messages(guard: Moderator, parts: list[str], value: str) -> None:
    f, seller_idx, _ = _split_finding(guard, parts, "url")
    assert f.value.endswith(value)
    assert seller_idx[-1] in f.related_turns


def test_split_without_customer_messages_between(guard: Moderator) -> None:
    f, seller_idx, _ = _split_finding(guard, ["415", "555", "0134"], "phone", chatter=False)
    assert f.related_turns == tuple(seller_idx)


def test_customer_number_in_history_never_counts(guard: Moderator) -> None:
    history = [
        {"role": "customer", "text": "here's my number 312-555"},
        {"role": "seller", "text": "Thanks, but please keep it in the chat 🙏"},
        {"role": "customer", "text": "0110"},
    ]
    v = guard.check("0110? I can only help here in chat", history=history)
    assert not [f for f in v.findings if f.entity == "phone"], v.findings
    v = guard.check(
        "Thanks, but for your privacy please don't share your phone number here 🙏",
        history=[{"role": "customer", "text": "here's my number 312-555-0110 just call me"}],
    )
    assert v.action is Action.allow, v.findings


def test_customer_parts_do_not_join_with_seller_parts(guard: Moderator) -> None:
    history = [{"role": "customer", "text": "is it 415 555"}, {"role": "seller", "text": "no sorry"}]
    v = guard.check("0134 units are left", history=history)
    assert not [f for f in v.findings if f.related_turns], v.findings


def test_no_seller_history_means_no_joining(guard: Moderator) -> None:
    v = guard.check("0134", history=[{"role": "customer", "text": "415 555"}])
    assert v.action is Action.allow


def test_whole_number_in_current_message_is_not_attributed_to_history(guard: Moderator) -> None:
    v = guard.check("call 415 555 0134", history=[{"role": "seller", "text": "hi!"}])
    phones = [f for f in v.findings if f.entity == "phone"]
    assert phones and all(f.related_turns == () for f in phones)


def test_benign_seller_fragments_do_not_join(guard: Moderator) -> None:
    convs = [
        (["Your order has shipped!", "USPS"], "9400 1118 9922 3344 5566 78 👍"),
        (["Size 8", "it's $25"], "2 left in stock"),
        (["The bag is 12 x 9 x 4 inches", "and weighs 2 lbs"], "100% cotton lining"),
        (["Order #5761029384 is confirmed"], "3-5 days to ship"),
        (["we open 10 am"], "6 pm close"),
        (["I love the polka"], "dot pattern too"),
    ]
    for parts, text in convs:
        v = guard.check(text, history=[{"role": "seller", "text": p} for p in parts])
        joined = [f for f in v.findings if f.related_turns]
        assert not joined, (parts, text, joined)


def test_time_window_with_timestamps(guard: Moderator) -> None:
    t0 = datetime(2026, 11, 24, 12, 0, tzinfo=timezone.utc)
    near = [
        {"role": "seller", "text": "415", "timestamp": t0},
        {"role": "seller", "text": "555", "timestamp": t0 + timedelta(minutes=1)},
    ]
    v = guard.check("0134", history=near)
    assert any(f.related_turns for f in v.findings)
    far = [
        {"role": "seller", "text": "415", "timestamp": t0},
        {"role": "seller", "text": "555", "timestamp": t0 + timedelta(hours=3)},
    ]
    v = guard.check("0134", history=far)
    assert not any(0 in f.related_turns for f in v.findings)


def test_window_is_bounded_by_seller_turns() -> None:
    history = tuple(Turn(role="seller", text=str(i)) for i in range(20))
    frags = seller_fragments(history)
    assert len(frags) == MAX_FRAGMENTS
    assert [i for i, _ in frags] == list(range(20 - MAX_FRAGMENTS, 20))


def test_long_earlier_message_contributes_only_its_tail() -> None:
    long = "Thanks so much for your order, we really appreciate it and hope you love it! " * 5 + "text me 415 555"
    history = (Turn(role="seller", text="older message"), Turn(role="seller", text=long))
    frags = seller_fragments(history)
    assert [i for i, _ in frags] == [1]  # the long message ends the chain
    joined, ranges, cur = join_fragments(history, frags, "0134")
    assert joined.endswith("text me 415 555 0134")
    assert len(joined) < 130
    assert joined[cur:] == "0134"


def test_split_entities_spans_clip_to_current_message(guard: Moderator) -> None:
    from shopguard.detectors import DetectorConfig, registry

    dets = [cls(DetectorConfig()) for cls in registry().values()]
    history = (Turn(role="seller", text="my email is kayla.kloset"), Turn(role="customer", text="?"))
    text = "  at gmail.com 😊"
    ents = split_entities(text, history, dets)
    emails = [e for e in ents if e.kind == "email"]
    assert emails and emails[0].related == (0,)
    assert text[emails[0].start : emails[0].end] == "at gmail.com"


def test_dev_rows_with_split_contacts(guard: Moderator) -> None:
    v = guard.check(
        "0142 📲",
        history=[
            {"role": "seller", "text": "for the custom name necklace it's easier if you text me"},
            {"role": "customer", "text": "ok how?"},
            {"role": "seller", "text": "213"},
            {"role": "seller", "text": "555"},
        ],
    )
    phone = [f for f in v.findings if f.entity == "phone"]
    assert phone and phone[0].related_turns == (2, 3) and phone[0].text == "0142"
