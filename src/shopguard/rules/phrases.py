"""Word-bounded phrase matching over tokens: every pack's phrases in one pass.

Phrases from all packs are compiled once into a token index (a dict from
first word to the phrases that start with it).  A message is split into
words once per view and every phrase is found in a single left-to-right
walk, so adding phrases costs a dict entry, not another regex pass.
A trailing ``*`` on a word matches any continuation ("refund*" matches
"refunds", "refunded"); an apostrophe is optional ("dont" = "don't").
"""

from __future__ import annotations

import re

# Words: letters/digits with inner apostrophes, and single emoji.  The stdlib ``re`` is used on
# purpose: this pattern has no ambiguity (an apostrophe is not a word
# character), so it is linear on any input, and ``re`` is several times
# faster than ``regex`` for it on the per-message hot path.
_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*|[\u2300-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff]")
"""A word, or one emoji / pictograph (so "⭐" and "💊" can be phrases)."""
_PREFIX_KEY = 3


def phrase_key(phrase: str) -> str:
    """Canonical form of a phrase: its words, lower-cased, apostrophes dropped."""
    return " ".join(w + ("*" if p else "") for w, p in _phrase_words(phrase))


def _strip_apostrophes(word: str) -> str:
    return word.replace("'", "").replace("\u2019", "")


def _phrase_words(phrase: str) -> tuple[tuple[str, bool], ...]:
    out: list[tuple[str, bool]] = []
    for raw in phrase.lower().split():
        is_prefix = raw.endswith("*")
        core = raw.rstrip("*")
        for w in _WORD.findall(core):
            out.append((_strip_apostrophes(w), False))
        if is_prefix and out:
            out[-1] = (out[-1][0], True)
    return tuple(out)


class PhraseError(ValueError):
    """A phrase that cannot be matched (empty, or a wildcard on a too-short word)."""


class Tokens:
    """The words of one view: keys (lower, no apostrophes) and, on demand, their spans."""

    __slots__ = ("text", "keys", "_spans")

    def __init__(self, text: str) -> None:
        self.text = text
        keys = _WORD.findall(text)
        if "'" in text or "\u2019" in text:
            keys = [_strip_apostrophes(w) for w in keys]
        self.keys: list[str] = keys
        self._spans: list[tuple[int, int]] | None = None

    @property
    def spans(self) -> list[tuple[int, int]]:
        """View spans of the words (computed only when a phrase or a ruler needs them)."""
        if self._spans is None:
            self._spans = [m.span() for m in _WORD.finditer(self.text)]
        return self._spans


def tokenize(text: str) -> Tokens:
    """Words of ``text`` (already lower-cased by the view)."""
    return Tokens(text)


class PhraseMatcher:
    """All phrases of all packs, matched in one walk over a message's words."""

    def __init__(self, phrases: set[str]) -> None:
        self._exact: dict[str, list[tuple[str, tuple[tuple[str, bool], ...]]]] = {}
        self._prefix: dict[str, list[tuple[str, tuple[tuple[str, bool], ...]]]] = {}
        for phrase in sorted(phrases):
            words = _phrase_words(phrase)
            if not words:
                raise PhraseError(f"phrase {phrase!r} has no words")
            head, head_prefix = words[0]
            entry = (phrase_key(phrase), words)
            if head_prefix:
                if len(head) < _PREFIX_KEY:
                    raise PhraseError(
                        f"phrase {phrase!r}: a wildcard word needs at least {_PREFIX_KEY} letters"
                    )
                self._prefix.setdefault(head[:_PREFIX_KEY], []).append(entry)
            else:
                self._exact.setdefault(head, []).append(entry)
        self.size = len(phrases)

    def __getstate__(self) -> dict[str, object]:
        return {"_exact": self._exact, "_prefix": self._prefix, "size": self.size}

    def __setstate__(self, state: dict[str, object]) -> None:
        for k, v in state.items():
            object.__setattr__(self, k, v)

    def match(self, tokens: Tokens) -> dict[str, list[tuple[int, int]]]:
        """Phrase key → token index ranges [i, j) where it occurs."""
        keys = tokens.keys
        n = len(keys)
        exact, prefix = self._exact, self._prefix
        out: dict[str, list[tuple[int, int]]] = {}
        for i in range(n):
            k = keys[i]
            cands = exact.get(k)
            pc = prefix.get(k[:_PREFIX_KEY]) if prefix and len(k) >= _PREFIX_KEY else None
            if cands is None and pc is None:
                continue
            for group in (cands, pc):
                if not group:
                    continue
                for key, words in group:
                    m = len(words)
                    if i + m > n:
                        continue
                    for j in range(m):
                        w, is_prefix = words[j]
                        t = keys[i + j]
                        if not (t.startswith(w) if is_prefix else t == w):
                            break
                    else:
                        out.setdefault(key, []).append((i, i + m))
        return out
