"""A coded event as the coder builds it, before it becomes an output record."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from flashpoint.actors.model import ActorRef
from flashpoint.events.patterns import Pattern


@dataclass
class CodedEvent:
    sentence_index: int
    sentence_start: int
    sentence_end: int
    trigger: Token
    pattern: Pattern
    source: ActorRef | None  # None only for violence whose perpetrator is not named
    target: ActorRef | None
    mode: str
    mode_reason: str
    matched: list[Token] = field(default_factory=list)
    speech_verb: Token | None = None
    cameo: str = ""  # the code reported: the pattern's, or its statement of intent

    def __post_init__(self) -> None:
        self.cameo = self.cameo or self.pattern.cameo

    @property
    def span(self) -> tuple[int, int]:
        starts = [t.idx for t in self.matched]
        ends = [t.idx + len(t) for t in self.matched]
        if self.source is not None:
            starts.append(self.source.start)
            ends.append(self.source.end)
        if self.target is not None:
            starts.append(self.target.start)
            ends.append(self.target.end)
        return min(starts), max(ends)
