"""Messaging-app and social accounts, handles, and "contact me" phrases.

The policy forbids sending "instant communication accounts" and prompting
customers to talk elsewhere (Redirecting Customers from TikTok Shop).  This
detector only *finds* the pieces; rule packs decide whether a message breaks
the policy (an app named in a refusal, "call me if you need anything here").

Kinds and values:

- ``messaging_app``: value is the canonical app id (``whatsapp``, ``telegram``,
  ``wechat``, ``signal``, ``line``, ``viber``, ``kik``, ``snapchat``,
  ``instagram``, ``facebook``, ``messenger``, ``discord``, ``twitter``,
  ``skype``, ``imessage``, ``kakaotalk``, ``qq``, ``threads``, ``youtube``,
  ``pinterest``, ``linkedin``, ``zalo``).  Unambiguous names get 0.9.  Short
  words ("wa", "tg", "tele", "vx", "snap", "ig", "fb", "kik", "qq", "the
  gram") need light context ("on", "my", "add", an id, a number or "me"
  right after); everyday words ("line", "signal", "x", "threads",
  "messenger", "we chat") need strong context ("add me on", "we're on",
  "line id", "signal: +1 ...").  Both get 0.7.
- ``handle``: value is the account name lower-cased without "@" ("@name",
  "name#1234", an id typed after an app name, "my username is x"), or
  ``same_name`` for "same name as my shop".  An @handle right after "tiktok"
  gets 0.4 so rules can tell the shop's own TikTok account apart.
- ``contact_request``: value is the phrase kind: ``dm`` ("DM me", "message
  us": on TikTok that is this chat), ``message_on`` ("message me on ...",
  "WhatsApp me"), ``text``, ``call``, ``email``, ``hit_me_up``, ``reach_me``,
  ``contact``, ``contact_direct`` ("contact me directly"), ``add_me``,
  ``follow``.  Evidence says ``in chat`` when the phrase points back here
  ("call me here"); a phrase right after a quote mark ("'Call Me Maybe'
  grip") gets evidence ``quoted`` and 0.3.

How: the ``regex`` module costs microseconds per call and per alternative,
so matching is done on words.  Gate: a message without any trigger word, "@"
or "#" exits after two substring tests and one set test against
``word_set(view text)`` (the view's words, split with ``bytes.translate``
and cached per text, so messaging, pointers, fees and addresses split a
message once between them); one whose trigger words lack the words they
need ("follow" without "me", "app" without "whats") exits after a few more
(``_may_message``), and so does one where those words do not stand at the
places the word loop reads them ("follow the shop ... me": ``_AT_NEEDS``, one
pass over the word list) and no ":"/"=" or phone number follows an app word
that may take it as context; an "@" counts only with a name character after
it, a "#" only with four digits after it and a name before it.  Otherwise
the text is split into ASCII words with their positions (punctuation made
spaces).  Apps and phrases are word sequences checked with set lookups; ``regex`` only runs on "@"/"#" and on a confirmed app
mention (to read an id typed after it).  Runs on ``folded`` and
``squeezed`` (which undoes "w h a t s a p p", "wh4tsapp"); results are
deduplicated by original span.  Regex calls take the timeout fuse only on
long texts (``timeout=`` costs microseconds per call).
"""

from __future__ import annotations

from functools import lru_cache
from itertools import accumulate, compress
from operator import add

import regex

from .._limits import FUSE_MIN_CHARS, fused_search, regex_timeout
from ..normalize import MappedText, Views
from . import register
from .base import Detector, Entity

__all__ = ["MessagingDetector", "Words", "split_words", "word_set"]

# --------------------------------------------------------------------------
# Words

_GAP = " \t\r\n'\u2019"
"""What may stand between two words of one phrase (spaces; the apostrophe of "don't")."""

_SEP_TABLE = {i: " " for i in range(128) if not (chr(i).isalnum() or chr(i) in "_-")}
"""ASCII punctuation other than "_" and "-" separates words."""


def _byte_table(table: dict[int, str]) -> bytes | None:
    """``table`` as a ``bytes.translate`` table, or None unless it maps only
    ASCII codes, each to " " (non-ASCII bytes never occur: "?" stands for them)."""
    if any(k >= 128 or v != " " for k, v in table.items()):
        return None
    return bytes(32 if i in table or i >= 128 else i for i in range(256))


_SEP_BYTES = bytes(32 if i in _SEP_TABLE or i >= 128 else i for i in range(256))
_BYTE_TABLES: dict[int, tuple[dict[int, str], bytes | None]] = {id(_SEP_TABLE): (_SEP_TABLE, _SEP_BYTES)}


def split_words(text: str, table: dict[int, str] = _SEP_TABLE) -> tuple[str, list[str]]:
    """``text`` with separators made spaces (same length) and its words.

    Non-ASCII characters (emoji, dashes) become "?" and then, through
    ``table``, spaces (``table`` must map every ASCII whitespace to " " and
    may only map ASCII characters, each to " "): the mapping is one
    character to one character, so offsets in the returned string are
    offsets in ``text``.  Done with ``bytes.translate`` (C speed; the same
    result as ``str.translate`` with ``table``).
    """
    entry = _BYTE_TABLES.get(id(table))
    if entry is None or entry[0] is not table:
        entry = (table, _byte_table(table))
        _BYTE_TABLES[id(table)] = entry
    raw = text.encode("ascii", "replace")
    if entry[1] is None:
        t = raw.decode("ascii").translate(table)
    else:
        t = raw.translate(entry[1]).decode("ascii")
    return t, t.split()


_CACHE_MAX_CHARS = 4096
"""Longer texts are split without the cache (their words would pin memory)."""


