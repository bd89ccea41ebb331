"""``Detector.quiet`` early exits: True only when ``detect`` finds nothing.

The prefilter asks ``quiet(text, low)`` of every detector for a *plain*
message (no normalisation step changes it: every view is the lower-cased
text) and skips ``detect`` when it says True.  These tests put messages just
inside and just outside each early exit and check both sides: the message
with the entity is not quiet (and ``detect`` finds it), the one without is
quiet (and ``detect`` agrees), and generated text never gets a wrong True.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shopguard.detectors import DetectorConfig, registry
from shopguard.normalize import Views

registry()
from shopguard.detectors import _checksums as cs  # noqa: E402
from shopguard.detectors import financial as fm  # noqa: E402

FIN = fm.FinancialDetector(DetectorConfig())


def plain(text: str) -> Views:
    views = Views(text)
    # the prefilter only asks quiet() of plain messages (``Prefilter.probe``)
    if text.isascii():
        assert views.plain, text
    else:
        assert views.clean.is_identity and views.folded.is_identity and not views._gate_mask(), text
    return views


def quiet_and_found(det, text: str) -> tuple[bool, list[str]]:
    views = plain(text)
    found = [e.kind for e in det.detect(views)]
    q = det.quiet(text, views.folded.text)
    assert not (q and found), (text, found)  # sound: never quiet when detect finds something
    return q, found


def with_luhn(body: str) -> str:
    for d in "0123456789":
        if cs.luhn_ok(body + d):
            return body + d
    raise AssertionError


def without_luhn(body: str) -> str:
    return body + str((int(with_luhn(body)[-1]) + 1) % 10)


# --------------------------------------------------------------- financial

CARD = with_luhn("411111111111111")  # visa, 16 digits


@pytest.mark.parametrize(
    "text, kind",
    [
        (f"card {CARD} exp 12/27", "card_number"),
        (f"pay with {CARD[:4]} {CARD[4:8]} {CARD[8:12]} {CARD[12:]} please", "card_number"),
        (f"ref 77 {CARD}", "card_number"),  # a card ending the chunk (``_card_to_end``)
        ("routing 021000021 for the transfer", "routing_number"),
        ("transit 021000021", "routing_number"),  # a routing word that is not a bank word
        ("wire it to chase, routing number 021000021", "routing_number"),
        ("account no: 12345678, wire transfer please", "bank_account"),
        ("acct # 1234567890123 at my bank", "bank_account"),
        ("a/c 98765432 bank deposit", "bank_account"),
        ("iban de89 3704 0044 0532 0130 00 thanks", "iban"),
        ("IBAN GB29NWBK60161331926819", "iban"),
    ],
)
def test_financial_not_quiet_on_instruments(text: str, kind: str) -> None:
    q, found = quiet_and_found(FIN, text)
    assert kind in found and not q


@pytest.mark.parametrize(
    "text",
    [
        f"card {without_luhn(CARD[:15])} exp 12/27",  # Luhn fails
        "order 578202068185195400 shipped",  # 18 digits: no card brand/length, too long for an account
        "tracking 9400 6472 0446 2669 3598 62",  # no window from either end is a card
        "routing 021000022 for the transfer",  # ABA checksum fails
        "call 021000021 today",  # a valid ABA number without routing or bank words
        "account no: 12345678, see you soon",  # account without bank or transfer words
        "wire transfer 12345678 to the bank",  # bank words, no "account" right before
        "account 212-555-0154 bank",  # grouped like a phone number
        "account no: 123456789012345678 bank",  # longer than any account number
        "model XF-0808-05, 2016-2023 versions",
        "tracking TBA713742020568 ups",  # three letters: no IBAN start
        "size zz12 order 12345678",  # "zz" is no IBAN country
    ],
)
def test_financial_quiet_just_outside(text: str) -> None:
    q, found = quiet_and_found(FIN, text)
    assert q and not found


_FIN_PARTS = [
    "card", "visa", "routing", "transit", "aba", "bank", "wire", "transfer", "deposit", "account", "acct",
    "no:", "#", "a/c", "iban", "de89", "gb29", "order", "tracking", "the", "to", "my", "-", ".", " ",
    CARD, CARD[:4], CARD[4:8], CARD[8:12], CARD[12:], "021000021", "12345678", "3704", "0044", "0532",
    "0130", "00", "9400", "578202068185195400", "nwbk60161331926819", "1", "55", "415", "555", "0134",
]


def test_financial_quiet_sound_on_random_digit_groups() -> None:
    rng = random.Random(7)
    words = ["account", "routing", "bank", "card", "wire", "transfer", "iban", "no", "is", "my"]
    for _ in range(3000):
        parts = []
        for _ in range(rng.randrange(1, 6)):
            if rng.random() < 0.4:
                parts.append(rng.choice(words))
            else:
                n = rng.choice([4, 4, 4, 8, 9, 13, 15, 16, 19])
                digits = "".join(rng.choice("0123456789") for _ in range(n - 1))
                digits = with_luhn(digits) if rng.random() < 0.5 else digits + rng.choice("0123456789")
                if rng.random() < 0.3:
                    digits = " ".join(digits[i : i + 4] for i in range(0, n, 4))
                parts.append(digits)
        text = " ".join(parts)
        if Views(text).plain:
            quiet_and_found(FIN, text)


# ------------------------------------------------------------------ phones

from shopguard.detectors import phones as pm  # noqa: E402

PHONES = pm.PhoneDetector(DetectorConfig())


@pytest.mark.parametrize(
    "text",
    [
        "call me at 415 555 0134",
        "9400 6472 0446 2669 415-555-0134 ok",  # a strict window inside a long piece (``_inner``)
        "Order #578202068185195400, call 415-555-0134",
        "+44 20 7123 4567",
        "call 0044 20 7123 4567",  # an international prefix: longer than 13 digits is fine
        "my number 44 (0)20 7123 4567",  # a country code, then the trunk 0 in brackets
        "call 12345678901",
        "call 555-0134",
        "call 1-800-FLOWERS today",  # vanity: no digit run at all
        "a 12oz mug, call 415 555 0134",  # leet-read text ("12oz" is a token of digits and o)
    ],
)
def test_phones_not_quiet_on_numbers(text: str) -> None:
    q, found = quiet_and_found(PHONES, text)
    assert found and not q


@pytest.mark.parametrize(
    "text",
    [
        "Order #578202068185195400 shipped",  # one 18-digit group: longer than any window
        "tracking 9400 6472 0446 2669 3598 62",  # a 22-digit piece; no 3-3-4 inside
        "SKU FW-0102-2838, size 7",  # a code prefix
        "Lot number DC-7790-6970 was made",
        "valid 2016-2023 versions",  # a date shape, whatever the words
        "call 2016-2023",
        "see 1z999aa10123456784 for ups",  # glued to letters
        "Room 800-a please",  # vanity shape without seven characters
        "order 12345678901234 ready",  # 14 digits, no "+" or international prefix
    ],
)
def test_phones_quiet_just_outside(text: str) -> None:
    q, found = quiet_and_found(PHONES, text)
    assert q and not found


_PHONE_PARTS = [
    "call", "me", "at", "text", "order", "tracking", "sku", "my", "number", "is", "+", "+1", "(", ")", "(0)",
    "415", "555", "0134", "800", "2016", "2023", "44", "20", "7123", "4567", "0044", "011", "9400", "6472",
    "578202068185195400", "1", "12345678901", "x", "ext", "fw-", "-", ".", "/", ",", "flowers", "go", "1-800",
]


@settings(max_examples=600, deadline=None)
@given(
    st.lists(st.sampled_from(_PHONE_PARTS), min_size=1, max_size=12),
    st.lists(st.sampled_from([" ", "", "-", ".", " - ", ", ", "  ", "/", "\n"]), min_size=1, max_size=4),
)
def test_phones_quiet_sound_on_generated_text(parts: list[str], seps: list[str]) -> None:
    text = "".join(p + seps[i % len(seps)] for i, p in enumerate(parts))
    if Views(text).plain:
        quiet_and_found(PHONES, text)


def test_phones_quiet_sound_on_random_digit_runs() -> None:
    rng = random.Random(11)
    words = ["call", "text", "me", "order", "tracking", "number", "at", "on", "my", "sku", "x", "+"]
    for _ in range(3000):
        parts = []
        for _ in range(rng.randrange(1, 5)):
            if rng.random() < 0.35:
                parts.append(rng.choice(words))
            else:
                groups = [
                    "".join(rng.choice("0123456789") for _ in range(rng.choice([1, 2, 3, 3, 4, 4, 7, 10, 12])))
                    for _ in range(rng.randrange(1, 5))
                ]
                seps = [rng.choice([" ", "-", ".", "", " (", ") ", "/", ", "]) for _ in groups]
                parts.append(rng.choice(["", "+", "("]) + "".join(g + s for g, s in zip(groups, seps)))
        text = " ".join(parts)
        if Views(text).plain:
            quiet_and_found(PHONES, text)


# ---------------------------------------------------------------- payments

from shopguard.detectors import payments as paym  # noqa: E402

PAY = paym.PaymentAppDetector(DetectorConfig())


@pytest.mark.parametrize(
    "text",
    [
        "venmo me",
        "pay me with a gift card instead",  # a contextual key the text backs
        "pay via wise please",
        "send it friends & family on paypal",  # "&"
        "paypal.me/luna",  # a pay link
        "wire the money to me",
        "it's $20, venmo me",  # a price does not hide an app
    ],
)
def test_payments_not_quiet_on_apps(text: str) -> None:
    q, found = quiet_and_found(PAY, text)
    assert found and not q


@pytest.mark.parametrize(
    "text",
    [
        "The mug is $24.99 and the bundle is $40.00",  # "$" before a digit: no cashtag
        "Gift wrapping is free, just leave a note",  # the "gift" key without a card
        "Gift wrapping is $5",
        "Your refund of $45.49 was approved",
        "the wireless earbuds are $14.49",  # "wire" inside a word
    ],
)
def test_payments_quiet_just_outside(text: str) -> None:
    q, found = quiet_and_found(PAY, text)
    assert q and not found


_PAY_PARTS = [
    "$", "$20", "$24.99", "$ 5", "pay", "paypal", "venmo", "cash", "app", "zelle", "wise", "wire", "wired", "wireless",
    "gift", "card", "wrapping", "friends", "&", "family", "pp", "only", "me", "via", "send", "to", "the", "fee",
    "/", "paypal.me/luna", "cash.app", ".", "with", "google", "apple", "bank", "transfer",
]


# --------------------------------------------------------------- messaging

from shopguard.detectors import messaging as msgm  # noqa: E402

MSG = msgm.MessagingDetector(DetectorConfig())


@pytest.mark.parametrize(
    "text",
    [
        "follow me for more",  # a trigger word with its word right after
        "add me on we chat please",  # a two-word app name
        "my x account is the same",  # an everyday app word with a word after it
        "add me on line",  # ... with strong context before it
        "send me a dm",  # context before the trigger word
        "slide into my dms",
        "get in touch with us",
        "give me a call",
        "text or call me",
        "reach out to us anytime",
        "add you on there",
        "my username is lunabeads88",
        "line: lunabeads88",  # ":" right after an app word
        "wa 555 010 1234",  # a phone number right after an app word
        "signal - 555 010 1234",
        "contact @116462 please",  # an "@" with a name after it
        "x @1999 for ig",  # ... which may be an app word's context
        "tag luna#1234 on there",  # a name#1234 tag
    ],
)
def test_messaging_not_quiet_on_contacts(text: str) -> None:
    q, found = quiet_and_found(MSG, text)
    assert found and not q


@pytest.mark.parametrize(
    "text",
    [
        "follow the shop, it helps me a lot",  # "follow" and "me" not next to each other
        "upload it here in the chat and we print it",  # "we" and "chat" apart
        "the box is 10 x 4 x 5 inches, account for that",  # "x" without its context next to it
        "the line is long on weekends, we are on it",
        "send the dm to me",
        "check my dms",
        "keep in touch",
        "give a call to me",
        "text or call them",
        "reach out to them",
        "add you to the list",
        "the username field is on my page",
        "line 2: the strap",  # ":" not right after the app word
        "ship to wa, zip 98101",  # digits not right after the app word
        "signal up to 2000 sq ft",
        "meet @ 3pm at the store",  # "@" without a name after it
        "my x @ the shop",
        "order # 1234 shipped, thanks",  # "#" without a name before it
        "items #1234 and #5678",
    ],
)
def test_messaging_quiet_just_outside(text: str) -> None:
    q, found = quiet_and_found(MSG, text)
    assert q and not found


_MSG_PARTS = [
    "me", "us", "my", "our", "on", "at", "add", "follow", "dm", "dms", "send", "a", "text", "call", "or", "reach",
    "out", "to", "touch", "get", "in", "give", "we", "chat", "with", "x", "ig", "wa", "line", "signal", "snap",
    "tele", "gram", "whats", "app", "account", "id", "username", "is", "the", "same", "name", "as", "shop",
    ":", "=", "@", "@luna", "#", "luna#1234", "555 010 1234", "98101", "2000", "up", "here", "slide", "into",
]


# --------------------------------------------------------------- addresses

from shopguard.detectors import addresses as addrm  # noqa: E402

ADDR = addrm.AddressDetector(DetectorConfig())


@pytest.mark.parametrize(
    "text",
    [
        "ship it to 12 Main St please",  # a street type two tokens after the number
        "it's at 12 N Old Mill Creek Farm Road",  # six tokens after (direction, four name words)
        "they are at 1532 20th Street.",  # a name word holding digits
        "send it to 4 Elm Ct, thanks",
        "apt 4b, by the lane",  # a unit word and a number
        "Suite B, 2nd floor",  # ... a capital letter
        "ste.#12 way in the back",
        "po box 123",  # "box" right after "po"
        "po.  \t box 7",
        "P.O. Box 55",
        "post office box 9",
    ],
)
def test_addresses_not_quiet_on_addresses(text: str) -> None:
    q, found = quiet_and_found(ADDR, text)
    assert found and not q


@pytest.mark.parametrize(
    "text",
    [
        "size 10 fits most, the print lasts longer that way",  # the number too far before the type
        "it's at 12 N Old Mill Creek Farm Pine Road",  # seven tokens after
        "12 Main Streets are busy, we took the other way",  # the type glued to more letters
        "the street is 12 blocks long",  # the number after the type
        "the apt is big, 2 beds",  # a unit word without a number after it
        "suite b, 2nd floor",  # ... a lower-case letter
        "lunch box 12 pcs",  # "box" without "po" before it
    ],
)
def test_addresses_quiet_just_outside(text: str) -> None:
    q, found = quiet_and_found(ADDR, text)
    assert q and not found


_ADDR_PARTS = [
    "12", "4b", "1532", "20th", "5", "n", "N", "old", "Main", "Elm", "mill", "the", "of", "pairs", "st", "St.", "street",
    "Ave", "way", "Ct", "road", "lane", "apt", "suite", "ste", "#", "B", "b", "4", "po", "P.O.", "box", "office", "post",
    ",", "CA", "94105", "unit", "streets", "stay",
]


# ------------------------------------------------------------------ emails

from shopguard.detectors import emails as emm  # noqa: E402

EMAILS = emm.EmailDetector(DetectorConfig())


@pytest.mark.parametrize(
    "text",
    [
        "mail 5@5.com",  # a digit on both sides of "@"
        '"luna"@shop.com',  # a quoted local part
        "a_@shop.co",  # "_" ends the local part
        "me-@x.com",
        "__email__ thanks",  # the redaction mask
    ],
)
def test_emails_not_quiet_on_addresses(text: str) -> None:
    q, found = quiet_and_found(EMAILS, text)
    assert found and not q


@pytest.mark.parametrize(
    "text",
    [
        "meet @ 3pm",  # no local part before "@"
        "price@ 5",  # no domain after "@"
        "5 @5.com",
        "5@.com",
        "see you at 5. @ the shop",
    ],
)
def test_emails_quiet_just_outside(text: str) -> None:
    q, found = quiet_and_found(EMAILS, text)
    assert q and not found


_EMAIL_PARTS = ["5", "12", "@", "shop", ".", "com", "co", "uk", '"', "_", "-", "+", "%", "=", "__email__", "3pm", "x"]


# ------------------------------------------------------------------- links

from shopguard.detectors import links as linkm  # noqa: E402

LINKS = linkm.LinkDetector(DetectorConfig())


@pytest.mark.parametrize(
    "text",
    [
        "shop.com",  # a public-suffix label after a dot
        "see shop.co.uk/x",
        "shop.com_",  # ... before "_"/"-" the run drops
        "xn--80ak6aa92e.com",
        "1.2.3.4/admin",  # digit labels: an IPv4 address with a path
        "go to 1.2.3.4:8080",  # ... or a port
        "@.5 //localhost",  # a scheme-relative URL the search reaches from an anchor
        "@.5 //1.2.3.4",
        "1.2.3 and 1.2.3.4/x",  # a digit token read, then another one
        "v1.2.3.4 10.0.0.1:80",
    ],
)
def test_links_not_quiet_on_links(text: str) -> None:
    q, found = quiet_and_found(LINKS, text)
    assert found and not q


@pytest.mark.parametrize(
    "text",
    [
        "Your refund of $68.00 was approved",  # digit labels without a path or port
        "1.2.3.4 ok",  # ... four of them, no path
        "it's $68.00/mo or 1.2.3/x",  # ... a path, fewer than four
        "v1.2.3.4x",
        "price 9.5, size 10.13 (1.2.3)",
        "K.then any other",  # a label after the dot that is no public suffix
        "asap.ok take care",
        "done.thanks",
        "shop.com-like",  # the label runs on past the suffix
    ],
)
def test_links_quiet_just_outside(text: str) -> None:
    q, found = quiet_and_found(LINKS, text)
    assert q and not found


_LINK_PARTS = [
    "shop", "com", "co", "uk", "ok", "then", "1", "2", "3", "4", "5", "68", "00", ".", "..", "/", ":", "8080", "?",
    "#", "//", "localhost", "@", "$", "-", "_", "x", "www", "xn--p1ai", "it", "so",
]


# ---------------------------------------------------------------- pointers

from shopguard.detectors import pointers as ptrm  # noqa: E402

POINTERS = ptrm.PointerDetector(DetectorConfig())


@pytest.mark.parametrize(
    "text",
    [
        "check out my new profile",  # a rule's words in place (optional and any-word slots)
        "my website has more",
        "scan the code",
        "scan it to pay",
        "pay by barcode",
        "bar code to pay",
        "payment code please",
        "follow the 💊 app for more",  # "the", a non-ASCII gap, "app"
        "link in bio",
    ],
)
def test_pointers_not_quiet_on_pointers(text: str) -> None:
    q, found = quiet_and_found(POINTERS, text)
    assert found and not q


@pytest.mark.parametrize(
    "text",
    [
        "my profile, check it",  # the rule's words, not in its order
        "my, website",  # in order, not adjacent
        "the code, scan it later",
        "barcode to the pay desk",
        "payment, then the code",
        "request a return in the app 🎉",  # "the app" with a plain gap
        "bio: in stock in my store",
    ],
)
def test_pointers_quiet_just_outside(text: str) -> None:
    q, found = quiet_and_found(POINTERS, text)
    assert q and not found


_PTR_PARTS = [
    "my", "our", "the", "check", "out", "new", "profile", "website", "own", "scan", "it", "to", "pay", "by", "code",
    "bar", "barcode", "qr", "payment", "app", "other", "🐦", "link", "in", "bio", "visit", "store", "google", "us",
    "find", "me", "on", ",", "outside", "tiktok", "off", "directly", "from",
]


# -------------------------------------------------------------------- fees

from shopguard.detectors import fees as feem  # noqa: E402

FEES = feem.FeeDetector(DetectorConfig())


@pytest.mark.parametrize(
    "text",
    [
        "shipping charge applies",  # a modifier right before a head word
        "there is a $5 charge",  # ... or an amount
        "the price went up",
        "the price is now higher",
        "add $5 for gift wrap",  # an amount within three words after "add"
        "pay a little extra",  # "pay" before "extra"
        "it costs more now",
        "an additional $5",
        "another payment please",
        "pay again",
        "send me the price difference",
        "extended warranty",
        "a $12 restocking",
        "returns are $15",  # a noun, links, an amount
        "exchanging for another size is $8",
        "gift wrap is $5",
        "the return is 10 dollars",
        "shipping: $5",
    ],
)
def test_fees_not_quiet_on_terms(text: str) -> None:
    q, found = quiet_and_found(FEES, text)
    assert found and not q


@pytest.mark.parametrize(
    "text",
    [
        "the battery lasts a full charge, delivery in 3 days",  # no modifier or amount right before "charge"
        "a 12 charge, total $5",  # a number is no amount without "$" or a unit
        "we restock the mug around 7/23, it's $5",  # the amount not where the noun reads it
        "the return flight tickets are $599",
        "set up a new shipping address",  # "new" and "shipping", not "new price is"
        "add the items to your cart, $5 off",
        "additional information about the $5",
        "more time, pay later",
        "wrap it, the gift is $5",  # "wrap" without "gift" right before it
        "wrapping is $5, a gift",
        "the return 12 days ago, it's $5 total",  # a number without a unit after it
    ],
)
def test_fees_quiet_just_outside(text: str) -> None:
    q, found = quiet_and_found(FEES, text)
    assert q and not found


_FEE_PARTS = [
    "fee", "charge", "shipping", "return", "returns", "restock", "restocking", "price", "cost", "costs", "more",
    "extra", "add", "additional", "payment", "pay", "again", "difference", "gift", "wrap", "is", "are", "will", "be",
    "$5", "$", "5", "12", "dollars", "ten", "%", "10%", "the", "a", "for", "another", "size", "went", "up", "new",
    "me", "free", "no", ":", "=",
]


# ------------------------------------------------- linear time on hostile input


@pytest.mark.parametrize(
    "det, unit",
    [
        (LINKS, "1."), (LINKS, "a.1"), (ADDR, "box 1 "), (ADDR, "o   box"), (ADDR, "1 a st "), (EMAILS, "@"),
        (MSG, "@"), (MSG, "x#"), (MSG, "line:"), (POINTERS, "my website "), (FEES, "$5 charge "),
    ],
)
def test_quiet_linear_on_hostile_input(det, unit: str) -> None:
    """quiet() on k and 16k repeats: about 16x the time (40x with slack), not 256x."""
    import time

    def cost(k: int) -> float:
        text = unit * k
        best = float("inf")
        for _ in range(3):
            t0 = time.perf_counter()
            det.quiet(text, text.lower())
            best = min(best, time.perf_counter() - t0)
        return best

    small, big = cost(2000), cost(32000)
    assert big < 40 * small + 0.02, (unit, small, big)


# ------------------------------------------------ generated text, every detector

_GENERATED = [  # detector, its words, separators, most words per text
    pytest.param(FIN, _FIN_PARTS, [" ", "", "-", " - ", ". "], 14, id="financial"),
    pytest.param(PAY, _PAY_PARTS, [" ", "", ", ", "/"], 10, id="payments"),
    pytest.param(MSG, _MSG_PARTS, [" ", ", ", ". ", "-", "'"], 10, id="messaging"),
    pytest.param(ADDR, _ADDR_PARTS, [" ", ", ", ".", "-", "  "], 10, id="addresses"),
    pytest.param(EMAILS, _EMAIL_PARTS, ["", " ", "."], 10, id="emails"),
    pytest.param(LINKS, _LINK_PARTS, ["", " ", "."], 12, id="links"),
    pytest.param(POINTERS, _PTR_PARTS, [" ", ", ", "  ", " - "], 10, id="pointers"),
    pytest.param(FEES, _FEE_PARTS, [" ", ", ", "  "], 10, id="fees"),
]


@pytest.mark.parametrize(("det", "words", "seps", "longest"), _GENERATED)
@settings(max_examples=800, deadline=None)
@given(data=st.data())
def test_quiet_sound_on_generated_text(det, words: list[str], seps: list[str], longest: int, data) -> None:  # type: ignore[no-untyped-def]
    """Words a detector keys on, joined at random: never quiet where ``detect`` finds something."""
    parts = data.draw(st.lists(st.sampled_from(words), min_size=1, max_size=longest))
    text = data.draw(st.sampled_from(seps)).join(parts)
    if Views(text).plain:
        quiet_and_found(det, text)
