"""An article as read from a source, before it is parsed: text, metadata and identity."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

import ftfy

# quotation marks garbled by an old double re-encoding (seen in archived wire copy); ftfy
# repairs the common kinds of mojibake (â€™, Ã©) but not this one
_OLD_MOJIBAKE = {"ÇƒÙ": "’", "ÇƒÚ": "‘", "Çƒ˙": "“", "Çƒ˘": "”"}
_OLD_MOJIBAKE_RE = re.compile("|".join(map(re.escape, _OLD_MOJIBAKE)))
_MAYBE_MOJIBAKE = re.compile("[ÂÃâÅ][\u0080-\u00ff\u2000-\u203a]")
_SPACE = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_LINES = re.compile(r"\n{3,}")


def normalise_text(text: str) -> str:
    """Mojibake repaired, Unicode NFC, unified spaces, at most one blank line; quotation
    marks are kept as written (curly stays curly)."""
    text = _OLD_MOJIBAKE_RE.sub(lambda m: _OLD_MOJIBAKE[m.group(0)], text)
    if _MAYBE_MOJIBAKE.search(text):
        text = ftfy.fix_text(text, uncurl_quotes=False, fix_latin_ligatures=False,
                             fix_character_width=False, normalization="NFC")
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\ufeff", "").replace("\u00ad", "")
    lines = [_SPACE.sub(" ", line).strip() for line in text.split("\n")]
    return _LINES.sub("\n\n", "\n".join(lines)).strip()


def text_hash(text: str) -> str:
    """Identity of an article: the hash of its normalised text, case and spacing folded."""
    folded = " ".join(text.lower().split())
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


@dataclass
class Article:
    doc: str  # file name or record id: what the output's "doc" field says
    text: str
    title: str | None = None
    date: date | None = None
    url: str | None = None
    outlet: str | None = None
    lang: str | None = None
    extra: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.text = normalise_text(self.text)

    @property
    def hash(self) -> str:
        return text_hash(self.text)
