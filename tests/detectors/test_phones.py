"""Phone number detector: positives, the hard negatives a seller types all day,
spans in the original text, and hostile inputs (correctness only, no timings)."""

from __future__ import annotations

import random

import pytest

from shopguard.detectors import DetectorConfig, registry
from shopguard.detectors.base import Entity
from shopguard.detectors.phones import PhoneDetector
from shopguard.normalize import MappedBuilder, MappedText, Views


@pytest.fixture(scope="module")
def det() -> PhoneDetector:
    return PhoneDetector(DetectorConfig())


def find(det: PhoneDetector, text: str) -> list[Entity]:
    return det.detect(Views(text))


def spans(det: PhoneDetector, text: str) -> list[str]:
    return [text[e.start : e.end] for e in find(det, text)]


def values(det: PhoneDetector, text: str) -> list[str]:
    return [e.value for e in find(det, text)]


def test_registered() -> None:
    assert registry()["phones"] is PhoneDetector
    assert PhoneDetector.kinds == frozenset({"phone"})


# ----------------------------------------------------------------- positives

US_FORMATS = [
    ("call me at (415) 555-0132", "(415) 555-0132"),
    ("415-555-0132", "415-555-0132"),
    ("415.555.0132", "415.555.0132"),
    ("reach us on 415 555 0132 anytime", "415 555 0132"),
    ("+1 415 555 0132", "+1 415 555 0132"),
    ("+1 (415) 555-0132", "+1 (415) 555-0132"),
    ("1-415-555-0132", "1-415-555-0132"),
    ("1 (415) 555-0132", "1 (415) 555-0132"),
    ("1(888) 202-1024", "1(888) 202-1024"),
    ("+14155550132", "+14155550132"),
    ("text 4155550132", "4155550132"),
    ("415/555-0132", "415/555-0132"),
]


@pytest.mark.parametrize("text,expected", US_FORMATS)
def test_us_formats(det: PhoneDetector, text: str, expected: str) -> None:
    found = find(det, text)
    assert [text[e.start : e.end] for e in found] == [expected]
    e = found[0]
    assert e.kind == "phone" and e.detector == "phones"
    assert e.value.startswith("+1") and len(e.value) == 12
    assert e.confidence >= 0.85
    assert "phonenumbers" in e.evidence


INTERNATIONAL = [
    ("+44 20 7123 4567", "+442071234567"),
    ("+52 55 1234 5678", "+525512345678"),
    ("+52 1 55 1234 5678", "+525512345678"),  # old Mexican mobile "1"
    ("+63 917 123 4567", "+639171234567"),
    ("+86 138 1234 5678", "+8613812345678"),
    ("+234 803 123 4567", "+2348031234567"),
    ("+55 11 98456 5666", "+5511984565666"),
    ("+972 50 234 5678", "+972502345678"),
    ("+49 30 1234567", "+49301234567"),
    ("+91 98765 43210", "+919876543210"),
    ("0044 20 7123 4567", "+442071234567"),
    ("011 44 20 7123 4567", "+442071234567"),
]


@pytest.mark.parametrize("text,e164", INTERNATIONAL)
def test_international(det: PhoneDetector, text: str, e164: str) -> None:
    msg = f"my whatsapp is {text} thanks"
    found = find(det, msg)
    assert [e.value for e in found] == [e164]
    assert msg[found[0].start : found[0].end] == text
    assert found[0].confidence >= 0.9


def test_national_foreign_format_needs_phone_word(det: PhoneDetector) -> None:
    assert values(det, "My CN number is 13812345678") == ["+8613812345678"]
    assert values(det, "call our sales team on 0344 493 0787") == ["+443444930787"]
    assert values(det, "our sales team can help on 0344 493 0787") == ["+443444930787"]
    assert find(det, "13812345678") == []


def test_vanity(det: PhoneDetector) -> None:
    assert values(det, "1-800-FLOWERS") == ["+18003569377"]
    assert values(det, "Give us a call at 1-800-I-FLY-SWA.") == ["+18004359792"]
    assert values(det, "888-GO-FEDEX") == ["+18884633339"]
    assert values(det, "Call 1-800-CONTACTS today") == ["+18002668228"]
    text = "call us at (415) 555-CAKE!"
    assert spans(det, text) == ["(415) 555-CAKE"]


