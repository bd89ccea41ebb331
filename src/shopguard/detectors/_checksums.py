"""Checksums of payment identifiers, stdlib only.

A digit run or a base58 string is only reported as a card, routing number,
IBAN or wallet when its checksum holds: that is what separates a card number
from an 18-digit order number, or a wallet from a random hash.  Everything
here is pure and allocation-light; callers have already matched the shape.
"""

from __future__ import annotations

import hashlib

__all__ = [
    "B58_BITCOIN",
    "B58_RIPPLE",
    "IBAN_LENGTHS",
    "aba_ok",
    "b58check_decode",
    "bech32_segwit_ok",
    "card_brand",
    "eip55_ok",
    "iban_ok",
    "keccak256",
    "luhn_ok",
]

# --------------------------------------------------------------------- Luhn


def luhn_ok(digits: str) -> bool:
    """Luhn (mod 10) check of an all-digit string."""
    total = 0
    dbl = False
    for ch in reversed(digits):
        d = ord(ch) - 48
        if dbl:
            d *= 2
            if d > 9:
                d -= 9
        total += d
        dbl = not dbl
    return total % 10 == 0


# (prefix, brand, allowed lengths); longest prefix wins, so order does not matter.
_CARD_RANGES: list[tuple[int, int, str, frozenset[int]]] = []


def _add(lo: str, hi: str, brand: str, lengths: range | tuple[int, ...]) -> None:
    _CARD_RANGES.append((int(lo), int(hi), brand, frozenset(lengths)))


_add("4", "4", "visa", (13, 16, 19))
_add("51", "55", "mastercard", (16,))
_add("2221", "2720", "mastercard", (16,))
_add("34", "34", "amex", (15,))
_add("37", "37", "amex", (15,))
_add("6011", "6011", "discover", range(16, 20))
_add("644", "649", "discover", range(16, 20))
_add("65", "65", "discover", range(16, 20))
_add("3528", "3589", "jcb", range(16, 20))
_add("300", "305", "diners", range(14, 20))
_add("36", "36", "diners", range(14, 20))
_add("38", "39", "diners", range(14, 20))
_add("62", "62", "unionpay", range(16, 20))
_add("2200", "2204", "mir", range(16, 20))
# Maestro / Dankort: only the well-known narrow prefixes (the full Maestro
# range 50, 56-69 would swallow order numbers).
for _p in ("5018", "5020", "5038", "5893", "6304", "6759", "6761", "6762", "6763"):
    _add(_p, _p, "maestro", range(12, 20))
_add("5019", "5019", "dankort", (16,))
_add("1", "1", "uatp", (15,))


def card_brand(digits: str) -> str | None:
    """Brand whose IIN range and length fit ``digits`` (Luhn not checked)."""
    n = len(digits)
    best: tuple[int, str] | None = None
    for lo, hi, brand, lengths in _CARD_RANGES:
        if n not in lengths:
            continue
        k = len(str(lo))
        if k > n:
            continue
        p = int(digits[:k])
        if lo <= p <= hi and (best is None or k > best[0]):
            best = (k, brand)
    return best[1] if best else None


# ---------------------------------------------------------------- ABA (US)

_ABA_PREFIX_OK = frozenset(
    [f"{i:02d}" for i in range(0, 13)]
    + [str(i) for i in range(21, 33)]
    + [str(i) for i in range(61, 73)]
    + ["80"]
)


def aba_ok(digits: str) -> bool:
    """ABA routing number: 9 digits, Fed prefix, 3-7-1 weighted checksum."""
    if len(digits) != 9 or not digits.isdigit() or digits[:2] not in _ABA_PREFIX_OK:
        return False
    if digits == "000000000":
        return False
    w = (3, 7, 1) * 3
    return sum(int(c) * k for c, k in zip(digits, w)) % 10 == 0


# -------------------------------------------------------------------- IBAN

