"""Readers for plain text, HTML and JSON / JSON Lines documents."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from flashpoint.article import Article
from flashpoint.errors import InputError
from flashpoint.ingest.boilerplate import remove_boilerplate
from flashpoint.ingest.extract import article_from_html, decode_html, parse_date
from flashpoint.ingest.options import ReadOptions
from flashpoint.ingest.registry import Item, reader
from flashpoint.ingest.sources import Source, decode_text

JSON_LISTS = ("articles", "results", "data", "items", "docs", "records", "news")


def text_article(text: str, doc: str, **meta: Any) -> Article:
    cleaned = remove_boilerplate(text)
    if not cleaned.strip():
        raise InputError(f"{doc}: no text")
    return Article(doc=doc, text=cleaned, **meta)


@reader(".txt", ".text", "")
def read_txt(source: Source, options: ReadOptions) -> Iterator[Item]:
    text = decode_text(source.read(options.max_bytes), source.name)
    yield text_article(text, source.label, url=source.url)


@reader(".html", ".htm", ".xhtml", ".shtml", ".php", ".asp", ".aspx")
def read_html(source: Source, options: ReadOptions) -> Iterator[Item]:
    html = decode_html(source.read(options.max_bytes), source.name)
    yield article_from_html(html, source.label, url=source.url)


def _scalar(value: Any) -> str | None:
    if isinstance(value, dict):  # {"source": {"name": ...}}
        value = value.get("name") or value.get("title") or value.get("uri")
    if isinstance(value, list) and value:
        value = value[0]
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return str(value).strip() or None
    return None


def _pick(record: dict[str, Any], key: str, options: ReadOptions) -> Any:
    for name in options.field_names(key):
        value = record.get(name)
        if value not in (None, "", [], {}):
            return value
    return None


def article_from_record(record: Any, where: str, options: ReadOptions) -> Article:
    """An Article from one JSON object, its fields found by ``options.fields``."""
    if not isinstance(record, dict):
        raise InputError(f"{where}: expected a JSON object")
    text = _pick(record, "text", options)
    if not isinstance(text, str) or not text.strip():
        raise InputError(f"{where}: record has no text (tried fields "
                         f"{', '.join(options.field_names('text'))})")
    doc = _scalar(_pick(record, "id", options))
    url = _scalar(_pick(record, "url", options))
    meta = {"title": _scalar(_pick(record, "title", options)),
            "date": parse_date(_scalar(_pick(record, "date", options))),
            "url": url, "outlet": _scalar(_pick(record, "outlet", options))}
    if text.lstrip().startswith("<") and "</" in text:  # an HTML body
        article = article_from_html(text, doc or where, url=url)
        article.title = meta["title"] or article.title
        article.date = meta["date"] or article.date
        article.outlet = meta["outlet"] or article.outlet
        return article
    return text_article(text, doc or where, **meta)


def records_from_lines(lines: Iterator[bytes | str], name: str, options: ReadOptions
                       ) -> Iterator[Item]:
    for n, line in enumerate(lines, start=1):
        where = f"{name}:{n}"
        if len(line) > options.max_line_bytes:
            yield InputError(f"{where}: record longer than {options.max_line_bytes} bytes")
            continue
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(f"{where}: invalid JSON: {exc.msg}")
            continue
        except (UnicodeDecodeError, RecursionError) as exc:
            yield InputError(f"{where}: invalid JSON ({type(exc).__name__})")
            continue
        try:
            yield article_from_record(record, where, options)
        except InputError as exc:
            yield exc


def _lines(source: Source, options: ReadOptions) -> Iterator[bytes]:
    """Lines streamed from the source; over-long ones come back truncated to cap + 1."""
    cap = options.max_line_bytes
    with source.open(options.max_archive_bytes) as stream:
        while True:
            line = stream.readline(cap + 1)
            if not line:
                return
            if len(line) > cap and not line.endswith(b"\n"):
                while (rest := stream.readline(cap)) and not rest.endswith(b"\n"):
                    pass  # skip the rest of the over-long line
            yield line


@reader(".jsonl", ".ndjson", ".jsonlines")
def read_jsonl(source: Source, options: ReadOptions) -> Iterator[Item]:
    found = False
    for item in records_from_lines(_lines(source, options), source.label, options):
        found = True
        yield item
    if not found:
        raise InputError(f"{source.name}: empty file")


@reader(".json")
def read_json(source: Source, options: ReadOptions) -> Iterator[Item]:
    text = decode_text(source.read(options.max_bytes), source.name)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{source.name}: invalid JSON: {exc.msg} (line {exc.lineno})") from exc
    except RecursionError as exc:
        raise InputError(f"{source.name}: JSON nested too deeply") from exc
    if isinstance(data, dict):
        items = next((data[k] for k in JSON_LISTS if isinstance(data.get(k), list)), [data])
    elif isinstance(data, list):
        items = data
    else:
        raise InputError(f"{source.name}: expected a JSON object or list")
    for n, record in enumerate(items, start=1):
        try:
            yield article_from_record(record, f"{source.label}[{n}]", options)
        except InputError as exc:
            yield exc
