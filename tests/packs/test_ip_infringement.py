"""Behaviour of the ip_infringement pack beyond its own examples."""

from __future__ import annotations

import pytest

from shopguard import Moderator

CAT = "ip_infringement"


@pytest.mark.parametrize(
    "text",
    [
        "r3pl1ca LV bag, 1 : 1 quality",
        "G\u200bu\u200bc\u200bc\u200bi belt, mirror quality, same logo buckle",
        "It's a dupe of the Lululemon Align with the same logo",
        "Want a Windows 11 Pro key for $5? I have cracked Adobe too",
        "Netflix premium accounts, 1 year for $15",
    ],
)
def test_flags(guard: Moderator, text: str) -> None:
    assert CAT in {f.category for f in guard.check(text).findings}


@pytest.mark.parametrize(
    "text",
    [
        "This band fits Apple Watch 41 mm",
        "It's a 1:1 mix ratio epoxy resin",
        "The replica of the Eiffel Tower is 12 inches tall, metal",
        "Sorry, that was a dupe order, I cancelled the duplicate",
        "Do 3 sets of 10 reps with the resistance band",
        "So sorry the screen arrived cracked, we'll replace it",
    ],
)
def test_leaves_ordinary_talk_alone(guard: Moderator, text: str) -> None:
    assert CAT not in {f.category for f in guard.check(text).findings}
