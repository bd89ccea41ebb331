"""E-mail addresses, including the upstream redaction mask ``__email__``.

The policy forbids sending e-mail addresses to customers.  An address is a
sane local part (dot-atoms of letters, digits and ``_ % + = -``, inner
apostrophes, or short quoted strings) then ``@`` then a host that ends in a
real public suffix (offline tldextract snapshot).  That rules out
"Coffee@Home", "@username", "me@3pm" and "5@$10" without a word list.  The
``user@host`` inside a URL (``http://user@example.com``) is the link
detector's, not an e-mail.

Gate: no "__email__" and no "@" with a local-part character before it and a
domain letter or digit after it (``_may_hold_email``, str methods) exits;
the scan takes the timeout fuse only on long texts (``_limits.fused_finditer``).
"""

from __future__ import annotations

import unicodedata

import regex

from .._limits import fused_finditer
from ..normalize import MappedText, Views
from . import register
from ._domains import split_host, tld_labels, typed_form, valid_label
from .base import Detector, DetectorConfig, Entity

_LC = r"\p{L}\p{N}\p{M}_%+=\-"  # local-part characters (sane subset of RFC 5322 atext)
_DC = r"\p{L}\p{N}\p{M}"  # domain letters (IDN included)
_ATOM = rf"[{_LC}]++(?:'[{_LC}]++)*+"
_QUOTED = r'"[^"\s@\\]{1,62}+"'

# Possessive runs and boundary look-behinds keep the scan linear: a failed
# attempt inside a run of local-part characters costs O(1).
_EMAIL = regex.compile(
    rf"""
    (?<![{_LC}.])
    (?P<local>(?:{_ATOM}|{_QUOTED})(?:\.(?:{_ATOM}|{_QUOTED}))*+)
    @
    (?P<domain>[{_DC}][{_DC}_.\-]{{0,252}}+)
    |
    (?<![\p{{L}}\p{{N}}])(?P<mask>__email__)(?![\p{{L}}\p{{N}}])
    """,
    regex.VERBOSE,
)

_DOMAIN_CHAR = regex.compile(rf"[{_DC}_.\-]")
_ASCII_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
_LOCAL_END = _ASCII_ALNUM | frozenset('_%+=-"')
"""ASCII characters that may end a local part (an atom's, or a quoted string's '"')."""


def _may_hold_email(t: str) -> bool:
    """False only when ``_EMAIL`` matches nothing in ``t``: no ``__email__``
    and no "@" with a local-part character (or '"') right before it and a
    domain letter or digit right after it (any non-ASCII character counts
    as both)."""
    if "__email__" in t:
        return True
    i = t.find("@")
    while i >= 0:
        if i > 0:
            a, b = t[i - 1], t[i + 1 : i + 2]
            if (a in _LOCAL_END or not a.isascii()) and b and (b in _ASCII_ALNUM or not b.isascii()):
                return True
        i = t.find("@", i + 1)
    return False

_URL_AUTH_STOP = frozenset("/?#()[]<>\"' \t\n")


@register
class EmailDetector(Detector):
    """E-mail addresses (kind ``email``); value is the lower-cased address."""

    name = "emails"
    kinds = frozenset({"email"})

    def __init__(self, config: DetectorConfig) -> None:
        super().__init__(config)
        tld_labels()  # split_host needs the suffix snapshot: load it now, not on the first message

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        tld_labels()  # likewise when unpickled in a fresh worker

    def quiet(self, text: str, low: str) -> bool:
        """No ``__email__`` mask and no "@" between a local-part and a domain character."""
        if "@" not in low and "__email__" not in low:
            return True  # the common case, without the call
        return not _may_hold_email(low)

    def detect(self, views: Views) -> list[Entity]:
        view = views.deobfuscated
        t = view.text
        if ("@" not in t and "__email__" not in t) or not _may_hold_email(t):
            return []
        out: list[Entity] = []
        original = views.original
        for m in list(fused_finditer(_EMAIL, t)):  # collected first: the fuse times the regex only
            if m.group("mask") is not None:
                s, e = m.span("mask")
                out.append(
                    self.entity(view, s, e, "email", "__email__", 0.8, "redacted e-mail mask (__email__)")
                )
                continue
            s = m.start()
            local = m.group("local")
            if len(local) > 64 or _in_url_authority(t, s):
                continue
            ds, de = m.span("domain")
            if de < len(t) and _DOMAIN_CHAR.match(t, de):  # one character: no fuse needed
                continue  # domain run longer than any host name
            end = _valid_domain_end(views, t, view, ds, de)
            if end < 0:
                continue
            os_, oe = view.span(s, end)
            typed = typed_form(original[os_:oe])
            address = t[s:end]
            evidence, conf = "e-mail address", 0.95
            lookalike = False
            if t.endswith("mailto:", 0, s):
                evidence = "mailto: link"
            if "@" not in typed or typed.count(".") < address.count("."):
                evidence, conf = "obfuscated e-mail address", 0.9
            elif typed != address and typed.count("@") == 1 and not any(c.isspace() for c in typed):
                # the address as typed: look-alike letters make a different mailbox
                if address.isascii() and not typed.isascii():
                    lookalike = True
                    evidence += f", look-alike letters (reads as {address})"
                address = typed
            raw = original[os_:oe]
            if not raw.isascii() and any(unicodedata.category(c) == "Cf" for c in raw):
                evidence += ", hidden characters"
            domain = address.rpartition("@")[2]
            allowed = not lookalike and self.config.host_allowed(domain)
            out.append(self.entity(view, s, end, "email", address, conf, evidence, allowed))
        return out


def _in_url_authority(t: str, s: int) -> bool:
    """True for "http://user@host": the "@" is a URL's user info, not an e-mail."""
    k = t.rfind("://", max(0, s - 300), s)
    if k < 0:
        return False
    return not any(c in _URL_AUTH_STOP for c in t[k + 3 : s])


def _valid_domain_end(views: Views, t: str, view: MappedText, ds: int, de: int) -> int:
    """End of the longest prefix of the domain run ``t[ds:de]`` that is a host
    with a real public suffix, or -1.

    Trailing dots/hyphens go ("a@b.com."); trailing words may go too
    ("a@shop.com.Thanks" typed without a space).  The suffix is checked on
    the view and, when look-alike letters were folded, on the host as typed
    ("a@почта.рф").
    """
    run = t[ds:de].rstrip(".-_")
    labels = run.split(".")
    if len(labels) < 2:
        return -1
    for drop in range(0, min(3, len(labels) - 1)):
        if drop and not labels[-drop].isalpha():
            break
        cand = labels[: len(labels) - drop]
        if not all(valid_label(x) for x in cand):
            continue
        last = cand[-1]
        if not (last.isalpha() or last.startswith("xn--")):
            continue
        host = ".".join(cand)
        end = ds + len(host)
        if split_host(host) is not None:
            return end
        os_, oe = view.span(ds, end)
        typed = typed_form(views.original[os_:oe])
        if typed != host and typed.count(".") == host.count(".") and split_host(typed) is not None:
            return end
    return -1


__all__ = ["EmailDetector"]
