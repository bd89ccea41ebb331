"""The command line as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from shopguard.cli import main

REPO = Path(__file__).resolve().parents[1]


def test_check_exits_1_when_blocked(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["check", "text me at 415 555 0134"]) == 1
    out = capsys.readouterr().out
    assert "block" in out and "415 555 0134" in out


def test_check_exits_0_when_allowed(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["check", "Thanks for your order!"]) == 0
    assert "allow" in capsys.readouterr().out


def test_check_json(capsys) -> None:  # type: ignore[no-untyped-def]
    main(["check", "--json", "text me at 415 555 0134"])
    data = json.loads(capsys.readouterr().out)
    assert data["action"] == "block"


def test_rules_validate_and_test_pass_on_builtin_packs(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["rules", "validate"]) == 0
    assert main(["rules", "test"]) == 0, capsys.readouterr().out


def test_rules_validate_reports_bad_pack(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "spam.yaml").write_text(
        "category: spam\npolicy_section: x\nversion: '1'\nrules:\n  - id: BAD-001\n    title: bad one\n"
        "    severity: high\n    action: nuke\n    explain: something here\n    match: {phrases: [x]}\n"
        "    examples: {match: [x]}\n",
        encoding="utf-8",
    )
    assert main(["rules", "validate", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "spam.yaml" in err and "BAD-001" in err and "action" in err


def test_scan_writes_one_json_line_per_row_and_resumes(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    rows = [{"id": f"m{i}", "text": t} for i, t in enumerate(["hello", "text me at 415 555 0134", "ok"])]
    src.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["scan", str(src), "-o", str(out)]) == 0
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [x["id"] for x in lines] == ["m0", "m1", "m2"]
    assert lines[1]["action"] == "block"
    # a resumed run appends nothing for ids already done
    assert main(["scan", str(src), "-o", str(out), "--resume"]) == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 3


def test_scan_csv_with_workers(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text("id,text\na,hello\nb,email me at x.y@example.com\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["scan", str(src), "-o", str(out), "--workers", "2"]) == 0
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [x["action"] for x in lines] == ["allow", "block"]


def test_python_dash_m_runs_on_bundled_example() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "shopguard", "scan", str(REPO / "examples" / "chat_history.jsonl")],
        capture_output=True, text=True, check=True,
    )
    results = [json.loads(x) for x in proc.stdout.splitlines()]
    assert len(results) == 12
    assert {r["action"] for r in results} >= {"allow", "block"}