def _words_of(text: str) -> frozenset[str]:
    return frozenset(text.encode("ascii", "replace").translate(_SEP_BYTES).decode("ascii").split())


_cached_words_of = lru_cache(maxsize=64)(_words_of)


def word_set(text: str) -> frozenset[str]:
    """The words of ``split_words(text)``: the early exit of the word
    detectors (messaging, pointers, fees, addresses) is one
    ``TRIGGERS.isdisjoint(word_set(text))``.  Cached per text (a small LRU,
    as ``normalize._gates.sketch``), so the detectors that look at one view
    split it once per message; texts over ``_CACHE_MAX_CHARS`` are not cached."""
    if len(text) > _CACHE_MAX_CHARS:
        return _words_of(text)
    return _cached_words_of(text)


class Words:
    """The words of one view with their offsets, and adjacency helpers.

    ``w`` holds comparison keys: the word with ``strip`` characters trimmed
    from both ends and ``drop`` characters removed ("don't" -> "dont");
    ``s``/``e`` are the offsets of the trimmed word in the view text.
    """

    __slots__ = ("text", "w", "s", "e", "n")

    def __init__(self, text: str, t: str, strip: str = "", drop: str = "") -> None:
        self.text = text
        # ``t`` has single spaces as its only separators (see ``split_words``),
        # so offsets are running sums of part lengths: no per-word search.
        parts = t.split(" ")
        lens = list(map(len, parts))
        starts_all = list(accumulate(map((1).__add__, lens), initial=0))
        words = list(filter(None, parts))
        starts = list(compress(starts_all, parts))
        if strip:
            keys = [w.strip(strip) for w in words]
            ends = list(map(add, starts, map(len, words)))
            for i in [i for i, (w, k) in enumerate(zip(words, keys)) if len(w) != len(k)]:
                w, k = words[i], keys[i]
                if not k:
                    continue
                starts[i] += len(w) - len(w.lstrip(strip))
                ends[i] = starts[i] + len(k)
            if "" in keys:
                keep = [bool(k) for k in keys]
                keys = list(compress(keys, keep))
                starts = list(compress(starts, keep))
                ends = list(compress(ends, keep))
        else:
            keys = words
            ends = list(map(add, starts, map(len, words)))
        for ch in drop:
            keys = [k.replace(ch, "") if ch in k else k for k in keys]
        self.w = keys
        self.s = starts
        self.e = ends
        self.n = len(keys)

    def end(self, k: int) -> int:
        return self.e[k]

    def adjacent(self, k: int, gap_chars: str = _GAP) -> bool:
        """True when word k follows word k-1 with only ``gap_chars`` between."""
        if k <= 0 or k >= self.n:
            return False
        gap = self.text[self.e[k - 1] : self.s[k]]
        return gap == " " or all(c in gap_chars for c in gap)

    def get(self, k: int) -> str:
        return self.w[k] if 0 <= k < self.n else ""

    def nxt(self, k: int, i: int, gap_chars: str = _GAP) -> str:
        """Word k+i if words k..k+i are adjacent, else ""."""
        for j in range(k + 1, k + i + 1):
            if j >= self.n or not self.adjacent(j, gap_chars):
                return ""
        return self.w[k + i]

    def prv(self, k: int, i: int, gap_chars: str = _GAP) -> str:
        """Word k-i if words k-i..k are adjacent, else ""."""
        for j in range(k, k - i, -1):
            if j - 1 < 0 or not self.adjacent(j, gap_chars):
                return ""
        return self.w[k - i]


# --------------------------------------------------------------------------
# App names.  Tier "u": unambiguous; "a": short words that need light
# context; "b": everyday English words that need strong context.


def _many(app: str, tier: str, words: str) -> dict[str, tuple[str, str]]:
    return {w: (app, tier) for w in words.split()}


_APP_WORDS: dict[str, tuple[str, str]] = {
    **_many("whatsapp", "u", "whatsapp whatsap whatsaap whatssapp watsapp watsap wattsapp whtsapp whtsap "
                              "whatapp wapp whats-app wats-app"),
    **_many("telegram", "u", "telegram telegrm telegramm telegarm tele-gram"),
    **_many("wechat", "u", "wechat weixin wei-xin we-chat"),
    **_many("viber", "u", "viber"),
    **_many("snapchat", "u", "snapchat snap-chat"),
    **_many("instagram", "u", "instagram instagrm insta insta-gram"),
    **_many("facebook", "u", "facebook face-book"),
    **_many("discord", "u", "discord"),
    **_many("twitter", "u", "twitter"),
    **_many("skype", "u", "skype"),
    **_many("imessage", "u", "imessage i-message"),
    **_many("kakaotalk", "u", "kakao kakaotalk kakao-talk"),
    **_many("youtube", "u", "youtube"),
    **_many("pinterest", "u", "pinterest"),
    **_many("linkedin", "u", "linkedin"),
    **_many("zalo", "u", "zalo"),
    **_many("whatsapp", "a", "wa"),
    **_many("telegram", "a", "tg tele"),
    **_many("wechat", "a", "vx wx"),
    **_many("kik", "a", "kik"),
    **_many("snapchat", "a", "snap"),
    **_many("instagram", "a", "ig"),
    **_many("facebook", "a", "fb"),
    **_many("qq", "a", "qq"),
    **_many("signal", "b", "signal"),
    **_many("line", "b", "line"),
    **_many("messenger", "b", "messenger"),
    **_many("twitter", "b", "x"),
    **_many("threads", "b", "threads"),
}
_COMPOUNDS: dict[tuple[str, str], tuple[str, str]] = {
    ("whats", "app"): ("whatsapp", "u"),
    ("wats", "app"): ("whatsapp", "u"),
    ("whts", "app"): ("whatsapp", "u"),
    ("snap", "chat"): ("snapchat", "u"),
    ("insta", "gram"): ("instagram", "u"),
    ("tele", "gram"): ("telegram", "u"),
    ("kakao", "talk"): ("kakaotalk", "u"),
    ("wei", "xin"): ("wechat", "u"),
    ("face", "book"): ("facebook", "u"),
    ("facebook", "messenger"): ("messenger", "u"),
    ("fb", "messenger"): ("messenger", "u"),
    ("we", "chat"): ("wechat", "b"),
    ("the", "gram"): ("instagram", "a"),
}
_COMPOUND_FIRST = frozenset(a for a, _ in _COMPOUNDS)

