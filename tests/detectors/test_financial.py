"""FinancialDetector: checksum-gated cards, routing/account numbers, IBANs, wallets."""

from __future__ import annotations

import hashlib
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shopguard.detectors import DetectorConfig, registry
from shopguard.normalize import MappedBuilder, MappedText, Views

registry()  # load built-ins before importing the modules directly
from shopguard.detectors import _checksums as cs  # noqa: E402
from shopguard.detectors import financial as fm  # noqa: E402
from fake_views import FakeViews  # noqa: E402

DET = fm.FinancialDetector(DetectorConfig())


def found(text: str, kind: str | None = None) -> list[tuple[str, str, str]]:
    """(kind, value, typed text) of what the detector reports."""
    return [
        (e.kind, e.value, text[e.start : e.end])
        for e in DET.detect(Views(text))
        if kind is None or e.kind == kind
    ]


def with_luhn(body: str) -> str:
    """``body`` plus the Luhn check digit."""
    for d in "0123456789":
        if cs.luhn_ok(body + d):
            return body + d
    raise AssertionError


def b58check(version: int, payload: bytes, alphabet: str = cs.B58_BITCOIN) -> str:
    raw = bytes([version]) + payload
    raw += hashlib.sha256(hashlib.sha256(raw).digest()).digest()[:4]
    n = int.from_bytes(raw, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = alphabet[r] + out
    return alphabet[0] * (len(raw) - len(raw.lstrip(b"\0"))) + out


_WORDS = {w: str(i) for i, w in enumerate("zero one two three four five six seven eight nine".split())}


def spelled_digits(original: str) -> MappedText:
    """A stand-in for the ``digits`` view: number words become digits."""
    low = original.lower()
    b = MappedBuilder()
    i = 0
    while i < len(low):
        for w, d in _WORDS.items():
            if low.startswith(w, i) and (i == 0 or not low[i - 1].isalpha()):
                b.add(d, i, i + len(w))
                i += len(w)
                break
        else:
            b.add(low[i], i, i + 1)
            i += 1
    return b.build()


# ------------------------------------------------------------------ cards


@pytest.mark.parametrize(
    "typed, digits",
    [
        ("4111 1111 1111 1111", "4111111111111111"),
        ("4111-1111-1111-1111", "4111111111111111"),
        ("4111111111111111", "4111111111111111"),
        ("3782 822463 10005", "378282246310005"),  # Amex 4-6-5
        ("5555555555554444", "5555555555554444"),
        ("2221000000000009", "2221000000000009"),  # Mastercard 2-series
        ("6011111111111117", "6011111111111117"),
        ("3530111333300000", "3530111333300000"),  # JCB
        ("30569309025904", "30569309025904"),  # Diners 14
        ("6200000000000005", "6200000000000005"),  # UnionPay
    ],
)
def test_cards(typed: str, digits: str) -> None:
    text = f"for the upgrade send $12 to my card {typed} (exp 09/27) thanks"
    assert found(text) == [("card_number", digits, typed)]


def test_several_cards_in_one_run_and_card_before_expiry() -> None:
    text = "4012888888881881 4012-8888-8888-1881 4012 8888 8888 1881"
    assert [v for _, v, _ in found(text)] == ["4012888888881881"] * 3
    text2 = "card 4111 1111 1111 1111 12 27 cvv 123"
    assert found(text2) == [("card_number", "4111111111111111", "4111 1111 1111 1111")]
    text3 = "qty 2 4111111111111111"
    assert found(text3) == [("card_number", "4111111111111111", "4111111111111111")]


@pytest.mark.parametrize(
    "text",
    [
        "my credit card number is 4012-8888-8888-1882",  # Luhn fails
        "4111 1111 1111 1112",
        "order 576123456789012345 shipped",  # 18-digit order number
        "tracking 9400111899223397658532",  # USPS 22 digits
        "tracking 9400 1118 9922 3397 6585 32",  # spaced in fours
        "UPS 1Z999AA10123456784",
        "call (415) 555-0132 or +1 415 555 0132",
        "1748503543012",
        "36168002586008",
    ],
)
def test_card_negatives(text: str) -> None:
    assert found(text) == []


def test_luhn_valid_numbers_outside_card_ranges_are_ignored() -> None:
    rng = random.Random(7)
    for _ in range(200):
        # 18-digit order-number-like, 20-22 digit tracking-like, 16 digits with prefix 9
        for body in (
            "57" + "".join(rng.choice("0123456789") for _ in range(15)),
            "4" + "".join(rng.choice("0123456789") for _ in range(16)),  # Visa prefix, 18 digits
            "".join(rng.choice("0123456789") for _ in range(rng.randint(19, 21))),
            "9" + "".join(rng.choice("0123456789") for _ in range(14)),
        ):
            num = with_luhn(body)
            assert found(f"order {num} shipped", "card_number") == [], num


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["4", "51", "55", "2720", "34", "37", "6011", "65", "3528", "62"]),
    st.integers(min_value=0, max_value=10**18),
    st.sampled_from([" ", "-"]),
)
def test_generated_cards_found_with_exact_spans(prefix: str, seed: int, sep: str) -> None:
    length = 15 if prefix in ("34", "37") else 16
    body = (prefix + str(seed).zfill(18))[: length - 1]
    num = with_luhn(body)
    typed = sep.join(num[i : i + 4] for i in range(0, len(num), 4))
    text = f"pay to card: {typed}, thx"
    assert found(text, "card_number") == [("card_number", num, typed)]


