"""Dyads (pairs of actor countries or codes) and their event time series.

Events are counted once per story: several articles reporting the same event
(same story, source, target and CAMEO code) add one event, with the number of
articles behind it kept for the analyst.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import and_, func, select

from flashpoint.store import Store
from flashpoint.store.database import EventFilter, _event_conditions
from flashpoint.store.schema import articles, events, quotes

PERIODS = ("day", "week", "month")


def period_start(day: date, by: str) -> date:
    if by == "day":
        return day
    if by == "week":
        return day - timedelta(days=day.weekday())
    if by == "month":
        return day.replace(day=1)
    raise ValueError(f"period must be one of {', '.join(PERIODS)}, not {by!r}")


def _unique_events(store: Store, f: EventFilter) -> list[dict[str, Any]]:
    """One row per (story, source, target, cameo), with the number of articles behind it."""
    key = (events.c.story_id, events.c.source_code, events.c.target_code, events.c.cameo)
    q = (select(*key, func.min(events.c.date).label("date"),
                func.min(events.c.source_country).label("source_country"),
                func.min(events.c.target_country).label("target_country"),
                func.min(events.c.goldstein).label("goldstein"),
                func.min(events.c.quad_class).label("quad_class"),
                func.count(func.distinct(events.c.article_id)).label("articles"),
                func.count(func.distinct(articles.c.outlet)).label("outlets"),
                func.min(events.c.id).label("event_id"))
         .join(articles, articles.c.id == events.c.article_id)
         .where(and_(*_event_conditions(f))).group_by(*key))
    with store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(q)]


def top_dyads(store: Store, *, level: str = "country", limit: int = 10,
              f: EventFilter | None = None) -> list[dict[str, Any]]:
    """Most active dyads (directed), by unique events, with their Goldstein sum."""
    f = f or EventFilter()
    agg: dict[tuple[str, str], dict[str, Any]] = {}
    for e in _unique_events(store, f):
        a = e["source_country"] if level == "country" else e["source_code"]
        b = e["target_country"] if level == "country" else e["target_code"]
        if not a or not b or a == b:
            continue
        d = agg.setdefault((a, b), {"source": a, "target": b, "events": 0, "goldstein": 0.0,
                                    "conflict": 0, "cooperation": 0})
        d["events"] += 1
        d["goldstein"] += e["goldstein"]
        d["conflict" if e["quad_class"] >= 3 else "cooperation"] += 1
    return sorted(agg.values(), key=lambda d: (-d["events"], d["source"], d["target"]))[:limit]


@dataclass
class PeriodStats:
    start: date
    events: int = 0
    goldstein_sum: float = 0.0
    quad: dict[int, int] = field(default_factory=lambda: {1: 0, 2: 0, 3: 0, 4: 0})
    stories: set[int] = field(default_factory=set)
    event_ids: list[int] = field(default_factory=list)

    @property
    def goldstein_mean(self) -> float:
        return self.goldstein_sum / self.events if self.events else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"period": self.start.isoformat(), "events": self.events,
                "goldstein_sum": round(self.goldstein_sum, 2),
                "goldstein_mean": round(self.goldstein_mean, 2),
                "verbal_cooperation": self.quad[1], "material_cooperation": self.quad[2],
                "verbal_conflict": self.quad[3], "material_conflict": self.quad[4],
                "stories": len(self.stories)}


def dyad_series(store: Store, a: str, b: str, *, by: str = "week", both: bool = True,
                f: EventFilter | None = None) -> list[PeriodStats]:
    """Per-period statistics of events between ``a`` and ``b`` (both directions by default)."""
    base = f or EventFilter()
    rows = []
    pairs = [(a, b), (b, a)] if both else [(a, b)]
    for s, t in pairs:
        g = EventFilter(**{**base.__dict__, "source": s, "target": t})
        rows.extend(_unique_events(store, g))
    buckets: dict[date, PeriodStats] = {}
    for e in rows:
        if e["date"] is None:
            continue
        p = period_start(e["date"], by)
        st = buckets.setdefault(p, PeriodStats(p))
        st.events += 1
        st.goldstein_sum += e["goldstein"]
        st.quad[e["quad_class"]] += 1
        if e["story_id"] is not None:
            st.stories.add(e["story_id"])
        st.event_ids.append(e["event_id"])
    if not buckets:
        return []
    # fill empty periods so trends and baselines see quiet time as quiet
    out, cur, last = [], min(buckets), max(buckets)
    while cur <= last:
        out.append(buckets.get(cur, PeriodStats(cur)))
        cur = period_start(cur + timedelta(days={"day": 1, "week": 7, "month": 32}[by]), by)
    return out


def top_speakers(store: Store, *, limit: int = 10) -> list[dict[str, Any]]:
    name = func.coalesce(quotes.c.speaker_name, quotes.c.speaker_text)
    q = (select(name.label("speaker"), func.min(quotes.c.speaker_code).label("code"),
                func.count().label("quotes"))
         .where(name.is_not(None)).group_by(name)
         .order_by(func.count().desc(), name).limit(limit))
    with store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(q)]


def by_key(rows: list[dict[str, Any]], key: str) -> dict[Any, list[dict[str, Any]]]:
    out: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        out[r[key]].append(r)
    return out
