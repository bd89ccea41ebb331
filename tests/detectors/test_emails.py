"""E-mail detector: addresses (plus-addressing, subdomains, dots, quoted local
parts, IDN), the upstream mask ``__email__``, the hard negatives of chat
("Coffee@Home", "@username", "me@3pm", "5@$10"), spans in the original text,
and hostile inputs (correctness only, never timings)."""

from __future__ import annotations

import pickle

import pytest

from shopguard.detectors import DetectorConfig, registry
from shopguard.detectors.base import Entity
from shopguard.detectors.emails import EmailDetector
from shopguard.normalize import MappedBuilder, Views


@pytest.fixture(scope="module")
def det() -> EmailDetector:
    return EmailDetector(DetectorConfig(allowed_domains=frozenset({"tiktok.com"})))


def find(det: EmailDetector, text: str) -> list[Entity]:
    return det.detect(Views(text))


def spans(det: EmailDetector, text: str) -> list[str]:
    return [text[e.start : e.end] for e in find(det, text)]


def test_registered() -> None:
    assert registry()["emails"] is EmailDetector
    assert EmailDetector.kinds == frozenset({"email"})


POSITIVES = [
    ("hi hun, email me at kaylaskloset.orders@gmail.com", "kaylaskloset.orders@gmail.com",
     "kaylaskloset.orders@gmail.com"),
    ("write to sales@my-store.com for wholesale", "sales@my-store.com", "sales@my-store.com"),
    ("John.Smith+shop@Mail.Example.CO.UK.", "John.Smith+shop@Mail.Example.CO.UK",
     "john.smith+shop@mail.example.co.uk"),
    ("Email:jane_doe99@yahoo.com, thanks", "jane_doe99@yahoo.com", "jane_doe99@yahoo.com"),
    ("(email@example.com)", "email@example.com", "email@example.com"),
    ("<user@domain.com>.", "user@domain.com", "user@domain.com"),
    ('"test@example.com"', "test@example.com", "test@example.com"),
    ("'a@b.co'", "a@b.co", "a@b.co"),
    ("o'brien@mail.ie", "o'brien@mail.ie", "o'brien@mail.ie"),
    ('test."foo".bar@gmail.co.uk!', 'test."foo".bar@gmail.co.uk', 'test."foo".bar@gmail.co.uk'),
    ("mailto:name@example.com", "name@example.com", "name@example.com"),
    ("MAILTO:NAME@EXAMPLE.COM", "NAME@EXAMPLE.COM", "name@example.com"),
    ("192.168.1.1@gmail.com", "192.168.1.1@gmail.com", "192.168.1.1@gmail.com"),
    ("user@xn--80ak6aa92e.com", "user@xn--80ak6aa92e.com", "user@xn--80ak6aa92e.com"),
    ("a@xn--d1acufc.xn--p1ai", "a@xn--d1acufc.xn--p1ai", "a@xn--d1acufc.xn--p1ai"),
    ("write a@почта.рф", "a@почта.рф", "a@почта.рф"),
    ("info@presidio.site or anotherinfo@presidio.site", "info@presidio.site", "info@presidio.site"),
    ("mail me john@shop.com.Thanks", "john@shop.com", "john@shop.com"),
    ("｜test@google.com｜bar", "test@google.com", "test@google.com"),
]


@pytest.mark.parametrize("text,span,value", POSITIVES)
def test_positive(det: EmailDetector, text: str, span: str, value: str) -> None:
    found = find(det, text)
    assert text[found[0].start : found[0].end] == span
    assert found[0].value == value
    assert found[0].kind == "email" and found[0].detector == "emails"
    assert found[0].confidence >= 0.9


def test_two_addresses(det: EmailDetector) -> None:
    text = "try one of these emails: info@presidio.site or anotherinfo@presidio.site"
    assert spans(det, text) == ["info@presidio.site", "anotherinfo@presidio.site"]


def test_upstream_mask(det: EmailDetector) -> None:
    text = "Please email us at __email__ with your booking reference."
    (e,) = find(det, text)
    assert text[e.start : e.end] == "__email__"
    assert e.confidence == pytest.approx(0.8)
    assert "mask" in e.evidence


