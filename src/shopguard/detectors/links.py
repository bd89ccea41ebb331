"""Links: web addresses with or without a scheme, shorteners, app and payment links.

The policy forbids sending "unauthorized third-party links" and redirecting
customers to external websites, so any link is reported; allowlisted hosts
(the platform, carriers' tracking pages) come back with ``allowlisted=True``
so rules can ignore them.

One linear-time regex finds *candidates* - a scheme URL, or a maximal run of
host characters at a word boundary - and Python decides: the host must end in
a real public suffix (offline tldextract snapshot) or be an IP address, and
bare domains must not look like file names, decimals, dotted identifiers or
two sentences joined without a space ("outside.In the middle").  Spans cover
the link as typed, without trailing punctuation or an unmatched closing
bracket.

Gate: a link needs "://" or a dot with a letter/digit after it (see
``_next_anchor``); on a plain message ``quiet`` also asks that the label
after some such dot be a public-suffix label (or digit labels of an IPv4
address with a path or port).  A message with no "://" whose dots all end sentences
(". ", ".\n", a final ".") exits after a few ``str.count`` calls, before any
regex; the regex calls take the timeout fuse only on long texts
(``_limits.fused_search``: ``timeout=`` costs microseconds per call).
"""

from __future__ import annotations

import unicodedata
from typing import NamedTuple

import regex

from .._limits import FUSE_MIN_CHARS, fused_search, regex_timeout
from ..normalize import MappedText, Views
from . import register
from ._domains import is_ipv4, split_host, tld_labels, typed_form, valid_label
from .base import Detector, DetectorConfig, Entity

# --------------------------------------------------------------------------- #
# Candidate regex.  Every repetition is possessive and every run starts at a
# boundary enforced by a look-behind, so a failed attempt inside a long run
# costs O(1) and the scan is linear.  Bounded runs ({0,252}, {0,2047}) cap the
# work per candidate.
# --------------------------------------------------------------------------- #
_HC = r"\p{L}\p{N}\p{M}"  # host letters (IDN included)
_PATH_CHARS = r"[^\s<>|\\^`\x00-\x1f\x7f\ufffd\u3000-\u303f\uff5c]"

_CANDIDATE = regex.compile(
    rf"""
    (?:
        (?:
            (?<![{_HC}+.])(?P<scheme>[a-z][a-z0-9+\-]{{1,19}}+)://
          | (?<![{_HC}_:/.\-])(?P<rel>//)
        )
        (?:[^\s/?#@<>"'\[\](){{}}|\\^`]{{1,256}}+@)?
        (?P<shost>\[[0-9a-f:.]{{2,45}}+\]|[{_HC}\p{{So}}_][{_HC}\p{{So}}_.\-]{{0,252}}+)
      |
        (?<![{_HC}_\-@])(?P<bare>[{_HC}_][{_HC}_\-]{{0,252}}+\.[{_HC}_.\-]{{0,252}}+)
    )
    (?P<port>:[0-9]{{1,5}}+(?![0-9]))?
    (?P<path>[/?#]{_PATH_CHARS}{{0,2047}}+)?
    """,
    regex.VERBOSE,
)

_HOST_CHAR = regex.compile(rf"[{_HC}\p{{So}}_.\-]")
_GLUED_TLD = regex.compile(r"([a-z]{2,6})[0-9]")
_PATH_SPLIT = regex.compile(r"[/?#&=.]")
_NOT_IN_HOST = frozenset("()[]{}<>@/\\:,;!?'\"")

# --------------------------------------------------------------------------- #
# Knowledge about hosts.
# --------------------------------------------------------------------------- #
COMMON_TLDS: frozenset[str] = frozenset(
    """com net org edu gov mil co io us uk ca au nz ie de fr es nl info biz ly tv
    app dev shop store online site website space tech xyz top link club cc gg ai
    mobi ws blog cloud digital agency company services solutions media network
    global pro asia name beauty boutique fashion jewelry clothing shoes studio
    design market markets sale deals discount shopping supply vip bio click gift
    gifts bargains coupons promo luxury makeup salon toys organic cafe tattoo
    icu buzz cyou sbs cfd email""".split()
)
"""TLDs that bare domains of shops (and scams) use: confidence 0.85, and the
only ones accepted with a capitalised TLD after a lower-case label
("example.Net").  Other real TLDs score 0.6."""

