"""The pipelines behind each view, and the plain-text fast path.

Each view is a chain of small steps (one module each), every step a function
``MappedText -> MappedText`` whose output still maps to the ORIGINAL message:

- ``clean``  = :func:`~.invisible.strip_invisible` → :func:`~.unicode.keycaps`
  → :func:`~.unicode.fold_unicode` (case kept);
- ``folded`` = ``clean`` → :func:`~.unicode.lower`;
- ``digits`` = ``folded`` → :func:`~.digits.spell_digits`;
- ``squeezed`` = ``folded`` → :func:`~.spacing.join_spaced_letters` →
  :func:`~.leet.unleet` → :func:`~.leet.collapse_repeats`;
- ``deobfuscated`` = ``folded`` → :func:`~.spacing.join_spaced_addresses` →
  :func:`~.obfuscation.deobfuscate`.

:func:`is_plain` is True only for ASCII text on which none of the steps could
change anything, so every view is the lower-cased text with the identity
map.  It is the steps' cheap gates put together (byte sketches and substring
tests; see ``_gates``), not one regex over every alternative: that regex cost
~80 µs per message, the gates a few.
"""

from __future__ import annotations

from . import digits as _digits
from . import leet as _leet
from . import obfuscation as _obfuscation
from . import spacing as _spacing
from .digits import spell_digits
from .invisible import bidi_override_spans, strip_invisible
from .leet import collapse_repeats, unleet
from .mapped import MappedText
from .obfuscation import deobfuscate
from .spacing import join_spaced_addresses, join_spaced_letters
from .unicode import fold_unicode, keycaps, lower

__all__ = [
    "bidi_override_spans",
    "clean",
    "collapse_repeats",
    "deobfuscate",
    "deobfuscated",
    "digits",
    "fold_unicode",
    "is_plain",
    "join_spaced_addresses",
    "join_spaced_letters",
    "keycaps",
    "lower",
    "spell_digits",
    "squeeze",
    "strip_invisible",
    "unleet",
]

def is_plain(text: str) -> bool:
    """ASCII with nothing any step would undo: every view equals ``text.lower()``.

    The conjunction of the steps' gates (see ``_gates``): a few byte-level
    sketches and substring tests, and a small precise regex only where a
    sketch shows the pieces of an evasion.
    """
    if not text.isascii():
        return False
    low = text.lower()
    return not (
        _digits.might_change(low)
        or _spacing.might_change(low)
        or _leet.unleet_might_change(low)
        or _leet.repeats_might_change(low)
        or _obfuscation.might_change(low)
    )


def clean(text: str) -> MappedText:
    """The ``clean`` view of an original message (identity for ASCII)."""
    view = MappedText.identity(text)
    if text.isascii():
        return view
    return fold_unicode(keycaps(strip_invisible(view)))


def digits(view: MappedText) -> MappedText:
    """The ``digits`` view from ``folded``."""
    return spell_digits(view)


def squeeze(view: MappedText) -> MappedText:
    """The ``squeezed`` view from ``folded``."""
    return collapse_repeats(unleet(join_spaced_letters(view)))


def deobfuscated(view: MappedText) -> MappedText:
    """The ``deobfuscated`` view from ``folded``."""
    return deobfuscate(join_spaced_addresses(view))
