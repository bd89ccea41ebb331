"""Whole-message prefilter: prove cheaply that a message can raise no finding.

Most seller messages break nothing, and most of those contain nothing any
rule or detector even looks at.  For them the full pipeline (normalisation
views, tokens, phrase tries, nine detectors, rule candidates) is pure
overhead.  :class:`Prefilter` answers "can anything fire here?" from
necessary conditions, each settled exactly before the message is let
through:

* the message is *plain*: no normalisation step would change it (the
  normaliser's own exact gate, ``steps.gate_mask``), so every view is the
  lower-cased text and each step below sees what the pipeline would see;
* no character filter and no trigger regex occurs (the literals a regex
  match needs, ``rules/needs.py``, then the regex itself);
* no trigger phrase occurs: the least common word of each phrase looked up
  in the message's word set, then the phrase's words side by side in the
  joined words, and only if both hold the phrase matcher itself;
* no detector finds anything: its own early exit (``Detector.quiet``), and
  where that cannot rule the message out, the detector itself (on the plain
  views, cheap);
* with history (and no listing): no contact detail can continue from an
  earlier seller message, no rule that reads the history has the other
  things it needs in this message, and context detectors whose entity alone
  fires a rule find nothing.

When all hold, :func:`~shopguard.engine.run_rules` would have no candidate
rule, so the verdict is "allow" with no findings.  When one fails,
:meth:`Prefilter.probe` hands what it computed to the pipeline
(``engine.Scan``): the views, every detector's result ([] for one whose
``quiet`` held, so the pipeline skips it too), and the words and phrase
hits when the phrase step got that far.  A message that is not quiet
pays only for the cheap tests, never twice for the same work.  Anything
the prefilter cannot vouch for (a listing, long or non-plain text, a
detector without ``quiet``, an atom kind it does not know) takes the full
pipeline.  ``tests/test_prefilter.py`` checks the skipped messages
against the full pipeline on every corpus at hand and on generated text,
and that what is handed over equals what the pipeline computes itself.
"""

from __future__ import annotations

import re
from typing import Any, Iterable, NamedTuple, Sequence

from .conversation import _may_continue
from .detectors.base import Detector, Entity, ScanContext
from .normalize import Views
from .models import Turn
from .rules.compiler import (
    COMMON_WORDS,
    HISTORY,
    AllNode,
    AnyNode,
    CharsNode,
    EntityNode,
    HistoryNode,
    MinDistinctNode,
    Node,
    NotNode,
    PhraseNode,
    RegexNode,
    RuleSet,
    trigger_cost,
)
from .rules.needs import GateText, Needs, needs_of
from .rules.phrases import PhraseMatcher, Tokens, tokenize



class Probe(NamedTuple):
    """What :meth:`Prefilter.probe` found out about one message.

    ``quiet``: the pipeline would find nothing.  Otherwise the work done on
    the way, for the pipeline to reuse (``engine.Scan``): the views; each
    detector's entities by name ([] for a detector whose ``quiet`` held);
    the folded view's words and every phrase of the packs found in them
    (``RuleSet.phrases.match``), when the phrase step got that far.
    """

    quiet: bool
    views: Views | None = None
    found_by: dict[str, list[Entity]] | None = None
    tokens: Tokens | None = None
    matched: dict[str, list[tuple[int, int]]] | None = None


_NO = Probe(False)

MAX_CHARS = 1024
"""Longer messages always take the full pipeline (and its regex time limits)."""

_LOW_VIEWS = frozenset({"folded", "digits", "squeezed", "deobfuscated"})
_ORIGINAL_VIEWS = frozenset({"original", "clean"})

# ASCII non-alphanumerics (and "_", which the phrase tokens exclude, and the
# apostrophe, which splits "don't" into "don" + "t") become spaces.
_SEP = str.maketrans({c: " " for c in map(chr, range(128)) if not c.isalnum()})

# The phrase tokenizer's words (``rules.phrases``) with apostrophes treated as
# separators: letters/digits runs, and single emoji / pictographs.
_WORD_PARTS = re.compile(r"[^\W_]+|[\u2300-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff]")


def _rarity(word: str) -> tuple[bool, bool, int, str]:
    """Sort key: rarer-looking words first (not a common chat word, longer)."""
    return (word in COMMON_WORDS, len(word) <= 3, -len(word), word)