WORD_TLDS: frozenset[str] = frozenset(
    """am as at be by do er et id im in is it la ma me mo mr ms mu my na ne no nu
    om pa pm ps re si so st to ye hm cu""".split()
)
"""Country codes that are also chat words ("pain.it", "car.so", "you.my").
They, and generic TLDs not in COMMON_TLDS (.how .love .now .you .life ...),
are the sentence-joined-without-a-space false positives of sloppy chat, so a
bare domain ending in one needs more evidence: a path, a port, or a known
host (``paypal.me/x``, ``wa.me/1555``)."""

FILE_EXTENSION_TLDS: frozenset[str] = frozenset({"zip", "mov"})
"""Real TLDs that are mostly file extensions: a bare ``photos.zip`` is a file."""

DEFAULT_SHORTENERS: frozenset[str] = frozenset(
    """bit.ly bitly.com bit.do tinyurl.com t.co rb.gy cutt.ly goo.gl ow.ly is.gd
    v.gd buff.ly shorturl.at tiny.cc linktr.ee t.ly s.id rebrand.ly bl.ink
    shorte.st adf.ly lnkd.in tr.im x.co cli.gs clck.ru short.io shorturl.com
    lnk.bio linkin.bio beacons.ai bio.link solo.to msha.ke snip.ly urlz.fr
    trib.al dlvr.it ift.tt qrco.de tinu.be 2u.pw soo.gd bitly.is shorturl.gg
    amzn.to a.co""".split()
)
"""Hosts whose links hide where they lead (extended by the ``url_shorteners`` list)."""

_APP_HOSTS: dict[str, str] = {
    # messaging apps: a link opens a chat outside the platform
    "wa.me": "WhatsApp", "whatsapp.com": "WhatsApp", "wa.link": "WhatsApp",
    "whatsapp.me": "WhatsApp",
    "t.me": "Telegram", "telegram.me": "Telegram", "telegram.dog": "Telegram",
    "telegram.org": "Telegram",
    "m.me": "Messenger", "messenger.com": "Messenger",
    "ig.me": "Instagram", "instagram.com": "Instagram", "instagr.am": "Instagram",
    "facebook.com": "Facebook", "fb.com": "Facebook", "fb.me": "Facebook",
    "fb.watch": "Facebook",
    "discord.gg": "Discord", "discord.com": "Discord", "discordapp.com": "Discord",
    "snapchat.com": "Snapchat",
    "line.me": "LINE", "lin.ee": "LINE",
    "viber.com": "Viber", "viber.click": "Viber",
    "weixin.qq.com": "WeChat", "wechat.com": "WeChat",
    "signal.me": "Signal", "signal.group": "Signal",
    "kik.me": "Kik", "skype.com": "Skype",
    "twitter.com": "X (Twitter)", "x.com": "X (Twitter)",
    "youtube.com": "YouTube", "youtu.be": "YouTube",
    "pinterest.com": "Pinterest", "pin.it": "Pinterest",
    "threads.net": "Threads",
    # other marketplaces: a link takes the sale elsewhere
    "amazon.com": "Amazon", "amzn.to": "Amazon", "a.co": "Amazon", "ebay.com": "eBay",
    "etsy.com": "Etsy", "walmart.com": "Walmart", "aliexpress.com": "AliExpress",
    "alibaba.com": "Alibaba", "temu.com": "Temu", "shein.com": "SHEIN",
    "myshopify.com": "Shopify", "shopify.com": "Shopify", "shop.app": "Shopify",
    "mercari.com": "Mercari", "poshmark.com": "Poshmark", "depop.com": "Depop",
    "dhgate.com": "DHgate", "wish.com": "Wish",
}
_MARKETPLACES = frozenset(
    "Amazon eBay Etsy Walmart AliExpress Alibaba Temu SHEIN Shopify Mercari Poshmark "
    "Depop DHgate Wish".split()
)

