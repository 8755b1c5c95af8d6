"""Escalation alerts: a dyad's conflict departs from its own recent baseline.

Method (rolling z-score of Goldstein-weighted conflict volume)
---------------------------------------------------------------
1. Events are counted once per story (several reports of one event are one event).
2. For each undirected dyad {A, B} (countries; actors without a country by code) and
   each period *t* (a week by default), the **conflict volume** is
   ``V_t = Σ |Goldstein|`` over the dyad's events in *t* with a negative Goldstein
   score: many events, or few severe ones (force −10, threats −7), both raise it.
3. The **baseline** is the dyad's own previous ``window`` periods (8 weeks by default,
   empty periods counting as 0): mean ``μ`` and standard deviation ``σ``. Periods with
   fewer than ``min_history`` periods of history before them are not scored.
4. ``z = (V_t − μ) / max(σ, min_sigma)``; ``min_sigma`` (2.0, the weight of one mild
   verbal conflict) keeps a dyad that was perfectly quiet from alerting on noise.
5. An **alert** is raised when ``z ≥ threshold`` (3.0) and ``V_t ≥ min_volume`` (10.0:
   at least two serious events, or one use of force) — each alert lists the conflict
   events of that period that drove it, most severe first.

The numbers are parameters of :class:`AlertConfig`; the CLI and the HTTP API expose
``threshold``, ``window`` and ``by``.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from flashpoint.analysis.dyads import (
    PeriodStats,
    actor_key,
    bucket,
    check_period,
    period_start,
)
from flashpoint.errors import FlashpointError
from flashpoint.store import Store
from flashpoint.store.database import EventFilter

_PERIOD_DAYS = {"day": 1, "week": 7, "month": 31}


@dataclass(frozen=True)
class AlertConfig:
    by: str = "week"
    window: int = 8  # periods of baseline before the period scored
    min_history: int = 4  # periods of history needed before a period is scored
    threshold: float = 3.0  # z-score at or above which an alert is raised
    min_sigma: float = 2.0
    min_volume: float = 10.0
    level: str = "country"

    def check(self) -> AlertConfig:
        check_period(self.by)
        if self.window < 2 or self.min_history < 1 or self.min_history > self.window:
            raise FlashpointError("alerts: need window >= 2 and 1 <= min_history <= window")
        if self.threshold <= 0:
            raise FlashpointError("alerts: threshold must be positive")
        return self


def score_series(series: list[PeriodStats], cfg: AlertConfig) -> list[dict[str, Any]]:
    """z-scores of each period's conflict volume against the trailing baseline."""
    out = []
    volumes = [p.conflict_volume for p in series]
    for i, p in enumerate(series):
        history = volumes[max(0, i - cfg.window):i]
        if len(history) < cfg.min_history:
            continue
        mu = statistics.fmean(history)
        sigma = statistics.pstdev(history)
        z = (p.conflict_volume - mu) / max(sigma, cfg.min_sigma)
        out.append({"period": p.start, "volume": p.conflict_volume, "baseline_mean": mu,
                    "baseline_std": sigma, "z": z, "stats": p})
    return out


def alerts(store: Store, *, since: date | None = None, until: date | None = None,
           dyad: tuple[str, str] | None = None, config: AlertConfig | None = None,
           f: EventFilter | None = None, max_events: int = 20) -> list[dict[str, Any]]:
    """Escalation alerts for every dyad (or one ``dyad``), newest first.

    ``since``/``until`` bound the periods that may alert; the baseline reaches back
    ``window`` periods before ``since``. Each alert has ``source``/``target`` (the dyad,
    sorted), ``period``, ``volume``, ``baseline_mean``, ``baseline_std``, ``z``, ``events``
    (story-level event count) and ``drivers``: the conflict events behind it (full event
    records, most severe first, at most ``max_events``).
    """
    cfg = (config or AlertConfig()).check()
    base = f or EventFilter()
    fetch_since = None
    if since is not None:
        try:
            fetch_since = period_start(since, cfg.by) - timedelta(
                days=_PERIOD_DAYS[cfg.by] * (cfg.window + 1))
        except OverflowError:  # since is near 0001-01-01: fetch from the beginning
            fetch_since = None
    g = EventFilter(**{**base.__dict__, "since": fetch_since, "until": until,
                       "limit": None, "offset": 0,
                       "between": dyad if dyad else base.between})
    rows = store.story_event_groups(g)
    by_dyad: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for e in rows:
        a, b = actor_key(e, "source", cfg.level), actor_key(e, "target", cfg.level)
        if not a or not b or a == b:
            continue
        by_dyad.setdefault(tuple(sorted((a, b))), []).append(e)  # type: ignore[arg-type]
    found: list[dict[str, Any]] = []
    for (a, b), dyad_rows in by_dyad.items():
        for s in score_series(bucket(dyad_rows, cfg.by, end=until), cfg):
            if s["z"] < cfg.threshold or s["volume"] < cfg.min_volume:
                continue
            if since is not None and s["period"] < period_start(since, cfg.by):
                continue
            p: PeriodStats = s["stats"]
            found.append({
                "source": a, "target": b, "by": cfg.by, "period": s["period"].isoformat(),
                "volume": round(s["volume"], 2), "baseline_mean": round(s["baseline_mean"], 2),
                "baseline_std": round(s["baseline_std"], 2), "z": round(s["z"], 2),
                "events": p.events, "conflict_events": p.quad[3] + p.quad[4],
                "goldstein_sum": round(p.goldstein_sum, 2), "_ids": p.event_ids,
            })
    found.sort(key=lambda x: (x["period"], x["z"]), reverse=True)
    reports = {e["event_id"]: (e["articles"], e["outlets"]) for e in rows}
    for alert in found:
        alert["drivers"] = _drivers(store, alert.pop("_ids"), reports, max_events)
    return found


def _drivers(store: Store, ids: list[int], reports: dict[int, tuple[int, int]],
             limit: int) -> list[dict[str, Any]]:
    """The period's conflict events, most severe first, with their story-level counts."""
    rows = [r for r in store.events_by_id(ids) if r["goldstein"] < 0]
    rows.sort(key=lambda r: (r["goldstein"], r["date"] or "", r["id"]))
    out = []
    for r in rows[:limit]:
        n_articles, n_outlets = reports.get(r["id"], (1, 1))
        out.append({**r, "articles": n_articles, "outlets": n_outlets})
    return out
