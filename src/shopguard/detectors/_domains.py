"""Public-suffix checks shared by the link and e-mail detectors.

One ``tldextract.TLDExtract`` per process, built to read ONLY the Public
Suffix List snapshot bundled with the package: no ``suffix_list_urls`` (so it
never fetches) and ``cache_dir=None`` (so it never writes).  Lookups are pure
functions of the host and are memoised, because the same few hosts recur in
message after message.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import NamedTuple

import tldextract


@lru_cache(maxsize=1)
def extractor() -> tldextract.TLDExtract:
    """The offline extractor (built on first use; snapshot only, no I/O but reading the package)."""
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True)


class HostParts(NamedTuple):
    """A host split at its public suffix."""

    registered: str
    """Registrable domain: the label before the suffix plus the suffix (``shop.co.uk``)."""
    suffix: str
    """The public suffix (``co.uk``); ICANN section only, private suffixes excluded."""
    tld: str
    """The last label of the suffix (``uk``), lower-case, as typed (punycode stays punycode)."""


@lru_cache(maxsize=1)
def tld_labels() -> frozenset[str]:
    """Every last label of a public suffix, in Unicode and punycode forms.

    A cheap set test that rejects ``image.png`` or ``v1.2`` before the
    (memoised, but slower) full suffix walk.
    """
    labels: set[str] = set()
    for suffix in extractor().tlds:
        last = suffix.rsplit(".", 1)[-1].lstrip("!*")
        if last:
            labels.add(last)
    # punycode forms: once per distinct label (the idna codec is slow; 444 suffixes, far fewer labels)
    for last in [label for label in labels if not label.isascii()]:
        try:
            labels.add(last.encode("idna").decode("ascii"))
        except UnicodeError:
            pass
    return frozenset(labels)


@lru_cache(maxsize=16384)
def split_host(host: str) -> HostParts | None:
    """``host`` split at a real public suffix, or None when it has none.

    ``host`` must be lower-case without a trailing dot.  None also when there
    is no label before the suffix (``co.uk``) or the last label is not a TLD.
    """
    tld = host.rpartition(".")[2]
    if tld not in tld_labels():
        return None
    parts = extractor().extract_str(host)
    if not parts.suffix or not parts.domain:
        return None
    return HostParts(f"{parts.domain}.{parts.suffix}", parts.suffix, tld)


def is_ipv4(host: str) -> bool:
    """Dotted-quad IPv4 with every octet 0-255 and no empty label."""
    octets = host.split(".")
    if len(octets) != 4:
        return False
    for o in octets:
        if not o.isdigit() or not o.isascii() or len(o) > 3 or int(o) > 255:
            return False
    return True


def valid_label(label: str) -> bool:
    """A DNS (or IDN) label: 1-63 chars, no underscore, no leading/trailing hyphen."""
    return (
        0 < len(label) <= 63
        and "_" not in label
        and label[0] != "-"
        and label[-1] != "-"
    )


def typed_form(text: str) -> str:
    """``text`` as a browser or mail client would read it: NFKC, lower-case,
    format characters (zero-width joiners ...) dropped - but look-alike
    letters kept, unlike the ``folded`` view, because "tiktоk.com" with a
    Cyrillic "о" is a different host from "tiktok.com"."""
    if text.isascii():
        return text.lower()
    kept = "".join(c for c in text if unicodedata.category(c) != "Cf")
    return unicodedata.normalize("NFKC", kept).lower()


__all__ = [
    "HostParts", "extractor", "is_ipv4", "split_host", "tld_labels", "typed_form", "valid_label",
]
