"""ReadOptions: every reader setting, checked in one place (keyword-only)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

# JSON field names tried in order, covering common news-API dumps (NewsAPI, GDELT
# DOC, news-please, Common Crawl news extracts, Event Registry).
DEFAULT_FIELDS: dict[str, tuple[str, ...]] = {
    "id": ("id", "doc", "uuid", "guid", "article_id", "url"),
    "text": ("text", "body", "content", "articleBody", "article", "maintext", "description"),
    "title": ("title", "headline", "name"),
    "date": ("date", "published", "published_at", "publishedAt", "pubDate", "date_publish",
             "datePublished", "dateTime", "time"),
    "url": ("url", "link", "source_url"),
    "outlet": ("outlet", "source", "source_name", "site", "publisher", "sitename"),
}
USER_AGENT = "flashpoint/0.1 (+https://example.invalid/flashpoint)"
MiB = 1024 * 1024


@dataclass(frozen=True, kw_only=True)
class ReadOptions:
    """How sources are read. Construct with keywords only; bad values raise ValueError."""

    input_format: str | None = None  # treat every input as this suffix (jsonl, html, ...)
    # JSON field names: {"text": ("body",)} replaces the names tried for "text"
    fields: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    max_bytes: int = 32 * MiB  # one document read whole (file, archive member, download)
    max_archive_bytes: int = 2048 * MiB  # everything decompressed from one archive
    max_members: int = 100_000  # files in one zip
    max_line_bytes: int = 8 * MiB  # one JSONL record
    timeout: float = 20.0  # seconds per HTTP request
    retries: int = 2  # extra HTTP attempts on timeouts, 429 and 5xx
    backoff: float = 0.5  # seconds before the first retry; doubles each time
    user_agent: str = USER_AGENT
    respect_robots: bool = True
    follow_feed_links: bool = False  # fetch each feed entry's page instead of its summary
    transport: Any = None  # an httpx transport (tests use httpx.MockTransport)

    def __post_init__(self) -> None:
        problems = []
        unknown = set(self.fields) - set(DEFAULT_FIELDS)
        if unknown:
            problems.append(f"fields: unknown key(s) {sorted(unknown)}; "
                            f"known: {sorted(DEFAULT_FIELDS)}")
        for key, names in self.fields.items():
            if isinstance(names, str) or not all(isinstance(n, str) for n in names):
                problems.append(f"fields[{key!r}]: expected a tuple of field names")
        for name in ("max_bytes", "max_archive_bytes", "max_members", "max_line_bytes"):
            if getattr(self, name) <= 0:
                problems.append(f"{name}: must be positive")
        if self.timeout <= 0:
            problems.append("timeout: must be positive")
        if self.retries < 0 or self.backoff < 0:
            problems.append("retries and backoff: must not be negative")
        if problems:
            raise ValueError("invalid read options: " + "; ".join(problems))

    def field_names(self, key: str) -> tuple[str, ...]:
        return tuple(self.fields.get(key, DEFAULT_FIELDS[key]))
