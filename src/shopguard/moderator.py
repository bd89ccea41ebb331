"""Moderator: built once from rule packs, then checks messages with no I/O.

A Moderator is immutable after construction, holds no per-message state,
is safe to share between threads and pickles for worker processes.
"""

from __future__ import annotations

from contextlib import contextmanager
import dataclasses
import gc
from pathlib import Path
import pickle
import threading
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Mapping, Sequence

from .conversation import coerce_history
from .decide import DecisionPolicy, apply_policy, verdict_for
from .detectors import DetectorConfig, known_kinds, registry
from .detectors.base import Detector
from .engine import Scan, prepare, run_rules
from .models import Listing, Turn, Verdict
from .prefilter import Prefilter
from .rules.compiler import CompiledRule, RuleSet, compile_rules
from .rules.loader import LoadedRules, builtin_rules_dir, collect, read_sources
from .rules.schema import Overrides

if TYPE_CHECKING:
    from .conversation import Conversation

PathLike = str | Path

_BUILT: dict[tuple[Any, ...], tuple[RuleSet, frozenset[str], tuple[tuple[str, frozenset[str]], ...]]] = {}
"""Compiled rule sets of this process, by the digest of the packs' folders and
contents (plus overrides and detector kinds), with the allowlists' domains and
lists: a second ``Moderator()`` over the same packs reuses them instead of
parsing and compiling again.  Holds only what no check writes (see
``_rules_for``); a few entries at most."""
_BUILT_MAX = 4
_BUILT_LOCK = threading.Lock()

GC_PAUSE_CHARS = 16_384
"""Messages this long are checked with the cyclic GC paused (``Moderator.check``)."""


@contextmanager
def _gc_paused(collect: bool = False) -> Iterator[None]:
    """No cyclic GC while the rules are compiled or a Moderator is unpickled.

    Both create ~10^5 long-lived objects (tries, compiled rules, pack models)
    and next to nothing to collect: left on, the collector walks them again
    and again (measured: ~35 ms of a cold build, two thirds of an unpickle).
    Re-enabled afterwards if it was on, with what was made meanwhile moved
    to the oldest generation (``_promote_young``).

    ``collect``: one collection of the young generation at the end instead.
    For the detector modules' imports, whose module-level ``regex.compile``
    calls leave cyclic garbage (the patterns' parse trees, ~1.5 MiB): paused
    without it, that garbage would live through the build (peak RSS +1.6
    MiB); left on, the collector runs ~60 times during the imports, once
    over the whole heap, to find little else (GC time of a cold
    ``Moderator()``: 53 -> 27 ms, same peak RSS).
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            if collect:
                gc.collect(0)
            else:
                _promote_young()
            gc.enable()


def _promote_young() -> None:
    """Move the objects of the young GC generations to the oldest one, unexamined.

    ``gc.freeze`` then ``gc.unfreeze``: two list splices.  Otherwise the
    first young collection after a paused build walks all it made, to find
    nothing (measured: ~20 ms of a cold build); full collections still see
    every object.  Skipped when the application has frozen objects itself
    (pre-fork servers do): ``unfreeze`` would hand those back to the GC.
    """
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()


def _allowed(loaded: LoadedRules) -> tuple[frozenset[str], tuple[tuple[str, frozenset[str]], ...]]:
    """Allowlisted domains and named lists from the allowlist files and overrides."""
    domains: set[str] = {d.lower() for d in loaded.overrides.allow_domains}
    lists: dict[str, set[str]] = {}
    for _path, al in loaded.allowlists:
        domains.update(d.lower() for d in al.domains)
        for name, items in al.lists.items():
            lists.setdefault(name, set()).update(items)
    return frozenset(domains), tuple((k, frozenset(v)) for k, v in lists.items())


def _rules_for(dirs: list[Path], ov: Overrides | None) -> tuple[RuleSet, DetectorConfig]:
    """Load and compile the packs under ``dirs``, or reuse this process's build of the same content."""
    kinds = known_kinds()
    read = read_sources(dirs)
    key = (read[0], ov.model_dump_json() if ov is not None else None, kinds) if read is not None else None
    with _BUILT_LOCK:
        hit = _BUILT.get(key) if key is not None else None
    if hit is None:
        loaded, problems = collect(dirs, ov, read[1] if read is not None else None)
        ruleset = compile_rules(loaded, kinds, problems)  # raises on any problem: never cached
        hit = (ruleset, *_allowed(loaded))
        if key is not None:
            with _BUILT_LOCK:
                while len(_BUILT) >= _BUILT_MAX:
                    del _BUILT[next(iter(_BUILT))]
                _BUILT[key] = hit
    ruleset, domains, lists = hit
    # each Moderator has its own config and its own turn cache (the one thing checks write into a
    # RuleSet: what the engine derives from the rules is made at build, engine.prepare)
    return dataclasses.replace(ruleset, turn_cache={}), DetectorConfig(allowed_domains=domains, lists=dict(lists))


