"""MessagingDetector: app names in context, handles, contact phrases, spans, hostile input."""

from __future__ import annotations

import pytest

from shopguard.detectors import DetectorConfig, registry
from shopguard.normalize import MappedBuilder, MappedText, Views

registry()  # load built-ins before importing the module directly
from shopguard.detectors import messaging as ms  # noqa: E402
from fake_views import FakeViews  # noqa: E402

DET = ms.MessagingDetector(DetectorConfig())


def ents(text: str, kind: str | None = None, views=None):
    found = DET.detect(views if views is not None else Views(text))
    return [e for e in found if kind is None or e.kind == kind]


def apps(text: str) -> list[tuple[str, str]]:
    """(value, typed text) of the messaging_app entities."""
    return [(e.value, text[e.start : e.end]) for e in ents(text, "messaging_app")]


def handles(text: str) -> list[tuple[str, str]]:
    return [(e.value, text[e.start : e.end]) for e in ents(text, "handle")]


def contacts(text: str) -> list[tuple[str, str]]:
    return [(e.value, text[e.start : e.end]) for e in ents(text, "contact_request")]


def squeeze_spaced(original: str) -> MappedText:
    """Join single letters separated by single spaces ("w h a t s a p p" → "whatsapp")."""
    low = original.lower()
    b = MappedBuilder()
    for i, ch in enumerate(low):
        if ch == " " and 0 < i < len(low) - 1 and low[i - 1].isalpha() and low[i + 1].isalpha() and (
            (i < 2 or not low[i - 2].isalpha()) and (i + 2 >= len(low) or not low[i + 2].isalpha())
        ):
            continue
        b.add(ch, i, i + 1)
    return b.build()


# --------------------------------------------------------------------------
# app names


@pytest.mark.parametrize(
    "text, expected",
    [
        ("add my WeChat lunabeads888 for bulk order", [("wechat", "WeChat")]),
        ("For custom orders please message us on WhatsApp +1 312-555-0187", [("whatsapp", "WhatsApp")]),
        ("Write to me on Telegram @glowhaus_us, I answer 24/7", [("telegram", "Telegram")]),
        ("Join our Discord for deals", [("discord", "Discord")]),
        ("follow us on Instagram and Facebook", [("instagram", "Instagram"), ("facebook", "Facebook")]),
        ("dm me on Snapchat", [("snapchat", "Snapchat")]),
        ("my viber is the same number", [("viber", "viber")]),
        ("Skype or iMessage both work", [("skype", "Skype"), ("imessage", "iMessage")]),
        ("kakaotalk id luna22", [("kakaotalk", "kakaotalk")]),
        ("add me on whats app", [("whatsapp", "whats app")]),
        ("Whatapp is fine too", [("whatsapp", "Whatapp")]),
        ("snap chat: velvet22", [("snapchat", "snap chat")]),
        ("our facebook messenger is faster", [("messenger", "facebook messenger")]),
    ],
)
def test_unambiguous_names(text: str, expected: list[tuple[str, str]]) -> None:
    assert apps(text) == expected
    assert all(e.confidence == 0.9 for e in ents(text, "messaging_app"))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("my number is 312 555 0187 hit me up on wa", ("whatsapp", "wa")),
        ("i'll add u on wa so we can chat", ("whatsapp", "wa")),
        ("wa me 213 555 0142", ("whatsapp", "wa")),
        ("wa +1 646 555 0119", ("whatsapp", "wa")),
        ("reach me on tg, handle is glow underscore haus underscore us", ("telegram", "tg")),
        ("Join our betting group on tg", ("telegram", "tg")),
        ("DM me on tele for the menu", ("telegram", "tele")),
        ("add my vx for wholesale", ("wechat", "vx")),
        ("wx: lunabeads", ("wechat", "wx")),
        ("send a few pics to my private snap", ("snapchat", "snap")),
        ("add me on snap", ("snapchat", "snap")),
        ("we r on ig 👉 @pawsome.pet.supply", ("instagram", "ig")),
        ("not on here. DM me on ig and I'll do $20", ("instagram", "ig")),
        ("send me your IG so I can DM you", ("instagram", "IG")),
        ("link in my IG bio", ("instagram", "IG")),
        ("follow us on the gram", ("instagram", "the gram")),
        ("find us on fb", ("facebook", "fb")),
        ("kik me", ("kik", "kik")),
        ("my qq 123456789", ("qq", "qq")),
        ("add me on line", ("line", "line")),
        ("line id: kayla_22", ("line", "line")),
        ("message me on signal", ("signal", "signal")),
        ("signal: +1 646 555 0119", ("signal", "signal")),
        ("follow us on X for drops", ("twitter", "X")),
        ("our X account @lunabeads", ("twitter", "X")),
        ("we're also on threads", ("threads", "threads")),
        ("message us on messenger", ("messenger", "messenger")),
        ("add me on we chat", ("wechat", "we chat")),
    ],
)
def test_contextual_names(text: str, expected: tuple[str, str]) -> None:
    assert expected in apps(text)
    hit = [e for e in ents(text, "messaging_app") if text[e.start : e.end] == expected[1]]
    assert hit and all(e.confidence == 0.7 for e in hit)


