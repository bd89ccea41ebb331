"""Record every verdict on a large corpus, to prove a speed-up changed no answer.

Optimisations (prefilters, cheaper matchers, caches) must be invisible: the
same findings, spans, actions and notes before and after. This tool runs a
Moderator over

* the dev set (with its conversation context) and every JSONL file under
  ``../shared/external`` when present (read in place, never copied),
* the benchmark's generated chat mix (with history),
* generated long and hostile texts,
* generated ASCII/emoji noise around trigger words (seeded),

and writes one line per message: an id and a compact digest of the verdict.
``--compare OLD`` prints every message whose verdict changed.

    python tools/verdict_digest.py --out /tmp/before.jsonl
    ... change the code ...
    python tools/verdict_digest.py --out /tmp/after.jsonl --compare /tmp/before.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path
from typing import Any, Iterator

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "benchmarks"))


def _jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if line:
                yield json.loads(line)


def corpus(seed: int, mix: int) -> Iterator[tuple[str, str, list[dict[str, str]]]]:
    """(id, text, history) for every message of the corpus."""
    dev = SHARED / "eval" / "dev.jsonl"
    if dev.exists():
        for row in _jsonl(dev):
            yield f"dev:{row['id']}", row["text"], row.get("context") or []
    ext = SHARED / "external"
    if ext.exists():
        for path in sorted(ext.rglob("*.jsonl")):
            for row in _jsonl(path):
                yield f"ext:{row['id']}", row["text"], row.get("context") or []
    from corpus import generate_mix, scaling_text  # type: ignore[import-not-found]

    for i, m in enumerate(generate_mix(mix, seed=seed)):
        yield f"mix:{i}", m.text, list(m.history or [])
    rng = random.Random(seed)
    flavours = ["normal", "digits", "dots", "at_signs", "emoji", "zero_width", "app_names", "a_a_a", "1-1-1", "hostile_mix"]
    for fl in flavours:
        for size in (300, 3000):
            for k in range(5):
                yield f"long:{fl}:{size}:{k}", scaling_text(fl, size, seed=rng.randrange(1 << 30)), []
    words = ["call", "text", "me", "at", "dot", "com", "whatsapp", "venmo", "ig", "five", "oh", "one", "@",
             ".", "cash", "app", "review", "5", "stars", "refund", "free", "gift", "😊", "📞", "1️⃣", "w h a t s",
             "g m a i l", "zero", "nine", "the", "discount", "link", "bio", "dm", "order", "ship", "💊", "$", "20"]
    for i in range(4000):
        n = rng.randrange(1, 25)
        yield f"noise:{i}", " ".join(rng.choice(words) for _ in range(n)), []


def digest(verdict: Any) -> list[Any]:
    return [
        verdict.action.value,
        [[f.category, f.rule_id, f.start, f.end, f.action.value, f.severity.value, f.entity, f.value,
          list(f.related_turns)] for f in verdict.findings],
        list(verdict.notes),
    ]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("--compare")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--mix", type=int, default=20000)
    args = ap.parse_args(argv)
    import shopguard

    guard = shopguard.Moderator()
    t0 = time.perf_counter()
    n = 0
    with open(args.out, "w", encoding="utf-8") as out:
        for mid, text, history in corpus(args.seed, args.mix):
            v = guard.check(text, history=history) if history else guard.check(text)
            out.write(json.dumps([mid, digest(v)], ensure_ascii=False) + "\n")
            n += 1
    print(f"{n} verdicts in {time.perf_counter() - t0:.1f} s -> {args.out}")
    if not args.compare:
        return 0
    old = {}
    for line in open(args.compare, encoding="utf-8"):
        mid, d = json.loads(line)
        old[mid] = d
    changed = 0
    for line in open(args.out, encoding="utf-8"):
        mid, d = json.loads(line)
        if mid in old and old[mid] != d:
            changed += 1
            if changed <= 30:
                print(f"CHANGED {mid}\n  before {old[mid]}\n  after  {d}")
    print(f"{changed} of {n} verdicts changed")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
