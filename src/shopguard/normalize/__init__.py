"""Normalisation: views of a message with origin maps to the original."""

from .mapped import MappedBuilder, MappedText, compose
from .views import VIEW_NAMES, Views

__all__ = ["MappedBuilder", "MappedText", "VIEW_NAMES", "Views", "compose"]
