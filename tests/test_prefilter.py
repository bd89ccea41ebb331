"""The prefilter may only skip messages the full pipeline has nothing to say about.

``Prefilter.quiet(text)`` lets ``Moderator.check`` return "allow" without
running the pipeline.  Whatever it lets through must have no trigger phrase,
no entity, no finding and no note when the full pipeline runs; these tests
check that on real and generated text, and that ordinary chat does take the
fast path (otherwise it would be dead code).
"""

from __future__ import annotations

import random
import sys
from pathlib import Path
from typing import Iterable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import shopguard
from shopguard.engine import Scan, run_rules
from shopguard.prefilter import MAX_CHARS, Prefilter

from conftest import REPO, SHARED, read_jsonl


def _full(guard: shopguard.Moderator, text: str) -> Scan:
    return Scan(text, guard._rules, guard._detectors, [], None, "seller")


def _assert_sound(guard: shopguard.Moderator, texts: Iterable[str]) -> int:
    """Every text the prefilter passes is empty for the pipeline; returns how many passed."""
    pf = guard._prefilter
    passed = 0
    for text in texts:
        if not pf.quiet(text):
            continue
        passed += 1
        scan = _full(guard, text)
        assert not scan.trigger_hits, (text, scan.trigger_hits)
        assert not scan.entities, (text, scan.entities)
        assert not run_rules(scan, dedupe=False), text
        assert not scan.notes, text
    return passed


def _assert_sound_with_history(
    guard: shopguard.Moderator, cases: Iterable[tuple[str, list[dict[str, str]]]]
) -> int:
    """Messages with history the prefilter passes raise nothing in the pipeline."""
    from shopguard.conversation import coerce_history

    pf = guard._prefilter
    passed = 0
    for text, history in cases:
        turns = coerce_history(history)
        if not pf.quiet(text, turns):
            continue
        passed += 1
        scan = Scan(text, guard._rules, guard._detectors, turns, None, "seller")
        assert not run_rules(scan, dedupe=False), (text, history)
        assert not scan.notes, (text, history)
    return passed


def _phrase_keys(guard: shopguard.Moderator) -> list[str]:
    return sorted(a[2:] for a in guard._rules.by_trigger if a.startswith("p:"))


# -- ordinary chat takes the fast path ----------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Thanks so much for your order! It ships tomorrow.",
        "Yes, the sage green one is still in stock 😊",
        "The hoodie runs true to size, I'd go with your usual.",
    ],
)
def test_ordinary_messages_skip_the_pipeline(guard: shopguard.Moderator, text: str) -> None:
    assert guard._prefilter.enabled
    assert guard._prefilter.quiet(text)
    v = guard.check(text)
    assert v.allowed and v.findings == () and v.text == text


@pytest.mark.parametrize(
    "text",
    [
        "Text me at 415 555 0134",
        "w h a t s a p p me",  # not plain: the spaced-letters view differs
        "pay me on venmo",
        "leave us 5 stars pls",
        "dm me on ig",
        "x" * MAX_CHARS,  # long: always the full pipeline
    ],
)
def test_messages_with_something_to_look_at_take_the_pipeline(guard: shopguard.Moderator, text: str) -> None:
    assert not guard._prefilter.quiet(text)


@pytest.mark.parametrize(
    ("text", "quiet"),
    [
        ("It's 9.5 oz and 10.13 lb (7.5) in total.", True),
        ("sizes 6.5, 7.5 and 9.12!", True),
        ("v1.2.3 firmware", True),  # letters in the token, but no public-suffix label after a dot
        ("v1.2.3 firmware.com", False),  # ... one with it
        ("open 10.0.0.1:8080/admin", False),  # an IPv4 address with a port is a link
        ("see 192.168.1.20/shop", False),
        ("go to 9.5shop.com", False),
    ],
)
def test_link_detector_quiet_on_decimal_numbers(guard: shopguard.Moderator, text: str, quiet: bool) -> None:
    from shopguard.normalize import Views

    links = next(d for d in guard._detectors if d.name == "links")
    assert links.quiet(text, text.lower()) is quiet
    if quiet:
        assert links.detect(Views(text)) == []


def test_context_that_matters_takes_the_pipeline(guard: shopguard.Moderator) -> None:
    from shopguard.conversation import coerce_history

    pf = guard._prefilter
    assert pf.history_enabled
    # split over two messages: neither half alone says anything
    history = coerce_history([{"role": "seller", "text": "my number is four one five"}])
    assert not pf.quiet("555 0134", history)
    assert guard.check("555 0134", history=history).action != shopguard.Action.allow
    # the customer quoted the listing: a worse term is a conflict
    quoted = coerce_history([{"role": "customer", "text": "the listing says 30 day returns"}])
    text = "Sorry, we only accept returns within 7 days."
    assert not pf.quiet(text, quoted)
    assert guard.check(text, history=quoted).findings
    # the same ad again
    ad = "Flash sale today only, 50% off everything in the shop, grab yours now!"
    assert not pf.quiet(ad, coerce_history([{"role": "seller", "text": ad}]))
    # but ordinary chat with ordinary history is skipped
    chat = coerce_history([{"role": "customer", "text": "When will my order arrive?"}])
    assert pf.quiet("It ships tomorrow, thanks for your patience!", chat)


