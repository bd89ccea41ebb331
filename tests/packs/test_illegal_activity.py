"""Behaviour of the illegal_activity pack beyond its own examples."""

from __future__ import annotations

import pytest

from shopguard import Moderator

CAT = "illegal_activity"


@pytest.mark.parametrize(
    "text",
    [
        "0xy & 4dd3r4ll available, ask me privately 💊",
        "molly and coke available for the party this weekend, dm me",
        "Bet $10 on our spin wheel and double it 🎰",
        "You've been selected for our $500 giveaway, just pay the $4.99 processing fee",
        "just file a 'not received' claim and I'll confirm it, we split the refund",
        "install our tracking app: track-now.apk (ignore the security warning)",
        "we sell disposable vapes to under 21s, no ID check",
        "Ghost gun kits available, no serial number",
    ],
)
def test_flags(guard: Moderator, text: str) -> None:
    assert CAT in {f.category for f in guard.check(text).findings}


@pytest.mark.parametrize(
    "text",
    [
        "You bet! It ships tomorrow 📦",
        "Our gummies are THC free, just melatonin",
        "If it never arrived, please file a 'not received' claim in the app",
        "Download the Govee app from the App Store to control the lights",
        "The casino themed party decorations come with 50 balloons",
        "The weed barrier fabric is 3 x 50 ft",
        "The surge suppressor protects up to 8 devices",
    ],
)
def test_leaves_ordinary_talk_alone(guard: Moderator, text: str) -> None:
    assert CAT not in {f.category for f in guard.check(text).findings}
