"""The ``deobfuscated`` view: spelled address punctuation made real, only in addresses."""

from __future__ import annotations

import pytest
from norm_helpers import check_all, origin

from shopguard.normalize import Views
from shopguard.normalize.obfuscation import deobfuscate


@pytest.mark.parametrize(
    ("typed", "deobfuscated"),
    [
        ("kayla.kloset[at]gmail[dot]com", "kayla.kloset@gmail.com"),
        ("support [at] kaylaskloset [dot] store", "support@kaylaskloset.store"),
        ("kayla (at) gmail (dot) com", "kayla@gmail.com"),
        ("kayla{at}gmail{dot}com", "kayla@gmail.com"),
        ("kayla[@]gmail[.]com", "kayla@gmail.com"),
        ("kayla(.)kloset(@)gmail(.)com", "kayla.kloset@gmail.com"),
        ("kayla at gmail dot com", "kayla@gmail.com"),
        ("kayla dot kloset at gmail dot com", "kayla.kloset@gmail.com"),
        ("email kayla at gmail.com", "email kayla@gmail.com"),
        ("kayla @ gmail.com", "kayla@gmail.com"),
        ("visit dealzhub-store dot com today", "visit dealzhub-store.com today"),
        ("bellahairstudio dot co slash sale", "bellahairstudio.co/sale"),
        ("t dot me slash kayla", "t.me/kayla"),
        ("glowhaus . shop", "glowhaus.shop"),
        ("handle is glow underscore haus underscore us", "handle is glow_haus_us"),
        ("w w w . g l o w h a u s . s h o p", "www.glowhaus.shop"),
    ],
)
def test_spelled_separators_become_punctuation(typed: str, deobfuscated: str) -> None:
    v = check_all(typed)
    assert v.deobfuscated.text == deobfuscated


@pytest.mark.parametrize(
    "typed",
    [
        "meet at 3pm",
        "dot pattern dress",
        "polka dot dress",
        "see you at the store",
        "find us at the mall",
        "Coffee@Home",
        "at gmail",  # left to detectors
        "reach me at 3.30pm",
        "end of sentence. next one",
        "to underscore the point",
        "spin wheel at luckyspin-bonus",
    ],
)
def test_false_positive_traps_are_left_alone(typed: str) -> None:
    v = check_all(typed)
    assert v.deobfuscated.text == v.folded.text


def test_at_after_a_plain_word_needs_a_mail_domain() -> None:
    # the domain still becomes a domain (for the link detector); "at" stays English
    v = Views("bet on our spin wheel at luckyspin-bonus dot net")
    assert v.deobfuscated.text == "bet on our spin wheel at luckyspin-bonus.net"


def test_address_maps_back_over_the_spelled_separators() -> None:
    v = Views("email: kayla [at] gmail [dot] com pls")
    assert origin(v, "deobfuscated", "kayla@gmail.com") == "kayla [at] gmail [dot] com"


def test_step_alone() -> None:
    v = Views("kayla[at]gmail[dot]com")
    assert deobfuscate(v.folded).text == "kayla@gmail.com"
