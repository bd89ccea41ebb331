"""Link detector: links with and without a scheme, shorteners, app and payment
links, the hard negatives of chat ("e.g.", "v1.2", "outside.In the"), spans in
the original text, allowlisting, offline suffix data, and hostile inputs
(correctness only, never timings)."""

from __future__ import annotations

import builtins
import os
import socket
from pathlib import Path
from typing import Any

import pytest

from shopguard.detectors import DetectorConfig, registry
from shopguard.detectors import _domains
from shopguard.detectors.base import Entity
from shopguard.detectors.emails import EmailDetector
from shopguard.detectors.links import LinkDetector
from shopguard.normalize import MappedBuilder, Views

ALLOWED = frozenset({"tiktok.com", "tiktokshop.com", "usps.com", "ups.com", "track.amazon.com"})


@pytest.fixture(scope="module")
def det() -> LinkDetector:
    return LinkDetector(DetectorConfig(allowed_domains=ALLOWED))


def find(det: LinkDetector, text: str, kind: str = "url") -> list[Entity]:
    return [e for e in det.detect(Views(text)) if e.kind == kind]


def spans(det: LinkDetector, text: str, kind: str = "url") -> list[str]:
    return [text[e.start : e.end] for e in find(det, text, kind)]


def values(det: LinkDetector, text: str) -> list[str]:
    return [e.value for e in find(det, text)]


def test_registered() -> None:
    assert registry()["links"] is LinkDetector
    assert LinkDetector.kinds == frozenset({"url", "payment_link"})


# ----------------------------------------------------------------- positives

POSITIVES = [
    ("visit https://x.com/a now", "https://x.com/a", "x.com/a"),
    ("check out myshop.co for more colors", "myshop.co", "myshop.co"),
    ("sale at www.x.store/sale.", "www.x.store/sale", "www.x.store/sale"),
    ("HTTPS://MYSHOP.COM/SALE", "HTTPS://MYSHOP.COM/SALE", "myshop.com/SALE"),
    ("go to shop.glowhaus.beauty/new?ref=tt#top", "shop.glowhaus.beauty/new?ref=tt#top",
     "shop.glowhaus.beauty/new?ref=tt#top"),
    ("http://user:pass@example.com:8080/x", "http://user:pass@example.com:8080/x", "example.com:8080/x"),
    ("my site: mybrand.store", "mybrand.store", "mybrand.store"),
    ("ukrainian news pravda.com.ua", "pravda.com.ua", "pravda.com.ua"),
    ("Our full catalog is on https://www.glowhaus-beauty.shop and everything is cheaper",
     "https://www.glowhaus-beauty.shop", "www.glowhaus-beauty.shop"),
    ("http://192.168.1.1/abc", "http://192.168.1.1/abc", "192.168.1.1/abc"),
    ("http://8.8.8.8:8080", "http://8.8.8.8:8080", "8.8.8.8:8080"),
    ("http://[2001:db8::1]/x", "http://[2001:db8::1]/x", "[2001:db8::1]/x"),
    ("IDN http://xn--df-oiy.ws/123 ok", "http://xn--df-oiy.ws/123", "xn--df-oiy.ws/123"),
    ("президент.рф", "президент.рф", "президент.рф"),
    ("http://bündnis-für-krankenhäuser.de/x", "http://bündnis-für-krankenhäuser.de/x",
     "bündnis-für-krankenhäuser.de/x"),
    ("[our shop](https://myshop.com/p/1)", "https://myshop.com/p/1", "myshop.com/p/1"),
    ("<https://myshop.com/p/1>.", "https://myshop.com/p/1", "myshop.com/p/1"),
    ("<myshop.com>", "myshop.com", "myshop.com"),
    ("scheme-relative //example.com/x", "//example.com/x", "example.com/x"),
    ("Amazon.com has it", "Amazon.com", "amazon.com"),
    ("EXAMPLE.CZ", "EXAMPLE.CZ", "example.cz"),
    ("example.Net", "example.Net", "example.net"),
    ("see shop.com.Thanks!", "shop.com", "shop.com"),
    ("wait...myshop.com", "myshop.com", "myshop.com"),
    ("http//www.gr8prizes.com", "www.gr8prizes.com", "www.gr8prizes.com"),
    ("job:https://example.co", "https://example.co", "example.co"),
    ("* link -https://www.example.com", "https://www.example.com", "www.example.com"),
    ("defanged hxxps://evil.example.com/x", "hxxps://evil.example.com/x", "evil.example.com/x"),
]


