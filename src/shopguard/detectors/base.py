"""The detector contract: find typed entities, never decide policy.

A detector looks at the view of the message that suits it and returns
``Entity`` objects whose spans are in the ORIGINAL text.  Whether an entity
breaks the policy is the rule packs' business (detect-secrets' split between
plugins that find and filters that exclude).  Detectors are built once per
Moderator from a ``DetectorConfig`` (allowlists from YAML), hold no
per-message state, never do I/O while detecting, and pickle.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar, Sequence

from ..normalize import MappedText, Views

if TYPE_CHECKING:
    from ..models import Listing, Turn


@dataclass(frozen=True, slots=True)
class Entity:
    """A typed thing found in the message.

    ``start``/``end`` index the ORIGINAL message; ``value`` is the normalised
    value (E.164 phone, lower-cased host, e-mail address ...); ``evidence`` says
    in a few words why the detector believes it.
    """

    kind: str
    start: int
    end: int
    value: str
    confidence: float
    detector: str
    evidence: str = ""
    allowlisted: bool = False
    related: tuple[int, ...] = ()
    """Indexes into ``history`` of earlier turns that are part of the entity
    (a phone number or address split over several messages)."""


@dataclass(frozen=True, slots=True)
class ScanContext:
    """What a context-aware detector may read besides the message itself."""

    history: "Sequence[Turn]" = ()
    listing: "Listing | None" = None
    role: str = "seller"


@dataclass(frozen=True)
class DetectorConfig:
    """What detectors are told at build time (from the YAML allowlists)."""

    allowed_domains: frozenset[str] = frozenset()
    """Hosts (and their subdomains) that are never off-platform links."""
    lists: dict[str, frozenset[str]] = field(default_factory=dict)
    """Other named lists from allowlist files (e.g. ``carrier_names``)."""

    def host_allowed(self, host: str) -> bool:
        host = host.lower().rstrip(".")
        while host:
            if host in self.allowed_domains:
                return True
            _, _, host = host.partition(".")
        return False


class Detector(ABC):
    """Base class of every detector plugin.

    Subclasses set ``name`` (registry key), ``kinds`` (entity kinds they can
    emit, which rule packs may name) and implement ``detect``.

    A detector that needs the conversation (the listing, earlier turns) sets
    ``uses_context = True`` and overrides ``detect_with_context``; the engine
    then calls that instead of ``detect``, and only when the message has a
    history or a listing (without them it is not called at all).  Everything
    else is unchanged.
    """

    name: ClassVar[str]
    kinds: ClassVar[frozenset[str]]
    uses_context: ClassVar[bool] = False

    def __init__(self, config: DetectorConfig) -> None:
        self.config = config

    @abstractmethod
    def detect(self, views: Views) -> list[Entity]:
        """Entities in the message; spans in the ORIGINAL text."""

    def detect_with_context(self, views: Views, context: ScanContext) -> list[Entity]:
        """Like ``detect`` with the conversation at hand (only if ``uses_context``)."""
        return self.detect(views)

    def quiet(self, text: str, low: str) -> bool:
        """True only when ``detect`` would surely return nothing for a *plain* message.

        Plain: the ``clean`` view is ``text`` itself and every later view is
        ``low`` (the lower-cased text, identity map), as
        :class:`shopguard.prefilter.Prefilter` makes sure.  The prefilter asks
        every detector before it lets a message skip the pipeline, so this
        must be a *necessary* condition of finding anything (typically the
        detector's own early exit).  The default, False, keeps a detector that
        does not implement it always running.
        """
        return False

    # helpers -----------------------------------------------------------------
    def entity(
        self,
        view: MappedText,
        start: int,
        end: int,
        kind: str,
        value: str,
        confidence: float,
        evidence: str = "",
        allowlisted: bool = False,
    ) -> Entity:
        """Build an Entity from a span of ``view``, mapped to the original."""
        s, e = view.span(start, end)
        return Entity(kind, s, e, value, confidence, self.name, evidence, allowlisted)