IBAN_LENGTHS: dict[str, int] = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16,
    "BG": 22, "BH": 22, "BI": 27, "BR": 29, "BY": 28, "CH": 21, "CR": 22,
    "CY": 28, "CZ": 24, "DE": 22, "DJ": 27, "DK": 18, "DO": 28, "EE": 20,
    "EG": 29, "ES": 24, "FI": 18, "FK": 18, "FO": 18, "FR": 27, "GB": 22,
    "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28, "HN": 28, "HR": 21,
    "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26, "IT": 27, "JO": 30,
    "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20,
    "LV": 21, "LY": 25, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MN": 20,
    "MR": 27, "MT": 31, "MU": 30, "NI": 28, "NL": 18, "NO": 15, "OM": 23,
    "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22,
    "RU": 33, "SA": 24, "SC": 31, "SD": 18, "SE": 24, "SI": 19, "SK": 24,
    "SM": 27, "SO": 23, "ST": 25, "SV": 28, "TL": 23, "TN": 24, "TR": 26,
    "UA": 29, "VA": 22, "VG": 24, "XK": 20, "YE": 30,
    # French overseas territories use the FR format under their own codes.
    "GF": 27, "GP": 27, "MQ": 27, "RE": 27, "PF": 27, "TF": 27, "YT": 27,
    "NC": 27, "PM": 27, "WF": 27, "BL": 27, "MF": 27,
}


def iban_ok(iban: str) -> bool:
    """ISO 13616 mod-97 check of a compact, upper-case IBAN of the right length."""
    if len(iban) != IBAN_LENGTHS.get(iban[:2], -1):
        return False
    if not (iban[2:4].isdigit() and iban[4:].isalnum() and iban.isascii()):
        return False
    rearranged = iban[4:] + iban[:4]
    acc = 0
    for ch in rearranged:
        if "0" <= ch <= "9":
            acc = (acc * 10 + ord(ch) - 48) % 97
        elif "A" <= ch <= "Z":
            acc = (acc * 100 + ord(ch) - 55) % 97
        else:
            return False
    return acc == 1


# ------------------------------------------------------------------ base58

B58_BITCOIN = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
B58_RIPPLE = "rpshnaf39wBUDNEGHJKLM4PQRST7VWXYZ2bcdeCg65jkm8oFqi1tuvAxyz"
_B58_INDEX = {
    B58_BITCOIN: {c: i for i, c in enumerate(B58_BITCOIN)},
    B58_RIPPLE: {c: i for i, c in enumerate(B58_RIPPLE)},
}


def b58check_decode(s: str, alphabet: str = B58_BITCOIN) -> bytes | None:
    """Payload (version byte + hash, checksum stripped) or None if invalid."""
    idx = _B58_INDEX[alphabet]
    n = 0
    for ch in s:
        v = idx.get(ch)
        if v is None:
            return None
        n = n * 58 + v
    pad = len(s) - len(s.lstrip(alphabet[0]))
    raw = n.to_bytes((n.bit_length() + 7) // 8, "big") if n else b""
    raw = b"\x00" * pad + raw
    if len(raw) < 5:
        return None
    payload, check = raw[:-4], raw[-4:]
    if hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4] != check:
        return None
    return payload


# ------------------------------------------------------------ bech32(m)

_BECH32_CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_BECH32_INDEX = {c: i for i, c in enumerate(_BECH32_CHARSET)}
_BECH32_CONST = 1
_BECH32M_CONST = 0x2BC830A3


def _polymod(values: list[int]) -> int:
    gen = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
    chk = 1
    for v in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ v
        for i in range(5):
            if (top >> i) & 1:
                chk ^= gen[i]
    return chk


def _hrp_expand(hrp: str) -> list[int]:
    return [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]


def _convertbits(data: list[int], frombits: int, tobits: int) -> list[int] | None:
    acc = bits = 0
    out: list[int] = []
    maxv = (1 << tobits) - 1
    for v in data:
        acc = (acc << frombits) | v
        bits += frombits
        while bits >= tobits:
            bits -= tobits
            out.append((acc >> bits) & maxv)
    if bits >= frombits or ((acc << (tobits - bits)) & maxv):
        return None
    return out


