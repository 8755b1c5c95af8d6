"""Ingest: stream sources → skip known articles → stories → parse in batches → store.

Identity is checked before parsing, in batches of ``HASH_BATCH`` (one query each), so
re-ingesting an unchanged corpus costs a read, a hash and a lookup per article; the
spaCy pipeline and the story index are loaded only once a new article turns up.
Nothing is held in memory beyond one read batch and one parse batch (plus the story
index's signatures); each article is stored in its own transaction, so an interrupted
ingest stores nothing partial and a re-run resumes where it stopped.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import chain, islice

from flashpoint.article import Article
from flashpoint.errors import FlashpointError, InputError
from flashpoint.ingest.options import ReadOptions
from flashpoint.ingest.parsing import Coder
from flashpoint.ingest.readers import read_paths
from flashpoint.ingest.stories import StoryConfig, StoryIndex, from_bytes, signature, to_bytes
from flashpoint.store import Store
from flashpoint.store.database import ArticleWriter

HASH_BATCH = 256  # articles whose identity is checked with one query


@dataclass
class IngestSummary:
    read: int = 0
    new: int = 0
    unchanged: int = 0
    failed: int = 0
    not_coded: int = 0  # stored but not coded (not English)
    events: int = 0
    quotes: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)

    @property
    def articles_per_second(self) -> float:
        return self.read / self.seconds if self.seconds else 0.0


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
               else os.cpu_count() or 1)


def _batches(items: Iterator[Article | InputError], size: int
             ) -> Iterator[list[Article | InputError]]:
    while batch := list(islice(items, size)):
        yield batch


def ingest(paths: list[str], store: Store, *, model: str | None = None,
           workers: int | None = None, batch_size: int = 32,
           input_format: str | None = None, story_config: StoryConfig | None = None,
           read_options: ReadOptions | None = None,
           on_progress: Callable[[IngestSummary], None] | None = None,
           on_error: Callable[[str], None] | None = None) -> IngestSummary:
    started = time.perf_counter()
    summary = IngestSummary()
    config = story_config or StoryConfig()
    stories: StoryIndex | None = None
    pending: set[str] = set()  # hashes read but not yet stored

    def fail(message: str) -> None:
        summary.failed += 1
        summary.errors.append(message)
        if on_error:
            on_error(message)

    def progress() -> None:
        if on_progress:
            on_progress(summary)

    def story_index() -> StoryIndex:
        nonlocal stories
        if stories is None:
            stories = StoryIndex(config)
            for key, story_id, sig in store.signatures():
                stories.add(key, from_bytes(sig, config), story_id)
        return stories

    def unknown() -> Iterator[Article]:
        items = read_paths(paths, input_format=input_format, options=read_options)
        for batch in _batches(items, HASH_BATCH):
            articles = [a for a in batch if isinstance(a, Article)]
            known = store.known_hashes({a.hash for a in articles}) if articles else set()
            for item in batch:
                if isinstance(item, InputError):
                    fail(str(item))
                    continue
                summary.read += 1
                h = item.hash
                if h in known or h in pending:
                    summary.unchanged += 1
                    progress()
                    continue
                pending.add(h)
                yield item

    def _store(article: Article, records: list[dict], *, coded: bool = True,
               writer: ArticleWriter | None = None) -> None:
        index = story_index()
        sig = signature(article.text, config)
        story = index.match(sig)
        pending.discard(article.hash)
        add = writer.add if writer is not None else store.add_article
        try:
            added = add(article, records, coded=coded, story_id=story,
                        signature=to_bytes(sig))
        except FlashpointError as exc:
            fail(str(exc))
            return
        if added is None:
            summary.unchanged += 1
        else:
            index.add(article.hash, sig, added[1])
            summary.new += 1
            summary.not_coded += 0 if coded else 1
            summary.events += sum(r["type"] == "event" for r in records)
            summary.quotes += sum(r["type"] == "quote" for r in records)
        progress()

    todo = unknown()
    first = next(todo, None)
    if first is not None:  # load the model only when there is something new to parse
        with Coder(model, workers or default_workers()) as coder:
            batches = _batches(chain([first], todo), batch_size)
            # one commit per batch, one savepoint per article: fast, and still
            # all-or-nothing for each article
            for batch, results in coder.code(batches):  # type: ignore[arg-type]
                try:
                    with store.writer() as writer:
                        for article, (lang, records) in zip(batch, results, strict=True):
                            article.lang = article.lang or lang
                            _store(article, records or [], coded=records is not None,
                                   writer=writer)
                except FlashpointError as exc:
                    fail(str(exc))
    summary.seconds = time.perf_counter() - started
    return summary
