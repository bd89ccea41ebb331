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
lower-cased text with the identity map, computed once (``steps.is_plain``).
Otherwise each step still checks a cheap gate first and returns its input
unchanged (the same object) when it has nothing to do, so ``view is folded``
is a valid "nothing changed" test.

The pipelines are in ``steps``; each step is its own module (``invisible``,
``unicode``, ``digits``, ``spacing``, ``leet``, ``obfuscation``).
"""

from __future__ import annotations

from .mapped import MappedText
from . import steps


class Views:
    """Lazily built normalised views of one message (per call, never shared)."""

    __slots__ = ("original", "_clean", "_folded", "_digits", "_squeezed", "_deobf", "_plain")

    def __init__(self, original: str) -> None:
        self.original = original
        self._clean: MappedText | None = None
        self._folded: MappedText | None = None
        self._digits: MappedText | None = None
        self._squeezed: MappedText | None = None
        self._deobf: MappedText | None = None
        self._plain: bool | None = None

    @property
    def plain(self) -> bool:
        """True when the message is ASCII with no evasion signal at all."""
        if self._plain is None:
            self._plain = steps.is_plain(self.original)
        return self._plain

    @property
    def clean(self) -> MappedText:
        if self._clean is None:
            if self.original.isascii():
                self._clean = MappedText.identity(self.original)
            else:
                self._clean = steps.clean(self.original)
        return self._clean

    @property
    def folded(self) -> MappedText:
        if self._folded is None:
            self._folded = steps.lower(self.clean)
        return self._folded

    @property
    def digits(self) -> MappedText:
        if self._digits is None:
            self._digits = self.folded if self.plain else steps.digits(self.folded)
        return self._digits

    @property
    def squeezed(self) -> MappedText:
        if self._squeezed is None:
            self._squeezed = self.folded if self.plain else steps.squeeze(self.folded)
        return self._squeezed

    @property
    def deobfuscated(self) -> MappedText:
        if self._deobf is None:
            self._deobf = self.folded if self.plain else steps.deobfuscated(self.folded)
        return self._deobf

    def view(self, name: str) -> MappedText:
        """A view by name (``original`` gives the identity-mapped original)."""
        if name == "original":
            return MappedText.identity(self.original)
        return getattr(self, name)  # type: ignore[no-any-return]


VIEW_NAMES = ("original", "clean", "folded", "digits", "squeezed", "deobfuscated")
