"""``flashpoint demo``: ingest the bundled sample corpus and show the first analyst views."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from flashpoint.analysis import dyad_series, top_dyads, top_speakers
from flashpoint.analysis.dyads import sparkline
from flashpoint.datafiles import data_path
from flashpoint.ingest.pipeline import ingest
from flashpoint.store import open_store
from flashpoint.store.database import EventFilter

SAMPLE = data_path("sample", "articles.jsonl")


def run_demo(db: str, *, model: str | None = None, workers: int = 1,
             console: Console | None = None) -> dict[str, object]:
    out = console or Console(width=120)
    store = open_store(db)
    summary = ingest([str(SAMPLE)], store, model=model, workers=workers)
    counts = store.counts()
    out.print(f"[bold]flashpoint demo[/bold] — sample corpus ingested into {db}")
    out.print(f"read {summary.read} articles · new {summary.new} · unchanged "
              f"{summary.unchanged} · {counts['stories']} stories · {counts['events']} events "
              f"· {counts['quotes']} quotes · {summary.seconds:.1f}s")

    dyads = top_dyads(store, limit=8)
    t = Table(title="Top dyads (asserted events, each story counted once)")
    for col in ("source", "target", "events", "conflict", "cooperation", "Goldstein sum"):
        t.add_column(col)
    for d in dyads:
        t.add_row(d["source"], d["target"], str(d["events"]), str(d["conflict"]),
                  str(d["cooperation"]), f"{d['goldstein']:+.1f}")
    out.print(t)

    main = dyads[0] if dyads else None
    if main is not None:
        a, b = main["source"], main["target"]
        series = dyad_series(store, a, b, by="week")
        t = Table(title=f"{a} ↔ {b}: weekly Goldstein trend "
                        f"{sparkline([p.goldstein_mean for p in series])}")
        for col in ("week", "events", "Goldstein mean", "verb. coop", "mat. coop",
                    "verb. confl", "mat. confl"):
            t.add_column(col)
        for p in series:
            d = p.as_dict()
            t.add_row(d["period"], str(d["events"]), f"{d['goldstein_mean']:+.1f}",
                      str(d["verbal_cooperation"]), str(d["material_cooperation"]),
                      str(d["verbal_conflict"]), str(d["material_conflict"]))
        out.print(t)
        rows = list(store.events(EventFilter(source=a, target=b)))
        rows += list(store.events(EventFilter(source=b, target=a)))
        rows.sort(key=lambda r: (r["date"] or "", r["id"]))
        t = Table(title=f"{a} ↔ {b}: event timeline")
        for col in ("date", "source", "event", "target", "Goldstein", "outlet"):
            t.add_column(col, overflow="fold")
        for r in rows:
            t.add_row(r["date"] or "", r["source"]["text"] if r["source"] else "—",
                      f"{r['cameo']} {r['plover'] or ''}",
                      r["target"]["text"] if r["target"] else "—", f"{r['goldstein']:+.1f}",
                      r["outlet"] or "")
        out.print(t)

    speakers = top_speakers(store, limit=8)
    t = Table(title="Most-quoted speakers")
    for col in ("speaker", "actor", "quotes"):
        t.add_column(col)
    for s in speakers:
        t.add_row(s["speaker"], s["code"] or "—", str(s["quotes"]))
    out.print(t)
    out.print(f"Explore: flashpoint events --db {db} --source PRK · "
              f"flashpoint quotes --db {db} --contains talks")
    return {"summary": summary, "dyads": dyads, "speakers": speakers}
