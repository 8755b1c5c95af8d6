"""FastAPI application: read-only JSON over the store, the dashboard at ``/``, and — only
when an ingest token is configured — ``POST /api/ingest``.

Every error, whatever raised it (a bad parameter, an unknown id or path, a
FlashpointError, a bug), is answered as ``{"ok": false, "error": "..."}``.
"""

from __future__ import annotations

import hmac
import tempfile
from datetime import date
from pathlib import Path as FilePath
from typing import Annotated, Any

from fastapi import FastAPI, Header, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException

from flashpoint import __version__
from flashpoint.errors import FlashpointError
from flashpoint.store import open_store
from flashpoint.store.database import MODES, EventFilter, QuoteFilter

MAX_LIMIT = 500
MAX_OFFSET = 10_000_000
MAX_INGEST_BYTES = 10 * 1024 * 1024
STATIC = FilePath(__file__).parent / "static"
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")

# Parameter types: codes are letters and digits, so every accepted value is a valid filter.
Code = Annotated[str | None, Query(pattern=r"^[A-Za-z0-9]{1,32}$",
                                   description="Country or actor code prefix: PRK, PRKGOV.")]
Cameo = Annotated[str | None, Query(pattern=r"^[0-9]{1,4}$",
                                    description="CAMEO code or prefix: 19, 190.")]
Since = Annotated[date | None, Query(description="From this date (YYYY-MM-DD).")]
Until = Annotated[date | None, Query(description="Up to this date (YYYY-MM-DD).")]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Page size (≤ {MAX_LIMIT}).")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Rows to skip.")]
Words = Annotated[str | None, Query(min_length=1, max_length=200)]
MAX_ID = 2**31 - 1  # INTEGER on both databases
Id = Annotated[int | None, Query(ge=1, le=MAX_ID)]
By = Annotated[str, Query(pattern="^(day|week|month)$", description="day, week or month.")]


class ErrorBody(BaseModel):
    ok: bool = False
    error: str


ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorBody, "description": text}
    for code, text in ((400, "Bad request"), (404, "Not found"), (422, "Invalid parameter"))
}