def bech32_segwit_ok(addr: str, hrps: tuple[str, ...] = ("bc", "ltc")) -> str | None:
    """HRP of a valid BIP-173/350 segwit address, else None.

    v0 programs must use bech32 and be 20 or 32 bytes; v1+ must use bech32m.
    """
    if addr.lower() != addr and addr.upper() != addr:
        return None
    a = addr.lower()
    pos = a.rfind("1")
    if pos < 1 or pos + 7 > len(a) or len(a) > 90:
        return None
    hrp = a[:pos]
    if hrp not in hrps:
        return None
    try:
        data = [_BECH32_INDEX[c] for c in a[pos + 1 :]]
    except KeyError:
        return None
    const = _polymod(_hrp_expand(hrp) + data)
    if const not in (_BECH32_CONST, _BECH32M_CONST):
        return None
    witver = data[0]
    if witver > 16:
        return None
    prog = _convertbits(data[1:-6], 5, 8)
    if prog is None or not 2 <= len(prog) <= 40:
        return None
    if witver == 0:
        if const != _BECH32_CONST or len(prog) not in (20, 32):
            return None
    elif const != _BECH32M_CONST:
        return None
    return hrp


# ------------------------------------------------------- Keccak / EIP-55
# hashlib's sha3_256 uses the FIPS padding, Ethereum's Keccak-256 the
# original one; the permutation is small enough to write out here.

_KECCAK_RC = (
    0x0000000000000001, 0x0000000000008082, 0x800000000000808A, 0x8000000080008000,
    0x000000000000808B, 0x0000000080000001, 0x8000000080008081, 0x8000000000008009,
    0x000000000000008A, 0x0000000000000088, 0x0000000080008009, 0x000000008000000A,
    0x000000008000808B, 0x800000000000008B, 0x8000000000008089, 0x8000000000008003,
    0x8000000000008002, 0x8000000000000080, 0x000000000000800A, 0x800000008000000A,
    0x8000000080008081, 0x8000000000008080, 0x0000000080000001, 0x8000000080008008,
)
_KECCAK_ROT = (
    (0, 36, 3, 41, 18),
    (1, 44, 10, 45, 2),
    (62, 6, 43, 15, 61),
    (28, 55, 25, 21, 56),
    (27, 20, 39, 8, 14),
)
_M64 = (1 << 64) - 1


def _rol(x: int, n: int) -> int:
    return ((x << n) | (x >> (64 - n))) & _M64 if n else x


def _keccak_f(a: list[list[int]]) -> None:
    for rc in _KECCAK_RC:
        c = [a[x][0] ^ a[x][1] ^ a[x][2] ^ a[x][3] ^ a[x][4] for x in range(5)]
        d = [c[(x - 1) % 5] ^ _rol(c[(x + 1) % 5], 1) for x in range(5)]
        for x in range(5):
            for y in range(5):
                a[x][y] ^= d[x]
        b = [[0] * 5 for _ in range(5)]
        for x in range(5):
            for y in range(5):
                b[y][(2 * x + 3 * y) % 5] = _rol(a[x][y], _KECCAK_ROT[x][y])
        for x in range(5):
            for y in range(5):
                a[x][y] = b[x][y] ^ ((~b[(x + 1) % 5][y]) & b[(x + 2) % 5][y])
        a[0][0] ^= rc


def keccak256(data: bytes) -> bytes:
    """Ethereum's Keccak-256 (original padding 0x01, not SHA3's 0x06)."""
    rate = 136
    msg = bytearray(data)
    msg.append(0x01)
    while len(msg) % rate:
        msg.append(0)
    msg[-1] |= 0x80
    a = [[0] * 5 for _ in range(5)]
    for off in range(0, len(msg), rate):
        block = msg[off : off + rate]
        for i in range(rate // 8):
            a[i % 5][i // 5] ^= int.from_bytes(block[8 * i : 8 * i + 8], "little")
        _keccak_f(a)
    out = b"".join(a[i % 5][i // 5].to_bytes(8, "little") for i in range(4))
    return out


def eip55_ok(hex40: str) -> bool:
    """EIP-55 mixed-case checksum of the 40 hex digits after ``0x``."""
    h = keccak256(hex40.lower().encode("ascii")).hex()
    for ch, hv in zip(hex40, h):
        if ch.isalpha() and (ch.isupper() != (int(hv, 16) >= 8)):
            return False
    return True
