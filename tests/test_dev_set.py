"""Dev-set quality floors, through the public API (skips when ../shared is absent).

The figures come from ../shared/eval/dev.jsonl; the floors are the issues'
acceptance targets, so a regression fails CI instead of going unnoticed.
"""

from __future__ import annotations

from collections import Counter

import pytest

from shopguard import CATEGORIES, Moderator


@pytest.fixture(scope="module")
def scored(guard: Moderator, shared_rows) -> list[tuple[dict, set[str]]]:  # type: ignore[no-untyped-def]
    rows = shared_rows("eval", "dev.jsonl")
    out = []
    for r in rows:
        v = guard.check(r["text"], history=r.get("context") or None)
        out.append((r, {f.category for f in v.findings}))
    return out


def _recall(scored, category: str, kinds: tuple[str, ...]) -> float:
    sup = hit = 0
    for r, pred in scored:
        if category in r["categories"] and r["kind"] in kinds:
            sup += 1
            hit += category in pred
    return hit / sup if sup else 1.0


@pytest.mark.parametrize(
    "category", ["off_platform_diversion", "extra_payment", "review_manipulation", "personal_data", "spam"]
)
def test_core_categories_recall_on_plain_messages(scored, category: str) -> None:
    assert _recall(scored, category, ("plain",)) >= 0.90


def test_flag_false_positive_rate_on_allowed_messages(scored) -> None:
    allowed = [(r, p) for r, p in scored if not r["categories"]]
    fp = sum(1 for _, p in allowed if p)
    assert fp / len(allowed) < 0.05, [r["text"] for r, p in allowed if p]


def test_benign_hard_false_positive_rate(scored) -> None:
    hard = [(r, p) for r, p in scored if r["kind"] == "benign_hard"]
    fp = [r["text"] for r, p in hard if p]
    assert len(fp) / len(hard) <= 0.02, fp


def test_obfuscated_recall(scored) -> None:
    obf = [(r, p) for r, p in scored if r["kind"] == "obfuscated"]
    hit = sum(1 for r, p in obf if p)
    assert hit / len(obf) >= 0.93


def test_predictions_use_only_taxonomy_ids(scored) -> None:
    seen = Counter(c for _, p in scored for c in p)
    assert set(seen) <= set(CATEGORIES)
