"""Story clustering and boilerplate removal."""

from __future__ import annotations

import pytest

from flashpoint.ingest.boilerplate import remove_boilerplate
from flashpoint.ingest.stories import (
    StoryConfig,
    StoryIndex,
    from_bytes,
    signature,
    to_bytes,
)

PARAS = [
    "North Korea fired two short-range ballistic missiles into the sea off its east coast "
    "on Tuesday, South Korea's military said, the first such launch in several months.",
    "The missiles flew about 600 kilometres before falling into the waters between the "
    "Korean Peninsula and Japan, the Joint Chiefs of Staff said in a statement.",
    "South Korean Defence Minister Park Ji-hoon condemned the launch as a clear violation "
    "of United Nations Security Council resolutions and called for restraint.",
    "Japan's prime minister said Tokyo had lodged a protest through diplomatic channels "
    "in Beijing and would coordinate closely with Washington and Seoul.",
]
ORIGINAL = "\n\n".join(PARAS)
OTHER = ("South Korea sent 5,000 tonnes of rice to North Korea on Friday in a goodwill "
         "gesture, the unification ministry said, weeks after the two sides agreed to a "
         "ceasefire along the border and restored a military hotline between them.")


def story_of(texts: list[str], config: StoryConfig | None = None) -> list[int]:
    index = StoryIndex(config)
    out = []
    for n, text in enumerate(texts):
        sig = signature(text, index.config)
        story = index.match(sig)
        out.append(n if story is None else story)
        index.add(str(n), sig, out[-1])
    return out


@pytest.mark.parametrize("reprint", [
    "Skip to main content\n" + ORIGINAL + "\nLeave a Comment\nShare this:\nRead more",
    "\n\n".join(PARAS[:2]),  # truncated to half
    ORIGINAL.replace("said", "stated").replace("Tuesday", "Tues."),  # light edits
    "\n\n".join(reversed(PARAS)),  # paragraphs re-ordered
])
def test_reprints_join_the_story(reprint: str) -> None:
    assert story_of([ORIGINAL, OTHER, reprint]) == [0, 1, 0]


def test_same_topic_different_article_is_a_new_story() -> None:
    assert story_of([ORIGINAL, OTHER]) == [0, 1]


def test_thresholds_are_configurable_and_checked() -> None:
    truncated = "\n\n".join(PARAS[:2])
    strict = StoryConfig(threshold=0.9, containment=1.0, min_shingles=10**6)
    assert story_of([ORIGINAL, truncated], strict) == [0, 1]
    with pytest.raises(ValueError, match="threshold"):
        StoryConfig(threshold=0)


def test_signature_round_trip_keeps_size() -> None:
    config = StoryConfig()
    sig = signature(ORIGINAL, config)
    back = from_bytes(to_bytes(sig), config)
    assert back.size == sig.size and back.minhash.jaccard(sig.minhash) == 1.0
    old = from_bytes(to_bytes(sig)[:-8], config)  # stored before sizes were kept
    assert old.size > 0


def test_boilerplate_removed_quotes_kept() -> None:
    text = ("Share on Facebook\nThe minister said “we will not back down”. Read more »\n"
            "We use cookies to improve your experience on this website.\n"
            "3 Comments\nRelated: Korea talks stall\nAdvertisement\n"
            "He said 'the comments were unhelpful' and left.\nFollow us on Twitter")
    assert remove_boilerplate(text) == ("The minister said “we will not back down”.\n"
                                        "He said 'the comments were unhelpful' and left.")


def test_long_lines_are_never_boilerplate() -> None:
    line = ("Read more about the talks: officials from both governments met for six hours "
            "on Tuesday in the border village and agreed to meet again next month.")
    assert remove_boilerplate(line) == line