def error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"ok": False, "error": message}, status_code=status)


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for e in exc.errors():
        where = ".".join(str(x) for x in e.get("loc", ()) if x != "body") or "request"
        parts.append(f"{where}: {e.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


def _page(items: list[dict[str, Any]], limit: int, offset: int) -> dict[str, Any]:
    more = len(items) > limit
    return {"ok": True, "items": items[:limit], "limit": limit, "offset": offset,
            "next_offset": offset + limit if more else None}


def _dyad(value: str | None) -> tuple[str, str] | None:
    if value is None:
        return None
    parts = [p.strip().upper() for p in value.split(",")]
    if len(parts) != 2 or not all(p.isalnum() and len(p) <= 32 for p in parts):
        raise FlashpointError(f"dyad must look like USA,PRK, not {value!r}")
    return parts[0], parts[1]


def create_app(db_url: str, ingest_token: str | None = None) -> FastAPI:
    """The API and dashboard over the store at ``db_url`` (a SQLite file or database URL).

    Read-only unless ``ingest_token`` is given: then ``POST /api/ingest`` accepts JSON Lines
    article records from clients that send ``Authorization: Bearer <token>``.
    """
    store = open_store(db_url)
    app = FastAPI(title="flashpoint", version=__version__,
                  description="Political event data from news: events, quotes, stories, "
                              "dyad trends and escalation alerts. Errors are always "
                              '`{"ok": false, "error": "..."}`.')
    app.state.store = store

    @app.exception_handler(HTTPException)
    async def http_error(_r: Request, exc: HTTPException) -> JSONResponse:
        message = exc.detail if isinstance(exc.detail, str) else "error"
        if exc.status_code == 404 and message == "Not Found":
            message = "not found"
        return error(exc.status_code, message)

    @app.exception_handler(RequestValidationError)
    async def invalid(_r: Request, exc: RequestValidationError) -> JSONResponse:
        return error(422, _validation_message(exc))

    @app.exception_handler(FlashpointError)
    async def bad_input(_r: Request, exc: FlashpointError) -> JSONResponse:
        return error(400, str(exc))

    @app.exception_handler(Exception)
    async def crashed(_r: Request, exc: Exception) -> JSONResponse:
        return error(500, f"internal error: {type(exc).__name__}")

    @app.middleware("http")
    async def headers(request: Request, call_next: Any) -> Any:
        response = await call_next(request)
        response.headers["X-Content-Type-Options"] = "nosniff"
        if not request.url.path.startswith(("/docs", "/redoc")):
            response.headers["Content-Security-Policy"] = CSP
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    # -- dashboard ---------------------------------------------------------------------------
    @app.get("/", include_in_schema=False)
    def dashboard() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html")

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> FileResponse:
        files = {"app.js": "text/javascript", "app.css": "text/css"}
        if name not in files:
            raise HTTPException(404, "not found")
        return FileResponse(STATIC / name, media_type=files[name])

    # -- API ---------------------------------------------------------------------------------
    @app.get("/api/events", responses=ERRORS, tags=["events"])
    def list_events(source: Code = None, target: Code = None,
                    dyad: Annotated[str | None, Query(
                        pattern=r"^[A-Za-z0-9]{1,32},[A-Za-z0-9]{1,32}$",
                        description="Either direction: USA,PRK.")] = None,
                    cameo: Cameo = None,
                    plover: Annotated[str | None, Query(pattern=r"^[A-Za-z]{1,12}$")] = None,
                    quad_class: Annotated[int | None, Query(ge=1, le=4)] = None,
                    since: Since = None, until: Until = None,
                    mode: Annotated[list[str] | None, Query(
                        description=f"Modes ({', '.join(MODES)}, or all); default asserted."
                    )] = None,
                    story: Id = None, article: Id = None,
                    outlet: Words = None,
                    per_story: Annotated[bool, Query(
                        description="Count each event once per story, with its number of "
                                    "articles and outlets (default); false: every report."
                    )] = True,
                    limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
        """Events, filtered and paged, ordered by date."""
        modes = tuple(mode or ("asserted",))
        bad = [m for m in modes if m not in (*MODES, "all")]
        if bad:
            raise FlashpointError(f"mode must be one of {', '.join(MODES)} or all, not "
                                  f"{bad[0]!r}")
        f = EventFilter(source=source, target=target, between=_dyad(dyad), cameo=cameo,
                        plover=plover, quad_class=quad_class, since=since, until=until,
                        modes=modes, story=story, article=article, outlet=outlet,
                        limit=limit + 1, offset=offset)
        items = store.story_events(f) if per_story else list(store.events(f))
        return _page(items, limit, offset)

    @app.get("/api/quotes", responses=ERRORS, tags=["quotes"])
    def list_quotes(speaker: Words = None, actor: Code = None, contains: Words = None,
                    kind: Annotated[str | None, Query(pattern="^(direct|indirect)$")] = None,
                    since: Since = None, until: Until = None,
                    article: Id = None,
                    limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
        """Quotes by speaker, actor, words (full-text search) and date."""
        f = QuoteFilter(speaker=speaker, actor=actor, contains=contains, kind=kind,
                        since=since, until=until, article=article, limit=limit + 1,
                        offset=offset)
        return _page(list(store.quotes(f)), limit, offset)

    @app.get("/api/articles/{article_id}", responses=ERRORS, tags=["articles"])
    def get_article(article_id: Annotated[int, Path(ge=1, le=MAX_ID)]) -> dict[str, Any]:
        """An article: text, metadata, and its events (all modes) and quotes with spans."""
        found = store.article_view(article_id)
        if found is None:
            raise HTTPException(404, f"no article {article_id}")
        return {"ok": True, "article": found}

    @app.get("/api/stories", responses=ERRORS, tags=["stories"])
    def list_stories(since: Since = None, until: Until = None, contains: Words = None,
                     limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
        """Stories (near-duplicate articles clustered), with article and outlet counts."""
        items = store.stories(since=since, until=until, contains=contains, limit=limit + 1,
                              offset=offset)
        return _page(items, limit, offset)

    @app.get("/api/stories/{story_id}", responses=ERRORS, tags=["stories"])
    def get_story(story_id: Annotated[int, Path(ge=1, le=MAX_ID)]) -> dict[str, Any]:
        """A story and its articles."""
        found = store.story(story_id)
        if found is None:
            raise HTTPException(404, f"no story {story_id}")
        return {"ok": True, "story": found}

    @app.get("/api/trends", responses=ERRORS, tags=["analysis"])
    def get_trend(a: Annotated[str, Query(pattern=r"^[A-Za-z0-9]{1,32}$")],
                  b: Annotated[str, Query(pattern=r"^[A-Za-z0-9]{1,32}$")],
                  by: By = "week", since: Since = None, until: Until = None,
                  directed: bool = False) -> dict[str, Any]:
        """A dyad's events per period (QuadClass counts, Goldstein sum and mean, stories),
        with the escalation alerts of that dyad."""
        from flashpoint.analysis import AlertConfig, alerts, trend

        a, b = a.upper(), b.upper()
        f = EventFilter(since=since, until=until)
        series = trend(store, a, b, by=by, both=not directed, f=f)
        found = [] if directed else alerts(store, dyad=(a, b), since=since, until=until,
                                           config=AlertConfig(by=by))
        return {"ok": True, "a": a, "b": b, "by": by, "series": series, "alerts": found}

    @app.get("/api/alerts", responses=ERRORS, tags=["analysis"])
    def get_alerts(since: Since = None, until: Until = None, by: By = "week",
                   threshold: Annotated[float, Query(gt=0, le=100)] = 3.0,
                   window: Annotated[int, Query(ge=2, le=104)] = 8,
                   dyad: Annotated[str | None, Query(
                       pattern=r"^[A-Za-z0-9]{1,32},[A-Za-z0-9]{1,32}$")] = None,
                   limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
        """Escalation alerts, newest first (method: flashpoint.analysis.alerts)."""
        from flashpoint.analysis import AlertConfig, alerts

        cfg = AlertConfig(by=by, threshold=threshold, window=window,
                          min_history=min(4, window))
        found = alerts(store, since=since, until=until, dyad=_dyad(dyad), config=cfg)
        return _page(found[offset:offset + limit + 1], limit, offset)

    @app.get("/api/dyads", responses=ERRORS, tags=["analysis"])
    def get_dyads(since: Since = None, until: Until = None,
                  level: Annotated[str, Query(pattern="^(country|code)$")] = "country",
                  directed: bool = False, limit: Limit = 20) -> dict[str, Any]:
        """Most active dyads in the period, by events counted once per story."""
        from flashpoint.analysis import top_dyads

        items = top_dyads(store, level=level, limit=limit, directed=directed,
                          f=EventFilter(since=since, until=until))
        return {"ok": True, "items": items}

    @app.get("/api/actors", responses=ERRORS, tags=["analysis"])
    def get_actors(since: Since = None, until: Until = None,
                   role: Annotated[str, Query(pattern="^(source|target|any)$")] = "any",
                   level: Annotated[str, Query(pattern="^(country|code)$")] = "country",
                   limit: Limit = 20) -> dict[str, Any]:
        """Most active actors in the period."""
        from flashpoint.analysis import top_actors

        items = top_actors(store, role=role, level=level, limit=limit,
                           f=EventFilter(since=since, until=until))
        return {"ok": True, "items": items}

    if ingest_token:
        _add_ingest(app, store, ingest_token)
    return app


def _add_ingest(app: FastAPI, store: Any, token: str) -> None:
    @app.post("/api/ingest", responses={**ERRORS, 401: {"model": ErrorBody}}, tags=["ingest"],
              openapi_extra={"requestBody": {"required": True, "content": {
                  "application/x-ndjson": {"schema": {"type": "string"}}}}})
    async def ingest_records(request: Request,
                             authorization: Annotated[str | None, Header()] = None
                             ) -> dict[str, Any]:
        """Ingest JSON Lines article records (``{"id", "text", "date"?, "title"?, "url"?,
        "outlet"?}``) through the ingest pipeline. Needs ``Authorization: Bearer <token>``."""
        given = (authorization or "").removeprefix("Bearer ").strip()
        if not authorization or not hmac.compare_digest(given.encode(), token.encode()):
            raise HTTPException(401, "a valid Bearer token is required")
        body = await request.body()
        if len(body) > MAX_INGEST_BYTES:
            raise HTTPException(413, f"body over {MAX_INGEST_BYTES} bytes")
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise FlashpointError("body is not UTF-8 JSON Lines") from exc
        if not text.strip():
            raise FlashpointError("empty body: send JSON Lines article records")
        from starlette.concurrency import run_in_threadpool

        return await run_in_threadpool(_ingest_text, store, text)


def _ingest_text(store: Any, text: str) -> dict[str, Any]:
    from flashpoint.ingest.pipeline import ingest

    with tempfile.TemporaryDirectory(prefix="flashpoint-ingest-") as tmp:
        path = FilePath(tmp) / "request.jsonl"
        path.write_text(text, encoding="utf-8")
        summary = ingest([str(path)], store, workers=1, input_format="jsonl")
    return {"ok": summary.failed == 0, "read": summary.read, "new": summary.new,
            "unchanged": summary.unchanged, "failed": summary.failed,
            "events": summary.events, "quotes": summary.quotes, "errors": summary.errors}
