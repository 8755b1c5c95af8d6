"""The Store: write coded articles atomically, read events and quotes back with filters."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    Engine,
    and_,
    create_engine,
    event,
    func,
    insert,
    select,
    text,
)
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from flashpoint.article import Article
from flashpoint.errors import StoreError
from flashpoint.store.schema import (
    MIGRATIONS,
    article_minhash,
    articles,
    events,
    metadata,
    migrations_table,
    quotes,
    stories,
)

MODES = ("asserted", "negated", "hypothetical", "future", "desired")


def _url(db: str) -> str:
    return db if "://" in db else f"sqlite:///{db}"


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


class Store:
    def __init__(self, db: str = "flashpoint.db") -> None:
        self.url = _url(db)
        try:
            self.engine: Engine = create_engine(self.url, future=True)
        except (SQLAlchemyError, ImportError) as exc:
            raise StoreError(f"cannot open store {db!r}: {exc}") from exc
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self.migrate()

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def migrate(self) -> list[str]:
        """Apply the migrations this database lacks; returns their names."""
        applied = []
        try:
            with self.engine.begin() as conn:
                metadata.create_all(conn, tables=[migrations_table])
                done = set(conn.execute(select(migrations_table.c.version)).scalars())
                for version, (name, step) in enumerate(MIGRATIONS, start=1):
                    if version in done:
                        continue
                    step(conn)
                    conn.execute(insert(migrations_table).values(
                        version=version, name=name, applied_at=datetime.now(UTC)))
                    applied.append(name)
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot prepare store {self.url!r}: {_first_line(exc)}") from exc
        return applied

    # -- writing ---------------------------------------------------------------------------
    def known_hashes(self, hashes: Iterable[str]) -> set[str]:
        wanted = list(hashes)
        found: set[str] = set()
        with self.engine.connect() as conn:
            for i in range(0, len(wanted), 500):
                chunk = wanted[i:i + 500]
                found.update(conn.execute(
                    select(articles.c.hash).where(articles.c.hash.in_(chunk))).scalars())
        return found

    def add_article(self, article: Article, records: list[dict[str, Any]], *,
                    coded: bool = True, story_id: int | None = None,
                    signature: bytes | None = None) -> tuple[int, int] | None:
        """Store an article with its events and quotes in one transaction.

        Returns (article id, story id), or None when an article with the same text is stored.
        """
        try:
            with self.engine.begin() as conn:
                if conn.execute(select(articles.c.id).where(
                        articles.c.hash == article.hash)).first():
                    return None
                if story_id is None:
                    story_id = conn.execute(insert(stories).values(
                        first_date=article.date, title=article.title)).inserted_primary_key[0]
                aid = conn.execute(insert(articles).values(
                    hash=article.hash, doc=article.doc, url=article.url, outlet=article.outlet,
                    title=article.title, date=article.date, lang=article.lang,
                    coded=int(coded), text=article.text, story_id=story_id,
                    ingested_at=datetime.now(UTC))).inserted_primary_key[0]
                if signature is not None:
                    conn.execute(insert(article_minhash).values(article_id=aid,
                                                                signature=signature))
                ev = [_event_row(aid, story_id, r) for r in records if r["type"] == "event"]
                qu = [_quote_row(aid, r) for r in records if r["type"] == "quote"]
                if ev:
                    conn.execute(insert(events), ev)
                if qu:
                    conn.execute(insert(quotes), qu)
                return int(aid), int(story_id)
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot store {article.doc!r}: {_first_line(exc)}") from exc

    # -- reading ---------------------------------------------------------------------------
    def signatures(self) -> Iterator[tuple[str, int, bytes]]:
        """(article hash, story id, MinHash signature) of every stored article."""
        q = (select(articles.c.hash, articles.c.story_id, article_minhash.c.signature)
             .join(article_minhash, article_minhash.c.article_id == articles.c.id))
        with self.engine.connect() as conn:
            for row in conn.execute(q):
                yield row[0], row[1], row[2]

    def counts(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            return {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                    for t in (articles, stories, events, quotes)}

    def article(self, article_id: int) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(articles).where(articles.c.id == article_id)).first()
            return dict(row._mapping) if row else None

    def events(self, f: EventFilter | None = None) -> Iterator[dict[str, Any]]:
        f = f or EventFilter()
        cond = _event_conditions(f)
        q = (select(events, articles.c.doc, articles.c.outlet, articles.c.url)
             .join(articles, articles.c.id == events.c.article_id)
             .where(and_(*cond)).order_by(events.c.date, events.c.id).offset(f.offset))
        if f.limit is not None:
            q = q.limit(f.limit)
        with self.engine.connect() as conn:
            for row in conn.execute(q):
                yield event_dict(row._mapping)

    def quotes(self, f: QuoteFilter | None = None) -> Iterator[dict[str, Any]]:
        f = f or QuoteFilter()
        cond = []
        if f.speaker:
            cond.append(and_(*[quotes.c.speaker_name.ilike(f"%{w}%")
                               for w in f.speaker.split()]))
        if f.actor:
            cond.append(quotes.c.speaker_code.like(f"{f.actor.upper()}%"))
        if f.kind:
            cond.append(quotes.c.kind == f.kind)
        if f.since:
            cond.append(articles.c.date >= f.since)
        if f.until:
            cond.append(articles.c.date <= f.until)
        if f.article is not None:
            cond.append(quotes.c.article_id == f.article)
        if f.contains:
            cond.append(self._quote_search(f.contains))
        q = (select(quotes, articles.c.doc, articles.c.date, articles.c.outlet)
             .join(articles, articles.c.id == quotes.c.article_id)
             .where(and_(*cond)).order_by(articles.c.date, quotes.c.id).offset(f.offset))
        if f.limit is not None:
            q = q.limit(f.limit)
        with self.engine.connect() as conn:
            for row in conn.execute(q):
                yield quote_dict(row._mapping)

    def _quote_search(self, words: str) -> Any:
        if self.dialect == "sqlite":
            terms = " ".join('"' + w.replace('"', '""') + '"' for w in words.split())
            return quotes.c.id.in_(select(text("rowid")).select_from(text("quotes_fts"))
                                   .where(text("quotes_fts MATCH :q").bindparams(q=terms)))
        if self.dialect == "postgresql":
            return text("to_tsvector('english', quotes.text || ' ' || "
                        "coalesce(quotes.speaker_name, '')) @@ plainto_tsquery('english', :q)"
                        ).bindparams(q=words)
        return and_(*[quotes.c.text.ilike(f"%{w}%") for w in words.split()])


def _event_conditions(f: EventFilter) -> list[Any]:
    cond: list[Any] = []
    if f.source:
        cond.append(events.c.source_code.like(f"{f.source.upper()}%"))
    if f.target:
        cond.append(events.c.target_code.like(f"{f.target.upper()}%"))
    if f.cameo:
        cond.append(events.c.cameo.like(f"{f.cameo}%"))
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


def _actor_from(row: Any, prefix: str) -> dict[str, Any] | None:
    code = row[f"{prefix}_code"]
    if code is None:
        return None
    return {"text": row[f"{prefix}_text"], "code": code, "country": row[f"{prefix}_country"],
            "sector": row[f"{prefix}_sector"]}


def event_dict(row: Any) -> dict[str, Any]:
    """A stored event in the output contract's shape, plus store ids and article fields."""
    day = row["date"]
    return {
        "type": "event", "id": row["id"], "article_id": row["article_id"],
        "story_id": row["story_id"], "doc": row.get("doc"),
        "sentence_index": row["sentence_index"], "sentence": row["sentence"],
        "span": [row["span_start"], row["span_end"]],
        "date": day.isoformat() if day else None,
        "source": _actor_from(row, "source"), "target": _actor_from(row, "target"),
        "cameo": row["cameo"], "root": row["root"], "goldstein": row["goldstein"],
        "quad_class": row["quad_class"], "plover": row["plover"], "mode": row["mode"],
        "attributed_to": json.loads(row["attributed_to"]) if row["attributed_to"] else None,
        "pattern": row["pattern"], "outlet": row.get("outlet"), "url": row.get("url"),
    }