@pytest.mark.parametrize(
    "text",
    [
        "No extra fees whatsoever, the price you paid includes shipping",
        "This phone has a Snapdragon 8 Gen 2 chip",
        "The snap buttons are stainless steel so they won't rust",
        "the lid snaps shut",
        "The tele lens kit has a 2x telephoto, wide and macro lens",
        "The telescope has a 70mm aperture",
        "The wifi extender boosts signal up to 2000 sq ft",
        "signal strength is great",
        "a linear design, our new line of candles, the line was long",
        "The bag is 12 x 9 x 4 inches, X-large fits",
        "kiki loves her new kicks, kikkoman",
        "The IG (Instant Glow) serum is our bestseller",
        "The Insta360 mount fits this tripod too",
        "Each protein bar is 60 gram, 20g protein",
        "WA orders ship from our Seattle warehouse",
        "Seattle, WA 98101-1234",
        "Model no. WX-4417-2023, compatible with the 2019-2023 versions",
        "instant coffee, instantly",
        "our threads are 100% cotton",
        "a messenger bag with a laptop sleeve",
        "we chat with every customer here",
        "ig it's fine, fb is short for feedback",
        "visit www.instagram.com/luna or #instagram",
        "the customer is on the line",
    ],
)
def test_no_app_in_product_talk(text: str) -> None:
    assert apps(text) == []


def test_refusals_still_report_the_app() -> None:
    # rules decide: the entity is there, with its span
    text = "Sorry, we can't take orders on WhatsApp or Instagram, everything goes through TikTok Shop"
    assert apps(text) == [("whatsapp", "WhatsApp"), ("instagram", "Instagram")]


def test_url_host_is_not_an_app_mention() -> None:
    assert apps("instagram.com/luna") == []
    assert apps("Join our Discord https://discord.gg/pawsomepals") == [("discord", "Discord")]


# --------------------------------------------------------------------------
# handles


@pytest.mark.parametrize(
    "text, expected",
    [
        ("DM me on IG @lunabeads888 for the sale", ("lunabeads888", "@lunabeads888")),
        ("@velvetvibe.boutique follow us", ("velvetvibe.boutique", "@velvetvibe.boutique")),
        ("Venmo @Luna-Beads-Co and put your order #", ("luna-beads-co", "@Luna-Beads-Co")),
        ("add my WeChat lunabeads888 for bulk order", ("lunabeads888", "lunabeads888")),
        ("add my snap 👻 velvet.vibe.22 and i'll send u the menu", ("velvet.vibe.22", "velvet.vibe.22")),
        ("reach me on tg, handle is glow underscore haus underscore us",
         ("glow_haus_us", "glow underscore haus underscore us")),
        ("line id: kayla_22.", ("kayla_22", "kayla_22")),
        ("Telegram: glowhaus", ("glowhaus", "glowhaus")),
        ("my discord is luna#1234", ("luna#1234", "luna#1234")),
        ("my username is kayla.k22", ("kayla.k22", "kayla.k22")),
        ("same @ as our shop name", ("same_name", "same @ as our shop name")),
        ("send it on the green app, same name as my shop", ("same_name", "same name as my shop")),
        ("find us, same username as here", ("same_name", "same username as here")),
    ],
)
def test_handles(text: str, expected: tuple[str, str]) -> None:
    assert expected in handles(text)


