"""A ``Views`` with some views replaced, shared by the detector tests.

Lets a detector test feed what a normalisation step another module owns
would produce (squeezed, digits, deobfuscated) without depending on that step.
"""

from __future__ import annotations

from shopguard.normalize import MappedText, Views


class FakeViews:
    def __init__(self, original: str, **over: MappedText) -> None:
        real = Views(original)
        self.original = original
        self.plain = False
        for name in ("clean", "folded", "digits", "squeezed", "deobfuscated"):
            setattr(self, name, over.get(name) or getattr(real, name))
