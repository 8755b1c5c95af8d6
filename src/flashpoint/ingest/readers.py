"""Source readers: files, folders, globs, archives, feeds, web archives, URLs, stdin.

Readers are registered one way (``flashpoint.ingest.registry``: ``@reader(".txt")``,
``@archive(".zip")``); the built-in modules below register exactly as plugins do.
``read_paths`` yields every Article found, and one InputError per bad item.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

from flashpoint.errors import InputError
from flashpoint.ingest import archives, feeds, formats, warc  # noqa: F401 - register readers
from flashpoint.ingest.options import DEFAULT_FIELDS, ReadOptions
from flashpoint.ingest.registry import READERS, Item, archive, read_source, reader
from flashpoint.ingest.sources import bytes_source, file_source
from flashpoint.ingest.web import Fetcher, is_url

FIELDS = DEFAULT_FIELDS  # kept for callers of the first version
__all__ = ["FIELDS", "READERS", "ReadOptions", "archive", "iter_paths", "read_paths",
           "reader"]


def iter_paths(paths: list[str]) -> Iterator[Path | InputError]:
    """Files named, and files under folders named (recursively, sorted)."""
    for name in paths:
        p = Path(name)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and not any(part.startswith(".")
                                           for part in f.relative_to(p).parts):
                    yield f
        elif p.is_file():
            yield p
        elif any(ch in name for ch in "*?["):
            matches = sorted(Path().glob(name)) if not p.is_absolute() else \
                sorted(Path(p.anchor).glob(str(p.relative_to(p.anchor))))
            if not matches:
                yield InputError(f"{name}: no file matches")
            for m in matches:
                if m.is_dir():
                    yield from iter_paths([str(m)])
                elif m.is_file():
                    yield m
        else:
            yield InputError(f"{name}: no such file or folder")


def read_paths(paths: list[str], *, input_format: str | None = None,
               options: ReadOptions | None = None) -> Iterator[Item]:
    """Every Article in ``paths`` (files, folders, globs, URLs; ``-`` is standard input),
    or an InputError per bad item. Streams: one document in memory at a time."""
    options = options or ReadOptions(input_format=input_format)
    if input_format and not options.input_format:
        options = ReadOptions(**{**vars(options), "input_format": input_format})
    fetcher: Fetcher | None = None
    try:
        for name in paths:
            if name == "-":
                continue
            if is_url(name):
                fetcher = fetcher or Fetcher(options)
                try:
                    source = fetcher.fetch(name)
                except InputError as exc:
                    yield exc
                    continue
                yield from read_source(source, options)
                continue
            for item in iter_paths([name]):
                if isinstance(item, InputError):
                    yield item
                else:
                    yield from read_source(file_source(item), options)
    finally:
        if fetcher:
            fetcher.close()
    if "-" in paths:
        yield from read_stdin(options)


def read_stdin(options: ReadOptions) -> Iterator[Item]:
    data = sys.stdin.read()
    if not data.strip():
        yield InputError("<stdin>: empty input")
        return
    yield from read_source(bytes_source("<stdin>", data.encode("utf-8")), options)
