"""Clean text, title and date from HTML (trafilatura, htmldate); language from text."""

from __future__ import annotations

import codecs
import re
from datetime import date

import py3langid
import trafilatura
from htmldate import find_date

from flashpoint.article import Article
from flashpoint.errors import InputError
from flashpoint.ingest.boilerplate import remove_boilerplate
from flashpoint.ingest.sources import one_line

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.I)


def detect_language(text: str) -> str | None:
    """ISO 639-1 code from py3langid's bundled model (offline); None for too little text."""
    sample = text[:2000]
    if len(sample.split()) < 3:
        return None
    lang, _score = py3langid.classify(sample)
    return str(lang)


def parse_date(value: object) -> date | None:
    if isinstance(value, date):
        return value
    if not value or not isinstance(value, str | int | float):
        return None
    s = str(value).strip()
    try:
        return date.fromisoformat(s[:10])
    except ValueError:
        pass
    try:
        from dateutil import parser as dateparser

        return dateparser.parse(s, fuzzy=True).date()
    except (ValueError, OverflowError, ImportError, TypeError):
        return None


def decode_html(data: bytes, name: str) -> str:
    """HTML bytes as text: UTF-8, else the declared charset, else cp1252 (lossy)."""
    if not data.strip():
        raise InputError(f"{name}: empty file")
    if b"\x00" in data[:8192] and data[:2] not in (b"\xff\xfe", b"\xfe\xff"):
        raise InputError(f"{name}: binary file, not HTML")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    m = _CHARSET.search(data[:4096])
    encoding = "cp1252"
    if m:
        try:
            encoding = codecs.lookup(m.group(1).decode("ascii")).name
        except (LookupError, UnicodeDecodeError):
            encoding = "cp1252"
    return data.decode(encoding, errors="replace")


def article_from_html(html: str, doc: str, *, url: str | None = None) -> Article:
    """Main text, title and publication date of a web page, with site boilerplate removed.

    trafilatura runs with its default (balanced) settings, which scored best on the
    extraction benchmark (docs/ingestion.md); our boilerplate pass runs on its output.
    """
    if not html.strip():
        raise InputError(f"{doc}: empty file")
    try:
        extracted = trafilatura.bare_extraction(html, url=url, with_metadata=True,
                                                include_comments=False, include_tables=False)
    except (ValueError, TypeError, AttributeError, RecursionError, LookupError) as exc:
        raise InputError(f"{doc}: malformed HTML: {one_line(exc)}") from exc
    if extracted is None:
        raise InputError(f"{doc}: no article text found in the HTML")
    data = extracted.as_dict() if hasattr(extracted, "as_dict") else dict(extracted)
    text = remove_boilerplate(data.get("text") or "")
    if not text.strip():
        raise InputError(f"{doc}: no article text found in the HTML")
    day = None
    try:
        day = parse_date(find_date(html, url=url, extensive_search=False, original_date=True))
    except (ValueError, TypeError, AttributeError, RecursionError):
        day = None
    day = day or parse_date(data.get("date"))
    return Article(doc=doc, text=text, title=data.get("title"), date=day,
                   url=url or data.get("url"), outlet=data.get("sitename"))
