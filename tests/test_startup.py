"""Start-up behaviour (issue 7): lazy ``import shopguard``, the per-process
rule-set cache, fast unpickling, and no module loading or file reading after
``Moderator()`` returns."""

from __future__ import annotations

import json
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import shopguard
from shopguard import moderator as moderator_mod
from shopguard.rules.loader import _load_yaml, _PackLoader, builtin_rules_dir

import yaml

SRC = Path(shopguard.__file__).resolve().parents[1]


def _run(code: str) -> dict:
    cp = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True,
        env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"},
    )
    return json.loads(cp.stdout.strip().splitlines()[-1])


def test_import_is_light_and_public_names_resolve() -> None:
    out = _run(
        "import json, sys, shopguard\n"
        "light = not any(m in sys.modules for m in ('pydantic', 'regex', 'yaml', 'shopguard.moderator'))\n"
        "names = {n: getattr(shopguard, n) is not None for n in shopguard.__all__}\n"
        "print(json.dumps({'light': light, 'names': names}))"
    )
    assert out["light"]
    assert all(out["names"].values()) and set(out["names"]) == set(shopguard.__all__)


def test_unknown_attribute_is_attribute_error() -> None:
    with pytest.raises(AttributeError):
        shopguard.no_such_name  # noqa: B018
    assert shopguard.models.Verdict is shopguard.Verdict


def test_no_module_or_file_loaded_by_checks_after_build_or_unpickle() -> None:
    out = _run(
        "import json, pickle, sys, shopguard\n"
        "g = shopguard.Moderator()\n"
        "blob = pickle.dumps(g)\n"
        "texts = ['text me at 415 555 0134', 'visit shop.example.co.uk now', 'mail bob@shop.co.uk',\n"
        "         'pay via venmo @bob', 'call (212) 555-0147 or +1 212 555 0147', 'hello there',\n"
        "         'ring +44 20 7946 0958', 'whatsapp +49 30 901820', '+81 3-1234-5678', '+55 11 91234-5678',\n"
        "         '+91 98765 43210', '+61 2 9876 5432', '+234 803 123 4567', 'call 020 7946 0958']\n"
        "before = set(sys.modules)\n"
        "for t in texts: g.check(t)\n"
        "new_build = sorted(set(sys.modules) - before)\n"
        "from shopguard.detectors import _domains\n"
        "_domains.tld_labels.cache_clear(); _domains.extractor.cache_clear()\n"
        "c = pickle.loads(blob)\n"
        "warm = _domains.tld_labels.cache_info().currsize == 1\n"
        "same = [c.check(t).action == g.check(t).action for t in texts]\n"
        "print(json.dumps({'new': new_build, 'warm': warm, 'same': all(same)}))"
    )
    assert out["new"] == []
    assert out["warm"], "an unpickled Moderator must load the suffix snapshot before its first check"
    assert out["same"]


def test_second_build_reuses_compiled_rules_but_not_per_moderator_state() -> None:
    guard = shopguard.Moderator()  # (the session guard's entry may have been evicted by other tests' packs)
    again = shopguard.Moderator()
    assert again._rules.rules is guard._rules.rules  # compiled once per process
    assert again._rules is not guard._rules
    assert again._rules.turn_cache is not guard._rules.turn_cache
    assert again._config is not guard._config and again._config == guard._config
    assert again._detectors[0] is not guard._detectors[0]


def test_cache_follows_pack_content(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(builtin_rules_dir(), rules)
    first = shopguard.Moderator(rules)
    assert first.check("you are an idiot").findings or True  # builds
    same = shopguard.Moderator(rules)
    assert same._rules.rules is first._rules.rules
    pack = rules / "spam.yaml"
    text = pack.read_text(encoding="utf-8")
    pack.write_text(text.replace("version:", "version: 9", 1) if "version: 9" not in text else text + "\n", encoding="utf-8")
    changed = shopguard.Moderator(rules)
    assert changed._rules.rules is not first._rules.rules
    with_overrides = shopguard.Moderator(rules, overrides={"disable": [first.rules[0].id]})
    assert len(with_overrides.rules) == len(changed.rules) - 1


def test_bad_pack_is_never_cached(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(builtin_rules_dir(), rules)
    (rules / "broken.yaml").write_text("category: spam\nrules: [\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(shopguard.RulePackError) as exc:
            shopguard.Moderator(rules)
        assert "broken.yaml" in str(exc.value)


class Mine(shopguard.Moderator):
    __slots__ = ()


def test_pickle_round_trip_keeps_subclass_and_answers(guard: shopguard.Moderator) -> None:
    m = Mine()
    clone = pickle.loads(pickle.dumps(m))
    assert type(clone) is Mine
    assert clone.check("text me at 415 555 0134").action == guard.check("text me at 415 555 0134").action


@pytest.mark.parametrize(
    "doc",
    [
        "a: &x [1, 2]\nb: *x\n",
        "<<: {a: 1}\nb: 2\n",
        "? [1]\n: 2\n",
        "!!set {a, b}",
        "x: !!binary aGVsbG8=",
        "t: 2001-12-14",
        "a: on\nb: yes\nc: true\nd: ~\ne: 0x1F\nf: 1.5e3\ng: .inf\nh: '007'\ni: 12",
        "",
        "---\n",
        "a: !!str 12\nb: !!int '7'\nc: !!float '1'",
        "- x\n- {k: [a, b, {c: d}]}\n",
    ],
)
def test_fast_yaml_builder_matches_safe_loader(doc: str) -> None:
    def outcome(load):  # the value, or the error and its message
        try:
            return load()
        except yaml.YAMLError as exc:
            return (type(exc), str(exc))

    assert outcome(lambda: _load_yaml(doc)) == outcome(lambda: yaml.load(doc, Loader=_PackLoader))  # noqa: S506


def test_packs_load_the_same_as_safe_loader() -> None:
    for path in sorted(builtin_rules_dir().rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert _load_yaml(text) == yaml.load(text, Loader=_PackLoader), path  # noqa: S506


def test_cache_is_bounded() -> None:
    assert len(moderator_mod._BUILT) <= moderator_mod._BUILT_MAX


def test_build_leaves_the_gc_as_it_found_it() -> None:
    """The build's GC pause (``_gc_paused``) re-enables the collector, leaves
    nothing frozen, and never unfreezes what the application froze itself."""
    out = _run(
        "import gc, json, shopguard\n"
        "shopguard.Moderator()\n"
        "plain = (gc.isenabled(), gc.get_freeze_count())\n"
        "keep = [[i] for i in range(1000)]\n"
        "gc.freeze(); frozen = gc.get_freeze_count()\n"
        "shopguard.Moderator(rules_dir=None, overrides={'disable': []})\n"
        "after = gc.get_freeze_count()\n"
        "gc.disable(); shopguard.Moderator(); off = gc.isenabled()\n"
        "print(json.dumps({'plain': plain, 'frozen': frozen, 'after': after, 'off': off}))"
    )
    assert out["plain"] == [True, 0]
    assert out["after"] >= out["frozen"] > 0
    assert out["off"] is False
