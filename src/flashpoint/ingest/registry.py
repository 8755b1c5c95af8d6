"""The reader registry and the one dispatch every source goes through.

A reader is ``fn(source, options) -> Iterator[Article | InputError]`` registered for
suffixes with ``@reader(".txt", ...)``; built-ins register exactly as plugins do.
A reader raises or yields ``InputError`` naming the item; ``read_source`` turns any
other failure into one too, so one bad item never stops a run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from flashpoint.article import Article
from flashpoint.errors import InputError
from flashpoint.ingest.options import ReadOptions
from flashpoint.ingest.sources import CORRUPT, Source, one_line

Item = Article | InputError
Reader = Callable[[Source, ReadOptions], Iterator[Item]]
# An archive reader yields its members as Sources (read in turn), or InputErrors.
ArchiveReader = Callable[[Source, ReadOptions], Iterator[Source | InputError]]
READERS: dict[str, Reader] = {}
ARCHIVES: dict[str, ArchiveReader] = {}  # unwrapped before input_format applies
MAX_DEPTH = 3  # archives inside archives
# HTTP content types → reader suffix, for URLs whose path has no known suffix
CONTENT_TYPES = {
    "text/html": ".html", "application/xhtml+xml": ".html",
    "application/rss+xml": ".rss", "application/atom+xml": ".atom",
    "application/rdf+xml": ".rss", "application/xml": ".rss", "text/xml": ".rss",
    "application/json": ".json", "application/x-ndjson": ".jsonl",
    "application/jsonl": ".jsonl", "text/plain": ".txt",
    "application/warc": ".warc", "application/gzip": ".gz", "application/zip": ".zip",
}


def reader(*suffixes: str) -> Callable[[Reader], Reader]:
    """Register a document reader for file suffixes (".txt", ".rss", ...)."""
    def register(fn: Reader) -> Reader:
        for s in suffixes:
            READERS[s] = fn
        return fn
    return register


def archive(*suffixes: str) -> Callable[[ArchiveReader], ArchiveReader]:
    """Register a reader for containers of other items (".gz", ".zip")."""
    def register(fn: ArchiveReader) -> ArchiveReader:
        for s in suffixes:
            ARCHIVES[s] = fn
        return fn
    return register


def reader_suffix(source: Source, options: ReadOptions) -> str:
    suffix = source.suffix
    if suffix in ARCHIVES:
        return suffix
    if options.input_format:
        return "." + options.input_format.lstrip(".").lower()
    if source.content_type:
        by_type = CONTENT_TYPES.get(source.content_type.split(";")[0].strip().lower())
        if by_type and (by_type != ".txt" or suffix not in READERS):
            return by_type
    return suffix


def read_source(source: Source, options: ReadOptions, depth: int = 0) -> Iterator[Item]:
    """Every Article in ``source``, and an InputError for each bad part of it."""
    if depth > MAX_DEPTH:
        yield InputError(f"{source.name}: archives nested more than {MAX_DEPTH} deep")
        return
    suffix = reader_suffix(source, options)
    try:
        if suffix in ARCHIVES:
            for member in ARCHIVES[suffix](source, options):
                if isinstance(member, InputError):
                    yield member
                else:
                    yield from read_source(member, options, depth + 1)
        else:
            yield from (READERS.get(suffix) or READERS[".txt"])(source, options)
    except InputError as exc:
        yield exc
    except CORRUPT as exc:
        yield InputError(f"{source.name}: corrupt or unreadable: {one_line(exc)}")
    except RecursionError:
        yield InputError(f"{source.name}: too deeply nested to read")
    except Exception as exc:  # a reader bug must not stop the run; reported, not hidden
        yield InputError(f"{source.name}: cannot read ({type(exc).__name__}: {one_line(exc)})")

