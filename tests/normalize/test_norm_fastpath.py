"""The fast paths: ``steps.gate_mask``, the plain ``Views``, the ``clean`` shortcut.

Each fast path must give exactly what the slow one gives:

- ``gate_mask`` is the steps' own gates (``digits.might_change`` …) put
  together, bit for bit, whatever the token cache (``steps._KNOWN``) holds;
- ``is_plain`` is "ASCII and no gate fires on the lower-cased text";
- every view equals the ungated pipeline (text *and* origin map);
- the sketches' cheap tests agree with the definitions they stand for.
"""

from __future__ import annotations

import copy
import pickle
import random
import re
from dataclasses import FrozenInstanceError

import pytest
import regex
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from shopguard.normalize import MappedText, Views, is_plain, steps
from shopguard.normalize import digits, leet, obfuscation, spacing
from shopguard.normalize._gates import (
    _WORDS,
    DIGIT_CLASS,
    NEAR_DIGIT,
    SHAPE,
    has_letter_triple,
    letter_triple_in_words,
    three_single_letters,
)
from shopguard.normalize.invisible import strip_invisible
from shopguard.normalize.mapped import mapped
from shopguard.normalize.unicode import fold_unicode, keycaps, lower
from shopguard.normalize.views import _PlainViews

from test_norm_plain import ascii_chat, unicode_chat

_settings = settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_GATES = [
    (steps.DIGITS, digits.might_change),
    (steps.SPACED, spacing.might_change),
    (steps.LEET, leet.unleet_might_change),
    (steps.REPEATS, leet.repeats_might_change),
    (steps.OBFUSCATION, obfuscation.might_change),
]


def _reference_mask(text: str) -> int:
    return sum(bit for bit, gate in _GATES if gate(text))


def _as_tuple(v: MappedText) -> tuple:
    return v.text, v.starts, v.ends


def _reference_views(text: str) -> dict[str, tuple]:
    """Every view by the ungated steps, in pipeline order."""
    clean = MappedText(text)
    if not text.isascii():
        clean = fold_unicode(keycaps(strip_invisible(clean)))
    folded = lower(clean)
    return {
        "clean": _as_tuple(clean),
        "folded": _as_tuple(folded),
        "digits": _as_tuple(digits._spell_digits(folded)),
        "squeezed": _as_tuple(leet._collapse_repeats(leet._unleet(spacing._join_spaced_letters(folded)))),
        "deobfuscated": _as_tuple(
            obfuscation._deobfuscate(spacing._join_spaced_letters(folded, addresses_only=True))
        ),
    }


_EXAMPLES = [
    "Thanks for your order! It ships tomorrow.",
    "Hi, your package is on its way. Let us know if you need anything else.",
    "I'm a big fan",  # three one-letter tokens ("i", "m", "a")
    "call four one five",
    "The candle burns for about forty hours",  # a number word alone
    "one two",  # number words next to each other
    "whaaat",
    "see you at 3pm!",
    "p@yp@l",
    "shop. com",
    "shop .com",
    "shop.  com",
    "shop.\tcom",
    "kayla at gmail.com",
    "[dot]",
    "size 10 fits a 38in bust",
    "3 1 2",
    "7o2 555",
    "312🔸555",
    "price $12 🧼 lip oil $7",
    "😊😊😊",
    "l\u200bo\u200bl",
    "five5",
]


@_settings
@given(st.one_of(ascii_chat, unicode_chat))
def test_gate_mask_is_the_gates_put_together(text: str) -> None:
    low = text.lower()
    want = _reference_mask(low)
    assert steps.gate_mask(low) == want, text
    assert steps.gate_mask(low) == want, text  # again, with its tokens now known


@pytest.mark.parametrize("text", _EXAMPLES)
def test_gate_mask_examples(text: str) -> None:
    low = text.lower()
    assert steps.gate_mask(low) == _reference_mask(low)
    assert steps.gate_mask(low) == _reference_mask(low)


def test_gate_mask_survives_a_token_cache_reset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(steps, "_KNOWN_MAX", len(steps._KNOWN) + 3)
    rng = random.Random(4)
    words = ["shop", "fast", "whaaat", "one", "5", "us", "aaa", "ok", "l0l", "dot", "com", "a", "b"]
    for _ in range(400):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 8)))
        text += rng.choice(["", ".", ". com", " 555", "!"])
        assert steps.gate_mask(text) == _reference_mask(text), text
    assert steps._SPECIAL_OR_SINGLE_B <= steps._KNOWN