_ON = frozenset({"on", "via", "thru", "through", "over"})
_LENIENT_PREV = _ON | {"using", "my", "our", "your", "ur", "his", "her", "add"}
_POSS = frozenset({"my", "our", "your", "ur", "his", "her"})
_ADJ = frozenset({"private", "personal", "other", "second", "business", "backup", "new", "main", "official", "own"})
_STRONG_SUBJ = frozenset(
    "me us u ya up m im re were r am are also now active dm message msg text txt chat talk write "
    "find follow add reach contact join ping hmu call".split()
)
_NEG_NEXT = frozenset(
    "lens lenses button buttons closure closures fastener fasteners lid lids hook hooks zoom photo serum cream "
    "oil kit mount strap straps order orders state warehouse resident residents sales tax shipping location "
    "size sizes".split()
)
_POST_A = frozenset(
    "id handle account acct acc username user name page profile group channel chat dm dms story stories bio app "
    "number no num".split()
)
_POST_B = frozenset("id handle account acct username user app".split())
_POST_X = frozenset("account acct handle profile page username".split())
_PHONE_APPS = frozenset({"whatsapp", "telegram", "signal", "qq", "viber"})

# --------------------------------------------------------------------------
# Contact phrases

_ME = frozenset({"me", "us"})
_DM_VERBS = frozenset({"dm", "pm", "inbox", "message", "msg", "mssg", "messege", "write"})
_TEXT = frozenset({"text", "txt", "sms", "texting"})
_CALL = frozenset({"call", "ring", "phone"})
_OR = frozenset({"or", "and"})
_ELSE_NOT = frozenset({"here", "this", "tiktok", "tik", "tt"})
_DIRECT = frozenset({"directly", "privately", "personally", "outside"})

_TRIGGERS = (
    frozenset(_APP_WORDS) | {"gram", "chat", "book", "talk", "xin", "app", "messenger"}
    | _DM_VERBS | _TEXT | _CALL
    | {"dms", "email", "e-mail", "hit", "hmu", "reach", "contact", "touch", "add", "follow", "buzz", "talk"}
    | {"same", "id", "username", "handle", "user"}
)
"""Words at least one of which every match contains (the early exit)."""
_INTERESTING = _TRIGGERS | _COMPOUND_FIRST

# The gate (see ``_may_message``): per word, the alternatives of word sets that
# must all meet the message's words for ``_word`` to find anything there, read
# off ``_app``/``_in_context``/``_contact``.  Ambiguous app words (tiers a, b)
# may also take their context from ":", "=", "@" or a phone number after them.
Needs = tuple[tuple[frozenset[str], ...], ...]
_STRONG: tuple[frozenset[str], ...] = (_ON | {"at"}, _STRONG_SUBJ)  # "add me on", "we're at"
_NEEDS: dict[str, Needs] = {}


def _need(words: "frozenset[str] | set[str] | str", *alternatives: tuple[frozenset[str], ...]) -> None:
    for w in [words] if isinstance(words, str) else words:
        _NEEDS[w] = _NEEDS.get(w, ()) + alternatives


for _w, (_app_id, _tier) in _APP_WORDS.items():
    if _tier == "u":
        _need(_w, ())
    elif _tier == "a":  # "on wa", "my ig", "private snap", "ig handle", "kik me"
        _need(_w, _STRONG, (_LENIENT_PREV,), (_ADJ, _POSS), (_POST_A,), (frozenset({"me"}),))
    elif _app_id == "twitter":  # "x account"
        _need(_w, _STRONG, (_POST_X,))
    else:  # "line id", "signal number"
        _need(_w, _STRONG, (_POST_B | ({"number"} if _app_id == "signal" else set()),))
for (_first, _second), _ in _COMPOUNDS.items():
    _need(_first, (frozenset({_second}),))
_need(_DM_VERBS, (_ME | {"for"},))  # "dm me", "message us", "dm for ...", "send me a dm"
_need({"chat", "talk"}, (frozenset({"with", "to"}), _ME))  # "chat with me", "talk to us"
_need("dms", (frozenset({"slide"}),))  # "slide into my dms"
_need(_TEXT | _CALL | {"buzz", "email", "e-mail", "reach", "contact", "follow"}, (_ME,))
_need("hit", (_ME, frozenset({"up"})))
_need("hmu", ())
_need("touch", (frozenset({"get"}), frozenset({"in"})))
_need("add", (_ME,), (frozenset({"u", "you", "ya"}), frozenset({"on"})))
_need({"id", "username", "handle", "user"}, (frozenset({"my", "our"}),))
_LOOSE_APPS = frozenset(w for w, (_, tier) in _APP_WORDS.items() if tier != "u")
"""App words that need context (which may be an "@" handle right after them)."""
_COLON_APPS = frozenset(w for w, (app, tier) in _APP_WORDS.items() if tier != "u" and app != "twitter")
"""App words whose context may also be ":" or "=" after them ("line: x")."""
_PHONE_WORDS = frozenset(
    w for w, (app, tier) in _APP_WORDS.items() if app in _PHONE_APPS and (tier == "a" or app == "signal")
)
"""... or a phone number ("wa 555 0101"); two-word names ("we chat") pass the
gate as soon as both words are there."""
_ASCII_DIGITS = b"0123456789"
_ASCII_BYTES = bytes(range(128))