def test_vanity_negatives(det: PhoneDetector) -> None:
    assert find(det, "an 800-calorie meal") == []
    assert find(det, "How about a Tourist Attraction called 360 CHICAGO?") == []
    assert find(det, "the 800-thread count sheets") == []
    assert find(det, "Model 415-SERIES") == []


@pytest.mark.parametrize(
    "text,expected",
    [
        ("call 415-555-0132 ext. 12", "415-555-0132 ext. 12"),
        ("(800) 901-3355 x 7246433", "(800) 901-3355 x 7246433"),
        ("+44 2034567890x456", "+44 2034567890x456"),
        ("415-555-0132 extension 9", "415-555-0132 extension 9"),
    ],
)
def test_extensions(det: PhoneDetector, text: str, expected: str) -> None:
    found = find(det, text)
    assert [text[e.start : e.end] for e in found] == [expected]
    assert "extension" in found[0].evidence
    assert "x" not in found[0].value and "ext" not in found[0].value


def test_local_seven_digits_only_with_phone_word(det: PhoneDetector) -> None:
    found = find(det, "call me at 555-0134")
    assert [(e.value, e.start, e.end) for e in found] == [("5550134", 11, 19)]
    assert found[0].confidence < 0.9
    assert find(det, "555-0134") == []
    assert find(det, "item 555-0134 is back") == []


def test_possible_but_unassigned_needs_phone_word(det: PhoneDetector) -> None:
    found = find(det, "call me at 123-456-7890")
    assert len(found) == 1 and found[0].confidence == pytest.approx(0.6)
    assert find(det, "123-456-7890") == []
    assert find(det, "455-234-3451") == []  # 455 is not an assigned area code


def test_confidence_tiers(det: PhoneDetector) -> None:
    (near,) = find(det, "text me at 415-555-0132")
    (plain,) = find(det, "415-555-0132")
    (bare,) = find(det, "4155550132")
    assert near.confidence == pytest.approx(0.95)
    assert plain.confidence == pytest.approx(0.9)
    assert bare.confidence < plain.confidence
    assert "text" in near.evidence


def test_several_numbers(det: PhoneDetector) -> None:
    assert spans(det, "(415) 666-7777 (800) 443-1223") == ["(415) 666-7777", "(800) 443-1223"]
    assert spans(det, "Call 650-253-4561 -- 212-443-1223") == ["650-253-4561", "212-443-1223"]
    assert spans(det, "415-666-7777 - 800-443-1223 - 212-443-1223") == [
        "415-666-7777",
        "800-443-1223",
        "212-443-1223",
    ]
    assert spans(det, "US (415) 555-0132, intl +44 (20) 7123 4567") == [
        "(415) 555-0132",
        "+44 (20) 7123 4567",
    ]
    assert spans(det, "My address is CA 34215 - 415-666-7777 is my number.") == ["415-666-7777"]
    assert spans(det, "2/2 1-866-951-6592.") == ["1-866-951-6592"]
    assert spans(det, "baggage at LAX: 310-417-7274/7275") == ["310-417-7274"]
    assert spans(det, "$20 415-666-7777") == ["415-666-7777"]


# ------------------------------------------------------------- evasion


