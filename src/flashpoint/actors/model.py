"""What a resolved actor mention looks like."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ActorRef:
    """An actor as found in a document: the words, the code, and why."""

    text: str
    code: str | None
    country: str | None
    sector: str | None
    start: int  # character offsets into the document text
    end: int
    name: str | None = None  # canonical name, for persons
    kind: str = "group"  # person | state | group
    reason: str = ""

    def as_json(self) -> dict[str, str | None]:
        return {"text": self.text, "code": self.code, "country": self.country,
                "sector": self.sector}


def make_code(country: str | None, sector: str | None) -> str | None:
    code = (country or "") + (sector or "")
    return code or None