def _has_digit(text: str) -> bool:
    """Any ``str.isdigit`` character (what ``_phone_after`` counts)."""
    raw = text.encode("ascii", "replace")
    if len(raw.translate(None, _ASCII_DIGITS)) != len(raw):
        return True
    if text.isascii():
        return False
    rest = text.encode("utf-8", "surrogatepass").translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass")
    return any(c.isdigit() for c in rest)


# The same alternatives with word positions (offsets from the trigger word k:
# -1 is the word before, 1 the word after), read off the same code: ``_word``
# only finds something at word k when one of them holds in the message's word
# list (``Words`` keeps every word of ``split_words`` in order, and
# ``nxt``/``prv`` only add adjacency).  Colon/phone context is checked at the
# word's end in the text (``_context_after``).
AtNeeds = tuple[tuple[tuple[int, frozenset[str]], ...], ...]
_AT_NEEDS: dict[str, AtNeeds] = {}


def _at_need(words: "frozenset[str] | set[str] | str", *alternatives: tuple[tuple[int, frozenset[str]], ...]) -> None:
    for w in [words] if isinstance(words, str) else words:
        _AT_NEEDS[w] = _AT_NEEDS.get(w, ()) + alternatives


def _f(*words: str) -> frozenset[str]:
    return frozenset(words)


# ``_in_context``: "add me on wa" / "we're at tg", "... on my line"
_AT_STRONG: AtNeeds = (
    ((-1, _ON | {"at"}), (-2, _STRONG_SUBJ)),
    ((-1, _f("my", "our")), (-2, _ON), (-3, _STRONG_SUBJ)),
)
for _w, (_app_id, _tier) in _APP_WORDS.items():
    if _tier == "u":
        _at_need(_w, ())
    elif _tier == "a":  # "on wa", "my ig", "private snap", "ig handle", "kik me", "wa.me"
        _at_need(_w, *_AT_STRONG, ((-1, _LENIENT_PREV),), ((-1, _ADJ), (-2, _POSS)), ((1, _POST_A | {"me"}),))
    elif _app_id == "twitter":  # "x account"
        _at_need(_w, *_AT_STRONG, ((1, _POST_X),))
    else:  # "line id", "signal number"
        _at_need(_w, *_AT_STRONG, ((1, _POST_B | ({"number"} if _app_id == "signal" else set())),))
for (_first, _second), _ in _COMPOUNDS.items():
    _at_need(_first, ((1, _f(_second)),))
_at_need(_DM_VERBS, ((1, _ME | {"for"}),), ((-1, _f("a", "an")), (-2, _ME), (-3, _f("send"))))
_at_need("write", ((1, _f("to")), (2, _ME)))
_at_need({"chat", "talk"}, ((1, _f("with", "to")), (2, _ME)))
_at_need("dms", ((-1, _f("my", "our")), (-2, _f("into", "in")), (-3, _f("slide"))))
_at_need(_TEXT, ((1, _ME),), ((1, _OR), (2, _CALL), (3, _ME)), ((1, _CALL), (2, _ME)))
_at_need(_CALL | {"buzz"}, ((1, _ME),), ((1, _OR), (2, _TEXT), (3, _ME)), ((1, _TEXT), (2, _ME)),
         ((-1, _f("a")), (-2, _ME), (-3, _f("give"))))
_at_need({"email", "e-mail", "contact", "follow"}, ((1, _ME),))
_at_need("hit", ((1, _ME), (2, _f("up"))))
_at_need("hmu", ())
_at_need("reach", ((1, _ME),), ((1, _f("out")), (2, _f("to")), (3, _ME)))
_at_need("touch", ((-1, _f("in")), (-2, _f("get"))))
_at_need("add", ((1, _ME),), ((1, _f("u", "you", "ya")), (2, _f("on"))))
_at_need({"id", "username", "handle", "user"}, ((-1, _f("my", "our")),))
assert set(_AT_NEEDS) == set(_NEEDS)


def _context_after(text: str, t: str, w: str) -> bool:
    """Some whole-word occurrence of app word ``w`` in ``t`` (``text`` with
    separators made spaces) has the context ``_in_context`` may read after it
    without the word list: ":"/"=" (``_COLON_APPS``) or a phone number
    (``_PHONE_WORDS``)."""
    colon = w in _COLON_APPS
    phone = w in _PHONE_WORDS
    app = _APP_WORDS[w][0]
    n = len(w)
    i = t.find(w)
    while i >= 0:
        e = i + n
        if (i == 0 or t[i - 1] == " ") and (e == len(t) or t[e] == " "):
            if colon and text[e : e + 40].lstrip(" \t")[:1] in (":", "="):
                return True
            if phone and _phone_after(text, e, app):
                return True
        i = t.find(w, e)
    return False


