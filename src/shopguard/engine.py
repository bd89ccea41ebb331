"""One message through the pipeline: views → entities and phrases → rules → findings.

``Scan`` holds everything computed for one message (it is created per call
and dropped afterwards, so a Moderator never holds per-message state).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Any, Collection, Iterable, Iterator, Sequence

from ._limits import fused_search
from .detectors.base import Detector, Entity, ScanContext
from .models import Finding, Listing, Turn, construct
from .normalize import MappedText, Views
from .rules.compiler import (
    EVERYWHERE,
    HISTORY,
    AllNode,
    AnyNode,
    CharsNode,
    EntityNode,
    HistoryNode,
    Hit,
    MinDistinctNode,
    Node,
    NotNode,
    PhraseNode,
    RegexNode,
    RuleSet,
    word_index,
)
from .rules.needs import GateText, Needs, needs_of
from .rules.phrases import PhraseMatcher, Tokens, tokenize
from .rules.schema import HistoryCondition


def _phrase_keys(ruleset: RuleSet, text: str) -> frozenset[str]:
    """Keys of every phrase in ``text``, over the folded and squeezed views (a history turn:
    only which phrases occur matters, not where)."""
    views = Views(text)
    folded = views.folded
    keys = set(ruleset.phrases.match(tokenize(folded.text)))
    squeezed = views.squeezed
    if squeezed is not folded and squeezed.text != folded.text:
        keys.update(ruleset.phrases.match(tokenize(squeezed.text)))
    return frozenset(keys)


def _collect(
    matcher: PhraseMatcher,
    view: MappedText,
    toks: Tokens,
    out: dict[str, list[Hit]],
    matched: dict[str, list[tuple[int, int]]] | None = None,
) -> None:
    """Add the hits (original start, end, None) of every phrase ``matcher`` finds in ``toks``
    (``matched``: ``matcher.match(toks)``, when already known)."""
    if matched is None:
        matched = matcher.match(toks)
    if not matched:
        return
    spans = toks.spans
    if not out and view.starts is None:
        # the first view, mapped one to one (plain text): spans are the hits;
        # a key's ranges are distinct, but de-duplicate as the general path does
        for key, ranges in matched.items():
            found = [(spans[i][0], spans[j - 1][1], None) for i, j in ranges]
            out[key] = found if len(found) == 1 else list(dict.fromkeys(found))
        return
    span_of = view.span
    for key, ranges in matched.items():
        dest = out.get(key)
        if dest is None:
            dest = out[key] = []
            seen: set[Hit] = set()
        else:
            seen = set(dest)
        for i, j in ranges:
            hit = (*span_of(spans[i][0], spans[j - 1][1]), None)
            if hit not in seen:
                seen.add(hit)
                dest.append(hit)


_TURN_CACHE_SIZE = 4096
"""Phrase keys and signatures of at most this many distinct history texts are kept per RuleSet."""


class Scan:
    """Everything known about one message while its rules are evaluated."""

    __slots__ = (
        "text",
        "views",
        "ruleset",
        "phrase_hits",
        "_tokens",
        "_squeezed_tokens",
        "_ruler",
        "entities",
        "history",
        "listing",
        "role",
        "notes",
        "_signature",
        "_charsets",
        "_gate_texts",
        "searched",
        "atoms",
    )

    def __init__(
        self,
        text: str,
        ruleset: RuleSet,
        detectors: Sequence[Detector],
        history: Sequence[Turn],
        listing: Listing | None,
        role: str,
        views: Views | None = None,
        found_by: dict[str, list[Entity]] | None = None,
        tokens: Tokens | None = None,
        matched: dict[str, list[tuple[int, int]]] | None = None,
    ) -> None:
        """``views``, ``found_by``, ``tokens``, ``matched``: what the prefilter
        already computed for this message (``prefilter.Probe``: its views;
        entities by detector name; the folded view's words and the packs'
        phrases found in them), reused, not redone."""
        self.text = text
        self.ruleset = ruleset
        self.views = views if views is not None else Views(text)
        self.history = history
        self.listing = listing
        self.role = role
        self.notes: list[str] = []
        self._charsets: dict[str, frozenset[str]] = {}
        self._gate_texts: dict[str, GateText] = {}
        # trigger regex atom -> its first match (None: cannot match), filled by run_rules
        self.searched: dict[str, object] = {}
        # atoms other than phrases present in the message, once run_rules knows them
        self.atoms: set[str] | None = None
        views = self.views
        folded = views.folded
        if tokens is None or tokens.text != folded.text:
            tokens, matched = tokenize(folded.text, True), None
        self._tokens = tokens
        squeezed = views.squeezed
        self._squeezed_tokens = (
            tokenize(squeezed.text, True) if squeezed is not folded and squeezed.text != folded.text else None
        )
        # Every phrase of every pack, in one walk: nearly every message that gets
        # here (past the prefilter) has a candidate rule that asks for them, and
        # the trigger phrases are among them (``trigger_hits``).
        hits: dict[str, list[Hit]] = {}
        _collect(ruleset.phrases, folded, self._tokens, hits, matched)
        if self._squeezed_tokens is not None:
            _collect(ruleset.phrases, squeezed, self._squeezed_tokens, hits)
        self.phrase_hits = hits
        self._ruler: list[int] | None = None
        self._signature: object = None
        entities: dict[str, list[Entity]] = {}
        context: ScanContext | None = None
        for det in detectors:
            try:
                if det.uses_context:
                    if not history and listing is None:
                        continue  # no conversation to read: nothing to do
                    if context is None:
                        context = ScanContext(history, listing, role)
                    found = det.detect_with_context(self.views, context)
                elif found_by is not None and det.name in found_by:
                    found = found_by[det.name]
                else:
                    found = det.detect(self.views)
            except TimeoutError:
                self.notes.append(f"detector {det.name!r} hit its time limit; message needs review")
                continue
            for ent in found:
                entities.setdefault(ent.kind, []).append(ent)
        self.entities = entities
        if history and role == "seller":
            # contact details split over the seller's recent messages
            from .conversation import add_split_entities

            add_split_entities(self, detectors)

    # -- helpers the compiled rules call ------------------------------------
    @property
    def trigger_hits(self) -> dict[str, list[Hit]]:
        """The phrase hits that can make a rule a candidate."""
        by_trigger = self.ruleset.by_trigger
        return {k: v for k, v in self.phrase_hits.items() if "p:" + k in by_trigger}

    def has_chars(self, view: str, chars: frozenset[str]) -> bool:
        """Does any of ``chars`` occur in the named view?"""
        cache = self._charsets
        cs = cache.get(view)
        if cs is None:
            cs = cache[view] = frozenset(self.views.view(view).text)
        return not chars.isdisjoint(cs)

    def gate_text(self, view: str) -> GateText:
        """The named view as the regex gates read it (made once per scan)."""
        gt = self._gate_texts.get(view)
        if gt is None:
            gt = self._gate_texts[view] = GateText(self.views.view(view).text)
        return gt

    def may_match(self, view: str, needs: Needs) -> bool:
        """False only when a regex with these literal needs cannot match the named view."""
        gt = self._gate_texts.get(view)
        if gt is None:
            gt = self._gate_texts[view] = GateText(self.views.view(view).text)
        return gt.passes(needs)

    @property
    def ruler(self) -> list[int]:
        """Original start offset of every word of the folded view (for word distances)."""
        if self._ruler is None:
            folded = self.views.folded
            spans = self._tokens.spans
            self._ruler = (
                [s for s, _ in spans] if folded.is_identity else [folded.span(s, e)[0] for s, e in spans]
            )
        return self._ruler

    def near(self, a: Hit, hits: Iterable[Hit], within_words: int) -> bool:
        """True when some hit lies within ``within_words`` words of ``a``."""
        return bool(self.near_filter([a], list(hits), within_words))

    def near_filter(self, anchors: list[Hit], hits: list[Hit], within_words: int) -> list[Hit]:
        """The anchors that have some hit within ``within_words`` words.

        Hits are sorted by first word once and searched with bisect, so many
        anchors against many hits (hostile text) stays O((n + m) log m).
        """
        if not hits:
            return []
        for h in hits:
            if h[0] < 0:
                return anchors
        ruler = self.ruler
        if len(anchors) * len(hits) <= 32:
            # few pairs (the usual case): test them all, no sorting
            near: list[tuple[int, int]] = [
                (bisect_right(ruler, h[0]) - 1, bisect_right(ruler, max(h[0], h[1] - 1)) - 1) for h in hits
            ]
            kept: list[Hit] = []
            for a in anchors:
                if a[0] < 0:
                    kept.append(a)
                    continue
                lo = bisect_right(ruler, a[0]) - 1 - within_words
                hi = bisect_right(ruler, max(a[0], a[1] - 1)) - 1 + within_words
                for b_first, b_last in near:
                    if b_first <= hi and b_last >= lo:
                        kept.append(a)
                        break
            return kept
        spans = sorted(
            (word_index(ruler, h[0]), word_index(ruler, max(h[0], h[1] - 1))) for h in hits
        )
        firsts = [f for f, _ in spans]
        longest = max(last - first for first, last in spans)
        out: list[Hit] = []
        for a in anchors:
            if a[0] < 0:
                out.append(a)
                continue
            a_first = word_index(ruler, a[0])
            a_last = word_index(ruler, max(a[0], a[1] - 1))
            # a hit is near when b_first <= a_last + n and b_last >= a_first - n;
            # b_last <= b_first + longest bounds where to look
            lo = bisect_left(firsts, a_first - within_words - longest)
            hi = bisect_right(firsts, a_last + within_words)
            for k in range(lo, hi):
                if spans[k][1] >= a_first - within_words:
                    out.append(a)
                    break
        return out

    def _turn_entry(self, index: int) -> list[Any]:
        """[phrase keys, signature] of history turn ``index``'s text, each filled on first use.

        Kept in the rule set's bounded ``turn_cache`` (turns recur message after
        message in a conversation); both are functions of the text alone.
        """
        text = self.history[index].text
        cache = self.ruleset.turn_cache
        entry = cache.get(text)
        if entry is None:
            if len(cache) >= _TURN_CACHE_SIZE:
                cache.clear()
            entry = cache[text] = [None, None]
        return entry  # type: ignore[no-any-return]

    def turn_keys(self, index: int) -> frozenset[str]:
        """Keys of the phrases in history turn ``index``."""
        entry = self._turn_entry(index)
        keys = entry[0]
        if keys is None:
            keys = entry[0] = _phrase_keys(self.ruleset, self.history[index].text)
        return keys  # type: ignore[no-any-return]

    def history_matches(self, cond: HistoryCondition, keys: Collection[str]) -> bool:
        """Does an earlier turn satisfy ``cond``?  (``keys``: a set, or any collection)"""
        if not self.history:
            return False
        lo = max(0, len(self.history) - cond.within_turns)
        ok_phrase = not keys
        ok_repeat = not cond.repeated
        for i in range(len(self.history) - 1, lo - 1, -1):
            turn = self.history[i]
            if not ok_phrase and cond.role in ("any", turn.role):
                found = self.turn_keys(i)
                if isinstance(keys, (set, frozenset)):
                    if not keys.isdisjoint(found):
                        ok_phrase = True
                elif any(k in found for k in keys):
                    ok_phrase = True
            if not ok_repeat and turn.role == "seller":
                from .conversation import signature, signature_similarity

                if self._signature is None:
                    self._signature = signature(self.text)
                entry = self._turn_entry(i)
                sig = entry[1]
                if sig is None:
                    sig = entry[1] = signature(turn.text)
                if signature_similarity(self._signature, sig) >= cond.min_similarity:  # type: ignore[arg-type]
                    ok_repeat = True
            if ok_phrase and ok_repeat:
                return True
        return ok_phrase and ok_repeat


class _Plan:
    """What :func:`run_rules` derives once per rule set (on first use, in ``RuleSet.engine_cache``).

    ``by_phrase``: phrase key -> rules it makes candidates; ``by_atom``: the
    same for every other trigger atom; ``chars``/``regexes``: per view, the
    trigger character sets and trigger regexes (with their literal gates);
    ``prereqs``: per rule, the (phrase keys, other atoms) sets of which one
    must be present for it to match (:func:`rule_prerequisites`);
    ``templates``: per rule, its findings' fields that do not depend on the hit.
    """

    __slots__ = ("by_phrase", "by_atom", "always", "chars", "regexes", "prereqs", "templates")

    def __init__(self, rs: RuleSet) -> None:
        by_phrase: dict[str, tuple[int, ...]] = {}
        by_atom: dict[str, tuple[int, ...]] = {}
        for atom, idx in rs.by_trigger.items():
            if atom.startswith("p:"):
                by_phrase[atom[2:]] = tuple(idx)
            else:
                by_atom[atom] = tuple(idx)
        self.by_phrase = by_phrase
        self.by_atom = by_atom
        self.always = tuple(rs.always)
        self.chars = tuple(
            (view, tuple((atom, tuple(sorted(cs))) for atom, cs in atoms))
            for view, atoms in rs.chars_atoms_by_view.items()
        )
        self.regexes = tuple(
            (view, tuple((atom, rs.regex_by_atom[atom], needs_of(rs.regex_by_atom[atom])) for atom in atoms))
            for view, atoms in rs.regex_atoms_by_view.items()
        )
        memo: dict[int, list[frozenset[str]]] = {}
        splits: dict[frozenset[str], tuple[frozenset[str], frozenset[str]]] = {}

        def split(clause: frozenset[str]) -> tuple[frozenset[str], frozenset[str]]:
            got = splits.get(clause)
            if got is None:
                got = splits[clause] = _split(clause)
            return got

        self.prereqs = tuple(tuple(map(split, clauses)) for clauses in rule_prerequisites(rs, memo))
        known = _known_atoms(rs)
        for rule in rs.rules:
            for node in _walk([rule.node, *(u.node for u in rule.unless)]):
                if isinstance(node, AllNode):
                    node.prereqs = tuple(map(split, _best_clauses(_prerequisites(node, known, memo))))
        self.templates = tuple(
            {
                "category": rule.category,
                "rule_id": rule.id,
                "title": rule.title,
                "severity": rule.severity,
                "action": rule.action,
                "confidence": round(rule.confidence * 1.0, 4),
                "start": 0,
                "end": 0,
                "text": "",
                "explanation": rule.explanation,
                "policy_section": rule.policy_section,
                "pack_version": rule.pack_version,
                "entity": None,
                "value": None,
                "evidence": None,
                "related_turns": (),
                "escalate": rule.escalate,
            }
            for rule in rs.rules
        )


def prepare(rs: RuleSet) -> None:
    """Derive at build time what checks would otherwise derive on first use.

    The plan of :func:`run_rules`, every regex node's literal gate and the
    phrase tries' wildcard gates only depend on the rules; made here (once per
    rule set: they live on objects the per-process rule-set cache shares), the
    first message is as fast as the rest instead of paying ~30 ms.
    """
    if rs.engine_cache.get("plan") is None:
        rs.engine_cache["plan"] = _Plan(rs)
    stack: list[Node] = []
    for rule in rs.rules:
        stack.append(rule.node)
        stack.extend(u.node for u in rule.unless)
    while stack:
        node = stack.pop()
        if isinstance(node, RegexNode) and node._needs is None:
            node._needs = needs_of(node.pattern)
        stack.extend(getattr(node, "children", ()))
        child = getattr(node, "child", None)
        if child is not None:
            stack.append(child)
    probe = tokenize("shopguard")
    rs.phrases.match(probe)
    rs.trigger_phrases.match(probe)


def run_rules(scan: Scan, dedupe: bool = True) -> list[Finding]:
    """Evaluate the candidate rules of one scan and return (de-duplicated) findings."""
    rs = scan.ruleset
    plan: _Plan | None = rs.engine_cache.get("plan")
    if plan is None:
        plan = rs.engine_cache["plan"] = _Plan(rs)
    hits = scan.phrase_hits
    # atoms other than phrases present in the message (phrases: the keys of ``hits``)
    atoms: set[str] = {"e:" + k for k in scan.entities}
    if scan.history:
        atoms.add(HISTORY)
    views = scan.views
    for view, chars_atoms in plan.chars:
        view_text = views.view(view).text
        for atom, cs in chars_atoms:
            for ch in cs:  # a few characters: substring tests beat building the text's set
                if ch in view_text:
                    atoms.add(atom)
                    break
    searched = scan.searched
    for view, regexes in plan.regexes:
        text: str | None = None
        gate: GateText | None = None
        for atom, pattern, needs in regexes:
            if needs:
                if gate is None:
                    gate = scan.gate_text(view)
                if not gate.passes(needs):
                    searched[atom] = None  # a literal it needs is missing: no search
                    continue
            if text is None:
                text = views.view(view).text
            m = searched[atom] = fused_search(pattern, text)
            if m is not None:
                atoms.add(atom)
    scan.atoms = atoms
    cand: set[int] = set(plan.always)
    by_phrase = plan.by_phrase
    for k in hits:
        idx = by_phrase.get(k)
        if idx:
            cand.update(idx)
    by_atom = plan.by_atom
    for a in atoms:
        idx = by_atom.get(a)
        if idx:
            cand.update(idx)
    if not cand:
        return []
    prereqs = plan.prereqs
    templates = plan.templates
    findings: list[Finding] = []
    text = scan.text
    customer = scan.role == "customer"
    for i in sorted(cand):
        rule = rs.rules[i]
        if customer and "customer" not in rule.source.tags:
            # a customer's message is scanned only by rules written for customers
            continue
        missing = False
        for keys, others in prereqs[i]:
            if keys.isdisjoint(hits) and others.isdisjoint(atoms):
                missing = True  # a condition every match needs has none of its atoms here
                break
        if missing:
            continue
        anchors = rule.anchors(scan)
        if not anchors:
            continue
        template = templates[i]
        for s, e, ent in _merge(anchors, len(text)):
            values = template.copy()  # same keys, same order as the model's fields
            values["start"] = s
            values["end"] = e
            values["text"] = text[s:e]
            if ent is not None:
                values["confidence"] = round(rule.confidence * ent.confidence, 4)
                values["entity"] = ent.kind
                values["value"] = ent.value
                values["evidence"] = ent.evidence or None
                values["related_turns"] = tuple(ent.related)
            findings.append(construct(Finding, values))
    return _dedupe(findings) if dedupe else findings


_MAX_PREREQS = 6


def _split(clause: frozenset[str]) -> tuple[frozenset[str], frozenset[str]]:
    """An atom set as (phrase keys, other atoms): phrases are tested against the hit dict."""
    return (
        frozenset(a[2:] for a in clause if a.startswith("p:")),
        frozenset(a for a in clause if not a.startswith("p:")),
    )


def _walk(roots: list[Node]) -> Iterator[Node]:
    """Every node of the trees under ``roots``."""
    stack = list(roots)
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, (AllNode, AnyNode)):
            stack.extend(node.children)
        elif isinstance(node, (NotNode, MinDistinctNode)):
            stack.append(node.child)


def _known_atoms(rs: RuleSet) -> frozenset[str]:
    """Regex and character atoms run_rules works out for every message (the trigger ones)."""
    return frozenset(a for atoms in rs.regex_atoms_by_view.values() for a in atoms) | frozenset(
        a for atoms in rs.chars_atoms_by_view.values() for a, _ in atoms
    )


def _prerequisites(
    node: Node, known: frozenset[str], memo: dict[int, list[frozenset[str]]] | None = None
) -> list[frozenset[str]]:
    """Atom sets such that, whenever ``node`` has hits, each set has an atom in the scan.

    Leaves need one of their triggers; ``all`` needs what each child needs;
    ``any`` needs, for each way of picking one set per child, their union
    (a few such picks); ``not`` needs nothing.  Only atoms ``run_rules``
    always works out (``known``) are used.  ``memo``: results by node, for
    one rule set (nested conditions are asked for again and again).
    """
    if memo is None:
        memo = {}
    found = memo.get(id(node))
    if found is not None:
        return found
    out: list[frozenset[str]] = []
    if isinstance(node, AllNode):
        for child in node.children:
            out.extend(_prerequisites(child, known, memo))
    elif isinstance(node, MinDistinctNode):
        out = _prerequisites(node.child, known, memo)
    elif isinstance(node, AnyNode):
        per = [_prerequisites(child, known, memo) for child in node.children]
        if per and all(per):
            width = min(max(len(p) for p in per), _MAX_PREREQS)
            out = [frozenset().union(*(p[k % len(p)] for p in per)) for k in range(width)]
    elif type(node) in (EntityNode, PhraseNode, RegexNode, CharsNode, HistoryNode):
        trig = node.triggers
        if trig and all(a.startswith(("p:", "e:")) or a == HISTORY or a in known for a in trig):
            out = [trig]
    memo[id(node)] = out
    return out


def _best_clauses(clauses: list[frozenset[str]]) -> list[frozenset[str]]:
    """Distinct clauses, smallest first (ties in a fixed order), at most ``_MAX_PREREQS``."""
    distinct = set(clauses)
    if len(distinct) > 1:
        ordered = sorted(distinct, key=lambda c: (len(c), sorted(c)))
    else:
        ordered = list(distinct)
    return ordered[:_MAX_PREREQS]


def rule_prerequisites(
    rs: RuleSet, memo: dict[int, list[frozenset[str]]] | None = None
) -> list[tuple[frozenset[str], ...]]:
    """Per rule, the atom sets :func:`run_rules` checks before evaluating it (see ``_prerequisites``).

    ``known``: besides phrases (all are matched), entity kinds and history,
    the regex and character atoms that decide candidates, which run_rules
    works out for every message.
    """
    known = _known_atoms(rs)
    if memo is None:
        memo = {}
    return [tuple(_best_clauses(_prerequisites(rule.node, known, memo))) for rule in rs.rules]


def _merge(hits: list[Hit], length: int) -> list[Hit]:
    """Sort hits, turn EVERYWHERE into the whole message, merge overlaps (keep the first entity)."""
    norm = sorted(
        (((0, length, h[2]) if h[0] < 0 else h) for h in hits), key=lambda h: (h[0], h[1])
    )
    out: list[Hit] = []
    for h in norm:
        if out and h[0] < out[-1][1]:
            prev = out[-1]
            if h[1] > prev[1]:
                out[-1] = (prev[0], h[1], prev[2] or h[2])
            continue
        out.append(h)
    return out


def _strength(f: Finding) -> tuple[int, int, bool, float]:
    """Action, then severity, then evidence from a detector, then confidence."""
    return (f.action.rank, f.severity.rank, f.entity is not None, f.confidence)


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """Within a category, overlapping findings collapse to the strongest.

    Strongest first; a finding is kept when no kept finding of its category
    overlaps it. Kept spans are held sorted per category, so the check is a
    bisect, not a scan (many findings on hostile text stay O(n log n)).
    """
    if len(findings) < 2:
        return findings
    kept: list[Finding] = []
    by_cat: dict[str, list[tuple[int, int]]] = {}
    for f in sorted(findings, key=_strength, reverse=True):
        spans = by_cat.setdefault(f.category, [])
        s, e = f.start, max(f.end, f.start + 1)
        k = bisect_left(spans, (s, s))
        # neighbours: the span starting at/after s, and the one before it
        if (k < len(spans) and spans[k][0] < e) or (k > 0 and spans[k - 1][1] > s):
            continue
        spans.insert(k, (s, e))
        kept.append(f)
    kept.sort(key=lambda f: (f.start, f.end, f.rule_id))
    return kept
