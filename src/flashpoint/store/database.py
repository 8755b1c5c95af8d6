"""The Store: write coded articles atomically, read events and quotes back with filters."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    and_,
    case,
    create_engine,
    event,
    func,
    insert,
    literal,
    select,
    text,
    true,
)
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from flashpoint.article import Article
from flashpoint.errors import StoreError
from flashpoint.store.filters import (  # noqa: F401 - re-exported: one import place for users
    MODES,
    STORY_KEY,
    EventFilter,
    QuoteFilter,
    _by_report,
    _event_conditions,
    _period,
    _story_group_columns,
    actor_match,
    country_codes,
    prefix_match,
)
from flashpoint.store.rows import (
    _article_summary,
    _event_row,
    _quote_row,
    _story_dict,
    _story_view,
    event_dict,
    quote_dict,
)
from flashpoint.store.schema import (
    MIGRATIONS,
    article_minhash,
    articles,
    backfill_story_view,
    events,
    metadata,
    migrations_table,
    quotes,
    stories,
)


def _url(db: str) -> str:
    """A file name means SQLite; ``postgresql://`` and ``postgres://`` use psycopg 3."""
    if "://" not in db:
        return f"sqlite:///{db}"
    scheme, rest = db.split("://", 1)
    if scheme in ("postgresql", "postgres"):
        return f"postgresql+psycopg://{rest}"
    return db


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
            # SQLite: wait up to 30 s for another writer's lock instead of failing
            # ("database is locked") while an ingest and a server share one file
            extra = {"connect_args": {"timeout": 30}} if self.url.startswith("sqlite") else {}
            self.engine: Engine = create_engine(self.url, future=True, **extra)
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