def _may_message(text: str, words: frozenset[str]) -> bool:
    """False only when the word loop of ``_scan`` finds nothing in ``text``
    (``words``: its ``word_set``, the words the loop compares; "@" handles
    and name#1234 tags are looked for separately).

    First per word the sets of words it needs anywhere (``_NEEDS``), then,
    for the words that pass, the same at their positions (``_AT_NEEDS``)."""
    colon = phone = False
    at: set[str] = set()
    after: list[str] = []
    for w in _INTERESTING.intersection(words):
        for needs in _NEEDS.get(w, ()):  # "app", "gram" ...: only second words of names
            if all(not n.isdisjoint(words) for n in needs):
                at.add(w)
                break
        if w == "same" and fused_search(_SAME, text) is not None:
            return True  # the ``_SAME`` regex reads the text, not the words
        if w in _COLON_APPS:
            if colon is False:
                colon = ":" in text or "=" in text
            if colon:
                after.append(w)
                continue
        if w in _PHONE_WORDS:
            if phone is False:
                phone = _has_digit(text)
            if phone:
                after.append(w)
    if not at and not after:
        return False
    t = text.encode("ascii", "replace").translate(_SEP_BYTES).decode("ascii")
    if at:
        wl = t.split()
        n = len(wl)
        for k in [k for k, w in enumerate(wl) if w in at]:
            for alt in _AT_NEEDS[wl[k]]:
                for off, need in alt:
                    j = k + off
                    if j < 0 or j >= n or wl[j] not in need:
                        break
                else:
                    return True
    return any(_context_after(text, t, w) for w in after)

# --------------------------------------------------------------------------
# Handles

_TOKEN = (
    r"[a-z0-9_][a-z0-9_.\-]{0,31}"
    r"(?:\s+(?:underscore|dot|dash|hyphen|period)\s+[a-z0-9_][a-z0-9_.\-]{0,31}){0,6}"
)
"""An account name; "glow underscore haus" spells out "glow_haus"."""

_AT = regex.compile(r"@(?<![\w.+\-@/]@)[a-z0-9_](?:[a-z0-9_.\-]{0,29}[a-z0-9_])?(?![\w@])")
"""@handle: not an e-mail (no word character before "@"), not a URL path, not "@ 3pm"."""

_SAME = regex.compile(
    r"same\s+(?:@|user\s*name|username|name|handle|id|ig|insta|account\s+name)"
    r"(?:\s+as\s+(?:on\s+)?(?:here|(?:my|our|the|this)\s+(?:tiktok\s+)?(?:shop|store|page|profile|account|tiktok|brand)"
    r"(?:\s+name)?))?\b"
    r"|same\s+as\s+(?:my\s+|our\s+|the\s+)?(?:tiktok\s+)?(?:shop|store|brand|page)\s+name\b"
)
_MYID = regex.compile(r"(?:id|user\s*name|username|handle)\s*(?:is\b|:|=)\s*@?(?P<tok>" + _TOKEN + r")")
_APP_ID = regex.compile(
    r"(?P<sep>(?:[\s,:;=>|~\-\u2013\u2014]|\p{So}|\p{Sk}|\p{Cf}|\ufe0f){0,8})"
    r"(?P<intro>(?:(?:my|the|our|its|and)\s+){0,2}(?:id|i\.d\.|handle|user\s*name|username|account|acct|name)"
    r"\s*(?:is\b|:|=)?\s*)?"
    r"(?P<at>@)?(?P<tok>" + _TOKEN + r")"
)
"""An account name typed right after an app name ("WeChat lunabeads888", "tg, handle is x")."""

_SPELLED = regex.compile(r"\s+(underscore|dot|dash|hyphen|period)\s+")
_SPELLED_MAP = {"underscore": "_", "dot": ".", "period": ".", "dash": "-", "hyphen": "-"}

_STOP_TOKENS = frozenset(
    "me us you u ya here there for and or the a an to is are please pls plz now too also only app "
    "number no id it its this that with at on in same name my our your ur of from if so but then "
    "when what which who dm dms message chat text call thanks thank ok okay yes".split()
)
_DISCORD_STOP = frozenset(
    "order item sku no number ticket case ref invoice po model lot batch tracking style room unit apt "
    "suite box size color colour product code id page step table part pin claim account acct store shop "
    "seat gate flight receipt rma return reference listing variant option pack set kit".split()
)
_MAIL_HOSTS = frozenset("gmail yahoo hotmail outlook icloud aol proton protonmail live msn mail".split())
_QUOTES = "'\"\u2018\u2019\u201c\u201d`"
_WINDOW = 40
_MAX_SPAN = 400


def _norm_token(tok: str) -> str:
    tok = _SPELLED.sub(lambda m: _SPELLED_MAP[m.group(1)], tok.lower())
    return tok.lstrip("@").rstrip(".-_") or tok


def _trim_end(text: str, start: int, end: int) -> int:
    """Drop sentence punctuation a token pattern swallowed ("id: kayla_22.")."""
    while end > start + 1 and text[end - 1] in ".-":
        end -= 1
    return end


def _handleish(tok: str) -> bool:
    """A bare word after an app name counts as an id only if it looks like one."""
    has_alpha = any(c.isalpha() for c in tok)
    has_mark = any(c.isdigit() or c in "_." for c in tok)
    return has_alpha and has_mark and len(tok) >= 4


def _timeish(name: str) -> bool:
    """"@3pm", "@10:30", "@5th": times and ordinals, not handles."""
    core = name.removesuffix("am").removesuffix("pm")
    for suf in ("st", "nd", "rd", "th"):
        core = core.removesuffix(suf)
    return core.replace(":", "").isdigit()


