"""Compile validated packs into evaluators, once per Moderator.

Each condition becomes a node that returns *hits* (spans of the ORIGINAL
message).  Every node also knows its *triggers*: the atoms (a phrase, an
entity kind, a regex) at least one of which must occur for it to match, so
a message only evaluates the rules whose triggers it contains; a message
with no trigger at all evaluates no rule.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Sequence

import regex

from .._limits import fused_finditer
from ..detectors.base import Entity
from ..models import Action, Severity
from .loader import LoadedRules, Problem, RulePackError
from .needs import Needs, needs_of
from .phrases import PhraseError, PhraseMatcher, _phrase_words, phrase_key
from .schema import Condition, HistoryCondition, Rule

if TYPE_CHECKING:
    from ..engine import Scan

Hit = tuple[int, int, Entity | None]
EVERYWHERE: Hit = (-1, -1, None)
"""A hit that is not tied to characters (a history or `not` condition)."""

ALWAYS = "*"
"""Trigger atom present in every scan."""
HISTORY = "h"
"""Trigger atom present when the message has history."""


# Words so common that a rule triggered by them would be evaluated on nearly
# every message; a trigger set containing one is a poor choice.
COMMON_WORDS = frozenset(
    """a an the and or but if so to of in on at by for with from as is are was were be been
    it its this that these those i me my we us our you your ur u he she they them their
    his her him do does did done have has had can could will would should shall may might
    must not no yes ok okay pls please thanks thank hi hello hey just get got go going one
    what when where who why how all any some more most very too also here there now then
    up out off over into about than only own same new good great order item price""".split()
    # words of everyday seller chat (measured as the most frequent trigger hits on
    # ordinary messages): shipping, returns, time words, small numbers
    + """today tomorrow tonight weekend week day days hour hours minute minutes now later
    package parcel ship ships shipped shipping delivery deliver delivered arrive arrives
    return returns refund refunds send sent make made show update updated updates
    phone size sizes color colour item items stock every free off sale 1 2 3 4 5 10""".split()
    + ["right now", "every order", "this week", "next week"]
)


def trigger_cost(triggers: frozenset[str]) -> float:
    """How often a trigger set is expected to fire: lower is more selective.

    A phrase made of one common word fires on most messages; a regex must be
    searched (a few µs) before it is known to fire; a character filter is
    cheap but fires often; entity kinds fire only when a detector found
    something. Uncommon phrases are cheap however many there are: a lexicon
    of 140 brand names is still a better trigger than one regex.
    """
    cost = 0.0
    uncommon = 0
    for atom in triggers:
        if atom.startswith("p:"):
            if atom[2:] in COMMON_WORDS:
                cost += 100
            else:
                uncommon += 1
        elif atom.startswith("r:"):
            cost += 50
        elif atom.startswith("c:"):
            cost += 20
        else:
            cost += 1
    return cost + min(10.0, 0.2 * uncommon)


class Node:
    """A compiled condition."""

    triggers: frozenset[str] | None = None

    def eval(self, scan: "Scan") -> list[Hit]:  # pragma: no cover - abstract
        raise NotImplementedError


@dataclass(eq=False)
class EntityNode(Node):
    kinds: tuple[str, ...]
    values: frozenset[str] | None
    exclude_values: frozenset[str] | None
    min_confidence: float
    include_allowlisted: bool

    def __post_init__(self) -> None:
        self.triggers = frozenset(f"e:{k}" for k in self.kinds)
        # a value ending in "*" matches every value starting with the rest ("fee:*")
        self._values = _split_globs(self.values)
        self._exclude = _split_globs(self.exclude_values)

    def eval(self, scan: "Scan") -> list[Hit]:
        entities = scan.entities
        if not entities:
            return []
        out: list[Hit] = []
        for kind in self.kinds:
            for ent in entities.get(kind, ()):
                if ent.allowlisted and not self.include_allowlisted:
                    continue
                if ent.confidence < self.min_confidence:
                    continue
                if self._values is not None and not _value_in(ent.value, self._values):
                    continue
                if self._exclude is not None and _value_in(ent.value, self._exclude):
                    continue
                out.append((ent.start, ent.end, ent))
        return out


def _split_globs(values: frozenset[str] | None) -> tuple[frozenset[str], tuple[str, ...]] | None:
    if values is None:
        return None
    exact = frozenset(v for v in values if not v.endswith("*"))
    prefixes = tuple(v[:-1] for v in values if v.endswith("*"))
    return exact, prefixes


def _value_in(value: str, spec: tuple[frozenset[str], tuple[str, ...]]) -> bool:
    exact, prefixes = spec
    return value in exact or (bool(prefixes) and value.startswith(prefixes))


@dataclass(eq=False)
class PhraseNode(Node):
    keys: tuple[str, ...]

    def __post_init__(self) -> None:
        self.triggers = frozenset(f"p:{k}" for k in self.keys)
        self._keyset = frozenset(self.keys)

    def eval(self, scan: "Scan") -> list[Hit]:
        hits = scan.phrase_hits  # phrase key -> its hits, ready-made (s, e, None)
        keyset = self._keyset
        if keyset.isdisjoint(hits):  # C speed, over the few phrases found
            return []
        # loop over the smaller side: a big lexicon against the few phrases found
        if len(hits) < len(keyset):
            keys = [k for k in hits if k in keyset]
        else:
            keys = [k for k in self.keys if k in hits]
        out: list[Hit] = []
        for k in keys:
            out.extend(hits[k])
        return out


@dataclass(eq=False)
class RegexNode(Node):
    atom: str
    pattern: Any  # regex.Pattern[str]
    view: str

    def __post_init__(self) -> None:
        self.triggers = frozenset({self.atom})
        self._needs: Needs | None = None  # literal gate, derived on first use (needs.py)

    def eval(self, scan: "Scan") -> list[Hit]:
        if self.atom in scan.searched and scan.searched[self.atom] is None:
            return []  # searched (or gated) as a trigger already: no match
        needs = self._needs
        if needs is None:
            needs = self._needs = needs_of(self.pattern)
        if needs and not scan.may_match(self.view, needs):
            return []
        view = scan.views.view(self.view)
        text = view.text
        out: list[Hit] = []
        for m in fused_finditer(self.pattern, text):
            if m.end() == m.start():
                continue
            s, e = view.span(m.start(), m.end())
            out.append((s, e, None))
        return out


@dataclass(eq=False)
class CharsNode(Node):
    """True (everywhere) when any of ``chars`` occurs in the view: a cheap filter."""

    atom: str
    chars: frozenset[str]
    view: str

    def __post_init__(self) -> None:
        self.triggers = frozenset({self.atom})

    def eval(self, scan: "Scan") -> list[Hit]:
        return [EVERYWHERE] if scan.has_chars(self.view, self.chars) else []


@dataclass(eq=False)
class HistoryNode(Node):
    cond: HistoryCondition
    keys: tuple[str, ...]

    def __post_init__(self) -> None:
        self.triggers = frozenset({HISTORY})
        self._keyset = frozenset(self.keys)

    def eval(self, scan: "Scan") -> list[Hit]:
        return [EVERYWHERE] if scan.history_matches(self.cond, self._keyset) else []


@dataclass(eq=False)
class AnyNode(Node):
    children: tuple[Node, ...]

    def __post_init__(self) -> None:
        trig: set[str] = set()
        for c in self.children:
            if c.triggers is None:
                self.triggers = None
                return
            trig |= c.triggers
        self.triggers = frozenset(trig)

    def eval(self, scan: "Scan") -> list[Hit]:
        out: list[Hit] = []
        for c in self.children:
            out.extend(c.eval(scan))
        return out


@dataclass(eq=False)
class AllNode(Node):
    children: tuple[Node, ...]
    within_words: int | None

    def __post_init__(self) -> None:
        # Every child must match, so any child's triggers will do: take the
        # most selective set (see trigger_cost), the anchor on ties.
        with_triggers = [c.triggers for c in self.children if c.triggers is not None]
        self.triggers = min(with_triggers, key=trigger_cost) if with_triggers else None
        # (phrase keys, other atoms) sets of which one must be present for any
        # hit; set by the engine's plan (engine.rule_prerequisites), checked first
        self.prereqs: tuple[tuple[frozenset[str], frozenset[str]], ...] = ()

    def eval(self, scan: "Scan") -> list[Hit]:
        if self.prereqs:
            atoms = scan.atoms
            if atoms is not None:
                hits = scan.phrase_hits
                for keys, others in self.prereqs:
                    if keys.isdisjoint(hits) and others.isdisjoint(atoms):
                        return []  # a child cannot match: skip the evaluation
        anchor = self.children[0].eval(scan)
        if not anchor:
            return []
        for child in self.children[1:]:
            hits = child.eval(scan)
            if not hits:
                return []
            if self.within_words is not None:
                anchor = scan.near_filter(anchor, hits, self.within_words)
                if not anchor:
                    return []
        return anchor


@dataclass(eq=False)
class NotNode(Node):
    child: Node

    def __post_init__(self) -> None:
        self.triggers = None

    def eval(self, scan: "Scan") -> list[Hit]:
        return [] if self.child.eval(scan) else [EVERYWHERE]


@dataclass(eq=False)
class MinDistinctNode(Node):
    """Matches only when the child matched at least ``n`` different texts, not overlapping."""

    child: Node
    n: int

    def __post_init__(self) -> None:
        self.triggers = self.child.triggers

    def eval(self, scan: "Scan") -> list[Hit]:
        hits = self.child.eval(scan)
        if len(hits) < self.n:
            return []
        seen: set[str] = set()
        last_end = -1
        for s, e, _ in sorted(hits, key=lambda h: (h[0], h[1])):
            if s < 0:
                continue
            if s >= last_end:
                seen.add(scan.text[s:e].lower())
                last_end = e
        return hits if len(seen) >= self.n else []


@dataclass(eq=False)
class UnlessNode:
    node: Node
    within_words: int | None


@dataclass(eq=False)
class CompiledRule:
    """A rule ready to run, with its pack's metadata and any overrides applied."""

    id: str
    title: str
    category: str
    policy_section: str
    pack_version: str
    pack_file: str
    severity: Severity
    action: Action
    confidence: float
    explanation: str
    escalate: bool
    node: Node
    unless: tuple[UnlessNode, ...]
    source: Rule

    def anchors(self, scan: "Scan") -> list[Hit]:
        """Hits of the match tree that no `unless` condition cancels."""
        hits = self.node.eval(scan)
        if not hits or not self.unless:
            return hits
        for u in self.unless:
            uh = u.node.eval(scan)
            if not uh:
                continue
            if u.within_words is None:
                return []
            near = scan.near_filter(hits, uh, u.within_words)
            if near:
                ids = {id(h) for h in near}
                hits = [h for h in hits if id(h) not in ids]
            if not hits:
                return []
        return hits


