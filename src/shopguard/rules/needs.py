"""What a regex match must contain: a literal gate checked before the search.

From the parsed pattern the compiler derives *needs*: clauses that every
match satisfies, each "one of these strings occurs" (optionally "or a digit
occurs").  Before a rule's regex is searched, the engine tests its clauses
with substring tests on the lower-cased view, a few tens of nanoseconds
each; when a clause fails the regex cannot match and is not run (a
``regex`` search costs a few microseconds even on short text).

Soundness (a gate may let a hopeless search through, never stop a match):

* The pattern is parsed with the standard library's parser.  Syntax only the
  ``regex`` module knows either fails to parse (``\\p{..}``, named lists,
  variable look-behind, recursion, most inline flags: no gate) or is
  refused here: fuzzy constraints (``(?:ab){e<=1}`` reads as a literal
  ``{``), nested sets and POSIX classes (``[[:alpha:]]`` warns), verbose
  patterns, flags other than case, dot-all, multi-line, ASCII and Unicode.
* Case: needles are lower-cased and tested on the lower-cased text, so a
  case-insensitive match is always seen.  Only ASCII characters and
  caseless symbols, punctuation, marks and numbers become needles; the four
  non-ASCII characters that match ASCII letters without being their case
  pair (``İ ı ſ K``) switch the gate off for that text.
* Digits: ``\\d`` (and digit ranges) become "a digit occurs", tested with
  ``[0-9]`` on ASCII text and with the ``regex`` module's own ``\\d`` on
  any other (its Unicode tables are newer than the standard library's).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import product
import warnings
from re import _constants as _c  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]
from typing import Any

import regex

from .._limits import fused_search

Clause = tuple[tuple[str, ...], bool]
"""(needles, digit): a match contains one of the needles, or a digit when ``digit``."""
Needs = tuple[Clause, ...]
"""Every clause holds for any match; () = nothing known (always search)."""

_FLAGS_OK = (
    regex.IGNORECASE | regex.DOTALL | regex.MULTILINE | regex.ASCII | regex.UNICODE | regex.VERSION0
)
_MAX_CLAUSES = 4
_MAX_NEEDLES = 24
_MAX_RANGE = 16
_BRACE = ord("{")
_MAX_RUN_CLASS = 4
_MAX_RUN_STRINGS = 16

# Non-ASCII characters that ``regex`` (V0, ignore case) matches with an ASCII
# letter although they are not its case pair (measured over all code points).
CASE_SPECIALS = "\u0130\u0131\u017f\u212a"

_ASCII_DIGIT = re.compile(r"[0-9]").search
_ANY_DIGIT = regex.compile(r"\d")


def _needle_char(ch: str) -> bool:
    """Can ``ch`` be part of a needle (its case-insensitive matches are exactly its lower-case)?"""
    if ch.isascii():
        return True
    return (
        unicodedata.category(ch)[0] in "SPNZM"
        and ch.lower() == ch
        and ch.upper() == ch
        and ch.casefold() == ch
    )


def _cost(clause: Clause) -> float:
    """Rough chance that a chat message satisfies the clause (lower is better)."""
    needles, digit = clause
    total = 0.6 if digit else 0.0
    for n in needles:
        if len(n) > 1:
            total += {2: 0.3, 3: 0.08, 4: 0.04}.get(len(n), 0.02)
        elif not n.isascii():
            total += 0.03  # an emoji or a currency sign
        else:
            total += 0.8 if n.isalnum() or n in " '.,!?-:" else 0.1
    return total


class _Refuse(Exception):
    """The parsed pattern may not mean the same to ``regex``: no gate."""


def _class_clause(items: list[tuple[Any, Any]]) -> Clause | None:
    """The clause of a ``[...]`` class, or None when nothing useful is known."""
    needles: set[str] = set()
    digit = False
    for op, av in items:
        if op is _c.LITERAL:
            ch = chr(av)
            if ch.isdigit() and ch.isascii():
                digit = True
            elif _needle_char(ch):
                needles.add(ch.lower())
            else:
                return None
        elif op is _c.RANGE:
            lo, hi = av
            if 48 <= lo <= hi <= 57:
                digit = True
            elif hi - lo < _MAX_RANGE and all(_needle_char(chr(x)) for x in range(lo, hi + 1)):
                needles.update(chr(x).lower() for x in range(lo, hi + 1))
            else:
                return None
        elif op is _c.CATEGORY and av in (_c.CATEGORY_DIGIT, _c.CATEGORY_UNI_DIGIT):
            digit = True
        else:
            return None  # negated sets, other categories
    if len(needles) > _MAX_NEEDLES:
        return None
    return tuple(sorted(needles)), digit


def _one_char(op: Any, av: Any) -> list[str] | None:
    """The needle characters one parsed item matches, when it is one literal or a small
    class of literals (``[o*]``); else None."""
    if op is _c.LITERAL:
        if av == _BRACE:
            raise _Refuse  # a fuzzy constraint to ``regex``
        ch = chr(av)
        return [ch.lower()] if _needle_char(ch) else None
    if op is _c.IN and len(av) <= _MAX_RUN_CLASS:
        chars: list[str] = []
        for item_op, item_av in av:
            if item_op is not _c.LITERAL:
                return None  # ranges, categories, negation
            ch = chr(item_av)
            if not _needle_char(ch):
                return None
            chars.append(ch.lower())
        return sorted(set(chars))
    return None


def _clauses(items: Any) -> list[Clause]:
    """Clauses every match of the parsed sequence ``items`` satisfies."""
    out: list[Clause] = []
    # the strings the characters matched since the last break can be: literals
    # and small classes in a row multiply out ("c[u*]nt": "cunt", "c*nt")
    run: list[str] = [""]

    def flush() -> None:
        nonlocal run
        if run[0]:
            out.append((tuple(sorted(set(run))), False))
        run = [""]

    def extend(chars: list[str]) -> None:
        nonlocal run
        if len(run) * len(chars) > _MAX_RUN_STRINGS:
            flush()
        run = [r + c for r in run for c in chars]

    for op, av in items:
        chars = _one_char(op, av)
        if chars is not None:
            extend(chars)
            continue
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT) and av[0] >= 1 and len(av[2]) == 1:
            lo, hi, sub = av
            inner_chars = _one_char(*sub[0])
            if inner_chars is not None and lo <= 3:
                for _ in range(lo):  # the first ``lo`` copies follow on
                    extend(inner_chars)
                if hi != lo:
                    flush()  # more copies may follow
                continue
        flush()
        if op is _c.LITERAL:
            continue  # a character that cannot be a needle
        if op is _c.IN:
            cl = _class_clause(av)
            if cl is not None:
                out.append(cl)
        elif op is _c.SUBPATTERN:
            _group, add, _dele, sub = av
            if add & re.VERBOSE:
                raise _Refuse
            out.extend(_clauses(sub))
        elif op is _c.ATOMIC_GROUP:
            out.extend(_clauses(av))
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            lo, _hi, sub = av
            inner = _clauses(sub)  # always walked: a "{" anywhere refuses the pattern
            if lo >= 1:
                out.extend(inner)
        elif op is _c.BRANCH:
            # a match takes one alternative, so one clause of each alternative,
            # joined, is a clause of the whole: every such choice is one (the
            # best few of each alternative when there are few alternatives)
            per_alt = [sorted(_clauses(alt), key=_cost) for alt in av[1]]
            if all(per_alt):
                width = 3 if len(per_alt) <= 3 else 2 if len(per_alt) <= 5 else 1
                for combo in product(*(alt[:width] for alt in per_alt)):
                    needles = {n for cl in combo for n in cl[0]}
                    if len(needles) <= _MAX_NEEDLES:
                        out.append((tuple(sorted(needles)), any(cl[1] for cl in combo)))
        elif op in (_c.ASSERT, _c.ASSERT_NOT):
            _clauses(av[1])  # nothing required, but refuse a "{" inside
        elif op is _c.GROUPREF_EXISTS:
            for sub in av[1:]:
                if sub is not None:
                    _clauses(sub)
        # anchors, any character, negated literals, back references: nothing required
    flush()
    return out


@lru_cache(maxsize=4096)
def regex_needs(pattern: str, flags: int) -> Needs:
    """The clauses (most selective first, at most four) a match of ``pattern`` satisfies."""
    if flags & ~_FLAGS_OK:
        return ()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            parsed = _parser.parse(pattern, 0)
        if parsed.state.flags & re.VERBOSE:
            return ()
        found = _clauses(parsed)
    except (_Refuse, Exception):  # noqa: BLE001 - syntax the stdlib parser does not share: no gate
        return ()
    useful = sorted({cl for cl in found if _cost(cl) < 1.2}, key=_cost)
    # the cheapest clauses first, preferring ones that share nothing with those
    # already taken (clauses over the same words fail together)
    picked: list[Clause] = []
    for cl in useful:
        if len(picked) < _MAX_CLAUSES and all(
            not (cl[1] and p[1]) and set(cl[0]).isdisjoint(p[0]) for p in picked
        ):
            picked.append(cl)
    for cl in useful:
        if len(picked) < _MAX_CLAUSES and cl not in picked:
            picked.append(cl)
    return tuple(sorted(picked, key=_cost))


def needs_of(pattern: Any) -> Needs:
    """:func:`regex_needs` of a compiled ``regex`` pattern."""
    return regex_needs(pattern.pattern, pattern.flags)


class GateText:
    """One view's text as the gates read it: lower-cased, digits looked up once."""

    __slots__ = ("low", "_digit", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._digit: bool | None = None
        if text.isascii():
            self.low: str | None = text.lower()
        elif any(ch in text for ch in CASE_SPECIALS):
            self.low = None  # gates off: a needle could match unseen
        else:
            self.low = text.lower()

    def has_digit(self) -> bool:
        d = self._digit
        if d is None:
            text = self._text
            if text.isascii():
                d = _ASCII_DIGIT(text) is not None
            else:
                d = fused_search(_ANY_DIGIT, text) is not None
            self._digit = d
        return d

    def passes(self, needs: Needs) -> bool:
        """False only when no match of a pattern with these needs can exist in the text."""
        low = self.low
        if low is None:
            return True
        for needles, digit in needs:
            for n in needles:
                if n in low:
                    break
            else:
                if not (digit and self.has_digit()):
                    return False
        return True
