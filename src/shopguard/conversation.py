"""Conversation context: history turns, repeated messages, split contact details.

Three things live here:

- ``similarity`` / ``signature``: how alike two messages are, on normalised
  text, so a re-sent advertisement is recognised even when it is re-spaced,
  re-cased or decorated ("💥 B L A C K  F R I D A Y 💥 deals live now" is the
  same ad as "💥 Black Friday deals live now 💥").
- ``add_split_entities``: contact details typed over several consecutive
  SELLER messages ("415" … "555" … "0134", "kayla.kloset" … "at gmail" …
  "dot com", "glowhaus-beauty" … ".shop").  The engine calls it for a seller
  message that has seller turns in its history: the recent seller fragments
  and the current message are joined, the contact detectors run on the joined
  text, and entities that take in an earlier fragment AND the current message
  are added to the current message's entities, clipped to its characters,
  with ``Entity.related`` naming the history turns that took part.  Customer
  messages never take part (they do not break the chain either), so a
  customer's own number never counts against the seller.
- ``Conversation``: a bounded, serialisable conversation for chat backends
  that see one message at a time; it gives the same verdicts as passing the
  same (bounded) history to ``Moderator.check``.
"""

from __future__ import annotations

from collections import deque
from datetime import datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Iterable, Sequence

import regex
from pydantic import BaseModel, ConfigDict, Field

from .models import Listing, Turn, Verdict
from .normalize import Views
from .rules.phrases import tokenize

if TYPE_CHECKING:
    from .detectors.base import Detector, Entity
    from .engine import Scan
    from .moderator import Moderator

# ---------------------------------------------------------------------------
# Similarity of two messages


class Signature(tuple):  # type: ignore[type-arg]
    """(word set, character-trigram set) of a message's squeezed view."""

    __slots__ = ()


@lru_cache(maxsize=4096)
def signature(text: str) -> Signature:
    """What ``similarity`` compares: the words and the letter/digit trigrams.

    Words come from the squeezed view (spaced letters joined, leetspeak undone
    where the normaliser does that); the trigrams are taken over the letters
    and digits only, with every space and symbol removed, so re-spacing or
    moving an emoji does not change them.
    """
    view = Views(text).squeezed.text
    words = frozenset(tokenize(view).keys)
    compact = "".join(ch for ch in view if ch.isalnum())
    if len(compact) < 3:
        grams = frozenset((compact,)) if compact else frozenset()
    else:
        grams = frozenset(compact[i : i + 3] for i in range(len(compact) - 2))
    return Signature((words, grams))


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


def signature_similarity(a: Signature, b: Signature) -> float:
    """Similarity of two signatures (0..1): the larger of word and trigram Jaccard."""
    return max(_jaccard(a[0], b[0]), _jaccard(a[1], b[1]))


def similarity(a: str, b: str) -> float:
    """How alike two messages are after normalisation (0..1; 1 = the same text).

    The larger of the Jaccard similarity of their word sets and of their
    letter/digit trigram sets (see ``signature``).
    """
    return signature_similarity(signature(a), signature(b))


# ---------------------------------------------------------------------------
# History input


def coerce_history(history: Iterable[Any] | None) -> tuple[Turn, ...]:
    """Accept dicts or Turn objects (or anything with .role/.text)."""
    if not history:
        return ()
    out: list[Turn] = []
    for i, t in enumerate(history):
        if isinstance(t, Turn):
            out.append(t)
        elif isinstance(t, dict):
            out.append(Turn.model_validate(t))
        elif hasattr(t, "role") and hasattr(t, "text"):
            out.append(
                Turn(
                    role=t.role,
                    text=t.text,
                    timestamp=getattr(t, "timestamp", None),
                    id=getattr(t, "id", None),
                )
            )
        else:
            raise TypeError(
                f"history[{i}] must be a dict or Turn with role and text, not {type(t).__name__}"
            )
    return tuple(out)


# ---------------------------------------------------------------------------
# Contact details split over several seller messages

JOIN_KINDS: frozenset[str] = frozenset({"phone", "email", "url", "handle"})
"""Entity kinds that are looked for across message boundaries."""

MAX_FRAGMENTS = 6
"""At most this many earlier seller messages are joined with the current one."""
MAX_LOOKBACK_TURNS = 20
"""…found among at most this many most recent turns (customer turns included)."""
WINDOW_SECONDS = 600.0
"""With timestamps, an earlier seller message older than this (before the
newest turn) is not joined."""
FRAGMENT_CHARS = 100
"""Only the last ~100 characters of an earlier message (the first ~100 of the
current one) can take part; a longer earlier message ends the chain."""

