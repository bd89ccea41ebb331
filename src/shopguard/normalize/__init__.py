"""Normalisation: views of a message with origin maps to the original.

``Views`` is what detectors use; the step functions are public for tools and
tests (each ``MappedText -> MappedText``, see ``steps``), and
``bidi_override_spans`` lets a detector report bidi override characters.
"""

from .invisible import bidi_override_spans
from .mapped import MappedBuilder, MappedText, compose
from .steps import is_plain
from .views import VIEW_NAMES, Views

__all__ = [
    "MappedBuilder",
    "MappedText",
    "VIEW_NAMES",
    "Views",
    "bidi_override_spans",
    "compose",
    "is_plain",
]
