"""The public API as a chat backend uses it."""

from __future__ import annotations

import json
import pickle
import threading

import pytest

import shopguard
from shopguard import Action, Moderator, Turn


def test_phone_is_blocked_with_span_in_original(guard: Moderator) -> None:
    text = "text me at 415 555 0134"
    v = guard.check(text, history=[{"role": "customer", "text": "is it in stock?"}])
    assert v.action is Action.block
    phones = [f for f in v.findings if f.entity == "phone"]
    assert phones, v.findings
    f = phones[0]
    assert f.category == "off_platform_diversion"
    assert (f.start, f.end, f.text) == (11, 23, "415 555 0134")
    assert text[f.start : f.end] == f.text
    assert f.policy_section and f.pack_version and f.explanation and f.rule_id


def test_allowed_message_has_no_findings(guard: Moderator) -> None:
    v = guard.check("The dress runs true to size, if you're between sizes I'd size up.")
    assert v.action is Action.allow
    assert v.findings == ()
    assert v.explain() == "No problems found."


def test_empty_string_is_allowed(guard: Moderator) -> None:
    assert guard.check("").action is Action.allow


@pytest.mark.parametrize("bad", [None, 42, b"bytes", ["list"]])
def test_non_str_raises_type_error_naming_the_type(guard: Moderator, bad: object) -> None:
    with pytest.raises(TypeError, match=type(bad).__name__):
        guard.check(bad)  # type: ignore[arg-type]


def test_history_accepts_dicts_and_turns(guard: Moderator) -> None:
    a = guard.check("hi", history=[{"role": "customer", "text": "hello"}])
    b = guard.check("hi", history=[Turn(role="customer", text="hello")])
    assert a == b


def test_history_rejects_garbage(guard: Moderator) -> None:
    with pytest.raises(TypeError):
        guard.check("hi", history=[42])


def test_long_message_is_scanned_to_the_end(guard: Moderator) -> None:
    text = "Thanks for your order! " * 20000 + "email me at someone@example.com"
    v = guard.check(text)
    assert any(f.entity == "email" and f.start > 400000 for f in v.findings)


def test_long_message_leaves_the_gc_as_it_found_it(guard: Moderator) -> None:
    """A long message is checked with the cyclic GC paused; afterwards it is on
    again if it was on, still off if the application had switched it off, and
    back on after an error inside the check."""
    import gc

    from shopguard.moderator import GC_PAUSE_CHARS

    text = "Thanks for your order! " * (GC_PAUSE_CHARS // 23 + 1) + "text me at 415 555 0134"
    assert gc.isenabled()
    assert guard.check(text).action == "block"
    assert gc.isenabled()
    gc.disable()
    try:
        guard.check(text)
        assert not gc.isenabled()
    finally:
        gc.enable()
    with pytest.raises(TypeError):
        guard.check(text, history=[42])  # raised before the pause
    assert gc.isenabled()


def test_long_message_same_verdict_with_and_without_the_gc_pause(guard: Moderator) -> None:
    import gc

    from shopguard.moderator import GC_PAUSE_CHARS

    text = ("Text me at 415 555 0134 or j.doe@gmail.com \u200b 🙂 " * (GC_PAUSE_CHARS // 40))[: GC_PAUSE_CHARS + 10]
    paused = guard.check(text)
    gc.disable()
    try:
        plain = guard.check(text)  # the GC is off already: no pause taken
    finally:
        gc.enable()
    assert paused.model_dump() == plain.model_dump()
    assert paused.findings


def test_check_many_matches_check(guard: Moderator) -> None:
    items = ["hello", {"text": "text me at 415 555 0134"}, {"text": "ok", "history": [{"role": "customer", "text": "hi"}]}]
    many = list(guard.check_many(items))
    assert [v.action for v in many] == [Action.allow, Action.block, Action.allow]


def test_verdict_serialises_to_json_with_schema_version(guard: Moderator) -> None:
    v = guard.check("text me at 415 555 0134")
    data = json.loads(v.model_dump_json())
    assert data["schema_version"] == "1"
    assert data["action"] == "block"
    assert data["findings"][0]["category"] == "off_platform_diversion"
    assert shopguard.Verdict.model_validate_json(v.model_dump_json()) == v


def test_moderator_pickles_and_gives_same_results(guard: Moderator) -> None:
    clone = pickle.loads(pickle.dumps(guard))
    for t in ["text me at 415 555 0134", "hello", "Leave 5 stars and I'll refund you $5"]:
        assert clone.check(t) == guard.check(t)


def test_moderator_is_immutable(guard: Moderator) -> None:
    with pytest.raises(AttributeError):
        guard._rules = None  # type: ignore[misc]


def test_threads_share_one_moderator(guard: Moderator) -> None:
    texts = ["text me at 415 555 0134", "hello there", "email me at a.b@example.com"] * 50
    expected = [guard.check(t) for t in texts]
    results: list[object] = [None] * len(texts)

    def work(k: int) -> None:
        for i in range(k, len(texts), 4):
            results[i] = guard.check(texts[i])

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == expected


def test_redact_masks_whole_contact_details(guard: Moderator) -> None:
    v = guard.check("call 415-555-0134 or mail me at shop.owner@example.com today")
    red = v.redact()
    assert "415" not in red and "0134" not in red and "example" not in red
    assert red.startswith("call ") and red.endswith(" today")
    assert len(red) == len(v.text)


def test_explain_quotes_the_offending_text_and_section(guard: Moderator) -> None:
    v = guard.check("text me at 415 555 0134")
    text = v.explain()
    assert '"415 555 0134"' in text
    assert "Diverting Transactions" in text


def test_public_surface_is_small() -> None:
    assert set(shopguard.__all__) >= {"Moderator", "Verdict", "Finding", "Action", "Severity", "RulePackError"}
