"""Shared helpers for the normalisation tests."""

from __future__ import annotations

from shopguard.normalize import MappedText, Views

VIEWS = ("clean", "folded", "digits", "squeezed", "deobfuscated")


def check_map(view: MappedText, original: str) -> None:
    """The invariants every view's origin map must keep."""
    n = len(view.text)
    if view.starts is None:
        assert view.ends is None
        assert n == len(original)
        return
    assert view.ends is not None
    assert len(view.starts) == len(view.ends) == n
    prev_s = prev_e = 0
    for s, e in zip(view.starts, view.ends):
        assert 0 <= s < e <= len(original), (s, e, len(original))
        assert s >= prev_s and e >= prev_e, "origin map must be monotone"
        prev_s, prev_e = s, e


def check_all(text: str) -> Views:
    v = Views(text)
    for name in VIEWS:
        view = v.view(name)
        check_map(view, text)
        n = len(view.text)
        for a, b in ((0, n), (0, 0), (n, n), (n // 3, max(n // 3, n - 1))):
            s, e = view.span(a, b)
            assert 0 <= s <= e <= len(text)
    return v


def origin(views: Views, name: str, needle: str) -> str:
    """The original text behind the first occurrence of ``needle`` in a view."""
    view = views.view(name)
    i = view.text.index(needle)
    s, e = view.span(i, i + len(needle))
    return views.original[s:e]
