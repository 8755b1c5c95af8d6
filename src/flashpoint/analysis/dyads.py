"""Dyads (pairs of actors) and their event time series.

Events are counted once per story (``flashpoint.store.database.STORY_KEY``): several
articles reporting the same event add one event, with the number of articles and
distinct outlets behind it kept for the analyst.

Actors are compared at the country level (``PRK``) or by code prefix (``PRKGOV``);
an actor with no country (an IGO such as ``IGOUNO``) is keyed by its code.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select

from flashpoint.actors.dictionary import SECTORS
from flashpoint.errors import FlashpointError
from flashpoint.store import Store
from flashpoint.store.database import EventFilter
from flashpoint.store.schema import quotes

PERIODS = ("day", "week", "month")
LEVELS = ("country", "code")


def check_period(by: str) -> str:
    if by not in PERIODS:
        raise FlashpointError(f"period must be one of {', '.join(PERIODS)}, not {by!r}")
    return by


def period_start(day: date, by: str) -> date:
    """The first day of the day, ISO week (Monday) or month that ``day`` falls in."""
    check_period(by)
    if by == "week":
        return day - timedelta(days=day.weekday())
    if by == "month":
        return day.replace(day=1)
    return day


def next_period(start: date, by: str) -> date:
    return period_start(start + timedelta(days={"day": 1, "week": 7, "month": 32}[by]), by)


def actor_key(row: dict[str, Any], role: str, level: str = "country") -> str | None:
    """The key of an event's source or target at ``level``: its country, else its code.

    An actor known only by its sector ("CVL": civilians of no stated country) belongs to
    no dyad: it would pool unrelated people from every conflict into one false actor.
    """
    code = row.get(f"{role}_code")
    if code in SECTORS:
        return None
    if level == "country":
        return row.get(f"{role}_country") or code
    return code


def _with(f: EventFilter | None, **changes: Any) -> EventFilter:
    base = f or EventFilter()
    return EventFilter(**{**base.__dict__, **changes})


def top_dyads(store: Store, *, level: str = "country", limit: int = 10,
              f: EventFilter | None = None, directed: bool = True) -> list[dict[str, Any]]:
    """Most active dyads by story-level events, with Goldstein sum and conflict/cooperation.

    ``directed=False`` merges A→B and B→A (``source``/``target`` then sorted by name).
    """
    if level not in LEVELS:
        raise FlashpointError(f"level must be one of {', '.join(LEVELS)}, not {level!r}")
    agg: dict[tuple[str, str], dict[str, Any]] = {}
    for e in store.story_event_groups(_with(f, limit=None, offset=0)):
        a, b = actor_key(e, "source", level), actor_key(e, "target", level)
        if not a or not b or a == b:
            continue
        if not directed:
            a, b = sorted((a, b))
        d = agg.setdefault((a, b), {"source": a, "target": b, "events": 0, "goldstein": 0.0,
                                    "conflict": 0, "cooperation": 0, "articles": 0})
        d["events"] += 1
        d["goldstein"] += e["goldstein"]
        d["articles"] += e["articles"]
        d["conflict" if e["quad_class"] >= 3 else "cooperation"] += 1
    for d in agg.values():
        d["goldstein"] = round(d["goldstein"], 2)
    return sorted(agg.values(), key=lambda d: (-d["events"], d["source"], d["target"]))[:limit]


def top_actors(store: Store, *, role: str = "any", level: str = "country", limit: int = 10,
               f: EventFilter | None = None) -> list[dict[str, Any]]:
    """Most active actors by story-level events, as source, target or either (``any``)."""
    if role not in ("source", "target", "any"):
        raise FlashpointError(f"role must be source, target or any, not {role!r}")
    events_n: Counter[str] = Counter()
    gold: defaultdict[str, float] = defaultdict(float)
    as_source: Counter[str] = Counter()
    as_target: Counter[str] = Counter()
    for e in store.story_event_groups(_with(f, limit=None, offset=0)):
        seen = set()
        for r in ("source", "target"):
            key = actor_key(e, r, level)
            if not key or (role != "any" and r != role) or key in seen:
                continue
            seen.add(key)
            events_n[key] += 1
            gold[key] += e["goldstein"]
            (as_source if r == "source" else as_target)[key] += 1
    ranked = sorted(events_n, key=lambda k: (-events_n[k], k))[:limit]
    return [{"actor": k, "events": events_n[k], "as_source": as_source[k],
             "as_target": as_target[k], "goldstein": round(gold[k], 2)} for k in ranked]


@dataclass
class PeriodStats:
    start: date
    events: int = 0
    goldstein_sum: float = 0.0
    quad: dict[int, int] = field(default_factory=lambda: {1: 0, 2: 0, 3: 0, 4: 0})
    stories: set[int] = field(default_factory=set)
    event_ids: list[int] = field(default_factory=list)
    articles: int = 0
    conflict_volume: float = 0.0  # Σ |Goldstein| over events with Goldstein < 0
    story_count: int | None = None  # set when aggregated in the database (no story ids)

    @property
    def goldstein_mean(self) -> float:
        return self.goldstein_sum / self.events if self.events else 0.0

    def add(self, e: dict[str, Any]) -> None:
        self.events += 1
        self.goldstein_sum += e["goldstein"]
        self.quad[e["quad_class"]] = self.quad.get(e["quad_class"], 0) + 1
        if e.get("story_id") is not None:
            self.stories.add(e["story_id"])
        self.event_ids.append(e["event_id"])
        self.articles += e.get("articles", 1)
        if e["goldstein"] < 0:
            self.conflict_volume += -e["goldstein"]

    def as_dict(self) -> dict[str, Any]:
        return {"period": self.start.isoformat(), "events": self.events,
                "goldstein_sum": round(self.goldstein_sum, 2),
                "goldstein_mean": round(self.goldstein_mean, 2),
                "verbal_cooperation": self.quad[1], "material_cooperation": self.quad[2],
                "verbal_conflict": self.quad[3], "material_conflict": self.quad[4],
                "stories": len(self.stories) if self.story_count is None
                else self.story_count, "articles": self.articles,
                "conflict_volume": round(self.conflict_volume, 2)}


MAX_PERIODS = 5000  # padding with empty periods stops here (and at the calendar's ends)


def bucket(rows: list[dict[str, Any]], by: str, *, start: date | None = None,
           end: date | None = None) -> list[PeriodStats]:
    """Story-level event rows → consecutive periods, empty ones included (quiet time is
    quiet, not missing, for trends and baselines)."""
    check_period(by)
    buckets: dict[date, PeriodStats] = {}
    for e in rows:
        if e["date"] is None:
            continue
        p = period_start(e["date"], by)
        buckets.setdefault(p, PeriodStats(p)).add(e)
    return pad(list(buckets.values()), by, start=start, end=end)


def pad(stats: list[PeriodStats], by: str, *, start: date | None = None,
        end: date | None = None) -> list[PeriodStats]:
    """Fill the gaps between periods with empty ones; ``start``/``end`` extend the range past
    the data, within ``MAX_PERIODS`` periods."""
    if not stats:
        return []
    buckets = {p.start: p for p in stats}
    first, last = min(buckets), max(buckets)
    if start is not None and period_start(start, by) < first:
        first = max(period_start(start, by), _back(first, by, MAX_PERIODS))
    if end is not None and period_start(end, by) > last:
        last = period_start(end, by)
    out, cur = [], first
    while cur <= last and len(out) < MAX_PERIODS:
        out.append(buckets.get(cur, PeriodStats(cur)))
        try:
            cur = next_period(cur, by)
        except OverflowError:  # 9999-12-31 has no next week
            break
    return out


def _back(day: date, by: str, n: int) -> date:
    try:
        return period_start(day - timedelta(days={"day": 1, "week": 7, "month": 31}[by] * n), by)
    except OverflowError:
        return date.min


def _dyad_filter(f: EventFilter | None, a: str, b: str, both: bool) -> EventFilter:
    if both:
        return _with(f, between=(a, b), source=None, target=None, limit=None, offset=0)
    return _with(f, source=a, target=b, limit=None, offset=0)


def dyad_series(store: Store, a: str, b: str, *, by: str = "week", both: bool = True,
                f: EventFilter | None = None) -> list[PeriodStats]:
    """Per-period statistics of events between ``a`` and ``b`` (both directions by default),
    with the ids of the events in each period (for alerts and drill-down).

    ``a`` and ``b`` are countries or code prefixes (``USA``, ``PRKMIL``, ``IGOUNO``).
    """
    check_period(by)
    rows = store.story_event_groups(_dyad_filter(f, a, b, both))
    base = f or EventFilter()
    return bucket(rows, by, start=base.since, end=base.until)


def trend(store: Store, a: str, b: str, *, by: str = "week", both: bool = True,
          f: EventFilter | None = None) -> list[dict[str, Any]]:
    """A dyad's per-period statistics as plain records (ready for pandas/polars), aggregated
    in the database (``Store.period_stats``); quiet periods are included as zeros."""
    check_period(by)
    base = f or EventFilter()
    stats: list[PeriodStats] = []
    for r in store.period_stats(_dyad_filter(f, a, b, both), by=by):
        p = PeriodStats(r["period"], events=r["events"],
                        goldstein_sum=float(r["goldstein_sum"] or 0.0),
                        articles=int(r["articles"] or 0),
                        conflict_volume=float(r["conflict_volume"] or 0.0))
        p.quad = {k: int(r[f"q{k}"] or 0) for k in (1, 2, 3, 4)}
        p.story_count = int(r["stories"])
        stats.append(p)
    return [p.as_dict() for p in pad(stats, by, start=base.since, end=base.until)]


def sparkline(values: list[float]) -> str:
    """A one-line bar per period: ▁ (lowest) … █ (highest)."""
    bars = "▁▂▃▄▅▆▇█"
    if not values:
        return ""
    lo, hi = min(values), max(values)
    span = (hi - lo) or 1.0
    return "".join(bars[round((v - lo) / span * (len(bars) - 1))] for v in values)


def top_speakers(store: Store, *, limit: int = 10) -> list[dict[str, Any]]:
    """Most-quoted speakers, each with the actor code most of their quotes resolved to
    (a code with a country is preferred to a bare sector: KORGOV over GOV)."""
    name = func.coalesce(quotes.c.speaker_name, quotes.c.speaker_text)
    q = (select(name.label("speaker"), quotes.c.speaker_code.label("code"),
                func.count().label("n"))
         .where(name.is_not(None)).group_by(name, quotes.c.speaker_code))
    per: dict[str, dict[str, Any]] = {}
    with store.engine.connect() as conn:
        for r in conn.execute(q):
            d = per.setdefault(r.speaker, {"speaker": r.speaker, "quotes": 0, "codes": Counter()})
            d["quotes"] += r.n
            if r.code:
                d["codes"][r.code] += r.n
    out = []
    for d in per.values():
        codes: Counter[str] = d.pop("codes")
        ranked = sorted(codes.items(), key=lambda kv: (len(kv[0]) > 3, kv[1]), reverse=True)
        out.append({**d, "code": ranked[0][0] if ranked else None})
    return sorted(out, key=lambda d: (-d["quotes"], d["speaker"]))[:limit]
