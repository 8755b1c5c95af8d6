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


MIGRATIONS: list[tuple[str, Callable[[Connection], None]]] = [
    ("core tables", _create_core),
    ("quote full-text search", _quote_search),
    ("analyst query indexes", _query_indexes),
]
