"""From findings to a decision a seller understands: action, explanation, redaction."""

from __future__ import annotations

from typing import Iterable, Sequence

from pydantic import BaseModel, ConfigDict, Field

from .models import SCHEMA_VERSION, Action, Finding, Severity, Verdict, construct


class DecisionPolicy(BaseModel):
    """How findings become the verdict's action (configurable per deployment)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    min_confidence: float = Field(default=0.0, ge=0.0, le=1.0, description="drop findings below this")
    review_below: float = Field(
        default=0.5, ge=0.0, le=1.0, description="a blocking finding below this confidence is sent to review"
    )
    severity_caps: dict[Severity, Action] = Field(
        default_factory=dict, description="e.g. {medium: warn}: medium findings never do more than warn"
    )
    escalate_categories: tuple[str, ...] = ("minor_safety",)


def apply_policy(findings: Sequence[Finding], policy: DecisionPolicy) -> list[Finding]:
    out: list[Finding] = []
    for f in findings:
        if f.confidence < policy.min_confidence:
            continue
        action = f.action
        cap = policy.severity_caps.get(f.severity)
        if cap is not None and action.rank > cap.rank:
            action = cap
        if action is Action.block and f.confidence < policy.review_below:
            action = Action.review
        escalate = f.escalate or f.category in policy.escalate_categories
        if action is not f.action or escalate is not f.escalate:
            f = f.model_copy(update={"action": action, "escalate": escalate})
        out.append(f)
    return out


def verdict_for(text: str, findings: Sequence[Finding], notes: Sequence[str] = ()) -> Verdict:
    if not findings and not notes:  # most messages: nothing to decide
        return construct(
            Verdict,
            {
                "schema_version": SCHEMA_VERSION,
                "text": text,
                "action": Action.allow,
                "findings": (),
                "escalate": False,
                "notes": (),
            },
        )
    action = Action.allow
    for f in findings:
        if f.action.rank > action.rank:
            action = f.action
    if notes and action.rank < Action.review.rank:
        action = Action.review
    return construct(
        Verdict,
        {
            "schema_version": SCHEMA_VERSION,
            "text": text,
            "action": action,
            "findings": tuple(findings),
            "escalate": any(f.escalate for f in findings),
            "notes": tuple(notes),
        },
    )


_ACTION_WORDS = {
    Action.block: "This message can't be sent as written.",
    Action.review: "This message will be held for review before it is sent.",
    Action.warn: "Please check this message before sending.",
}


def explain(verdict: Verdict) -> str:
    """Seller-facing text: each problem once, its characters quoted, the policy section."""
    if not verdict.findings:
        return "No problems found."
    lines = [_ACTION_WORDS.get(verdict.action, "")]
    by_rule: dict[str, list[Finding]] = {}
    for f in verdict.findings:
        by_rule.setdefault(f.rule_id, []).append(f)
    for group in by_rule.values():
        quotes: list[str] = []
        for f in group:
            q = f.text if len(f.text) <= 60 else f.text[:57] + "..."
            q = f'"{q}"'
            if q not in quotes:
                quotes.append(q)
        first = group[0]
        lines.append(
            f"- {', '.join(quotes[:4])}{' ...' if len(quotes) > 4 else ''}: {first.explanation} "
            f"(TikTok Shop Customer Service Policy: {first.policy_section})"
        )
    if verdict.escalate:
        lines.append("This message has been referred to TikTok Shop's safety team.")
    return "\n".join(line for line in lines if line)


def redact(text: str, findings: Iterable[Finding], mask: str = "\u2588") -> str:
    """Mask every character of every finding's span (whole spans, never partial)."""
    spans = sorted((f.start, f.end) for f in findings if f.end > f.start)
    if not spans:
        return text
    out: list[str] = []
    pos = 0
    for s, e in spans:
        if e <= pos:
            continue
        s = max(s, pos)
        out.append(text[pos:s])
        out.append(mask * (e - s) if len(mask) == 1 else mask)
        pos = e
    out.append(text[pos:])
    return "".join(out)