@pytest.mark.parametrize(
    "text",
    [
        "email me at kayla@gmail.com",
        "see you @ 3pm",
        "pickup @3pm or @10:30",
        "2 @ $5 each",
        "@@@@",
        "order#5678 and sku#1234 shipped",
        "https://www.tiktok.com/@lunabeadsco",
        "add my WeChat for bulk order",
        "whatsapp: +1 646 555 0119",
        "my id is same",
    ],
)
def test_no_handle(text: str) -> None:
    assert handles(text) == []


def test_tiktok_handle_is_low_confidence() -> None:
    found = ents("our tiktok is @lunabeadsco", "handle")
    assert [(e.value, e.confidence) for e in found] == [("lunabeadsco", 0.4)]


def test_handle_after_app_is_high_confidence() -> None:
    found = ents("Telegram @glowhaus_us", "handle")
    assert len(found) == 1 and found[0].confidence == 0.9 and found[0].evidence == "telegram id"


# --------------------------------------------------------------------------
# contact requests


@pytest.mark.parametrize(
    "text, expected",
    [
        ("DM me the pic", ("dm", "DM me")),
        ("message us anytime", ("dm", "message us")),
        ("DM us 'TIKTOK10' for 10% off", ("dm", "DM us")),
        ("DM me on ig and I'll do $20", ("message_on", "DM me")),
        ("Write to me on Telegram", ("message_on", "Write to me")),
        ("please send us a message via Twitter", ("message_on", "send us a message")),
        ("whatsapp me 213 555 0142", ("message_on", "whatsapp me")),
        ("text me at (213) 555-0142", ("text", "text me")),
        ("call or text me at 213", ("text", "call or text me")),
        ("text/call me", ("call", "text/call me")),
        ("Call me anytime at 404-555-0178", ("call", "Call me")),
        ("give us a call at 800-I-FLY-SWA", ("call", "give us a call")),
        ("email me at kayla@gmail.com", ("email", "email me")),
        ("hit me up on wa", ("hit_me_up", "hit me up")),
        ("hmu", ("hit_me_up", "hmu")),
        ("reach me on tg", ("reach_me", "reach me")),
        ("please reach out to us", ("reach_me", "reach out to us")),
        ("contact me directly for wholesale", ("contact_direct", "contact me")),
        ("get in touch with us", ("contact", "get in touch with us")),
        ("add me on snap", ("add_me", "add me")),
        ("i'll add u on wa", ("add_me", "add u on")),
        ("follow us for drops", ("follow", "follow us")),
        ("slide into my dms", ("dm", "slide into my dms")),
    ],
)
def test_contact_requests(text: str, expected: tuple[str, str]) -> None:
    assert expected in contacts(text)


def test_in_chat_evidence_and_quotes() -> None:
    found = ents("call me if you need anything here", "contact_request")
    assert [(e.value, e.confidence) for e in found] == [("call", 0.8)]
    found = ents("message us here anytime", "contact_request")
    assert found[0].value == "dm" and found[0].evidence == "in chat"
    found = ents("The 'Call Me Maybe' phone grip is a fav", "contact_request")
    assert [(e.value, e.confidence, e.evidence) for e in found] == [("call", 0.3, "quoted")]


def test_dm_in_this_chat_is_not_message_on() -> None:
    assert contacts("DM us on here") == [("dm", "DM us")]
    assert contacts("message me on tiktok") == [("dm", "message me")]


@pytest.mark.parametrize(
    "text",
    [
        "It leaves at 5:45 pm for $323.",
        "I'll send the message tomorrow",
        "call the carrier",
        "the ring is adjustable",
        "phone case with a card slot",
        "text size is small",
    ],
)
def test_no_contact_request(text: str) -> None:
    assert contacts(text) == []


# --------------------------------------------------------------------------
# views, spans, dedupe


def test_squeezed_view_is_read_and_mapped_back() -> None:
    text = "add me on W h a t s A p p for the discount"
    views = FakeViews(text, squeezed=squeeze_spaced(text))
    found = [e for e in DET.detect(views) if e.kind == "messaging_app"]
    assert [(e.value, text[e.start : e.end]) for e in found] == [("whatsapp", "W h a t s A p p")]


