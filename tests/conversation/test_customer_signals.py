"""Customer-side signals are context only; role="customer" scans."""

from __future__ import annotations

import pytest

from shopguard import Action, Moderator
from shopguard.detectors import DetectorConfig, ScanContext
from shopguard.detectors.signals import CustomerSignals, turn_signals
from shopguard.models import Turn
from shopguard.normalize import Views


@pytest.mark.parametrize(
    "text,signal",
    [
        ("is this ok for my age? im 14", ("customer_minor", "self:14")),
        ("I'm 16 years old", ("customer_minor", "self:16")),
        ("buying this for my daughter, she's 12", ("customer_minor", "child:12")),
        ("for my son who is 9", ("customer_minor", "child:9")),
        ("what size for my 12 year old?", ("customer_minor", "child:12")),
        ("I'm a minor", ("customer_minor", "self:minor")),
        ("can I get your number?", ("customer_asked_contact", "contact")),
        ("do you have an instagram i can dm?", ("customer_asked_contact", "contact")),
        ("pls tell me when size 8 restocks 🙏", ("customer_asked_restock", "restock")),
        ("will you have a black friday sale?", ("customer_asked_restock", "sale")),
        ("pls remove me", ("customer_opted_out", "opt_out")),
        ("ya no me escribas", ("customer_opted_out", "opt_out")),
    ],
)
def test_signals(text: str, signal: tuple[str, str]) -> None:
    assert signal in {(k, v) for k, v, _ in turn_signals(text)}


@pytest.mark.parametrize(
    "text",
    ["I'm 5'4 what size?", "im 5 minutes away", "I am 30", "my daughter is 5'2 and 110 lbs", "I'm 1 of your biggest fans",
     "my daughter wears a size 12"],
)
def test_no_minor_signal(text: str) -> None:
    assert not [s for s in turn_signals(text) if s[0] == "customer_minor"]


def test_signals_come_only_from_customer_turns() -> None:
    det = CustomerSignals(DetectorConfig())
    ctx = ScanContext(history=(Turn(role="seller", text="im 14"), Turn(role="customer", text="ok")))
    assert det.detect_with_context(Views("hi"), ctx) == []
    ctx = ScanContext(history=(Turn(role="seller", text="hi"), Turn(role="customer", text="im 14")))
    (ent,) = det.detect_with_context(Views("hi"), ctx)
    assert (ent.kind, ent.value, ent.related, ent.start) == ("customer_minor", "self:14", (1,), -1)


def test_minor_context_changes_the_meaning(guard: Moderator) -> None:
    text = "totally!! you'd look so grown up in it 😍 send me a pic of you trying it on, just keep it between us ok? 🤫"
    v = guard.check(text, history=[{"role": "customer", "text": "is this ok for my age? im 14"}])
    assert "minor_safety" in v.categories and v.escalate
    adult = guard.check(
        "send me a pic of you trying it on and I'll tell you if it fits right!",
        history=[{"role": "customer", "text": "I'm 34 and between sizes"}],
    )
    assert "minor_safety" not in adult.categories
    service = guard.check(
        "So sorry! Can you send me a pic of the damaged zipper? I'll send a replacement today",
        history=[{"role": "customer", "text": "bought this for my son who is 9, the zipper broke"}],
    )
    assert "minor_safety" not in service.categories


def test_customer_messages_are_never_flagged_for_their_own_details(guard: Moderator) -> None:
    for text in [
        "here's my number 312-555-0110 just call me",
        "my email is jane.doe@gmail.com",
        "can I pay you on venmo instead?",
        "stop",
    ]:
        v = guard.check(text, role="customer")
        assert v.action is Action.allow and v.findings == (), (text, v.findings)


def test_customer_role_runs_only_customer_tagged_rules(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "harassment.yaml").write_text(
        """
category: harassment
policy_section: Harassment
version: "1"
rules:
  - id: TST-001
    title: threat (any role)
    severity: high
    action: block
    explain: threats are not allowed anywhere
    tags: [customer]
    match: {phrases: [i will hurt you]}
    examples: {match: ["i will hurt you"]}
  - id: TST-002
    title: seller-only rule
    severity: high
    action: block
    explain: sellers may not say this
    match: {phrases: [i will hurt you]}
    examples: {match: ["i will hurt you"]}
""",
        encoding="utf-8",
    )
    g = Moderator(tmp_path)
    assert {f.rule_id for f in g.check("i will hurt you", role="customer").findings} == {"TST-001"}
    assert set(g.matching_rules("i will hurt you")) == {"TST-001", "TST-002"}