def test_context_detectors_run_when_only_their_entity_makes_a_rule_fire(tmp_path: Path) -> None:
    """With only the listing pack, the listing conflict is the rule's sole trigger:
    the prefilter must run the listing detector on the customer's quote."""
    import shutil

    from shopguard.conversation import coerce_history

    shutil.copy(REPO / "policy_rules" / "listing_terms.yaml", tmp_path / "listing_terms.yaml")
    guard = shopguard.Moderator(rules_dir=tmp_path)
    quoted = coerce_history([{"role": "customer", "text": "the listing says 30 day returns"}])
    text = "Returns are accepted within 7 days"
    assert guard.check(text, history=quoted).findings
    assert not guard._prefilter.quiet(text, quoted)
    assert guard._prefilter.quiet(text)  # alone it states no conflict


def test_a_detector_without_quiet_switches_the_prefilter_off(guard: shopguard.Moderator) -> None:
    from shopguard.detectors.base import Detector, DetectorConfig

    class Opaque(Detector):
        name = "opaque"
        kinds = frozenset({"phone"})

        def detect(self, views):  # type: ignore[no-untyped-def]
            return []

    pf = Prefilter(guard._rules, [*guard._detectors, Opaque(DetectorConfig())])
    assert not pf.enabled
    assert not pf.quiet("hello there")


def test_prefilter_pickles_with_the_moderator(guard: shopguard.Moderator) -> None:
    import pickle

    clone = pickle.loads(pickle.dumps(guard))
    assert clone._prefilter.quiet("Thanks so much for your order! It ships tomorrow.")
    assert not clone._prefilter.quiet("Text me at 415 555 0134")


# -- soundness on real and generated text --------------------------------------------


def _assert_handoff_exact(
    guard: shopguard.Moderator, cases: Iterable[tuple[str, list[dict[str, str]]]]
) -> int:
    """A message the prefilter cannot skip runs the pipeline on what the probe
    handed over (its views; each detector's result, [] for those whose
    ``quiet`` held; the words and phrase hits): every detector result it
    hands over must be what the detector finds itself, and the phrase hits
    and findings the same as a scan from scratch.
    Returns how many hand-overs named a quiet detector."""
    from shopguard.conversation import coerce_history

    pf = guard._prefilter
    by_name = {d.name: d for d in guard._detectors}
    handed = 0
    for text, history in cases:
        turns = coerce_history(history)
        quiet, views, found_by, tokens, matched = pf.probe(text, turns)
        if quiet or found_by is None:
            continue
        for name, found in found_by.items():
            assert found == by_name[name].detect(Scan(text, guard._rules, (), (), None, "seller").views), (
                text, name)
        handed += any(not f for f in found_by.values())
        fast_scan = Scan(text, guard._rules, guard._detectors, turns, None, "seller", views, found_by, tokens, matched)
        slow_scan = Scan(text, guard._rules, guard._detectors, turns, None, "seller")
        assert fast_scan.phrase_hits == slow_scan.phrase_hits, text
        fast, slow = run_rules(fast_scan), run_rules(slow_scan)
        assert [f.model_dump() for f in fast] == [f.model_dump() for f in slow], (text, history)
    return handed


def test_handoff_to_the_pipeline_is_exact_on_the_mix(guard: shopguard.Moderator) -> None:
    msgs = _mix(3000, 31)
    cases = [(m.text, list(m.history or ())) for m in msgs]
    assert _assert_handoff_exact(guard, cases) > 0.1 * len(cases)


@pytest.mark.parametrize(
    "parts",
    [
        ("eval", "dev.jsonl"),
        ("external", "twcs_airlines", "agent_turns_sample5000.jsonl"),
        ("external", "sms_spam_collection", "sms_spam_collection.jsonl"),
        ("external", "libphonenumber", "phonenumbermatcher_vectors.jsonl"),
    ],
)
def test_handoff_to_the_pipeline_is_exact_on_shared_corpora(
    guard: shopguard.Moderator, parts: tuple[str, ...]
) -> None:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not here (../shared sits beside the clone in CI only)")
    _assert_handoff_exact(guard, [(row["text"], row.get("context") or []) for row in read_jsonl(path)][:2000])


def _mix(n: int, seed: int) -> list:  # type: ignore[type-arg]
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        from corpus import generate_mix  # type: ignore[import-not-found]
    finally:
        sys.path.pop(0)
    return generate_mix(n, seed=seed)  # type: ignore[no-any-return]


def test_sound_on_the_benchmark_mix(guard: shopguard.Moderator) -> None:
    texts = [m.text for m in _mix(3000, 23)]
    assert _assert_sound(guard, texts) > 0.3 * len(texts)


def test_sound_with_history_on_the_benchmark_mix(guard: shopguard.Moderator) -> None:
    msgs = _mix(3000, 29)
    rng = random.Random(3)
    cases = [(m.text, list(m.history)) for m in msgs if m.history]
    # every message again, after two earlier messages of the mix (violations included)
    for m in msgs[:1500]:
        earlier = [
            {"role": rng.choice(["seller", "customer"]), "text": rng.choice(msgs).text} for _ in range(2)
        ]
        cases.append((m.text, earlier))
    assert _assert_sound_with_history(guard, cases) > 0.2 * len(cases)


