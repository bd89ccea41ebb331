"""PaymentAppDetector: app names, contextual words, handles, spans, hostile input."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shopguard.detectors import DetectorConfig, registry
from shopguard.normalize import MappedBuilder, MappedText, Views

registry()  # load built-ins before importing the module directly
from shopguard.detectors import payments as pm  # noqa: E402
from fake_views import FakeViews  # noqa: E402

DET = pm.PaymentAppDetector(DetectorConfig())


def ents(text: str, kind: str | None = None):
    return [e for e in DET.detect(Views(text)) if kind is None or e.kind == kind]


def apps(text: str) -> list[tuple[str, str]]:
    """(value, typed text) of the payment_app entities."""
    return [(e.value, text[e.start : e.end]) for e in ents(text, "payment_app")]


def handles(text: str) -> list[tuple[str, str]]:
    return [(e.value, text[e.start : e.end]) for e in ents(text, "payment_handle")]


def squeeze_spaced(original: str) -> MappedText:
    """Join single letters separated by single spaces ("v e n m o" → "venmo")."""
    low = original.lower()
    b = MappedBuilder()
    for i, ch in enumerate(low):
        if (
            ch == " "
            and 0 < i < len(low) - 1
            and low[i - 1].isalpha()
            and low[i + 1].isalpha()
            and (i < 2 or not low[i - 2].isalpha())
            and (i + 2 >= len(low) or not low[i + 2].isalpha())
        ):
            continue
        b.add(ch, i, i + 1)
    return b.build()


# ------------------------------------------------------------------ apps


@pytest.mark.parametrize(
    "text, value, typed",
    [
        ("You can pay me on PayPal", "paypal", "PayPal"),
        ("send via Pay Pal pls", "paypal", "Pay Pal"),
        ("Venmo me the $12", "venmo", "Venmo"),
        ("I venmo'd you", "venmo", "venmo'd"),
        ("cashapp ok", "cashapp", "cashapp"),
        ("my Cash App is below", "cashapp", "Cash App"),
        ("Cash-App works", "cashapp", "Cash-App"),
        ("just zelle it", "zelle", "zelle"),
        ("Zelle works", "zelle", "Zelle"),
        ("Apple Pay accepted", "apple_pay", "Apple Pay"),
        ("send with Apple Cash", "apple_cash", "Apple Cash"),
        ("google pay is fine", "google_pay", "google pay"),
        ("GPay me", "google_pay", "GPay"),
        ("by Western Union", "western_union", "Western Union"),
        ("MoneyGram transfer", "moneygram", "MoneyGram"),
        ("use Remitly", "remitly", "Remitly"),
        ("TransferWise is cheaper", "wise", "TransferWise"),
        ("Payoneer account", "payoneer", "Payoneer"),
        ("Alipay ok", "alipay", "Alipay"),
        ("WeChat Pay ok", "wechat_pay", "WeChat Pay"),
        ("Skrill please", "skrill", "Skrill"),
        ("do a wire transfer", "wire_transfer", "wire transfer"),
        ("bank transfer is fine", "bank_transfer", "bank transfer"),
        ("send an e-transfer", "e_transfer", "e-transfer"),
        ("Interac works", "e_transfer", "Interac"),
        ("my p@yp@l is open", "paypal", "p@yp@l"),
        ("s3nd to my p4yp4l", "paypal", "p4yp4l"),
        ("c@$h @pp → me", "cashapp", "c@$h @pp"),
        ("Z3LLE me", "zelle", "Z3LLE"),
    ],
)
def test_app_names(text: str, value: str, typed: str) -> None:
    assert (value, typed) in apps(text)


def test_refusal_is_still_an_entity() -> None:
    # Deciding that a refusal is fine is the rules' job, not the detector's.
    assert apps("Sorry, we don't accept PayPal or Venmo") == [
        ("paypal", "PayPal"),
        ("venmo", "Venmo"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The gazelle print hoodie is back",
        "It's $15.99, or $1,299 for the bundle",
        "Cash on delivery is not available",
        "Paid in cash at the market",
        "That's a wise choice!",
        "Be wise with your sizing, runs small",
        "T-shirt ships tomorrow",
        "happy shipping, the app will update",
        "Apple iPhone case, google it",
        "wireless charger included",
        "wire the LED strip to the 5V pin",
        "Our friends and family discount ends today",
        "You could win a gift card in our giveaway",
        "Serves 4, $10 pp",
        "see pp. 12-14 of the manual",
        "zellers and venmoo are not apps",
        "the application for the cashier",
    ],
)
def test_hard_negatives(text: str) -> None:
    assert ents(text) == []


@pytest.mark.parametrize(
    "text, value, typed",
    [
        ("PP: payments@shop.com", "paypal", "PP"),
        ("send the fee via pp", "paypal", "pp"),
        ("pay me through wise", "wise", "wise"),
        ("my Wise account is glow@shop.com", "wise", "Wise"),
        ("paypal, wise or zelle", "wise", "wise"),
        ("Wire $20 to my account", "wire_transfer", "Wire"),
        ("send it as friends and family", "paypal", "friends and family"),
        ("pay f&f so there are no fees", "paypal", "f&f"),
        ("pay with an Amazon gift card and send me the code", "gift_card", "Amazon gift card"),
        ("restocking fee can be paid with a gift card", "gift_card", "gift card"),
    ],
)
def test_contextual_words(text: str, value: str, typed: str) -> None:
    assert (value, typed) in apps(text)


# --------------------------------------------------------------- handles


def test_cashtag_with_and_without_app() -> None:
    t = "send $15 to my Cash App $GlowShop22 today"
    hs = [e for e in ents(t, "payment_handle")]
    assert [(e.value, t[e.start : e.end]) for e in hs] == [("cashapp:$glowshop22", "$GlowShop22")]
    assert hs[0].confidence >= 0.9
    alone = ents("my tag is $glowshop", "payment_handle")
    assert [e.value for e in alone] == ["cashapp:$glowshop"] and alone[0].confidence < 0.9


@pytest.mark.parametrize(
    "text",
    ["$15", "$1,299", "costs $15.99", "$$$ deals", "US$20", "$USD 10", "price: $XX.XX", "$ 15"],
)
def test_prices_are_not_cashtags(text: str) -> None:
    assert ents(text, "payment_handle") == []


@pytest.mark.parametrize(
    "text, value, typed",
    [
        ("Engraving is $5, Venmo @Luna-Beads-Co 💕", "venmo:@luna-beads-co", "@Luna-Beads-Co"),
        ("PayPal it to payments@technest-accs.com", "paypal:payments@technest-accs.com",
         "payments@technest-accs.com"),
        ("Zelle works: 305-555-0191", "zelle:tel:3055550191", "305-555-0191"),
        ("zelle it to 3 1 2 5 5 5 0 1 8 7 then ship", "zelle:tel:3125550187", "3 1 2 5 5 5 0 1 8 7"),
        ("via Apple Pay to (917) 555-0133", "apple_pay:tel:9175550133", "(917) 555-0133"),
        ("glow@shop.com (zelle)", "zelle:glow@shop.com", "glow@shop.com"),
        ("paypal.me/GlowShop", "paypal:glowshop", "paypal.me/GlowShop"),
        ("https://venmo.com/u/Glow-Shop", "venmo:@glow-shop", "venmo.com/u/Glow-Shop"),
        ("cash.app/$GlowShop", "cashapp:$glowshop", "cash.app/$GlowShop"),
    ],
)
def test_handles(text: str, value: str, typed: str) -> None:
    assert (value, typed) in handles(text)


@pytest.mark.parametrize(
    "text",
    [
        "Follow us @lunabeads for new drops",  # no app: a social handle, not mine
        "We take Zelle. Questions? 305-555-0191",  # sentence break between
    ],
)
def test_handles_need_an_app_in_the_same_sentence(text: str) -> None:
    assert handles(text) == []


# ---------------------------------------------------- views and spans


def test_squeezed_view_is_used_and_spans_map_to_original() -> None:
    text = "restocking fee is fifteen, v e n m o @lunabeads"
    views = FakeViews(text, squeezed=squeeze_spaced(text))
    got = DET.detect(views)  # type: ignore[arg-type]
    typed = {(e.kind, e.value, text[e.start : e.end]) for e in got}
    assert ("payment_app", "venmo", "v e n m o") in typed
    assert ("payment_handle", "venmo:@lunabeads", "@lunabeads") in typed


def test_folded_and_squeezed_hits_are_deduplicated() -> None:
    text = "PayPal me"
    views = FakeViews(text, squeezed=squeeze_spaced(text + ""))
    views.squeezed = MappedText("paypal me!", list(range(9)) + [8], list(range(1, 10)) + [9])
    got = DET.detect(views)  # type: ignore[arg-type]
    assert [(e.value, text[e.start : e.end]) for e in got] == [("paypal", "PayPal")]


def test_invisible_characters_inside_a_name() -> None:
    text = "V\u200be\u200bn\u200bm\u200bo me the $12"
    assert apps(text) == [("venmo", "V\u200be\u200bn\u200bm\u200bo")]


def test_entity_fields() -> None:
    (e,) = ents("Zelle me")
    assert e.detector == "payments" and e.kind in DET.kinds
    assert 0 < e.confidence <= 1 and e.evidence


# ---------------------------------------------------- prefilter soundness

_LEET_SUBS = {"a": "@4", "e": "3", "i": "1!", "o": "0", "s": "$5", "l": "1"}


def _variants(name: str):
    forms = {name, name.replace(" ", ""), name.replace(" ", "-"), name.replace(" ", ".")}
    for f in list(forms):
        # single letter where the name has a double ("zele", "cashap")
        forms.add("".join(ch for i, ch in enumerate(f) if i == 0 or ch != f[i - 1]))
    for f in list(forms):
        for letter, subs in _LEET_SUBS.items():
            for sub in subs:
                forms.add(f.replace(letter, sub))
    return forms


def test_every_app_name_variant_passes_the_prefilter() -> None:
    for cid, (_, names) in pm._APPS.items():
        for name in names:
            for v in _variants(name):
                text = f"ok {v} ok"
                m = pm._APP_RE.search(text)
                assert m is not None and m.lastgroup == cid, (cid, v)
                skel = pm._skeleton(text)
                assert any(k in skel for k in pm._APP_KEYS), (cid, v)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="paylvenmocshzgwiretudkfb@4$3015!&- .", max_size=40))
def test_prefilter_never_hides_a_match(text: str) -> None:
    skel = pm._skeleton(text)
    if pm._APP_RE.search(text):
        assert any(k in skel for k in pm._APP_KEYS)
    if pm._CONTEXTUAL_RE.search(text):
        assert any(k in skel for k in pm._CTX_KEYS) or pm._PP_QUICK.search(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120))
def test_any_text_gives_in_bounds_spans(text: str) -> None:
    for e in DET.detect(Views(text)):
        assert 0 <= e.start < e.end <= len(text)


# ------------------------------------------------------------ hostile input


@pytest.mark.parametrize(
    "text, expect",
    [
        ("$" * 100_000, 0),
        ("$ab " * 25_000, 25_000),
        ("paypal " * 15_000, 15_000),
        ("@abc venmo " * 10_000, 20_000),
        ("c@$h " * 20_000, 0),
        ("pp " * 30_000, 0),
        ("wise or " * 12_000, 0),
        ("a@" * 50_000, 0),
    ],
)
def test_pathological_inputs_finish(text: str, expect: int) -> None:
    assert len(DET.detect(Views(text))) == expect


def test_many_apps_and_handles_pair_correctly() -> None:
    text = " ".join(itertools.repeat("Zelle 305-555-0191.", 2000))
    got = DET.detect(Views(text))
    assert sum(e.kind == "payment_handle" for e in got) == 2000
    assert sum(e.kind == "payment_app" for e in got) == 2000


# ------------------------------------------------------------ the early exit


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="paylvenmocshzgwiretudkfbxq@4$3015!&-_. 'PAY\u00e9\u00a0", max_size=40))
def test_word_gate_never_hides_a_key(text: str) -> None:
    """``_maybe_keyed`` may only say no when no letter key is in the skeleton
    (whatever words it has learned before)."""
    if not pm._maybe_keyed(text):
        skel = pm._skeleton(text)
        assert not any(k in skel for k in pm._LETTER_KEYS)


def test_word_gate_learns_and_stays_exact() -> None:
    plain = "Thanks for your order! It ships tomorrow."
    assert pm._maybe_keyed(plain.lower()) is False
    assert pm._maybe_keyed(plain.lower()) is False  # now from the learned words
    for text in ("send it by p4yp4l!", "my venmo: x", "z3lle me", "ok, c@$h app", "pay-pal", "alipay"):
        assert pm._maybe_keyed(text) is True, text


_WIN_NAMES = [n for _, ns in pm._APPS.values() for n in ns] + ["payment", "program", "bank", "wireless", "gift wrapping"]


def test_windowed_app_search_equals_finditer_on_long_text() -> None:
    """Long texts take the windowed search too (with the fuse on long merged
    windows): the same matches as a scan, on chat with a few app names and on
    a flood of them."""
    import random

    rng = random.Random(5)
    filler = ["thanks for your order", "it ships monday", "size 8 fits", "ok", "the wireless earbuds", "gift wrapping"]
    sparse = " ".join(rng.choice(_WIN_NAMES) if rng.random() < 0.02 else rng.choice(filler) for _ in range(3000))
    dense = " ".join(rng.choice(_WIN_NAMES + ["x", "$5", "@"]) for _ in range(3000))
    for text in (sparse.lower(), dense.lower()):
        assert len(text) > pm.FUSE_MIN_CHARS
        full = [(m.span(), m.lastgroup) for m in pm._APP_RE.finditer(text)]
        assert full
        assert [(m.span(), m.lastgroup) for m in pm._app_matches(text, pm._skeleton(text))] == full


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(_WIN_NAMES + ["ok", "my", "x", "send", "via", "$5", "ing", "'s", "ed", "4", "@", "the"]),
            st.sampled_from(["", " ", " ", ", ", ".", "-", "!", "'", "\u00a0"]),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_windowed_app_search_equals_finditer(parts: list[tuple[str, str]]) -> None:
    """``_app_matches`` searches only around the keys: the same matches as a scan."""
    text = "".join(w + s for w, s in parts).lower()
    skel = pm._skeleton(text)
    full = [(m.span(), m.lastgroup) for m in pm._APP_RE.finditer(text)]
    assert [(m.span(), m.lastgroup) for m in pm._app_matches(text, skel)] == full
    if pm._CONTEXTUAL_RE.search(text):
        assert "&" in text or pm._PP_QUICK.search(text) or (
            any(k in skel for k in pm._CTX_KEYS) and pm._ctx_possible(text, skel)
        )