@pytest.mark.parametrize(
    "text,expected",
    [
        ("h1t m3 up 0n wh4ts4pp 7O2 555 O165 👌", "7O2 555 O165"),
        ("+1 (2l3) 555-OI42 ← text only pls", "+1 (2l3) 555-OI42"),
        ("zelle it to 3 1 2 5 5 5 0 1 8 7 then ship it back", "3 1 2 5 5 5 0 1 8 7"),
        ("text me ３０５－５５５－０１９１ for the wholesale price", "３０５－５５５－０１９１"),
        ("𝐖𝐡𝐚𝐭𝐬𝐀𝐩𝐩 𝟑𝟏𝟐 𝟓𝟓𝟓 𝟎𝟏𝟖𝟕 💬", "𝟑𝟏𝟐 𝟓𝟓𝟓 𝟎𝟏𝟖𝟕"),
        ("312🔸555🔸0187 txt me babe", "312🔸555🔸0187"),
        ("my number is 3️⃣1️⃣2️⃣ 5️⃣5️⃣5️⃣ 0️⃣1️⃣8️⃣7️⃣ hit me up", "3️⃣1️⃣2️⃣ 5️⃣5️⃣5️⃣ 0️⃣1️⃣8️⃣7️⃣"),
        ("Wha\u200btsA\u200bpp: +1 646 555 01\u200b19 (faster)", "+1 646 555 01\u200b19"),
    ],
)
def test_disguised_digits(det: PhoneDetector, text: str, expected: str) -> None:
    assert spans(det, text) == [expected]


class _SpelledViews(Views):
    """Views whose ``digits`` view is given: what the normaliser makes of
    spelled-out digits, independent of how far that work has got."""

    def __init__(self, original: str, digits: MappedText) -> None:
        super().__init__(original)
        self._given = digits

    @property
    def digits(self) -> MappedText:  # type: ignore[override]
        return self._given


def _spelled(original: str) -> _SpelledViews:
    words = {"zero": "0", "oh": "0", "o": "0", "one": "1", "two": "2", "three": "3",
             "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9"}
    b = MappedBuilder()
    i = 0
    low = original.lower()
    while i < len(low):
        for w, dgt in words.items():
            if low.startswith(w, i) and (i + len(w) == len(low) or not low[i + len(w)].isalpha()) and (
                i == 0 or not low[i - 1].isalpha()
            ):
                b.add(dgt, i, i + len(w))
                i += len(w)
                break
        else:
            b.add(low[i], i, i + 1)
            i += 1
    return _SpelledViews(original, b.build())


def test_spelled_out_region_is_the_span(det: PhoneDetector) -> None:
    text = "call or text me at two one three, five five five, zero one four two and I'll do the bundle"
    found = det.detect(_spelled(text))
    assert [e.value for e in found] == ["+12135550142"]
    assert text[found[0].start : found[0].end] == "two one three, five five five, zero one four two"

    text = "four one five five five five o one three four"
    found = det.detect(_spelled(text))
    assert [text[e.start : e.end] for e in found] == [text]


# ------------------------------------------------------------------- spans


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Call 415-555-0132.", "415-555-0132"),
        ("Call (415) 555-0132!", "(415) 555-0132"),
        ("number: +1 415 555 0132, thanks", "+1 415 555 0132"),
        ("(415) 555-0132)", "(415) 555-0132"),
        ("Hi call415-666-7777forme", "415-666-7777"),
        ("请拨打415-666-7777我在明天", "415-666-7777"),
        ("Tel: +44 20 7123 4567.", "+44 20 7123 4567"),
    ],
)
def test_span_is_exactly_the_number(det: PhoneDetector, text: str, expected: str) -> None:
    assert spans(det, text) == [expected]


# ----------------------------------------------------------- hard negatives

