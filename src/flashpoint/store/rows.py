"""Converting between output-contract records and table rows."""


from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlalchemy import (
    bindparam,
    func,
    literal,
    select,
    update,
)

from flashpoint.store.schema import (
    STORY_EVENT_KEY,
    articles,
    events,
    stories,
)


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
