"""The ``squeezed`` view: spaced letters joined, leetspeak undone, stretched letters shortened."""

from __future__ import annotations

import pytest
from norm_helpers import check_all, origin

from shopguard.normalize import MappedText, Views
from shopguard.normalize.leet import collapse_repeats, unleet
from shopguard.normalize.spacing import join_spaced_letters


@pytest.mark.parametrize(
    ("typed", "squeezed"),
    [
        ("add me on w h a t s a p p now", "add me on whatsapp now"),
        ("W h a t s A p p", "whatsapp"),
        ("p-a-y-p-a-l", "paypal"),
        ("E.t.s.y", "etsy"),
        ("B L A C K  F R I D A Y deals", "black friday deals"),
        ("w w w . g l o w h a u s - b e a u t y . s h o p", "www.glowhaus-beauty.shop"),
        ("k a y l a @ g m a i l . c o m", "kayla@gmail.com"),
        ("f i f t e e n dollars, v e n m o @lunabeads", "fifteen dollars, venmo @lunabeads"),
    ],
)
def test_spaced_letters_join(typed: str, squeezed: str) -> None:
    v = check_all(typed)
    assert v.squeezed.text == squeezed
    assert join_spaced_letters(v.folded).text == squeezed


@pytest.mark.parametrize(
    ("typed", "squeezed"),
    [
        ("p@yp@l", "paypal"),
        ("wh4tsapp", "whatsapp"),
        ("c@shapp", "cashapp"),
        ("1nstagram", "instagram"),
        ("c@$h @pp", "cash app"),
        ("v3nm0", "venmo"),
        ("r3v13w", "review"),
        ("b!tch", "bitch"),
        ("0xy", "oxy"),
        ("pa|", "pa|"),  # a leet char at the end of a plain word stays
    ],
)
def test_leetspeak_is_undone(typed: str, squeezed: str) -> None:
    v = check_all(typed)
    assert v.squeezed.text == squeezed
    assert unleet(v.folded).text == squeezed


@pytest.mark.parametrize(
    ("typed", "squeezed"),
    [("whaaatsapp", "whatsapp"), ("sooo gooood", "so god"), ("Veeeenmo", "venmo")],
)
def test_stretched_letters_collapse(typed: str, squeezed: str) -> None:
    v = check_all(typed)
    assert v.squeezed.text == squeezed
    assert collapse_repeats(v.folded).text == squeezed


@pytest.mark.parametrize(
    "typed",
    [
        "Snapdragon",
        "whatsoever",
        "I'll be there",
        "Mississippi",
        "good coffee, all well",
        "$15.99",
        "5 pairs",
        "size 10",
        "at 3pm",
        "10lbs and 2nd",
        "kayla22",
        "hello! thanks!!",
        "Coffee@Home",
        "kayla@gmail.com",
        "www.example.com",
        "1piece",
        "a b cat",
        "t-shirt",
        "$KaylaKloset22",
        "@lunabeads",
    ],
)
def test_false_positive_traps_are_left_alone(typed: str) -> None:
    v = check_all(typed)
    assert v.squeezed.text == v.folded.text


def test_joined_letters_map_back_to_the_spaced_original() -> None:
    v = Views("pls add me on W h a t s A p p ok")
    assert origin(v, "squeezed", "whatsapp") == "W h a t s A p p"
    v = Views("p@yp@l me")
    assert origin(v, "squeezed", "paypal") == "p@yp@l"
    v = Views("whaaatsapp")
    assert origin(v, "squeezed", "whatsapp") == "whaaatsapp"


def test_steps_alone_on_identity_views() -> None:
    assert join_spaced_letters(MappedText.identity("a b c")).text == "abc"
    assert unleet(MappedText.identity("h4x0r")).text == "haxor"
    assert collapse_repeats(MappedText.identity("zzz")).text == "z"
