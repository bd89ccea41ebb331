"""Run every rule's own examples through the whole engine.

Used by ``shopguard rules test`` and by the test suite, so a policy owner
who edits a pack sees exactly which rule and which example broke.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterator

from .schema import Example, ExampleItem

if TYPE_CHECKING:
    from ..moderator import Moderator


@dataclass(frozen=True)
class ExampleResult:
    """Outcome of one example of one rule."""

    rule_id: str
    pack_file: str
    expectation: str  # match | no_match | known_miss | known_false_positive
    text: str
    ok: bool
    matched: bool

    def describe(self) -> str:
        what = {
            "match": "should match but does not",
            "no_match": "should not match but does",
            "known_miss": "is marked known_miss but now matches: move it to `match`",
            "known_false_positive": "is marked known_false_positive but no longer matches: move it to `no_match`",
        }[self.expectation]
        return f"{self.rule_id} ({self.pack_file}): example {self.text!r} {what}"


def _as_example(item: ExampleItem) -> Example:
    return item if isinstance(item, Example) else Example(text=item)


def run_examples(moderator: "Moderator") -> Iterator[ExampleResult]:
    """Yield one result per example of every enabled rule of ``moderator``."""
    for rule in moderator.rules:
        ex = rule.source.examples
        for expectation, items, want in (
            ("match", ex.match, True),
            ("no_match", ex.no_match, False),
            ("known_miss", ex.known_miss, False),
            ("known_false_positive", ex.known_false_positive, True),
        ):
            for item in items:
                e = _as_example(item)
                fired = rule.id in moderator.matching_rules(
                    e.text, history=list(e.history), listing=e.listing
                )
                yield ExampleResult(rule.id, rule.pack_file, expectation, e.text, fired == want, fired)
