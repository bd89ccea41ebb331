"""The ``shopguard`` command: check one message, validate and test packs, scan files."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Sequence

from .models import Action


def _moderator(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from .moderator import Moderator

    return Moderator(
        getattr(args, "rules", None), extra_rules_dirs=getattr(args, "extra_rules", None) or ()
    )


def _cmd_check(args: argparse.Namespace) -> int:
    guard = _moderator(args)
    history = json.loads(Path(args.history).read_text(encoding="utf-8")) if args.history else None
    text = sys.stdin.read() if args.message == "-" else args.message
    v = guard.check(text, history=history)
    if args.json:
        print(v.model_dump_json(indent=2))
    else:
        print(f"action: {v.action.value}")
        for f in v.findings:
            print(
                f"  [{f.severity.value}/{f.action.value}] {f.category} {f.rule_id} "
                f"{f.start}-{f.end} {f.text!r}: {f.title}"
            )
        if v.findings:
            print()
            print(v.explain())
            print()
            print("redacted:", v.redact())
    return 1 if v.action is Action.block else 0


def _cmd_rules_validate(args: argparse.Namespace) -> int:
    from .detectors import known_kinds
    from .rules.compiler import compile_rules
    from .rules.loader import RulePackError, builtin_rules_dir, collect

    dirs = [Path(args.dir) if args.dir else builtin_rules_dir()] + [Path(d) for d in args.extra_rules or ()]
    try:
        loaded, problems = collect(dirs)
        rs = compile_rules(loaded, known_kinds(), problems)
    except RulePackError as exc:
        print(exc, file=sys.stderr)
        return 2
    print(f"ok: {len(loaded.packs)} packs, {len(rs.rules)} rules, {rs.phrases.size} phrases, "
          f"{len(loaded.allowlists)} allowlists in {', '.join(map(str, dirs))}")
    return 0


def _cmd_rules_test(args: argparse.Namespace) -> int:
    from .moderator import Moderator
    from .rules.loader import RulePackError
    from .rules.testing import run_examples

    try:
        guard = Moderator(args.dir, extra_rules_dirs=args.extra_rules or ())
    except RulePackError as exc:
        print(exc, file=sys.stderr)
        return 2
    passed = failed = 0
    for r in run_examples(guard):
        if r.ok:
            passed += 1
        else:
            failed += 1
            print("FAIL", r.describe())
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


def _cmd_rules_list(args: argparse.Namespace) -> int:
    guard = _moderator(args)
    for r in guard.rules:
        print(f"{r.id}\t{r.category}\t{r.severity.value}\t{r.action.value}\t{r.title}")
    return 0


def _cmd_scan(args: argparse.Namespace) -> int:
    from . import batch

    guard = _moderator(args)
    rows = batch.read_rows(args.file, text_field=args.text_field)
    skip = batch.done_ids(args.output) if (args.resume and args.output) else None
    if args.output:
        out = open(args.output, "a" if args.resume else "w", encoding="utf-8")
    else:
        out = sys.stdout
    try:
        counts = batch.scan(
            guard, rows, out, workers=args.workers, skip_ids=skip, progress=args.progress
        )
    finally:
        if out is not sys.stdout:
            out.close()
    print(
        f"scanned {counts['rows']} messages: {counts['block']} block, {counts['review']} review, "
        f"{counts['warn']} warn, {counts['allow']} allow"
        + (f" ({len(skip)} already done)" if skip else ""),
        file=sys.stderr,
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="shopguard",
        description="Check seller chat messages against TikTok Shop's US Customer Service Policy.",
    )
    sub = p.add_subparsers(dest="command", required=True)

    def rules_opts(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--rules", help="rule-pack folder to use instead of the built-in packs")
        sp.add_argument("--extra-rules", action="append", help="deployment folder layered on top (repeatable)")

    c = sub.add_parser("check", help="check one message; exit status 1 when it would be blocked")
    c.add_argument("message", help="the message text, or - to read it from standard input")
    c.add_argument("--history", help="JSON file with earlier turns [{role, text}, ...]")
    c.add_argument("--json", action="store_true", help="print the verdict as JSON")
    rules_opts(c)
    c.set_defaults(func=_cmd_check)

    r = sub.add_parser("rules", help="validate, test or list rule packs")
    rsub = r.add_subparsers(dest="rules_command", required=True)
    v = rsub.add_parser("validate", help="validate packs; errors name file, rule and field")
    v.add_argument("dir", nargs="?", help="pack folder (default: built-in packs)")
    v.add_argument("--extra-rules", action="append")
    v.set_defaults(func=_cmd_rules_validate)
    t = rsub.add_parser("test", help="run every rule's examples through the engine")
    t.add_argument("dir", nargs="?", help="pack folder (default: built-in packs)")
    t.add_argument("--extra-rules", action="append")
    t.set_defaults(func=_cmd_rules_test)
    ls = rsub.add_parser("list", help="list the rules in force")
    rules_opts(ls)
    ls.set_defaults(func=_cmd_rules_list)

    s = sub.add_parser("scan", help="scan a JSONL/CSV/Parquet file; one JSON result a line")
    s.add_argument("file")
    s.add_argument("-o", "--output", help="write results here (default: standard output)")
    s.add_argument("--text-field", default="text")
    s.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    s.add_argument("--resume", action="store_true", help="skip rows whose id is already in --output")
    s.add_argument("--progress", action="store_true", help="show a progress bar on standard error")
    rules_opts(s)
    s.set_defaults(func=_cmd_scan)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except BrokenPipeError:  # e.g. piped into head
        return 0
    except (OSError, ValueError) as exc:
        print(f"shopguard: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