# -------------------------------------------------------- bank numbers


def test_account_and_routing_with_bank_words() -> None:
    text = "pls transfer it to my bank: acct 4830229177, routing 123456780"
    assert found(text) == [
        ("bank_account", "4830229177", "4830229177"),
        ("routing_number", "123456780", "123456780"),
    ]


@pytest.mark.parametrize(
    "text, kind, value, typed",
    [
        ("ABA: 011000015", "routing_number", "011000015", "011000015"),
        ("RTN 021000021 for the wire", "routing_number", "021000021", "021000021"),
        ("Chase bank, account number: 12345678", "bank_account", "12345678", "12345678"),
        ("a/c no. 000123456789 at HSBC bank", "bank_account", "000123456789", "000123456789"),
    ],
)
def test_bank_positives(text: str, kind: str, value: str, typed: str) -> None:
    assert (kind, value, typed) in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "021000021",  # valid ABA but no bank words: could be anything
        "routing 021000022",  # checksum fails
        "routing 991000021",  # prefix 99 is not a Fed district
        "your account 12345678 is verified",  # no bank word
        "order account 87654321 shipped",
        "945456787654",
        "bank hours: call 415-555-0132 about your account 415 555 0132",  # phone-shaped
    ],
)
def test_bank_negatives(text: str) -> None:
    assert found(text) == []


def test_spelled_out_numbers_via_digits_view() -> None:
    text = (
        "Wire to acct four eight three zero two two nine one seven seven, "
        "routing one two three four five six seven eight zero"
    )
    views = FakeViews(text, digits=spelled_digits(text))
    got = [(e.kind, e.value, text[e.start : e.end]) for e in DET.detect(views)]  # type: ignore[arg-type]
    assert got == [
        ("bank_account", "4830229177", "four eight three zero two two nine one seven seven"),
        ("routing_number", "123456780", "one two three four five six seven eight zero"),
    ]


# ------------------------------------------------------------------ IBAN


@pytest.mark.parametrize(
    "typed, value",
    [
        ("GB82 WEST 1234 5698 7654 32", "GB82WEST12345698765432"),
        ("GB82WEST12345698765432", "GB82WEST12345698765432"),
        ("DE89 3704 0044 0532 0130 00", "DE89370400440532013000"),
        ("AL47-2121-1009-0000-0002-3569-8741", "AL47212110090000000235698741"),
        ("NO9386011117947", "NO9386011117947"),
        ("gb82 west 1234 5698 7654 32", "GB82WEST12345698765432"),
    ],
)
def test_ibans(typed: str, value: str) -> None:
    text = f"pay the difference to {typed} X thanks"
    assert found(text) == [("iban", value, typed)]


def test_two_ibans_side_by_side() -> None:
    text = "GB82WEST12345698765432 DE89370400440532013000"
    assert [v for _, v, _ in found(text)] == ["GB82WEST12345698765432", "DE89370400440532013000"]


@pytest.mark.parametrize(
    "text",
    [
        "GB82 WEST 1234 5698 7654 33",  # mod-97 fails
        "GB82 WEST 1234 5698 7654 3",  # too short for GB
        "GB82WEST123456987654321",  # too long: runs on
        "QQ82 WEST 1234 5698 7654 32",  # no such country
        "Gb82 wEST 1234 5698 7654 32",  # mixed case
        "AL47/2121/1009/0000/0002/3569/8741",  # slashes are not separators
        "GB82 WEST-1234 5698-7654 32",  # mixed separators
    ],
)
def test_iban_negatives(text: str) -> None:
    assert found(text, "iban") == []


# ---------------------------------------------------------------- wallets


