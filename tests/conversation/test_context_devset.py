"""Issue 6 acceptance on the dev set: messages that come with a `context`.

Recall over their expected categories >= 0.9, and no allowed message with
context flagged.  (Skips when ../shared is absent.)
"""

from __future__ import annotations

from shopguard import Moderator


def test_context_rows_recall_and_no_false_flags(guard: Moderator, shared_rows) -> None:  # type: ignore[no-untyped-def]
    rows = [r for r in shared_rows("eval", "dev.jsonl") if r.get("context")]
    assert rows
    hit = total = 0
    misses: list[str] = []
    flagged_allowed: list[str] = []
    for r in rows:
        got = set(guard.check(r["text"], history=r["context"]).categories)
        gold = set(r["categories"])
        total += len(gold)
        hit += len(gold & got)
        if gold - got:
            misses.append(f"{r['id']}: missing {sorted(gold - got)}")
        if not gold and got:
            flagged_allowed.append(f"{r['id']}: {sorted(got)}")
    assert hit / total >= 0.9, misses
    assert not flagged_allowed, flagged_allowed
