"""Near-duplicate articles (wire copies, reprints, machine-translated copies) → one story.

MinHash over word shingles with an LSH index (datasketch). Shingles come from the text
with boilerplate lines removed, so "Leave a Comment" footers do not split a story. An
article joins the story of its most similar earlier article when either

* estimated Jaccard similarity ≥ ``threshold`` (light edits, reordered paragraphs), or
* estimated containment of the shorter in the longer ≥ ``containment`` (truncated
  copies, copies with extra boilerplate or an added paragraph), provided the shorter
  has at least ``min_shingles`` shingles (a one-line snippet is not evidence).

LSH retrieves candidates at the lower ``candidate_threshold``; the estimates decide.
The shingle count travels with the signature (one extra value) so containment can be
estimated from stored signatures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash, MinHashLSH

from flashpoint.ingest.boilerplate import remove_boilerplate

_WORD = re.compile(r"\w+", re.UNICODE)
# datasketch ≥ 2 needs the hashing scheme when a MinHash is rebuilt from stored values;
# ours are made with its default scheme.
_SCHEME = getattr(MinHash(num_perm=16), "scheme", None)


@dataclass(frozen=True, kw_only=True)
class StoryConfig:
    threshold: float = 0.35  # estimated Jaccard similarity of shingle sets to join a story
    containment: float = 0.7  # share of the shorter article's shingles found in the longer
    min_shingles: int = 20  # shorter article needs this many shingles for containment
    candidate_threshold: float = 0.2  # LSH retrieval threshold (recall of candidates)
    num_perm: int = 128
    shingle: int = 3  # words per shingle

    def __post_init__(self) -> None:
        problems = [f"{name}: must be in (0, 1]" for name in
                    ("threshold", "containment", "candidate_threshold")
                    if not 0 < getattr(self, name) <= 1]
        if self.num_perm < 16 or self.shingle < 1 or self.min_shingles < 1:
            problems.append("num_perm ≥ 16, shingle ≥ 1 and min_shingles ≥ 1 required")
        if problems:
            raise ValueError("invalid story config: " + "; ".join(problems))


@dataclass
class Signature:
    minhash: MinHash
    size: int  # number of distinct shingles


def content_words(text: str) -> list[str]:
    return _WORD.findall(remove_boilerplate(text).lower())


def signature(text: str, config: StoryConfig) -> Signature:
    words = content_words(text)
    k = config.shingle
    shingles = {" ".join(words[i:i + k]) for i in range(max(1, len(words) - k + 1))}
    m = MinHash(num_perm=config.num_perm)
    m.update_batch([s.encode("utf-8") for s in shingles])
    return Signature(m, len(shingles))


def to_bytes(sig: Signature) -> bytes:
    values = np.append(np.asarray(sig.minhash.hashvalues, dtype=np.uint64), np.uint64(sig.size))
    return values.tobytes()


def from_bytes(data: bytes, config: StoryConfig) -> Signature:
    values = np.frombuffer(data, dtype=np.uint64)
    if len(values) == config.num_perm + 1:
        return Signature(_rebuild(values[:-1]), int(values[-1]))
    m = _rebuild(values)  # stored before sizes were kept
    return Signature(m, max(1, round(m.count())))


def _rebuild(values: np.ndarray) -> MinHash:
    if _SCHEME is None:  # datasketch 1.x
        return MinHash(num_perm=len(values), hashvalues=values)
    return MinHash(num_perm=len(values), hashvalues=values, scheme=_SCHEME)


def similarity(a: Signature, b: Signature, config: StoryConfig) -> float:
    """The evidence that a and b are one story, on the scale of the thresholds (≥ 1 joins)."""
    if len(a.minhash.hashvalues) != len(b.minhash.hashvalues):
        return 0.0
    j = a.minhash.jaccard(b.minhash)
    score = j / config.threshold
    small = min(a.size, b.size)
    if small >= config.min_shingles and j > 0:
        inter = j / (1 + j) * (a.size + b.size)
        score = max(score, min(1.0, inter / small) / config.containment)
    return score


class StoryIndex:
    """Assigns each new article to the story of its most similar earlier article."""

    def __init__(self, config: StoryConfig | None = None) -> None:
        self.config = config or StoryConfig()
        self.lsh = MinHashLSH(threshold=min(self.config.candidate_threshold,
                                            self.config.threshold),
                              num_perm=self.config.num_perm)
        self.story_of: dict[str, int] = {}
        self.sigs: dict[str, Signature] = {}

    def __len__(self) -> int:
        return len(self.story_of)

    def add(self, key: str, sig: Signature, story_id: int) -> None:
        if key in self.story_of or len(sig.minhash.hashvalues) != self.config.num_perm:
            return
        self.lsh.insert(key, sig.minhash)
        self.story_of[key] = story_id
        self.sigs[key] = sig

    def match(self, sig: Signature) -> int | None:
        if len(sig.minhash.hashvalues) != self.config.num_perm:
            return None
        best, best_score = None, 1.0
        for key in self.lsh.query(sig.minhash):
            score = similarity(sig, self.sigs[key], self.config)
            if score >= best_score:
                best, best_score = self.story_of[key], score
        return best
