"""Store queries, story-level counts and migrations, on SQLite and PostgreSQL.

PostgreSQL comes from FLASHPOINT_TEST_PG_URL (``eval "$(bash .ci/postgres.sh)"``); each
test gets a fresh database. Without it the PostgreSQL cases are skipped with a loud reason,
except under CI (env ``CI`` set), where they fail.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, select, text

from flashpoint.analysis.synthetic import add_story_article, escalation_store
from flashpoint.store import Store
from flashpoint.store.database import EventFilter, QuoteFilter, _url
from flashpoint.store.schema import MIGRATIONS, migrations_table

PG_ENV = "FLASHPOINT_TEST_PG_URL"
NO_PG = (f"PostgreSQL store tests NOT RUN: set {PG_ENV} "
         '(eval "$(bash .ci/postgres.sh)" starts a throwaway cluster)')


def _pg_database() -> Iterator[str]:
    base = os.environ.get(PG_ENV)
    if not base:
        if os.environ.get("CI"):
            pytest.fail(f"{NO_PG} — required under CI")
        pytest.skip(NO_PG)
    admin = create_engine(_url(base), isolation_level="AUTOCOMMIT")
    name = f"fp_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    prefix, _, _ = base.rpartition("/")
    try:
        yield f"{prefix}/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "sqlite":
        s = Store(str(tmp_path / "t.db"))
        yield s
        s.engine.dispose()
        return
    gen = _pg_database()
    url = next(gen)
    s = Store(url)
    try:
        yield s
    finally:
        s.engine.dispose()
        gen.close()


@pytest.fixture
def sample(store: Store) -> dict[str, Any]:
    return escalation_store(store)


def test_url_mapping() -> None:
    assert _url("x.db") == "sqlite:///x.db"
    assert _url("postgresql://u@h:5/d") == "postgresql+psycopg://u@h:5/d"
    assert _url("postgres://u@h/d") == "postgresql+psycopg://u@h/d"
    assert _url("postgresql+psycopg://u@h/d") == "postgresql+psycopg://u@h/d"


def test_dialect_and_migrations_recorded_once(store: Store) -> None:
    assert store.dialect in ("sqlite", "postgresql")
    assert store.migrate() == []
    with store.engine.connect() as conn:
        versions = list(conn.execute(select(migrations_table.c.version)).scalars())
    assert sorted(versions) == list(range(1, len(MIGRATIONS) + 1))


def test_reingest_adds_nothing(store: Store) -> None:
    add_story_article(store, "a", date(2025, 1, 1), [("USA", "PRK", "036")])
    with pytest.raises(ValueError, match="already stored"):
        add_story_article(store, "a", date(2025, 1, 1), [("USA", "PRK", "036")])
    assert store.counts()["articles"] == 1


def test_story_level_counts(store: Store, sample: dict[str, Any]) -> None:
    f = EventFilter(story=sample["spike_story"])
    every = list(store.events(f))
    once = store.story_events(f)
    assert len(every) == 9  # three articles, three events each
    assert len(once) == 3
    assert {(e["cameo"], e["articles"], e["outlets"]) for e in once} == {
        ("190", 3, 3), ("163", 3, 3), ("138", 3, 3)}
    assert store.count_events(f) == 3
    assert store.count_events(f, per_story=False) == 9
    # the representative report is the first article's
    assert {e["article_id"] for e in once} == {sample["spike_articles"][0]}


def test_event_filters(store: Store, sample: dict[str, Any]) -> None:
    assert all(e["source"]["code"].startswith("PRK")
               for e in store.story_events(EventFilter(source="prk")))
    both = store.story_events(EventFilter(between=("USA", "PRK")))
    assert {(e["source"]["country"], e["target"]["country"]) for e in both} == {
        ("USA", "PRK"), ("PRK", "USA")}
    force = store.story_events(EventFilter(cameo="19"))
    assert force and all(e["root"] == "19" for e in force)
    assert all(e["quad_class"] == 4 for e in store.story_events(EventFilter(quad_class=4)))
    spike = sample["spike_week"]
    late = store.story_events(EventFilter(since=spike))
    assert late and all(e["date"] >= spike.isoformat() for e in late)
    assert store.story_events(EventFilter(until=date(2000, 1, 1))) == []
    assert store.story_events(EventFilter(source="PRK%")) == []  # % is literal, not a wildcard
    assert store.story_events(EventFilter(source="U_A")) == []
    outlet = store.story_events(EventFilter(outlet="Wire Service"))
    assert outlet and all(e["outlet"] == "Wire Service" for e in outlet)


def test_pagination_covers_everything_once(store: Store, sample: dict[str, Any]) -> None:
    total = store.count_events()
    seen: list[int] = []
    offset = 0
    while True:
        page = store.story_events(EventFilter(limit=7, offset=offset))
        if not page:
            break
        seen += [e["id"] for e in page]
        offset += 7
    assert len(seen) == len(set(seen)) == total
    dates = [e["date"] for e in store.story_events()]
    assert dates == sorted(dates)


def test_quote_search(store: Store, sample: dict[str, Any]) -> None:
    hits = list(store.quotes(QuoteFilter(contains="sanctions")))
    assert [q["speaker"]["name"] for q in hits] == ["Kim Spokes"]
    assert list(store.quotes(QuoteFilter(actor="USA")))
    assert not list(store.quotes(QuoteFilter(contains="nonexistentword")))


def test_stories_and_article_view(store: Store, sample: dict[str, Any]) -> None:
    story = store.story(sample["spike_story"])
    assert story is not None
    assert len(story["articles"]) == 3 and story["outlets"] == 3
    listed = {s["id"]: s for s in store.stories()}
    assert listed[sample["spike_story"]]["articles"] == 3
    assert listed[sample["spike_story"]]["events"] == 9
    assert store.story(10_000) is None and store.article_view(10_000) is None
    view = store.article_view(sample["hostile_article"])
    assert view is not None
    assert "<script>" in view["text"]  # stored verbatim: escaping is the renderer's job
    for e in view["events"]:
        assert view["text"][e["span"][0]:e["span"][1]] == e["sentence"]
    spike = store.article_view(sample["spike_articles"][0])
    assert spike is not None
    for q in spike["quotes"]:
        assert spike["text"][q["span"][0]:q["span"][1]] == q["text"]


def test_story_event_groups_match_story_events(store: Store, sample: dict[str, Any]) -> None:
    groups = store.story_event_groups()
    assert len(groups) == store.count_events()
    assert {g["event_id"] for g in groups} == {e["id"] for e in store.story_events()}
    assert all(isinstance(g["date"], date) for g in groups)


@pytest.mark.parametrize("by", ["day", "week", "month"])
def test_period_stats_in_sql_match_python_buckets(store: Store, sample: dict[str, Any],
                                                  by: str) -> None:
    from flashpoint.analysis.dyads import bucket

    f = EventFilter(between=("USA", "PRK"))
    python = {p.start: p.as_dict() for p in bucket(store.story_event_groups(f), by)
              if p.events}
    sql = store.period_stats(f, by=by)
    assert [r["period"] for r in sql] == sorted(python)
    for r in sql:
        want = python[r["period"]]
        assert r["events"] == want["events"] and r["articles"] == want["articles"]
        assert r["stories"] == want["stories"]
        assert round(r["goldstein_sum"], 2) == want["goldstein_sum"]
        assert round(r["conflict_volume"], 2) == want["conflict_volume"]
        assert [r["q1"], r["q2"], r["q3"], r["q4"]] == [
            want["verbal_cooperation"], want["material_cooperation"],
            want["verbal_conflict"], want["material_conflict"]]


def _view(store: Store) -> list[tuple[Any, ...]]:
    from flashpoint.store.schema import events

    with store.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(
            select(events.c.id, events.c.first_report, events.c.n_articles,
                   events.c.n_outlets).order_by(events.c.id))]


def test_story_view_kept_at_write_time_matches_a_rebuild(store: Store) -> None:
    day = date(2025, 3, 3)
    _, story = add_story_article(store, "w-1", day, [("USA", "PRK", "190"),
                                                     ("USA", "PRK", "190"),  # twice in one
                                                     ("PRK", "USA", "138")],
                                 outlet="Daily Ledger")
    add_story_article(store, "w-2", day, [("USA", "PRK", "190")], outlet="Daily Ledger",
                      story_id=story)  # same outlet again: one more article, no new outlet
    add_story_article(store, "w-3", day, [("USA", "PRK", "190"), ("CHN", "USA", "112")],
                      outlet="Wire Service", story_id=story)  # a new event in a reprint
    add_story_article(store, "w-4", day, [("PRK", "USA", "138")], outlet="Wire Service")
    once = {(e["source"]["code"], e["target"]["code"], e["cameo"]): (e["articles"], e["outlets"])
            for e in store.story_events(EventFilter(story=story))}
    assert once == {("USAGOV", "PRKGOV", "190"): (3, 2), ("PRKGOV", "USAGOV", "138"): (1, 1),
                    ("CHNGOV", "USAGOV", "112"): (1, 1)}
    assert store.count_events() == 4 and store.count_events(per_story=False) == 7
    kept = _view(store)
    store.rebuild_story_view()
    assert _view(store) == kept


def test_story_view_backfilled_by_its_migration(store: Store, sample: dict[str, Any],
                                                tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """A store made before the story view (migrations 1–3) gets it backfilled on opening,
    and every story-level result is the same as in a store that always had it."""
    import flashpoint.store.database as database
    from flashpoint.store.schema import articles, events, stories

    version = next(i for i, (name, _) in enumerate(MIGRATIONS, 1)
                   if name == "story-level event view")
    gen = None
    if store.dialect == "sqlite":
        url = str(tmp_path / "old.db")
    else:
        gen = _pg_database()
        url = next(gen)
    monkeypatch.setattr(database, "MIGRATIONS", MIGRATIONS[:version - 1])
    old = Store(url)
    new_columns = {"first_report", "n_articles", "n_outlets"}
    with store.engine.connect() as src, old.engine.begin() as dst:
        for table in (stories, articles, events):
            cols = [c for c in table.c if c.name not in new_columns]
            rows = [dict(r._mapping) for r in src.execute(select(*cols))]
            dst.execute(table.insert(), rows)
    monkeypatch.setattr(database, "MIGRATIONS", MIGRATIONS)
    try:
        assert old.migrate() == ["story-level event view"]
        assert _view(old) == _view(store)
        f = EventFilter(between=("USA", "PRK"))
        assert old.story_events() == store.story_events()
        assert old.period_stats(f) == store.period_stats(f)
        assert old.count_events() == store.count_events()
    finally:
        old.engine.dispose()
        if gen is not None:
            gen.close()


def test_report_filters_group_the_chosen_reports(store: Store, sample: dict[str, Any]) -> None:
    """An outlet or article filter chooses reports: the story-level events are the chosen
    reports grouped, with only those reports counted."""
    reprint = sample["spike_articles"][1]
    one = store.story_events(EventFilter(article=reprint))
    assert len(one) == 3
    assert {(e["article_id"], e["articles"], e["outlets"]) for e in one} == {(reprint, 1, 1)}
    assert store.count_events(EventFilter(article=reprint)) == 3
    outlet = store.story_events(EventFilter(outlet="Northern Courier", story=sample[
        "spike_story"]))
    assert {(e["article_id"], e["articles"]) for e in outlet} == {(reprint, 1)}
