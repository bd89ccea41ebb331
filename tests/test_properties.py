"""Properties every user relies on, for any input: spans valid, no crash, determinism."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shopguard import Moderator

_guard = Moderator()

# Text that looks like chat: digits, separators, @, dots, app names, emoji, invisibles.
_pieces = st.sampled_from(
    [
        "415", " 555 ", "0134", "-", ".", "@", "dot", " at ", "gmail", "com", "whatsapp", "venmo",
        "$", "5", "⭐", "\u200b", "\u202e", "５", "3\ufe0f\u20e3", "а", "review", "fee", " ", "\n",
        "https://", "www.", "shop", "😊", "é", "\u0301", "ß", "İ", "ﬁ", "𝐀",
    ]
)
_chatty = st.lists(_pieces, max_size=30).map("".join)
_any_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=200)


def _check_spans(text: str) -> None:
    v = _guard.check(text)
    for f in v.findings:
        assert 0 <= f.start <= f.end <= len(text)
        assert text[f.start : f.end] == f.text
    assert v.text == text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_any_text)
def test_any_unicode_never_crashes_and_spans_point_at_original(text: str) -> None:
    _check_spans(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_chatty)
def test_chat_like_text_spans_point_at_original(text: str) -> None:
    _check_spans(text)


@settings(max_examples=100, deadline=None)
@given(_chatty)
def test_checking_is_deterministic(text: str) -> None:
    assert _guard.check(text) == _guard.check(text)
