"""Spelled-out address punctuation made real: "kayla[at]gmail[dot]com".

Why: "support [at] kaylaskloset [dot] store", "kayla at gmail dot com",
"bellahairstudio dot co slash sale" and "luckyspin-bonus dot net" are an
e-mail address and web addresses to any reader.  :func:`deobfuscate` turns
the spelled separators into ".", "@" and "/" — ONLY inside address-shaped
*chains*: labels (words, which may already hold real dots, dashes or "@")
joined by spelled separators.  In a chain:

- a bracketed separator ("[dot]", "(.)", "{dot}", "[at]", "(@)", "[/]") is
  unambiguous: "[dot]" always becomes ".";
- a run of " dot " / " . " separators becomes dots only when it ends on a
  top-level domain ("dot com", "dot shop", " . net") or on a label that is
  already a domain ("kayla dot gmail.com"); "polka dot dress" and "dot
  pattern dress" stay words;
- "[at]" / " @ " / " at " becomes "@" only when the right side is a domain
  as above ("meet at 3pm", "at the store" stay).  The bare word " at " must
  also look like an address: a mail provider on the right ("kayla at gmail
  dot com") or a handle-like left side ("kayla22 at ...", "glow_haus at
  ..."); "spin wheel at luckyspin-bonus dot net" keeps its "at" (the domain
  still becomes "luckyspin-bonus.net" for the link detector).  The dots and
  underscores of the local part before a converted "@" convert too;
- " slash " / "(slash)" becomes "/" right after a converted domain;
- " underscore " / "[_]" becomes "_" when bracketed, when a chain has two
  of them ("glow underscore haus underscore us") or next to a converted
  separator.

"gmail" alone after "at" is left to detectors.
"""

from __future__ import annotations

import regex

from . import _fuse
from ._gates import Sketch, sketch
from .mapped import MappedBuilder, MappedText

TLDS_AFTER_DOT_WORD = frozenset(
    """com net org edu gov info biz xyz app dev site online store shop boutique link
    live club vip top fun page art beauty fashion life world today ink bio tv cc gg
    ly io co me us uk ca au nz de fr es nl ru cn jp kr vn ph mx br ar cl pk ng za ke
    sg hk tw th pl tk ml ga cf gq ws la su ai sh fm gl""".split()
)
"""Top-level domains accepted after the word "dot" ("dot com", "t dot me")."""
TLDS_AFTER_SPACED_DOT = frozenset(
    "com net org io co ly xyz info biz online site shop store".split()
)
"""... after a dot with spaces around it ("glowhaus . shop")."""
TLDS_AFTER_ONE_SIDED_DOT = frozenset("com net org".split())
"""... after a dot followed by a space only ("gmail. com": sentences end like that)."""

AT_STOPWORDS = frozenset(
    """me us you u him her them it we i here there is are was be am out look looking
    looked meet find reach arrive arrives arrived available email mail contact call text
    dm message write shop buy order sold sell selling stop stay see visit check pick up
    off back sale price priced good great best only just now home work least all once
    first last people someone anyone one that this what where get got deliver delivered
    ship shipped shipping""".split()
)
"""Words after which " at " is English, not an e-mail's "@"."""

MAIL_PROVIDERS = frozenset(
    """gmail googlemail yahoo ymail rocketmail hotmail outlook live msn icloud me mac
    aol proton protonmail pm gmx mail yandex zoho qq 163 126 comcast att verizon
    sbcglobal bellsouth cox charter earthlink""".split()
)
"""Mail domains that make " at " an "@" even after a plain word."""

_LABEL = r"[\p{L}\p{N}]++(?:[._\-+@][\p{L}\p{N}]++)*+"
_OPEN = r"[\[\(\{<]{1,2}+"
_CLOSE = r"[\]\)\}>]{1,2}+"
_DOT_WORDS = r"dot|period|punto"
_AT_WORDS = r"at|arroba"
_SEP = (
    rf"(?:[ \t]{{0,3}}+{_OPEN}[ \t]{{0,2}}+(?:{_DOT_WORDS}|\.|{_AT_WORDS}|@|slash|/|underscore|_)"
    rf"[ \t]{{0,2}}+{_CLOSE}[ \t]{{0,3}}+"
    rf"|[ \t]{{1,3}}+(?:dot|punto|at|arroba|slash|underscore|\.|@)[ \t]{{1,3}}+"
    r"|[ \t]{1,3}+\.(?=[\p{L}\p{N}])"
    r"|\.[ \t]{1,3}+)"
)
_CHAIN = regex.compile(
    rf"(?<![\p{{L}}\p{{N}}._\-+@])(?P<l>{_LABEL})(?:(?P<s>{_SEP})(?P<l>{_LABEL}))++"
)

