"""How the phone detector's time grows with message length.

    .venv/bin/python benchmarks/bench_phone_scaling.py

Prints microseconds per character for 1 KB, 10 KB and 100 KB of digit and
punctuation soup (the worst case: every character may start a candidate) and
of ordinary seller text with numbers in it.  Linear growth shows as a flat
µs/char column; a quadratic step would show as a tenfold jump per row.  Also
prints the per-message cost on short typical messages, the hot path.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from shopguard.detectors import DetectorConfig  # noqa: E402
from shopguard.detectors.phones import PhoneDetector  # noqa: E402
from shopguard.normalize import Views  # noqa: E402

SIZES = (1_000, 10_000, 100_000)

SENTENCES = (
    "Your order 576912345678901234 shipped today, tracking 9400 1118 9922 3344 5566 77 (USPS). ",
    "The bag is 12 x 9 x 4 inches and costs $49.99, delivery Nov 18 - Nov 21. ",
    "Sizes S fits 4-6, M fits 8-10, L fits 12-14; restock on 2023-11-18 at 10:30. ",
    "Thanks so much for your order, we hope you love it! ",
    "Model WX-4417-2023 works with the 2019-2023 versions, SKU GH-2291-BLK-XL. ",
    "If anything is wrong just message us here and we will fix it. ",
    "call me at 415-555-0132 or text +44 20 7123 4567 ",
)


def soup(n: int, rnd: random.Random) -> str:
    return "".join(rnd.choice("0123456789 -./()+,x") for _ in range(n))


def prose(n: int, rnd: random.Random) -> str:
    parts: list[str] = []
    total = 0
    while total < n:
        s = rnd.choice(SENTENCES)
        parts.append(s)
        total += len(s)
    return "".join(parts)[:n]


def timed(det: PhoneDetector, text: str, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        views = Views(text)
        views.digits  # normalisation is not the detector's cost
        t0 = time.perf_counter()
        det.detect(views)
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    det = PhoneDetector(DetectorConfig())
    rnd = random.Random(20240601)
    print(f"{'input':<8}{'size':>9}{'ms':>10}{'us/char':>10}{'hits':>7}")
    for name, make in (("soup", soup), ("prose", prose)):
        for n in SIZES:
            text = make(n, rnd)
            dt = timed(det, text, 3 if n < 100_000 else 1)
            hits = len(det.detect(Views(text)))
            print(f"{name:<8}{n:>9}{dt * 1e3:>10.2f}{dt / n * 1e6:>10.3f}{hits:>7}")
    short = [s.strip() for s in SENTENCES]
    views = [Views(s) for s in short for _ in range(200)]
    for v in views:
        v.digits
    t0 = time.perf_counter()
    for v in views:
        det.detect(v)
    dt = (time.perf_counter() - t0) / len(views)
    print(f"short typical messages: {dt * 1e6:.1f} us/message (cache warm)")


if __name__ == "__main__":
    main()
