#!/usr/bin/env python
"""shopguard benchmark harness (issue 7): one table, one JSON file.

    python benchmarks/bench.py                # full run (100,000-message mix, lengths up to 1 MB)
    python benchmarks/bench.py --quick        # CI size, same table shape, well under a minute
    python benchmarks/bench.py --profile      # cProfile over the mix, top 25 by tottime (no timing table)
    python benchmarks/bench.py --json out.json

What is measured, and how (so the figures can be trusted and compared):

* Floor baseline, same run, same messages: ``regex.compile(r"\\d{3}[\\s.-]?\\d{3}[\\s.-]?\\d{4}")
  .search(text.lower())`` called through a Python function with the same
  ``(text, history)`` signature as ``Moderator.check``.
* Per-message latency: every message is timed with ``time.perf_counter_ns``
  around one call, in R passes (floor and shopguard passes interleaved).  A
  message's latency is the median of its R samples; p50/p95/p99/max are over
  those per-message medians (so one scheduler hiccup does not become "the
  max"; the worst single raw sample is reported beside it).
* Throughput: separate tight loops (no per-call timer), median of R passes.
* Warm-up before measuring: an untimed pass (which also tallies the verdicts as
  a sanity check that the library is doing work).  ``gc.collect()`` before
  every pass; the GC stays in its default state unless ``--gc off``; the
  collections that ran during the timed passes are reported.
* Single process pinned to one CPU (``--cpu``); subprocess measurements
  inherit the pinning.  Load average is recorded: a busy machine means noisy
  figures.
* Construction: first ``Moderator()`` in fresh subprocesses (the target is
  judged on this one: it is what a worker pays at start-up), and the median of
  repeated builds in this process with ``regex``/``re`` caches purged between
  builds (still warmer: modules already imported).
* Import: fresh subprocesses timing ``import shopguard`` (median), after one
  discarded import-and-build with bytecode writing on, so every module has a
  current .pyc as after ``pip install`` (even where PYTHONDONTWRITEBYTECODE
  is set); ``-X importtime`` gives the heaviest imports.
* Memory: ``ru_maxrss`` of a fresh subprocess after import + ``Moderator()``,
  beside a bare interpreter's.
* Length scaling: 1 KB ... 1 MB (1 KB = 1,000 characters) of normal and
  hostile text, each size timed several times (median), in a child process
  with a hard timeout so a pathological case is reported, not waited for.

Timings are never asserted by unit tests; ``--fail-on-targets`` makes the exit
status reflect the targets for a CI job that wants it.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import platform
import queue
import resource
import statistics
import subprocess
import sys
import threading
import time
import traceback
from array import array
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import regex  # noqa: E402  (the library's regex engine; also used by the floor)

import corpus  # noqa: E402

SCHEMA = "shopguard-bench/1"
DEFAULT_DEV = REPO.parent / "shared" / "eval" / "dev.jsonl"
DEFAULT_JSON = HERE / "results.json"

FLOOR_PATTERN = r"\d{3}[\s.-]?\d{3}[\s.-]?\d{4}"
_FLOOR_RX = regex.compile(FLOOR_PATTERN)


def floor_check(text: str, history: Any = None) -> Any:
    """The floor: what any pre-send check costs at the very least."""
    return _FLOOR_RX.search(text.lower())


# -- configuration ----------------------------------------------------------------


@dataclass
class Config:
    mode: str
    mix_n: int
    mix_reps: int
    dev_reps: int
    tp_reps: int
    warm_n: int
    builds_inproc: int
    cold_runs: int
    bare_runs: int
    sizes: list[int]
    size_reps: dict[int, int]
    task_budget_s: float
    task_timeout_s: float
    scaling_budget_s: float
    profile_n: int
    retries: int
    retry_wait_s: float
    mix_budget_s: float | None  # quick: fewer messages when the library is slow (reported)
    min_mix_n: int
    rss_checks: int


def make_config(quick: bool) -> Config:
    if quick:
        return Config(
            mode="quick", mix_n=2_000, mix_reps=3, dev_reps=3, tp_reps=3, warm_n=300,
            builds_inproc=3, cold_runs=3, bare_runs=3, sizes=[1_000, 10_000, 100_000],
            size_reps={1_000: 3, 10_000: 3, 100_000: 3}, task_budget_s=1.0, task_timeout_s=6.0,
            scaling_budget_s=12.0, profile_n=2_000, retries=0, retry_wait_s=0.0,
            mix_budget_s=8.0, min_mix_n=300, rss_checks=100,
        )
    return Config(
        mode="full", mix_n=100_000, mix_reps=3, dev_reps=10, tp_reps=3, warm_n=5_000,
        builds_inproc=7, cold_runs=7, bare_runs=5, sizes=[1_000, 10_000, 100_000, 1_000_000],
        size_reps={1_000: 15, 10_000: 9, 100_000: 5, 1_000_000: 3}, task_budget_s=20.0,
        task_timeout_s=120.0, scaling_budget_s=1_800.0, profile_n=20_000, retries=2, retry_wait_s=15.0,
        mix_budget_s=None, min_mix_n=0, rss_checks=500,
    )


# -- small helpers ------------------------------------------------------------------


def pct(sorted_vals: Sequence[float], p: float) -> float:
    """Nearest-rank percentile of an ascending sequence."""
    if not sorted_vals:
        return float("nan")
    k = max(0, min(len(sorted_vals) - 1, math.ceil(p / 100.0 * len(sorted_vals)) - 1))
    return float(sorted_vals[k])


def median(vals: Sequence[float]) -> float:
    return float(statistics.median(vals)) if vals else float("nan")


def gc_counts() -> list[int]:
    return [s["collections"] for s in gc.get_stats()]


def gc_delta(before: list[int]) -> list[int]:
    return [a - b for a, b in zip(gc_counts(), before)]


def timer_overhead_ns() -> float:
    pc = time.perf_counter_ns
    vals = []
    for _ in range(20_001):
        a = pc()
        b = pc()
        vals.append(b - a)
    return median(vals)


def pin_cpu(cpu: int | None) -> str:
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned (no sched_setaffinity)"
    allowed = sorted(os.sched_getaffinity(0))
    if cpu is not None and cpu < 0:
        return f"not pinned (--cpu -1; {len(allowed)} CPUs allowed)"
    target = allowed[-1] if cpu is None else cpu
    try:
        os.sched_setaffinity(0, {target})
    except OSError as exc:
        return f"not pinned ({exc})"
    return f"pinned to CPU {target} (of {len(allowed)} allowed)"


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def governor() -> str | None:
    p = Path("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor")
    try:
        return p.read_text().strip()
    except OSError:
        return None


def short_exc(exc: BaseException) -> str:
    s = f"{type(exc).__name__}: {exc}".replace("\n", " ")
    return s if len(s) <= 300 else s[:297] + "..."


def fingerprint(paths: Sequence[str | Path]) -> str | None:
    """A digest of the library's source and packs, to notice edits made during a run."""
    import hashlib

    h = hashlib.sha256()
    seen = False
    for root in paths:
        root = Path(root)
        if not root.is_dir():
            continue
        for f in sorted(root.rglob("*")):
            if f.is_file() and f.suffix in (".py", ".yaml", ".yml", ".json", ".txt", ".dat") and "__pycache__" not in f.parts:
                try:
                    h.update(str(f.relative_to(root)).encode() + b"\0" + f.read_bytes())
                    seen = True
                except OSError:
                    pass
    return h.hexdigest()[:16] if seen else None