def _phrase_forms(key: str) -> list[tuple[str | None, tuple[str, ...]]]:
    """How the trigger phrase ``key`` can appear in the joined token string.

    The prefilter splits a message into words the way the phrase matcher
    does, except that an apostrophe separates ("don't" → "don t"), and joins
    them with single spaces, padded: ``" hi don t go "``.  A phrase word with
    an apostrophe matches "don't" or "dont", so the phrase has up to two
    forms per such word.  Each form is ``(key word, substrings)``: every
    substring must occur in the joined string (a wildcard word "refund*" is
    the start of a word: " refund" with no space after), and ``key word``
    (the least common whole word of the form) must be a word of the
    message; ``None`` when the form has no whole word (wildcards only).
    """
    if "'" not in key and "*" not in key:  # the common case: one form, one substring
        return [(min(key.split(), key=_rarity), (f" {key} ",))]
    forms: list[list[tuple[str, bool]]] = [[]]
    for w in key.split():
        prefix = w.endswith("*")
        core = w[:-1] if prefix else w
        spellings = {core.replace("'", " "), core.replace("'", "")} if "'" in core else {core}
        forms = [f + [(sp, prefix)] for f in forms for sp in sorted(spellings)]
    out: list[tuple[str | None, tuple[str, ...]]] = []
    for form in forms:
        subs: list[str] = []
        run: list[str] = []
        whole: list[str] = []
        for sp, prefix in form:
            if prefix:
                subs.append(" " + " ".join(run + [sp]))  # the stem starts a word, may go on
                run = []
                whole.extend(sp.split()[:-1])
            else:
                run.append(sp)
                whole.extend(sp.split())
        if run:
            subs.append(" " + " ".join(run) + " ")
        best = min(whole, key=_rarity) if whole else None
        out.append((best, tuple(subs)))
    return out


# -- what a rule needs besides history ---------------------------------------------


def _necessary(node: Node, banned: frozenset[str]) -> frozenset[str] | None:
    """Atoms one of which must be present for ``node`` to match, avoiding ``banned``.

    ``banned``: atoms the prefilter cannot rule out for a message with
    history (the history itself, entities of context detectors).  None when
    no such set exists (a ``not``, a history condition on its own).
    """
    if isinstance(node, (HistoryNode, NotNode)):
        return None
    if isinstance(node, (EntityNode, PhraseNode, RegexNode, CharsNode)):
        atoms = node.triggers
        return None if atoms is None or not atoms.isdisjoint(banned) else atoms
    if isinstance(node, MinDistinctNode):
        return _necessary(node.child, banned)
    if isinstance(node, AnyNode):
        union: set[str] = set()
        for c in node.children:
            sub = _necessary(c, banned)
            if sub is None:
                return None
            union |= sub
        return frozenset(union)
    if isinstance(node, AllNode):
        subs = [x for x in (_necessary(c, banned) for c in node.children) if x is not None]
        return min(subs, key=trigger_cost) if subs else None
    return None  # a node kind this prefilter does not know


def _leaves(node: Node, out: dict[str, Node]) -> None:
    """Regex and character-filter nodes of a match tree, by atom."""
    if isinstance(node, (RegexNode, CharsNode)):
        out[node.atom] = node
    for child in getattr(node, "children", ()):
        _leaves(child, out)
    child = getattr(node, "child", None)
    if child is not None:
        _leaves(child, out)