def test_sound_with_history_on_the_dev_set(guard: shopguard.Moderator) -> None:
    path = SHARED / "eval" / "dev.jsonl"
    if not path.exists():
        pytest.skip(f"{path} is not here (../shared sits beside the clone in CI only)")
    rows = list(read_jsonl(path))
    cases = [(r["text"], r["context"]) for r in rows if r.get("context")]
    # and every dev message after every context of the set (contexts were written to matter)
    contexts = [r["context"] for r in rows if r.get("context")]
    cases += [(r["text"], ctx) for r in rows for ctx in contexts[:12]]
    _assert_sound_with_history(guard, cases)


@pytest.mark.parametrize(
    "parts",
    [
        ("eval", "dev.jsonl"),
        ("external", "sgd", "system_turns_sample5000.jsonl"),
        ("external", "twcs_airlines", "agent_turns_sample5000.jsonl"),
        ("external", "sms_spam_collection", "sms_spam_collection.jsonl"),
        ("external", "bitext_customer_support", "responses_outside_channel.jsonl"),
        ("external", "abcd", "abcd_sample_agent_turns.jsonl"),
        ("external", "linkify_it", "linkify_it_fixtures.jsonl"),
        ("external", "libphonenumber", "phonenumbermatcher_vectors.jsonl"),
    ],
)
def test_sound_on_shared_corpora(guard: shopguard.Moderator, parts: tuple[str, ...]) -> None:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not here (../shared sits beside the clone in CI only)")
    texts = [row["text"] for row in read_jsonl(path)][:3000]
    _assert_sound(guard, texts)


def _phrase_variants(keys: list[str], rng: random.Random, n: int) -> list[str]:
    """Trigger phrases as sellers type them: punctuation between words, capitals,
    apostrophes dropped or curly, inside ordinary sentences."""
    seps = [" ", ", ", " - ", "... ", "\n", " / ", "  ", "!", "_", "'"]
    fillers = ["hi", "thanks", "your order", "today", "ok", "so", "the", "please", "😊", "10"]
    out = []
    for _ in range(n):
        words = rng.choice(keys).replace("*", rng.choice(["", "s", "ed", "ing"])).split()
        if rng.random() < 0.3:
            words = [w.replace("'", rng.choice(["", "\u2019", " "])) for w in words]
        if rng.random() < 0.3:
            words = [w.upper() if rng.random() < 0.5 else w.capitalize() for w in words]
        body = "".join(w + rng.choice(seps) for w in words).strip()
        before = " ".join(rng.choice(fillers) for _ in range(rng.randrange(3)))
        after = " ".join(rng.choice(fillers) for _ in range(rng.randrange(3)))
        out.append(f"{before} {body} {after}".strip())
    return out


def test_sound_on_every_trigger_phrase(guard: shopguard.Moderator) -> None:
    keys = _phrase_keys(guard)
    plain = [k.replace("*", "") for k in keys]
    _assert_sound(guard, plain)
    # a trigger phrase alone never passes
    for k in keys:
        text = k.replace("*", "s")
        assert not guard._prefilter.quiet(text), text
    _assert_sound(guard, _phrase_variants(keys, random.Random(5), 4000))


_VOCAB = [
    "call", "text", "me", "at", "dot", "com", "whatsapp", "venmo", "ig", "you", "re", "you're",
    "youre", "10", "12", "free", "gift", "review", "stars", "5", "on", "the", "discount", "refund",
    "only", "within", "days", "return", "$", "%", "off", "@", "#", ".", ",", "'", "’", "😊", "⭐",
    "💊", "📞", "a", "b", "i", "0", "1", "4155550134", "shop", "now", "link", "bio", "cash", "app",
    "half", "back", "send", "get", "and", "turn", "into", "buy", "cheap", "follow", "us",
]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.one_of(st.sampled_from(_VOCAB), st.text(min_size=1, max_size=3)),
        min_size=1,
        max_size=14,
    ),
    st.lists(st.sampled_from([" ", "", ", ", ".", "\n", "'", "-"]), min_size=14, max_size=14),
)
def test_sound_on_generated_word_soup(words: list[str], seps: list[str]) -> None:
    guard = _GUARD
    text = "".join(w + s for w, s in zip(words, seps))
    _assert_sound(guard, [text])


_TURN = st.lists(st.sampled_from(_VOCAB), min_size=1, max_size=8).map(" ".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(st.sampled_from(["seller", "customer"]), _TURN), min_size=1, max_size=3),
    _TURN,
)
def test_sound_with_generated_history(turns: list[tuple[str, str]], text: str) -> None:
    _assert_sound_with_history(_GUARD, [(text, [{"role": r, "text": t} for r, t in turns])])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=80))
def test_sound_on_any_unicode(text: str) -> None:
    _assert_sound(_GUARD, [text])


_GUARD = shopguard.Moderator()