_GLUE_AFTER = ("@", "www.", "://", "http:", "https:")
_GLUE_BEFORE = (".", "@", "-", "_")


def _tail(text: str) -> tuple[int, bool]:
    """Offset where the usable tail of an earlier message starts; True when cut."""
    if len(text) <= FRAGMENT_CHARS:
        return 0, False
    cut = len(text) - FRAGMENT_CHARS
    sp = text.find(" ", cut)
    return (sp + 1 if 0 <= sp < len(text) - 1 else cut), True


def _head(text: str) -> str:
    """The first ~100 characters of the current message, ending at a space."""
    if len(text) <= FRAGMENT_CHARS:
        return text
    sp = text.find(" ", FRAGMENT_CHARS)
    if sp < 0 or sp > 2 * FRAGMENT_CHARS:
        return text[: 2 * FRAGMENT_CHARS]
    return text[:sp]


def _seconds(later: datetime, earlier: datetime) -> float | None:
    try:
        return (later - earlier).total_seconds()
    except TypeError:  # naive and aware datetimes mixed: no time window
        return None


def seller_fragments(
    history: Sequence[Turn],
    max_fragments: int = MAX_FRAGMENTS,
    window_seconds: float | None = WINDOW_SECONDS,
) -> list[tuple[int, int]]:
    """(history index, start offset of the usable tail) of the trailing seller turns, oldest first.

    Customer turns are skipped (they neither take part nor break the chain);
    the walk stops after ``max_fragments`` seller turns, ``MAX_LOOKBACK_TURNS``
    turns, a seller turn too long to be a fragment, or (with timestamps) a
    turn older than ``window_seconds`` before the newest timestamped turn.
    """
    out: list[tuple[int, int]] = []
    ref: datetime | None = None
    lo = max(0, len(history) - MAX_LOOKBACK_TURNS)
    for i in range(len(history) - 1, lo - 1, -1):
        turn = history[i]
        ts = turn.timestamp
        if ts is not None and window_seconds is not None:
            if ref is None:
                ref = ts
            else:
                age = _seconds(ref, ts)
                if age is not None and age > window_seconds:
                    break
        if turn.role != "seller":
            continue
        if not turn.text.strip():
            continue
        start, cut = _tail(turn.text)
        out.append((i, start))
        if cut or len(out) >= max_fragments:
            break
    out.reverse()
    return out


_LEAD_DIGITS = regex.compile(r"^\d+")
_TRAIL_DIGITS = regex.compile(r"\d+$")


def _separator(before: str, after: str) -> str:
    """How two fragments are glued.

    Nothing inside an address ("glowhaus" + ".shop", "kayla@" + "gmail.com",
    "glowhaus" + "-beauty") or inside a digit group cut short ("4" + "15",
    "01" + "34"); a space everywhere else ("415" + "555" stays two groups).
    """
    b = before.rstrip()
    a = after.lstrip()
    if not b or not a:
        return " "
    if a.startswith(_GLUE_BEFORE) and (len(a) == 1 or a[1].isalnum()) and b[-1].isalnum():
        return ""
    if b.lower().endswith(_GLUE_AFTER) and a[0].isalnum():
        return ""
    if b.endswith("/") and a[0].isalnum() and "." in b.rsplit(None, 1)[-1]:
        return ""  # "bit.ly/" + "3GlwHs2"
    if b[-1].isdigit() and a[0].isdigit():
        tail = _TRAIL_DIGITS.search(b)
        head = _LEAD_DIGITS.match(a)
        if tail and head and min(len(tail.group()), len(head.group())) < 3:
            return ""
    return " "


def join_fragments(
    history: Sequence[Turn], fragments: Sequence[tuple[int, int]], current: str
) -> tuple[str, list[tuple[int, int, int, int]], int]:
    """The joined text, each fragment's (history index, joined start, joined end, offset in
    its turn), and where the current message starts in the joined text."""
    parts: list[str] = []
    ranges: list[tuple[int, int, int, int]] = []
    pos = 0
    prev = ""
    for idx, off in fragments:
        frag = history[idx].text[off:].rstrip()
        if parts:
            sep = _separator(prev, frag.lstrip())
            parts.append(sep)
            pos += len(sep)
        lead = len(frag) - len(frag.lstrip())
        frag = frag.lstrip()
        parts.append(frag)
        ranges.append((idx, pos, pos + len(frag), off + lead))
        pos += len(frag)
        prev = frag
    lead = len(current) - len(current.lstrip())
    head = current.lstrip()
    sep = _separator(prev, head)
    parts.append(sep)
    pos += len(sep)
    cur_start = pos - lead  # joined index of current[0] (may precede the separator's end)
    parts.append(head)
    return "".join(parts), ranges, cur_start