_PAYMENT_HOSTS: dict[str, str] = {
    "paypal.me": "PayPal", "py.pl": "PayPal",
    "venmo.com": "Venmo", "venmo.me": "Venmo",
    "cash.app": "Cash App", "cash.me": "Cash App",
    "buy.stripe.com": "Stripe", "checkout.stripe.com": "Stripe",
    "donate.stripe.com": "Stripe", "invoice.stripe.com": "Stripe",
    "pay.stripe.com": "Stripe",
    "square.link": "Square", "checkout.square.site": "Square",
    "revolut.me": "Revolut", "monzo.me": "Monzo",
    "ko-fi.com": "Ko-fi", "buymeacoffee.com": "Buy Me a Coffee",
    "gofund.me": "GoFundMe", "gofundme.com": "GoFundMe",
    "zellepay.com": "Zelle", "rzp.io": "Razorpay", "sumup.link": "SumUp",
}
"""Hosts whose every link asks for money."""

_PROCESSORS: dict[str, str] = {
    "paypal.com": "PayPal", "stripe.com": "Stripe", "squareup.com": "Square",
    "square.site": "Square", "wise.com": "Wise", "sumup.com": "SumUp",
    "paystack.com": "Paystack", "razorpay.com": "Razorpay", "payoneer.com": "Payoneer",
    "skrill.com": "Skrill", "klarna.com": "Klarna",
}
"""Processors whose site is general but whose pay/checkout links ask for money."""

_GENERIC_PAY_SUBDOMAINS = frozenset("pay checkout invoice invoices billing payment payments".split())
_GENERIC_PAY_PATHS = frozenset("pay invoice invoices payment payments paynow pay-now".split())
"""Any site's own pay page ("pay.myshop.com/warranty", "myshop.com/pay/123")
asks for money outside the order: also a ``payment_link`` (confidence 0.7)."""

_PAY_WORDS = frozenset(
    "pay paypalme checkout checkoutnow invoice invoices donate payment payments "
    "paylink send request buy webscr".split()
)

_TRAIL_PUNCT = frozenset(".,:;!?'\"*")
_CLOSERS = {")": "(", "]": "[", "}": "{"}
_OPENERS = {"(": ")", "[": "]", "{": "}"}

_KNOWN_SCHEMES = frozenset(
    "http https ftp ftps sftp hxxp hxxps ws wss ssh svn+ssh git".split()
)
_APP_SCHEMES: dict[str, str] = {
    "whatsapp": "WhatsApp", "tg": "Telegram", "viber": "Viber",
    "fb-messenger": "Messenger", "instagram": "Instagram", "snapchat": "Snapchat",
    "line": "LINE", "weixin": "WeChat", "skype": "Skype", "discord": "Discord",
    "signal": "Signal", "sgnl": "Signal", "venmo": "Venmo", "cashapp": "Cash App",
    "paypal": "PayPal", "kik": "Kik",
}
_PAYMENT_SCHEMES = frozenset({"venmo", "cashapp", "paypal"})


_ASCII_HOST = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_-")
"""ASCII characters of a lower-case host run other than "." (``LinkDetector.quiet``)."""


def _next_anchor(t: str, pos: int, scheme_at: int) -> int:
    """Start of the first token at or after ``pos`` that could hold a link, or -1.

    A link holds "://" (``scheme_at``: the next one at or after ``pos``, or -1)
    or a dot between a non-space and a letter/digit ("shop.com", "1.2");
    sentence ends ("Hi. How") do not qualify.  The token start is found by
    walking back to whitespace, never before ``pos``, so the scan stays linear.
    """
    n = len(t)
    i = t.find(".", pos)
    while i >= 0:
        if i + 1 < n and t[i + 1].isalnum() and i > pos and not t[i - 1].isspace():
            break
        i = t.find(".", i + 1)
    if scheme_at >= 0 and (i < 0 or scheme_at < i):
        i = scheme_at
    if i < 0:
        return -1
    k = i
    while k > pos and not t[k - 1].isspace():
        k -= 1
    return k


