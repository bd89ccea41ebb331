"""Behaviour of the sexual_content pack beyond its own examples."""

from __future__ import annotations

import pytest

from shopguard import Moderator

CAT = "sexual_content"


@pytest.mark.parametrize(
    "text",
    [
        "u s3xy th1ng 😈 wanna see what's under my 🛍️?",
        "that bodysuit would look so hot on you 🔥 send me a pic wearing it, just for me 😏",
        "if you want I can send you some private pics of me in the lingerie set 😘",
        "send nudes and I'll give you 50% off",
    ],
)
def test_flags(guard: Moderator, text: str) -> None:
    assert CAT in {f.category for f in guard.check(text).findings}


@pytest.mark.parametrize(
    "text",
    [
        "The lingerie set runs small, size up",
        "The nude lipstick and nude heels are back",
        "Our coffee stays hot for 6 hours",
        "Could you send a photo of the damaged seam here in the chat?",
        "Snap me at cozybeads, I'll send more pics there",
    ],
)
def test_leaves_product_talk_alone(guard: Moderator, text: str) -> None:
    assert CAT not in {f.category for f in guard.check(text).findings}
