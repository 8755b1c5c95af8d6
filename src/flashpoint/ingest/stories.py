"""Near-duplicate articles (wire copies, reprints, machine-translated copies) → one story.

MinHash over word shingles with an LSH index (datasketch). Shingles come from the
text with boilerplate lines dropped, so "Leave a Comment" footers do not split a
story; Jaccard similarity tolerates truncation, light edits and reordered paragraphs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash, MinHashLSH

_WORD = re.compile(r"\w+", re.UNICODE)
BOILERPLATE = re.compile(
    r"^(leave a (comment|reply)|share (this|on)|read more|related:|advertisement|"
    r"sign up|subscribe|click here|follow us|copyright|all rights reserved|cookie|"
    r"we use cookies|comments?$|print$|email$|tweet$)", re.I)


@dataclass(frozen=True)
class StoryConfig:
    threshold: float = 0.5  # estimated Jaccard similarity of shingles to join a story
    num_perm: int = 128
    shingle: int = 3  # words per shingle


def content_words(text: str) -> list[str]:
    lines = [ln for ln in text.splitlines() if not BOILERPLATE.match(ln.strip())]
    return _WORD.findall(" ".join(lines).lower())


def signature(text: str, config: StoryConfig) -> MinHash:
    words = content_words(text)
    k = config.shingle
    shingles = {" ".join(words[i:i + k]) for i in range(max(1, len(words) - k + 1))}
    m = MinHash(num_perm=config.num_perm)
    m.update_batch([s.encode("utf-8") for s in shingles])
    return m


def to_bytes(m: MinHash) -> bytes:
    return np.asarray(m.hashvalues, dtype=np.uint64).tobytes()


def from_bytes(data: bytes, config: StoryConfig) -> MinHash:
    values = np.frombuffer(data, dtype=np.uint64)
    return MinHash(num_perm=len(values), hashvalues=values)


class StoryIndex:
    """Assigns each new article to the story of its most similar earlier article."""

    def __init__(self, config: StoryConfig | None = None) -> None:
        self.config = config or StoryConfig()
        self.lsh = MinHashLSH(threshold=self.config.threshold, num_perm=self.config.num_perm)
        self.story_of: dict[str, int] = {}
        self.sigs: dict[str, MinHash] = {}

    def add(self, key: str, sig: MinHash, story_id: int) -> None:
        if key in self.story_of:
            return
        self.lsh.insert(key, sig)
        self.story_of[key] = story_id
        self.sigs[key] = sig

    def match(self, sig: MinHash) -> int | None:
        best, best_sim = None, 0.0
        for key in self.lsh.query(sig):
            sim = sig.jaccard(self.sigs[key])
            if sim >= self.config.threshold and sim > best_sim:
                best, best_sim = self.story_of[key], sim
        return best
