"""Property tests: origin maps stay valid and folding is evasion-proof, for any input."""

from __future__ import annotations

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shopguard.normalize import Views
from shopguard.normalize._confusables import CONFUSABLES

from norm_helpers import VIEWS, check_all

_settings = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])

any_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=120)

_pieces = st.sampled_from(
    [
        "415", " 555 ", "0134", "-", ".", "@", "dot", " at ", "gmail", "com", "whatsapp", "venmo",
        "$", "5", "⭐", "\u200b", "\u202e", "５", "3\ufe0f\u20e3", "\U0001F51F", "а", "review", " ",
        "\n", "four", "one", "oh", "o", "double", "w h a t s", "p@yp@l", "[dot]", "(at)", " . ",
        "whaaat", "1nstagram", "é", "\u0301", "ß", "İ", "ﬁ", "𝐀", "ᴡʜᴀᴛ", "🔸", "👨\u200d👩\u200d👧",
        "مرحبا", "שלום", "\u0300\u0301", "underscore", "slash", "l", "i", "O", "|", "!", "  ",
    ]
)
chatty = st.lists(_pieces, max_size=25).map("".join)


@_settings
@given(any_text)
def test_maps_are_valid_for_any_unicode(text: str) -> None:
    check_all(text)


@_settings
@given(chatty)
def test_maps_are_valid_for_chat_like_text(text: str) -> None:
    check_all(text)


@_settings
@given(st.text(st.sampled_from("\u0300\u0301\u20e3\ufe0f\u200d\u202e\u2066a5 "), max_size=40))
def test_lone_marks_and_controls_never_break_maps(text: str) -> None:
    check_all(text)


# -- evasion-proof folding -----------------------------------------------------

printable = st.text(st.sampled_from(string.ascii_letters + string.digits + " .,!?@$-"), max_size=60)
_INVISIBLES = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u202e", "\u2066", "\ufe0f"]


@_settings
@given(printable, st.lists(st.tuples(st.integers(0, 60), st.sampled_from(_INVISIBLES)), max_size=8))
def test_zero_width_characters_do_not_change_folded(text: str, inserts: list[tuple[int, str]]) -> None:
    evasive = text
    for pos, ch in sorted(inserts, reverse=True):
        pos = min(pos, len(evasive))
        evasive = evasive[:pos] + ch + evasive[pos:]
    assert Views(evasive).folded.text == text.lower()
    check_all(evasive)


def _fullwidth(c: str) -> str:
    return chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else "\u3000" if c == " " else c


@_settings
@given(printable)
def test_fullwidth_does_not_change_folded(text: str) -> None:
    wide = "".join(_fullwidth(c) for c in text)
    assert Views(wide).folded.text == text.lower()


_LOOKALIKES: dict[str, list[str]] = {}
for _k, _v in CONFUSABLES.items():
    if len(_v) == 1 and _v.isascii() and _v.isalpha():
        _LOOKALIKES.setdefault(_v, []).append(_k)


@_settings
@given(printable, st.randoms(use_true_random=False))
def test_homoglyphs_do_not_change_folded(text: str, rnd) -> None:
    swapped = "".join(
        rnd.choice(_LOOKALIKES[c]) if c in _LOOKALIKES and rnd.random() < 0.5 else c for c in text
    )
    assert Views(swapped).folded.text == text.lower()


@_settings
@given(printable)
def test_combining_accents_do_not_change_folded(text: str) -> None:
    accented = "".join(c + "\u0301" if c.isalpha() else c for c in text)
    assert Views(accented).folded.text == text.lower()


def test_all_views_exist_by_name() -> None:
    v = Views("Hello")
    for name in VIEWS:
        assert v.view(name).text == "hello" or name == "clean"
    assert v.view("original").text == "Hello"
