"""Coding articles in worker processes for ingest.

Each worker loads the pipeline once (inherited from the parent where the platform
forks), identifies the language, parses and codes a batch of articles, and sends back
only the language and the plain output records. Docs never cross a process boundary:
serialising them cost the parent more than a third of its time, and the parent is the
one process that also reads, deduplicates and stores.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from flashpoint.article import Article
from flashpoint.ingest.extract import detect_language
from flashpoint.nlp import load_pipeline
from flashpoint.records import Record, doc_records

CODED_LANGUAGES = frozenset({"en"})
# what a worker gets per article, and what it sends back
Job = tuple[str, str, date | None, str | None]  # doc id, text, date, language if known
Result = tuple[str | None, list[Record] | None]  # language, records (None: not coded)

_NLP: Any = None  # this process's pipeline (set by _init)


def _init(model: str | None) -> None:
    global _NLP
    if _NLP is None:  # a forked worker already has the parent's
        _NLP = load_pipeline(model)


def code_batch(jobs: list[Job]) -> list[Result]:
    """Language and records for each job; articles not in a coded language are not
    parsed."""
    nlp = _NLP
    out: list[Result] = [(None, None)] * len(jobs)
    todo = []
    for n, (doc_id, text, day, lang) in enumerate(jobs):
        lang = lang or detect_language(text)
        if lang is not None and lang not in CODED_LANGUAGES:
            out[n] = (lang, None)
            continue
        doc = nlp.make_doc(text)
        doc._.date = day
        todo.append((n, doc_id, lang, doc))
    for (n, doc_id, lang, _), doc in zip(todo, nlp.pipe(d for *_, d in todo),
                                         strict=True):
        out[n] = (lang, doc_records(doc_id, doc))
    return out


class Coder:
    """Codes batches of articles in order, in ``workers`` processes (or this one)."""

    def __init__(self, model: str | None, workers: int) -> None:
        global _NLP
        _NLP = None
        _init(model)  # once here: forked workers inherit it
        self.pool: Any = None
        self.ahead = 2 * workers  # batches in flight
        if workers > 1:
            methods = multiprocessing.get_all_start_methods()
            ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
            self.pool = ctx.Pool(workers, initializer=_init, initargs=(model,))

    def __enter__(self) -> Coder:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()

    def code(self, batches: Iterable[list[Article]]
             ) -> Iterator[tuple[list[Article], list[Result]]]:
        """(batch, results) in input order. The input is consumed in this thread only,
        so readers and store lookups behind it never run in another thread."""
        if self.pool is None:
            for batch in batches:
                yield batch, code_batch(_jobs(batch))
            return
        pending: deque[tuple[list[Article], Any]] = deque()
        for batch in batches:
            pending.append((batch, self.pool.apply_async(code_batch, (_jobs(batch),))))
            while len(pending) > self.ahead:
                done, result = pending.popleft()
                yield done, result.get()
        while pending:
            done, result = pending.popleft()
            yield done, result.get()


def _jobs(batch: list[Article]) -> list[Job]:
    return [(a.doc, a.text, a.date, a.lang) for a in batch]