@register
class MessagingDetector(Detector):
    """Messaging/social app names, account handles and contact requests."""

    name = "messaging"
    kinds = frozenset({"messaging_app", "handle", "contact_request"})

    def quiet(self, text: str, low: str) -> bool:
        """The one-view early exit of ``detect``."""
        if ("@" in low and _may_at(low)) or ("#" in low and _may_tag(low)):
            return False
        words = word_set(low)
        return _TRIGGERS.isdisjoint(words) or not _may_message(low, words)

    def detect(self, views: Views) -> list[Entity]:
        folded = views.folded
        squeezed = views.squeezed
        text = folded.text
        one_view = squeezed is folded or squeezed.text == text
        out: list[Entity] = []
        self._scan(folded, out)  # its early exits are ``quiet``'s
        if not one_view:
            self._scan(squeezed, out)
        return _dedupe(out) if out else out

    # ------------------------------------------------------------------
    def _scan(self, view: MappedText, out: list[Entity]) -> None:
        text = view.text
        has_at = "@" in text and _may_at(text)
        has_hash = "#" in text and _may_tag(text)
        words = word_set(text)
        # "@" right after an ambiguous app word is its context ("ig @x")
        loop = not _TRIGGERS.isdisjoint(words) and (
            _may_message(text, words) or (has_at and not _LOOSE_APPS.isdisjoint(words))
        )
        if not loop and not has_at and not has_hash:
            return
        # The fuse only on long texts: a ``timeout=`` costs microseconds per call.
        timeout = regex_timeout(len(text)) if len(text) >= FUSE_MIN_CHARS else None
        if loop:
            self._scan_words(view, out, timeout)
        if has_at:
            self._at_handles(view, text, out, timeout)
        if has_hash:
            self._discord(view, text, out)

    def _scan_words(self, view: MappedText, out: list[Entity], timeout: float | None) -> None:
        """Apps, ids and contact phrases, word by word."""
        text = view.text
        t, _ = split_words(text)
        ws = Words(text, t)
        free = 0  # the first word not consumed by an earlier match
        for k in [k for k, w in enumerate(ws.w) if w in _INTERESTING]:
            if k >= free:
                free = self._word(view, ws, k, out, timeout) + 1

    def _word(self, view: MappedText, ws: Words, k: int, out: list[Entity], timeout: float | None) -> int:
        """Look at word k; returns the index of the last word consumed."""
        w = ws.w[k]
        text = ws.text
        # app names, two-word names first
        if w in _COMPOUND_FIRST:
            hit = _COMPOUNDS.get((w, ws.nxt(k, 1, _GAP + "-")))
            if hit is not None:
                self._app(view, ws, k, k + 1, hit[0], hit[1], out, timeout)
                return k + 1
        if w in _APP_WORDS:
            app, tier = _APP_WORDS[w]
            if self._app(view, ws, k, k, app, tier, out, timeout):
                return k
        if w in _TRIGGERS:
            last = self._contact(view, ws, k, out)
            if last is not None:
                return last
            if w == "same":
                m = _SAME.match(text, ws.s[k]) if timeout is None else _SAME.match(text, ws.s[k], timeout=timeout)
                if m is not None:
                    tail = " as " in m.group() or m.group().endswith("name")
                    out.append(self.entity(view, m.start(), m.end(), "handle", "same_name",
                                           0.8 if tail else 0.4, "same name as the shop"))
            elif w in ("id", "username", "handle", "user") and ws.prv(k, 1) in ("my", "our"):
                self._my_id(view, text, ws.s[k], out, timeout)
        return k

    # ------------------------------------------------------------------
    def _app(
        self, view: MappedText, ws: Words, k0: int, k1: int, app: str, tier: str,
        out: list[Entity], timeout: float | None,
    ) -> bool:
        text = ws.text
        s, e = ws.s[k0], ws.end(k1)
        before = text[s - 1] if s > 0 else " "
        after = text[e : e + 2]
        if before in "@#/.":
            return False  # a handle, hashtag or part of a URL
        if after[:1] == "." and after[1:2].isalnum() and not (app == "whatsapp" and text.startswith(".me", e)):
            return False  # "instagram.com": the links detector's
        if tier == "u":
            conf, evidence = 0.9, "app name"
        elif self._in_context(ws, k0, k1, app, tier):
            conf, evidence = 0.7, "app name in context"
        else:
            return False
        out.append(self.entity(view, s, e, "messaging_app", app, conf, evidence))
        if ws.nxt(k1, 1) in _ME:
            out.append(self.entity(view, s, ws.end(k1 + 1), "contact_request", "message_on", 0.8, f"{app} as a verb"))
        else:
            self._id_after(view, text, e, app, out, timeout)
        return True

    def _in_context(self, ws: Words, k0: int, k1: int, app: str, tier: str) -> bool:
        """Context an ambiguous app word needs (see the module docstring)."""
        text = ws.text
        e = ws.end(k1)
        p1, p2 = ws.prv(k0, 1), ws.prv(k0, 2)
        n1 = ws.nxt(k1, 1)
        strong_pre = (p1 in _ON or p1 == "at") and p2 in _STRONG_SUBJ or (
            p1 in ("my", "our") and p2 in _ON and ws.prv(k0, 3) in _STRONG_SUBJ
        )
        if strong_pre:
            return True
        if n1 in _NEG_NEXT:
            return False
        after = text[e : e + 40].lstrip(" \t")
        at_next = after[:1] == "@" and after[1:2].isalnum()
        if tier == "a":
            if p1 in _LENIENT_PREV or (p1 in _ADJ and p2 in _POSS):
                return True
            if n1 in _POST_A or at_next or n1 == "me" or text.startswith(".me", e):
                return True
            if after[:1] in ":=" and after[1:].lstrip()[:1].isalnum():
                return True
            return app in _PHONE_APPS and _phone_after(text, e, app)
        if app == "twitter":
            return n1 in _POST_X or at_next
        if n1 in _POST_B or at_next:
            return True
        if app == "signal" and (n1 == "number" or _phone_after(text, e, app)):
            return True
        if after[:1] in ":=":
            rest = after[1:].lstrip()
            tok = rest.split(None, 1)[0] if rest else ""
            return tok[:1] == "@" or _handleish(tok.rstrip(".,;")) or (app != "line" and _phone_after(text, e, app))
        return False

    def _id_after(self, view: MappedText, text: str, e: int, app: str, out: list[Entity], timeout: float | None) -> None:
        end = min(len(text), e + 80)
        m = _APP_ID.match(text, e, end) if timeout is None else _APP_ID.match(text, e, end, timeout=timeout)
        if m is None:
            return
        tok = _norm_token(m.group("tok"))
        if not any(c.isalpha() for c in tok) or tok in _STOP_TOKENS:
            return
        introduced = m.group("intro") is not None or any(c in ":=" for c in m.group("sep"))
        if m.group("at"):
            s0 = m.start("at")
            if _timeish(tok) or tok.split(".")[0] in _MAIL_HOSTS:
                return
        else:
            s0 = m.start("tok")
            if (introduced and len(tok) < 3) or (not introduced and not _handleish(tok)):
                return
        end = _trim_end(text, s0, m.end("tok"))
        out.append(self.entity(view, s0, end, "handle", tok, 0.9 if m.group("at") else 0.85, f"{app} id"))

    def _my_id(self, view: MappedText, text: str, s: int, out: list[Entity], timeout: float | None) -> None:
        end = min(len(text), s + 120)
        m = _MYID.match(text, s, end) if timeout is None else _MYID.match(text, s, end, timeout=timeout)
        if m is None:
            return
        tok = _norm_token(m.group("tok"))
        if tok in _STOP_TOKENS or not any(c.isalpha() for c in tok):
            return
        end = _trim_end(text, m.start("tok"), m.end("tok"))
        out.append(self.entity(view, m.start("tok"), end, "handle", tok, 0.6, "my id/username is"))

    # ------------------------------------------------------------------
    def _contact(self, view: MappedText, ws: Words, k: int, out: list[Entity]) -> int | None:
        """A contact phrase at word k; returns the index of its last word."""
        w = ws.w[k]
        n1 = ws.nxt(k, 1)
        value = ""
        k0, k1 = k, k
        if w in _DM_VERBS:
            if n1 in _ME and not (w == "pm" and ws.get(k - 1)[:1].isdigit()):
                value, k1 = "dm", k + 1
            elif w in ("write", "talk") and n1 == "to" and ws.nxt(k, 2) in _ME:
                value, k1 = "dm", k + 2
            elif w == "dm" and n1 == "for":
                value, k1 = "dm", k + 1
            elif ws.prv(k, 1) in ("a", "an") and ws.prv(k, 2) in _ME and ws.prv(k, 3) == "send":
                value, k0 = "dm", k - 3
        elif w in ("chat", "talk") and n1 in ("with", "to") and ws.nxt(k, 2) in _ME:
            value, k1 = "dm", k + 2
        elif w == "dms" and ws.prv(k, 1) in ("my", "our") and ws.prv(k, 2) in ("into", "in") and ws.prv(k, 3) == "slide":
            value, k0 = "dm", k - 3
        elif w in _TEXT:
            n1g = ws.nxt(k, 1, _GAP + "/&")
            if n1 in _ME:
                value, k1 = "text", k + 1
            elif n1g in _OR and ws.nxt(k, 2, _GAP + "/&") in _CALL and ws.nxt(k, 3, _GAP + "/&") in _ME:
                value, k1 = "call", k + 3
            elif n1g in _CALL and ws.nxt(k, 2, _GAP + "/&") in _ME:
                value, k1 = "call", k + 2
        elif w in _CALL or w == "buzz":
            n1g = ws.nxt(k, 1, _GAP + "/&")
            if w != "buzz" and n1 in _ME:
                value, k1 = "call", k + 1
            elif n1g in _OR and ws.nxt(k, 2, _GAP + "/&") in _TEXT and ws.nxt(k, 3, _GAP + "/&") in _ME:
                value, k1 = "text", k + 3
            elif n1g in _TEXT and ws.nxt(k, 2, _GAP + "/&") in _ME:
                value, k1 = "text", k + 2
            elif ws.prv(k, 1) == "a" and ws.prv(k, 2) in _ME and ws.prv(k, 3) == "give":
                value, k0 = "call", k - 3
        elif w in ("email", "e-mail"):
            if n1 in _ME:
                value, k1 = "email", k + 1
        elif w == "hit":
            if n1 in _ME and ws.nxt(k, 2) == "up":
                value, k1 = "hit_me_up", k + 2
        elif w == "hmu":
            value = "hit_me_up"
        elif w == "reach":
            if n1 in _ME:
                value, k1 = "reach_me", k + 1
            elif n1 == "out" and ws.nxt(k, 2) == "to" and ws.nxt(k, 3) in _ME:
                value, k1 = "reach_me", k + 3
        elif w == "contact":
            if n1 in _ME:
                value, k1 = "contact", k + 1
        elif w == "touch":
            if ws.prv(k, 1) == "in" and ws.prv(k, 2) == "get":
                value, k0 = "contact", k - 2
                if n1 == "with" and ws.nxt(k, 2) in _ME:
                    k1 = k + 2
        elif w == "add":
            if n1 in _ME:
                value, k1 = "add_me", k + 1
            elif n1 in ("u", "you", "ya") and ws.nxt(k, 2) == "on":
                value, k1 = "add_me", k + 2
        elif w == "follow":
            if n1 in _ME:
                value, k1 = "follow", k + 1
        if not value:
            return None
        text = ws.text
        s, e = ws.s[k0], ws.end(k1)
        a1, a2, a3 = ws.nxt(k1, 1), ws.nxt(k1, 2), ws.nxt(k1, 3)
        if a1 == "up":
            a1, a2, a3 = a2, a3, ws.nxt(k1, 4)
        conf = 0.8
        evidence = ""
        in_chat = a1 == "here" or (
            a1 in ("on", "in", "via", "through", "thru")
            and (a2 in ("here", "tiktok", "tik") or (a2 in ("this", "the") and a3 in ("chat", "app")))
        )
        if value == "dm":
            conf = 0.6
            if a1 in _ON | {"at"} and a2 and a2 not in _ELSE_NOT and not (a2 == "the" and a3 in ("chat", "app")):
                value, conf = "message_on", 0.8
        elif value == "contact" and (a1 in _DIRECT or (a1 == "off" and a2 in ("the", "app", "platform", "tiktok"))):
            value = "contact_direct"
        if in_chat:
            evidence = "in chat"
        if s > 0 and text[s - 1] in _QUOTES:
            conf, evidence = 0.3, "quoted"
        out.append(self.entity(view, s, e, "contact_request", value, conf, evidence))
        return k1

    # ------------------------------------------------------------------
    def _at_handles(self, view: MappedText, text: str, out: list[Entity], timeout: float | None) -> None:
        # collected first: a finditer's fuse would also time the loop below
        for m in list(_AT.finditer(text) if timeout is None else _AT.finditer(text, timeout=timeout)):
            s, e = m.span()
            name = text[s + 1 : e]
            all_digits = name.isdigit()
            if (
                len(name) < 3
                or (_timeish(name) and not (all_digits and len(name) >= 5))
                or name.split(".")[0] in _MAIL_HOSTS
                # digits only: a handle from 5 digits on ("@116462"); "@ 30", "@1999" are prices/times
                or (not any(c.isalpha() for c in name) and not (all_digits and len(name) >= 5))
            ):
                continue
            if _after_tiktok(text, s):
                out.append(self.entity(view, s, e, "handle", name, 0.4, "@-handle after tiktok"))
            else:
                conf = 0.6 if all_digits else 0.8
                out.append(self.entity(view, s, e, "handle", name, conf, "@-handle"))

    def _discord(self, view: MappedText, text: str, out: list[Entity]) -> None:
        """name#1234: four digits after "#" and a name glued before it."""
        discord_near = "discord" in text
        i = text.find("#")
        while i != -1:
            digits = text[i + 1 : i + 5]
            if len(digits) == 4 and digits.isdigit() and not text[i + 5 : i + 6].isdigit():
                j = i
                while j > 0 and i - j < 32 and (text[j - 1].isalnum() or text[j - 1] in "_.") and text[j - 1].isascii():
                    j -= 1
                name = text[j:i]
                if len(name) >= 2 and name[0].isalpha() and name not in _DISCORD_STOP:
                    conf = 0.85 if discord_near else 0.6
                    out.append(self.entity(view, j, i + 5, "handle", text[j : i + 5], conf, "name#1234 tag"))
            i = text.find("#", i + 1)


