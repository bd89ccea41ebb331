"""Offline rescans: read messages from JSONL / CSV / Parquet, write one JSON result a line.

Input rows need a text field (``text`` by default) and may carry ``id``,
``history``/``context``, ``listing`` and ``role``.  Results keep the row's id
so a rescan can be resumed: rows whose id is already in the output file are
skipped.  Parquet needs the optional ``pyarrow`` extra; a progress bar uses
``tqdm`` when it is installed.
"""

from __future__ import annotations

import csv
import json
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any, Iterable, Iterator, TextIO

from .moderator import Moderator


def read_rows(path: str | Path, text_field: str = "text") -> Iterator[dict[str, Any]]:
    """Rows of a JSONL, CSV or Parquet file (by extension), each a dict with ``text``."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        with p.open(encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                line = line.strip()
                if not line:
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise ValueError(f"{p}:{n}: not valid JSON ({exc.msg})") from None
                yield _normalise_row(row, text_field, n)
    elif suffix in (".csv", ".tsv"):
        with p.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh, delimiter="\t" if suffix == ".tsv" else ",")
            for n, row in enumerate(reader, 1):
                yield _normalise_row(dict(row), text_field, n)
    elif suffix == ".parquet":
        try:
            import pyarrow.parquet as pq  # optional extra: shopguard[batch]
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise RuntimeError("reading Parquet needs pyarrow: pip install 'shopguard[batch]'") from exc
        n = 0
        for batch in pq.ParquetFile(p).iter_batches():
            for row in batch.to_pylist():
                n += 1
                yield _normalise_row(row, text_field, n)
    else:
        raise ValueError(f"{p}: unknown input format {suffix!r} (use .jsonl, .csv, .tsv or .parquet)")


def _normalise_row(row: Any, text_field: str, n: int) -> dict[str, Any]:
    if not isinstance(row, dict):
        raise ValueError(f"row {n}: expected an object, got {type(row).__name__}")
    text = row.get(text_field)
    if not isinstance(text, str):
        raise ValueError(f"row {n}: field {text_field!r} missing or not a string")
    history = row.get("history") or row.get("context") or []
    if isinstance(history, str):  # CSV cells hold JSON
        history = json.loads(history) if history.strip() else []
    return {
        "id": str(row.get("id", n)),
        "text": text,
        "history": history,
        "listing": row.get("listing") or None,
        "role": row.get("role") or "seller",
    }


def result_record(row_id: str, verdict: Any) -> dict[str, Any]:
    """The JSON object written for one row."""
    return {
        "id": row_id,
        "action": verdict.action.value,
        "categories": verdict.categories,
        "escalate": verdict.escalate,
        "findings": [f.model_dump(mode="json") for f in verdict.findings],
        "notes": list(verdict.notes),
    }


_WORKER: Moderator | None = None


def _init_worker(moderator: Moderator) -> None:
    global _WORKER
    _WORKER = moderator


def _check_chunk(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    assert _WORKER is not None
    return [_check_row(_WORKER, r) for r in rows]


def _check_row(moderator: Moderator, row: dict[str, Any]) -> dict[str, Any]:
    verdict = moderator.check(
        row["text"], history=row["history"], listing=row["listing"], role=row["role"]
    )
    return result_record(row["id"], verdict)


def _chunks(rows: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    chunk: list[dict[str, Any]] = []
    for r in rows:
        chunk.append(r)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def done_ids(output: str | Path) -> set[str]:
    """Ids already present in an output file (for ``--resume``)."""
    p = Path(output)
    ids: set[str] = set()
    if not p.exists():
        return ids
    with p.open(encoding="utf-8") as fh:
        for line in fh:
            try:
                ids.add(str(json.loads(line)["id"]))
            except (json.JSONDecodeError, KeyError, TypeError):
                continue  # a line cut short by an interrupted run is rescanned
    return ids


def scan(
    moderator: Moderator,
    rows: Iterable[dict[str, Any]],
    out: TextIO,
    *,
    workers: int = 1,
    chunk_size: int = 512,
    skip_ids: set[str] | None = None,
    progress: bool = False,
    total: int | None = None,
) -> dict[str, int]:
    """Check every row and write one JSON line per row; returns counts by action."""
    if skip_ids:
        rows = (r for r in rows if r["id"] not in skip_ids)
    counts: dict[str, int] = {"rows": 0, "allow": 0, "warn": 0, "review": 0, "block": 0}
    bar = _progress(total) if progress else None

    def emit(records: list[dict[str, Any]]) -> None:
        for rec in records:
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            counts["rows"] += 1
            counts[rec["action"]] += 1
        out.flush()
        if bar is not None:
            bar.update(len(records))

    try:
        if workers <= 1:
            for chunk in _chunks(rows, chunk_size):
                emit([_check_row(moderator, r) for r in chunk])
        else:
            with ProcessPoolExecutor(
                max_workers=workers, initializer=_init_worker, initargs=(moderator,)
            ) as pool:
                # results come back in input order, so an interrupted run resumes cleanly
                for records in pool.map(_check_chunk, _chunks(rows, chunk_size)):
                    emit(records)
    finally:
        if bar is not None:
            bar.close()
    return counts


class _PlainProgress:
    """A minimal progress line on stderr when tqdm is not installed."""

    def __init__(self, total: int | None) -> None:
        self.total, self.n = total, 0

    def update(self, k: int) -> None:
        self.n += k
        of = f"/{self.total}" if self.total else ""
        sys.stderr.write(f"\rscanned {self.n}{of}")
        sys.stderr.flush()

    def close(self) -> None:
        sys.stderr.write("\n")


def _progress(total: int | None) -> Any:
    try:
        from tqdm import tqdm  # optional extra: shopguard[batch]

        return tqdm(total=total, unit="msg", file=sys.stderr)
    except ImportError:
        return _PlainProgress(total)


def default_workers() -> int:
    return max(1, (os.cpu_count() or 1))