_ALL_TLDS = "|".join(sorted(TLDS_AFTER_DOT_WORD | TLDS_AFTER_SPACED_DOT, key=len, reverse=True))
_T_LABEL = r"[\p{L}\p{N}][\p{L}\p{N}_\-+@]*+"
_T_DOMAIN_END = rf"(?:(?:{_ALL_TLDS})(?![\p{{L}}\p{{N}}])|{_T_LABEL}\.\p{{L}})"
_BRACKET_T = regex.compile(
    r"[\[\(\{<][ \t]*+(?:dot|period|punto|\.|at|arroba|@|slash|/|underscore|_)[ \t]*+[\]\)\}>]"
)
_DOT_WORD_T = regex.compile(rf"[ \t](?:dot|punto)[ \t]++{_T_DOMAIN_END}")
_AT_T = regex.compile(rf"[ \t](?:at|arroba|@)[ \t]++{_T_LABEL}\.\p{{L}}")
_UNDERSCORE_T = regex.compile(
    r"[ \t]underscore[ \t]++[\p{L}\p{N}]++(?:[._\-+@][\p{L}\p{N}]++)*+[ \t]++underscore[ \t]"
)
_DOT_T = regex.compile(rf"\.(?:(?<=[ \t]\.)[ \t]*+|[ \t]++){_T_DOMAIN_END}")


_TLDS = TLDS_AFTER_DOT_WORD | TLDS_AFTER_SPACED_DOT


def _tld_after_spaced_dot(sk: Sketch) -> bool:
    r"""A top-level domain as the whole letter/digit run after a spaced dot.

    The ``_DOT_T`` alternative that needs no "." before a letter: a dot with
    a space or tab on either side, any spaces and tabs after it, then a TLD
    not followed by a letter or digit.  On ASCII text this is that regex
    exactly (its ``(?![\p{L}\p{N}])`` is the end of the ``words`` run; an
    upper-case letter ends the run here, so there it may over-fire).
    """
    q = sk.quick
    words = None
    i = q.find(".")
    while i != -1:
        j = i + 1
        if q.startswith(" ", j) or (i and q[i - 1] == " "):
            while q.startswith(" ", j):
                j += 1
            if words is None:
                words = sk.words
            e = words.find(" ", j)
            if words[j : e if e != -1 else len(words)] in _TLDS:
                return True
        i = q.find(".", j)
    return False


def gate(sk: Sketch) -> bool:
    """:func:`might_change` on a sketch.

    Every conversion needs a bracketed separator, or a spelled separator word
    followed by a domain end, or a spaced dot before one, and each of those
    has a precise trigger regex run only when the sketch shows its pieces.
    A domain end is a TLD or a label before "." and a letter ("." then "a"
    in ``quick``); "@" needs the latter.
    """
    q = sk.quick
    text = sk.text
    if "[" in q and "]" in q and _fuse.search(_BRACKET_T, text):
        return True
    if ("dot" in text or "punto" in text) and _fuse.search(_DOT_WORD_T, text):
        return True  # the trigger holds " dot " itself: no need to look for the token
    dot_letter = ".a" in q
    if dot_letter:
        toks = sk.tokens
        if (b"at" in toks or b"arroba" in toks or " @" in text) and _fuse.search(_AT_T, text):
            return True
    if "underscore" in text and _fuse.search(_UNDERSCORE_T, text):
        return True
    if ". " not in q and " ." not in q:
        return False
    if dot_letter or not text.isascii():
        return _fuse.search(_DOT_T, text) is not None
    return _tld_after_spaced_dot(sk)


def might_change(text: str) -> bool:
    """Gate: False only when :func:`deobfuscate` surely changes nothing."""
    return gate(sketch(text))


# separator kinds
_DOT, _AT, _SLASH, _UNDERSCORE = 0, 1, 2, 3
# separator styles
_BRACKET, _WORD, _SPACED, _ONE_SIDED = 0, 1, 2, 3