def _may_at(text: str) -> bool:
    """Some "@" followed by a letter, digit or "_": without one neither
    ``_AT`` matches nor can an "@" be an app word's context (``_in_context``)."""
    i = text.find("@")
    while i >= 0:
        c = text[i + 1 : i + 2]
        if c.isalnum() or c == "_":
            return True
        i = text.find("@", i + 1)
    return False


def _may_tag(text: str) -> bool:
    """Some "#" with four digits after it and a name character right before
    it: without one ``_discord`` finds nothing."""
    i = text.find("#")
    while i >= 0:
        digits = text[i + 1 : i + 5]
        if i > 0 and len(digits) == 4 and digits.isdigit() and (text[i - 1].isalnum() or text[i - 1] in "_."):
            return True
        i = text.find("#", i + 1)
    return False


def _after_tiktok(text: str, s: int) -> bool:
    """"our tiktok is @x", "TikTok: @x": the shop's own TikTok account."""
    last = [w.strip(":,-").lower() for w in text[max(0, s - _WINDOW) : s].split()[-3:]]
    return (
        last[-1:] == ["tiktok"]
        or last[-2:] in (["tiktok", "is"], ["tiktok", "handle"], ["tiktok", "account"])
        or last in (["tiktok", "handle", "is"], ["tiktok", "account", "is"])
    )


