"""shopguard: check seller chat against TikTok Shop's US Customer Service Policy.

    import shopguard
    guard = shopguard.Moderator()
    verdict = guard.check("text me at 415 555 0134")
    verdict.action, verdict.findings, verdict.explain(), verdict.redact()
"""

from .conversation import Conversation
from .decide import DecisionPolicy
from .models import CATEGORIES, Action, Finding, Listing, Severity, Turn, Verdict
from .moderator import Moderator
from .rules.loader import Problem, RulePackError
from .rules.schema import Overrides

__version__ = "0.1.0"

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
