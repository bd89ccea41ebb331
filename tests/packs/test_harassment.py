"""Behaviour of the harassment pack beyond its own examples."""

from __future__ import annotations

import pytest

from shopguard import Moderator

CAT = "harassment"


def _cats(guard: Moderator, text: str, history=None) -> set[str]:
    return {f.category for f in guard.check(text, history=history).findings}


@pytest.mark.parametrize(
    "text",
    [
        "ur an 1d10t lol, read the description",  # leetspeak, undone by the squeezed view
        "y o u  a r e  s t u p i d",  # spaced letters
        "ｉｄｉｏｔ, it says XL",  # fullwidth
        "you're so d*mb it hurts",  # masked
        "f*** off with your refund request, b!tch",
        "ok karen 🙄 maybe learn to read before you order",
        "Leave a bad review and you'll regret it",
        "Open a dispute and see what happens.",
        "You're a liar, the tracking shows it was delivered",
    ],
)
def test_flags_abuse(guard: Moderator, text: str) -> None:
    assert CAT in _cats(guard, text)


@pytest.mark.parametrize(
    "text",
    [
        'You called me a "stupid scammer" in your last message, I still want to help.',
        "I feel like an idiot, I sent you the wrong size",
        "Sorry, my stupid mistake! I'll fix your order today.",
        "That's a killer deal and the colors are sick 🔥",
        "You won't regret it, it's our best seller!",
        "Customers like you are the reason we love what we do",
        "Let's restart it and see what happens, then send me a video",
        "Thanks so much for your kind words!",
        "The flame retardant fabric is safe for kids' rooms",
    ],
)
def test_leaves_ordinary_talk_alone(guard: Moderator, text: str) -> None:
    assert CAT not in _cats(guard, text)


def test_masked_profanity_span_is_the_word_not_the_message(guard: Moderator) -> None:
    text = "Good luck *sighs* and f*ck off with your refund"
    spans = [(f.start, f.end) for f in guard.check(text).findings if f.category == CAT]
    assert spans and all(e - s < 15 for s, e in spans), spans