class _AtomGate:
    """Cheap, exact tests for "none of these atoms is in a plain message".

    Phrase atoms: the index of least common words and the joined-words
    substrings (:func:`_phrase_forms`), then ``matcher`` decides.  Character
    and regex atoms: exact tests.  Entity atoms are the detectors' business.
    """

    __slots__ = (
        "index", "keys", "stems", "phrase_keys", "matcher", "low_chars", "orig_chars", "ascii_low", "ascii_orig",
        "regexes", "ok",
    )

    def __init__(
        self, ruleset: RuleSet, atoms: Iterable[str], matcher: PhraseMatcher, leaves: dict[str, Node]
    ) -> None:
        """``matcher``: a trie holding at least the gate's phrases; the packs'
        full trie (``ruleset.phrases``), so that its hits serve the pipeline
        too when the message goes on."""
        index: dict[str, set[tuple[str, ...]]] = {}
        stems: set[tuple[str, ...]] = set()
        keys: set[str] = set()
        low_chars: set[str] = set()
        orig_chars: set[str] = set()
        regexes: list[tuple[bool, Needs, Any]] = []
        ok = True
        for atom in sorted(atoms):
            if atom.startswith("p:"):
                keys.add(atom[2:])
                for word, subs in _phrase_forms(atom[2:]):
                    if word is None:
                        stems.add(subs)
                    else:
                        index.setdefault(word, set()).add(subs)
            elif atom.startswith("c:"):
                leaf = leaves.get(atom)
                view = getattr(leaf, "view", None)
                if view in _LOW_VIEWS:
                    low_chars |= leaf.chars  # type: ignore[union-attr]
                elif view in _ORIGINAL_VIEWS:
                    orig_chars |= leaf.chars  # type: ignore[union-attr]
                else:
                    ok = False
            elif atom.startswith("r:"):
                leaf = leaves.get(atom)
                view = getattr(leaf, "view", None)
                if view not in _LOW_VIEWS and view not in _ORIGINAL_VIEWS:
                    ok = False
                    continue
                rx = leaf.pattern  # type: ignore[union-attr]
                entry = (view in _LOW_VIEWS, needs_of(rx), rx)
                if not any(e[0] == entry[0] and e[2].pattern == rx.pattern and e[2].flags == rx.flags for e in regexes):
                    regexes.append(entry)  # packs repeat a regex under several atoms: search it once
            elif not (atom.startswith("e:") or atom == HISTORY):
                ok = False  # an atom this prefilter does not know: never skip
            # entities: the detectors' business; history: the Prefilter's
        # a phrase that is just its key word needs nothing else: ()
        self.index = {w: (() if (f" {w} ",) in r else tuple(sorted(r))) for w, r in index.items()}
        self.keys = frozenset(index)
        self.stems = tuple(sorted(stems))
        self.phrase_keys = frozenset(keys)
        self.matcher = matcher
        self.low_chars = frozenset(low_chars)
        self.orig_chars = frozenset(orig_chars)
        # on ASCII text only the ASCII characters can occur: a few substring tests
        self.ascii_low = tuple(sorted(c for c in low_chars if c.isascii()))
        self.ascii_orig = tuple(sorted(c for c in orig_chars if c.isascii()))
        self.regexes = tuple(regexes)
        self.ok = ok

    def absent(self, text: str, low: str, tokens: list[str], work: dict[str, Any]) -> bool:
        """True when no atom of the gate occurs in the plain message.

        ``work``: where the phrase step leaves the words of ``low`` and the
        matcher's hits (``"tokens"``, ``"matched"``), made once per message
        and reused by the next gate and by the pipeline."""
        if text.isascii():
            for c in self.ascii_low:
                if c in low:
                    return False
            for c in self.ascii_orig:
                if c in text:
                    return False
        elif not self.low_chars.isdisjoint(low) or not self.orig_chars.isdisjoint(text):
            return False
        gates: dict[bool, GateText] = {}
        for on_low, needs, rx in self.regexes:
            s = low if on_low else text
            if needs:
                # the literals a match needs (rules/needs.py): most searches are skipped
                gate = gates.get(on_low)
                if gate is None:
                    gate = gates[on_low] = GateText(s)
                if not gate.passes(needs):
                    continue
            if rx.search(s) is not None:
                return False
        if self._maybe_phrase(tokens):
            hits = work.get("matched")
            if hits is None:
                toks = work["tokens"] = tokenize(low)
                hits = work["matched"] = self.matcher.match(toks)
            if hits and not self.phrase_keys.isdisjoint(hits):
                return False
        return True

    def _maybe_phrase(self, tokens: list[str]) -> bool:
        """False when none of the gate's phrases can be in the message (its words, split at apostrophes)."""
        keys = self.keys
        joined = None
        if not keys.isdisjoint(tokens):
            joined = " " + " ".join(tokens) + " "
            index = self.index
            for w in keys.intersection(tokens):
                forms = index[w]
                if not forms:
                    return True  # a one-word phrase
                for subs in forms:
                    for sub in subs:
                        if sub not in joined:
                            break
                    else:
                        return True
        if self.stems:
            if joined is None:
                joined = " " + " ".join(tokens) + " "
            for subs in self.stems:
                for sub in subs:
                    if sub not in joined:
                        break
                else:
                    return True
        return False


