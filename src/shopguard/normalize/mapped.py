"""Text with an origin map back to the original message.

Every character of a normalised view remembers the slice of the ORIGINAL
string it came from (``starts[i]``, ``ends[i]``), so a match found on any view
is reported on the characters the seller actually typed.  One original
character may give several output characters (NFKC of "ﬁ") and several
original characters may give one ("5️⃣" → "5", "dot" → "."): both stay
correct because each output character carries its own start *and* end.

``starts is None`` means the identity map (the fast path for plain text).
"""

from __future__ import annotations

from dataclasses import FrozenInstanceError


class _MappedSlots:
    """The storage of :class:`MappedText` (and of :class:`_OpenMapped`)."""

    __slots__ = ("text", "starts", "ends")


class MappedText(_MappedSlots):
    """A view of the message: ``text`` plus, per character, its origin slice.

    Immutable, compared by identity (``view is folded`` means "nothing
    changed").  Written by hand rather than as a frozen dataclass: a frozen
    dataclass's ``__init__`` goes through ``object.__setattr__`` per field
    (about 0.6 µs a view on the project's machine, a quarter of the plain fast
    path); the slot setters below take about half that, and :func:`mapped`
    (used inside ``normalize``) about a third.
    """

    __slots__ = ()
    __match_args__ = ("text", "starts", "ends")

    text: str
    starts: list[int] | None
    ends: list[int] | None

    def __init__(self, text: str, starts: list[int] | None = None, ends: list[int] | None = None) -> None:
        _set_text(self, text)
        _set_starts(self, starts)
        _set_ends(self, ends)

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __repr__(self) -> str:
        return f"MappedText(text={self.text!r}, starts={self.starts!r}, ends={self.ends!r})"

    def __reduce__(self) -> tuple:
        return (MappedText, (self.text, self.starts, self.ends))

    @classmethod
    def identity(cls, text: str) -> "MappedText":
        return cls(text, None, None)

    @property
    def is_identity(self) -> bool:
        return self.starts is None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map the view span [start, end) to a span of the original text."""
        if self.starts is None or self.ends is None:
            return start, end
        if end <= start:
            if start < len(self.starts):
                o = self.starts[start]
            elif self.ends:
                o = self.ends[-1]
            else:
                o = 0
            return o, o
        return self.starts[start], self.ends[end - 1]

    def origin(self, index: int) -> int:
        """Original index of view character ``index``."""
        return index if self.starts is None else self.starts[index]


_set_text = _MappedSlots.__dict__["text"].__set__
_set_starts = _MappedSlots.__dict__["starts"].__set__
_set_ends = _MappedSlots.__dict__["ends"].__set__


class _OpenMapped(_MappedSlots):
    """Same layout as :class:`MappedText` without the frozen ``__setattr__``:
    :func:`mapped` fills one in and then makes it a ``MappedText``."""

    __slots__ = ()


_new_open = object.__new__


def mapped(text: str, starts: list[int] | None = None, ends: list[int] | None = None) -> MappedText:
    """``MappedText(text, starts, ends)``, built faster (plain attribute stores on
    an :class:`_OpenMapped`, then a class switch to the frozen class)."""
    m = _new_open(_OpenMapped)
    m.text = text
    m.starts = starts
    m.ends = ends
    m.__class__ = MappedText
    return m  # type: ignore[return-value]


class MappedBuilder:
    """Accumulates output characters together with their origin slices."""

    __slots__ = ("_parts", "_starts", "_ends")

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._starts: list[int] = []
        self._ends: list[int] = []

    def add(self, chars: str, start: int, end: int) -> None:
        """Append ``chars``, all of which come from original[start:end]."""
        if not chars:
            return
        self._parts.append(chars)
        n = len(chars)
        self._starts.extend([start] * n)
        self._ends.extend([end] * n)

    def add_identity_run(self, view: MappedText, start: int, end: int) -> None:
        """Copy ``view.text[start:end]`` unchanged, keeping its origin slices.

        The bulk path of every step: unchanged stretches between matches are
        copied with one slice per call, never character by character (for
        the identity map the origins are just ``range``).
        """
        if end <= start:
            return
        self._parts.append(view.text[start:end])
        self._extend_origins(view, start, end)

    def add_substituted_run(self, chars: str, view: MappedText, start: int, end: int) -> None:
        """Append ``chars`` (as long as ``view.text[start:end]``) in place of that
        run, character for character: each keeps the origin slice of the view
        character it replaces, as ``add_from(c, view, k, k + 1)`` for each would
        (leetspeak undone letter by letter), in one call."""
        if end <= start:
            return
        self._parts.append(chars)
        self._extend_origins(view, start, end)

    def _extend_origins(self, view: MappedText, start: int, end: int) -> None:
        """The origin slices of ``view`` characters ``start:end``, one per character."""
        if view.starts is None or view.ends is None:
            self._starts.extend(range(start, end))
            self._ends.extend(range(start + 1, end + 1))
        else:
            self._starts.extend(view.starts[start:end])
            self._ends.extend(view.ends[start:end])

    def add_chars_at(self, view: MappedText, positions: list[int]) -> None:
        """Copy the single characters ``view.text[p]`` for ``p`` in ``positions``
        (in order), each keeping its origin slice: ``add_identity_run(view, p,
        p + 1)`` for each, in one call (spaced letters being joined)."""
        if not positions:
            return
        text = view.text
        self._parts.append("".join([text[p] for p in positions]))
        if view.starts is None or view.ends is None:
            self._starts.extend(positions)
            self._ends.extend([p + 1 for p in positions])
        else:
            vs, ve = view.starts, view.ends
            self._starts.extend([vs[p] for p in positions])
            self._ends.extend([ve[p] for p in positions])

    def add_from(self, chars: str, view: MappedText, start: int, end: int) -> None:
        """Append ``chars``, all of which replace ``view.text[start:end]`` (start < end).

        Every output character maps to the whole original slice behind the
        replaced region, so a match on any of them points at all of it.
        """
        if not chars or end <= start:
            return
        s, e = view.span(start, end)
        self.add(chars, s, e)

    def extend_last(self, end: int) -> bool:
        """Widen the origin of the last character added so far to end at ``end``.

        Used when an input character is dropped (a combining mark, a variation
        selector, a keycap sign): it is glued to the character it decorates,
        so a span ending there covers the whole grapheme.  Returns False
        (and does nothing) when nothing was added yet or ``end`` is not past
        the current end.
        """
        if not self._ends or end <= self._ends[-1]:
            return False
        self._ends[-1] = end
        return True

    @property
    def last_end(self) -> int:
        """Original end of the last character added (-1 when empty)."""
        return self._ends[-1] if self._ends else -1

    def build(self) -> MappedText:
        return mapped("".join(self._parts), self._starts, self._ends)


def compose(outer: MappedText, inner_of_outer: MappedText) -> MappedText:
    """Chain maps: ``inner_of_outer`` was computed from ``outer.text``.

    The result maps ``inner_of_outer.text`` straight to the original that
    ``outer`` maps to.
    """
    if inner_of_outer.starts is None or inner_of_outer.ends is None:
        return mapped(inner_of_outer.text, outer.starts, outer.ends)
    if outer.starts is None or outer.ends is None:
        return inner_of_outer
    os_, oe = outer.starts, outer.ends
    starts = [os_[i] if i < len(os_) else (oe[-1] if oe else 0) for i in inner_of_outer.starts]
    ends = [oe[j - 1] if j > 0 else (os_[0] if os_ else 0) for j in inner_of_outer.ends]
    return mapped(inner_of_outer.text, starts, ends)