NEGATIVES = [
    "Coffee@Home mugs are back in stock",
    "follow @username for drops",
    "see you me@3pm",
    "5@$10 each",
    "2 for 5@10 dollars",
    "foo@bar",
    "user@localhost",
    "my email is info@presidio.",
    "this is not an email: hello-world here",
    "mailto:bar",
    "whitespace @address.net>",
    "logo@2x.png",
    "Order confirmation emails come from TikTok",
    "http://user:pass@example.com:8080 and ftp://jan@example.com:123/test",
    "test.example@http://vk.com",
    "meet me@home.Thanks",
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_hard_negatives(det: EmailDetector, text: str) -> None:
    assert spans(det, text) == []


def test_markdown_mailto_is_an_email(det: EmailDetector) -> None:
    text = "[https](https://www.ibm.com)[mailto](mailto:someone@ibm.com)"
    assert spans(det, text) == ["someone@ibm.com"]


def test_allowlisted_domain(det: EmailDetector) -> None:
    (e,) = find(det, "write to support@tiktok.com")
    assert e.allowlisted
    (e,) = find(det, "write to support@seller.tiktok.com")
    assert e.allowlisted
    (e,) = find(det, "write to support@nottiktok.com")
    assert not e.allowlisted


def test_lookalike_domain_is_not_allowlisted(det: EmailDetector) -> None:
    text = "write to support@tiktоk.com"  # Cyrillic "о"
    (e,) = find(det, text)
    assert not e.allowlisted
    assert e.value == "support@tiktоk.com"
    assert "look-alike" in e.evidence


def test_hidden_characters(det: EmailDetector) -> None:
    text = "email: kayla\u200c.kloset\u200d@gmail\u200b.com (pls don't reply here)"
    (e,) = find(det, text)
    assert text[e.start : e.end] == "kayla\u200c.kloset\u200d@gmail\u200b.com"
    assert e.value == "kayla.kloset@gmail.com"
    assert "hidden characters" in e.evidence


def test_fullwidth_at_sign(det: EmailDetector) -> None:
    text = "PP: payments＠technest-accs．com"
    (e,) = find(det, text)
    assert text[e.start : e.end] == "payments＠technest-accs．com"
    assert e.value == "payments@technest-accs.com"


def test_spans_map_through_the_deobfuscated_view(det: EmailDetector) -> None:
    original = "mail John [at] Gmail (dot) com ok"
    b = MappedBuilder()
    for i in range(5, 9):
        b.add(original[i].lower(), i, i + 1)  # "john"
    b.add("@", 9, 15)  # " [at] "
    for i in range(15, 20):
        b.add(original[i].lower(), i, i + 1)  # "gmail"
    b.add(".", 20, 27)  # " (dot) "
    for i in range(27, 30):
        b.add(original[i], i, i + 1)  # "com"
    v = Views(original)
    v._deobf = b.build()
    (e,) = det.detect(v)
    assert original[e.start : e.end] == "John [at] Gmail (dot) com"
    assert e.value == "john@gmail.com"
    assert "obfuscated" in e.evidence


def test_bail_out(det: EmailDetector) -> None:
    assert det.detect(Views("no address in here. just text")) == []


PATHOLOGICAL = [
    "@" * 100_000,
    "a@" * 50_000,
    "a@b." * 25_000,
    "a" * 100_000 + "@gmail.com",
    "x@" + "a." * 50_000 + "com",
    '"' * 50_000 + "@x.com",
    "a.b@c.d/e:f " * 8_000,
    "__email__" * 10_000,
]


@pytest.mark.parametrize("text", PATHOLOGICAL, ids=lambda t: repr(t[:12]))
def test_pathological_inputs_finish_sanely(det: EmailDetector, text: str) -> None:
    for e in det.detect(Views(text)):
        assert 0 <= e.start < e.end <= len(text)
        assert e.value == "__email__" or "@" in e.value


def test_pathological_results_are_correct(det: EmailDetector) -> None:
    assert det.detect(Views("@" * 100_000)) == []
    assert det.detect(Views("a" * 100_000 + "@gmail.com")) == []  # local part over 64
    assert det.detect(Views("x@" + "a." * 50_000 + "com")) == []  # no host name is that long
    many = "mail a@b.com " * 2_000
    assert len(det.detect(Views(many))) == 2_000


def test_detector_pickles(det: EmailDetector) -> None:
    again = pickle.loads(pickle.dumps(det))
    assert [e.value for e in again.detect(Views("a@b.com"))] == ["a@b.com"]
