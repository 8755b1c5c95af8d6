"""The Store: write coded articles atomically, read events and quotes back with filters."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    Connection,
    Date,
    Engine,
    and_,
    bindparam,
    case,
    cast,
    create_engine,
    event,
    func,
    insert,
    literal,
    or_,
    select,
    text,
    true,
    type_coerce,
    update,
)
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from flashpoint.article import Article
from flashpoint.datafiles import data_path
from flashpoint.errors import StoreError
from flashpoint.store.schema import (
    MIGRATIONS,
    STORY_EVENT_KEY,
    article_minhash,
    articles,
    backfill_story_view,
    events,
    metadata,
    migrations_table,
    quotes,
    stories,
)

MODES = ("asserted", "negated", "hypothetical", "future", "desired")


def _url(db: str) -> str:
    """A file name means SQLite; ``postgresql://`` and ``postgres://`` use psycopg 3."""
    if "://" not in db:
        return f"sqlite:///{db}"
    scheme, rest = db.split("://", 1)
    if scheme in ("postgresql", "postgres"):
        return f"postgresql+psycopg://{rest}"
    return db


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


class ArticleWriter:
    """Adds articles inside one open transaction, each in a savepoint (``Store.writer``)."""

    def __init__(self, store: Store, conn: Connection) -> None:
        self.store = store
        self.conn = conn

    def add(self, article: Article, records: list[dict[str, Any]], *, coded: bool = True,
            story_id: int | None = None, signature: bytes | None = None
            ) -> tuple[int, int] | None:
        try:
            with self.conn.begin_nested():
                return self.store._add(self.conn, article, records, coded=coded,
                                       story_id=story_id, signature=signature)
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot store {article.doc!r}: {_first_line(exc)}") from exc


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
                return self._add(conn, article, records, coded=coded, story_id=story_id,
                                 signature=signature)
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot store {article.doc!r}: {_first_line(exc)}") from exc

    @contextmanager
    def writer(self) -> Iterator[ArticleWriter]:
        """Many articles in one transaction, each in its own savepoint: a failed article
        leaves nothing behind and the others are kept (one commit per batch, not per
        article)."""
        try:
            with self.engine.begin() as conn:
                yield ArticleWriter(self, conn)
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot store a batch of articles: {_first_line(exc)}") from exc

    def _add(self, conn: Connection, article: Article, records: list[dict[str, Any]], *,
             coded: bool, story_id: int | None, signature: bytes | None
             ) -> tuple[int, int] | None:
        # one article: the caller holds the transaction (or savepoint)
        if conn.execute(select(articles.c.id).where(
                articles.c.hash == article.hash)).first():
            return None
        new_story = story_id is None
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
            _story_view(conn, ev, story_id, article.outlet, new_story=new_story)
            conn.execute(insert(events), ev)
        if qu:
            conn.execute(insert(quotes), qu)
        return int(aid), int(story_id)

    def rebuild_story_view(self) -> None:
        """Recompute every event's story-level columns (``first_report``, ``n_articles``,
        ``n_outlets``) from the stored events: after a bulk load that bypassed
        ``add_article``, or to repair. Then refresh the planner's statistics (PostgreSQL:
        VACUUM ANALYZE, which also lets the covering index answer without the table)."""
        try:
            with self.engine.begin() as conn:
                backfill_story_view(conn)
                if self.dialect == "sqlite":
                    conn.execute(text("ANALYZE"))
            if self.dialect == "postgresql":  # VACUUM cannot run inside a transaction
                with self.engine.connect().execution_options(
                        isolation_level="AUTOCOMMIT") as conn:
                    conn.execute(text("VACUUM ANALYZE events"))
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot rebuild the story view: {_first_line(exc)}") from exc

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
             .where(and_(true(), *cond)).order_by(events.c.date, events.c.id).offset(f.offset))
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
            cond.append(prefix_match(quotes.c.speaker_code, f.actor))
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
             .where(and_(true(), *cond)).order_by(articles.c.date, quotes.c.id).offset(f.offset))
        if f.limit is not None:
            q = q.limit(f.limit)
        with self.engine.connect() as conn:
            for row in conn.execute(q):
                yield quote_dict(row._mapping)

    # -- story-level reading: each event counted once per story ------------------------------
    # Most filters choose events (actors, CAMEO code, mode, date, story): those read the
    # story-level view kept at write time, ``first_report = 1`` rows with their counts. The
    # filters on a report's article or outlet choose reports, not events: those group the
    # matching reports at query time (``STORY_KEY``), counting only the reports chosen.

    def story_event_groups(self, f: EventFilter | None = None) -> list[dict[str, Any]]:
        """One light row per story-level event (see ``STORY_KEY``), for aggregation.

        Keys: event_id (the first report), story_id, date, source_code, source_country,
        target_code, target_country, cameo, goldstein, quad_class, mode, articles (reports
        of the event in the story), outlets (distinct outlets among them).
        """
        f = f or EventFilter()
        if _by_report(f):
            q = (select(*_story_group_columns(),
                        func.min(events.c.source_country).label("source_country"),
                        func.min(events.c.target_country).label("target_country"),
                        func.min(events.c.goldstein).label("goldstein"),
                        func.min(events.c.quad_class).label("quad_class"))
                 .join(articles, articles.c.id == events.c.article_id)
                 .where(and_(true(), *_event_conditions(f))).group_by(*STORY_KEY))
        else:
            q = (select(events.c.id.label("event_id"), events.c.story_id, events.c.date,
                        events.c.source_code, events.c.target_code, events.c.cameo,
                        events.c.mode, events.c.n_articles.label("articles"),
                        events.c.n_outlets.label("outlets"), events.c.source_country,
                        events.c.target_country, events.c.goldstein, events.c.quad_class)
                 .where(events.c.first_report == 1, *_event_conditions(f)))
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(q)]

    def period_stats(self, f: EventFilter | None = None, *, by: str = "week"
                     ) -> list[dict[str, Any]]:
        """Story-level events matching ``f`` aggregated per day, week (from Monday) or month,
        in the database: rows with period (date), events, goldstein_sum, conflict_volume
        (Σ|Goldstein| of negative events), q1..q4 (QuadClass counts), articles, stories."""
        f = f or EventFilter()
        cond = _event_conditions(f)
        if _by_report(f):
            g = (select(func.min(events.c.date).label("date"),
                        func.min(events.c.goldstein).label("g"),
                        func.min(events.c.quad_class).label("q"),
                        func.min(events.c.story_id).label("story_id"),
                        func.count(func.distinct(events.c.article_id)).label("n_articles"))
                 .join(articles, articles.c.id == events.c.article_id)
                 .where(and_(true(), *cond)).group_by(*STORY_KEY).subquery("g"))
        else:
            g = (select(events.c.date, events.c.goldstein.label("g"),
                        events.c.quad_class.label("q"), events.c.story_id,
                        events.c.n_articles)
                 .where(events.c.first_report == 1, *cond).subquery("g"))
        period = _period(g.c.date, by, self.dialect).label("period")
        q = (select(period, func.count().label("events"),
                    func.sum(g.c.g).label("goldstein_sum"),
                    func.sum(case((g.c.g < 0, -g.c.g), else_=0.0)).label("conflict_volume"),
                    *[func.sum(case((g.c.q == k, 1), else_=0)).label(f"q{k}")
                      for k in (1, 2, 3, 4)],
                    func.sum(g.c.n_articles).label("articles"),
                    func.count(func.distinct(g.c.story_id)).label("stories"))
             .where(g.c.date.is_not(None)).group_by(period).order_by(period))
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(q)]

    def story_events(self, f: EventFilter | None = None) -> list[dict[str, Any]]:
        """Events counted once per story, each as its first report (``event_dict`` shape) plus
        ``articles`` (reports in the story) and ``outlets`` (distinct outlets reporting it).

        Ordered by date then id; ``f.limit``/``f.offset`` page over story-level events.
        """
        return list(self.iter_story_events(f))

    def iter_story_events(self, f: EventFilter | None = None) -> Iterator[dict[str, Any]]:
        """``story_events``, streamed (for exports of any size)."""
        f = f or EventFilter()
        if _by_report(f):
            g = (select(*_story_group_columns())
                 .join(articles, articles.c.id == events.c.article_id)
                 .where(and_(true(), *_event_conditions(f))).group_by(*STORY_KEY)
                 .subquery("g"))
            q = (select(events, articles.c.doc, articles.c.outlet, articles.c.url,
                        g.c.articles, g.c.outlets)
                 .select_from(g.join(events, events.c.id == g.c.event_id)
                              .join(articles, articles.c.id == events.c.article_id)))
        else:
            q = (select(events, articles.c.doc, articles.c.outlet, articles.c.url,
                        events.c.n_articles.label("articles"),
                        events.c.n_outlets.label("outlets"))
                 .join(articles, articles.c.id == events.c.article_id))
            cond = [events.c.first_report == 1, *_event_conditions(f)]
            if f.limit is None:
                q = q.where(*cond).offset(f.offset)
            else:  # a page: its ids first (from an index alone when one covers the filter)
                page = (select(events.c.id).where(*cond)
                        .order_by(events.c.date, events.c.id)
                        .offset(f.offset).limit(f.limit).subquery("page"))
                q = q.join(page, page.c.id == events.c.id)
        q = q.order_by(events.c.date, events.c.id)
        if _by_report(f):
            q = q.offset(f.offset)
            if f.limit is not None:
                q = q.limit(f.limit)
        with self.engine.connect() as conn:
            result = conn.execution_options(stream_results=True, yield_per=5000).execute(q)
            for r in result:
                yield {**event_dict(r._mapping), "articles": r.articles, "outlets": r.outlets}

    def events_by_id(self, ids: list[int]) -> list[dict[str, Any]]:
        """Events (``event_dict`` shape) with the given ids, in id order."""
        out: list[dict[str, Any]] = []
        with self.engine.connect() as conn:
            for i in range(0, len(ids), 500):
                chunk = ids[i:i + 500]
                q = (select(events, articles.c.doc, articles.c.outlet, articles.c.url)
                     .join(articles, articles.c.id == events.c.article_id)
                     .where(events.c.id.in_(chunk)))
                out.extend(event_dict(r._mapping) for r in conn.execute(q))
        out.sort(key=lambda r: r["id"])
        return out

    def count_events(self, f: EventFilter | None = None, *, per_story: bool = True) -> int:
        """How many events match ``f`` (story-level by default, else every report)."""
        f = f or EventFilter()
        cond = _event_conditions(f)
        if per_story and _by_report(f):
            inner = (select(func.min(events.c.id))
                     .join(articles, articles.c.id == events.c.article_id)
                     .where(and_(true(), *cond)).group_by(*STORY_KEY).subquery())
            q = select(func.count()).select_from(inner)
        else:
            q = select(func.count()).select_from(events)
            if f.outlet:
                q = q.join(articles, articles.c.id == events.c.article_id)
            if per_story:
                cond = [events.c.first_report == 1, *cond]
            q = q.where(and_(true(), *cond))
        with self.engine.connect() as conn:
            return int(conn.execute(q).scalar_one())

    def stories(self, *, since: date | None = None, until: date | None = None,
                contains: str | None = None, limit: int | None = None,
                offset: int = 0) -> list[dict[str, Any]]:
        """Stories (clusters of near-duplicate articles) with their article and outlet counts."""
        cond: list[Any] = []
        if since:
            cond.append(stories.c.first_date >= since)
        if until:
            cond.append(stories.c.first_date <= until)
        if contains:
            cond.append(and_(*[stories.c.title.ilike(f"%{w}%") for w in contains.split()]))
        n_events = (select(func.count()).where(events.c.story_id == stories.c.id)
                    .correlate(stories).scalar_subquery())
        q = (select(stories.c.id, stories.c.first_date, stories.c.title,
                    func.count(articles.c.id).label("articles"),
                    func.count(func.distinct(func.coalesce(articles.c.outlet, literal(""))))
                    .label("outlets"),
                    n_events.label("events"))
             .join(articles, articles.c.story_id == stories.c.id, isouter=True)
             .where(and_(true(), *cond))
             .group_by(stories.c.id, stories.c.first_date, stories.c.title)
             .order_by(stories.c.first_date, stories.c.id).offset(offset))
        if limit is not None:
            q = q.limit(limit)
        with self.engine.connect() as conn:
            return [_story_dict(r._mapping) for r in conn.execute(q)]

    def story(self, story_id: int) -> dict[str, Any] | None:
        """A story with the list of its articles (id, doc, title, date, outlet, url)."""
        with self.engine.connect() as conn:
            row = conn.execute(select(stories).where(stories.c.id == story_id)).first()
            if row is None:
                return None
            arts = conn.execute(
                select(articles.c.id, articles.c.doc, articles.c.title, articles.c.date,
                       articles.c.outlet, articles.c.url)
                .where(articles.c.story_id == story_id).order_by(articles.c.id)).all()
        out = {"id": row.id, "title": row.title,
               "first_date": row.first_date.isoformat() if row.first_date else None,
               "articles": [_article_summary(a._mapping) for a in arts]}
        out["outlets"] = len({a["outlet"] or "" for a in out["articles"]})
        return out

    def article_view(self, article_id: int) -> dict[str, Any] | None:
        """An article as JSON-ready data, with its events (every mode) and quotes."""
        row = self.article(article_id)
        if row is None:
            return None
        out = {k: row[k] for k in ("id", "doc", "url", "outlet", "title", "lang", "text",
                                   "story_id")}
        out["date"] = row["date"].isoformat() if row["date"] else None
        out["coded"] = bool(row["coded"])
        out["events"] = list(self.events(EventFilter(article=article_id, modes=("all",))))
        out["quotes"] = list(self.quotes(QuoteFilter(article=article_id)))
        return out

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