@pytest.mark.parametrize(
    "addr, chain",
    [
        ("16Yeky6GMjeNkAiNcBY7ZhrLoMSgg1BoyZ", "btc"),
        ("3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", "btc"),
        ("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", "btc"),
        ("bc1p5d7rjq7g6rdk2yhzks9smlaqtedr4dekq08ge8ztwac72sfr9rusxg3297", "btc"),
        ("BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", "btc"),
        ("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "trx"),
        ("rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh", "xrp"),
        ("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "eth"),  # EIP-55 valid
        ("0xde709f2102306220921060314715629080e2fb77", "eth"),  # single case
    ],
)
def test_wallets(addr: str, chain: str) -> None:
    text = f"send it here: {addr}."
    got = DET.detect(Views(text))
    assert [(e.kind, e.value, text[e.start : e.end]) for e in got] == [
        ("crypto_wallet", f"{chain}:{addr}", addr)
    ]
    assert got[0].confidence >= 0.85


def test_generated_base58_families() -> None:
    rng = random.Random(3)
    for version, chain in ((0x30, "ltc"), (0x32, "ltc"), (0x1E, "doge"), (0x41, "trx"), (0x00, "btc")):
        for _ in range(20):
            addr = b58check(version, bytes(rng.randrange(256) for _ in range(20)))
            assert found(f"pay {addr} now") == [("crypto_wallet", f"{chain}:{addr}", addr)], addr


@pytest.mark.parametrize(
    "text",
    [
        "16Yeky6GMjeNkAiNcBY7ZhrLoMSgg1BoyZ2",  # one char too many
        "16Yeky6GMjeNkAiNcBY7ZhrLoMSgg1BoyY",  # checksum fails
        "8f953371d3e85eddb89b05ed6b9e680791055315c73e1025ab5dba7bb2aee189",  # tx hash
        "0x8f953371d3e85eddb89b05ed6b9e680791055315c73e1025ab5dba7bb2aee189",  # 0x + 64 hex
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAe",  # 0x + 39 hex
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD",  # EIP-55 fails, no crypto words
        "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdd",  # bech32 checksum fails
        "Thisisaverylongproductnamewithnospaces2024",
        "1Z999AA10123456784",
    ],
)
def test_wallet_negatives(text: str) -> None:
    assert found(f"see {text} here") == []


def test_checksum_failing_wallet_only_with_crypto_words() -> None:
    addr = "TQ7mXb2KcV9pLr4sNw8HdJ3fYa6Ue1GzRk"  # made up: base58check fails
    assert found(f"ref {addr}") == []
    (e,) = DET.detect(Views(f"USDT TRC20 wallet: {addr}"))
    assert e.kind == "crypto_wallet" and e.confidence < 0.8 and "checksum fails" in e.evidence


# ------------------------------------------------------------- checksums


def test_keccak_and_eip55() -> None:
    assert cs.keccak256(b"").hex() == (
        "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"
    )
    for addr in (
        "5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        "fB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
        "dbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
        "D1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
    ):
        assert cs.eip55_ok(addr)
    assert not cs.eip55_ok("5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD")


def test_aba_and_card_brand() -> None:
    assert cs.aba_ok("123456780") and cs.aba_ok("011000015")
    assert not cs.aba_ok("123456789") and not cs.aba_ok("000000000")
    assert cs.card_brand("4111111111111111") == "visa"
    assert cs.card_brand("411111111111111111") is None  # Visa is 13/16/19 long
    assert cs.card_brand("5019717010103742") == "dankort"


# ------------------------------------------------------------ spans/fields


def test_spans_through_a_mapped_view() -> None:
    text = "card: 4111\u200b1111 1111 1111"  # zero-width space inside a group
    got = DET.detect(Views(text))
    assert [(e.value, text[e.start : e.end]) for e in got] == [
        ("4111111111111111", "4111\u200b1111 1111 1111")
    ]
    assert got[0].detector == "financial" and got[0].evidence


# ---------------------------------------------------------- hostile input


@pytest.mark.parametrize(
    "text, expect",
    [
        ("$" * 100_000, 0),
        ("7" * 100_000, 0),
        ("1 " * 50_000, 0),
        ("1234 5678 " * 10_000, 0),
        ("16Yeky6GMjeNkAiNcBY7ZhrLoMSgg1BoyZ" * 3_000, 0),
        ("16Yeky6GMjeNkAiNcBY7ZhrLoMSgg1BoyZ " * 3_000, 3_000),
        ("GB82 " * 20_000, 0),
        ("GB82WEST12345698765432 " * 4_000, 4_000),
        ("4111 1111 1111 1111 " * 5_000, 5_000),
        ("acct routing bank 123456780 " * 3_000, 3_000),
    ],
)
def test_pathological_inputs_finish(text: str, expect: int) -> None:
    assert len(DET.detect(Views(text))) == expect


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789 -.abcGBxX", max_size=200))
def test_digit_soup_spans_in_bounds(text: str) -> None:
    for e in DET.detect(Views(text)):
        assert 0 <= e.start < e.end <= len(text)
        assert e.kind in DET.kinds


# ------------------------------------------------------------ the early exit

_EIGHT = __import__("regex").compile(r"\d(?:\D*+\d){7}")


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="0123456789abcXYZ -_.\u0663\u0966\uff11\U0001F600", max_size=40))
def test_gates_are_exactly_what_the_regexes_need(text: str) -> None:
    assert fm._has_eight_digits(text) == (_EIGHT.search(text) is not None)
    assert fm._has_long_word(text) == (fm._TOKEN.search(text) is not None)
