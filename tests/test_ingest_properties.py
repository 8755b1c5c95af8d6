"""Property tests: random bytes and random HTML through every reader yield Articles or
InputErrors, never anything else, and never raise."""

from __future__ import annotations

import gzip

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flashpoint.article import Article
from flashpoint.errors import InputError
from flashpoint.ingest.options import ReadOptions
from flashpoint.ingest.readers import READERS
from flashpoint.ingest.registry import ARCHIVES, read_source
from flashpoint.ingest.sources import bytes_source

SUFFIXES = sorted(set(READERS) | set(ARCHIVES))
OPTIONS = ReadOptions(max_bytes=200_000, max_archive_bytes=1_000_000)
FAST = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])


def check(name: str, data: bytes) -> None:
    for item in read_source(bytes_source(name, data), OPTIONS):
        assert isinstance(item, Article | InputError), item
        if isinstance(item, InputError):
            assert "\n" not in str(item)
        else:
            assert item.text.strip()


@FAST
@given(st.sampled_from(SUFFIXES), st.binary(max_size=2000))
def test_random_bytes(suffix: str, data: bytes) -> None:
    check("item" + suffix, data)


@FAST
@given(st.sampled_from([".gz", ".zip", ".warc", ".jsonl"]), st.binary(max_size=500))
def test_random_bytes_behind_valid_magic(suffix: str, data: bytes) -> None:
    head = {".gz": b"\x1f\x8b\x08\x00", ".zip": b"PK\x03\x04", ".warc": b"WARC/1.0\r\n",
            ".jsonl": b'{"text": "'}[suffix]
    check("item" + suffix, head + data)
    check("item.txt.gz", gzip.compress(data))


TAGS = st.sampled_from(["p", "div", "article", "span", "script", "style", "h1", "title",
                        "table", "td", "li", "a", "meta", "br", "html", "body", "head"])
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)


@st.composite
def html(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 30))):
        tag = draw(TAGS)
        kind = draw(st.integers(0, 3))
        parts.append(f"<{tag}>" if kind == 0 else f"</{tag}>" if kind == 1
                     else f"<{tag} class='{draw(TEXT)}'>{draw(TEXT)}" if kind == 2
                     else draw(TEXT))
    return "".join(parts)


@FAST
@given(st.sampled_from([".html", ".rss", ".atom", ".json", ".txt"]), html())
def test_random_html(suffix: str, page: str) -> None:
    check("page" + suffix, page.encode("utf-8"))