HARD_NEGATIVES = {
    "order number 18 digits": "Order ID 576912345678901234 is in transit, ETA Friday",
    "order number bare": "576912345678901234",
    "order # with a valid-looking 10 digits": "order #2125550143 shipped",
    "order number is": "Your order number is 2125550143.",
    "usps 22 grouped": "Your tracking number is 9400 1000 0000 0000 0000 00 (USPS).",
    "usps 22 grouped other": "USPS tracking: 9205 5901 2345 6789 0123 45",
    "usps 20": "USPS 9400 1118 9922 3344 5566",
    "usps bare": "tracking 92612901001307364012345",
    "ups 1z": "UPS tracking: 1Z999AA10123456784 — out for delivery today",
    "fedex 12 grouped": "Shipped with FedEx, tracking # 7712 3456 7890",
    "fedex 12 bare": "FedEx 392847561029",
    "fedex 15": "FedEx 061292700000000",
    "dhl 10 valid-looking": "DHL 2125550143",
    "dhl waybill": "DHL waybill: 3125550187",
    "awb": "AWB 2125550143",
    "tracking 10": "tracking 2125550143",
    "track": "track 2125550143 on the site",
    "sku": "SKU 4417-2023",
    "sku letters": "SKU GH-2291-BLK-XL is the black XL",
    "model number": "Model no. WX-4417-2023, compatible with the 2019–2023 versions",
    "model with 10 digits": "model 2125550143",
    "invoice": "invoice 2125550143",
    "ref": "ref# 2125550143",
    "ref dot": "Ref. 2125550143",
    "price": "The price is $1,299.99, same as the listing.",
    "prices": "serum $12 cleanser $9 lip oil $7, bundle $24.99",
    "date iso": "Delivered 2023-11-18",
    "date us": "Delivered 11/18/2023",
    "date words": "Estimated delivery Nov 18 2023",
    "date and time": "Delivered 2023-11-18 10:30",
    "date time pm": "2014-04-12 04:04 PM",
    "times": "Pickup window 10:30-11:45",
    "dimensions": "The bag is 12 x 8 x 4 in",
    "dimensions cm": "Poster 30x40cm and 50 x 70 cm",
    "dimensions mm": "Dimensions: 555 x 120 x 80 mm, weighs 1.2 kg",
    "zip": "Ships from 94105",
    "zip+4": "Ships from 94105-1234",
    "quantities": "Qty: 2500 pcs, 1,000,000 sold, 50 pcs per box",
    "year range en dash": "fits 2019–2023 models",
    "year range hyphen": "fits 2019-2023 and 2024-2025",
    "year range and count": "1979-2011 100",
    "card luhn": "card 4111 1111 1111 1111",
    "card bare": "4111111111111111",
    "iban spaced": "GB82 WEST 1234 5698 7654 32",
    "iban de": "DE89 3704 0044 0532 0130 00",
    "iban bare": "DE89370400440532013000",
    "decimals": "12.1 - 23.71 - 23.45",
    "decimal list": "80.585 [79.964, 81.191]",
    "batch": "Batch no. 230915-A, expires 09/2026",
    "sizes": "Sizing: S fits 4-6, M fits 8-10, L fits 12-14.",
    "placeholder": "(000) 000-0000",
    "sequential": "enter 1234567890 as a test",
    "sentence end": "9002309. 158",
    "account": "acct 4830229177, routing 123456780",
    "short code": "Text STOP to 87121",
    "amazon order": "Amazon order 113-1234567-1234567",
    "amazon tracking": "Tracking: TBA123456789012",
    "invoice glued": "INV-2125550143",
    "tiktok product id": "https://shop.tiktok.com/view/product/1729401938475620183",
    "gift card": "gift card 6006 4912 3456 7890",
}


@pytest.mark.parametrize("text", list(HARD_NEGATIVES.values()), ids=list(HARD_NEGATIVES))
def test_hard_negatives(det: PhoneDetector, text: str) -> None:
    assert find(det, text) == []


def test_phone_word_closer_than_context_word(det: PhoneDetector) -> None:
    assert values(det, "order questions? call 800-555-0134") == ["+18005550134"]
    assert values(det, "For custom orders please message us on WhatsApp +1 312-555-0187") == [
        "+13125550187"
    ]
    assert values(det, "Please call our Reservations team at 800-221-1212") == ["+18002211212"]
    # "+" numbers are never order numbers
    assert values(det, "order +1 312-555-0187") == ["+13125550187"]


def test_tracking_then_phone(det: PhoneDetector) -> None:
    text = "Tracking: 9400 1118 9922 3344 5566 77, questions: 800-433-7300"
    assert spans(det, text) == ["800-433-7300"]


def test_fewer_than_seven_digits(det: PhoneDetector) -> None:
    assert find(det, "") == []
    assert find(det, "the blue one is $24.99, 3 left") == []
    assert find(det, "call me at 555-013") == []


