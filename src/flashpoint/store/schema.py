"""Tables (SQLAlchemy Core) and the ordered list of migrations that create them.

Each migration is a small function recorded in ``schema_migrations`` once applied;
the same list runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import (
    Column,
    Connection,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    text,
)

metadata = MetaData()

migrations_table = Table(
    "schema_migrations", metadata,
    Column("version", Integer, primary_key=True),
    Column("name", String(100), nullable=False),
    Column("applied_at", DateTime, nullable=False),
)

stories = Table(
    "stories", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("first_date", Date),
    Column("title", Text),
)

articles = Table(
    "articles", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("hash", String(64), nullable=False, unique=True),
    Column("doc", Text, nullable=False),  # file name or record id
    Column("url", Text),
    Column("outlet", Text),
    Column("title", Text),
    Column("date", Date),
    Column("lang", String(12)),
    Column("coded", Integer, nullable=False, default=1),  # 0: stored but not coded
    Column("text", Text, nullable=False),
    Column("story_id", Integer, ForeignKey("stories.id")),
    Column("ingested_at", DateTime, nullable=False),
    Index("ix_articles_story", "story_id"),
    Index("ix_articles_date", "date"),
)

article_minhash = Table(
    "article_minhash", metadata,
    Column("article_id", Integer, ForeignKey("articles.id"), primary_key=True),
    Column("signature", LargeBinary, nullable=False),
)


def _actor_columns(prefix: str) -> list[Column]:
    return [Column(f"{prefix}_text", Text), Column(f"{prefix}_code", String(32)),
            Column(f"{prefix}_country", String(3)), Column(f"{prefix}_sector", String(8))]


events = Table(
    "events", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", Integer, ForeignKey("articles.id"), nullable=False),
    Column("story_id", Integer, ForeignKey("stories.id")),
    Column("sentence_index", Integer, nullable=False),
    Column("sentence", Text, nullable=False),
    Column("span_start", Integer, nullable=False),
    Column("span_end", Integer, nullable=False),
    Column("date", Date),
    *_actor_columns("source"),
    *_actor_columns("target"),
    Column("cameo", String(4), nullable=False),
    Column("root", String(2), nullable=False),
    Column("goldstein", Float, nullable=False),
    Column("quad_class", Integer, nullable=False),
    Column("plover", String(12)),
    Column("mode", String(12), nullable=False),
    Column("attributed_to", Text),  # JSON of the speaker, or NULL
    Column("pattern", String(100), nullable=False),
    Index("ix_events_dyad_date", "source_country", "target_country", "date"),
    Index("ix_events_date", "date"),
    Index("ix_events_source_code", "source_code"),
    Index("ix_events_target_code", "target_code"),
    Index("ix_events_cameo", "cameo"),
    Index("ix_events_article", "article_id"),
    # The story-level view, kept at write time (migration 4). ``system=True`` leaves these
    # out of CREATE TABLE so that migration 1 creates the table exactly as it always did;
    # migration 4 adds them with ALTER TABLE on every database, new or old.
    Column("first_report", Integer, system=True),  # 1: first report of its story event
    Column("n_articles", Integer, system=True),  # on first reports: articles reporting it
    Column("n_outlets", Integer, system=True),  # on first reports: distinct outlets
)

quotes = Table(
    "quotes", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", Integer, ForeignKey("articles.id"), nullable=False),
    Column("text", Text, nullable=False),
    Column("span_start", Integer, nullable=False),
    Column("span_end", Integer, nullable=False),
    Column("kind", String(12), nullable=False),
    Column("cue", Text),
    Column("speaker_text", Text),
    Column("speaker_name", Text),
    Column("speaker_code", String(32)),
    Column("speaker_country", String(3)),
    Index("ix_quotes_article", "article_id"),
    Index("ix_quotes_speaker_code", "speaker_code"),
)


def _create_core(conn: Connection) -> None:
    metadata.create_all(conn, tables=[stories, articles, article_minhash, events, quotes])


def _quote_search(conn: Connection) -> None:
    """Full-text search over quotes: FTS5 on SQLite, a GIN text-search index on PostgreSQL."""
    if conn.dialect.name == "sqlite":
        conn.execute(text(
            "CREATE VIRTUAL TABLE quotes_fts USING fts5(text, speaker_name, "
            "content='quotes', content_rowid='id')"))
        for op, body in (
            ("INSERT", "INSERT INTO quotes_fts(rowid, text, speaker_name) "
                       "VALUES (new.id, new.text, new.speaker_name);"),
            ("DELETE", "INSERT INTO quotes_fts(quotes_fts, rowid, text, speaker_name) "
                       "VALUES ('delete', old.id, old.text, old.speaker_name);"),
        ):
            conn.execute(text(f"CREATE TRIGGER quotes_fts_{op.lower()} AFTER {op} ON quotes "
                              f"BEGIN {body} END"))
    elif conn.dialect.name == "postgresql":
        conn.execute(text(
            "CREATE INDEX ix_quotes_fts ON quotes USING GIN "
            "(to_tsvector('english', text || ' ' || coalesce(speaker_name, '')))"))


def _query_indexes(conn: Connection) -> None:
    """Indexes for analyst queries: dyads by actor code (prefix ranges) and date, and events
    by story. Plain SQL so that ``metadata.create_all`` in migration 1 stays as it was."""
    for name, columns in (
        ("ix_events_codes_date", "source_code, target_code, date"),
        ("ix_events_story", "story_id"),
        ("ix_events_date_id", "date, id"),
        ("ix_stories_first_date", "first_date"),
    ):
        table = "stories" if name.startswith("ix_stories") else "events"
        conn.execute(text(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns})"))


STORY_EVENT_KEY = ("source_code", "target_code", "cameo", "mode")
"""With the story (or, for an event without one, its article), what makes reports of one
event: several articles of a story reporting the same source, target, CAMEO code and mode
report one story-level event."""


def backfill_story_view(conn: Connection) -> None:
    """Recompute ``first_report``, ``n_articles`` and ``n_outlets`` for every event from the
    events and articles tables: the first report (lowest id) of each story-level event gets
    1 and the number of articles and distinct outlets (no outlet counting as one) reporting
    it; every later report gets 0 and NULLs. Runs in the caller's transaction."""
    key = ", ".join(f"e.{c}" for c in STORY_EVENT_KEY)
    conn.execute(text(
        "CREATE TEMPORARY TABLE story_view_firsts "
        "(id INTEGER PRIMARY KEY, n_articles INTEGER NOT NULL, n_outlets INTEGER NOT NULL)"))
    conn.execute(text(
        "INSERT INTO story_view_firsts (id, n_articles, n_outlets) "
        "SELECT min(e.id), count(DISTINCT e.article_id), "
        "count(DISTINCT coalesce(a.outlet, '')) "
        "FROM events e JOIN articles a ON a.id = e.article_id "
        f"GROUP BY coalesce(e.story_id, -e.article_id), {key}"))
    if conn.dialect.name == "postgresql":
        conn.execute(text("ANALYZE story_view_firsts"))
    # Only rows whose values change are written (most events have one report, as the
    # columns' defaults say).
    conn.execute(text(
        "UPDATE events SET first_report = 0, n_articles = NULL, n_outlets = NULL "
        "WHERE (first_report <> 0 OR n_articles IS NOT NULL OR n_outlets IS NOT NULL) "
        "AND NOT EXISTS (SELECT 1 FROM story_view_firsts f WHERE f.id = events.id)"))
    conn.execute(text(  # UPDATE ... FROM: PostgreSQL, SQLite 3.33+
        "UPDATE events SET first_report = 1, n_articles = f.n_articles, "
        "n_outlets = f.n_outlets FROM story_view_firsts f WHERE events.id = f.id "
        "AND (events.first_report <> 1 OR coalesce(events.n_articles, 0) <> f.n_articles "
        "OR coalesce(events.n_outlets, 0) <> f.n_outlets)"))
    conn.execute(text("DROP TABLE story_view_firsts"))


