"""The phone detector's context regex, grouped by first letter for speed,
matches exactly what the plain alternation of its word lists matches."""

from __future__ import annotations

import random

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from shopguard.detectors import registry

registry()
from shopguard.detectors import phones as pm  # noqa: E402

FLAT = regex.compile(pm._CONTEXT_FLAT)

_WORDS = [
    "call", "calls", "callsx", "cal;l", "phone", "phones", "tel", "tele", "telephone", "telegram", "telefono",
    "teléfono", "cellphone", "mob", "help line", "helpline", "helpdesk", "texting", "whatsapp", "wa", "w4pp",
    "whats app", "wapp", "wsp", "line id", "reaching", "hit me up", "customer services", "customer care",
    "cash app", "apple pay", "my number", "our no.", "his #", "her phone number", "their cell no", "the no",
    "the", "their", "numbers", "llame", "llámame", "número", "orders", "tracking", "track", "trk.", "sku",
    "mdl.", "ref.", "reference", "inv.", "air waybill", "waybill", "p.o.", "po", "s/n", "conf.", "acct.",
    "txn.", "gift card", "card", "x", "123", "#", "my", "our",
]


def _matches(p: "regex.Pattern[str]", text: str) -> list[tuple[tuple[int, int], bool, str]]:
    return [(m.span(), m.group("p") is not None, m.group()) for m in p.finditer(text)]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=10), st.sampled_from([" ", "", "  ", "-", ".", "\n", ":"]))
def test_grouped_context_matches_the_plain_alternation(words: list[str], sep: str) -> None:
    text = sep.join(words)
    assert _matches(pm._CONTEXT, text) == _matches(FLAT, text)


def test_grouped_context_on_random_text() -> None:
    rng = random.Random(3)
    for _ in range(5000):
        text = "".join(rng.choice(_WORDS) + rng.choice([" ", "", "-", "x", "1"]) for _ in range(rng.randrange(1, 8)))
        assert _matches(pm._CONTEXT, text) == _matches(FLAT, text), text