@pytest.mark.parametrize("text,span,value", POSITIVES)
def test_positive(det: LinkDetector, text: str, span: str, value: str) -> None:
    found = find(det, text)
    assert [text[e.start : e.end] for e in found] == [span]
    assert [e.value for e in found] == [value]
    assert all(e.detector == "links" and not e.allowlisted for e in found)


def test_several_links_in_one_message(det: LinkDetector) -> None:
    text = "xx[http://httpbin.org/status/200](http://httpbin.org/status/210)trololo"
    assert spans(det, text) == ["http://httpbin.org/status/200", "http://httpbin.org/status/210"]
    text = "yahoo.com msn.com, and www.ebay.com/itm/1."
    assert spans(det, text) == ["yahoo.com", "msn.com", "www.ebay.com/itm/1"]


def test_path_case_kept_in_value(det: LinkDetector) -> None:
    """Shortener codes are case-sensitive: the host is lower-cased, the path is not."""
    (e,) = find(det, "bit.ly/3GlwHs2 better deal here")
    assert e.value == "bit.ly/3GlwHs2"


# ------------------------------------------------------- trailing punctuation

TRAILING = [
    ("See http://example.com/123; Example link.", "http://example.com/123"),
    ("http://example.com/foo_bar,", "http://example.com/foo_bar"),
    ("http://example.com/123!!!", "http://example.com/123"),
    ("http://example.com/foo_bar...", "http://example.com/foo_bar"),
    ("(Scoped http://example.com/foo_bar)", "http://example.com/foo_bar"),
    ("(myshop.com/sale)", "myshop.com/sale"),
    ("(myshop.com)!", "myshop.com"),
    ("http://example.com/foo_bar_(wiki)", "http://example.com/foo_bar_(wiki)"),
    ("Foo (http://de.wikipedia.org/wiki/Agilit%C3%A4t_(Management)) Bar",
     "http://de.wikipedia.org/wiki/Agilit%C3%A4t_(Management)"),
    ('"Quoted like http://example.com/foo_bar"', "http://example.com/foo_bar"),
    ("'Quoted like http://example.com/foo_bar'", "http://example.com/foo_bar"),
    ('http://foo.com/blah_blah_"doublequoted"', 'http://foo.com/blah_blah_"doublequoted"'),
    ("https://www.test.org/paper/apostrophe'in-url", "https://www.test.org/paper/apostrophe'in-url"),
    ('<a href="https://www.example.com/">x</a>', "https://www.example.com/"),
    ("Dot after TLD: http://janlipovsky.cz.", "http://janlipovsky.cz"),
    ("GOOGLE.COM.", "GOOGLE.COM"),
    ("is it on myshop.com?", "myshop.com"),
    ("`https://coala.io/200`", "https://coala.io/200"),
    ("｜www.google.com/foo｜bar", "www.google.com/foo"),
]


@pytest.mark.parametrize("text,span", TRAILING)
def test_span_excludes_trailing_punctuation(det: LinkDetector, text: str, span: str) -> None:
    assert spans(det, text) == [span]


# ------------------------------------------------ shorteners, apps, payments

SHORTENERS = [
    "bit.ly/3xYz", "tinyurl.com/abc123", "https://t.co/AbC", "rb.gy/x1", "cutt.ly/q",
    "goo.gl/maps/x", "ow.ly/a", "is.gd/b", "buff.ly/c", "shorturl.at/d", "tiny.cc/e",
    "linktr.ee/myshop",
]


@pytest.mark.parametrize("link", SHORTENERS)
def test_shorteners(det: LinkDetector, link: str) -> None:
    (e,) = find(det, f"better price here {link} !")
    assert "link shortener" in e.evidence
    assert e.confidence >= 0.9


APPS = [
    ("wa.me/15551234567", "WhatsApp"),
    ("https://api.whatsapp.com/send?phone=15551234567", "WhatsApp"),
    ("t.me/myshopdeals", "Telegram"),
    ("telegram.me/myshopdeals", "Telegram"),
    ("m.me/myshop", "Messenger"),
    ("ig.me/m/myshop", "Instagram"),
    ("instagram.com/myshop", "Instagram"),
    ("facebook.com/myshop", "Facebook"),
    ("discord.gg/abc", "Discord"),
    ("snapchat.com/add/myshop", "Snapchat"),
    ("line.me/ti/p/abc", "LINE"),
    ("whatsapp://send?phone=15551234567", "WhatsApp"),
]