class Prefilter:
    """Built once per Moderator from its compiled rules and detectors; immutable, picklable.

    ``quiet(text)`` for a message alone; ``quiet(text, history, role)`` for
    one with earlier turns: then also no contact detail may continue from an
    earlier seller message (``conversation._may_continue``), no rule that
    reads the history may have what it needs in this message (each such
    rule's necessary atoms that are not the history itself or a context
    detector's entity, :func:`_necessary`), and context detectors whose
    entities alone make a rule fire (listing conflicts) run for real.
    """

    __slots__ = ("_triggers", "_history", "_detectors", "_context", "enabled", "history_enabled")

    def __init__(self, ruleset: RuleSet, detectors: Sequence[Detector]) -> None:
        enabled = not ruleset.always
        live: list[Detector] = []
        context: list[Detector] = []
        for det in detectors:
            if det.uses_context:
                context.append(det)  # without history or a listing they are never called
                continue
            if type(det).quiet is Detector.quiet:
                enabled = False  # cannot vouch for it
            live.append(det)
        leaves: dict[str, Node] = {}
        for rule in ruleset.rules:
            _leaves(rule.node, leaves)
        self._triggers = _AtomGate(ruleset, ruleset.by_trigger, ruleset.phrases, leaves)
        enabled = enabled and self._triggers.ok
        self._detectors = tuple(live)

        # messages with history: rules the history (or a context detector) can make candidates
        ctx_kinds = {k for d in context for k in d.kinds}
        banned = frozenset({HISTORY} | {f"e:{k}" for k in ctx_kinds})
        extra: set[str] = set()
        run_kinds: set[str] = set()
        history_enabled = enabled
        for rule in ruleset.rules:
            trig = rule.node.triggers
            if trig is None or trig.isdisjoint(banned):
                continue  # its triggers are checked like any message's
            need = _necessary(rule.node, banned)
            if need is not None:
                extra |= need
            elif trig <= {f"e:{k}" for k in ctx_kinds}:
                run_kinds |= {a[2:] for a in trig}  # only a context entity: run that detector
            else:
                history_enabled = False
        self._history = _AtomGate(ruleset, extra - set(ruleset.by_trigger), ruleset.phrases, leaves)
        self._context = tuple((d, frozenset(d.kinds & run_kinds)) for d in context if d.kinds & run_kinds)
        self.enabled = enabled
        self.history_enabled = history_enabled and self._history.ok

    def quiet(self, text: str, history: Sequence[Turn] = (), role: str = "seller") -> bool:
        """True only if the full pipeline would find nothing in ``text`` (and no listing is given)."""
        return self.probe(text, history, role)[0]

    def probe(self, text: str, history: Sequence[Turn] = (), role: str = "seller") -> Probe:
        """The answer, plus the work done on the way (views, detector results,
        words and phrase hits), which the pipeline reuses when the message is
        not quiet: nothing is done twice."""
        if not self.enabled or len(text) >= MAX_CHARS:
            return _NO
        if history and not self.history_enabled:
            return _NO
        # the message's views, made here and handed to the pipeline if it runs:
        # plain means the clean and folded views map to the text one to one and
        # no normalisation step's gate fires (``steps.gate_mask``)
        views = Views(text)
        folded = views.folded
        if text.isascii():
            if not views.plain:
                return Probe(False, views)
            low = folded.text
            tokens = low.translate(_SEP).split()
        else:
            if not views.clean.is_identity or not folded.is_identity:
                return Probe(False, views)
            low = folded.text
            if views._gate_mask():
                return Probe(False, views)
            tokens = _WORD_PARTS.findall(low)
        if history and role == "seller" and _may_continue(text):
            return Probe(False, views)  # may finish a contact detail begun earlier
        # entities first: each detector's early exit; if it cannot rule the
        # message out, the detector itself runs (on the plain views), and what it
        # found is handed to the pipeline, so a message with an entity costs
        # nothing extra here
        found_by: dict[str, list[Entity]] = {}
        found_any = False
        for det in self._detectors:
            if det.quiet(text, low):
                found_by[det.name] = []  # detect() would find nothing: the pipeline skips it too
            elif not found_any:
                found = found_by[det.name] = det.detect(views)
                found_any = bool(found)
            # once something was found the message takes the pipeline, which runs
            # the detectors that are not quiet; their early exits are still worth
            # asking for (a few µs against a detector's tens)
        if found_any:
            return Probe(False, views, found_by)
        work: dict[str, Any] = {}
        if not self._triggers.absent(text, low, tokens, work) or (
            history and not self._history.absent(text, low, tokens, work)
        ):
            return Probe(False, views, found_by, work.get("tokens"), work.get("matched"))
        if history and self._context:
            ctx = ScanContext(history, None, role)
            for det, kinds in self._context:
                if any(e.kind in kinds for e in det.detect_with_context(views, ctx)):
                    return Probe(False, views, found_by, work.get("tokens"), work.get("matched"))
        return Probe(True, views, found_by)
