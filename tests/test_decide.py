"""Decisions a chat backend acts on: the policy, escalation, explanation, redaction."""

from __future__ import annotations

from shopguard import Action, DecisionPolicy, Moderator, Severity


def test_severity_caps_turn_blocks_into_warnings() -> None:
    guard = Moderator(policy=DecisionPolicy(severity_caps={Severity.high: Action.warn}))
    v = guard.check("text me at 415 555 0134")
    assert v.findings and all(f.action is Action.warn for f in v.findings if f.severity is Severity.high)
    assert v.action is Action.warn


def test_low_confidence_blocks_go_to_review() -> None:
    guard = Moderator(policy=DecisionPolicy(review_below=0.99))
    v = guard.check("text me at 415 555 0134")
    assert v.action is Action.review


def test_min_confidence_drops_weak_findings() -> None:
    guard = Moderator(policy={"min_confidence": 1.0})
    assert guard.check("text me at 415 555 0134").action is Action.allow


def test_minor_safety_always_escalates(guard: Moderator) -> None:
    v = guard.check(
        "how old r u? if ur under 16 i have a special secret discount, just don't tell ur parents we talk"
    )
    assert "minor_safety" in v.categories
    assert v.escalate and v.action is Action.block
    assert "safety team" in v.explain()


def test_explain_names_each_problem_once_with_quotes_and_sections(guard: Moderator) -> None:
    v = guard.check("Returns cost a $12 restocking fee, Venmo it to @mugs-and-more or call 415-555-0134")
    text = v.explain()
    assert text.splitlines()[0] == "This message can't be sent as written."
    assert '"415-555-0134"' in text and "Soliciting Additional Payments" in text
    assert len(text.splitlines()) == len(set(text.splitlines()))


def test_redaction_keeps_the_rest_and_masks_every_contact_character(guard: Moderator) -> None:
    msg = "ok! w h a t s a p p me at four one five 555 0134 or kayla.k@gmail.com 😊"
    v = guard.check(msg)
    red = v.redact(mask="#")
    assert len(red) == len(msg) and red.startswith("ok! ") and red.endswith(" 😊")
    for f in v.findings:
        assert set(red[f.start : f.end]) == {"#"}
    assert "0134" not in red and "gmail" not in red


def test_redact_with_a_word_mask() -> None:
    v = Moderator().check("mail me at shop.owner@example.com")
    assert v.redact(mask="[removed]") == "mail me at [removed]"