class _Host(NamedTuple):
    """A candidate host that passed validation (positions in the view)."""

    start: int
    end: int
    host: str
    """The host as typed (NFKC, lower-case): the value, and what the allowlist sees."""
    folded: str
    """The host in the view (look-alike letters folded): what known-host lists see."""
    registered: str
    tld: str
    note: str = ""
    """"" | "idn" | "lookalike": how ``host`` differs from ``folded``."""


def _typed_host(views: Views, view: MappedText, s: int, e: int, folded: str) -> tuple[str, str]:
    """(host as typed, note) for the view host ``folded`` at ``view[s:e]``.

    The views fold look-alike letters ("tiktоk.com" with a Cyrillic "о"
    reads "tiktok.com") and drop accents, which is right for keywords but
    wrong for a host: the browser opens the host as typed.  When the typed
    text has the same shape (same dots, no spaces) it is the host; when it
    differs in shape ("myshop dot com") the view's reading is the host.
    """
    os_, oe = view.span(s, e)
    typed = typed_form(views.original[os_:oe])
    if typed == folded:
        return folded, ""
    if typed.count(".") == folded.count(".") and typed and not any(
        c.isspace() or c in _NOT_IN_HOST for c in typed
    ):
        note = "lookalike" if folded.isascii() and not typed.isascii() else "idn"
        return typed, note
    return folded, ""


