"""The streaming Conversation: bounded, serialisable, same verdicts as check(history=...)."""

from __future__ import annotations

import json
import pickle
from datetime import datetime, timedelta, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shopguard import Action, Conversation, Listing, Moderator

SELLER = [
    "415",
    "555",
    "0134",
    "0142 📲",
    "my email is kayla.kloset",
    "at gmail",
    "dot com",
    "glowhaus-beauty",
    ".shop",
    "🔥 FLASH SALE 🔥 30% off all hair bundles today only!",
    "💥 B L A C K  F R I D A Y 💥 deals live now",
    "Your order shipped today!",
    "Size 8 is back!! 😊",
    "We only accept returns within 7 days of delivery, sorry.",
    "There's a $12 restocking fee, please send it first",
    "Thanks for your order 💕",
    "send me a pic of you trying it on",
    "",
]
CUSTOMER = [
    "ok",
    "stop",
    "pls remove me",
    "ya no me escribas",
    "when will size 8 restock?",
    "will you have a black friday sale?",
    "the listing says free returns within 30 days",
    "here's my number 312-555-0110",
    "im 14",
    "where's my order??",
]

events = st.lists(
    st.one_of(
        st.tuples(st.just("seller"), st.sampled_from(SELLER)),
        st.tuples(st.just("customer"), st.sampled_from(CUSTOMER)),
        st.tuples(st.just("roundtrip"), st.just("")),
    ),
    min_size=1,
    max_size=14,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    evs=events,
    max_turns=st.integers(min_value=1, max_value=8),
    record_blocked=st.booleans(),
    with_listing=st.booleans(),
)
def test_conversation_agrees_with_check(
    guard: Moderator, evs: list[tuple[str, str]], max_turns: int, record_blocked: bool, with_listing: bool
) -> None:
    listing = Listing(price=29, return_window_days=30, warranty="1 year") if with_listing else None
    conv = guard.conversation(max_turns=max_turns, listing=listing, record_blocked=record_blocked)
    t0 = datetime(2026, 11, 24, 12, 0, tzinfo=timezone.utc)
    for n, (kind, text) in enumerate(evs):
        ts = t0 + timedelta(minutes=3 * n)
        if kind == "roundtrip":
            conv = Conversation.from_json(guard, conv.to_json())
            continue
        if kind == "customer":
            conv.add_customer(text, timestamp=ts)
        else:
            before = conv.history
            expected = guard.check(text, history=before, listing=listing)
            got = conv.check_seller(text, timestamp=ts, id=f"m{n}")
            assert got == expected
            recorded = len(conv.history) > 0 and conv.history[-1].text == text
            if got.action is Action.block and not record_blocked:
                assert conv.history == before
            else:
                assert recorded
            for f in got.findings:
                assert all(0 <= i < len(before) for i in f.related_turns)
        assert len(conv) <= max_turns


def test_split_phone_through_a_conversation(guard: Moderator) -> None:
    conv = guard.conversation(max_turns=10)
    conv.add_customer("can I text you instead?")
    assert conv.check_seller("sure, it's 415").allowed
    conv.add_customer("ok")
    assert conv.check_seller("555").allowed
    v = conv.check_seller("0134")
    assert v.action is Action.block
    f = [f for f in v.findings if f.entity == "phone"][0]
    assert [conv.history[i].text for i in f.related_turns] == ["sure, it's 415", "555"]
    # the blocked part was not delivered, so it is not remembered
    assert conv.history[-1].text == "555"


def test_memory_is_bounded(guard: Moderator) -> None:
    conv = guard.conversation(max_turns=5)
    for i in range(100):
        conv.add_customer(f"message {i}")
    assert len(conv) == 5
    assert [t.text for t in conv.history] == [f"message {i}" for i in range(95, 100)]


def test_state_roundtrip_keeps_everything(guard: Moderator) -> None:
    conv = guard.conversation(max_turns=7, listing={"price": 29.0, "return_window_days": 30}, record_blocked=True)
    conv.add_customer("hi", timestamp=datetime(2026, 1, 1, tzinfo=timezone.utc), id="c1")
    conv.check_seller("hello! how can I help?", id="s1")
    data = conv.to_json()
    assert json.loads(data)["max_turns"] == 7
    back = Conversation.from_json(guard, data)
    assert back.history == conv.history
    assert back.listing == conv.listing
    assert back.max_turns == 7 and back.record_blocked is True
    assert pickle.loads(pickle.dumps(back.state())) == back.state()


def test_send_is_check_seller_and_customer_messages_are_recorded(guard: Moderator) -> None:
    conv = guard.conversation()
    assert conv.check("hi, is this in stock?", role="customer") is None
    v = conv.send("Yes! it ships tomorrow")
    assert v.allowed
    assert [t.role for t in conv.history] == ["customer", "seller"]