def _classify(sep: str) -> tuple[int, int]:
    inner = sep.strip(" \t")
    if inner[0] in "[({<":
        core = inner.strip("[](){}<> \t")
        style = _BRACKET
    else:
        core = inner
        if core == ".":
            style = _ONE_SIDED if sep[0] == "." else _SPACED
        elif core == "@":
            style = _SPACED
        else:
            style = _WORD
    if core in ("dot", "period", "punto", "."):
        return _DOT, style
    if core in ("at", "arroba", "@"):
        return _AT, style
    if core in ("underscore", "_"):
        return _UNDERSCORE, style
    return _SLASH, style


def _tail(label: str) -> str:
    return label.rpartition(".")[2]


def _is_domain(label: str) -> bool:
    """A label that already holds a real dot before an alphabetic TLD ("gmail.com")."""
    if "." not in label:
        return False
    t = _tail(label)
    return 2 <= len(t) <= 24 and t.isalpha()


def _tld_ok(style: int, label: str) -> bool:
    if _is_domain(label):
        return True
    if style == _BRACKET:
        return 2 <= len(label) <= 24 and label.isalpha()
    if style == _WORD:
        return label in TLDS_AFTER_DOT_WORD
    if style == _SPACED:
        return label in TLDS_AFTER_SPACED_DOT
    return label in TLDS_AFTER_ONE_SIDED_DOT


def _decide(labels: list[str], kinds: list[tuple[int, int]]) -> list[bool]:
    """Which separators of one chain become real punctuation."""
    n = len(kinds)
    convert = [False] * n
    dot_run_ok: dict[int, bool] = {}  # run start -> converts
    k = 0
    while k < n:
        if kinds[k][0] != _DOT:
            k += 1
            continue
        a = k
        while k < n and kinds[k][0] == _DOT:
            k += 1
        ok = _tld_ok(kinds[k - 1][1], labels[k])
        dot_run_ok[a] = ok
        for i in range(a, k):
            if ok or kinds[i][1] == _BRACKET:
                convert[i] = True
    n_under = sum(1 for kind, _ in kinds if kind == _UNDERSCORE)
    for k in range(n):
        kind, style = kinds[k]
        if kind != _AT:
            continue
        left, right = labels[k], labels[k + 1]
        if style == _WORD:
            if left in AT_STOPWORDS:
                continue
            handle_like = any(c.isdigit() or c in "._-+" for c in left) or (k > 0 and kinds[k - 1][0] in (_DOT, _UNDERSCORE))
            if not handle_like and right.partition(".")[0] not in MAIL_PROVIDERS:
                continue
        if k + 1 < n and kinds[k + 1][0] == _DOT:
            ok = dot_run_ok.get(k + 1, False)
        else:
            ok = _is_domain(right)
        if not ok:
            continue
        convert[k] = True
        a = k
        while a > 0 and kinds[a - 1][0] in (_DOT, _UNDERSCORE):
            a -= 1
            convert[a] = True
    for k in range(1, n):
        if kinds[k][0] == _SLASH and convert[k - 1] and kinds[k - 1][0] in (_DOT, _SLASH):
            convert[k] = True
    for k in range(n):
        if kinds[k][0] == _UNDERSCORE and not convert[k]:
            convert[k] = (
                kinds[k][1] == _BRACKET
                or n_under >= 2
                or (k > 0 and convert[k - 1])
                or (k + 1 < n and convert[k + 1])
            )
    return convert


_PUNCT = {_DOT: ".", _AT: "@", _SLASH: "/", _UNDERSCORE: "_"}


def deobfuscate(view: MappedText) -> MappedText:
    """Spelled "dot"/"at"/"slash" to punctuation inside address-shaped chains."""
    if not might_change(view.text):
        return view
    return _deobfuscate(view)


def _deobfuscate(view: MappedText) -> MappedText:
    """The step without its gate (tests check the gate against it)."""
    text = view.text
    b: MappedBuilder | None = None
    last = 0
    for m in _fuse.matches(_CHAIN, text):
        label_spans = m.spans("l")
        sep_spans = m.spans("s")
        labels = [text[s:e] for s, e in label_spans]
        kinds = [_classify(text[s:e]) for s, e in sep_spans]
        convert = _decide(labels, kinds)
        if not any(convert):
            continue
        if b is None:
            b = MappedBuilder()
        for (ss, se), (kind, _), conv in zip(sep_spans, kinds, convert):
            if conv:
                b.add_identity_run(view, last, ss)
                b.add_from(_PUNCT[kind], view, ss, se)
                last = se
    if b is None:
        return view
    b.add_identity_run(view, last, len(text))
    return b.build()