def _story_view(conn: Connection) -> None:
    """Story-level events at write time: each event's first report in its story carries the
    counts, so story-level queries filter ``first_report = 1`` instead of grouping. Existing
    rows are backfilled; ``Store.add_article`` keeps the columns up to date afterwards.

    The defaults make an event inserted by other means (a bulk load) its own first report
    with one article and one outlet until ``Store.rebuild_story_view`` runs."""
    for column in ("first_report INTEGER NOT NULL DEFAULT 1", "n_articles INTEGER DEFAULT 1",
                   "n_outlets INTEGER DEFAULT 1"):
        conn.execute(text(f"ALTER TABLE events ADD COLUMN {column}"))
    backfill_story_view(conn)
    for name, columns in (
        # Dyad and actor trends and pages read this index alone (it covers the usual filters
        # and what a trend sums), not the table: no row lookup per event of a busy dyad.
        ("ix_events_first_dyad_date", "first_report, source_country, target_country, date, "
                                      "source_code, target_code, cameo, mode, goldstein, "
                                      "quad_class, story_id, n_articles, n_outlets"),
        # Pages of one actor's events in date order: read in order, stop at the page's end.
        ("ix_events_first_source_date", "first_report, source_country, date, source_code, "
                                        "cameo, mode"),
        ("ix_events_first_target_date", "first_report, target_country, date, target_code, "
                                        "cameo, mode"),
        # Pages in (date, id) order with filters no other index answers.
        ("ix_events_first_date_id", "first_report, date, id"),
    ):
        conn.execute(text(f"CREATE INDEX IF NOT EXISTS {name} ON events ({columns})"))
    # Planner statistics for the new columns and indexes: PostgreSQL samples (cheap); SQLite
    # only where statistics were gathered before (else it plans without any, as it did).
    dialect = conn.dialect.name
    if dialect == "postgresql" or (dialect == "sqlite" and conn.execute(text(
            "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")).first()):
        conn.execute(text("ANALYZE events"))


MIGRATIONS: list[tuple[str, Callable[[Connection], None]]] = [
    ("core tables", _create_core),
    ("quote full-text search", _quote_search),
    ("analyst query indexes", _query_indexes),
    ("story-level event view", _story_view),
]