def build_guard(rules_dir: str | None) -> Any:
    import shopguard

    return shopguard.Moderator(rules_dir) if rules_dir else shopguard.Moderator()


# -- per-message latency and throughput ----------------------------------------------

Item = tuple[str, Any]


def _timed_pass(fn: Callable[..., Any], items: Sequence[Item], out: array, errors: list[str]) -> None:
    pc = time.perf_counter_ns
    i = 0
    for text, hist in items:
        t0 = pc()
        try:
            fn(text, hist)
        except Exception as exc:  # the library may be mid-change; count, never stop
            if len(errors) < 5:
                errors.append(short_exc(exc))
            else:
                errors.append("")
        t1 = pc()
        out[i] = t1 - t0
        i += 1


def _tight_pass(fn: Callable[..., Any], items: Sequence[Item]) -> int:
    pc = time.perf_counter_ns
    t0 = pc()
    for text, hist in items:
        try:
            fn(text, hist)
        except Exception:
            pass
    return pc() - t0


def _summ(per_msg_ns: Sequence[int]) -> dict[str, float]:
    s = sorted(per_msg_ns)
    return {
        "p50_us": pct(s, 50) / 1e3, "p90_us": pct(s, 90) / 1e3, "p95_us": pct(s, 95) / 1e3,
        "p99_us": pct(s, 99) / 1e3, "p999_us": pct(s, 99.9) / 1e3, "max_us": s[-1] / 1e3 if s else float("nan"),
        "mean_us": (sum(s) / len(s) / 1e3) if s else float("nan"),
    }


