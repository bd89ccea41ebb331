"""Reading rule packs from disk: safe YAML, full validation, all-or-nothing.

Every problem in every file is collected first (file, rule id, field,
reason) and raised together as one ``RulePackError``; nothing is returned
until the whole set is valid, so a bad pack never loads half-way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
import re
from typing import Any, Iterable

import yaml
from pydantic import ValidationError

from .schema import Allowlist, Overrides, Pack

OVERRIDES_FILE = "overrides.yaml"
ALLOWLIST_DIR = "allowlists"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a pack: where it is and why."""

    file: str
    rule_id: str | None
    field: str | None
    reason: str

    def __str__(self) -> str:
        where = self.file
        if self.rule_id:
            where += f" rule {self.rule_id}"
        if self.field:
            where += f" field {self.field}"
        return f"{where}: {self.reason}"


class RulePackError(ValueError):
    """Raised when rule packs are invalid; ``problems`` lists every one."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"{len(self.problems)} problem(s) in rule packs:\n{lines}")


@dataclass
class LoadedRules:
    """Validated packs, allowlists and overrides from one or more folders."""

    packs: list[tuple[str, Pack]] = field(default_factory=list)
    allowlists: list[tuple[str, Allowlist]] = field(default_factory=list)
    overrides: Overrides = field(default_factory=Overrides)


def builtin_rules_dir() -> Path:
    """The packs shipped with shopguard (wheel package data, else the source tree)."""
    packaged = resources.files("shopguard") / "policy_rules"
    if packaged.is_dir():
        return Path(str(packaged))
    source_tree = Path(__file__).resolve().parents[3] / "policy_rules"
    if source_tree.is_dir():
        return source_tree
    raise FileNotFoundError(
        "shopguard's built-in policy_rules/ were not found; reinstall the package "
        "or pass rules_dir=..."
    )


# libyaml's C parser when it is there (~10x faster on the packs), else pure Python.
_SafeBase: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _PackLoader(_SafeBase):  # type: ignore[misc, valid-type]
    """A safe loader with YAML 1.2 booleans: only true/false are booleans.

    Under YAML 1.1 a phrase list item such as ``- on``, ``- no`` or ``- off``
    silently becomes a boolean; policy owners write such words all the time.
    """


_PackLoader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_PackLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def _read_yaml(path: Path, problems: list[Problem]) -> Any:
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.load(fh, Loader=_PackLoader)  # noqa: S506 - a SafeLoader subclass
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        problems.append(Problem(str(path), None, None, f"cannot read YAML: {exc}"))
        return None


def _field_path(loc: tuple[Any, ...]) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        else:
            # pydantic reports union members as e.g. 'str' / 'Example': keep the user's path only
            if item in ("str", "Example", "function-after[_exactly_one_kind(), Condition]"):
                continue
            parts.append(("." if parts else "") + str(item))
    return "".join(parts) or "(top level)"


def _rule_id_at(raw: Any, loc: tuple[Any, ...]) -> str | None:
    if len(loc) >= 2 and loc[0] == "rules" and isinstance(loc[1], int) and isinstance(raw, dict):
        rules = raw.get("rules")
        if isinstance(rules, list) and loc[1] < len(rules) and isinstance(rules[loc[1]], dict):
            rid = rules[loc[1]].get("id")
            return str(rid) if rid is not None else f"rules[{loc[1]}]"
    return None


def _validation_problems(path: Path, raw: Any, exc: ValidationError) -> list[Problem]:
    out = []
    for err in exc.errors():
        loc = tuple(err.get("loc", ()))
        rule_id = _rule_id_at(raw, loc)
        rel = loc[2:] if rule_id is not None else loc
        reason = err.get("msg", "invalid")
        if err.get("type") == "extra_forbidden":
            reason = "unknown key"
        out.append(Problem(str(path), rule_id, _field_path(rel), reason))
    return out


def load_dirs(dirs: Iterable[Path | str], overrides: Overrides | None = None) -> LoadedRules:
    """Validate every pack, allowlist and overrides file under ``dirs``.

    Later folders layer on earlier ones: they add packs and allowlists, and
    their ``overrides.yaml`` files (and ``overrides``) change severity/action
    or disable rule ids. Raises ``RulePackError`` listing every problem.
    """
    loaded, problems = collect(dirs, overrides)
    if problems:
        raise RulePackError(problems)
    return loaded


def collect(
    dirs: Iterable[Path | str], overrides: Overrides | None = None
) -> tuple[LoadedRules, list[Problem]]:
    """Like ``load_dirs`` but returns the problems instead of raising.

    The valid packs are returned too, so the compiler can report its own
    problems (bad regexes, unknown entity kinds) in the same error.
    """
    problems: list[Problem] = []
    loaded = LoadedRules()
    merged: dict[str, Any] = {"disable": [], "rules": {}, "categories": {}, "allow_domains": []}
    for d in dirs:
        root = Path(d)
        if not root.is_dir():
            problems.append(Problem(str(root), None, None, "not a folder"))
            continue
        for path in sorted(root.glob("*.y*ml")):
            if path.suffix not in (".yaml", ".yml"):
                continue
            raw = _read_yaml(path, problems)
            if raw is None and path.stat().st_size == 0:
                problems.append(Problem(str(path), None, None, "empty file"))
                continue
            if raw is None:
                continue
            if path.name == OVERRIDES_FILE:
                try:
                    ov = Overrides.model_validate(raw)
                except ValidationError as exc:
                    problems.extend(_validation_problems(path, raw, exc))
                    continue
                _merge_overrides(merged, ov)
                continue
            try:
                loaded.packs.append((str(path), Pack.model_validate(raw)))
            except ValidationError as exc:
                problems.extend(_validation_problems(path, raw, exc))
        allow_dir = root / ALLOWLIST_DIR
        if allow_dir.is_dir():
            for path in sorted(allow_dir.glob("*.y*ml")):
                raw = _read_yaml(path, problems)
                if raw is None:
                    continue
                try:
                    loaded.allowlists.append((str(path), Allowlist.model_validate(raw)))
                except ValidationError as exc:
                    problems.extend(_validation_problems(path, raw, exc))
    if overrides is not None:
        _merge_overrides(merged, overrides)
    loaded.overrides = Overrides.model_validate(merged)
    seen: dict[str, str] = {}
    for path, pack in loaded.packs:
        for rule in pack.rules:
            if rule.id in seen:
                problems.append(
                    Problem(path, rule.id, "id", f"duplicate rule id (also in {seen[rule.id]})")
                )
            seen[rule.id] = path
    if not problems:  # with a broken pack, its rule ids are unknown: don't guess
        for rid in list(loaded.overrides.disable) + list(loaded.overrides.rules):
            if rid not in seen:
                problems.append(Problem(OVERRIDES_FILE, rid, "disable/rules", "no rule has this id"))
    return loaded, problems


def _merge_overrides(merged: dict[str, Any], ov: Overrides) -> None:
    merged["disable"].extend(ov.disable)
    for rid, r in ov.rules.items():
        cur = merged["rules"].setdefault(rid, {})
        cur.update(r.model_dump(exclude_none=True))
    for cat, r in ov.categories.items():
        cur = merged["categories"].setdefault(cat, {})
        cur.update(r.model_dump(exclude_none=True))
    merged["allow_domains"].extend(ov.allow_domains)
