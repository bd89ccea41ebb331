"""The rule-pack format (pydantic v2), documented in docs/rules.md.

A pack is one YAML file per category.  Policy owners write conditions over
detector entities, phrase lists, regexes and conversation history; the
compiler turns them into evaluators once per Moderator.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ..models import Action, Category, Severity

ViewName = Literal["original", "clean", "folded", "digits", "squeezed", "deobfuscated"]

_STRICT = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class HistoryCondition(BaseModel):
    """True when an earlier turn of ``role`` (within the last ``within_turns``) says one of the phrases."""

    model_config = _STRICT

    role: Literal["seller", "customer", "any"] = "customer"
    phrases: tuple[str, ...] = ()
    lexicon: str | None = None
    within_turns: int = Field(default=6, ge=1, le=1000)
    repeated: bool = Field(
        default=False,
        description="true: an earlier SELLER turn is nearly the same as this message (repeated ad)",
    )
    min_similarity: float = Field(default=0.8, ge=0.0, le=1.0)


class Condition(BaseModel):
    """One node of a rule's match tree: exactly one of the kinds below.

    Leaf kinds: ``entity``, ``phrases``, ``lexicon``, ``regex``, ``chars``, ``history``.
    Combinators: ``any`` (one child matches), ``all`` (every child matches;
    with ``within_words`` every child must match within that many words of
    the first child's match), ``not`` (the child matches nowhere).
    """

    model_config = _STRICT

    entity: tuple[str, ...] | None = None
    phrases: tuple[str, ...] | None = None
    lexicon: str | None = None
    regex: str | None = None
    chars: str | None = Field(
        default=None,
        min_length=1,
        description="true when any of these characters occurs in the view (a cheap filter, e.g. masks '*!@#')",
    )
    history: HistoryCondition | None = None
    any: tuple["Condition", ...] | None = None
    all: tuple["Condition", ...] | None = None
    not_: "Condition | None" = Field(default=None, alias="not")

    # modifiers
    within_words: int | None = Field(default=None, ge=0, le=200)
    view: ViewName = "folded"
    values: tuple[str, ...] | None = None
    exclude_values: tuple[str, ...] | None = None
    min_confidence: float = Field(default=0.0, ge=0.0, le=1.0)
    include_allowlisted: bool = False
    ignore_case: bool = True
    min_distinct: int = Field(
        default=1, ge=1, le=20, description="at least this many different, non-overlapping matches"
    )

    @field_validator("entity", "phrases", "values", "exclude_values", mode="before")
    @classmethod
    def _one_or_many(cls, v: Any) -> Any:
        if isinstance(v, str):
            return (v,)
        return v

    @model_validator(mode="after")
    def _exactly_one_kind(self) -> "Condition":
        kinds = [
            k
            for k in ("entity", "phrases", "lexicon", "regex", "chars", "history", "any", "all", "not_")
            if getattr(self, k) is not None
        ]
        if len(kinds) != 1:
            names = ", ".join(k.rstrip("_") for k in kinds) or "none"
            raise ValueError(
                "a condition needs exactly one of entity, phrases, lexicon, regex, chars, history, "
                f"any, all, not (got {names})"
            )
        if self.all is not None and self.all and self.all[0].not_ is not None:
            raise ValueError("the first condition of `all` is the anchor and cannot be `not`")
        if self.phrases is not None and not self.phrases:
            raise ValueError("phrases must not be empty")
        if (self.any is not None and not self.any) or (self.all is not None and not self.all):
            raise ValueError("any/all need at least one condition")
        return self

    def kind(self) -> str:
        for k in ("entity", "phrases", "lexicon", "regex", "chars", "history", "any", "all", "not_"):
            if getattr(self, k) is not None:
                return k.rstrip("_")
        raise AssertionError("validated condition without a kind")


class Example(BaseModel):
    """A pack example with conversation context (a plain string needs none)."""

    model_config = _STRICT

    text: str
    history: tuple[dict[str, Any], ...] = ()
    listing: dict[str, Any] | None = None


ExampleItem = str | Example


class Examples(BaseModel):
    """What a rule must and must not match; ``known_*`` mark todo cases (as Semgrep's todoruleid/todook)."""

    model_config = _STRICT

    match: tuple[ExampleItem, ...] = ()
    no_match: tuple[ExampleItem, ...] = ()
    known_miss: tuple[ExampleItem, ...] = Field(
        default=(), description="should match but does not yet (todo); the test fails once it does"
    )
    known_false_positive: tuple[ExampleItem, ...] = Field(
        default=(), description="should not match but does (todo); the test fails once it stops"
    )

    @model_validator(mode="after")
    def _needs_match(self) -> "Examples":
        if not self.match:
            raise ValueError("every rule needs at least one `match` example")
        return self


class Rule(BaseModel):
    """One prohibited behaviour: what to match, how bad it is, what to tell the seller."""

    model_config = _STRICT

    id: str = Field(pattern=r"^[A-Z][A-Z0-9]{1,7}-[0-9]{3,4}$")
    title: str = Field(min_length=3)
    severity: Severity
    action: Action
    confidence: float = Field(default=0.9, ge=0.0, le=1.0)
    explain: str = Field(min_length=10, description="shown to the seller")
    match: Condition
    unless: tuple[Condition, ...] = ()
    escalate: bool = False
    enabled: bool = True
    examples: Examples
    tags: tuple[str, ...] = ()


class Pack(BaseModel):
    """One YAML file: every rule of one category."""

    model_config = _STRICT

    category: Category
    policy_section: str = Field(min_length=3)
    version: str = Field(min_length=1)
    description: str = ""
    lexicons: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    rules: tuple[Rule, ...]

    @field_validator("version", mode="before")
    @classmethod
    def _version_str(cls, v: Any) -> Any:
        return str(v) if isinstance(v, (int, float)) else v


class Allowlist(BaseModel):
    """Hosts and named lists that are never violations (``policy_rules/allowlists/*.yaml``)."""

    model_config = _STRICT

    name: str
    description: str = ""
    domains: tuple[str, ...] = ()
    lists: dict[str, tuple[str, ...]] = Field(default_factory=dict)


class RuleOverride(BaseModel):
    model_config = _STRICT

    severity: Severity | None = None
    action: Action | None = None
    enabled: bool | None = None


class Overrides(BaseModel):
    """A deployment's changes to the built-in packs, without copying them."""

    model_config = _STRICT

    disable: tuple[str, ...] = Field(default=(), description="rule ids to switch off")
    rules: dict[str, RuleOverride] = Field(default_factory=dict)
    categories: dict[Category, RuleOverride] = Field(
        default_factory=dict, description="severity/action for every rule of a category"
    )
    allow_domains: tuple[str, ...] = ()
