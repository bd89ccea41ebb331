"""The plain fast path and the steps' gates.

``is_plain`` must be False whenever any step could change the text, and each
step's cheap gate must fire whenever the ungated step would change the text.
"""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from shopguard.normalize import MappedText, Views
from shopguard.normalize import digits, leet, obfuscation, spacing
from shopguard.normalize.steps import is_plain

_settings = settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# (gate, ungated step) pairs
STEPS = [
    (digits.might_change, digits._spell_digits),
    (spacing.might_change, spacing._join_spaced_letters),
    (leet.unleet_might_change, leet._unleet),
    (leet.repeats_might_change, leet._collapse_repeats),
    (obfuscation.might_change, obfuscation._deobfuscate),
]

_ascii_vocab = [
    "415", " 555 ", "0134", "-", ".", "@", "dot", " at ", "gmail", "com", "whatsapp", "venmo",
    "$", "5", "1", "3", "0", "4", "7", "2", "9", "!", "|", "one", "two", "five", "oh", "o", "zero",
    "double", "triple", "twenty", "fifteen", "cinco", "dos", "dash", "a", "b", " ", "  ", "\t",
    "w", "ww", "www", "aaa", "x", "(", ")", "[", "]", " dot com", "p@y", "c@sh", "kayla", "store",
    "shop", "slash", "underscore", "at", "me", "us", "3pm", "10lbs", "i'll", "snap", ",", "/",
    "_", "*", "~", "e", "t", "s", "y", "co", "net", "l", "i", "2o", "7o2", "oi42", "\n", "'",
    "?", "<", ">", "{", "}", "period", "punto", "arroba", "hyphen", "niner", "ten",
]
ascii_chat = st.lists(st.sampled_from(_ascii_vocab), max_size=10).map("".join)
_uni_vocab = _ascii_vocab + [
    "🔸", "⭐", "é", "ж", "😊", "•", "–", "жжж", "ééé", "\u0301", "ṕ", "@pp", " dot net",
    "co\u0301", "o165", "2l3", "0xy", "1nstagram", "b!tch", "wh4ts", "five-five", "twenty-one",
    "triple 5", "W h a", "E.t.s", "\u200b", "(.)", "{at}", "[_]", " . com", ". net", " @ ",
    "x  y  z", "5\ufe0f\u20e3", "١", "kayla (at) gmail (dot) com",
]  # fmt: skip
unicode_chat = st.lists(st.sampled_from(_uni_vocab), max_size=12).map("".join)


@_settings
@given(ascii_chat)
@example("call four one five")
@example("whaaat")
@example("e t s y")
def test_plain_text_is_left_alone_by_every_step(text: str) -> None:
    if not is_plain(text):
        return
    low = MappedText.identity(text.lower())
    for _, step in STEPS:
        out = step(low)
        assert out.text == low.text, (step.__name__, text, out.text)
    v = Views(text)
    for name in ("clean", "folded", "digits", "squeezed", "deobfuscated"):
        assert v.view(name).is_identity


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(unicode_chat)
@example("2l3 dot ne\u0301t")
@example("lydos@–p@y l")
@example("@pp🔸ey")
def test_gates_fire_whenever_their_step_would_change(text: str) -> None:
    low = MappedText.identity(text.lower())
    for gate, step in STEPS:
        if step(low).text != low.text:
            assert gate(low.text), (gate.__qualname__, text)


def test_ordinary_chat_is_plain() -> None:
    for text in [
        "Thanks for your order! It ships tomorrow.",
        "The dress runs true to size, size 10 fits a 38in bust.",
        "Sorry for the delay, your package is on its way :)",
        "Price is $15.99, 2 for $25.",
        "Call us at 415-555-0134",  # plain digits: detectors read them as typed
        "one size fits all",
        "two or three days",
        "Mississippi",
        "I'll check at 3pm",
    ]:
        assert is_plain(text), text


def test_evasion_is_not_plain() -> None:
    for text in [
        "four one five five five five",
        "w h a t s a p p",
        "p@yp@l",
        "whaaatsapp",
        "kayla[at]gmail[dot]com",
        "shop dot com",
        "3 1 2 5 5 5",
        "7O2 555 O165",
    ]:
        assert not is_plain(text), text
    assert not is_plain("café")  # any non-ASCII takes the full path


def test_plain_views_share_one_identity_map() -> None:
    v = Views("Hello There")
    assert v.plain
    assert v.folded.text == "hello there"
    assert v.digits is v.folded and v.squeezed is v.folded and v.deobfuscated is v.folded
