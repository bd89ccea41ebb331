"""Detector plugins and their registry.

A detector module defines one ``Detector`` subclass and registers it with
``@register``; rule packs name the entity *kinds* detectors emit.  Adding a
detector is: write the module, decorate the class, import it in
``_BUILTIN_MODULES``.
"""

from __future__ import annotations

import importlib

from .base import Detector, DetectorConfig, Entity, ScanContext

_REGISTRY: dict[str, type[Detector]] = {}
_BUILTINS_LOADED = False

_BUILTIN_MODULES: tuple[str, ...] = (
    "links",
    "emails",
    "phones",
    "messaging",
    "payments",
    "financial",
    "pointers",
    "addresses",
    "fees",
    "listing",
    "signals",
)


def register(cls: type[Detector]) -> type[Detector]:
    """Class decorator: make a detector available by its ``name``."""
    if cls.name in _REGISTRY and _REGISTRY[cls.name] is not cls:
        raise ValueError(f"detector name {cls.name!r} registered twice")
    _REGISTRY[cls.name] = cls
    return cls


def _load_builtins() -> None:
    global _BUILTINS_LOADED
    _BUILTINS_LOADED = True
    for mod in _BUILTIN_MODULES:
        try:
            importlib.import_module(f"{__name__}.{mod}")
        except ModuleNotFoundError as exc:  # a module not written yet
            if exc.name != f"{__name__}.{mod}":
                raise


def registry() -> dict[str, type[Detector]]:
    """All registered detector classes by name (built-ins loaded on first call)."""
    if not _BUILTINS_LOADED:
        _load_builtins()
    return dict(_REGISTRY)


def known_kinds() -> frozenset[str]:
    """Every entity kind some registered detector can emit."""
    kinds: set[str] = set()
    for cls in registry().values():
        kinds |= cls.kinds
    return frozenset(kinds)


__all__ = ["Detector", "DetectorConfig", "Entity", "ScanContext", "known_kinds", "register", "registry"]
