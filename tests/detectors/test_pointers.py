"""PointerDetector: QR mentions and "find me elsewhere" pointers, traps, spans, hostile input."""

from __future__ import annotations

import pytest

from shopguard.detectors import DetectorConfig, registry
from shopguard.normalize import MappedBuilder, MappedText, Views

registry()
from shopguard.detectors import pointers as pt  # noqa: E402
from fake_views import FakeViews  # noqa: E402

DET = pt.PointerDetector(DetectorConfig())


def found(text: str, kind: str | None = None, views=None) -> list[tuple[str, str]]:
    return [
        (e.value, text[e.start : e.end])
        for e in DET.detect(views if views is not None else Views(text))
        if kind is None or e.kind == kind
    ]


def confs(text: str) -> list[tuple[str, float, str]]:
    return [(e.value, e.confidence, e.evidence) for e in DET.detect(Views(text))]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("just a $9 swap fee 👉 scan the QR in my last msg to pay", ("scan_code", "scan the QR")),
        ("Scan the QR code on the card for 15% off", ("scan_code", "Scan the QR code")),
        ("i sent u a QR code pic, scan it to join our vip group", ("qr_code", "QR code")),
        ("scan this code to get the deal", ("scan_code", "scan this code")),
        ("scan the bar code", ("scan_code", "scan the bar code")),
        ("barcode to pay at 7-eleven", ("pay_code", "barcode to pay")),
        ("you can pay by QR", ("pay_code", "pay by QR")),
        ("scan to pay", ("pay_code", "scan to pay")),
        ("scan it to pay", ("pay_code", "scan it to pay")),
        ("here is the payment code", ("pay_code", "payment code")),
        ("qrcode attached", ("qr_code", "qrcode")),
    ],
)
def test_qr_mentions(text: str, expected: tuple[str, str]) -> None:
    assert expected in found(text, "qr_mention")


def test_qr_on_return_label_is_low_confidence() -> None:
    text = "Print the QR code on the return label from TikTok and show it at the UPS store"
    assert confs(text) == [("qr_code", 0.3, "return label")]


def test_qr_as_product_is_low_confidence() -> None:
    text = "The QR code stickers are 2x2 in, waterproof vinyl"
    assert confs(text) == [("qr_code", 0.3, "product")]
    assert confs("custom QR keychains") == [("qr_code", 0.3, "product")]


@pytest.mark.parametrize(
    "text",
    ["scan the receipt please", "use code TIKTOK for 10% off", "the barcode on the box", "enter the code at checkout"],
)
def test_no_qr(text: str) -> None:
    assert found(text, "qr_mention") == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("code in my bio for 20% off", ("code_in_bio", "code in my bio")),
        ("link in my IG bio 😉", ("link_in_bio", "link in my IG bio")),
        ("link in bio", ("link_in_bio", "link in bio")),
        ("everything is in my bio", ("in_bio", "in my bio")),
        ("check my profile for more", ("check_profile", "check my profile")),
        ("check out our page", ("check_profile", "check out our page")),
        ("search my store name on Google", ("search_us", "search my store name")),
        ("just google 'Iron Peak Fitness official'", ("search_us", "just google")),
        ("google 'Iron Peak Fitness'", ("search_us", "google")),
        ("google us", ("search_us", "google us")),
        ("look us up", ("search_us", "look us up")),
        ("find us on Instagram!", ("find_us_on", "find us on")),
        ("let's talk on the other app", ("other_app", "the other app")),
        ("send it on another app", ("other_app", "another app")),
        ("send it on the green app 💚", ("coded_app", "the green app")),
        ("follow the 🐦 app", ("coded_app", "the 🐦 app")),
        ("2-for-1 on our website this week", ("website", "our website")),
        ("order on our site for 20% off", ("website", "our site")),
        ("our online store has more", ("website", "our online store")),
        ("our Etsy shop has the full collection", ("external_store", "our Etsy shop")),
        ("it's cheaper on amazon", ("external_store", "on amazon")),
        ("buy from our official store", ("official_store", "our official store")),
        ("my store outside tiktok", ("outside_platform", "store outside tiktok")),
        ("my store outside", ("outside_platform", "store outside")),
        ("we sell outside of the app too", ("outside_platform", "sell outside of the app")),
        ("Can you cancel the order and buy directly from me?", ("outside_platform", "buy directly from me")),
        ("not on here, tiktok takes a cut", ("avoid_platform", "tiktok takes a cut")),
        ("wanna skip the app fees?", ("avoid_platform", "skip the app fees")),
        ("better deal here 👀 don't tell tiktok lol", ("avoid_platform", "don't tell tiktok")),
        ("DM for the link", ("dm_for_link", "DM for the link")),
        ("We also have a showroom at 1840 Marlowe Ave", ("physical_store", "a showroom")),
        ("visit our store downtown", ("physical_store", "visit our store")),
        ("pick it up at our warehouse", ("physical_store", "pick it up at our warehouse")),
    ],
)
def test_find_me(text: str, expected: tuple[str, str]) -> None:
    assert expected in found(text, "find_me")