@pytest.mark.parametrize("link,app", APPS)
def test_app_links_name_the_app(det: LinkDetector, link: str, app: str) -> None:
    (e,) = find(det, f"dm me {link}")
    assert app in e.evidence
    assert not find(det, f"dm me {link}", "payment_link")


PAYMENTS = [
    ("paypal.me/johnshop", "PayPal"),
    ("https://www.paypal.com/paypalme/johnshop", "PayPal"),
    ("venmo.com/u/jane-shop", "Venmo"),
    ("cash.app/$janeshop", "Cash App"),
    ("https://buy.stripe.com/abc123", "Stripe"),
    ("checkout.stripe.com/c/pay/cs_live", "Stripe"),
    ("square.link/u/abc", "Square"),
    ("https://www.paypal.com/invoice/p/#ABC", "PayPal"),
]


@pytest.mark.parametrize("link,name", PAYMENTS)
def test_payment_links_emit_both_kinds(det: LinkDetector, link: str, name: str) -> None:
    text = f"pay the $5 shipping at {link} thanks"
    (url,) = find(det, text, "url")
    (pay,) = find(det, text, "payment_link")
    assert (url.start, url.end) == (pay.start, pay.end)
    assert text[pay.start : pay.end] == link
    assert name in pay.evidence


def test_payment_app_deep_link(det: LinkDetector) -> None:
    text = "venmo://paycharge?txn=pay&recipients=janeshop"
    (pay,) = find(det, text, "payment_link")
    assert text[pay.start : pay.end] == text
    assert pay.value == text


def test_processor_home_page_is_not_a_payment_link(det: LinkDetector) -> None:
    text = "see https://www.paypal.com/us/home"
    assert spans(det, text) == ["https://www.paypal.com/us/home"]
    assert find(det, text, "payment_link") == []


def test_own_pay_page_is_a_payment_link(det: LinkDetector) -> None:
    text = "It's $19.99, pay here: https://pay.technest-accs.com/warranty"
    (pay,) = find(det, text, "payment_link")
    assert text[pay.start : pay.end] == "https://pay.technest-accs.com/warranty"
    assert pay.confidence == pytest.approx(0.7)
    assert find(det, "myshop.com/pay/123", "payment_link")
    assert not find(det, "myshop.com/checkout", "payment_link")  # a store, not a bill


# ----------------------------------------------------------------- allowlist

ALLOWLISTED = [
    "Here's our shop page: https://www.tiktok.com/@lunabeadsco",
    "https://vm.tiktok.com/ZMabc/",
    "shop.tiktok.com/view/product/123",
    "You can track it here: https://tools.usps.com/go/TrackConfirmAction?tLabels=9261290100130736401234",
    "track.amazon.com/tracking/TBA123",
]


@pytest.mark.parametrize("text", ALLOWLISTED)
def test_allowlisted_hosts_are_flagged_allowlisted(det: LinkDetector, text: str) -> None:
    found = find(det, text)
    assert len(found) == 1 and found[0].allowlisted
    assert find(det, text, "payment_link") == []


def test_allowlist_comes_from_config_not_code() -> None:
    bare = LinkDetector(DetectorConfig())
    (e,) = bare.detect(Views("https://www.tiktok.com/@shop"))
    assert not e.allowlisted
    # a parent is not covered by its subdomain, and look-alikes are not covered
    d = LinkDetector(DetectorConfig(allowed_domains=frozenset({"track.amazon.com"})))
    assert [e.allowlisted for e in d.detect(Views("amazon.com/dp/B01"))] == [False]
    d = LinkDetector(DetectorConfig(allowed_domains=frozenset({"tiktok.com"})))
    assert [e.allowlisted for e in d.detect(Views("tiktok.com.evil.shop/x"))] == [False]
    assert [e.allowlisted for e in d.detect(Views("nottiktok.com"))] == [False]


def test_lookalike_of_allowed_host_is_not_allowlisted(det: LinkDetector) -> None:
    text = "our page tiktоk.com/@shop"  # Cyrillic "о"
    (e,) = find(det, text)
    assert text[e.start : e.end] == "tiktоk.com/@shop"
    assert not e.allowlisted
    assert e.value == "tiktоk.com/@shop"  # the host a browser would open
    assert "look-alike" in e.evidence and "tiktok.com" in e.evidence