def _restore(cls: "type[Moderator]", blob: bytes) -> "Moderator":
    """Unpickle a Moderator (see ``Moderator.__reduce__``)."""
    with _gc_paused(collect=True):
        known_kinds()  # a fresh worker imports the detector modules here (as in __init__)
    with _gc_paused():
        state = pickle.loads(blob)
    m = cls.__new__(cls)
    m.__setstate__(state)
    return m


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
        with _gc_paused(collect=True):
            known_kinds()  # imports the detector modules
        with _gc_paused():
            self._build(rules_dir, extra_rules_dirs, overrides, policy)

    def _build(
        self,
        rules_dir: PathLike | None,
        extra_rules_dirs: Sequence[PathLike],
        overrides: Overrides | Mapping[str, Any] | None,
        policy: DecisionPolicy | Mapping[str, Any] | None,
    ) -> None:
        dirs = [Path(rules_dir) if rules_dir is not None else builtin_rules_dir()]
        dirs.extend(Path(d) for d in extra_rules_dirs)
        ov = overrides if isinstance(overrides, Overrides) or overrides is None else Overrides.model_validate(overrides)
        ruleset, config = _rules_for(dirs, ov)
        prepare(ruleset)  # the first check as fast as the rest (no-op once done for these rules)
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
        return {k: getattr(self, k) for k in Moderator.__slots__}  # a subclass's own __slots__ are others

    def __reduce__(self) -> tuple[Any, ...]:
        # the state travels as one nested pickle so that unpickling it can
        # run with the GC paused (``_restore``): ~3x faster to unpickle
        return (_restore, (type(self), pickle.dumps(self.__getstate__(), protocol=pickle.HIGHEST_PROTOCOL)))

    def __setstate__(self, state: dict[str, Any]) -> None:
        for k in Moderator.__slots__:
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
        if listing is not None and not isinstance(listing, Listing):
            listing = Listing.model_validate(listing)
        if len(text) < GC_PAUSE_CHARS or not gc.isenabled():
            return self._check(text, turns, listing, role)
        # A long message makes objects in proportion to its length (words, spans,
        # entities, findings) that all live until the verdict: the cyclic GC
        # would walk them again at every collection it triggers (measured on 1 MB
        # of hostile text: 10 full collections, ~20 % of the time, growing faster
        # than the text).  They hold no cycles to find, so it pauses meanwhile.
        gc.disable()
        try:
            return self._check(text, turns, listing, role)
        finally:
            gc.enable()

    def _check(self, text: str, turns: tuple[Turn, ...], listing: Listing | None, role: str) -> Verdict:
        if listing is None:
            probe = self._prefilter.probe(text, turns, role)
            if probe.quiet:
                return verdict_for(text, ())  # nothing any rule or detector looks at (prefilter.py)
            scan = Scan(text, self._rules, self._detectors, turns, None, role, *probe[1:])
        else:
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