def quote_dict(row: Any) -> dict[str, Any]:
    day = row.get("date")
    speaker = None
    if row["speaker_text"] or row["speaker_name"] or row["speaker_code"]:
        speaker = {"text": row["speaker_text"], "name": row["speaker_name"],
                   "code": row["speaker_code"], "country": row["speaker_country"]}
    return {"type": "quote", "id": row["id"], "article_id": row["article_id"],
            "doc": row.get("doc"), "date": day.isoformat() if day else None,
            "text": row["text"], "span": [row["span_start"], row["span_end"]],
            "kind": row["kind"], "cue": row["cue"], "speaker": speaker,
            "outlet": row.get("outlet")}


def _event_row(article_id: int, story_id: int | None, r: dict[str, Any]) -> dict[str, Any]:
    row: dict[str, Any] = {
        "article_id": article_id, "story_id": story_id,
        "sentence_index": r["sentence_index"], "sentence": r["sentence"],
        "span_start": r["span"][0], "span_end": r["span"][1],
        "date": date.fromisoformat(r["date"]) if r.get("date") else None,
        "cameo": r["cameo"], "root": r["root"], "goldstein": r["goldstein"],
        "quad_class": r["quad_class"], "plover": r["plover"], "mode": r["mode"],
        "attributed_to": json.dumps(r["attributed_to"]) if r.get("attributed_to") else None,
        "pattern": r["pattern"],
    }
    for prefix in ("source", "target"):
        actor = r.get(prefix) or {}
        for key in ("text", "code", "country", "sector"):
            row[f"{prefix}_{key}"] = actor.get(key)
    return row


def _quote_row(article_id: int, r: dict[str, Any]) -> dict[str, Any]:
    sp = r.get("speaker") or {}
    return {"article_id": article_id, "text": r["text"], "span_start": r["span"][0],
            "span_end": r["span"][1], "kind": r["kind"], "cue": r.get("cue"),
            "speaker_text": sp.get("text"), "speaker_name": sp.get("name"),
            "speaker_code": sp.get("code"), "speaker_country": sp.get("country")}


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    try:
        cur.execute("PRAGMA journal_mode=WAL")
    except Exception:
        pass
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0][:200]


def open_store(db: str = "flashpoint.db") -> Store:
    try:
        return Store(db)
    except OperationalError as exc:
        raise StoreError(f"cannot open store {db!r}: {_first_line(exc)}") from exc