def test_plus_bracket_country_code(det: PhoneDetector) -> None:
    assert spans(det, "call +(44) 20 7123 4567") == ["+(44) 20 7123 4567"]


def test_pickles(det: PhoneDetector) -> None:
    import pickle

    again = pickle.loads(pickle.dumps(det))
    assert [e.value for e in again.detect(Views("call 415-555-0132"))] == ["+14155550132"]


def test_default_region_from_config() -> None:
    nz = PhoneDetector(DetectorConfig(lists={"phone_default_regions": frozenset({"NZ"})}))
    assert [e.value for e in nz.detect(Views("03 331 6005"))] == ["+6433316005"]
    us = PhoneDetector(DetectorConfig())
    assert us.detect(Views("03 331 6005")) == []


# ------------------------------------------------------------ pathological


def _sane(text: str, found: list[Entity]) -> None:
    for e in found:
        assert 0 <= e.start < e.end <= len(text)
        assert e.kind == "phone"
        assert not text[e.start].isspace() and not text[e.end - 1].isspace()
        assert e.value.startswith("+") or e.value.isdigit()
        assert 0 < e.confidence <= 1


def test_digit_punctuation_soup(det: PhoneDetector) -> None:
    rnd = random.Random(20240601)
    soup = "".join(rnd.choice("0123456789 -./()+,x") for _ in range(100_000))
    found = det.detect(Views(soup))
    _sane(soup, found)
    assert len(found) < 1000
    spans_ = sorted((e.start, e.end) for e in found)
    assert all(a[1] <= b[0] for a, b in zip(spans_, spans_[1:]))  # no overlaps


@pytest.mark.parametrize(
    "text",
    [
        "1-" * 50_000,
        "+" * 50_000,
        "2-" * 50_000,
        "7" * 100_000,
        "call " + "1-" * 50_000,
        "1, " * 30_000,
        "１, " * 30_000,
        "(" * 50_000 + "x",
        "( 1 2 3 4 5 6 7 8 9 " * 5_000,
    ],
    ids=["1-x50k", "plus-x50k", "2-x50k", "digits-100k", "call-1-x50k", "comma-list",
         "fullwidth-comma-list", "brackets", "sequential"],
)
def test_pathological_no_hits(det: PhoneDetector, text: str) -> None:
    assert det.detect(Views(text)) == []


def test_pathological_many_numbers(det: PhoneDetector) -> None:
    text = "call me 415-555-0132 order 576912345678901234 " * 2000
    found = det.detect(Views(text))
    _sane(text, found)
    assert len(found) == 2000
    assert {e.value for e in found} == {"+14155550132"}


# ------------------------------------------- regions and possible numbers


def _in(region: str) -> PhoneDetector:
    return PhoneDetector(DetectorConfig(lists={"phone_default_regions": frozenset({region})}))


@pytest.mark.parametrize(
    "region,text,expected,e164",
    [
        # "0~0" is the Polish international prefix typed with its wait-for-tone
        # "~"; " ~1234" after it opens a new token instead of extending the number
        ("PL", "0~0 1800 7493 524 ~1234", "0~0 1800 7493 524", "+18007493524"),
        # an area code in brackets waives the NANP grouping check
        ("US", "(1800) 7493.524", "(1800) 7493.524", "+18007493524"),
        ("US", "1 (800) 7493.524", "1 (800) 7493.524", "+18007493524"),
        # Mexico's retired 044/045 (mobile) and 01 prefixes, still typed
        ("MX", "045 33 1234-5678", "045 33 1234-5678", "+523312345678"),
        ("MX", "044 55 1234 5678", "044 55 1234 5678", "+525512345678"),
        ("MX", "Hola, Mexico 01-800-266-0046", "01-800-266-0046", "+528002660046"),
        # a country code, then the trunk "0" in brackets
        ("US", "44 (0)20 7123 4567", "44 (0)20 7123 4567", "+442071234567"),
        ("NZ", "64(0)64123456", "64(0)64123456", "+6464123456"),
        # "+CC ...": possible (unassigned) is enough, no phone word needed
        ("US", "+54 23 1234 0000", "+54 23 1234 0000", "+542312340000"),
        ("AR", "Hello +54 23 1234 0000", "+54 23 1234 0000", "+542312340000"),
        # possible national numbers typed the way the deployment region writes them
        ("AR", "023 1234 0000", "023 1234 0000", "+542312340000"),
        ("IT", "312 345 678", "312 345 678", "+39312345678"),
        # NANP-typed and valid in the US: reported as the US number, not a possible IT one
        ("IT", "800-433-7300", "800-433-7300", "+18004337300"),
    ],
)
def test_new_acceptances(region: str, text: str, expected: str, e164: str) -> None:
    found = _in(region).detect(Views(text))
    assert [(text[e.start : e.end], e.value) for e in found] == [(expected, e164)]


