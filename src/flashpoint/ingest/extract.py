"""Clean text, title and date from HTML (trafilatura, htmldate); language from text."""

from __future__ import annotations

from datetime import date

import py3langid
import trafilatura
from htmldate import find_date

from flashpoint.article import Article
from flashpoint.errors import InputError


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
    if not value:
        return None
    s = str(value).strip()
    try:
        return date.fromisoformat(s[:10])
    except ValueError:
        pass
    try:
        from dateutil import parser as dateparser

        return dateparser.parse(s, fuzzy=True).date()
    except (ValueError, OverflowError, ImportError):
        return None


def article_from_html(html: str, doc: str, *, url: str | None = None) -> Article:
    """Main text, title and publication date of a web page."""
    if not html.strip():
        raise InputError(f"{doc}: empty file")
    extracted = trafilatura.bare_extraction(html, url=url, with_metadata=True,
                                            include_comments=False, include_tables=False,
                                            favor_precision=True)
    if extracted is None:
        raise InputError(f"{doc}: no article text found in the HTML")
    data = extracted.as_dict() if hasattr(extracted, "as_dict") else dict(extracted)
    text = data.get("text") or ""
    if not text.strip():
        raise InputError(f"{doc}: no article text found in the HTML")
    day = None
    try:
        found = find_date(html, url=url, extensive_search=False, original_date=True)
        day = parse_date(found)
    except (ValueError, TypeError):
        day = None
    day = day or parse_date(data.get("date"))
    return Article(doc=doc, text=text, title=data.get("title"), date=day,
                   url=url or data.get("url"), outlet=data.get("sitename"))
