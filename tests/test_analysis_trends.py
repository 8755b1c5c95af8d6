"""Dyad trends, escalation alerts, top dyads/actors and the trend chart."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from flashpoint.analysis import (
    AlertConfig,
    alerts,
    dyad_series,
    to_frame,
    top_actors,
    top_dyads,
    trend,
)
from flashpoint.analysis.dyads import period_start
from flashpoint.analysis.synthetic import escalation_store
from flashpoint.errors import FlashpointError
from flashpoint.store import Store
from flashpoint.store.database import EventFilter


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Store, dict[str, Any]]:
    store = Store(str(tmp_path_factory.mktemp("an") / "a.db"))
    return store, escalation_store(store)


def test_period_start() -> None:
    d = date(2025, 3, 27)  # a Thursday
    assert period_start(d, "day") == d
    assert period_start(d, "week") == date(2025, 3, 24)
    assert period_start(d, "month") == date(2025, 3, 1)
    with pytest.raises(FlashpointError):
        period_start(d, "year")


def test_weekly_trend_fills_quiet_weeks_and_counts_stories_once(sample: Any) -> None:
    store, info = sample
    rows = trend(store, "USA", "PRK", by="week")
    assert len(rows) == info["weeks"]  # every week from first to last, quiet ones included
    weeks = [date.fromisoformat(r["period"]) for r in rows]
    assert all(w.weekday() == 0 for w in weeks)
    last = rows[-1]
    assert last["period"] == info["spike_week"].isoformat()
    # spike story: 3 events × 3 articles → 3 events; second article: 2 events
    assert last["events"] == 5 and last["articles"] == 11 and last["stories"] == 2
    assert last["material_conflict"] + last["verbal_conflict"] == 5
    assert last["goldstein_sum"] == -40.0 and last["goldstein_mean"] == -8.0
    assert sum(r["events"] for r in rows) == store.count_events(
        EventFilter(between=("USA", "PRK")))


def test_directed_and_monthly(sample: Any) -> None:
    store, _ = sample
    one_way = sum(p.events for p in dyad_series(store, "USA", "PRK", both=False))
    both = sum(p.events for p in dyad_series(store, "USA", "PRK"))
    assert 0 < one_way < both
    months = trend(store, "USA", "PRK", by="month")
    assert [m["period"] for m in months] == ["2025-01-01", "2025-02-01", "2025-03-01"]


def test_alert_on_spike_lists_driving_events(sample: Any) -> None:
    store, info = sample
    found = alerts(store)
    assert [(a["source"], a["target"], a["period"]) for a in found] == [
        ("PRK", "USA", info["spike_week"].isoformat())]
    alert = found[0]
    assert alert["z"] >= 3 and alert["volume"] == 40.0 and alert["baseline_mean"] < 3
    drivers = alert["drivers"]
    assert [d["cameo"] for d in drivers][:2] in (["190", "195"], ["195", "190"])
    assert all(d["goldstein"] < 0 for d in drivers)
    assert next(d for d in drivers if d["cameo"] == "190")["articles"] == 3
    # bounded by since / until and by dyad
    assert alerts(store, since=date(2030, 1, 1)) == []
    assert alerts(store, until=date(2025, 3, 1)) == []
    assert alerts(store, dyad=("KOR", "PRK")) == []
    assert len(alerts(store, dyad=("USA", "PRK"), since=info["spike_week"])) == 1


def test_alert_config_is_checked(sample: Any) -> None:
    store, _ = sample
    for bad in (AlertConfig(window=1), AlertConfig(threshold=0), AlertConfig(by="year"),
                AlertConfig(min_history=9, window=8)):
        with pytest.raises(FlashpointError):
            alerts(store, config=bad)
    assert alerts(store, config=AlertConfig(threshold=50)) == []


def test_top_dyads_and_actors(sample: Any) -> None:
    store, _ = sample
    dyads = top_dyads(store, directed=False, limit=3)
    assert (dyads[0]["source"], dyads[0]["target"]) == ("PRK", "USA")
    assert dyads[0]["events"] == store.count_events(EventFilter(between=("USA", "PRK")))
    actors = top_actors(store, limit=3)
    assert actors[0]["actor"] == "PRK"
    assert {a["actor"] for a in top_actors(store, role="source")} >= {"USA", "PRK", "KOR"}
    period = top_dyads(store, f=EventFilter(since=date(2025, 3, 24)))
    assert {(d["source"], d["target"]) for d in period} == {
        ("PRK", "USA"), ("USA", "PRK"), ("CHN", "USA")}
    with pytest.raises(FlashpointError):
        top_dyads(store, level="planet")


def test_records_become_dataframes(sample: Any) -> None:
    pd = pytest.importorskip("pandas")
    store, _ = sample
    frame = to_frame(trend(store, "USA", "PRK"))
    assert isinstance(frame, pd.DataFrame) and "goldstein_mean" in frame.columns
    events = to_frame(store.story_events())
    assert {"source_code", "target_country", "articles", "outlets"} <= set(events.columns)


def test_plot_writes_png(sample: Any, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    from flashpoint.analysis.plot import plot_trend

    store, _ = sample
    out = plot_trend(trend(store, "USA", "PRK"), alerts(store), tmp_path / "t.png",
                     title="USA ↔ PRK")
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with pytest.raises(FlashpointError):
        plot_trend([], [], tmp_path / "empty.png", title="none")