_CONTINUATION_WORDS = frozenset(
    "at dot com net org co io shop store www http https gmail yahoo hotmail outlook icloud aol "
    "proton protonmail mail live zero oh one two three four five six seven eight nine".split()
)


def _may_continue(text: str) -> bool:
    """Can the start of ``text`` continue a contact detail begun in an earlier message?

    An entity that spans into this message starts at its first word, so that
    word must look like a piece of one: digits (also spelled out, keycaps,
    fullwidth), address punctuation (".shop", "@gmail.com", "-beauty",
    "_official"), or a spelled separator or mail host ("at gmail", "dot com").
    Ordinary messages fail this test at once and cost nothing more.
    """
    head = text.lstrip()[:40]
    if not head:
        return False
    first = head.split(None, 1)[0]
    if not first.isascii():
        # keycaps, fullwidth and styled digits, homoglyphs: look at the normalised token
        first = Views(first).digits.text.strip()
        if not first:
            return False
    if any(c.isdigit() or c in ".@_-+(/#:" for c in first):
        return True
    word = first.lower().strip("!?,;'\"[](){}<>*")
    return word in _CONTINUATION_WORDS


def split_entities(
    text: str,
    history: Sequence[Turn],
    detectors: Sequence["Detector"],
    max_fragments: int = MAX_FRAGMENTS,
    window_seconds: float | None = WINDOW_SECONDS,
) -> list["Entity"]:
    """Contact entities that start in earlier seller messages and end in ``text``.

    Spans are clipped to ``text``; ``Entity.related`` lists the history
    indexes of the earlier messages that took part.
    """
    from .detectors.base import Entity

    if not _may_continue(text):
        return []
    dets = [d for d in detectors if (d.kinds & JOIN_KINDS) and not d.uses_context]
    if not dets:
        return []
    frags = seller_fragments(history, max_fragments, window_seconds)
    if not frags:
        return []
    head = _head(text)
    joined, ranges, cur_start = join_fragments(history, frags, head)
    head_start = cur_start + (len(head) - len(head.lstrip()))
    cur_end = cur_start + len(head)
    views = Views(joined)
    out: list[Entity] = []
    for det in dets:
        try:
            found = det.detect(views)
        except TimeoutError:
            continue
        for ent in found:
            if ent.kind not in JOIN_KINDS or ent.end <= head_start or ent.start >= head_start:
                continue
            related = tuple(i for i, s, e, _ in ranges if s < ent.end and ent.start < e)
            if not related:
                continue
            s = max(ent.start, head_start) - cur_start
            e = min(ent.end, cur_end) - cur_start
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if e <= s:
                continue
            parts = ", ".join(
                f"#{i}" + (f" (id {history[i].id})" if history[i].id else "") for i in related
            )
            evidence = f"split over earlier seller message(s) {parts} and this one"
            if ent.evidence:
                evidence = f"{ent.evidence}; {evidence}"
            out.append(
                Entity(
                    ent.kind,
                    s,
                    e,
                    ent.value,
                    ent.confidence,
                    ent.detector,
                    evidence,
                    ent.allowlisted,
                    related,
                )
            )
    return out


def add_split_entities(scan: "Scan", detectors: Sequence["Detector"]) -> None:
    """Add split contact entities to ``scan.entities`` (engine hook; seller messages only)."""
    found = split_entities(scan.text, scan.history, detectors)
    if not found:
        return
    for ent in found:
        same = scan.entities.setdefault(ent.kind, [])
        skip = False
        for other in list(same):
            if other.start < ent.end and ent.start < other.end or other.value == ent.value:
                if other.value == ent.value or not (ent.start <= other.start and other.end <= ent.end):
                    skip = True  # this message alone already shows it (or shows more)
                    break
                same.remove(other)  # a partial reading of what the joined text shows whole
        if not skip:
            same.append(ent)


# ---------------------------------------------------------------------------
# Streaming use