def _article_summary(row: Any) -> dict[str, Any]:
    day = row["date"]
    return {"id": row["id"], "doc": row["doc"], "title": row["title"],
            "date": day.isoformat() if day else None, "outlet": row["outlet"],
            "url": row["url"]}


def _story_dict(row: Any) -> dict[str, Any]:
    day = row["first_date"]
    return {"id": row["id"], "first_date": day.isoformat() if day else None,
            "title": row["title"], "articles": row["articles"], "outlets": row["outlets"],
            "events": row["events"]}


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


def _story_view(conn: Any, rows: list[dict[str, Any]], story_id: int, outlet: str | None,
                *, new_story: bool) -> None:
    """Keep the story-level view as an article's event ``rows`` are stored (in its
    transaction): the first report of each story-level event (``STORY_EVENT_KEY`` within the
    story) gets ``first_report`` 1 and its article and outlet counts; a later report gets 0,
    and the first report it repeats gets its counts recomputed from the story's reports."""
    known: dict[tuple[Any, ...], dict[str, Any]] = {}  # key -> first id, articles, outlets
    stale: list[int] = []  # reports wrongly marked first (bulk-loaded rows): cleared
    if not new_story:
        # One writer per story at a time (PostgreSQL; SQLite has one writer anyway), so two
        # articles of one story stored concurrently cannot both make a first report.
        conn.execute(select(stories.c.id).where(stories.c.id == story_id).with_for_update())
        q = (select(events.c.id, events.c.article_id, events.c.first_report,
                    *[events.c[c] for c in STORY_EVENT_KEY],
                    func.coalesce(articles.c.outlet, literal("")).label("outlet"))
             .join(articles, articles.c.id == events.c.article_id)
             .where(events.c.story_id == story_id).order_by(events.c.id))
        for r in conn.execute(q):
            k = tuple(r._mapping[c] for c in STORY_EVENT_KEY)
            g = known.get(k)
            if g is None:
                known[k] = {"id": r.id, "articles": {r.article_id}, "outlets": {r.outlet}}
                continue
            g["articles"].add(r.article_id)
            g["outlets"].add(r.outlet)
            if r.first_report:
                stale.append(r.id)
    repeated: list[dict[str, Any]] = []
    fresh: set[tuple[Any, ...]] = set()
    for row in rows:
        k = tuple(row[c] for c in STORY_EVENT_KEY)
        g = known.get(k)
        if g is None and k not in fresh:
            fresh.add(k)
            row.update(first_report=1, n_articles=1, n_outlets=1)
            continue
        row.update(first_report=0, n_articles=None, n_outlets=None)
        if g is not None and not g.get("updated"):
            g["updated"] = True
            repeated.append({"b_id": g["id"], "b_articles": len(g["articles"]) + 1,
                             "b_outlets": len(g["outlets"] | {outlet or ""})})
    if repeated:
        conn.execute(update(events).where(events.c.id == bindparam("b_id")).values(
            first_report=1, n_articles=bindparam("b_articles"),
            n_outlets=bindparam("b_outlets")), repeated)
    if stale:
        conn.execute(update(events).where(events.c.id.in_(stale)).values(
            first_report=0, n_articles=None, n_outlets=None))


def _quote_row(article_id: int, r: dict[str, Any]) -> dict[str, Any]:
    sp = r.get("speaker") or {}
    return {"article_id": article_id, "text": r["text"], "span_start": r["span"][0],
            "span_end": r["span"][1], "kind": r["kind"], "cue": r.get("cue"),
            "speaker_text": sp.get("text"), "speaker_name": sp.get("name"),
            "speaker_code": sp.get("code"), "speaker_country": sp.get("country")}


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    with contextlib.suppress(Exception):  # e.g. read-only media: keep the default journal
        cur.execute("PRAGMA journal_mode=WAL")
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
