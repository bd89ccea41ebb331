"""The benchmark harness runs end to end in quick mode and writes its JSON.

Only that it runs and what it writes are checked: timings are never asserted
here (they depend on the machine; the harness prints them beside the targets).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "benchmarks" / "bench.py"

TOP_KEYS = {"meta", "dev", "mix", "construction", "import", "memory", "scaling", "targets", "errors", "table"}
TARGET_IDS = {
    "mix_p50_ratio", "mix_p99", "mix_throughput", "import_ms", "build_ms", "rss_mb",
    "per_char_ratio", "hostile_1mb_s",
}


def test_quick_benchmark_runs_and_writes_json(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    cp = subprocess.run(
        [sys.executable, str(BENCH), "--quick", "--json", str(out)],
        capture_output=True, text=True, cwd=str(REPO), timeout=240,
    )
    assert cp.returncode == 0, cp.stderr[-3000:]
    data = json.loads(out.read_text(encoding="utf-8"))
    assert TOP_KEYS <= set(data), sorted(TOP_KEYS - set(data))
    assert data["meta"]["mode"] == "quick"
    assert data["meta"]["schema"] == "shopguard-bench/1"
    assert {"n", "floor", "sanity"} <= set(data["mix"])
    assert "by_flavour" in data["scaling"] and "sizes" in data["scaling"]
    assert {"cold", "in_process"} <= set(data["construction"])
    assert TARGET_IDS <= {t["id"] for t in data["targets"]}
    for t in data["targets"]:
        assert {"id", "label", "value", "limit", "unit", "passed"} <= set(t)
    assert "area" in cp.stdout and "shopguard" in cp.stdout  # the table was printed
