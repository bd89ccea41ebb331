"""Public data models: what crosses the API (pydantic v2).

Findings and verdicts are what a chat backend acts on and what an appeal is
answered from, so every finding carries the evidence: category, rule id,
severity, action, span in the ORIGINAL text, the matched characters, the
explanation, the policy section and the rule-pack version.
"""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1"

CATEGORIES: tuple[str, ...] = (
    "off_platform_diversion",
    "extra_payment",
    "review_manipulation",
    "personal_data",
    "spam",
    "minor_safety",
    "harassment",
    "illegal_activity",
    "ip_infringement",
    "sexual_content",
    "misleading_claims",
)
"""The eleven category ids of the taxonomy: a fixed contract."""

Category = Literal[
    "off_platform_diversion",
    "extra_payment",
    "review_manipulation",
    "personal_data",
    "spam",
    "minor_safety",
    "harassment",
    "illegal_activity",
    "ip_infringement",
    "sexual_content",
    "misleading_claims",
]


_setattr = object.__setattr__


def construct(cls: type[BaseModel], values: dict[str, Any]) -> Any:
    """Build a model from values the engine already knows are valid.

    What ``model_construct`` does, minus its per-field default handling:
    ~1.3 µs instead of ~3.4 µs, which matters on the per-message hot path.
    ``values`` must hold every field of ``cls``.
    """
    obj = cls.__new__(cls)
    _setattr(obj, "__dict__", values)
    _setattr(obj, "__pydantic_fields_set__", set(values))
    _setattr(obj, "__pydantic_extra__", None)
    _setattr(obj, "__pydantic_private__", None)
    return obj


class Severity(str, Enum):
    """How bad a finding is; ordered low < medium < high < critical."""

    low = "low"
    medium = "medium"
    high = "high"
    critical = "critical"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]


class Action(str, Enum):
    """What the chat backend should do; ordered allow < warn < review < block."""

    allow = "allow"
    warn = "warn"
    review = "review"
    block = "block"

    @property
    def rank(self) -> int:
        return _ACTION_RANK[self]


_SEVERITY_RANK = {Severity.low: 0, Severity.medium: 1, Severity.high: 2, Severity.critical: 3}
_ACTION_RANK = {Action.allow: 0, Action.warn: 1, Action.review: 2, Action.block: 3}


class Turn(BaseModel):
    """One earlier message of the conversation."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    role: Literal["seller", "customer"]
    text: str
    timestamp: datetime | None = None
    id: str | None = None


class Listing(BaseModel):
    """Facts of the product detail page the seller's messages must agree with."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    price: float | None = None
    currency: str = "USD"
    return_policy: str | None = None
    return_window_days: int | None = None
    return_shipping_fee: float | None = None
    restocking_fee: float | None = None
    warranty: str | None = None
    warranty_months: int | None = None
    free_shipping: bool | None = None
    shipping_fee: float | None = None


class Finding(BaseModel):
    """One policy problem in the message, with the evidence for it."""

    model_config = ConfigDict(frozen=True)

    category: Category
    rule_id: str
    title: str
    severity: Severity
    action: Action
    confidence: float = Field(ge=0.0, le=1.0)
    start: int = Field(ge=0, description="span start in the ORIGINAL message")
    end: int = Field(ge=0, description="span end (exclusive) in the ORIGINAL message")
    text: str = Field(description="message[start:end], exactly as typed")
    explanation: str
    policy_section: str
    pack_version: str
    entity: str | None = Field(default=None, description="detector entity kind behind the finding")
    value: str | None = Field(default=None, description="normalised value, e.g. +14155550134")
    evidence: str | None = None
    related_turns: tuple[int, ...] = Field(
        default=(), description="indexes into history of earlier turns that took part"
    )
    escalate: bool = False


class Verdict(BaseModel):
    """The decision for one message: the strictest action among its findings."""

    model_config = ConfigDict(frozen=True)

    schema_version: str = SCHEMA_VERSION
    text: str
    action: Action
    findings: tuple[Finding, ...] = ()
    escalate: bool = False
    notes: tuple[str, ...] = Field(
        default=(), description="why the scan itself needs review (e.g. a detector hit its time limit)"
    )

    @property
    def allowed(self) -> bool:
        return self.action is Action.allow

    @property
    def categories(self) -> list[str]:
        seen: dict[str, None] = {}
        for f in self.findings:
            seen.setdefault(f.category, None)
        return list(seen)

    def explain(self) -> str:
        """A short seller-facing text naming each problem and quoting it."""
        from .decide import explain

        return explain(self)

    def redact(self, mask: str = "\u2588") -> str:
        """The message with every finding's characters masked."""
        from .decide import redact

        return redact(self.text, self.findings, mask)

    def to_json(self, **kwargs: Any) -> str:
        return self.model_dump_json(**kwargs)
