"""Shared fixtures: one Moderator per session, and the optional ../shared folder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator

import pytest

import shopguard

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def guard() -> shopguard.Moderator:
    return shopguard.Moderator()


def shared_path(*parts: str) -> Path:
    """A file under ../shared, or skip the test with a reason when it is absent."""
    p = SHARED.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"{p} is not here (../shared sits beside the clone in CI only)")
    return p


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


@pytest.fixture(scope="session")
def shared_rows():
    """``shared_rows("eval", "dev.jsonl")`` → list of rows, or skip when ../shared is absent."""

    def get(*parts: str) -> list[dict[str, Any]]:
        return list(read_jsonl(shared_path(*parts)))

    return get
