"""Filters for events and quotes, and the SQL conditions they become (SQLite and PostgreSQL)."""


from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    Date,
    and_,
    cast,
    func,
    literal,
    or_,
    true,
    type_coerce,
)

from flashpoint.datafiles import data_path
from flashpoint.errors import StoreError
from flashpoint.store.schema import (
    articles,
    events,
)

MODES = ("asserted", "negated", "hypothetical", "future", "desired")


@dataclass
class EventFilter:
    source: str | None = None  # country or actor code prefix: PRK, PRKGOV, IGOUNO
    target: str | None = None
    cameo: str | None = None  # code prefix: "19" (root), "190", "1823"
    plover: str | None = None
    since: date | None = None
    until: date | None = None
    modes: tuple[str, ...] = ("asserted",)
    story: int | None = None
    article: int | None = None
    between: tuple[str, str] | None = None  # a dyad, either direction: ("USA", "PRK")
    quad_class: int | None = None
    outlet: str | None = None
    limit: int | None = None
    offset: int = 0


@dataclass
class QuoteFilter:
    speaker: str | None = None  # words of the speaker's name
    actor: str | None = None  # actor code prefix
    contains: str | None = None  # full-text search on the words
    kind: str | None = None
    since: date | None = None
    until: date | None = None
    article: int | None = None
    limit: int | None = None
    offset: int = 0


def prefix_match(column: Any, value: str) -> Any:
    """``column`` starts with ``value``, as a range (uses an index on both databases and
    treats ``%`` and ``_`` literally, unlike LIKE)."""
    p = value.strip().upper()
    if not p:
        return true()
    if ord(p[-1]) >= 0x10FFFF:  # no next character: fall back to an escaped LIKE
        escaped = p.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return column.like(escaped + "%", escape="\\")
    return and_(column >= p, column < p[:-1] + chr(ord(p[-1]) + 1))


STORY_KEY = (func.coalesce(events.c.story_id, -events.c.article_id),
             events.c.source_code, events.c.target_code, events.c.cameo, events.c.mode)
"""An event is counted once per story: several articles of one story reporting the same
source, target, CAMEO code and mode are one event with several reports behind it. Kept at
write time in ``events.first_report``/``n_articles``/``n_outlets`` (see ``_story_view``);
grouped at query time only for the filters that choose reports (``_by_report``)."""


def _by_report(f: EventFilter) -> bool:
    """Does ``f`` choose reports (an article, an outlet) rather than events? Then story-level
    events are the matching reports grouped at query time, counting only those reports."""
    return bool(f.outlet) or f.article is not None


def _period(column: Any, by: str, dialect: str) -> Any:
    """The first day of ``column``'s day, ISO week or month, as a DATE, on either database."""
    if by == "day":
        return column
    if dialect == "postgresql":
        return cast(func.date_trunc(by, column), Date)
    if by == "week":  # SQLite: the Monday on or before the date
        return type_coerce(func.date(column, "-6 days", "weekday 1"), Date)
    if by == "month":
        return type_coerce(func.strftime("%Y-%m-01", column), Date)
    raise StoreError(f"period must be day, week or month, not {by!r}")


def _story_group_columns() -> list[Any]:
    return [func.min(events.c.id).label("event_id"),
            func.min(events.c.story_id).label("story_id"),
            func.min(events.c.date).label("date"),
            events.c.source_code, events.c.target_code, events.c.cameo, events.c.mode,
            func.count(func.distinct(events.c.article_id)).label("articles"),
            func.count(func.distinct(func.coalesce(articles.c.outlet, literal(""))))
            .label("outlets")]


@lru_cache(maxsize=1)
def country_codes() -> frozenset[str]:
    """ISO alpha-3 codes of the actor dictionary's countries file."""
    path = data_path("actors", "countries.txt")
    return frozenset(line.split("|", 1)[0].strip()
                     for line in path.read_text(encoding="utf-8").splitlines()
                     if "|" in line and not line.lstrip().startswith("#"))


def actor_match(role: str, value: str) -> Any:
    """An actor filter: a code prefix (``PRKGOV``, ``IGO``). A bare country code also
    constrains the country column — the same rows, as actor codes start with their country,
    but it lets the (source_country, target_country, date) index answer dyad queries."""
    code = prefix_match(events.c[f"{role}_code"], value)
    p = value.strip().upper()
    if p in country_codes():
        return and_(events.c[f"{role}_country"] == p, code)
    return code


def _event_conditions(f: EventFilter) -> list[Any]:
    cond: list[Any] = []
    if f.source:
        cond.append(actor_match("source", f.source))
    if f.target:
        cond.append(actor_match("target", f.target))
    if f.between:
        a, b = f.between
        cond.append(or_(and_(actor_match("source", a), actor_match("target", b)),
                        and_(actor_match("source", b), actor_match("target", a))))
    if f.quad_class is not None:
        cond.append(events.c.quad_class == f.quad_class)
    if f.outlet:
        cond.append(articles.c.outlet == f.outlet)
    if f.cameo:
        cond.append(prefix_match(events.c.cameo, f.cameo))
    if f.plover:
        cond.append(events.c.plover == f.plover.upper())
    if f.since:
        cond.append(events.c.date >= f.since)
    if f.until:
        cond.append(events.c.date <= f.until)
    if f.modes and "all" not in f.modes:
        cond.append(events.c.mode.in_(f.modes))
    if f.story is not None:
        cond.append(events.c.story_id == f.story)
    if f.article is not None:
        cond.append(events.c.article_id == f.article)
    return cond