def _phone_after(text: str, e: int, app: str) -> bool:
    """A phone-like run (7+ digits; 5+ for QQ) right after an app word, not a ZIP+4."""
    j = e
    n = len(text)
    skipped = 0
    while j < n and text[j] in " :-\u2013\t" and skipped < 4:
        j += 1
        skipped += 1
    run_start = j
    digits = 0
    while j < n and j - run_start < 24 and (text[j].isdigit() or text[j] in " ()-.+"):
        digits += text[j].isdigit()
        j += 1
    run = text[run_start:j].strip(" .-")
    if len(run) == 10 and run[5:6] == "-" and run.replace("-", "").isdigit():
        return False  # ZIP+4, e.g. "WA 98101-1234"
    return digits >= (5 if app == "qq" else 7)


def _dedupe(ents: list[Entity]) -> list[Entity]:
    """One entity per kind and overlapping span (same value or same span); longest, then most confident, wins."""
    ents.sort(key=lambda x: (x.start, -(x.end - x.start), -x.confidence))
    kept: list[Entity] = []
    for ent in ents:
        dup = False
        for i in range(len(kept) - 1, -1, -1):
            k = kept[i]
            if k.start < ent.start - _MAX_SPAN:
                break
            if k.kind != ent.kind or k.end <= ent.start or ent.end <= k.start:
                continue
            same_span = (k.start, k.end) == (ent.start, ent.end)
            if k.value == ent.value or same_span:
                dup = True
                if same_span and ent.confidence > k.confidence:
                    kept[i] = ent
                break
        if not dup:
            kept.append(ent)
    return kept