@register
class LinkDetector(Detector):
    """Web links (kind ``url``) and payment links (also kind ``payment_link``).

    ``config.lists["url_shorteners"]`` (from an allowlist file's ``lists:``)
    adds hosts to the built-in shortener list.
    """

    name = "links"
    kinds = frozenset({"url", "payment_link"})

    def __init__(self, config: DetectorConfig) -> None:
        super().__init__(config)
        extra = config.lists.get("url_shorteners", frozenset())
        self._shorteners: frozenset[str] = DEFAULT_SHORTENERS | frozenset(
            h.lower().strip() for h in extra
        )
        tld_labels()  # load the suffix snapshot now, not on the first message

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        tld_labels()  # unpickled in a fresh worker: load the snapshot now, not on its first message

    # ------------------------------------------------------------------ #
    def quiet(self, text: str, low: str) -> bool:
        """No "//" or "www.", and no anchor dot (a non-space before it, a
        letter or digit after it) that could end a host: the label after it
        must be a public-suffix last label (``tld_labels``; "xn--" or any
        non-ASCII host character count too), or, all digits, belong to a
        token with three dots and a path or port (a bare host of digit labels
        is taken only as an IPv4 address with a path or port, ``_bare``).
        Every host ``_bare``/``_schemed`` accept ends in a label that passes
        ``split_host``, after a dot that is such an anchor."""
        if "//" in low or "www." in low:
            return False  # a scheme or scheme-relative URL ("//localhost"), or a glued TLD
        n = len(low)
        tlds = None
        tok_end = 0  # end of the last token read for a digit label (tokens are read once: linear)
        i = low.find(".")
        while i >= 0:
            if i > 0 and i + 1 < n and low[i + 1].isalnum() and not low[i - 1].isspace():
                j = i + 1
                while j < n and low[j] in _ASCII_HOST:
                    j += 1
                if j < n and not low[j].isascii():
                    return False  # a host label with non-ASCII characters: no cheap answer
                label = low[i + 1 : j].rstrip("-_")
                if label.isdigit():
                    if i >= tok_end:  # a token not read yet: it starts after the last one
                        a = low.rfind(" ", tok_end, i) + 1 or tok_end  # ASCII space; other whitespace widens it
                        b = j
                        while b < n and not low[b].isspace():
                            b += 1
                        tok = low[a:b]
                        tok_end = b
                        if tok.count(".") >= 3 and any(c in tok for c in "/?#:"):
                            return False
                elif label.startswith("xn--"):
                    return False
                elif label.isalpha():
                    if tlds is None:
                        tlds = tld_labels()
                    if label in tlds:
                        return False
            i = low.find(".", i + 1)
        return True

    def detect(self, views: Views) -> list[Entity]:
        view = views.deobfuscated
        t = view.text
        if "." not in t:
            if "://" not in t:
                return []
        elif "://" not in t:
            # every dot ends a sentence (". ", ".\n", a final "."): no anchor
            dots = t.count(".") - t.count(". ") - (t[-1] == ".")
            if not dots or ("\n" in t and dots == t.count(".\n")):
                return []
        out: list[Entity] = []
        seen: set[tuple[int, int]] = set()
        pos = 0
        scheme_at = t.find("://")
        while True:
            # Most messages hold no "x.y" or "://" at all: find the next token
            # that does with str methods and run the regex from there only.
            if 0 <= scheme_at < pos:
                scheme_at = t.find("://", pos)
            anchor = _next_anchor(t, pos, scheme_at)
            if anchor < 0:
                break
            m = fused_search(_CANDIDATE, t, anchor)
            if m is None:
                break
            if m.group("bare") is not None:
                nxt = self._bare(views, view, m, out, seen)
            else:
                nxt = self._schemed(views, view, m, out, seen)
            pos = max(nxt, m.start() + 1)
        return out

    # ------------------------------------------------------------------ #
    def _bare(
        self, views: Views, view: MappedText, m: "regex.Match[str]",
        out: list[Entity], seen: set[tuple[int, int]],
    ) -> int:
        """Judge a candidate without a scheme; return where to search next."""
        t = view.text
        s, e = m.span("bare")
        host = self._bare_host(views, view, s, e, m)
        if host is None:
            return e
        www = host.folded.startswith("www.")
        port_end = end = host.end
        if host.end == e and m.group("port") is not None:
            port_end = end = m.end("port")
        if host.end == e and m.group("path") is not None:
            end = self._trim_path(t, host.start, m.start("path"), m.end("path"))
        elif host.tld in FILE_EXTENSION_TLDS and not www:
            return e  # "photos.zip" is a file
        tld = host.tld
        if www:
            conf, ev = 0.95, "www link"
        elif tld in COMMON_TLDS:
            conf, ev = 0.85, f"bare domain (.{tld})"
        else:
            strong = end - port_end > 1 or port_end > host.end or self._known(host.folded)
            wordy = tld in WORD_TLDS or (
                len(tld) > 2 and tld.isascii() and tld != "xxx" and not tld.startswith("xn--")
            )
            if wordy and not strong:
                return e  # "car.so no problem", "home.love u"
            if not strong and not self._uniform_case(views, view, host.start, host.end):
                return e  # "Wife.how", "AGAIN.call": words, not a domain
            conf, ev = 0.6, f"bare domain, rare TLD (.{tld})"
        self._emit(views, view, host, host.start, end, port_end, conf, ev, "", out, seen)
        return min(end, m.end())

    def _schemed(
        self, views: Views, view: MappedText, m: "regex.Match[str]",
        out: list[Entity], seen: set[tuple[int, int]],
    ) -> int:
        """Judge a candidate with a scheme (or "//"); return where to search next."""
        t = view.text
        scheme = m.group("scheme")
        hs, he = m.span("shost")
        raw = t[hs:he]
        app = _APP_SCHEMES.get(scheme or "")
        prefix = ""
        if raw.startswith("["):
            host = _Host(hs, he, raw, raw, raw, "")
            conf, ev = 0.95, "IP address URL"
        else:
            if he < len(t) and _HOST_CHAR.match(t, he):  # one character: no fuse needed
                return m.end()  # over 253 characters: not a host name
            folded = raw.rstrip(".-_")
            if not folded:
                return m.end()
            he2 = hs + len(folded)
            labels = folded.split(".")
            if is_ipv4(folded):
                host = _Host(hs, he2, folded, folded, folded, "")
                conf, ev = 0.95, "IP address URL"
            elif folded == "localhost":
                host = _Host(hs, he2, folded, folded, folded, "")
                conf, ev = 0.7, "localhost URL"
            elif app is not None:
                host = _Host(hs, he2, folded, folded, folded, "")
                conf, ev, prefix = 0.95, f"{app} app link", f"{scheme}://"
            elif all(valid_label(x) or "_" in x for x in labels[:-1]) and valid_label(labels[-1]):
                real, note = _typed_host(views, view, hs, he2, folded)
                parts = split_host(real) or (split_host(folded) if note else None)
                if parts is None or "_" in parts.registered:
                    return m.end()
                host = _Host(hs, he2, real, folded, parts.registered, parts.tld, note)
                if scheme is None:
                    conf, ev = 0.9, "scheme-relative URL"
                elif scheme in _KNOWN_SCHEMES:
                    conf, ev = 0.95, f"{scheme}:// URL"
                else:
                    conf, ev = 0.9, f"{scheme}:// URL"
            else:
                return m.end()
            if he2 < he:  # trailing dot/hyphen: the link ends at the host
                self._emit(views, view, host, m.start(), he2, he2, conf, ev, prefix, out, seen)
                return he
        port_end = m.end("port") if m.group("port") is not None else host.end
        end = port_end
        if m.group("path") is not None:
            end = self._trim_path(t, m.start(), m.start("path"), m.end("path"))
        self._emit(views, view, host, m.start(), end, port_end, conf, ev, prefix, out, seen)
        return end

    # ------------------------------------------------------------------ #
    def _bare_host(
        self, views: Views, view: MappedText, s: int, e: int, m: "regex.Match[str]"
    ) -> _Host | None:
        """Validate a bare host run ``t[s:e]``; None when it is not a domain."""
        t = view.text
        if e - s > 252 and e < len(t) and _HOST_CHAR.match(t, e):  # one character: no fuse needed
            return None  # longer than any host name
        www = t.startswith("www.", s)
        if s > 0 and not www:
            prev = t[s - 1]
            if prev == "/" or prev == "." and not t.startswith("..", s - 2):
                return None  # a file path, or inside a dotted name
            if prev == ":" and self._path_like_colon(t, s - 1):
                return None
        raw = t[s:e]
        # "great...myshop.com": the link starts after an ellipsis
        cut = raw.rfind("..")
        if cut >= 0:
            k = cut
            while k < len(raw) and raw[k] == ".":
                k += 1
            s, raw = s + k, raw[k:]
        raw = raw.rstrip(".-_")
        if "." not in raw:
            return None
        ends_at_run = s + len(raw) == e
        if ends_at_run and e < len(t) and t[e] == "@":
            return None  # the local part of an e-mail address
        labels = raw.split(".")
        # a label with "_" or a bad hyphen makes the run an identifier
        for lab in labels[:-1]:
            if not valid_label(lab):
                return None
        if all(lab.isdigit() for lab in labels):
            if is_ipv4(raw) and ends_at_run and (m.group("path") or m.group("port")):
                return _Host(s, s + len(raw), raw, raw, raw, "")
            return None
        if www and len(labels) > 2:
            # spam glues words to the TLD: "www.ldew.com1win150"
            glued = _GLUED_TLD.match(labels[-1])  # anchored, at most 7 characters: no fuse needed
            if glued is not None and glued.group(1) in COMMON_TLDS:
                labels[-1] = glued.group(1)
        # the whole run, then without trailing words ("shop.com.Thanks")
        for drop in range(0, min(3, len(labels) - 1)):
            cand = labels[: len(labels) - drop] if drop else labels
            if drop and not labels[-drop].isalpha() and not www:
                break  # only words are dropped: "shop.com.Thanks", not "x.group.a_b"
            last = cand[-1]
            if not valid_label(last) or not last.isalpha() and not last.startswith("xn--"):
                continue
            folded = ".".join(cand)
            hend = s + len(folded)
            real, note = _typed_host(views, view, s, hend, folded)
            parts = split_host(real) or (split_host(folded) if note else None)
            if parts is None or www and parts.registered.startswith("www."):
                continue  # "www.microsoft" names a TLD, not a site
            if not self._case_ok(views, view, s, hend, len(last), parts.tld, folded):
                continue
            return _Host(s, hend, real, folded, parts.registered, parts.tld, note)
        return None

    @staticmethod
    def _uniform_case(views: Views, view: MappedText, s: int, e: int) -> bool:
        """The host as typed is all lower-case or all upper-case."""
        os_, oe = view.span(s, e)
        typed = views.original[os_:oe]
        return typed.lower() == typed or typed.upper() == typed

    @staticmethod
    def _path_like_colon(t: str, colon: int) -> bool:
        """True for "path:to:file.pm" (colon chains), False for "site:shop.com"."""
        k = colon - 1
        while k >= 0 and (t[k].isalnum() or t[k] in "_-"):
            k -= 1
        return k >= 0 and t[k] in ":/\\."

    def _case_ok(
        self, views: Views, view: MappedText, s: int, e: int, tld_len: int, tld: str, host: str
    ) -> bool:
        """Reject "outside.In": a capitalised TLD after lower-case text, unless common or known."""
        if tld in COMMON_TLDS or self._known(host) is not None:
            return True
        original = views.original
        ts, te = view.span(e - tld_len, e)
        tld_o = original[ts:te]
        if not any(c.isupper() for c in tld_o):
            return True
        hs, _ = view.span(s, e - tld_len)
        head_o = original[hs:ts]
        return not any(c.islower() for c in head_o)

    # ------------------------------------------------------------------ #
    @staticmethod
    def _trim_path(t: str, url_start: int, ps: int, pe: int) -> int:
        """End of the path ``t[ps:pe]`` without trailing punctuation or unmatched closers."""
        path = t[ps:pe]
        if path.count('"') % 2:
            pe = ps + path.rfind('"')
            path = t[ps:pe]
        if any(c in path for c in ")]}"):
            depth = {")": 0, "]": 0, "}": 0}
            before = t[max(0, url_start - 256) : url_start]
            for i, c in enumerate(path):
                if c in _OPENERS:
                    depth[_OPENERS[c]] += 1
                elif c in _CLOSERS:
                    if depth[c] > 0:
                        depth[c] -= 1
                        continue
                    opener = _CLOSERS[c]
                    rest = path[i + 1 :]
                    if before.count(opener) > before.count(c) or all(
                        r in _TRAIL_PUNCT or r in _CLOSERS for r in rest
                    ):
                        pe = ps + i
                        break
        while pe > ps + 1 and t[pe - 1] in _TRAIL_PUNCT:
            q = t[pe - 1]
            if q in "'\"" and t.count(q, ps, pe) % 2 == 0:
                break  # the closing quote of a quoted path segment
            pe -= 1
        if pe == ps + 1 and t[ps] in "?#":
            pe = ps  # "myshop.com?" is a question, not a query
        return pe

    # ------------------------------------------------------------------ #
    def _known(self, host: str) -> tuple[str, str] | None:
        """(category, name) for a shortener, app, payment or marketplace host."""
        h = host
        while h:
            if h in _PAYMENT_HOSTS:
                return "payment", _PAYMENT_HOSTS[h]
            if h in self._shorteners:
                app = _APP_HOSTS.get(h)
                return "shortener", app or h
            if h in _APP_HOSTS:
                name = _APP_HOSTS[h]
                return ("marketplace" if name in _MARKETPLACES else "app"), name
            if h in _PROCESSORS:
                return "processor", _PROCESSORS[h]
            _, _, h = h.partition(".")
            if "." not in h:
                break
        return None

    def _emit(
        self, views: Views, view: MappedText, host: _Host, start: int, end: int,
        port_end: int, conf: float, evidence: str, prefix: str,
        out: list[Entity], seen: set[tuple[int, int]],
    ) -> None:
        """Append the ``url`` entity (and ``payment_link``) for ``view[start:end]``."""
        t = view.text
        if (start, end) in seen:
            return
        seen.add((start, end))
        path = t[port_end:end]
        if path:
            ps, pe = view.span(port_end, end)
            typed = views.original[ps:pe]
            if len(typed) == len(path) and typed.lower() == path:
                path = typed  # keep the path's case: shortener codes need it
        value = prefix + host.host + t[host.end:port_end] + path
        # a look-alike of an allowed host is exactly what a phisher sends
        allowed = host.note != "lookalike" and self.config.host_allowed(host.host)
        payment: str | None = None
        conf_pay: float | None = None
        if not allowed:
            known = self._known(host.folded)
            if known is not None:
                cat, name = known
                conf = max(conf, 0.9)
                if cat == "payment" or cat == "processor" and self._pay_path(host.folded, path):
                    payment = name
                    evidence = f"payment link ({name})"
                elif cat == "shortener":
                    evidence = f"link shortener ({name})"
                elif cat == "marketplace":
                    evidence = f"marketplace link ({name})"
                else:
                    evidence = f"{name} link"
            elif prefix[:-3] in _PAYMENT_SCHEMES:
                payment = _APP_SCHEMES[prefix[:-3]]
            elif host.registered and self._generic_pay(host.folded, host.registered, path):
                payment = "own pay page"
                evidence += ", pay page"
                conf_pay = 0.7
            if host.note == "lookalike":
                evidence += f", look-alike letters (reads as {host.folded})"
            elif host.note == "idn" or not host.host.isascii():
                evidence += ", IDN host"
            if host.host.startswith("xn--") or ".xn--" in host.host:
                evidence += ", punycode host"
            s_o, e_o = view.span(start, end)
            typed = views.original[s_o:e_o]
            if typed_form(typed).count(".") < t[start:end].count("."):
                evidence += ", obfuscated dots"
            if not typed.isascii() and any(unicodedata.category(c) == "Cf" for c in typed):
                evidence += ", hidden characters"
        out.append(self.entity(view, start, end, "url", value, conf, evidence, allowed))
        if payment is not None:
            out.append(self.entity(
                view, start, end, "payment_link", value, conf if conf_pay is None else conf_pay, evidence
            ))

    @staticmethod
    def _generic_pay(host: str, registered: str, path: str) -> bool:
        """A site's own pay page: a pay/checkout subdomain or a /pay, /invoice path."""
        labels = host.split(".")
        sub = labels[: len(labels) - registered.count(".") - 1]
        if sub and sub[-1] in _GENERIC_PAY_SUBDOMAINS:
            return True
        first = path.lstrip("/").split("/", 1)[0].split("?", 1)[0]
        return first in _GENERIC_PAY_PATHS

    @staticmethod
    def _pay_path(host: str, path: str) -> bool:
        """A processor link that asks for money: a pay/checkout subdomain or path segment."""
        words = set(host.split(".")[:-2])
        segs = (
            _PATH_SPLIT.split(path)
            if len(path) < FUSE_MIN_CHARS
            else _PATH_SPLIT.split(path, timeout=regex_timeout(len(path)))
        )
        for seg in segs:
            if seg:
                words.add(seg)
        return bool(words & _PAY_WORDS) or host.startswith("cash.app")


__all__ = ["COMMON_TLDS", "DEFAULT_SHORTENERS", "FILE_EXTENSION_TLDS", "LinkDetector", "WORD_TLDS"]