def test_possible_without_phone_word_is_low_confidence() -> None:
    (plus,) = _in("US").detect(Views("+54 23 1234 0000"))
    (national,) = _in("AR").detect(Views("023 1234 0000"))
    assert plus.confidence == pytest.approx(0.6) and "possible" in plus.evidence
    assert national.confidence == pytest.approx(0.6) and "grouped as AR" in national.evidence


@pytest.mark.parametrize(
    "region,text",
    [
        # "+" numbers that are amounts, sums, codes or fillers
        ("US", "+12.500.000 subscribers"),
        ("US", "+1 250 0000"),  # possible only as a local number
        ("US", "revenue +44 123 456 789"),  # thousands
        ("US", "5+1234567890"),
        ("US", "+20000000000 views"),
        ("US", "+1 555 000 0000"),
        ("US", "+1 123 456 7890"),
        # placeholders stay quiet without a phone word (an example of a format)
        ("US", "123-456-7890"),
        ("US", "Hello 123-456-7890, 45 days a year"),
        ("PL", "0123/456789"),
        ("AR", "(0xx) 123456789"),
        # brackets that are not an area code, or a grouping still off
        ("US", "(2019) 555.1234"),
        ("US", "(415) 55 50 132"),
        # possible national numbers that are something else
        ("AR", "Model no. WX-4417-2023"),  # 8 digits: a local number needs a phone word
        ("AR", "open 0800-2400 daily"),
        ("AR", "0123 4567 8901"),  # 4-4-4 blocks
        ("AR", "order 023 1234 0000"),
        ("AR", "tracking 0351 4123 4567"),
        ("AR", "invoice INV-023 1234 0000"),
        ("AR", "023/1234/0000"),
        ("AR", "Delivered 02-11-2023 10:30"),
        ("NZ", "ref 09 123 4567"),
        ("NZ", "09 1234 5678 9012"),
        ("IT", "costa 312.345.678 euro"),  # thousands with dots
        ("IT", "12 345 678"),
        ("IT", "1 234 567 890"),
        ("GB", "SKU 0231-234-0000"),
        ("MX", "045 33 1234"),
    ],
)
def test_region_traps_stay_negative(region: str, text: str) -> None:
    assert _in(region).detect(Views(text)) == []


def test_us_default_still_needs_a_phone_word_for_other_national_formats(det: PhoneDetector) -> None:
    assert find(det, "023 1234 0000") == []
    assert find(det, "312 345 678") == []
    assert find(det, "045 33 1234-5678") == []


@pytest.mark.parametrize(
    "text",
    [
        "Lot number XA-3122-6204 was made on Thursday",
        "The model number is RW-5617-2448, it's compatible with the 2015-2022 versions",
        "part no. KB-415-555-0134 fits both",
    ],
)
def test_digits_continuing_a_short_code_are_not_phones(text: str) -> None:
    """A 1-4 letter prefix glued by '-' makes a model, lot or SKU code, even next to 'number'."""
    assert PhoneDetector(DetectorConfig()).detect(Views(text)) == []


def test_phone_words_glued_by_a_dash_still_count() -> None:
    found = PhoneDetector(DetectorConfig()).detect(Views("call-415-555-0134 now"))
    assert [e.value for e in found] == ["+14155550134"]
