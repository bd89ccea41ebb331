"""Views of one message, computed lazily, each mapped back to the original.

Detectors and rules ask for the view that suits them:

- ``original``: the message as typed (str);
- ``clean``: NFKC, homoglyphs folded to Latin, invisible characters removed,
  emoji keycaps made digits; case kept (checksums of wallets need it);
- ``folded``: ``clean`` lower-cased: the view keyword rules run on;
- ``digits``: ``folded`` with spelled-out numbers made digits ("four one
  five" → "4 1 5"): the view phone and account detectors run on;
- ``squeezed``: ``folded`` with spaced letters joined, leetspeak undone and
  letter runs shortened ("w h a t s a p p", "p@yp@l"): a second keyword view;
- ``deobfuscated``: ``folded`` with "(dot)", " dot ", "[at]" … made "." and
  "@" inside e-mail- and URL-shaped runs, and spaced-out addresses joined
  ("w w w . x . c o m"): the view link and e-mail detectors run on.

Plain ASCII text with nothing to undo takes the fast path: every view is the
lower-cased text with the identity map, one object (``steps.is_plain``).
Otherwise a step whose gate stays quiet (``steps.gate_mask``, run once per
message) is skipped and its input passed on unchanged (the same object), so
``view is folded`` is a valid "nothing changed" test.

The pipelines are in ``steps``; each step is its own module (``invisible``,
``unicode``, ``digits``, ``spacing``, ``leet``, ``obfuscation``).
"""

from __future__ import annotations

from operator import attrgetter

from . import spacing as _spacing
from . import steps
from .mapped import MappedText, mapped


class Views:
    """Lazily built normalised views of one message (per call, never shared).

    The first view asked for (``folded`` or any later one, or ``plain``)
    settles the message: for ASCII text it lower-cases it and runs every
    step's gate once (``steps.gate_mask``).  Plain text then turns the object
    into a :class:`_PlainViews`, whose views are all the one ``folded``
    object, read without a Python call (the engine and every detector read
    views many times a message); otherwise each view runs only the steps
    whose gates fired.  ``clean`` alone settles nothing.
    """

    __slots__ = ("original", "_clean", "_folded", "_digits", "_squeezed", "_deobf", "_mask", "_spaced")

    def __init__(self, original: str) -> None:
        self.original = original
        self._clean = self._folded = self._digits = self._squeezed = self._deobf = None
        self._spaced: list | None = None  # spacing.spaced_runs(folded), shared by two views
        self._mask: int | None = None  # gate mask of folded; -1: not made yet (non-ASCII)

    def _settle(self) -> MappedText:
        """Make ``folded``; on ASCII text also the gate mask, and switch a plain one
        to :class:`_PlainViews`."""
        original = self.original
        if original.isascii():
            low = original.lower()
            folded = self._folded = mapped(low)
            m = self._mask = steps.gate_mask(low)
            if not m and type(self) is Views:  # (a subclass keeps its class: the views
                self.__class__ = _PlainViews  # check the mask instead)
        else:
            folded = self._folded = steps.lower(self.clean)
            self._mask = -1
        return folded

    def _gate_mask(self) -> int:
        """``steps.gate_mask`` of ``folded``: which steps may change it."""
        m = self._mask
        if m is None or m < 0:
            m = self._mask = steps.gate_mask(self.folded.text)
        return m

    @property
    def plain(self) -> bool:
        """True when the message is ASCII with no evasion signal at all (``steps.is_plain``)."""
        if self._folded is None:
            self._settle()
        return self._mask == 0 and self.original.isascii()

    @property
    def clean(self) -> MappedText:
        v = self._clean
        if v is None:
            original = self.original
            v = self._clean = mapped(original) if original.isascii() else steps.clean(original)
        return v

    @property
    def folded(self) -> MappedText:
        v = self._folded
        if v is None:
            v = self._settle()
        return v

    @property
    def digits(self) -> MappedText:
        v = self._digits
        if v is None:
            folded = self._folded or self._settle()
            if self._mask == 0:
                return folded
            v = self._digits = steps.digits(folded, self._gate_mask())
        return v

    @property
    def squeezed(self) -> MappedText:
        v = self._squeezed
        if v is None:
            folded = self._folded or self._settle()
            if self._mask == 0:
                return folded
            mask = self._gate_mask()
            v = self._squeezed = steps.squeeze(folded, mask, self._spaced_runs(folded, mask))
        return v

    @property
    def deobfuscated(self) -> MappedText:
        v = self._deobf
        if v is None:
            folded = self._folded or self._settle()
            if self._mask == 0:
                return folded
            mask = self._gate_mask()
            v = self._deobf = steps.deobfuscated(folded, mask, self._spaced_runs(folded, mask))
        return v

    def _spaced_runs(self, folded: MappedText, mask: int) -> list | None:
        """Spaced-letter runs of ``folded``, found once for ``squeezed`` and
        ``deobfuscated`` (None when the step's gate is quiet)."""
        if not mask & steps.SPACED:
            return None
        runs = self._spaced
        if runs is None:
            runs = self._spaced = _spacing.spaced_runs(folded)
        return runs

    def view(self, name: str) -> MappedText:
        """A view by name (``original`` gives the identity-mapped original)."""
        if name == "original":
            return MappedText.identity(self.original)
        return getattr(self, name)  # type: ignore[no-any-return]


class _PlainViews(Views):
    """A :class:`Views` whose message turned out plain: every view past
    ``clean`` is the one ``folded`` object (the lower-cased text, identity map)."""

    __slots__ = ()

    plain = True  # type: ignore[assignment]
    folded = digits = squeezed = deobfuscated = property(attrgetter("_folded"))  # type: ignore[assignment]


VIEW_NAMES = ("original", "clean", "folded", "digits", "squeezed", "deobfuscated")