def test_same_entity_from_two_views_is_reported_once() -> None:
    text = "add my WeChat lunabeads888"
    views = FakeViews(text, squeezed=MappedText(text.lower() + "", None, None))
    found = DET.detect(views)
    assert sorted((e.kind, e.value) for e in found) == [("handle", "lunabeads888"), ("messaging_app", "wechat")]


def test_spans_point_at_the_original_through_invisibles() -> None:
    text = "Wha\u200btsA\u200bpp: +1 646 555 0119"
    found = ents(text, "messaging_app")
    assert [(e.value, text[e.start : e.end]) for e in found] == [("whatsapp", "Wha\u200btsA\u200bpp")]


def test_every_span_is_inside_the_message() -> None:
    for text in ["hit me up on wa 😉", "📱 add my snap 👻 velvet.vibe.22", "ＷｈａｔｓＡｐｐ me"]:
        for e in ents(text):
            assert 0 <= e.start < e.end <= len(text)


# --------------------------------------------------------------------------
# hostile input: must finish and stay correct (no timing asserts)


def test_many_app_names() -> None:
    text = "whatsapp " * 12_000  # ~108 KB
    found = ents(text, "messaging_app")
    assert len(found) == 12_000
    assert all(text[e.start : e.end] == "whatsapp" for e in found[:50])


def test_many_ats_and_hashes() -> None:
    assert handles("@" * 100_000) == []
    assert handles("#" * 50_000 + "a#1234") == []  # one-letter name is not a tag
    assert ents("#1234 " * 10_000) == []


def test_long_runs_without_triggers() -> None:
    assert ents("a" * 200_000) == []
    assert ents("line " * 20_000) == []
    assert ents("me on " * 20_000) == []


def test_empty() -> None:
    assert ents("") == []


# ------------------------------------------------------------ the early exit


def _split_words_str(text: str, table: dict[int, str]) -> tuple[str, list[str]]:
    """The ``str.translate`` definition ``split_words`` must agree with."""
    t = text if text.isascii() else text.encode("ascii", "replace").decode("ascii")
    t = t.translate(table)
    return t, t.split()


@pytest.mark.parametrize(
    "text",
    ["Thanks! It ships tomorrow.", "don't\tDM\x1cme\u00a0here 😊", "a_b-c,d.e", "\ud800x\u2019s", "", "\x00\x7f?"],
)
def test_split_words_matches_the_str_definition(text: str) -> None:
    assert ms.split_words(text) == _split_words_str(text, ms._SEP_TABLE)
    assert ms.word_set(text) == frozenset(_split_words_str(text, ms._SEP_TABLE)[1])
    from shopguard.detectors import fees

    assert ms.split_words(text, fees._FEE_TABLE) == _split_words_str(text, fees._FEE_TABLE)


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_GATE_VOCAB = sorted(
    set(ms._INTERESTING)
    | {w for needs in ms._NEEDS.values() for alt in needs for n in alt for w in n}
    | {"here", "tiktok", "the", "is", "my", "name", "as", "shop", "4155550123", "kayla_22"}
)
_GATE_SEPS = [" ", " ", ", ", ". ", "'", ": ", " = ", " 🐦 ", "-", "\n", " \u0663\u0664 ", " @", " @x "]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_GATE_VOCAB), st.sampled_from(_GATE_SEPS)), min_size=1, max_size=6))
def test_messaging_gate_never_hides_a_word_match(parts: list[tuple[str, str]]) -> None:
    text = "".join(w + s for w, s in parts)
    words = ms.word_set(text)
    if ms._TRIGGERS.isdisjoint(words) or ms._may_message(text, words):
        return
    if "@" in text and not ms._LOOSE_APPS.isdisjoint(words):
        return  # "ig @x": read
    out: list = []
    DET._scan_words(MappedText.identity(text), out, None)
    assert out == []


def test_messaging_gate_skips_trigger_words_without_context() -> None:
    text = "follow the tracking link, the app shows the chat history"
    assert not ms._may_message(text, ms.word_set(text))
    text = "follow me on ig"
    assert ms._may_message(text, ms.word_set(text))
