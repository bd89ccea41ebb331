"""Behaviour of the minor_safety pack: context from earlier customer turns."""

from __future__ import annotations

from shopguard import Moderator

CAT = "minor_safety"


def _verdict(guard: Moderator, text: str, history=None):
    return guard.check(text, history=history)


def test_photo_request_after_customer_says_they_are_14_escalates(guard: Moderator) -> None:
    v = _verdict(
        guard,
        "you'd look so cute in it, send me a pic of you wearing it 🤫",
        [{"role": "customer", "text": "is this ok for my age? I'm 14"}],
    )
    found = [f for f in v.findings if f.category == CAT]
    assert found and all(f.escalate for f in found)


def test_same_request_without_minor_context_is_not_minor_safety(guard: Moderator) -> None:
    v = _verdict(
        guard,
        "you'd look so cute in it, send me a pic of you wearing it 🤫",
        [{"role": "customer", "text": "I'm 34 and between sizes"}],
    )
    assert CAT not in {f.category for f in v.findings}


def test_damage_photo_from_a_child_customer_is_fine(guard: Moderator) -> None:
    v = _verdict(
        guard,
        "So sorry it broke! Could you send a photo of the damage here in the chat?",
        [{"role": "customer", "text": "I'm 13 and my mom bought this for me, it broke"}],
    )
    assert CAT not in {f.category for f in v.findings}


def test_hiding_from_parents_needs_no_context(guard: Moderator) -> None:
    v = _verdict(guard, "I have a secret present for you, just don't tell mom and dad 🤫")
    assert CAT in {f.category for f in v.findings}


def test_surprise_gift_for_a_parent_is_fine(guard: Moderator) -> None:
    v = _verdict(guard, "Don't tell your mom, it's a surprise! We'll ship it in plain packaging for her birthday 🎁")
    assert CAT not in {f.category for f in v.findings}
