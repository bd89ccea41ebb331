"""Every example of every rule in policy_rules/, run through the whole engine."""

from __future__ import annotations

import pytest

from shopguard import Moderator
from shopguard.rules.testing import ExampleResult, run_examples

_RESULTS: list[ExampleResult] = list(run_examples(Moderator()))


@pytest.mark.parametrize(
    "result", _RESULTS, ids=[f"{r.rule_id}-{r.expectation}-{i}" for i, r in enumerate(_RESULTS)]
)
def test_rule_example(result: ExampleResult) -> None:
    assert result.ok, result.describe()


def test_every_rule_has_match_and_no_match_examples() -> None:
    for rule in Moderator().rules:
        ex = rule.source.examples
        assert ex.match, f"{rule.id} has no match examples"
        assert ex.no_match, f"{rule.id} has no no_match examples"