def test_pointer_back_to_tiktok_is_low_confidence() -> None:
    assert confs("NEW DROP, link in our TikTok profile") == [("link_in_bio", 0.3, "tiktok")]
    assert confs("search our shop name on tiktok") == [("search_us", 0.3, "tiktok")]


@pytest.mark.parametrize(
    "text",
    [
        "the profile of the fabric is slim",
        "our site visit is monday",
        "We don't have a website, TikTok Shop is the only place we sell",
        "open the app and go to Orders",
        "find the size chart on the listing",
        "the bio-degradable mailer",
        "take 10% off",
        "use the app to request a return",
        "I'll check the stock and get back to u",
    ],
)
def test_benign_seller_talk(text: str) -> None:
    assert found(text) == []


def test_squeezed_view_and_dedupe() -> None:
    text = "l i n k in my bio"
    b = MappedBuilder()
    for i, ch in enumerate(text):
        if i < 7 and ch == " ":
            continue
        b.add(ch, i, i + 1)
    views = FakeViews(text, squeezed=b.build())
    assert found(text, views=views) == [("link_in_bio", "l i n k in my bio")]
    text2 = "link in my bio"
    views2 = FakeViews(text2, squeezed=MappedText(text2, None, None))
    assert found(text2, views=views2) == [("link_in_bio", "link in my bio")]


def test_hostile_input_finishes() -> None:
    text = "scan the qr code " * 6_000
    hits = found(text, "qr_mention")
    assert len(hits) == 6_000 and hits[0] == ("scan_code", "scan the qr code")
    assert found("in in in in " * 20_000) == []
    assert found("bio " * 30_000) == []
    assert found("my " * 30_000 + "website") == [("website", "my website")]


# ------------------------------------------------------------ the early exit

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_GATE_VOCAB = sorted(
    set(pt._TRIGGERS)
    | {w for needs in pt._NEEDS.values() for alt in needs for n in alt for w in n}
    | pt._TIKTOK | {"on", "here", "in", "the", "this", "chat", "it"}
)
_GATE_SEPS = [" ", " ", ", ", ". ", "'", ": ", " 🐦 ", "-", "\n", '"']


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_GATE_VOCAB), st.sampled_from(_GATE_SEPS)), min_size=1, max_size=6))
def test_pointer_gate_never_hides_a_pointer(parts: list[tuple[str, str]]) -> None:
    text = "".join(w + s for w, s in parts)
    words = pt.word_set(text)
    if pt._TRIGGERS.isdisjoint(words) or pt._may_point(text, words):
        return
    out: list = []
    DET._scan_words(MappedText.identity(text), out)
    assert out == []


def test_pointer_gate_skips_bare_anchor_words() -> None:
    text = "your order page shows the warehouse shipped it"
    assert not pt._may_point(text, pt.word_set(text))
    text = "check out our page"
    assert pt._may_point(text, pt.word_set(text))
