"""Story clustering: pairwise precision and recall on a reprint set built from the
bundled sample articles.

Each sample article gets reprints: site boilerplate added, truncated to 40%, lightly
edited (about one word in twelve changed), paragraphs re-ordered, and boilerplate plus
truncation together. The samples include articles on the same topics that are not
reprints of each other (negatives) and three reprints already (same gold story).

    .venv/bin/python bench/stories.py
"""

from __future__ import annotations

import itertools
import json
import random
import sys
from collections.abc import Callable
from importlib import resources

from flashpoint.ingest.boilerplate import remove_boilerplate  # noqa: F401 - documented pass
from flashpoint.ingest.stories import StoryConfig, StoryIndex, signature

# reprints already among the samples: (reprint, original)
SAME_STORY = {"fp-2026-0325": "fp-2026-0302", "fp-2026-0327": "fp-2026-0322",
              "fp-2026-0328": "fp-2026-0305", "fp-2026-0326": "fp-2026-0316"}
HEADER = ["Skip to main content", "Advertisement", "Share this article"]
FOOTER = ["Read more", "Leave a Comment", "Share on Facebook", "Twitter | Email | Print",
          "We use cookies to give you the best experience. By continuing to use this site "
          "you accept our cookie policy.", "Sign up for our daily newsletter",
          "Copyright 2026 Reprint Network. All rights reserved.", "Related: Markets today"]
EDITS = {"said": "stated", "on": "on", "the": "the", "Tuesday": "Tues.", "officials":
         "authorities", "minister": "Minister", "told": "informed", "would": "will"}


def load_samples() -> list[dict[str, str]]:
    path = resources.files("flashpoint") / "data" / "sample" / "articles.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def boilerplate(text: str, rng: random.Random) -> str:
    return "\n\n".join([*rng.sample(HEADER, 2), text, *rng.sample(FOOTER, 4)])


def truncate(text: str, rng: random.Random, share: float = 0.4) -> str:
    words = text.split(" ")
    return " ".join(words[:int(len(words) * share)]) + " …"


def edit(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    for i in range(rng.randrange(6), len(words), 12):
        w = words[i]
        words[i] = EDITS.get(w, w.upper() if rng.random() < 0.5 else "")
    return " ".join(w for w in words if w)


def reorder(text: str, rng: random.Random) -> str:
    paras = text.split("\n\n")
    rng.shuffle(paras)
    return "\n\n".join(paras)


VARIANTS: dict[str, Callable[[str, random.Random], str]] = {
    "boilerplate": boilerplate, "truncated": truncate, "edited": edit,
    "reordered": reorder,
    "boilerplate+truncated": lambda t, r: boilerplate(truncate(t, r), r),
}


def build(seed: int = 7) -> list[tuple[str, str, str]]:
    """(doc id, gold story, text) in a shuffled order, originals first."""
    rng = random.Random(seed)
    samples = load_samples()
    items = [(s["id"], SAME_STORY.get(s["id"], s["id"]), s["text"]) for s in samples]
    reprints = [(f"{s['id']}/{name}", SAME_STORY.get(s["id"], s["id"]), fn(s["text"], rng))
                for s in samples for name, fn in VARIANTS.items()]
    rng.shuffle(reprints)
    return items + reprints


def cluster(items: list[tuple[str, str, str]], config: StoryConfig) -> dict[str, int]:
    index = StoryIndex(config)
    story_of: dict[str, int] = {}
    for n, (doc, _gold, text) in enumerate(items):
        sig = signature(text, config)
        story = index.match(sig)
        story_of[doc] = n if story is None else story
        index.add(doc, sig, story_of[doc])
    return story_of


def pairwise(items: list[tuple[str, str, str]], story_of: dict[str, int]
             ) -> tuple[float, float]:
    tp = fp = fn = 0
    for (a, ga, _), (b, gb, _) in itertools.combinations(items, 2):
        same_pred, same_gold = story_of[a] == story_of[b], ga == gb
        tp += same_pred and same_gold
        fp += same_pred and not same_gold
        fn += same_gold and not same_pred
    return tp / (tp + fp) if tp + fp else 1.0, tp / (tp + fn) if tp + fn else 1.0


def main() -> int:
    items = build()
    stories = len({g for _, g, _ in items})
    print(f"{len(items)} articles in {stories} gold stories "
          f"({len(VARIANTS)} reprint kinds per sample)")
    configs = {"flashpoint (Jaccard or containment)": StoryConfig(),
               "Jaccard only (threshold 0.5, old)": StoryConfig(
                   threshold=0.5, containment=1.0, min_shingles=10**9)}
    for name, config in configs.items():
        p, r = pairwise(items, cluster(items, config))
        f = 2 * p * r / (p + r) if p + r else 0.0
        print(f"{name:38s} pairwise precision {p:.3f}  recall {r:.3f}  F1 {f:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
