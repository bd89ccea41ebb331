"""Word-bounded phrase matching over tokens: every pack's phrases in one pass.

Phrases from all packs are compiled once into a word trie.  A message is
split into words once per view and every phrase is found in a single
left-to-right walk that starts only at words some phrase begins with, so
adding phrases costs trie nodes, not another regex pass.  Two tries are
built: all phrases (the engine walks it once per view of every message that
gets past the prefilter: nearly all of those have a candidate rule that
needs phrase hits, and the trigger phrases are among them) and the phrases
that can make a rule a candidate (the prefilter's).
A trailing ``*`` on a word matches any continuation ("refund*" matches
"refunds", "refunded").  An apostrophe written in a phrase is optional in
the message (the phrase "don't" matches "don't", "don’t" and "dont"), but a
phrase without one never matches a word with one: "id" does not match
"I'd", "hell" does not match "he'll".
"""

from __future__ import annotations

import re
from itertools import compress
from typing import Any, Callable, Iterable

# Words: letters/digits with inner apostrophes, and single emoji.  The stdlib ``re`` is used on
# purpose: this pattern has no ambiguity (an apostrophe is not a word
# character), so it is linear on any input, and ``re`` is several times
# faster than ``regex`` for it on the per-message hot path.
_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*|[\u2300-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff]")
"""A word, or one emoji / pictograph (so "⭐" and "💊" can be phrases)."""
_WORD_ASCII = re.compile(r"[^\W_]+(?:'[^\W_]+)*", re.ASCII)
"""``_WORD`` on ASCII text (same matches: no curly apostrophe, no emoji), ~30% faster."""
_group = re.Match.group
_span = re.Match.span
_PREFIX_KEY = 3


def phrase_key(phrase: str) -> str:
    """Canonical form of a phrase: its words, lower-cased, apostrophes straight."""
    return " ".join(w + ("*" if p else "") for w, p in _phrase_words(phrase))


def _straight(word: str) -> str:
    return word.replace("\u2019", "'")


def _phrase_words(phrase: str) -> tuple[tuple[str, bool], ...]:
    out: list[tuple[str, bool]] = []
    for raw in phrase.lower().split():
        is_prefix = raw.endswith("*")
        core = raw.rstrip("*")
        if core.isalnum() and core.isascii():  # one plain word: what _WORD would find (build-time fast path)
            out.append((core, False))
        else:
            for w in _WORD.findall(core):
                out.append((_straight(w), False))
        if is_prefix and out:
            out[-1] = (out[-1][0], True)
    return tuple(out)


def _spellings(words: tuple[tuple[str, bool], ...]) -> list[tuple[tuple[str, bool], ...]]:
    """The phrase as written, plus each word with an apostrophe also without it."""
    variants: list[tuple[tuple[str, bool], ...]] = [()]
    for w, p in words:
        forms = [w] if "'" not in w else [w, w.replace("'", "")]
        variants = [v + ((f, p),) for v in variants for f in forms]
    return variants


class PhraseError(ValueError):
    """A phrase that cannot be matched (empty, or a wildcard on a too-short word)."""


class Tokens:
    """The words of one view: keys (lower, apostrophes straight) and their spans.

    ``with_spans``: find both in one pass (one ``finditer``, ~2.5x cheaper
    than ``findall`` and a second ``finditer``); otherwise the spans are found
    on demand.
    """

    __slots__ = ("text", "keys", "_spans")

    def __init__(self, text: str, with_spans: bool = False) -> None:
        self.text = text
        pattern = _WORD_ASCII if text.isascii() else _WORD
        if with_spans:
            found = list(pattern.finditer(text))
            keys = list(map(_group, found))
            self._spans: list[tuple[int, int]] | None = list(map(_span, found))
        else:
            keys = pattern.findall(text)
            self._spans = None
        if "\u2019" in text:
            keys = [_straight(w) for w in keys]
        self.keys: list[str] = keys

    @property
    def spans(self) -> list[tuple[int, int]]:
        """View spans of the words (computed only when a phrase or a ruler needs them)."""
        if self._spans is None:
            pattern = _WORD_ASCII if self.text.isascii() else _WORD
            self._spans = list(map(_span, pattern.finditer(self.text)))
        return self._spans