@dataclass
class RuleSet:
    """Every compiled rule plus what the engine needs to pick candidates fast."""

    rules: list[CompiledRule]
    phrases: PhraseMatcher
    trigger_phrases: PhraseMatcher
    by_trigger: dict[str, list[int]]
    always: list[int]
    regex_atoms_by_view: dict[str, list[str]]
    chars_atoms_by_view: dict[str, list[tuple[str, frozenset[str]]]]
    regex_by_atom: dict[str, Any]
    entity_kinds: frozenset[str]
    history_keys: frozenset[str] = field(default_factory=frozenset)
    turn_cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    """Phrase hits of history turns by text (turns recur message after message); bounded."""
    engine_cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    """What the engine derives from the rules on first use (regex gates, rule prerequisites);
    a function of the rules alone, so RuleSets built from the same packs may share it."""

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["turn_cache"] = {}
        return state


def compile_rules(
    loaded: LoadedRules, known_kinds: frozenset[str], prior: list[Problem] | None = None
) -> RuleSet:
    """Compile packs into a RuleSet; raise RulePackError listing every problem.

    ``prior`` are the loader's problems: they are reported together with the
    compiler's own, so one error lists everything wrong in every file.
    """
    problems: list[Problem] = list(prior or ())
    # a lexicon is named by many rules: each phrase's words and key are computed once per build
    words_memo: dict[str, tuple[tuple[str, bool], ...]] = {}
    keys_memo: dict[str, str] = {}

    def words_of(p: str) -> tuple[tuple[str, bool], ...]:
        w = words_memo.get(p)
        if w is None:
            w = words_memo[p] = _phrase_words(p)
        return w

    def key_of(p: str) -> str:  # phrase_key(p)
        k = keys_memo.get(p)
        if k is None:
            k = keys_memo[p] = " ".join(w + ("*" if pre else "") for w, pre in words_of(p))
        return k

    phrases: set[str] = set()
    history_phrases: set[str] = set()
    regex_patterns: dict[str, tuple[str, str, bool]] = {}
    regex_compiled: dict[str, Any] = {}
    chars_atoms: dict[str, tuple[str, frozenset[str]]] = {}
    rules: list[CompiledRule] = []
    entity_kinds: set[str] = set()
    ov = loaded.overrides
    qualified: dict[str, tuple[str, ...]] = {}
    for _path, pack in loaded.packs:
        for name, words in pack.lexicons.items():
            key = f"{pack.category}.{name}"
            qualified[key] = qualified.get(key, ()) + tuple(words)

    for path, pack in loaded.packs:
        # a pack sees its own lexicons by name and every pack's as "category.name"
        lexicons = {**qualified, **pack.lexicons}
        for rule in pack.rules:

            def report(field_: str, reason: str, _rid: str = rule.id, _p: str = path) -> None:
                problems.append(Problem(_p, _rid, field_, reason))

            ctx = _Ctx(
                lexicons,
                phrases,
                history_phrases,
                regex_patterns,
                regex_compiled,
                chars_atoms,
                entity_kinds,
                known_kinds,
                report,
                key_of,
            )
            node = ctx.build(rule.match, "match")
            unless = tuple(
                UnlessNode(ctx.build(c, f"unless[{i}]"), c.within_words)
                for i, c in enumerate(rule.unless)
            )
            if rule.id in ov.disable or not rule.enabled:
                continue
            r_ov = ov.rules.get(rule.id)
            c_ov = ov.categories.get(pack.category)
            severity, action, enabled = rule.severity, rule.action, True
            for o in (c_ov, r_ov):
                if o is None:
                    continue
                severity = o.severity or severity
                action = o.action or action
                if o.enabled is not None:
                    enabled = o.enabled
            if not enabled:
                continue
            rules.append(
                CompiledRule(
                    id=rule.id,
                    title=rule.title,
                    category=pack.category,
                    policy_section=pack.policy_section,
                    pack_version=pack.version,
                    pack_file=path,
                    severity=severity,
                    action=action,
                    confidence=rule.confidence,
                    explanation=rule.explain.strip(),
                    escalate=rule.escalate,
                    node=node,
                    unless=unless,
                    source=rule,
                )
            )

    try:
        matcher = PhraseMatcher(phrases | history_phrases, words_of, key_of)
    except PhraseError as exc:
        problems.append(Problem("(phrases)", None, "phrases", str(exc)))
        matcher = PhraseMatcher(set())
    if problems:
        raise RulePackError(problems)

    by_trigger: dict[str, list[int]] = {}
    always: list[int] = []
    for i, r in enumerate(rules):
        if r.node.triggers is None:
            always.append(i)
            continue
        for t in r.node.triggers:
            by_trigger.setdefault(t, []).append(i)

    # Only regexes that decide whether a rule is a candidate are searched up
    # front; every other regex runs only inside a rule already a candidate.
    # (One combined alternation as a gate was measured slower than the
    # separate searches: ~1 µs per character.)
    trigger_atoms = {a for a in by_trigger if a.startswith("r:")}
    atoms_by_view: dict[str, list[str]] = {}
    for atom, (_pattern, view, _icase) in regex_patterns.items():
        if atom in trigger_atoms:
            atoms_by_view.setdefault(view, []).append(atom)
    chars_by_view: dict[str, list[tuple[str, frozenset[str]]]] = {}
    for atom, (view, cs) in chars_atoms.items():
        if atom in by_trigger:
            chars_by_view.setdefault(view, []).append((atom, cs))
    trigger_keys = {a[2:] for a in by_trigger if a.startswith("p:")}
    trigger_matcher = PhraseMatcher({p for p in phrases if key_of(p) in trigger_keys}, words_of, key_of)
    return RuleSet(
        rules=rules,
        phrases=matcher,
        trigger_phrases=trigger_matcher,
        by_trigger=by_trigger,
        always=always,
        regex_atoms_by_view=atoms_by_view,
        chars_atoms_by_view=chars_by_view,
        regex_by_atom=regex_compiled,
        entity_kinds=frozenset(entity_kinds),
        history_keys=frozenset(key_of(p) for p in history_phrases),
    )


