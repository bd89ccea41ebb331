"""Moderator: built once from rule packs, then checks messages with no I/O.

A Moderator is immutable after construction, holds no per-message state,
is safe to share between threads and pickles for worker processes.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Mapping, Sequence

from .conversation import coerce_history
from .decide import DecisionPolicy, apply_policy, verdict_for
from .detectors import DetectorConfig, known_kinds, registry
from .detectors.base import Detector
from .engine import Scan, run_rules
from .models import Listing, Verdict
from .prefilter import Prefilter
from .rules.compiler import CompiledRule, RuleSet, compile_rules
from .rules.loader import builtin_rules_dir, collect
from .rules.schema import Overrides

if TYPE_CHECKING:
    from .conversation import Conversation

PathLike = str | Path


class Moderator:
    """Checks seller messages against the policy's rule packs.

    ``Moderator()`` uses the built-in packs. ``rules_dir`` replaces them with a
    folder of your own; ``extra_rules_dirs`` layers deployment folders on top
    (more packs, allowlists, an ``overrides.yaml``); ``overrides`` changes
    severity/action or disables rule ids in code; ``policy`` decides how
    findings become the verdict's action.
    """

    __slots__ = ("_rules", "_detectors", "_policy", "_config", "_dirs", "_prefilter")

    def __init__(
        self,
        rules_dir: PathLike | None = None,
        *,
        extra_rules_dirs: Sequence[PathLike] = (),
        overrides: Overrides | Mapping[str, Any] | None = None,
        policy: DecisionPolicy | Mapping[str, Any] | None = None,
    ) -> None:
        dirs = [Path(rules_dir) if rules_dir is not None else builtin_rules_dir()]
        dirs.extend(Path(d) for d in extra_rules_dirs)
        ov = overrides if isinstance(overrides, Overrides) or overrides is None else Overrides.model_validate(overrides)
        loaded, problems = collect(dirs, ov)
        ruleset = compile_rules(loaded, known_kinds(), problems)
        domains: set[str] = {d.lower() for d in loaded.overrides.allow_domains}
        lists: dict[str, set[str]] = {}
        for _path, al in loaded.allowlists:
            domains.update(d.lower() for d in al.domains)
            for name, items in al.lists.items():
                lists.setdefault(name, set()).update(items)
        config = DetectorConfig(
            allowed_domains=frozenset(domains), lists={k: frozenset(v) for k, v in lists.items()}
        )
        detectors: list[Detector] = []
        for cls in registry().values():
            if cls.kinds & ruleset.entity_kinds:
                detectors.append(cls(config))
        self._rules: RuleSet = ruleset
        self._detectors: tuple[Detector, ...] = tuple(detectors)
        self._config = config
        self._dirs = tuple(str(d) for d in dirs)
        self._prefilter = Prefilter(ruleset, detectors)
        if policy is None:
            self._policy = DecisionPolicy()
        elif isinstance(policy, DecisionPolicy):
            self._policy = policy
        else:
            self._policy = DecisionPolicy.model_validate(policy)

    def __setattr__(self, name: str, value: Any) -> None:
        if hasattr(self, "_policy"):
            raise AttributeError("a Moderator is immutable; build a new one")
        object.__setattr__(self, name, value)

    def __getstate__(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__slots__}

    def __setstate__(self, state: dict[str, Any]) -> None:
        for k in self.__slots__:
            if k != "_policy":
                object.__setattr__(self, k, state[k])
        object.__setattr__(self, "_policy", state["_policy"])

    # -- checking ---------------------------------------------------------------
    def check(
        self,
        text: str,
        history: Iterable[Any] | None = None,
        *,
        listing: Listing | Mapping[str, Any] | None = None,
        role: str = "seller",
    ) -> Verdict:
        """Check one outgoing message. ``history``: earlier turns, oldest first.

        ``history`` gives context: contact details split over the seller's
        recent messages are found (``Finding.related_turns`` names the earlier
        turns, as indexes into ``history``), repeated ads and promotions after
        an opt-out are spam, and what the customer said (their age, a quote
        of the listing, a request for sales news) changes what the message
        means.  ``listing``: the product's terms; stating worse terms is a
        misleading claim (``misleading_claims``, and ``extra_payment`` when
        money is asked).

        ``role="customer"`` scans a customer's message for the platform's own
        purposes: customers are never flagged for what the seller pack rules
        forbid (sharing their own number, asking for a discount), so only
        rules tagged ``customer`` in their pack run; no split-contact joining
        and no listing comparison take place.  With the built-in packs (no
        such tags yet) a customer message is always allowed.
        """
        if not isinstance(text, str):
            raise TypeError(f"message text must be str, not {type(text).__name__}")
        if role not in ("seller", "customer"):
            raise ValueError(f"role must be 'seller' or 'customer', not {role!r}")
        turns = coerce_history(history)
        if listing is None and self._prefilter.quiet(text, turns, role):
            return verdict_for(text, ())  # nothing any rule or detector looks at (prefilter.py)
        if listing is not None and not isinstance(listing, Listing):
            listing = Listing.model_validate(listing)
        scan = Scan(text, self._rules, self._detectors, turns, listing, role)
        findings = run_rules(scan)
        if findings:
            findings = apply_policy(findings, self._policy)
        return verdict_for(text, findings, scan.notes)

    def conversation(
        self,
        max_turns: int = 50,
        *,
        listing: Listing | Mapping[str, Any] | None = None,
        record_blocked: bool = False,
    ) -> "Conversation":
        """A bounded, serialisable conversation that checks seller messages as they come."""
        from .conversation import Conversation

        return Conversation(self, max_turns, listing=listing, record_blocked=record_blocked)  # type: ignore[arg-type]

    def matching_rules(
        self,
        text: str,
        history: Iterable[Any] | None = None,
        *,
        listing: Listing | Mapping[str, Any] | None = None,
        role: str = "seller",
    ) -> list[str]:
        """Ids of every rule that matches, before de-duplication and the decision policy.

        For policy owners testing packs: ``check`` keeps only the strongest of
        overlapping findings in a category; this shows every rule that fired.
        """
        if not isinstance(text, str):
            raise TypeError(f"message text must be str, not {type(text).__name__}")
        if listing is not None and not isinstance(listing, Listing):
            listing = Listing.model_validate(listing)
        scan = Scan(text, self._rules, self._detectors, coerce_history(history), listing, role)
        return sorted({f.rule_id for f in run_rules(scan, dedupe=False)})

    def check_many(self, items: Iterable[Any]) -> Iterator[Verdict]:
        """Check many messages: each item is a str or a dict with text/history/listing/role."""
        for item in items:
            if isinstance(item, str):
                yield self.check(item)
            elif isinstance(item, Mapping):
                yield self.check(
                    item["text"],
                    history=item.get("history") or item.get("context"),
                    listing=item.get("listing"),
                    role=item.get("role", "seller"),
                )
            else:
                raise TypeError(f"check_many items must be str or dict, not {type(item).__name__}")

    # -- introspection ----------------------------------------------------------
    @property
    def rules(self) -> tuple[CompiledRule, ...]:
        return tuple(self._rules.rules)

    @property
    def detectors(self) -> tuple[str, ...]:
        return tuple(d.name for d in self._detectors)

    @property
    def policy(self) -> DecisionPolicy:
        return self._policy

    @property
    def rules_dirs(self) -> tuple[str, ...]:
        return self._dirs

    def pack_versions(self) -> dict[str, str]:
        return {r.category: r.pack_version for r in self._rules.rules}

    def __repr__(self) -> str:
        return f"Moderator(rules={len(self._rules.rules)}, detectors={list(self.detectors)})"