def tokenize(text: str, with_spans: bool = False) -> Tokens:
    """Words of ``text`` (already lower-cased by the view)."""
    return Tokens(text, with_spans)


class _Node:
    """A word-trie node: exact next words, wildcard next words, phrases ending here."""

    __slots__ = ("next", "prefixes", "ends")

    def __init__(self) -> None:
        self.next: dict[str, _Node] = {}
        self.prefixes: list[tuple[str, _Node]] = []
        self.ends: list[str] = []

    def __getstate__(self) -> tuple[object, ...]:
        return (self.next, self.prefixes, self.ends)

    def __setstate__(self, state: tuple[object, ...]) -> None:
        self.next, self.prefixes, self.ends = state  # type: ignore[assignment]


_NO_NEXT: dict[str, _Node] = {}
"""The ``next`` of every leaf of a built trie: one shared empty dict, never written."""

_ENDS = "\0e"
_PREFIXES = "\0p"
"""Keys of a node under construction (a plain dict, see ``_trie``) for the
phrases ending there and its wildcard children: no word holds a NUL."""


def _trie(
    phrases: set[str],
    words_of: Callable[[str], tuple[tuple[str, bool], ...]],
    key_of: Callable[[str], str] | None,
) -> _Node:
    """The word trie of ``phrases``, read-only.

    Built as nested plain dicts (a dict per node, the phrases ending there
    and the wildcard children under the ``_ENDS`` / ``_PREFIXES`` keys), then
    made ``_Node``s in one pass (``_frozen``): ~1/3 cheaper than growing
    ``_Node``s and freezing them afterwards, for the same trie.
    """
    root: dict[str, Any] = {}
    for phrase in sorted(phrases):
        written = words_of(phrase)
        if not written:
            raise PhraseError(f"phrase {phrase!r} has no words")
        key = key_of(phrase) if key_of is not None else " ".join(w + ("*" if p else "") for w, p in written)
        for words in _spellings(written) if any("'" in w for w, _ in written) else (written,):
            node = root
            for w, is_prefix in words:
                if is_prefix:
                    if len(w) < _PREFIX_KEY:
                        raise PhraseError(
                            f"phrase {phrase!r}: a wildcard word needs at least {_PREFIX_KEY} letters"
                        )
                    pre = node.get(_PREFIXES)
                    if pre is None:
                        pre = node[_PREFIXES] = {}
                    child = pre.get(w)
                    if child is None:
                        child = pre[w] = {}
                else:
                    child = node.get(w)
                    if child is None:  # (setdefault would build a dict every time)
                        child = node[w] = {}
                node = child
            ends = node.get(_ENDS)
            if ends is None:
                node[_ENDS] = [key]
            elif key not in ends:
                ends.append(key)
    return _frozen(root)


def _frozen(built: dict[str, Any], _new: Any = object.__new__) -> _Node:
    """A built node as a ``_Node``: leaves share one empty ``next``, the wildcard
    children and the phrases ending here are tuples (~40% smaller than lists
    and a dict per leaf; most of the ~8,000 nodes of the built-in packs are
    leaves with no wildcard children)."""
    node = _new(_Node)
    nxt: dict[str, _Node] = {}
    prefixes: Any = ()
    ends: Any = ()
    for w, child in built.items():
        if w == _ENDS:
            ends = tuple(child)
        elif w == _PREFIXES:
            prefixes = tuple([(pw, _frozen(c)) for pw, c in child.items()])
        else:
            nxt[w] = _frozen(child)
    node.next = nxt or _NO_NEXT
    node.prefixes = prefixes
    node.ends = ends
    return node


