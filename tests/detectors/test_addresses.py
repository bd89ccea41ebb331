"""AddressDetector: US street addresses, units, PO boxes, and the number-word traps."""

from __future__ import annotations

import pytest

from shopguard.detectors import DetectorConfig, registry
from shopguard.normalize import Views

registry()
from shopguard.detectors import addresses as ad  # noqa: E402

DET = ad.AddressDetector(DetectorConfig())


def found(text: str, kind: str | None = None) -> list[tuple[str, str]]:
    return [
        (e.value, text[e.start : e.end]) for e in DET.detect(Views(text)) if kind is None or e.kind == kind
    ]


@pytest.mark.parametrize(
    "text, typed",
    [
        ("your info: Dana Whitfield, 4417 Birchwood Ln Apt 2 — sharing it", "4417 Birchwood Ln Apt 2"),
        ("Maria Gonzalez from 88 Ridge Rd in Tulsa said it ran small", "88 Ridge Rd"),
        ("a showroom at 1840 Marlowe Ave Suite 3, Fresno – come pick it up", "1840 Marlowe Ave Suite 3"),
        ("visit us at 4500 W. Olympic Blvd Suite 200, Los Angeles, CA 90019 anytime",
         "4500 W. Olympic Blvd Suite 200, Los Angeles, CA 90019"),
        ("send it to 123 Main St, Springfield, IL 62701 thanks", "123 Main St, Springfield, IL 62701"),
        ("350 5th Ave, New York, NY 10118", "350 5th Ave, New York, NY 10118"),
        ("77 Sunset Boulevard", "77 Sunset Boulevard"),
        ("ship to 123 main st apt 4b", "123 main st apt 4b"),
        ("1000 Northeast Multnomah Street", "1000 Northeast Multnomah Street"),
        ("12 Oak Court", "12 Oak Court"),
        ("5755 Cottle Road # 4", "5755 Cottle Road # 4"),
        ("1047 Lincoln Highway suite 101", "1047 Lincoln Highway suite 101"),
        ("1 Baffin Way.", "1 Baffin Way"),
        ("520 8th Ave. - Valet", "520 8th Ave."),
        ("400 Canal Street Apartments", "400 Canal Street"),
        ("2940 16th Street #217", "2940 16th Street #217"),
        ("790 Oak Grove Road ste b", "790 Oak Grove Road ste b"),
    ],
)
def test_street_addresses(text: str, typed: str) -> None:
    hits = found(text, "street_address")
    assert [t for _, t in hits] == [typed]
    assert hits[0][0] == " ".join(typed.lower().split()).strip(" ,.")


def test_confidence_tiers() -> None:
    def conf(text: str) -> float:
        (e,) = DET.detect(Views(text))
        return e.confidence

    assert conf("123 Main St, Springfield, IL 62701") == 0.95
    assert conf("88 Ridge Rd") == 0.85
    assert conf("88 ridge rd") == 0.6
    assert conf("12 oak way") == 0.4


@pytest.mark.parametrize(
    "text, typed",
    [("P.O. Box 123", "P.O. Box 123"), ("PO Box 55", "PO Box 55"), ("po box #9", "po box #9"),
     ("Post Office Box 77", "Post Office Box 77")],
)
def test_po_boxes(text: str, typed: str) -> None:
    hits = found(text, "po_box")
    assert [t for _, t in hits] == [typed]
    assert hits[0][0] == "po box " + "".join(c for c in typed if c.isdigit())


def test_unit_only() -> None:
    (e,) = DET.detect(Views("it's Apt 4B, buzz twice"))
    assert (e.kind, e.value, e.confidence, e.evidence) == ("street_address", "apt 4b", 0.5, "unit only")
    assert found("Suite 200 is upstairs") == [("suite 200", "Suite 200")]


@pytest.mark.parametrize(
    "text",
    [
        "I have 2 pairs of street shoes",
        "size 8 Wide",
        "100 Ct vitamins",
        "100 ct gummies",
        "a 3 Way switch",
        "5 Dr. Martens boots",
        "2 TB hard drive",
        "4 wheel drive",
        "it ships in 3 business days way faster",
        "Dimensions: 555 x 120 x 80 mm, weighs 1.2 kg",
        "Order #12345 Main St",
        "$15 Main St",
        "sorry we cant ship to PO boxes rn, street addresses only",
        "Your package is at the USPS facility in Memphis, TN",
        "Seattle, WA 98101",
        "the 2 day shipping way is faster",
        "2 in the court",
        "We ship from Texas so it's usually 2-4 days to the east coast.",
        "I'd rate it 5 stars, best way to go",
        "30 day return window",
        "I have 3 options. Kingston Place is nice",
    ],
)
def test_traps(text: str) -> None:
    assert found(text) == []


def test_hostile_input_finishes() -> None:
    assert found("123 " * 30_000) == []
    assert found("123 Main " * 12_000) == []
    text = "1 Main St " * 10_000
    hits = found(text)
    assert len(hits) == 10_000 and hits[0] == ("1 main st", "1 Main St")
    assert found("apt " * 25_000) == []
    assert found("po box " * 15_000) == []