def test_lookalike_payment_host_still_a_payment_link(det: LinkDetector) -> None:
    text = "pay pаypal.me/shop"  # Cyrillic "а"
    (pay,) = find(det, text, "payment_link")
    assert text[pay.start : pay.end] == "pаypal.me/shop"


def test_fullwidth_and_hidden_characters(det: LinkDetector) -> None:
    (e,) = find(det, "ｍｙｓｈｏｐ．ｃｏｍ")
    assert e.value == "myshop.com"
    text = "go to my\u200bshop.com now"
    (e,) = find(det, text)
    assert text[e.start : e.end] == "my\u200bshop.com"
    assert e.value == "myshop.com"
    assert "hidden characters" in e.evidence


def test_extra_shorteners_from_config_lists() -> None:
    d = LinkDetector(DetectorConfig(lists={"url_shorteners": frozenset({"go.myshort.link"})}))
    (e,) = d.detect(Views("go.myshort.link/abc"))
    assert "link shortener" in e.evidence


# ----------------------------------------------------------- hard negatives

NEGATIVES = [
    "e.g. the blue one, v1.2 of the app",
    "i.e. the same size",
    "Mr.Smith will ship it",
    "see image.png and photo.jpg or file.pdf, pic.jpeg, anim.gif, clip.mp4",
    "download setup.exe or app.apk",
    "all photos.zip and video.mov attached",
    "it is 3.5 inches",
    "size.M is sold out",
    "Coffee@Home mugs are back in stock",
    "I am sitting outside.In the middle of nowhere.My mind is lost in thoughts!",
    "the file is 144.2 MB",
    "main_data_site.group.popular_data_desc",
    "version 2.0.1 and 10.4.3-beta",
    "playback at 1.5x speed",
    "see you at 3.30pm",
    "U.S.A. a.m. p.m. etc. approx. No.5",
    "call 1.800.555.1234",
    "shipped 10.10.2023",
    "price $9.99.Thanks",
    "node.js and io.js",
    "example.coma",
    "foo.123",
    "localhost and localhost/ and //test",
    "http:// http://. http://.. http://# http://? ",
    "1.2.3.4.5 1.2.3 1.2.3.400 1000.2.3.4 a1.2.3.4 1.2.3.4a",
    "path:to:file.pm and /path/to/file.pl",
    "Wife.how she knew",
    "sorry thangam.it's my mistake",
    "They will pick up and drop in car.so no problem",
    "I don know..i will ask my mom and send you.my mom is out",
    "LET LIFE BEGIN AGAIN.call me anytime",
    "hello.world",
    "info.shop@gmail.com",  # an e-mail's local part is not a link
    "Get unique URL from: in.v_alid.cz",
    "foo invalid.invalid bar",
    "www.microsoft",
    "http://microsoft",
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_hard_negatives(det: LinkDetector, text: str) -> None:
    assert spans(det, text) == []


def test_confidence_tiers(det: LinkDetector) -> None:
    (scheme,) = find(det, "https://myshop.xyz")
    (www,) = find(det, "www.myshop.cz")
    (common,) = find(det, "myshop.com")
    (rare,) = find(det, "myshop.cz")
    assert scheme.confidence >= 0.9 and www.confidence >= 0.9
    assert common.confidence == pytest.approx(0.85)
    assert rare.confidence == pytest.approx(0.6)


def test_word_tld_needs_a_path(det: LinkDetector) -> None:
    """.it/.so/.me/.love are also chat words: bare ones need a path or a known host."""
    assert spans(det, "myshop.it") == []
    assert spans(det, "myshop.it/sale") == ["myshop.it/sale"]
    assert spans(det, "glow.love/x") == ["glow.love/x"]
    assert spans(det, "dm wa.me") == ["wa.me"]


# -------------------------------------------------------- mapped-view spans

def _views_with_deobfuscated(original: str, pieces: list[tuple[str, int, int]]) -> Views:
    """Views whose deobfuscated view is built from (text, start, end) pieces."""
    b = MappedBuilder()
    for chars, s, e in pieces:
        b.add(chars, s, e)
    v = Views(original)
    v._deobf = b.build()  # what the deobfuscation step will produce
    return v


def test_spans_map_through_the_deobfuscated_view(det: LinkDetector) -> None:
    original = "visit MyShop dot co today"
    pieces = [(c.lower(), i, i + 1) for i, c in enumerate(original[:12])]
    pieces.append((".", 12, 17))  # " dot " -> "."
    pieces += [(c, i, i + 1) for i, c in enumerate(original) if i >= 17]
    v = _views_with_deobfuscated(original, pieces)
    (e,) = [x for x in det.detect(v) if x.kind == "url"]
    assert original[e.start : e.end] == "MyShop dot co"
    assert e.value == "myshop.co"
    assert "obfuscated" in e.evidence


def test_bail_out_without_link_characters(det: LinkDetector) -> None:
    assert det.detect(Views("no link here at all, just words")) == []


# --------------------------------------------------------- offline and safe

def test_no_network_and_no_disk_writes(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the detectors must never open a connection")

    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    real_open, real_os_open = builtins.open, os.open

    def read_only_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if any(c in mode for c in "wax+"):
            raise AssertionError(f"the detectors must never write a file ({file})")
        return real_open(file, mode, *args, **kwargs)

    def read_only_os_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise AssertionError(f"the detectors must never write a file ({path})")
        return real_os_open(path, flags, *args, **kwargs)

    def no_mkdir(*args: object, **kwargs: object) -> None:
        raise AssertionError("the detectors must never create a directory")

    monkeypatch.setattr(builtins, "open", read_only_open)
    monkeypatch.setattr(os, "open", read_only_os_open)
    monkeypatch.setattr(os, "makedirs", no_mkdir)
    monkeypatch.setattr(os, "mkdir", no_mkdir)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("TLDEXTRACT_CACHE", str(home / "tldextract"))
    # even an environment that asks tldextract to fetch the list is ignored
    monkeypatch.setenv("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "https://publicsuffix.org/list/public_suffix_list.dat")
    _domains.split_host.cache_clear()
    _domains.tld_labels.cache_clear()
    _domains.extractor.cache_clear()
    try:
        links = LinkDetector(DetectorConfig())
        emails = EmailDetector(DetectorConfig())
        hosts = [f"shop{i}.{tld}" for i, tld in enumerate(
            "com net org co.uk com.au io shop store de fr xyz top cz pl jp рф xn--p1ai".split()
        )]
        text = " ".join(hosts + [f"me{i}@{h}" for i, h in enumerate(hosts)] + ["https://a.b.example.org/x"])
        found = links.detect(Views(text))
        assert {e.value for e in found} >= set(hosts)
        assert len(emails.detect(Views(text))) == len(hosts)
        monkeypatch.undo()
        assert list(tmp_path.rglob("*")) == [home]
    finally:
        _domains.split_host.cache_clear()
        _domains.tld_labels.cache_clear()
        _domains.extractor.cache_clear()


def test_extractor_is_offline_by_construction() -> None:
    ex = _domains.extractor()
    assert ex.suffix_list_urls == ()
    assert ex.fallback_to_snapshot
    assert not ex._cache.enabled  # cache_dir=None: nothing is ever written


PATHOLOGICAL = [
    "a." * 50_000,
    "a.a.a.a" * 15_000,
    "@" * 100_000,
    "http://" * 15_000,
    "1.2.3.4.5..6.7a.8b.9 " * 5_000,
    "." * 100_000,
    "x" * 100_000 + ".com",
    "www." * 25_000,
    "http://a.com/)" * 7_000,
    "a.b@c.d/e:f " * 8_000,
    "((((" * 25_000 + "myshop.com" + "))))" * 25_000,
]


@pytest.mark.parametrize("text", PATHOLOGICAL, ids=lambda t: repr(t[:12]))
def test_pathological_inputs_finish_sanely(det: LinkDetector, text: str) -> None:
    found = det.detect(Views(text))
    for e in found:
        assert 0 <= e.start < e.end <= len(text)
        assert e.kind in LinkDetector.kinds
        assert "." in text[e.start : e.end]
        assert len(e.value) <= 2048 + 260


def test_pathological_results_are_correct(det: LinkDetector) -> None:
    assert det.detect(Views("a." * 50_000)) == []
    assert det.detect(Views("http://" * 15_000)) == []
    assert det.detect(Views("x" * 100_000 + ".com")) == []  # no host name is that long
    text = "((((" * 25_000 + "myshop.com" + "))))" * 25_000
    assert spans(det, text) == ["myshop.com"]
    many = "see shop.com " * 2_000
    assert len(find(det, many)) == 2_000


def test_detector_pickles(det: LinkDetector) -> None:
    import pickle

    again = pickle.loads(pickle.dumps(det))
    assert [e.value for e in again.detect(Views("go to myshop.com"))] == ["myshop.com"]
