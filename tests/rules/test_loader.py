"""Rule-pack loading: validation errors name file, rule and field; nothing loads half-way."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from shopguard import Action, Moderator, RulePackError
from shopguard.rules.loader import builtin_rules_dir

GOOD_RULE = """
  - id: TST-001
    title: Test rule
    severity: high
    action: block
    explain: A test rule for the loader.
    match:
      phrases: [forbidden word]
    examples:
      match: ["this has the forbidden word"]
      no_match: ["this does not"]
"""


def write_pack(folder: Path, name: str, body: str, category: str = "spam") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    p = folder / name
    p.write_text(f"category: {category}\npolicy_section: Test\nversion: '1'\nrules:{body}", encoding="utf-8")
    return p


def test_a_valid_custom_folder_loads(tmp_path: Path) -> None:
    write_pack(tmp_path, "spam.yaml", GOOD_RULE)
    m = Moderator(tmp_path)
    v = m.check("this has the forbidden word")
    assert [f.rule_id for f in v.findings] == ["TST-001"]
    assert v.findings[0].pack_version == "1"


@pytest.mark.parametrize(
    "body, rule_id, field, reason",
    [
        (GOOD_RULE.replace("severity: high", "severity: huge"), "TST-001", "severity", "Input should be"),
        (GOOD_RULE.replace("    title: Test rule\n", "    title: Test rule\n    colour: red\n"), "TST-001", "colour", "unknown key"),
        (GOOD_RULE.replace("phrases: [forbidden word]", "regex: '(unclosed'"), "TST-001", "match.regex", "bad regex"),
        (GOOD_RULE.replace("phrases: [forbidden word]", "entity: telepathy"), "TST-001", "match.entity", "unknown entity kind"),
        (GOOD_RULE.replace("phrases: [forbidden word]", "lexicon: nope"), "TST-001", "match.lexicon", "unknown lexicon"),
        (GOOD_RULE.replace('      match: ["this has the forbidden word"]\n', ""), "TST-001", "examples", "match"),
        (GOOD_RULE.replace("phrases: [forbidden word]", "{phrases: [a], regex: b}"), "TST-001", "match", "exactly one"),
    ],
)
def test_errors_name_file_rule_and_field(tmp_path: Path, body: str, rule_id: str, field: str, reason: str) -> None:
    path = write_pack(tmp_path, "spam.yaml", body)
    with pytest.raises(RulePackError) as info:
        Moderator(tmp_path)
    probs = info.value.problems
    assert any(
        p.file == str(path) and p.rule_id == rule_id and field in (p.field or "") and reason in p.reason for p in probs
    ), probs
    assert str(path) in str(info.value) and rule_id in str(info.value)


def test_unknown_category_is_rejected(tmp_path: Path) -> None:
    write_pack(tmp_path, "x.yaml", GOOD_RULE, category="vibes")
    with pytest.raises(RulePackError, match="category"):
        Moderator(tmp_path)


def test_duplicate_ids_across_files_are_rejected(tmp_path: Path) -> None:
    write_pack(tmp_path, "a.yaml", GOOD_RULE)
    write_pack(tmp_path, "b.yaml", GOOD_RULE)
    with pytest.raises(RulePackError, match="duplicate rule id"):
        Moderator(tmp_path)


def test_all_problems_are_reported_at_once(tmp_path: Path) -> None:
    write_pack(tmp_path, "a.yaml", GOOD_RULE.replace("severity: high", "severity: nope"))
    write_pack(tmp_path, "b.yaml", GOOD_RULE.replace("TST-001", "TST-002").replace("phrases: [forbidden word]", "regex: '('"))
    with pytest.raises(RulePackError) as info:
        Moderator(tmp_path)
    assert {p.rule_id for p in info.value.problems} == {"TST-001", "TST-002"}


def test_yaml_is_read_safely(tmp_path: Path) -> None:
    (tmp_path / "evil.yaml").write_text("!!python/object/apply:os.system ['echo pwned']\n", encoding="utf-8")
    with pytest.raises(RulePackError, match="cannot read YAML"):
        Moderator(tmp_path)


def test_yes_no_on_off_stay_words(tmp_path: Path) -> None:
    body = GOOD_RULE.replace("phrases: [forbidden word]", "phrases: [on, off, no, yes]").replace(
        '"this has the forbidden word"', '"turn it on"'
    ).replace('"this does not"', '"nothing here"')
    write_pack(tmp_path, "spam.yaml", body)
    assert Moderator(tmp_path).check("switch it off").findings


def test_bad_pack_does_not_load_half_way(tmp_path: Path) -> None:
    shutil.copytree(builtin_rules_dir(), tmp_path / "rules")
    write_pack(tmp_path / "rules", "zz_bad.yaml", GOOD_RULE.replace("action: block", "action: explode"))
    with pytest.raises(RulePackError):
        Moderator(tmp_path / "rules")


def test_deployment_layer_overrides_disables_and_allowlists(tmp_path: Path) -> None:
    layer = tmp_path / "deploy"
    write_pack(layer, "extra_spam.yaml", GOOD_RULE)
    (layer / "overrides.yaml").write_text(
        "disable: [OPD-030]\nrules:\n  OPD-020: {action: warn}\nallow_domains: [partner-shop.example]\n",
        encoding="utf-8",
    )
    m = Moderator(extra_rules_dirs=[layer])
    assert m.check("this has the forbidden word").findings[0].rule_id == "TST-001"
    assert not [f for f in m.check("mail me at a@b-shop.com").findings if f.rule_id == "OPD-030"]
    assert m.check("text me at 415 555 0134").action is Action.warn
    assert not [f for f in m.check("see https://partner-shop.example/x").findings if f.entity == "url"]


def test_overrides_naming_unknown_rule_are_rejected(tmp_path: Path) -> None:
    with pytest.raises(RulePackError, match="no rule has this id"):
        Moderator(overrides={"disable": ["NOPE-999"]})


def test_every_builtin_category_has_a_pack() -> None:
    from shopguard import CATEGORIES
    from shopguard.rules.loader import load_dirs

    cats = {pack.category for _, pack in load_dirs([builtin_rules_dir()]).packs}
    assert cats == set(CATEGORIES), set(CATEGORIES) - cats