@_settings
@given(st.one_of(ascii_chat, unicode_chat))
def test_is_plain_is_no_gate_on_the_lower_cased_ascii_text(text: str) -> None:
    assert is_plain(text) == (text.isascii() and _reference_mask(text.lower()) == 0)


@settings(max_examples=800, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(ascii_chat, unicode_chat))
@example("Hello There")
@example("whaaat p@yp@l w h a t s a p p kayla[at]gmail[dot]com")
def test_views_equal_the_ungated_pipeline(text: str) -> None:
    want = _reference_views(text)
    # every order of first access, and plain first
    for names in (
        ("folded", "digits", "squeezed", "deobfuscated", "clean"),
        ("deobfuscated", "squeezed", "digits", "clean", "folded"),
        ("clean", "digits"),
    ):
        v = Views(text)
        for name in names:
            assert _as_tuple(v.view(name)) == want[name], (name, text)
    v = Views(text)
    plain = v.plain
    assert plain == is_plain(text)
    for name in want:
        assert _as_tuple(v.view(name)) == want[name], (name, text)
    if plain:
        assert v.digits is v.folded and v.squeezed is v.folded and v.deobfuscated is v.folded


def test_plain_views_switch_class_and_subclasses_do_not() -> None:
    v = Views("Thanks for your order!")
    assert v.folded.text == "thanks for your order!"
    assert type(v) is _PlainViews and isinstance(v, Views) and v.plain is True

    class Sub(Views):
        pass

    s = Sub("Thanks for your order!")
    assert s.plain is True and type(s) is Sub
    assert s.digits is s.folded and s.deobfuscated is s.folded
    n = Sub("Thanks 😊")
    assert n.plain is False and n.digits.text == "thanks 😊"
    assert Views("w h a t s a p p").plain is False


@settings(max_examples=2000, deadline=None)
@given(st.text(st.sampled_from("0123456789oilabxzOIAZ .-_*~[({<])}>@$|!?,:;'\"\t\n#/"), max_size=24))
def test_near_digit_on_the_digit_class_is_the_shape_regex(s: str) -> None:
    shape_regex = regex.compile(r"[012][ .\-\[,$]{0,6}+\?[ .\-\[,$?]{0,6}+[012o]")
    raw = s.encode()
    want = shape_regex.search(raw.translate(SHAPE).decode()) is not None
    assert (NEAR_DIGIT.search(raw.translate(DIGIT_CLASS).decode()) is not None) == want


_LETTER_TRIPLE = re.compile(rb"([a-z])\1\1")


@settings(max_examples=2000, deadline=None)
@given(st.binary(max_size=30).map(lambda b: bytes(c % 128 for c in b)) | st.text("aab? 0.!A", max_size=20).map(str.encode))
def test_byte_sketch_tests_match_their_definitions(raw: bytes) -> None:
    assert has_letter_triple(raw) == (_LETTER_TRIPLE.search(raw) is not None)
    assert letter_triple_in_words(b" " + raw.translate(_WORDS) + b" ") == (_LETTER_TRIPLE.search(raw) is not None)
    loose = raw.replace(b"?", b" ? ").translate(
        bytes(97 if (97 <= c <= 122 or c == 63) else (48 if 48 <= c <= 57 else 32) for c in range(256))
    )
    want = b" a a a " in b" " + b" ".join(loose.split()) + b" "
    assert three_single_letters(raw) == want
    if 63 not in raw:
        assert three_single_letters(raw, b" " + raw.translate(_WORDS) + b" ") == want


@_settings
@given(unicode_chat)
@example("hi 😊")
@example("W\u200bhatsApp 😊")
@example("3\ufe0f\u20e3 ⭐")
def test_clean_shortcut_is_the_three_steps(text: str) -> None:
    full = MappedText(text)
    if not text.isascii():
        full = fold_unicode(keycaps(strip_invisible(full)))
    assert _as_tuple(steps.clean(text)) == _as_tuple(full)


def test_mapped_text_stays_frozen_and_plain_to_copy() -> None:
    for m in (MappedText("ab", [0, 1], [1, 2]), mapped("ab", [0, 1], [1, 2]), MappedText.identity("ab")):
        assert type(m) is MappedText
        with pytest.raises(FrozenInstanceError):
            m.text = "x"  # type: ignore[misc]
        with pytest.raises(FrozenInstanceError):
            del m.starts  # type: ignore[misc]
        for c in (pickle.loads(pickle.dumps(m)), copy.copy(m), copy.deepcopy(m)):
            assert type(c) is MappedText and _as_tuple(c) == _as_tuple(m)
        assert repr(m).startswith("MappedText(text='ab'")
    assert MappedText("a") != MappedText("a")  # compared by identity, as before