class ConversationState(BaseModel):
    """Everything a ``Conversation`` remembers (what ``to_json`` writes)."""

    model_config = ConfigDict(extra="forbid")

    version: int = 1
    max_turns: int = Field(default=50, ge=1, le=10_000)
    record_blocked: bool = False
    listing: Listing | None = None
    turns: list[Turn] = Field(default_factory=list)


class Conversation:
    """One chat, one message at a time, with bounded memory.

    ``conv = guard.conversation(max_turns=50, listing=...)``; then
    ``conv.add_customer(text)`` for each customer message and
    ``verdict = conv.check_seller(text)`` (alias ``send``) for each seller
    message.  Only the last ``max_turns`` turns are kept (a deque), and
    ``check_seller`` returns exactly what ``guard.check(text,
    history=conv.history, listing=conv.listing)`` returns, so
    ``Finding.related_turns`` index ``conv.history`` as it was before the
    call.  A seller message is recorded after the check unless its verdict
    blocks it (a blocked message never reached the customer); pass
    ``record_blocked=True`` to record those too.  ``to_json`` /
    ``Conversation.from_json(guard, s)`` save and restore the state.
    """

    __slots__ = ("guard", "_turns", "max_turns", "record_blocked", "listing")

    def __init__(
        self,
        guard: "Moderator",
        max_turns: int = 50,
        *,
        listing: Listing | dict[str, Any] | None = None,
        record_blocked: bool = False,
        turns: Iterable[Any] = (),
    ) -> None:
        if max_turns < 1:
            raise ValueError("max_turns must be at least 1")
        self.guard = guard
        self.max_turns = max_turns
        self.record_blocked = record_blocked
        self.listing = listing if listing is None or isinstance(listing, Listing) else Listing.model_validate(listing)
        self._turns: deque[Turn] = deque(coerce_history(list(turns)), maxlen=max_turns)

    # -- recording ---------------------------------------------------------------
    def _add(self, role: str, text: str, timestamp: datetime | str | None, id: str | None) -> Turn:
        if not isinstance(text, str):
            raise TypeError(f"message text must be str, not {type(text).__name__}")
        turn = Turn.model_validate({"role": role, "text": text, "timestamp": timestamp, "id": id})
        self._turns.append(turn)
        return turn

    def add_customer(self, text: str, *, timestamp: datetime | str | None = None, id: str | None = None) -> Turn:
        """Record a customer message (customer messages are context, never flagged)."""
        return self._add("customer", text, timestamp, id)

    def add_seller(self, text: str, *, timestamp: datetime | str | None = None, id: str | None = None) -> Turn:
        """Record a seller message without checking it (e.g. sent by another system)."""
        return self._add("seller", text, timestamp, id)

    def check_seller(
        self, text: str, *, timestamp: datetime | str | None = None, id: str | None = None
    ) -> Verdict:
        """Check a seller message against the conversation so far, then record it."""
        verdict = self.guard.check(text, history=self._turns, listing=self.listing)
        if self.record_blocked or verdict.action.value != "block":
            self._add("seller", text, timestamp, id)
        return verdict

    send = check_seller

    def check(self, text: str, *, role: str = "seller", **kwargs: Any) -> Verdict | None:
        """``check_seller`` for seller messages; customer messages are recorded and return None."""
        if role == "customer":
            self.add_customer(text, **kwargs)
            return None
        return self.check_seller(text, **kwargs)

    # -- state ------------------------------------------------------------------
    @property
    def history(self) -> tuple[Turn, ...]:
        """The remembered turns, oldest first (what ``check_seller`` passes as history)."""
        return tuple(self._turns)

    def __len__(self) -> int:
        return len(self._turns)

    def clear(self) -> None:
        self._turns.clear()

    def state(self) -> ConversationState:
        return ConversationState(
            max_turns=self.max_turns,
            record_blocked=self.record_blocked,
            listing=self.listing,
            turns=list(self._turns),
        )

    def to_json(self) -> str:
        return self.state().model_dump_json(exclude_defaults=False)

    @classmethod
    def from_state(cls, guard: "Moderator", state: ConversationState | dict[str, Any]) -> "Conversation":
        st = state if isinstance(state, ConversationState) else ConversationState.model_validate(state)
        return cls(
            guard, st.max_turns, listing=st.listing, record_blocked=st.record_blocked, turns=st.turns
        )

    @classmethod
    def from_json(cls, guard: "Moderator", data: str | bytes) -> "Conversation":
        return cls.from_state(guard, ConversationState.model_validate_json(data))

    def __repr__(self) -> str:
        return f"Conversation(turns={len(self._turns)}, max_turns={self.max_turns})"
