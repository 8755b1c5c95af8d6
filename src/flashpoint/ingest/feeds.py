"""RSS and Atom feeds (feedparser): one Article per entry, from its content or summary,
with the entry's title, link, date and the feed's title as outlet. With
``follow_feed_links`` each entry's page is fetched and extracted instead."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import feedparser
import lxml.html
from lxml import etree

from flashpoint.errors import InputError
from flashpoint.ingest.extract import article_from_html, decode_html
from flashpoint.ingest.formats import text_article
from flashpoint.ingest.options import ReadOptions
from flashpoint.ingest.registry import Item, reader
from flashpoint.ingest.sources import Source, one_line
from flashpoint.ingest.web import Fetcher, is_url

_BLOCK = re.compile(r"(?i)<\s*(br|/p|/div|/li|/h[1-6]|/blockquote)\b[^>]*>")


def html_fragment_text(fragment: str) -> str:
    """Text of an HTML snippet (feed content), one line per block."""
    if "<" not in fragment:
        return fragment
    marked = _BLOCK.sub(lambda m: m.group(0) + "\n", fragment)
    try:
        root = lxml.html.fragment_fromstring(marked, create_parent="div")
    except (etree.ParserError, ValueError):
        return re.sub(r"<[^>]*>", " ", fragment)
    for bad in root.xpath(".//script|.//style"):
        bad.drop_tree()
    return str(root.text_content())


def _entry_date(entry: Any) -> date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            try:
                return date(value.tm_year, value.tm_mon, value.tm_mday)
            except (ValueError, AttributeError):
                continue
    return None


def _entry_text(entry: Any) -> str:
    for content in entry.get("content") or []:
        value = content.get("value") if isinstance(content, dict) else None
        if value and value.strip():
            return html_fragment_text(value)
    return html_fragment_text(entry.get("summary") or entry.get("description") or "")


@reader(".rss", ".atom", ".rdf", ".xml", ".feed")
def read_feed(source: Source, options: ReadOptions) -> Iterator[Item]:
    data = source.read(options.max_bytes)
    if not data.strip():
        raise InputError(f"{source.name}: empty file")
    parsed = feedparser.parse(data)  # bytes: feedparser never opens a URL or file here
    entries = parsed.get("entries") or []
    if not entries:
        problem = parsed.get("bozo_exception")
        detail = f": {one_line(problem)}" if problem else ""
        raise InputError(f"{source.name}: not an RSS/Atom feed, or no entries{detail}")
    outlet = (parsed.get("feed") or {}).get("title") or None
    fetcher = Fetcher(options) if options.follow_feed_links else None
    try:
        for n, entry in enumerate(entries, start=1):
            where = str(entry.get("id") or entry.get("link") or f"{source.label}[{n}]")
            try:
                yield _entry_article(entry, where, outlet, fetcher, options)
            except InputError as exc:
                yield exc
    finally:
        if fetcher:
            fetcher.close()


def _entry_article(entry: Any, where: str, outlet: str | None, fetcher: Fetcher | None,
                   options: ReadOptions) -> Item:
    link = entry.get("link") or None
    title = entry.get("title") or None
    day = _entry_date(entry)
    if fetcher and link and is_url(link):
        page = fetcher.fetch(link)
        article = article_from_html(decode_html(page.read(options.max_bytes), link), where,
                                    url=page.url or link)
        article.title = title or article.title
        article.date = day or article.date
        article.outlet = outlet or article.outlet
        return article
    text = _entry_text(entry)
    if not text.strip():
        raise InputError(f"{where}: feed entry has no text")
    return text_article(text, where, title=title, date=day, url=link, outlet=outlet)
