"""Reading rule packs from disk: safe YAML, full validation, all-or-nothing.

Every problem in every file is collected first (file, rule id, field,
reason) and raised together as one ``RulePackError``; nothing is returned
until the whole set is valid, so a bad pack never loads half-way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
import hashlib
from importlib import resources
import io
from pathlib import Path
import re
from typing import Any, Iterable, Mapping

import yaml
from pydantic import ValidationError
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

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


_STR_TAG = "tag:yaml.org,2002:str"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"
_KEY_TAGS_NOT_PLAIN = ("tag:yaml.org,2002:merge", "tag:yaml.org,2002:value")


class _NotPlain(Exception):
    """The document uses a YAML feature the fast builder leaves to the full constructor."""


def _build_plain(loader: Any, root: Any) -> Any:
    """Python objects for a composed document of plain maps, lists and scalars.

    What ``SafeConstructor.construct_document`` returns, without its generic
    per-node machinery (packs are ~10,000 nodes, most of them plain strings):
    strings are taken as they are, other scalars (int, bool, null ...) go
    through the loader's own constructor.  Anything else (merge keys, other
    collection tags, recursive aliases, unhashable keys) raises ``_NotPlain``
    and the caller constructs the whole document the usual way.
    """
    memo: dict[int, Any] = {}

    def build(node: Any) -> Any:
        t = type(node)
        if t is ScalarNode:
            if node.tag == _STR_TAG:
                return node.value
            return loader.construct_object(node, deep=True)
        i = id(node)
        if i in memo:  # an alias
            done = memo[i]
            if done is None:  # recursive
                raise _NotPlain
            return done
        memo[i] = None
        if t is SequenceNode and node.tag == _SEQ_TAG:
            out: Any = [build(c) for c in node.value]
        elif t is MappingNode and node.tag == _MAP_TAG:
            out = {}
            for key_node, value_node in node.value:
                if type(key_node) is not ScalarNode or key_node.tag in _KEY_TAGS_NOT_PLAIN:
                    raise _NotPlain
                key = build(key_node)
                try:
                    hash(key)
                except TypeError:
                    raise _NotPlain from None
                out[key] = build(value_node)
        else:
            raise _NotPlain
        memo[i] = out
        return out

    try:
        return build(root)
    finally:
        build = None  # type: ignore[assignment]  # break build -> cell -> build: no cycle keeps the data alive


def _load_yaml(stream: Any) -> Any:
    """``yaml.load(stream, Loader=_PackLoader)``, with the fast builder for plain documents."""
    loader = _PackLoader(stream)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        try:
            return _build_plain(loader, node)
        except _NotPlain:
            return loader.construct_document(node)
    finally:
        loader.dispose()


def _read_yaml(path: Path, problems: list[Problem], sources: Mapping[str, bytes] | None = None) -> Any:
    raw = sources.get(str(path)) if sources is not None else None
    try:
        if raw is not None:
            try:  # what open(encoding="utf-8") reads: universal newlines
                text = raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
            except UnicodeDecodeError:
                raw = None
            else:
                stream = io.StringIO(text)
                stream.name = str(path)  # type: ignore[misc]  # error marks name the file, as before
                return _load_yaml(stream)
        with path.open(encoding="utf-8") as fh:
            return _load_yaml(fh)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        problems.append(Problem(str(path), None, None, f"cannot read YAML: {exc}"))
        return None


def pack_files(dirs: Iterable[Path | str]) -> list[Path]:
    """Every YAML file ``collect`` reads under ``dirs``, in its order."""
    files: list[Path] = []
    for d in dirs:
        root = Path(d)
        if not root.is_dir():
            continue
        files.extend(p for p in sorted(root.glob("*.y*ml")) if p.suffix in (".yaml", ".yml"))
        allow_dir = root / ALLOWLIST_DIR
        if allow_dir.is_dir():
            files.extend(sorted(allow_dir.glob("*.y*ml")))
    return files


def read_sources(dirs: Iterable[Path | str]) -> tuple[str, dict[str, bytes]] | None:
    """The bytes of every file ``collect`` would read, and a digest of them (folders, names, contents).

    ``collect(..., sources=...)`` parses these very bytes, so a build keyed
    by the digest is a build of exactly that content.  None when a folder
    or file cannot be read (the caller then just loads the usual way).
    """
    h = hashlib.blake2b(digest_size=20)
    sources: dict[str, bytes] = {}
    dirs = [Path(d) for d in dirs]
    for root in dirs:
        h.update(b"\0dir\0" + str(root).encode("utf-8", "surrogateescape"))
        if not root.is_dir():
            return None
    try:
        for path in pack_files(dirs):
            data = path.read_bytes()
            key = str(path)
            sources[key] = data
            h.update(b"\0file\0%s\0%d\0" % (key.encode("utf-8", "surrogateescape"), len(data)))
            h.update(data)
    except OSError:
        return None
    return h.hexdigest(), sources


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
    dirs: Iterable[Path | str],
    overrides: Overrides | None = None,
    sources: Mapping[str, bytes] | None = None,
) -> tuple[LoadedRules, list[Problem]]:
    """Like ``load_dirs`` but returns the problems instead of raising.

    The valid packs are returned too, so the compiler can report its own
    problems (bad regexes, unknown entity kinds) in the same error.
    ``sources``: file contents already read (``read_sources``), by path.
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
            raw = _read_yaml(path, problems, sources)
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
                raw = _read_yaml(path, problems, sources)
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
