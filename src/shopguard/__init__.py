"""shopguard: check seller chat against TikTok Shop's US Customer Service Policy.

    import shopguard
    guard = shopguard.Moderator()
    verdict = guard.check("text me at 415 555 0134")
    verdict.action, verdict.findings, verdict.explain(), verdict.redact()
"""

from __future__ import annotations

import importlib

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (type checkers read it as True)
# The public names are imported on first use (PEP 562), so ``import shopguard``
# itself costs next to nothing; ``shopguard.Moderator`` loads the library, and
# ``Moderator()`` loads everything a check needs (detectors, phonenumbers,
# tldextract) before it returns, so no check ever imports a module.
if TYPE_CHECKING:  # what type checkers and IDEs see
    from typing import Any

    from .conversation import Conversation
    from .decide import DecisionPolicy
    from .models import CATEGORIES, Action, Finding, Listing, Severity, Turn, Verdict
    from .moderator import Moderator
    from .rules.loader import Problem, RulePackError
    from .rules.schema import Overrides

__version__ = "0.1.0"

_WHERE = {
    "CATEGORIES": "models",
    "Action": "models",
    "Conversation": "conversation",
    "DecisionPolicy": "decide",
    "Finding": "models",
    "Listing": "models",
    "Moderator": "moderator",
    "Overrides": "rules.schema",
    "Problem": "rules.loader",
    "RulePackError": "rules.loader",
    "Severity": "models",
    "Turn": "models",
    "Verdict": "models",
}

__all__ = [
    "CATEGORIES",
    "Action",
    "Conversation",
    "DecisionPolicy",
    "Finding",
    "Listing",
    "Moderator",
    "Overrides",
    "Problem",
    "RulePackError",
    "Severity",
    "Turn",
    "Verdict",
    "__version__",
]


if not TYPE_CHECKING:  # hidden from type checkers, so a misspelt name is still an error for them

    def __getattr__(name: str) -> Any:
        where = _WHERE.get(name)
        if where is not None:
            value = getattr(importlib.import_module(f"{__name__}.{where}"), name)
            globals()[name] = value  # later lookups are plain attribute hits
            return value
        if not name.startswith("__"):  # a submodule not imported yet (``shopguard.models`` ...)
            try:
                return importlib.import_module(f"{__name__}.{name}")
            except ModuleNotFoundError as exc:
                if exc.name != f"{__name__}.{name}":
                    raise
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

    def __dir__() -> list[str]:
        return sorted(set(globals()) | set(__all__))