@dataclass
class _Ctx:
    lexicons: dict[str, tuple[str, ...]]
    phrases: set[str]
    history_phrases: set[str]
    regexes: dict[str, tuple[str, str, bool]]
    compiled: dict[str, Any]
    chars: dict[str, tuple[str, frozenset[str]]]
    entity_kinds: set[str]
    known_kinds: frozenset[str]
    report: Callable[[str, str], None]
    key_of: Callable[[str], str] = phrase_key

    def _phrases_of(self, cond: Condition, where: str) -> tuple[str, ...]:
        words: list[str] = list(cond.phrases or ())
        if cond.lexicon is not None:
            lex = self.lexicons.get(cond.lexicon)
            if lex is None:
                self.report(f"{where}.lexicon", f"unknown lexicon {cond.lexicon!r}")
            else:
                words.extend(lex)
        return tuple(words)

    def build(self, cond: Condition, where: str) -> Node:
        node = self._build(cond, where)
        return MinDistinctNode(node, cond.min_distinct) if cond.min_distinct > 1 else node

    def _build(self, cond: Condition, where: str) -> Node:
        kind = cond.kind()
        if kind == "entity":
            assert cond.entity is not None
            for k in cond.entity:
                if k not in self.known_kinds:
                    self.report(
                        f"{where}.entity",
                        f"unknown entity kind {k!r} (known: {', '.join(sorted(self.known_kinds))})",
                    )
            self.entity_kinds.update(cond.entity)
            return EntityNode(
                cond.entity,
                frozenset(cond.values) if cond.values is not None else None,
                frozenset(cond.exclude_values) if cond.exclude_values is not None else None,
                cond.min_confidence,
                cond.include_allowlisted,
            )
        if kind in ("phrases", "lexicon"):
            words = self._phrases_of(cond, where)
            keys = []
            for w in words:
                k = self.key_of(w)
                if not k or k == "*":
                    self.report(f"{where}.phrases", f"phrase {w!r} has no words")
                    continue
                self.phrases.add(w)
                keys.append(k)
            return PhraseNode(tuple(dict.fromkeys(keys)))
        if kind == "regex":
            assert cond.regex is not None
            # V0 (simple case folding): V1's full case folding doubles the cost of a search
            flags = regex.IGNORECASE if cond.ignore_case else 0
            try:
                pattern = regex.compile(cond.regex, flags)
            except regex.error as exc:
                self.report(f"{where}.regex", f"bad regex: {exc}")
                pattern = regex.compile(r"(?!)")
            atom = f"r:{len(self.regexes)}"
            self.regexes[atom] = (cond.regex, cond.view, cond.ignore_case)
            self.compiled[atom] = pattern
            return RegexNode(atom, pattern, cond.view)
        if kind == "chars":
            assert cond.chars is not None
            atom = f"c:{cond.view}:{cond.chars}"
            self.chars[atom] = (cond.view, frozenset(cond.chars))
            return CharsNode(atom, frozenset(cond.chars), cond.view)
        if kind == "history":
            h = cond.history
            assert h is not None
            words = list(h.phrases)
            if h.lexicon is not None:
                lex = self.lexicons.get(h.lexicon)
                if lex is None:
                    self.report(f"{where}.history.lexicon", f"unknown lexicon {h.lexicon!r}")
                else:
                    words.extend(lex)
            self.history_phrases.update(words)
            return HistoryNode(h, tuple(self.key_of(w) for w in words))
        if kind == "any":
            assert cond.any is not None
            return AnyNode(tuple(self.build(c, f"{where}.any[{i}]") for i, c in enumerate(cond.any)))
        if kind == "all":
            assert cond.all is not None
            return AllNode(
                tuple(self.build(c, f"{where}.all[{i}]") for i, c in enumerate(cond.all)),
                cond.within_words,
            )
        assert cond.not_ is not None
        return NotNode(self.build(cond.not_, f"{where}.not"))


def word_index(ruler: Sequence[int], pos: int) -> int:
    """Index of the word that starts at or before ``pos`` (ruler = word starts)."""
    return bisect_right(ruler, pos) - 1
