"""Regex gates (rules/needs.py) may skip a search only when the regex cannot match.

A gate that turned away a text its regex matches would silently drop a
finding, so these tests look for such texts: on the packs' own examples, on
generated text built from the characters the gates and regexes care about,
and on the cases the module refuses or treats specially.
"""

from __future__ import annotations

import regex
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import shopguard
from shopguard.normalize import Views
from shopguard.rules.needs import CASE_SPECIALS, GateText, needs_of, regex_needs

_FLAGS = regex.IGNORECASE | regex.VERSION0


def _sound(pattern: regex.Pattern[str], text: str) -> bool:
    """The gate lets ``text`` through, or the regex does not match it."""
    needs = needs_of(pattern)
    return not needs or GateText(text).passes(needs) or pattern.search(text) is None


def _pack_patterns(guard: shopguard.Moderator) -> list[regex.Pattern[str]]:
    return list(guard._rules.regex_by_atom.values())


def test_most_pack_regexes_have_a_gate(guard: shopguard.Moderator) -> None:
    patterns = _pack_patterns(guard)
    gated = [p for p in patterns if needs_of(p)]
    assert len(gated) >= len(patterns) // 2, f"only {len(gated)} of {len(patterns)} regexes have a gate"


def test_gates_never_turn_away_a_pack_example(guard: shopguard.Moderator) -> None:
    texts: list[str] = []
    for rule in guard.rules:
        ex = rule.source.examples
        for group in (ex.match, ex.no_match, ex.known_miss):
            for item in group:
                texts.append(item if isinstance(item, str) else item.text)
    assert texts
    for pattern in _pack_patterns(guard):
        for text in texts:
            for view in (text, Views(text).folded.text):
                assert _sound(pattern, view), (pattern.pattern, view)


# characters the pack regexes and their gates turn on: masking symbols, digits
# (ASCII and others), currency, the case specials, letters of the needles
_ALPHABET = "abcdefghiklmnoprstuwy *@#%$€£'’.,!?-&0123456789١٢٣" + CASE_SPECIALS + "KÍ🤫😏💊⭐"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(["refund", "return", "only", "within", "days", "send", "back", "shit", "sh*t", "f@g",
                                 "porn", "p*rn", "sexy", "s3xy", "nudes", "idiot", "i*iot", "dumb", "off", "bull",
                                 "turn", "into", "$", "50%", "you", "are", "7", "10", "usd", "bucks"])
                | st.text(alphabet=_ALPHABET, min_size=1, max_size=6), max_size=12))
def test_gates_are_sound_on_generated_text(guard: shopguard.Moderator, words: list[str]) -> None:
    text = " ".join(words)
    for pattern in _pack_patterns(guard):
        assert _sound(pattern, text), (pattern.pattern, text)
        folded = Views(text).folded.text
        assert _sound(pattern, folded), (pattern.pattern, folded)


@pytest.mark.parametrize(
    "pattern",
    [
        r"(?:abc){e<=1}",  # fuzzy: a literal "{" to the standard parser
        r"[[:alpha:]]x",  # POSIX class / nested set
        r"(?x) a b c",  # verbose
        r"\p{L}abc",  # regex-only syntax
        r"(?r)abc",  # reversed search
        r"\L<words>x",  # named list
    ],
)
def test_syntax_the_standard_parser_reads_differently_gets_no_gate(pattern: str) -> None:
    assert regex_needs(pattern, _FLAGS) == ()


def test_look_arounds_require_nothing() -> None:
    p = regex.compile(r"(?<=refund )(?!now)\d+", _FLAGS)
    assert p.search("refund 50") is not None
    assert GateText("refund 50").passes(needs_of(p))
    assert regex_needs(r"(?<=a+)bc", _FLAGS) == ((("bc",), False),)  # only what the match itself holds


def test_case_specials_switch_the_gate_off() -> None:
    kelvin = regex.compile(r"kilo", _FLAGS)
    text = "\u212ailo"  # KELVIN SIGN matches "k" ignoring case
    assert kelvin.search(text) is not None
    assert needs_of(kelvin)
    assert GateText(text).passes(needs_of(kelvin))
    long_s = regex.compile(r"sale", _FLAGS)
    assert long_s.search("\u017fale") is not None and GateText("\u017fale").passes(needs_of(long_s))


def test_upper_case_text_passes_a_lower_case_needle() -> None:
    p = regex.compile(r"\brefund\b", _FLAGS)
    assert GateText("FULL REFUND NOW").passes(needs_of(p))


def test_any_unicode_digit_counts_as_a_digit() -> None:
    p = regex.compile(r"\d+\s?%\s?off", _FLAGS)
    text = "\u0661\u0660% off"  # Arabic-Indic digits
    assert p.search(text) is not None
    assert GateText(text).passes(needs_of(p))
    assert not GateText("100 off").passes(needs_of(p))  # no "%": cannot match


def test_classes_multiply_out_into_needles() -> None:
    needs = regex_needs(r"\bc[u*][n*]ts?\b", _FLAGS)
    assert (("c**t", "c*nt", "cu*t", "cunt"), False) in needs
    assert not GateText("cut the cost").passes(needs)
    assert GateText("you c*nt").passes(needs)