def measure_set(
    name: str,
    items: Sequence[Item],
    labels: Sequence[str],
    ids: Sequence[str],
    guard: Any,
    reps: int,
    tp_reps: int,
    warm_n: int,
    log: Callable[[str], None],
    budget_s: float | None = None,
    min_n: int = 0,
) -> dict[str, Any]:
    """Latency (per-message medians over ``reps`` passes) and throughput, shopguard vs floor.

    With ``budget_s`` (quick mode only) the set is cut to the prefix that fits
    the budget at the per-message cost seen during warm-up; the cut is reported.
    """
    n = len(items)
    res: dict[str, Any] = {"n": n, "n_requested": n, "reps": reps, "throughput_reps": tp_reps}
    fns: dict[str, Callable[..., Any]] = {"floor": floor_check}
    if guard is not None:
        fns["shopguard"] = guard.check

    # warm-up, untimed; for shopguard it also tallies what the verdicts were
    warm = items[: min(n, warm_n)]
    sanity: dict[str, dict[str, int]] = {}
    notes_seen = 0
    warm_errors: list[str] = []
    for text, hist in warm:
        floor_check(text, hist)
    t_warm = time.perf_counter()
    if guard is not None:
        for (text, hist), label in zip(warm, labels):
            row = sanity.setdefault(label, {"n": 0, "flagged": 0})
            row["n"] += 1
            try:
                v = guard.check(text, hist)
            except Exception as exc:
                if len(warm_errors) < 5:
                    warm_errors.append(short_exc(exc))
                continue
            if v.action.value != "allow":
                row["flagged"] += 1
            if v.notes:
                notes_seen += 1
    res["sanity"] = {"over_first": len(warm), "by_kind": sanity, "verdicts_with_notes": notes_seen,
                     "errors": warm_errors}
    if budget_s is not None and guard is not None and warm:
        per_msg = (time.perf_counter() - t_warm) / len(warm)
        fit = int(budget_s / (per_msg * (reps + tp_reps))) if per_msg > 0 else n
        if fit < n:
            n = max(min(min_n, n), fit)
            items, labels, ids = items[:n], labels[:n], ids[:n]
            res["n"] = n
            res["reduced_by_budget"] = (f"cut to the first {n:,} of {res['n_requested']:,} messages: "
                                        f"~{per_msg * 1e6:,.0f} µs/msg in warm-up, {budget_s:.0f} s quick budget")
            log(f"  {name}: {res['reduced_by_budget']}")

    quiet_flags: list[bool] = []
    pf = getattr(guard, "_prefilter", None)
    if pf is not None:
        # share of messages the prefilter proves quiet (they skip the pipeline); untimed
        from shopguard.conversation import coerce_history

        quiet_flags = [pf.quiet(text, coerce_history(hist)) for text, hist in items]
        res["prefilter_share"] = sum(quiet_flags) / n if n else float("nan")
    samples: dict[str, list[array]] = {k: [] for k in fns}
    errors: dict[str, list[str]] = {k: [] for k in fns}
    # automatic collections that ran inside the timed passes (our own gc.collect() excluded)
    gc_lat: dict[str, list[int]] = {k: [0, 0, 0] for k in fns}
    gc_tp: dict[str, list[int]] = {k: [0, 0, 0] for k in fns}
    t_lat = time.perf_counter()
    for r in range(reps):
        for key, fn in fns.items():
            buf = array("q", bytes(8 * n))
            gc.collect()
            before = gc_counts()
            _timed_pass(fn, items, buf, errors[key] if r == 0 else [])
            gc_lat[key] = [a + b for a, b in zip(gc_lat[key], gc_delta(before))]
            samples[key].append(buf)
        log(f"  {name}: latency pass {r + 1}/{reps} done")
    res["latency_gc_collections"] = gc_lat
    res["latency_wall_s"] = time.perf_counter() - t_lat

    tp: dict[str, list[float]] = {k: [] for k in fns}
    for r in range(tp_reps):
        for key, fn in fns.items():
            gc.collect()
            before = gc_counts()
            dt = _tight_pass(fn, items)
            gc_tp[key] = [a + b for a, b in zip(gc_tp[key], gc_delta(before))]
            tp[key].append(n / (dt / 1e9) if dt else float("nan"))
    res["throughput_gc_collections"] = gc_tp

    for key in fns:
        bufs = samples[key]
        if reps == 1:
            per = list(bufs[0])
        else:
            per = [sorted(col)[len(col) // 2] if len(col) % 2 else int(statistics.median(col)) for col in zip(*bufs)]
        d = _summ(per)
        d["worst_single_sample_us"] = max(max(b) for b in bufs) / 1e3 if n else float("nan")
        d["per_pass"] = [{k: v for k, v in _summ(list(b)).items() if k in ("p50_us", "p99_us", "max_us")} for b in bufs]
        d["msgs_per_s"] = median(tp[key])
        d["msgs_per_s_passes"] = tp[key]
        d["errors"] = len(errors[key])  # calls that raised, counted in the first pass
        d["error_examples"] = [e for e in errors[key] if e][:5]
        # per-kind p50/p99 (is a violation slower than an allowed message?)
        by: dict[str, list[int]] = {}
        for lab, t in zip(labels, per):
            by.setdefault(lab, []).append(t)
        d["by_kind"] = {lab: {"n": len(v), "p50_us": pct(sorted(v), 50) / 1e3, "p99_us": pct(sorted(v), 99) / 1e3}
                        for lab, v in sorted(by.items())}
        if key == "shopguard" and "prefilter_share" in res:
            # latency of the messages the prefilter lets skip the pipeline, and of the rest
            split: dict[str, list[int]] = {"skipped": [], "pipeline": []}
            for flag, t in zip(quiet_flags, per):
                split["skipped" if flag else "pipeline"].append(t)
            d["by_prefilter"] = {k: {"n": len(v), "p50_us": pct(sorted(v), 50) / 1e3 if v else float("nan"),
                                     "p99_us": pct(sorted(v), 99) / 1e3 if v else float("nan")}
                                 for k, v in split.items()}
        order = sorted(range(n), key=lambda i: per[i], reverse=True)[:10]
        d["slowest"] = [{"id": ids[i], "kind": labels[i], "us": per[i] / 1e3, "chars": len(items[i][0])} for i in order]
        res[key] = d
    if guard is not None:
        res["ratio_p50"] = res["shopguard"]["p50_us"] / res["floor"]["p50_us"]
        res["ratio_p99"] = res["shopguard"]["p99_us"] / res["floor"]["p99_us"]
    return res


# -- subprocess measurements: import, cold build, memory ----------------------------

_HWM = r"""
def _hwm():
    try:
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        return None
"""

_COLD_CHILD = r"""
import json, resource, sys, time
_HWM_PLACEHOLDER
t0 = time.perf_counter_ns()
import shopguard
t1 = time.perf_counter_ns()
rss_import = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
out = {"import_ns": t1 - t0, "rss_import_kb": rss_import}
rules_dir = sys.argv[1] or None
try:
    t2 = time.perf_counter_ns()
    g = shopguard.Moderator(rules_dir) if rules_dir else shopguard.Moderator()
    t3 = time.perf_counter_ns()
    out["build_ns"] = t3 - t2
    out["rss_build_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    out["hwm_build_kb"] = _hwm()
    sys.path.insert(0, sys.argv[2])
    import corpus
    for m in corpus.generate_mix(int(sys.argv[3]), seed=11):
        g.check(m.text, m.history)
    out["rss_after_checks_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
except Exception as exc:
    out["error"] = f"{type(exc).__name__}: {exc}"[:300]
print(json.dumps(out))
""".replace("_HWM_PLACEHOLDER", _HWM.strip())

_BARE_CHILD = "import resource; print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"


def _run_py(
    args: list[str], timeout: float = 120.0, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """A fresh interpreter, started through ``sh`` so that its ``ru_maxrss`` is its own.

    Linux carries the high-water RSS of the image that calls ``execve`` into the
    new program's ``ru_maxrss``; with ``subprocess``'s vfork that image is THIS
    (large) process, so a direct child would report our peak, not its own.  A
    shell that forks before running Python breaks that inheritance.  (VmHWM is
    read as a cross-check.)
    """
    cmd = [sys.executable, *args]
    if os.path.exists("/bin/sh"):
        cmd = ["/bin/sh", "-c", '"$@"; exit $?', "sh", *cmd]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=str(REPO), env=env)


def measure_startup(cfg: Config, rules_dir: str | None, log: Callable[[str], None]) -> dict[str, Any]:
    res: dict[str, Any] = {"import": {}, "construction_cold": {}, "memory": {}}
    errors: list[str] = []
    # one discarded run that imports every module and builds, with bytecode
    # writing on: a user's install has current .pyc files (pip compiles them),
    # while an edited checkout under PYTHONDONTWRITEBYTECODE=1 (as on the
    # project's machines) would recompile every changed module in each child
    # (``import shopguard`` alone imports nothing: the package is lazy)
    warm_env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    try:
        _run_py(["-c", "import shopguard; shopguard.Moderator()"], env=warm_env)
    except Exception as exc:
        errors.append(short_exc(exc))
    runs: list[dict[str, Any]] = []
    for _ in range(cfg.cold_runs):
        try:
            cp = _run_py(["-c", _COLD_CHILD, rules_dir or "", str(HERE), str(cfg.rss_checks)])
            if cp.returncode != 0:
                tail = cp.stderr.strip().splitlines()
                errors.append(f"child exited {cp.returncode}: {tail[-1] if tail else ''}"[:300])
                continue
            runs.append(json.loads(cp.stdout.strip().splitlines()[-1]))
        except Exception as exc:
            errors.append(short_exc(exc))
    log(f"  startup: {len(runs)} fresh subprocesses")
    imp = [r["import_ns"] / 1e6 for r in runs]
    builds = [r["build_ns"] / 1e6 for r in runs if "build_ns" in r]
    build_errors = [r["error"] for r in runs if "error" in r]
    res["import"] = {"runs": len(imp), "median_ms": median(imp), "min_ms": min(imp, default=float("nan")),
                     "max_ms": max(imp, default=float("nan")), "samples_ms": imp}
    res["construction_cold"] = {"runs": len(builds), "median_ms": median(builds),
                                "min_ms": min(builds, default=float("nan")),
                                "max_ms": max(builds, default=float("nan")), "samples_ms": builds,
                                "errors": build_errors[:3]}
    rss_build = [r["rss_build_kb"] / 1024 for r in runs if "rss_build_kb" in r]
    rss_import = [r["rss_import_kb"] / 1024 for r in runs]
    rss_checks = [r["rss_after_checks_kb"] / 1024 for r in runs if "rss_after_checks_kb" in r]
    bare: list[float] = []
    for _ in range(cfg.bare_runs):
        try:
            cp = _run_py(["-c", _BARE_CHILD])
            bare.append(int(cp.stdout.strip()) / 1024)
        except Exception as exc:
            errors.append(short_exc(exc))
    res["memory"] = {
        "unit": "MiB (ru_maxrss, peak resident set size)",
        "bare_interpreter_mb": median(bare), "after_import_mb": median(rss_import),
        "after_build_mb": median(rss_build), "after_checks_mb": median(rss_checks), "checks": cfg.rss_checks,
        "after_build_vmhwm_mb": median([r["hwm_build_kb"] / 1024 for r in runs if r.get("hwm_build_kb")]),
        "how": "fresh interpreter started via /bin/sh (so ru_maxrss is not inherited from this process)",
        "build_minus_bare_mb": median(rss_build) - median(bare) if rss_build and bare else float("nan"),
    }
    # -X importtime: where the import time goes (one run; cumulative us, top-level modules)
    top: list[dict[str, Any]] = []
    try:
        cp = _run_py(["-X", "importtime", "-c", "import shopguard"])
        rows = []
        for line in cp.stderr.splitlines():
            if not line.startswith("import time:") or "cumulative" in line:
                continue
            parts = line[len("import time:"):].split("|")
            if len(parts) != 3:
                continue
            name = parts[2].rstrip()
            depth = (len(name) - len(name.lstrip(" "))) // 2
            rows.append((int(parts[1]), name.strip(), depth))
        top = [{"module": n, "depth": d, "cumulative_ms": c / 1e3} for c, n, d in sorted(rows, reverse=True)
               if n != "shopguard"][:12]
    except Exception as exc:
        errors.append(short_exc(exc))
    res["import"]["importtime_top"] = top
    res["errors"] = errors
    return res


def measure_inproc_builds(cfg: Config, rules_dir: str | None, first: float | None) -> dict[str, Any]:
    import re

    times: list[float] = []
    errs: list[str] = []
    for _ in range(cfg.builds_inproc):
        regex.purge()
        re.purge()
        gc.collect()
        t0 = time.perf_counter_ns()
        try:
            build_guard(rules_dir)
        except Exception as exc:
            errs.append(short_exc(exc))
            continue
        times.append((time.perf_counter_ns() - t0) / 1e6)
    return {"runs": len(times), "median_ms": median(times), "samples_ms": times,
            "first_in_this_process_ms": first, "errors": errs[:3],
            "note": "regex/re caches purged before each build; modules already imported"}


# -- length scaling (child process with hard timeouts) ---------------------------------


def _scaling_child(args: argparse.Namespace) -> int:
    """Run scaling tasks, one JSON line per event on stdout."""
    tasks = [tuple(t) for t in json.loads(args._tasks)]
    reps_for = {int(k): v for k, v in json.loads(args._reps).items()}
    budget, timeout = args._budget, args._timeout
    deadline = time.monotonic() + args._deadline

    def emit(**kw: Any) -> None:
        sys.stdout.write(json.dumps(kw) + "\n")
        sys.stdout.flush()

    if args.gc == "off":
        gc.disable()
    try:
        guard = build_guard(args.rules_dir)
    except Exception as exc:
        emit(event="fatal", error=short_exc(exc))
        return 0
    for flav in dict.fromkeys(f for f, _ in tasks):  # warm-up on 1 KB of each flavour
        try:
            guard.check(corpus.scaling_text(flav, 1_000, args.seed))
        except Exception:
            pass
    emit(event="ready")
    history: dict[str, list[tuple[int, float]]] = {}
    for flav, size in tasks:
        emit(event="start", flavour=flav, size=size)
        prev = history.get(flav, [])
        if prev:
            (s1, t1) = prev[-1]
            k = 1.0
            if len(prev) >= 2:
                (s0, t0) = prev[-2]
                if t0 > 0 and t1 > 0:
                    k = max(1.0, math.log(t1 / t0) / math.log(s1 / s0))
            predicted = t1 * (size / s1) ** k
            if predicted > timeout:
                emit(event="skipped", flavour=flav, size=size, predicted_s=predicted,
                     reason=f"predicted {predicted:.0f} s > {timeout:.0f} s limit")
                continue
            if time.monotonic() + predicted > deadline:
                emit(event="skipped", flavour=flav, size=size, reason="scaling time budget used up")
                continue
        elif time.monotonic() > deadline:
            emit(event="skipped", flavour=flav, size=size, reason="scaling time budget used up")
            continue
        text = corpus.scaling_text(flav, size, args.seed)
        times: list[int] = []
        verdict = None
        err = None
        cum = 0.0
        gcs = [0, 0, 0]
        while True:
            gc.collect()
            before = gc_counts()
            t0n = time.perf_counter_ns()
            try:
                verdict = guard.check(text)
            except Exception as exc:
                err = short_exc(exc)
            dt = time.perf_counter_ns() - t0n
            gcs = [a + b for a, b in zip(gcs, gc_delta(before))]
            times.append(dt)
            cum += dt / 1e9
            if err or len(times) >= reps_for.get(size, 3) or cum >= budget:
                break
        med = median(times) / 1e9
        history.setdefault(flav, []).append((size, med))
        emit(event="done", flavour=flav, size=size, times_s=[t / 1e9 for t in times], median_s=med, gc_collections=gcs,
             error=err, action=None if verdict is None else verdict.action.value,
             findings=None if verdict is None else len(verdict.findings),
             notes=None if verdict is None else list(verdict.notes)[:3])
    return 0


def measure_scaling(cfg: Config, args: argparse.Namespace, log: Callable[[str], None]) -> dict[str, Any]:
    flavours = list(corpus.SCALING_FLAVOURS)
    # size-major: every flavour gets its small sizes before any flavour gets the big ones
    tasks = [(f, s) for s in cfg.sizes for f in flavours]
    results: dict[tuple[str, int], dict[str, Any]] = {}
    pending = list(tasks)
    start = time.monotonic()
    fatal: str | None = None
    restarts = 0
    while pending and fatal is None:
        remaining = cfg.scaling_budget_s - (time.monotonic() - start)
        cmd = [sys.executable, str(Path(__file__).resolve()), "--_child", "scaling",
               "--_tasks", json.dumps(pending), "--_reps", json.dumps(cfg.size_reps),
               "--_budget", str(cfg.task_budget_s), "--_timeout", str(cfg.task_timeout_s),
               "--_deadline", str(max(0.0, remaining)), "--seed", str(args.seed), "--gc", args.gc]
        if args.rules_dir:
            cmd += ["--rules-dir", args.rules_dir]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=str(REPO))
        lines: queue.Queue[str | None] = queue.Queue()
        err_tail: list[str] = []

        def pump_out(p: subprocess.Popen[str] = proc) -> None:
            assert p.stdout is not None
            for line in p.stdout:
                lines.put(line)
            lines.put(None)

        def pump_err(p: subprocess.Popen[str] = proc) -> None:
            assert p.stderr is not None
            for line in p.stderr:
                err_tail.append(line.rstrip())
                del err_tail[:-20]

        threading.Thread(target=pump_out, daemon=True).start()
        threading.Thread(target=pump_err, daemon=True).start()
        current: tuple[str, int] | None = None
        deadline = time.monotonic() + 60.0 + cfg.task_timeout_s  # start-up: import + build + warm-up
        outcome = "eof"
        while True:
            try:
                line = lines.get(timeout=max(0.05, deadline - time.monotonic()))
            except queue.Empty:
                outcome = "timeout"
                break
            if line is None:
                break
            try:
                ev = json.loads(line)
            except json.JSONDecodeError:
                continue
            kind = ev.get("event")
            if kind == "fatal":
                fatal = ev.get("error", "?")
                break
            if kind == "ready":
                continue
            key = (ev["flavour"], int(ev["size"]))
            if kind == "start":
                current = key
                deadline = time.monotonic() + cfg.task_budget_s + cfg.task_timeout_s
                continue
            results[key] = ev
            if key in pending:
                pending.remove(key)
            current = None
            log(f"  scaling {key[0]} {key[1]:,} chars: " + (f"{ev['median_s']:.4f} s" if kind == "done" else ev.get("reason", kind)))
        if outcome == "timeout" or (current is not None):
            if proc.poll() is None:
                proc.kill()
        proc.wait()
        if fatal is not None:
            break
        if current is not None:
            restarts += 1
            if outcome == "timeout":
                why = f"no answer after {cfg.task_budget_s + cfg.task_timeout_s:.1f} s (killed)"
                status = "timeout"
            else:
                why = f"child exited {proc.returncode}: {' | '.join(err_tail[-3:])}"[:300]
                status = "crashed"
            results[current] = {"event": status, "flavour": current[0], "size": current[1], "reason": why}
            log(f"  scaling {current[0]} {current[1]:,} chars: {why}")
            pending.remove(current)
            for key in list(pending):
                if key[0] == current[0] and key[1] > current[1]:
                    results[key] = {"event": "skipped", "flavour": key[0], "size": key[1],
                                    "reason": f"{current[1]:,} chars {status}"}
                    pending.remove(key)
        elif pending:
            if outcome == "timeout":  # hung before the first task started
                fatal = f"child gave no answer during start-up ({' | '.join(err_tail[-3:])})"
            elif proc.returncode != 0 or not results:
                fatal = f"child exited {proc.returncode}: {' | '.join(err_tail[-3:])}"[:300]
            if restarts > len(tasks):
                fatal = "too many child restarts"
    out: dict[str, Any] = {"sizes": cfg.sizes, "flavours": flavours, "unit": "1 KB = 1,000 characters",
                           "reps": cfg.size_reps, "task_budget_s": cfg.task_budget_s,
                           "task_timeout_s": cfg.task_timeout_s, "error": fatal, "by_flavour": {}}
    big = cfg.sizes[-1]
    ref = 10_000 if 10_000 in cfg.sizes else cfg.sizes[0]
    for f in flavours:
        rows: dict[str, Any] = {}
        for s in cfg.sizes:
            ev = results.get((f, s))
            if ev is None:
                rows[str(s)] = {"status": "error" if fatal else "not run", "reason": fatal}
                continue
            if ev.get("event") == "done":
                med = ev["median_s"]
                rows[str(s)] = {"status": "error" if ev.get("error") else "ok", "seconds": med,
                                "us_per_kb": med * 1e6 / (s / 1000), "n": len(ev["times_s"]),
                                "times_s": ev["times_s"], "action": ev.get("action"),
                                "findings": ev.get("findings"), "notes": ev.get("notes"), "error": ev.get("error"),
                                "gc_collections": ev.get("gc_collections")}
            else:
                rows[str(s)] = {"status": ev.get("event"), "reason": ev.get("reason"),
                                "predicted_s": ev.get("predicted_s")}
        a, b = rows.get(str(ref), {}), rows.get(str(big), {})
        ratio = (b["us_per_kb"] / a["us_per_kb"]) if big > ref and a.get("status") == "ok" and b.get("status") == "ok" else None
        # when the biggest size did not run: the ratio up to the biggest size that did (reported apart)
        partial = None
        if ratio is None and a.get("status") == "ok":
            done = [s for s in cfg.sizes if ref < s < big and rows[str(s)].get("status") == "ok"]
            if done:
                partial = {"to": done[-1], "ratio": rows[str(done[-1])]["us_per_kb"] / a["us_per_kb"]}
        out["by_flavour"][f] = {"sizes": rows, "per_char_ratio": ratio,
                                "per_char_ratio_between": [ref, big], "partial_ratio": partial}
    return out


# -- targets and the table ---------------------------------------------------------------


@dataclass
class Row:
    area: str
    measure: str
    value: str = ""
    floor: str = ""
    ratio: str = ""
    target: str = ""
    ok: str = ""


@dataclass
class Target:
    id: str
    label: str
    value: float | None
    limit: float
    unit: str
    passed: bool | None
    note: str = ""


def fmt_us(v: float | None) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "—"
    if v < 10:
        return f"{v:.2f}"
    if v < 100:
        return f"{v:.1f}"
    return f"{v:,.0f}"


def fmt_num(v: float | None, digits: int = 0) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "—"
    return f"{v:,.{digits}f}"


def fmt_s(v: float | None) -> str:
    if v is None:
        return "—"
    if v < 0.01:
        return f"{v * 1e3:.2f}ms"
    if v < 1:
        return f"{v * 1e3:.0f}ms"
    return f"{v:.2f}s"


def mark(p: bool | None) -> str:
    return "—" if p is None else ("PASS" if p else "FAIL")


def check_target(targets: list[Target], tid: str, label: str, value: float | None, limit: float, unit: str,
                 note: str = "", at_least: bool = False) -> str:
    """Record a target; ``value <= limit`` passes (``value >= limit`` with ``at_least``)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        ok = None
    else:
        ok = value >= limit if at_least else value <= limit
    targets.append(Target(tid, label, value, limit, unit, ok, note))
    return mark(ok)


def build_rows(report: dict[str, Any], targets: list[Target]) -> list[Row]:
    rows: list[Row] = []
    guard_err = report["meta"].get("build_error")

    def latency_rows(area: str, sec: dict[str, Any], is_dev: bool) -> None:
        if sec.get("skipped"):
            rows.append(Row(area, "skipped", sec["skipped"]))
            return
        sg = sec.get("shopguard")
        fl = sec["floor"]
        if sg is None:
            rows.append(Row(area, "shopguard", f"ERROR: {guard_err}"[:48] + "…"))
        if sec.get("reduced_by_budget"):
            rows.append(Row(area, "quick budget", f"first {sec['n']:,} of {sec['n_requested']:,} msgs (slow library)"))
        tp_ok = ""
        if not is_dev:
            tp_ok = check_target(targets, "mix_throughput", "throughput on the mix, msg/s (at least)",
                                 None if sg is None else sg["msgs_per_s"], 20_000, "msg/s", at_least=True)
        rows.append(Row(area, "throughput msg/s", fmt_num(sg and sg["msgs_per_s"]), fmt_num(fl["msgs_per_s"]),
                        f"{fl['msgs_per_s'] / sg['msgs_per_s']:.0f}× slower" if sg else "",
                        "" if is_dev else "≥ 20,000", tp_ok))
        r50 = sec.get("ratio_p50")
        rows.append(Row(area, "p50 µs", fmt_us(sg and sg["p50_us"]), fmt_us(fl["p50_us"]),
                        f"{r50:.1f}×" if r50 else "", "≤ 2.5× floor",
                        check_target(targets, f"{'dev' if is_dev else 'mix'}_p50_ratio",
                                     f"{area}: p50 / floor p50", r50, 2.5, "×")))
        rows.append(Row(area, "p95 µs", fmt_us(sg and sg["p95_us"]), fmt_us(fl["p95_us"])))
        rows.append(Row(area, "p99 µs", fmt_us(sg and sg["p99_us"]), fmt_us(fl["p99_us"]),
                        f"{sec['ratio_p99']:.1f}×" if sec.get("ratio_p99") else "", "≤ 400 µs",
                        check_target(targets, f"{'dev' if is_dev else 'mix'}_p99", f"{area}: p99 µs",
                                     sg and sg["p99_us"], 400, "µs")))
        rows.append(Row(area, "max µs (per-msg median)", fmt_us(sg and sg["max_us"]), fmt_us(fl["max_us"]), "",
                        "≤ 5,000 µs" if is_dev else "",
                        check_target(targets, "dev_max", "dev: slowest message µs (median of its samples)",
                                     sg and sg["max_us"], 5_000, "µs") if is_dev else ""))
        rows.append(Row(area, "worst single sample µs", fmt_us(sg and sg["worst_single_sample_us"]),
                        fmt_us(fl["worst_single_sample_us"])))
        if sg:
            if sg["errors"]:
                rows.append(Row(area, "check() raised", f"{sg['errors']} calls", "", "", "0", "FAIL"))
            san = sec["sanity"]["by_kind"]
            order = ["benign", "benign_hard", "plain", "obfuscated"]
            kinds = sorted(san, key=lambda k: (order.index(k) if k in order else 9, k))
            parts = [f"{k} {san[k]['flagged'] / san[k]['n']:.0%}" for k in kinds if san[k]["n"]]
            rows.append(Row(area, f"flagged share (first {sec['sanity']['over_first']:,})", ", ".join(parts)[:58]))
            if "prefilter_share" in sec:
                rows.append(Row(area, "skip the pipeline (prefilter)", f"{sec['prefilter_share']:.1%} of messages"))
                bp = sec.get("shopguard", {}).get("by_prefilter")
                if bp:
                    rows.append(Row(area, "p50 / p99 µs, skipped | pipeline",
                                    f"{fmt_us(bp['skipped']['p50_us'])} / {fmt_us(bp['skipped']['p99_us'])} | "
                                    f"{fmt_us(bp['pipeline']['p50_us'])} / {fmt_us(bp['pipeline']['p99_us'])}"))
            if sec["sanity"]["verdicts_with_notes"]:
                rows.append(Row(area, "verdicts with notes", str(sec["sanity"]["verdicts_with_notes"])))

    if "dev" in report:
        dev = report["dev"]
        latency_rows(f"dev ({dev.get('n', 0)})" if not dev.get("skipped") else "dev", dev, True)
    mix = report["mix"]
    latency_rows(f"mix ({mix['n']:,})", mix, False)

    imp = report["import"]
    rows.append(Row("startup", "import shopguard ms", fmt_num(imp.get("median_ms"), 1), "", "", "≤ 150 ms",
                    check_target(targets, "import_ms", "import shopguard (fresh process, median) ms",
                                 imp.get("median_ms"), 150, "ms")))
    con = report["construction"]
    cold = con["cold"]
    cold_val = cold.get("median_ms") if cold.get("runs") else None
    rows.append(Row("startup", "Moderator() first, fresh proc ms",
                    fmt_num(cold_val, 1) if cold_val is not None else ("ERROR" if cold.get("errors") else "—"),
                    "", "", "≤ 200 ms", check_target(targets, "build_ms", "Moderator() first build in a fresh process (median) ms",
                                                      cold_val, 200, "ms")))
    warm = con["in_process"]
    rows.append(Row("startup", "Moderator() again, same proc ms",
                    fmt_num(warm.get("median_ms"), 1) if warm.get("runs") else ("ERROR" if warm.get("errors") else "—")))
    if not warm.get("runs") and warm.get("errors"):
        rows.append(Row("startup", "in-process build error", str(warm["errors"][0])[:48] + "…"))
    mem = report["memory"]
    rows.append(Row("startup", "peak RSS after build MiB", fmt_num(mem.get("after_build_mb"), 1),
                    f"bare {fmt_num(mem.get('bare_interpreter_mb'), 1)}", "", "≤ 60 MiB",
                    check_target(targets, "rss_mb", "peak RSS after import + Moderator() MiB",
                                 mem.get("after_build_mb"), 60, "MiB")))
    if report.get("startup_errors"):
        rows.append(Row("startup", "subprocess errors", f"{len(report['startup_errors'])}: {report['startup_errors'][0]}"[:48] + "…"))
    rows.append(Row("startup", f"peak RSS after {mem.get('checks', 0)} checks MiB", fmt_num(mem.get("after_checks_mb"), 1)))

    sc = report["scaling"]
    sizes = sc["sizes"]
    def kl(n: int) -> str:
        return f"{n // 1_000_000}M" if n >= 1_000_000 and n % 1_000_000 == 0 else (f"{n // 1000}K" if n % 1000 == 0 else str(n))

    lab = "/".join(kl(s) for s in sizes)
    big = sizes[-1]
    have_1m = 1_000_000 in sizes
    worst_ratio: float | None = None
    ratios_failed = False
    ratios_missing = 0
    worst_1m: float | None = None
    unknown_1m: list[tuple[str, bool]] = []
    notes_total = 0
    for f, d in sc["by_flavour"].items():
        cells_t, cells_u = [], []
        for s in sizes:
            c = d["sizes"][str(s)]
            if c["status"] == "ok":
                star = "" if c["n"] >= 3 else f"(n={c['n']})"
                cells_t.append(fmt_s(c["seconds"]) + star)
                cells_u.append(fmt_us(c["us_per_kb"]))
                notes_total += 1 if c.get("notes") else 0
            elif c.get("predicted_s"):
                cells_t.append(f"(~{c['predicted_s']:.0f}s est.)")
                cells_u.append("—")
            else:
                cells_t.append({"timeout": "TIMEOUT", "crashed": "CRASH", "skipped": "skip"}.get(c["status"], "ERR"))
                cells_u.append("—")
        hostile = f != "normal"
        r = d["per_char_ratio"]
        if r is not None:
            worst_ratio = r if worst_ratio is None else max(worst_ratio, r)
            ratios_failed |= r > 1.5
        else:
            ratios_missing += 1
        part = d.get("partial_ratio")
        if r is not None:
            ratio_txt, r_mark = f"{r:.2f}×", mark(r <= 1.5)
        elif part:
            # already too steep before the biggest size: that is a failure, not a gap
            ratio_txt = f"{part['ratio']:.2f}× (→{kl(part['to'])})"
            r_mark = "FAIL" if part["ratio"] > 1.5 else "—"
            ratios_failed |= part["ratio"] > 1.5
        else:
            ratio_txt, r_mark = "—", "—"
        a, b = d["per_char_ratio_between"]
        m1 = ""
        if hostile and have_1m:
            c = d["sizes"][str(1_000_000)]
            if c["status"] == "ok":
                worst_1m = c["seconds"] if worst_1m is None else max(worst_1m, c["seconds"])
                m1 = mark(c["seconds"] <= 2.0)
            else:
                # unmeasured: certainly over 2 s if it timed out/crashed, was predicted past the
                # time limit, or a smaller size of the same text already took over 2 s
                smaller_over = any(d["sizes"][str(s)].get("seconds", 0) > 2.0 for s in sizes if s < 1_000_000)
                certain = c["status"] in ("timeout", "crashed") or bool(c.get("predicted_s")) or smaller_over
                m1 = "FAIL" if certain else "—"
                unknown_1m.append((f, certain))
        elif hostile:
            m1 = "n/a"
        rows.append(Row(f"len {f}", f"seconds @ {lab}", " ".join(cells_t),
                        "", "", "1M ≤ 2 s" if hostile else "", m1))
        rows.append(Row(f"len {f}", f"µs/KB @ {lab}", " ".join(cells_u), "", ratio_txt,
                        f"≤ 1.5× ({kl(a)}→{kl(b)})", r_mark))
    n_flav = len(sc["by_flavour"])
    note = ("" if have_1m else "quick mode: 10K→100K, not 10K→1M; ") + (
        f"measured for {n_flav - ratios_missing} of {n_flav} flavours" if ratios_missing else "")
    # a failure counts as soon as one flavour fails; a pass needs every flavour measured
    passed: bool | None
    if ratios_failed:
        passed = False
    elif ratios_missing or worst_ratio is None:
        passed = None
    else:
        passed = True
    targets.append(Target("per_char_ratio", f"worst per-character time ratio 10K→{kl(big)}", worst_ratio, 1.5, "×",
                          passed, note.strip("; ")))
    rows.append(Row("len worst", f"per-char ratio 10K→{kl(big)}" + (f" ({n_flav - ratios_missing}/{n_flav} flav.)" if ratios_missing else ""),
                    "", "", f"{worst_ratio:.2f}×" if worst_ratio else "—", "≤ 1.5×", mark(passed)))
    if have_1m:
        if unknown_1m:
            over = [f for f, certain in unknown_1m if certain]
            ok1: bool | None = False if over or (worst_1m is not None and worst_1m > 2.0) else None
            targets.append(Target("hostile_1mb_s", "slowest 1 MB hostile message s", worst_1m, 2.0, "s", ok1,
                                  "not measured for: " + ", ".join(f for f, _ in unknown_1m)
                                  + (f" (certainly over 2 s: {', '.join(over)})" if over else "")))
            m = mark(ok1)
        else:
            m = check_target(targets, "hostile_1mb_s", "slowest 1 MB hostile message s", worst_1m, 2.0, "s")
        rows.append(Row("len worst", "1 MB hostile seconds", fmt_s(worst_1m)
                        + (f" (+{len(unknown_1m)} not run)" if unknown_1m else ""), "", "", "≤ 2 s", m))
    else:
        targets.append(Target("hostile_1mb_s", "slowest 1 MB hostile message s", None, 2.0, "s", None,
                              "quick mode: 1 MB not run"))
        rows.append(Row("len worst", "1 MB hostile seconds", "not run (quick)", "", "", "≤ 2 s", "n/a"))
    rows.append(Row("len worst", "verdicts with scan notes (time limits)", str(notes_total), "", "", "0",
                    mark(notes_total == 0) if not sc.get("error") else "—"))
    if sc.get("error"):
        rows.append(Row("len", "ERROR", str(sc["error"])[:48] + "…"))
    return rows


def render(rows: list[Row]) -> str:
    head = Row("area", "measure", "shopguard", "floor", "ratio", "target", "ok")
    cols = list(asdict(head).keys())
    data = [asdict(head)] + [asdict(r) for r in rows]
    lines = []
    for d in data:
        for c in cols:
            d[c] = " ".join(d[c].split())  # error texts may hold line breaks
    widths = {c: max(len(d[c]) for d in data) for c in cols}
    for i, d in enumerate(data):
        cells = []
        for c in cols:
            v = d[c]
            cells.append(v.rjust(widths[c]) if c in ("value", "floor", "ratio") and i else v.ljust(widths[c]))
        lines.append("  ".join(cells).rstrip())
        if i == 0:
            lines.append("  ".join("-" * widths[c] for c in cols))
    return "\n".join(lines)


# -- profile mode -------------------------------------------------------------------------


def run_profile(cfg: Config, args: argparse.Namespace) -> int:
    import cProfile
    import pstats

    n = args.mix_n or cfg.profile_n
    guard = build_guard(args.rules_dir)
    msgs = corpus.generate_mix(n, seed=args.seed)
    items = [(m.text, m.history) for m in msgs]
    for text, hist in items[:500]:
        guard.check(text, hist)
    prof = cProfile.Profile()
    t0 = time.perf_counter()
    prof.enable()
    for text, hist in items:
        guard.check(text, hist)
    prof.disable()
    dt = time.perf_counter() - t0
    print(f"cProfile over {n:,} mixed messages (seed {args.seed}): {dt:.2f} s under the profiler "
          f"({dt / n * 1e6:.0f} µs/msg, inflated by profiling)")
    st = pstats.Stats(prof, stream=sys.stdout)
    st.sort_stats("tottime").print_stats(25)
    if args.profile_out:
        prof.dump_stats(args.profile_out)
        print(f"pstats written to {args.profile_out}")
    return 0


# -- main ------------------------------------------------------------------------------------


def load_dev(path: Path) -> tuple[list[Item], list[str], list[str]]:
    items: list[Item] = []
    labels: list[str] = []
    ids: list[str] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            row = json.loads(line)
            items.append((row["text"], row.get("context") or None))
            labels.append(row.get("kind", "?"))
            ids.append(str(row.get("id", len(ids))))
    return items, labels, ids


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="CI size: 2,000 mixed messages, lengths up to 100 KB")
    ap.add_argument("--json", default=str(DEFAULT_JSON), help="where to write the results (default benchmarks/results.json)")
    ap.add_argument("--profile", action="store_true", help="cProfile the mix and print the top 25 by tottime (no table)")
    ap.add_argument("--profile-out", help="with --profile: also dump pstats here")
    ap.add_argument("--dev", default=str(DEFAULT_DEV), help="dev set JSONL (skipped with a note when absent)")
    ap.add_argument("--mix-n", type=int, help="override the number of generated messages")
    ap.add_argument("--reps", type=int, help="override the latency passes over the mix")
    ap.add_argument("--seed", type=int, default=7, help="seed of the generated mix and long texts")
    ap.add_argument("--rules-dir", help="benchmark Moderator(rules_dir=...) instead of the built-in packs")
    ap.add_argument("--cpu", type=int, help="CPU to pin to (default: the last allowed one; -1: do not pin)")
    ap.add_argument("--gc", choices=["on", "off"], default="on", help="GC during timed passes (default on, as in production)")
    ap.add_argument("--skip-scaling", action="store_true", help="leave out the length-scaling table")
    ap.add_argument("--retries", type=int, help="retries when Moderator() fails to build (packs mid-change)")
    ap.add_argument("--fail-on-targets", action="store_true", help="exit 1 when a target fails or the library errors")
    ap.add_argument("--_child", help=argparse.SUPPRESS)
    ap.add_argument("--_tasks", help=argparse.SUPPRESS)
    ap.add_argument("--_reps", help=argparse.SUPPRESS)
    ap.add_argument("--_budget", type=float, help=argparse.SUPPRESS)
    ap.add_argument("--_timeout", type=float, help=argparse.SUPPRESS)
    ap.add_argument("--_deadline", type=float, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args._child == "scaling":
        return _scaling_child(args)

    cfg = make_config(args.quick)
    if args.mix_n:
        cfg.mix_n = args.mix_n
    if args.reps:
        cfg.mix_reps = args.reps
    if args.retries is not None:
        cfg.retries = args.retries
    if args.profile:
        return run_profile(cfg, args)

    t_all = time.perf_counter()

    def log(msg: str) -> None:
        print(f"[{time.perf_counter() - t_all:7.1f}s] {msg}", file=sys.stderr, flush=True)

    pinned = pin_cpu(args.cpu)
    if args.gc == "off":
        gc.disable()
    load0 = os.getloadavg() if hasattr(os, "getloadavg") else None
    meta: dict[str, Any] = {
        "schema": SCHEMA, "mode": cfg.mode, "config": asdict(cfg), "seed": args.seed,
        "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "python": sys.version.split()[0],
        "implementation": platform.python_implementation(), "platform": platform.platform(),
        "cpu": cpu_model(), "cpus_online": os.cpu_count(), "cpu_pinning": pinned, "governor": governor(),
        "gc": {"enabled_during_timing": args.gc == "on", "thresholds": list(gc.get_threshold())},
        "timer": "time.perf_counter_ns", "timer_overhead_ns": timer_overhead_ns(),
        "regex_version": getattr(regex, "__version__", "?"), "loadavg_start": load0,
        "floor": {"definition": "regex.compile(PATTERN).search(text.lower()) via a Python function (text, history)",
                  "pattern": FLOOR_PATTERN},
        "rules_dir": args.rules_dir,
    }
    try:
        meta["git_commit"] = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                                            cwd=str(REPO), timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "src", "policy_rules"], capture_output=True,
                               text=True, cwd=str(REPO), timeout=10).stdout
        meta["library_tree_dirty"] = bool(dirty.strip())
    except Exception:
        meta["git_commit"] = None

    # build (in this process): the first build is cold for this process too
    guard = None
    first_build_ms = None
    for attempt in range(cfg.retries + 1):
        try:
            t0 = time.perf_counter_ns()
            import shopguard

            meta["shopguard_version"] = getattr(shopguard, "__version__", "?")
            meta["shopguard_path"] = str(Path(shopguard.__file__).parent)
            guard = build_guard(args.rules_dir)
            first_build_ms = (time.perf_counter_ns() - t0) / 1e6
            meta.pop("build_error", None)
            break
        except Exception as exc:
            meta["build_error"] = short_exc(exc)
            log(f"Moderator() failed (attempt {attempt + 1}): {meta['build_error']}")
            if attempt < cfg.retries:
                time.sleep(cfg.retry_wait_s)
    lib_dirs: list[str] = [meta["shopguard_path"]] if meta.get("shopguard_path") else []
    lib_dirs += list(guard.rules_dirs) if guard is not None else [args.rules_dir or str(REPO / "policy_rules")]
    meta["library_fingerprint_start"] = fingerprint(lib_dirs)
    if guard is not None:
        meta["moderator"] = repr(guard)[:300]
        log(f"built {meta['moderator']}")

    report: dict[str, Any] = {"meta": meta}
    errors: list[str] = []

    # dev set
    dev_path = Path(args.dev)
    if dev_path.exists():
        items, labels, ids = load_dev(dev_path)
        log(f"dev set: {len(items)} messages from {dev_path}")
        report["dev"] = measure_set("dev", items, labels, ids, guard, cfg.dev_reps, cfg.tp_reps, len(items), log)
        report["dev"]["path"] = str(dev_path)
        report["dev"]["with_history"] = sum(1 for _, h in items if h)
    else:
        report["dev"] = {"skipped": f"{dev_path} not found"}
        log(report["dev"]["skipped"])

    # generated mix
    t0 = time.perf_counter()
    msgs = corpus.generate_mix(cfg.mix_n, seed=args.seed)
    items = [(m.text, m.history) for m in msgs]
    labels = [m.kind for m in msgs]
    log(f"mix: {len(items):,} messages generated in {time.perf_counter() - t0:.1f} s")
    report["mix"] = measure_set("mix", items, labels, [str(i) for i in range(len(items))], guard, cfg.mix_reps,
                                cfg.tp_reps, cfg.warm_n, log, cfg.mix_budget_s, cfg.min_mix_n)
    items = items[: report["mix"]["n"]]
    labels = labels[: report["mix"]["n"]]
    lens = sorted(len(t) for t, _ in items)
    report["mix"]["generator"] = {
        "seed": args.seed, "digest": corpus.mix_digest(msgs[: report["mix"]["n"]]), "module": "benchmarks/corpus.py",
        "chars_min": lens[0], "chars_median": lens[len(lens) // 2], "chars_max": lens[-1],
        "with_history": sum(1 for _, h in items if h),
        "kinds": {k: labels.count(k) for k in ("benign", "benign_hard", "plain", "obfuscated")},
    }
    if "shopguard" in report["mix"]:
        for s in report["mix"]["shopguard"]["slowest"]:
            s["family"] = msgs[int(s["id"])].family
    del msgs, items

    # construction, import, memory
    log("startup: import / construction / memory")
    st = measure_startup(cfg, args.rules_dir, log)
    errors += st["errors"]
    report["startup_errors"] = st["errors"] + st["construction_cold"].get("errors", [])
    report["construction"] = {"cold": st["construction_cold"],
                              "in_process": measure_inproc_builds(cfg, args.rules_dir, first_build_ms)
                              if guard is not None else {"runs": 0, "errors": [meta.get("build_error")]}}
    report["import"] = st["import"]
    report["memory"] = st["memory"]

    # length scaling
    if args.skip_scaling:
        report["scaling"] = {"sizes": cfg.sizes, "flavours": [], "by_flavour": {}, "error": "skipped (--skip-scaling)"}
    else:
        log("length scaling (child process, hard timeouts)")
        report["scaling"] = measure_scaling(cfg, args, log)

    meta["loadavg_end"] = os.getloadavg() if hasattr(os, "getloadavg") else None
    meta["wall_s"] = time.perf_counter() - t_all
    meta["library_fingerprint_end"] = fingerprint(lib_dirs)
    meta["library_changed_during_run"] = meta["library_fingerprint_end"] != meta["library_fingerprint_start"]
    targets: list[Target] = []
    rows = build_rows(report, targets)
    table = render(rows)
    report["targets"] = [asdict(t) for t in targets]
    report["errors"] = errors
    report["table"] = table

    busy = ""
    if load0 and meta["loadavg_end"] and max(load0[0], meta["loadavg_end"][0]) > max(1.0, (os.cpu_count() or 1) - 0.5):
        busy = "  [machine busy: figures are noisy]"
    gc_note = (f"GC {'on' if args.gc == 'on' else 'OFF'} (thresholds {','.join(map(str, gc.get_threshold()))}; "
               f"gen0/1/2 collections during shopguard's timed mix passes: "
               f"{'/'.join(map(str, report['mix'].get('latency_gc_collections', {}).get('shopguard', ['—'])))})")
    header = [
        f"shopguard benchmark — {cfg.mode} — {meta['started']} — commit {meta.get('git_commit')}"
        f"{' + uncommitted library changes' if meta.get('library_tree_dirty') else ''}",
        f"Python {meta['python']} · {meta['cpu']} · {pinned} · {gc_note}",
        f"timer perf_counter_ns (overhead ≈ {meta['timer_overhead_ns']:.0f} ns) · load avg {load0[0] if load0 else '?'}"
        f" → {meta['loadavg_end'][0] if meta['loadavg_end'] else '?'}{busy}",
        f"floor = regex {FLOOR_PATTERN!r}.search(text.lower()) · latency = per-message median of R passes "
        f"(dev R={cfg.dev_reps}, mix R={cfg.mix_reps}) · mix seed {args.seed}, digest {report['mix']['generator']['digest']}",
    ]
    if meta["library_changed_during_run"]:
        header.append("!! the library's source or packs changed during this run: figures mix two versions; run again")
    if meta.get("build_error"):
        header.append(f"!! Moderator() failed: {meta['build_error']}")
    failed = [t for t in targets if t.passed is False]
    footer = f"targets: {sum(1 for t in targets if t.passed)} pass, {len(failed)} fail, " \
             f"{sum(1 for t in targets if t.passed is None)} not measured · wall {meta['wall_s']:.0f} s · JSON: {args.json}"
    print("\n".join(header))
    print()
    print(table)
    print()
    print(footer)

    out = Path(args.json)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=1, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    if args.fail_on_targets and (failed or meta.get("build_error")):
        return 1
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception:
        traceback.print_exc()
        sys.exit(2)