def _prefix_gate(root_prefixes: dict[str, list[tuple[str, _Node]]]) -> tuple[str, ...] | None:
    """The wildcard first words, each of which is in the text of any message with a word
    that starts with it; None when one has an apostrophe (the message may spell it
    with a curly one, which its words straighten): then every message takes the
    general start."""
    words = tuple(w for pre in root_prefixes.values() for w, _ in pre)
    return None if any("'" in w for w in words) else words


class PhraseMatcher:
    """All phrases of all packs in one word trie, matched in one walk over a message.

    From every word position the walk follows the trie as far as the words
    allow, so the cost per word is a dict lookup (plus the few wildcard words
    at that depth), however many phrases the packs hold.
    """

    def __init__(
        self,
        phrases: set[str],
        words_of: Callable[[str], tuple[tuple[str, bool], ...]] = _phrase_words,
        key_of: Callable[[str], str] | None = None,
    ) -> None:
        """``words_of``: ``_phrase_words``, or a memo of it shared by one build's matchers;
        ``key_of``: likewise for ``phrase_key`` (a phrase's key from its words)."""
        self._root = _trie(phrases, words_of, key_of)
        # wildcard first words, keyed by their first letters (a dict hit, not a scan)
        self._root_prefixes: dict[str, list[tuple[str, _Node]]] = {}
        for w, child in self._root.prefixes:
            self._root_prefixes.setdefault(w[:_PREFIX_KEY], []).append((w, child))
        self.size = len(phrases)

    def match(self, tokens: Tokens) -> dict[str, list[tuple[int, int]]]:
        """Phrase key → token index ranges [i, j) where it occurs."""
        keys = tokens.keys
        n = len(keys)
        root_next = self._root.next
        root_prefixes = self._root_prefixes
        out: dict[str, list[tuple[int, int]]] = {}
        # the trie child of every word, or None, at C speed (most words start no phrase)
        firsts = list(map(root_next.get, keys))
        try:
            prefix_words = self._prefix_words
        except AttributeError:  # first match: the wildcard first words, whole
            prefix_words = self._prefix_words = _prefix_gate(root_prefixes)
        text = tokens.text
        if prefix_words is None or (prefix_words and any(w in text for w in prefix_words)):
            # some word may start with a wildcard first word ("delet*" in the text, not
            # just "del"): the general start; otherwise no word can, and the exact
            # first words alone give the same walk
            starts_at: Iterable[int] = [
                i for i, k in enumerate(keys) if firsts[i] is not None or k[:_PREFIX_KEY] in root_prefixes
            ]
            wild = True
        else:
            starts_at = compress(range(n), firsts)  # a node is always true
            wild = False
        last = n - 1
        for i in starts_at:
            first = firsts[i]
            if wild and (pre := root_prefixes.get(keys[i][:_PREFIX_KEY])) is not None:
                k = keys[i]
                stack = [(c, i + 1) for w, c in pre if k.startswith(w)]
                if first is not None:
                    stack.append((first, i + 1))
                if not stack:
                    continue
            else:
                assert first is not None
                # the common case, inline: phrases ending at this word, then the
                # continuations into the next word (the walk below only when one exists)
                for key in first.ends:
                    if key in out:
                        out[key].append((i, i + 1))
                    else:
                        out[key] = [(i, i + 1)]
                if i == last:
                    continue
                t = keys[i + 1]
                nxt = first.next.get(t)
                stack = [] if nxt is None else [(nxt, i + 2)]
                for w, child in first.prefixes:
                    if t.startswith(w):
                        stack.append((child, i + 2))
                if not stack:
                    continue
            while stack:
                node, j = stack.pop()
                for key in node.ends:
                    out.setdefault(key, []).append((i, j))
                if j >= n:
                    continue
                t = keys[j]
                nxt = node.next.get(t)
                if nxt is not None:
                    stack.append((nxt, j + 1))
                for w, child in node.prefixes:
                    if t.startswith(w):
                        stack.append((child, j + 1))
        return out
