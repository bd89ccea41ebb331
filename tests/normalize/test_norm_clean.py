"""The ``clean`` and ``folded`` views: Unicode tricks undone, case kept in ``clean``."""

from __future__ import annotations

import pytest
from norm_helpers import check_all, origin

from shopguard.normalize import MappedBuilder, MappedText, Views, bidi_override_spans
from shopguard.normalize.invisible import strip_invisible
from shopguard.normalize.unicode import fold_unicode, keycaps


@pytest.mark.parametrize(
    ("typed", "folded"),
    [
        ("５５５ ０１３４", "555 0134"),  # fullwidth
        ("𝐛𝐨𝐥𝐝 𝑾𝒉𝒂𝒕𝒔𝑨𝒑𝒑", "bold whatsapp"),  # mathematical alphanumerics
        ("ⓡⓔⓥⓘⓔⓦ", "review"),  # circled
        ("🄿🄰🅈", "pay"),  # squared
        ("🅵🅻🅰🆂🅷 🆂🅰🅻🅴", "flash sale"),  # negative squared (no NFKC form)
        ("ᵂʰᵃᵗˢᴬᵖᵖ", "whatsapp"),  # superscript/modifier letters
        ("ᴡʜᴀᴛsᴀᴘᴘ", "whatsapp"),  # small capitals
        ("WhatsАpp", "whatsapp"),  # Cyrillic А
        ("Lеаvе 5 stаrs", "leave 5 stars"),  # Cyrillic е/а
        ("ΡayΡal", "paypal"),  # Greek Rho
        ("ᎪᏴᏟ", "abc"),  # Cherokee
        ("Іnstagram", "instagram"),  # Cyrillic І (prototype "l", capital → "I")
        ("⒲⒣⒜⒯⒮", "whats"),  # parenthesised letters without the parentheses
        ("W̷h̷a̷t̷s̷A̷p̷p̷", "whatsapp"),  # strike-through combining marks
        ("cafe\u0301 número", "cafe numero"),  # accents
        ("gmail。com", "gmail.com"),  # ideographic full stop
        ("٣١٢ ५५५", "312 555"),  # digits of other scripts
        ("➊➋ ⓫", "12 11"),  # dingbat and circled numbers
    ],
)
def test_unicode_tricks_fold_to_plain_latin(typed: str, folded: str) -> None:
    v = check_all(typed)
    assert v.folded.text == folded


def test_clean_keeps_case_and_folded_lowers() -> None:
    v = Views("ＢＴＣ ＷａｌｌｅｔＡｄｄｒ")
    assert v.clean.text == "BTC WalletAddr"
    assert v.folded.text == "btc walletaddr"


@pytest.mark.parametrize(
    "typed",
    ["Wha\u200btsA\u200bpp", "V\u200be\u200bn\u200bm\u200bo", "Wh\u2060at\ufeffs\u00adApp", "What\u200d\u200csApp"],
)
def test_zero_width_characters_are_removed(typed: str) -> None:
    v = check_all(typed)
    assert v.folded.text in ("whatsapp", "venmo")
    # the match maps back over the whole typed word, invisibles included
    assert origin(v, "folded", v.folded.text) == typed


def test_strip_invisible_alone_fails_without_its_step() -> None:
    view = MappedText.identity("Wha\u200btsApp")
    assert strip_invisible(view).text == "WhatsApp"
    assert fold_unicode(view).text == "Wha\u200btsApp"  # folding alone keeps it


def test_bidi_override_spans_point_at_the_controls() -> None:
    text = "pay \u202emoc.liamg@ayalk\u202c now \u2066x\u2069"
    assert bidi_override_spans(text) == [(4, 5), (20, 21), (26, 27), (28, 29)]
    assert bidi_override_spans("plain text") == []
    v = Views(text)
    assert "\u202e" not in v.clean.text and "\u2066" not in v.folded.text


@pytest.mark.parametrize(
    ("typed", "folded"),
    [
        ("3️⃣1️⃣2️⃣ 5️⃣5️⃣5️⃣", "312 555"),
        ("3⃣1⃣2⃣", "312"),  # without U+FE0F
        ("call 🔟", "call 10"),
        ("#️⃣1", "#1"),
    ],
)
def test_keycaps_become_digits(typed: str, folded: str) -> None:
    v = check_all(typed)
    assert v.folded.text == folded


def test_keycap_maps_to_the_whole_keycap() -> None:
    v = Views("my number 3️⃣1️⃣2️⃣!")
    i = v.folded.text.index("312")
    s, e = v.folded.span(i, i + 3)
    assert v.original[s:e] == "3️⃣1️⃣2️⃣"


def test_keycaps_step_alone() -> None:
    assert keycaps(MappedText.identity("5\u20e3")).text == "5"
    assert keycaps(MappedText.identity("no keycap")).text == "no keycap"


def test_homoglyph_match_maps_to_typed_characters() -> None:
    v = Views("Pls use WhatsАpp 👍")
    assert origin(v, "folded", "whatsapp") == "WhatsАpp"


def test_rtl_and_emoji_sequences_survive() -> None:
    for text in ["مرحبا بك 123", "שלום עולם", "👨\u200d👩\u200d👧 family", "🏳️\u200d🌈", "🇺🇸 shipping"]:
        v = check_all(text)
        assert v.folded.text  # nothing crashes, something is left


def test_non_latin_scripts_are_not_latinised_in_bulk() -> None:
    assert Views("مرحبا").folded.text == "مرحبا"
    assert Views("こんにちは").folded.text == "こんにちは"


def test_lower_keeps_map_when_length_changes() -> None:
    # "İ" lower-cases to two characters; clean makes it "I" first, and a bare
    # combining dot after ASCII is dropped: the map must stay consistent.
    v = check_all("İSTANBUL i\u0307")
    assert v.folded.text == "istanbul i"


def test_builder_identity_run_and_extend_last() -> None:
    src = MappedText("abc", [0, 2, 5], [2, 5, 6])
    b = MappedBuilder()
    b.add_identity_run(src, 1, 3)
    b.add_identity_run(MappedText.identity("xyz"), 0, 2)
    assert b.build().starts == [2, 5, 0, 1]
    b2 = MappedBuilder()
    assert not b2.extend_last(3)
    b2.add("a", 0, 1)
    assert b2.extend_last(3) and b2.build().ends == [3]
    b3 = MappedBuilder()
    b3.add_from("zz", src, 0, 2)
    assert b3.build().starts == [0, 0] and b3.build().ends == [5, 5]
