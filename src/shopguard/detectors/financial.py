r"""Bank and card instruments: card numbers, US routing/account numbers, IBANs,
crypto wallets.

The policy forbids sending bank accounts and payment accounts to customers, so
this detector reports the instruments themselves.  Digit strings are
everywhere in seller chat (order numbers, tracking numbers, phones, prices), so
every kind is gated by a checksum where one exists (Luhn + IIN range, ABA
3-7-1, IBAN mod-97, base58check, bech32/bech32m, EIP-55) and, where none exists
(account numbers), by surrounding bank words.

Views: digit runs are read on ``digits`` (spelled-out and emoji digits already
turned into digits); IBANs and wallets on ``clean`` because their case matters.
All regexes are possessive or anchored on a single character class, so they
run in linear time on hostile input (digit or base58 soup).

Gate: wallets need 25 ASCII letters/digits in a row, everything else 8
digits.  Both are counted with ``bytes.translate`` (digits deleted; letters
and digits made "a" and one substring test), exactly what the regexes need
(non-ASCII ``\d`` digits are counted too), so a message with neither exits
without a regex.  IBANs are only searched for when two ASCII letters are
followed by two digits; card brands are cached on what ``card_brand`` reads
(the first digits and the length).  Regex calls take the timeout fuse only
on long texts.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

import regex

from .._limits import fused_finditer, fused_search
from ..normalize import MappedText, Views
from . import register
from ._checksums import (
    B58_RIPPLE,
    _CARD_RANGES,
    IBAN_LENGTHS,
    aba_ok,
    b58check_decode,
    bech32_segwit_ok,
    card_brand,
    eip55_ok,
    iban_ok,
    luhn_ok,
)
from .base import Detector, Entity

# Digit chunks: digit groups joined by one space/tab, or a dash/dot with
# optional spaces.  Possessive, so a failed chunk never backtracks.
_CHUNK = regex.compile(r"(?<!\d)\d++(?:(?:[ \t]?+[\-.][ \t]?+|[ \t])\d++)*+")
_GROUP = regex.compile(r"\d+")

_CARD_CTX = regex.compile(
    r"\b(?:card|cards|cc|credit|debit|visa|master\s?card|mastercard|amex|american express|"
    r"discover|jcb|diners|unionpay|maestro|cvv|cvc|cv2|exp(?:iry|iration)?|expires?)\b"
)
_ROUTING_CTX = regex.compile(r"\b(?:routing|aba|rtn|transit)\b")
_BANK_CTX = regex.compile(
    r"\b(?:bank|banks|banking|routing|aba|rtn|wire|wired|ach|checking|savings|iban|swift|bic|"
    r"sort\s?code|chase|wells\s?fargo|bofa|citi(?:bank)?|credit union)\b"
)
_BANK_WEAK_CTX = regex.compile(r"\b(?:transfer|deposit|deposited|beneficiary)\b")
_ACCOUNT_CTX = regex.compile(
    r"(?:\b(?:acct|acc|account|a/c)\b\.?\s*(?:no\.?|num(?:ber)?|#)?\s*[:#\-]?\s*(?:is\s*)?$)"
)
_CRYPTO_CTX = regex.compile(
    r"\b(?:wallet|btc|bitcoin|eth|ether|ethereum|usdt|usdc|tether|trc-?20|erc-?20|bep-?20|"
    r"crypto|cryptocurrency|ltc|litecoin|doge|dogecoin|xrp|ripple|tron|trx|binance|bnb|coinbase)\b"
)

# IBAN: two letters, two check digits, then alnum chars optionally separated
# by single spaces or dashes (cut to the country length afterwards).
# Bounded (34 alnum at most) so re-searching right after each cut stays linear.
_IBAN = regex.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?:[ \-]?+[A-Za-z0-9]){11,30}+")

# Wallet candidates: whole alnum tokens of 25+ characters.
_TOKEN = regex.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]{25,}+")

_IBAN_HEAD = regex.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}")
"""Where an ``_IBAN`` match can start (``FinancialDetector.quiet``)."""

_HEX = frozenset("0123456789abcdefABCDEF")
_B58 = frozenset("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz")

# base58check address families: first char -> (length range, version bytes, chain)
_B58_FAMILIES: dict[str, tuple[range, tuple[int, ...], str]] = {
    "1": (range(26, 36), (0x00,), "btc"),
    "3": (range(26, 36), (0x05,), "btc"),
    "T": (range(34, 35), (0x41,), "trx"),
    "L": (range(33, 35), (0x30,), "ltc"),
    "M": (range(33, 35), (0x32,), "ltc"),
    "D": (range(33, 35), (0x1E,), "doge"),
    "r": (range(25, 36), (0x00,), "xrp"),
}


class _Chunk(NamedTuple):
    start: int  # view offsets
    end: int
    groups: list[tuple[int, int]]


# "At least 8 digits anywhere" (the shortest account number; every card,
# routing number and IBAN has more), counted at C speed: ASCII digits by
# deleting them from the ASCII bytes, other ``\d`` digits (Arabic-Indic ...)
# with the same ``regex`` class the patterns use, on the non-ASCII characters
# only (the UTF-8 bytes >= 0x80).
_ASCII_DIGITS = b"0123456789"
_ASCII_BYTES = bytes(range(128))
_UNI_DIGIT = regex.compile(r"\d")


def _has_eight_digits(text: str) -> bool:
    raw = text.encode("ascii", "replace")
    n = len(raw) - len(raw.translate(None, _ASCII_DIGITS))
    if n >= 8 or text.isascii():
        return n >= 8
    rest = text.encode("utf-8", "surrogatepass").translate(None, _ASCII_BYTES)
    # one-character class over the non-ASCII characters: linear, no fuse needed
    return n + len(_UNI_DIGIT.findall(rest.decode("utf-8", "surrogatepass"))) >= 8


# Wallet candidates need a run of 25+ ASCII letters/digits (``_TOKEN``):
# letters/digits made "a", everything else a space, then one substring test.
_ALNUM_A = bytes(97 if (48 <= c <= 57 or 65 <= c <= 90 or 97 <= c <= 122) else 32 for c in range(256))
_LONG_RUN = "a" * 25


def _has_long_word(text: str) -> bool:
    """True exactly when ``_TOKEN`` can match: 25+ ASCII alnum in a row."""
    return len(text) >= 25 and _LONG_RUN in text.encode("ascii", "replace").translate(_ALNUM_A).decode("ascii")


# An IBAN starts with two ASCII letters and two digits ("DE89"): letters made
# "a", digits and "?" (the ASCII form of any non-ASCII character, which may be
# a ``\d`` digit) made "1", then one substring test.
_IBAN_SKETCH = bytes(
    97 if (65 <= c <= 90 or 97 <= c <= 122) else 49 if (48 <= c <= 57 or c == 63) else 32 for c in range(256)
)


def _may_hold_iban(text: str) -> bool:
    """False only when ``_IBAN`` cannot match (the 8-digit test included)."""
    return "aa11" in text.encode("ascii", "replace").translate(_IBAN_SKETCH).decode("ascii") and _has_eight_digits(text)


# ``card_brand`` reads only the length and the first few digits (the longest
# IIN prefix) but walks every range: ~20 µs a call, and a spaced tracking
# number tries dozens of windows.  Cached on exactly what it reads.
_IIN_DIGITS = max(len(str(lo)) for lo, _hi, _brand, _lengths in _CARD_RANGES)


@lru_cache(maxsize=4096)
def _brand_of(head: str, n: int) -> str | None:
    return card_brand(head + "0" * (n - len(head)))


def _card_brand(num: str) -> str | None:
    """``card_brand(num)``, cached (the same answer: it depends on nothing else)."""
    if len(num) < _IIN_DIGITS:
        return card_brand(num)
    return _brand_of(num[:_IIN_DIGITS], len(num))


def _by_span(e: Entity) -> tuple[int, int]:
    return e.start, e.end


@register
class FinancialDetector(Detector):
    """Card, routing, account, IBAN and crypto-wallet numbers, checksum-gated."""

    name = "financial"
    kinds = frozenset({"card_number", "bank_account", "routing_number", "iban", "crypto_wallet"})

    def quiet(self, text: str, low: str) -> bool:
        """No wallet-length alnum run, and no IBAN start with a known country
        code or digit chunk that could be a card, routing or account number
        (``_chunk_may_hit``: the checks ``_digit_runs`` makes, from the cheap
        ones up)."""
        if len(text) >= 25 and _LONG_RUN in text.encode("ascii", "replace").translate(_ALNUM_A).decode("ascii"):
            return False
        if not _has_eight_digits(low):
            return True
        if _may_hold_iban(text):
            # every start ``_ibans`` tries is an ``_IBAN_HEAD`` match (they cannot overlap)
            for m in _IBAN_HEAD.finditer(text):
                if text[m.start() : m.start() + 2].upper() in IBAN_LENGTHS:
                    return False
        # the early exits of ``_digit_runs``: a chunk not glued to letters, 8+ digits
        for m in _CHUNK.finditer(low):
            s, e = m.span()
            if e - s < 8 or (s > 0 and low[s - 1].isalpha()) or (e < len(low) and low[e].isalpha()):
                continue
            groups = [(g.start() + s, g.end() + s) for g in _GROUP.finditer(m.group())]
            if sum(b - a for a, b in groups) >= 8 and _chunk_may_hit(low, _Chunk(s, e, groups)):
                return False
        return True

    def detect(self, views: Views) -> list[Entity]:
        clean = views.clean
        digits = views.digits
        # Wallets need one long alnum token; everything else needs 8+ digits.
        # The common case has neither: two translates, no regex.  (The tests
        # of ``_has_long_word`` and ``_has_eight_digits``, inlined.)
        ct = clean.text
        wallets = len(ct) >= 25 and _LONG_RUN in ct.encode("ascii", "replace").translate(_ALNUM_A).decode("ascii")
        dt = digits.text
        raw = dt.encode("ascii", "replace")
        if not wallets and len(raw) - len(raw.translate(None, _ASCII_DIGITS)) < 8 and dt.isascii():
            return []
        numbers = _has_eight_digits(dt)
        if not wallets and not numbers:
            return []
        out: list[Entity] = []
        if wallets:
            out.extend(self._wallets(clean))
        if numbers:
            ibans = self._ibans(clean) if _may_hold_iban(clean.text) else []
            out.extend(ibans)
            taken = [(e.start, e.end) for e in out]
            out.extend(self._digit_runs(digits, taken))
        out.sort(key=_by_span)
        return out

    # ---------------------------------------------------------------- IBAN
    def _ibans(self, view: MappedText) -> list[Entity]:
        text = view.text
        found: list[Entity] = []
        pos = 0
        while True:
            m = fused_search(_IBAN, text, pos)
            if m is None:
                break
            s = m.start()
            pos = s + 1
            cc = text[s : s + 2].upper()
            want = IBAN_LENGTHS.get(cc)
            if want is None:
                continue
            chars: list[str] = []
            seps: set[str] = set()
            i = s
            end = m.end()
            while i < end and len(chars) < want:
                ch = text[i]
                if ch.isalnum():
                    chars.append(ch)
                else:
                    seps.add(ch)
                i += 1
            if len(chars) != want or len(seps) > 1:
                continue
            # Must end on a token boundary, not in the middle of a longer run.
            if i < len(text) and text[i].isalnum():
                continue
            compact = "".join(chars)
            letters = [c for c in compact if c.isalpha()]
            upper = all(c.isupper() for c in letters)
            lower = all(c.islower() for c in letters)
            if not (upper or lower):
                continue
            compact = compact.upper()
            if not iban_ok(compact):
                continue
            conf = 0.97 if upper else 0.85
            found.append(
                self.entity(view, s, i, "iban", compact, conf, f"IBAN {cc}, mod-97 valid")
            )
            pos = i
        return found

    # -------------------------------------------------------------- wallets
    def _wallets(self, view: MappedText) -> list[Entity]:
        text = view.text
        found: list[Entity] = []
        for m in list(fused_finditer(_TOKEN, text)):
            tok = m.group()
            if len(tok) > 90:
                continue
            res = self._classify_wallet(tok)
            if res is None:
                continue
            chain, conf, why = res
            if conf < 0.8:
                # Shape only: report when the message talks crypto.
                lo = max(0, m.start() - 80)
                ctx = text[lo : m.end() + 40].lower()
                if fused_search(_CRYPTO_CTX, ctx) is None:
                    continue
                why += ", crypto words nearby"
            found.append(
                self.entity(view, m.start(), m.end(), "crypto_wallet", f"{chain}:{tok}", conf, why)
            )
        return found

    @staticmethod
    def _classify_wallet(tok: str) -> tuple[str, float, str] | None:
        """(chain, confidence, evidence) for a wallet-shaped token, else None."""
        n = len(tok)
        head = tok[:2]
        if head in ("0x", "0X") and n == 42 and all(c in _HEX for c in tok[2:]):
            body = tok[2:]
            if body.lower() == body or body.upper() == body:
                return "eth", 0.85, "0x + 40 hex (single case, no EIP-55 checksum)"
            if eip55_ok(body):
                return "eth", 0.97, "0x + 40 hex, EIP-55 checksum valid"
            return "eth", 0.55, "0x + 40 hex, EIP-55 checksum fails"
        low = tok.lower()
        if low.startswith(("bc1", "ltc1")):
            hrp = bech32_segwit_ok(tok)
            if hrp is not None:
                chain = "btc" if hrp == "bc" else "ltc"
                return chain, 0.98, f"{hrp}1… bech32 segwit address, checksum valid"
            if low == tok and 14 <= n <= 74:
                return ("btc" if low.startswith("bc") else "ltc"), 0.55, "bech32 shape, checksum fails"
            return None
        fam = _B58_FAMILIES.get(tok[0])
        if fam is None or n not in fam[0]:
            return None
        lengths, versions, chain = fam
        if chain == "xrp":
            payload = b58check_decode(tok, B58_RIPPLE)
        else:
            if not all(c in _B58 for c in tok):
                return None
            payload = b58check_decode(tok)
        if payload is not None and len(payload) == 21 and payload[0] in versions:
            return chain, 0.98, f"{chain} base58check address, checksum valid"
        if chain == "xrp":
            return None  # 'r' + letters is too common a shape to report unvalidated
        return chain, 0.55, f"{chain} base58 shape, checksum fails"

    # ----------------------------------------------------------- digit runs
    def _digit_runs(self, view: MappedText, taken: list[tuple[int, int]]) -> list[Entity]:
        text = view.text
        found: list[Entity] = []
        for m in list(fused_finditer(_CHUNK, text)):
            s, e = m.start(), m.end()
            if e - s < 8:
                continue  # fewer than 8 characters: fewer than 8 digits
            # digits glued to letters are codes (UPS 1Z…, SKUs, IBAN bodies)
            if (s > 0 and text[s - 1].isalpha()) or (e < len(text) and text[e].isalpha()):
                continue
            os_, oe = view.span(s, e)
            if any(a < oe and os_ < b for a, b in taken):
                continue
            groups = [(g.start() + s, g.end() + s) for g in fused_finditer(_GROUP, m.group())]
            total = sum(b - a for a, b in groups)
            if total < 8:
                continue
            chunk = _Chunk(s, e, groups)
            cards = self._cards(view, chunk)
            if cards:
                found.extend(cards)
                continue
            ent = self._routing(view, chunk)
            if ent is not None:
                found.append(ent)
                continue
            ent = self._account(view, chunk)
            if ent is not None:
                found.append(ent)
        return found

    @staticmethod
    def _ctx(text: str, s: int, e: int, before: int, after: int) -> str:
        return text[max(0, s - before) : e + after]

    def _cards(self, view: MappedText, ch: _Chunk) -> list[Entity]:
        """Card numbers: windows of whole groups anchored at a chunk edge.

        A window starts at the chunk start (or right after a card already
        found there), or ends at the chunk end; never in the middle, so a
        22-digit tracking number spaced in fours is not mined for cards.
        """
        g = ch.groups
        found: list[Entity] = []
        anchor = 0
        while anchor < len(g):
            hit = self._card_from(view, g, anchor)
            if hit is None:
                break
            ent, anchor = hit
            found.append(ent)
        if anchor < len(g):
            ent2 = self._card_to_end(view, g, anchor)
            if ent2 is not None:
                found.append(ent2)
        return found

    def _card_from(
        self, view: MappedText, g: list[tuple[int, int]], i: int
    ) -> tuple[Entity, int] | None:
        acc = 0
        ends: list[int] = []
        for j in range(i, len(g)):
            acc += g[j][1] - g[j][0]
            if acc > 19:
                break
            if acc >= 13:
                ends.append(j)
        for j in reversed(ends):  # longest first
            ent = self._card_window(view, g, i, j)
            if ent is not None:
                return ent, j + 1
        return None

    def _card_to_end(self, view: MappedText, g: list[tuple[int, int]], lo: int) -> Entity | None:
        acc = 0
        last = len(g) - 1
        for i in range(last, lo, -1):
            acc += g[i][1] - g[i][0]
            if acc > 19:
                break
            if acc >= 13:
                ent = self._card_window(view, g, i, last)
                if ent is not None:
                    return ent
        return None

    def _card_window(
        self, view: MappedText, g: list[tuple[int, int]], i: int, j: int
    ) -> Entity | None:
        text = view.text
        num = "".join(text[a:b] for a, b in g[i : j + 1])
        brand = _card_ok(num)
        if brand is None:
            return None
        s, e = g[i][0], g[j][1]
        ctx = self._ctx(text, s, e, 60, 40)
        has_ctx = fused_search(_CARD_CTX, ctx) is not None
        sizes = [b - a for a, b in g[i : j + 1]]
        grouped = len(sizes) >= 3 and all(k in (4, 5, 6) for k in sizes[:-1])
        if has_ctx or grouped:
            conf = 0.97
        elif brand == "uatp" or len(num) >= 17:
            conf = 0.6  # bare: could be an order / reference number
        else:
            conf = 0.9
        why = f"{brand} IIN, Luhn valid" + (", card words nearby" if has_ctx else "")
        return self.entity(view, s, e, "card_number", num, conf, why)

    def _routing(self, view: MappedText, ch: _Chunk) -> Entity | None:
        text = view.text
        hit = _routing_hit(text, ch)
        if hit is None:
            return None
        num, conf, why = hit
        return self.entity(view, ch.start, ch.end, "routing_number", num, conf, why)

    def _account(self, view: MappedText, ch: _Chunk) -> Entity | None:
        hit = _account_hit(view.text, ch)
        if hit is None:
            return None
        num, conf, why = hit
        return self.entity(view, ch.start, ch.end, "bank_account", num, conf, why)


def _ctx(text: str, s: int, e: int, before: int, after: int) -> str:
    return text[max(0, s - before) : e + after]


def _card_ok(num: str) -> str | None:
    """The brand of a card number ``num`` (IIN range, length and Luhn), else None."""
    brand = _card_brand(num)
    if brand is None or not luhn_ok(num):
        return None
    return brand


def _routing_hit(text: str, ch: _Chunk) -> tuple[str, float, str] | None:
    """(number, confidence, evidence) of a routing number in chunk ``ch``, else None."""
    num = "".join(text[a:b] for a, b in ch.groups)
    if len(num) != 9 or not aba_ok(num):
        return None
    ctx = _ctx(text, ch.start, ch.end, 60, 30)
    if fused_search(_ROUTING_CTX, ctx):
        return num, 0.95, "ABA checksum valid, 'routing'/'ABA' nearby"
    if fused_search(_BANK_CTX, ctx):
        return num, 0.8, "ABA checksum valid, bank words nearby"
    return None


def _account_hit(text: str, ch: _Chunk) -> tuple[str, float, str] | None:
    """(number, confidence, evidence) of a bank account number in chunk ``ch``, else None."""
    nd = [b - a for a, b in ch.groups]
    num = "".join(text[a:b] for a, b in ch.groups)
    if not 8 <= len(num) <= 17:
        return None
    if nd in ([3, 3, 4], [1, 3, 3, 4]) and len(ch.groups) > 1:
        return None  # formatted like a phone number
    before = text[max(0, ch.start - 30) : ch.start]
    if fused_search(_ACCOUNT_CTX, before) is None:
        return None
    ctx = _ctx(text, ch.start, ch.end, 100, 80)
    if fused_search(_BANK_CTX, ctx):
        return num, 0.85, "'account' + bank words nearby"
    if fused_search(_BANK_WEAK_CTX, ctx):
        return num, 0.65, "'account' + transfer/deposit nearby"
    return None


def _chunk_may_hit(text: str, ch: _Chunk) -> bool:
    """False only when ``_digit_runs`` finds nothing in chunk ``ch`` (8+ digits,
    not glued to letters) of ``text``: no card window ``_cards`` tries (from
    the first group, or ending at the last) has a brand and a valid Luhn
    digit, and it is neither a routing nor an account number."""
    g = ch.groups
    acc = 0
    for j in range(len(g)):  # windows from the first group (``_card_from`` at 0)
        acc += g[j][1] - g[j][0]
        if acc > 19:
            break
        if acc >= 13 and _card_ok("".join(text[a:b] for a, b in g[: j + 1])) is not None:
            return True
    acc = 0
    last = len(g) - 1
    for i in range(last, 0, -1):  # windows ending at the last group (``_card_to_end``)
        acc += g[i][1] - g[i][0]
        if acc > 19:
            break
        if acc >= 13 and _card_ok("".join(text[a:b] for a, b in g[i:])) is not None:
            return True
    return _routing_hit(text, ch) is not None or _account_hit(text, ch) is not None


__all__ = ["FinancialDetector"]
