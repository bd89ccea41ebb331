"""The ``digits`` view: spelled, disguised and emoji-separated digits made plain."""

from __future__ import annotations

import pytest
from norm_helpers import check_all, origin

from shopguard.normalize import MappedText, Views
from shopguard.normalize.digits import spell_digits


@pytest.mark.parametrize(
    ("typed", "digits"),
    [
        ("call four one five five five five oh one three four", "call 4155550134"),
        ("text me at two one three, five five five, zero one four two", "text me at 213 555 0142"),
        ("acct four eight three zero two two nine one seven seven", "acct 4830229177"),
        ("tres uno dos cinco cinco cinco cero uno ocho siete", "3125550187"),
        ("four one five double five five o one three four", "4155550134"),
        ("triple 0 one two", "00012"),
        ("call 415 five five five 0134", "call 4155550134"),
        ("415 dash 555 dot 0134", "415 555 0134"),
        ("zelle it to 3 1 2 5 5 5 0 1 8 7 then", "zelle it to 3125550187 then"),
        ("4 1 5 555 0134", "415 555 0134"),
        ("wh4tsapp 7O2 555 O165", "wh4tsapp 702 555 0165"),
        ("+1 (2l3) 555-OI42", "+1 213 555 0142"),
        ("312🔸555🔸0187 txt me", "312 555 0187 txt me"),
        ("the upgrade is 2O bucks", "the upgrade is 20 bucks"),
        ("number is twenty one, thirty four, fifty six", "number is 21 34 56"),
    ],
)
def test_evasive_digits_become_a_digit_run(typed: str, digits: str) -> None:
    v = check_all(typed)
    assert v.digits.text == digits
    # and the step is what did it
    assert spell_digits(v.folded).text == digits


@pytest.mark.parametrize(
    "typed",
    [
        "five pairs for $20",
        "ships in two or three days",
        "one size fits all",
        "meet at 3pm",
        "$15.99 each",
        "size 10",
        "call 415-555-0134",  # already plain digits: left exactly as typed
        "order 12/25/2024",
        "2-for-1 today",
        "oh no, I'll fix it",
        "buy one get one free",
        "double check the address",
        "l0l",
    ],
)
def test_false_positive_traps_are_left_alone(typed: str) -> None:
    v = check_all(typed)
    assert v.digits.text == v.folded.text


def test_whole_spoken_number_maps_back_to_the_words() -> None:
    v = Views("call me: four one five five five five oh one three four ok")
    assert origin(v, "digits", "4155550134") == "four one five five five five oh one three four"


def test_lone_oh_is_not_zero_at_the_edges() -> None:
    assert Views("oh 5 5 5 oh").digits.text == "oh 555 oh"


def test_digits_step_alone_on_identity_view() -> None:
    out = spell_digits(MappedText.identity("four one five"))
    assert out.text == "415"
    assert out.span(0, 3) == (0, len("four one five"))
