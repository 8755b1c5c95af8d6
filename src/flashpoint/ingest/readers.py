"""Source readers, registered one way: each turns one input item into Articles.

A reader is a function ``(path) -> Iterator[Article]`` registered for file
suffixes with ``@reader(".txt", ...)``; built-ins register exactly as plugins do.
Every failure is an ``InputError`` whose message names the item and the problem.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from flashpoint.article import Article
from flashpoint.errors import InputError
from flashpoint.ingest.extract import article_from_html, parse_date

Reader = Callable[[Path], Iterator[Article]]
READERS: dict[str, Reader] = {}
# JSON field names tried in order, covering common news-API dumps
FIELDS = {
    "id": ("id", "doc", "uuid", "guid", "article_id", "url"),
    "text": ("text", "body", "content", "articleBody", "article", "maintext", "description"),
    "title": ("title", "headline", "name"),
    "date": ("date", "published", "published_at", "publishedAt", "pubDate", "date_publish",
             "datePublished", "time"),
    "url": ("url", "link", "source_url"),
    "outlet": ("outlet", "source", "source_name", "site", "publisher", "sitename"),
}


def reader(*suffixes: str) -> Callable[[Reader], Reader]:
    def register(fn: Reader) -> Reader:
        for s in suffixes:
            READERS[s] = fn
        return fn
    return register


def read_text_file(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    if not data.strip():
        raise InputError(f"{path}: empty file")
    if b"\x00" in data[:8192]:
        raise InputError(f"{path}: binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (byte {exc.start})") from exc


@reader(".txt", ".text", "")
def read_txt(path: Path) -> Iterator[Article]:
    text = read_text_file(path)
    yield Article(doc=path.name, text=text)


@reader(".html", ".htm", ".xhtml")
def read_html(path: Path) -> Iterator[Article]:
    yield article_from_html(read_text_file(path), path.name)


def _pick(record: dict[str, Any], key: str) -> Any:
    for name in FIELDS[key]:
        value = record.get(name)
        if value not in (None, ""):
            if isinstance(value, dict):  # {"source": {"name": ...}}
                value = value.get("name") or value.get("title")
            return value
    return None


def article_from_record(record: Any, where: str) -> Article:
    if not isinstance(record, dict):
        raise InputError(f"{where}: expected a JSON object")
    text = _pick(record, "text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(f"{where}: record has no text")
    doc = _pick(record, "id")
    return Article(doc=str(doc) if doc is not None else where, text=text,
                   title=_pick(record, "title"), date=parse_date(_pick(record, "date")),
                   url=_pick(record, "url"), outlet=_pick(record, "outlet"))


def records_from_lines(lines: Iterator[str], name: str) -> Iterator[Article | InputError]:
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(f"{name}:{n}: invalid JSON: {exc.msg}")
            continue
        try:
            yield article_from_record(record, f"{name}:{n}")
        except InputError as exc:
            yield exc


@reader(".jsonl", ".ndjson")
def read_jsonl(path: Path) -> Iterator[Article | InputError]:  # type: ignore[misc]
    text = read_text_file(path)
    yield from records_from_lines(iter(text.splitlines()), path.name)


@reader(".json")
def read_json(path: Path) -> Iterator[Article | InputError]:  # type: ignore[misc]
    text = read_text_file(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: invalid JSON: {exc.msg} (line {exc.lineno})") from exc
    if isinstance(data, dict):
        items = next((data[k] for k in ("articles", "results", "data", "items", "docs")
                      if isinstance(data.get(k), list)), [data])
    elif isinstance(data, list):
        items = data
    else:
        raise InputError(f"{path}: expected a JSON object or list")
    for n, record in enumerate(items, start=1):
        try:
            yield article_from_record(record, f"{path.name}[{n}]")
        except InputError as exc:
            yield exc


def iter_paths(paths: list[str]) -> Iterator[Path | InputError]:
    """Files named, and files under folders named (recursively, sorted)."""
    for name in paths:
        p = Path(name)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and not f.name.startswith("."):
                    yield f
        elif p.is_file():
            yield p
        elif any(ch in name for ch in "*?["):
            matches = sorted(Path().glob(name))
            if not matches:
                yield InputError(f"{name}: no file matches")
            yield from (m for m in matches if m.is_file())
        else:
            yield InputError(f"{name}: no such file or folder")


def read_paths(paths: list[str], *, input_format: str | None = None
               ) -> Iterator[Article | InputError]:
    """Every Article in ``paths`` (``-`` is standard input), or an InputError per bad item."""
    for item in iter_paths([p for p in paths if p != "-"]):
        if isinstance(item, InputError):
            yield item
            continue
        suffix = "." + input_format if input_format else item.suffix.lower()
        fn = READERS.get(suffix, read_txt)
        try:
            yield from fn(item)
        except InputError as exc:
            yield exc
    if "-" in paths:
        data = sys.stdin.read()
        if input_format == "jsonl":
            yield from records_from_lines(iter(data.splitlines()), "<stdin>")
        elif data.strip():
            yield Article(doc="<stdin>", text=data)
        else:
            yield InputError("<stdin>: empty input")
