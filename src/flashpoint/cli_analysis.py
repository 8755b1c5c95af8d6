"""Analyst commands of the ``flashpoint`` CLI: trend, alerts, export, serve.

A thin layer: options are parsed and checked here, ``flashpoint.analysis``,
``flashpoint.export`` and ``flashpoint.api`` do the work.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from flashpoint import output
from flashpoint.cli import DbOpt, _check_format, _date, app, err
from flashpoint.errors import FlashpointError

ByOpt = Annotated[str, typer.Option("--by", help="Period: day, week or month.")]
SinceOpt = Annotated[str | None, typer.Option(help="From date (YYYY-MM-DD).")]
UntilOpt = Annotated[str | None, typer.Option(help="To date (YYYY-MM-DD).")]
ThresholdOpt = Annotated[float, typer.Option(help="Alert when the z-score reaches this.")]
WindowOpt = Annotated[int, typer.Option(help="Baseline: this many previous periods.")]


def _alert_config(by: str, threshold: float, window: int) -> Any:
    from flashpoint.analysis import AlertConfig

    return AlertConfig(by=by, threshold=threshold, window=window,
                       min_history=min(4, window)).check()


@app.command()
def trend(
    a: Annotated[str, typer.Argument(help="One side: country or actor code prefix (USA).")],
    b: Annotated[str, typer.Argument(help="The other side (PRK, PRKMIL, IGOUNO).")],
    db: DbOpt = "flashpoint.db",
    by: ByOpt = "week",
    since: SinceOpt = None,
    until: UntilOpt = None,
    directed: Annotated[bool, typer.Option("--directed", help="Only A → B, not both ways.")
                        ] = False,
    plot: Annotated[Path | None, typer.Option("--plot", help="Also draw the trend to this "
                                                             "PNG file.")] = None,
    threshold: ThresholdOpt = 3.0,
    window: WindowOpt = 8,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv or jsonl.")] = "table",
) -> None:
    """A dyad's events per period: QuadClass mix, Goldstein sum and mean, alerts."""
    from flashpoint.analysis import alerts
    from flashpoint.analysis import trend as dyad_trend
    from flashpoint.analysis.dyads import sparkline
    from flashpoint.store import open_store
    from flashpoint.store.database import EventFilter

    _check_format(fmt, output.FORMATS)
    cfg = _alert_config(by, threshold, window)
    f = EventFilter(since=_date(since, "--since"), until=_date(until, "--until"))
    store = open_store(db)
    rows = dyad_trend(store, a.upper(), b.upper(), by=by, both=not directed, f=f)
    found = alerts(store, dyad=(a.upper(), b.upper()), config=cfg, since=f.since,
                   until=f.until) if not directed else []
    flagged = {x["period"] for x in found}
    for r in rows:
        r["alert"] = r["period"] in flagged
    if plot is not None:
        from flashpoint.analysis.plot import plot_trend

        arrow = "→" if directed else "↔"
        plot_trend(rows, found, plot, title=f"{a.upper()} {arrow} {b.upper()}: events per {by}",
                   by=by)
        err.print(f"chart written to {plot}", highlight=False)
    if fmt == "jsonl":
        output.write_jsonl(rows, sys.stdout)
        return
    if fmt == "csv":
        output.write_csv(rows, list(rows[0]) if rows else ["period"], sys.stdout)
        return
    t = Table(title=f"{a.upper()} {'→' if directed else '↔'} {b.upper()} per {by} "
                    f"{sparkline([r['goldstein_mean'] for r in rows])}")
    for col in ("period", "events", "articles", "Goldstein sum", "mean", "verb. coop",
                "mat. coop", "verb. confl", "mat. confl", "alert"):
        t.add_column(col)
    for r in rows:
        t.add_row(r["period"], str(r["events"]), str(r["articles"]),
                  f"{r['goldstein_sum']:+.1f}", f"{r['goldstein_mean']:+.1f}",
                  str(r["verbal_cooperation"]), str(r["material_cooperation"]),
                  str(r["verbal_conflict"]), str(r["material_conflict"]),
                  "[bold red]ALERT[/bold red]" if r["alert"] else "")
    output.print_table(t)


@app.command()
def alerts(
    db: DbOpt = "flashpoint.db",
    since: SinceOpt = None,
    until: UntilOpt = None,
    by: ByOpt = "week",
    threshold: ThresholdOpt = 3.0,
    window: WindowOpt = 8,
    dyad: Annotated[str | None, typer.Option(help="Only this dyad, as A,B (USA,PRK).")
                    ] = None,
    events_per_alert: Annotated[int, typer.Option("--events", help="Driving events to list "
                                                                   "per alert.")] = 5,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or jsonl.")] = "table",
) -> None:
    """Escalation alerts: dyads whose conflict jumps above their own recent baseline."""
    from flashpoint.analysis import alerts as find_alerts
    from flashpoint.store import open_store

    _check_format(fmt, ("table", "jsonl"))
    pair = None
    if dyad:
        parts = [p.strip().upper() for p in dyad.split(",")]
        if len(parts) != 2 or not all(parts):
            raise FlashpointError(f"--dyad must look like USA,PRK, not {dyad!r}")
        pair = (parts[0], parts[1])
    found = find_alerts(open_store(db), since=_date(since, "--since"),
                        until=_date(until, "--until"), dyad=pair,
                        config=_alert_config(by, threshold, window),
                        max_events=events_per_alert)
    if fmt == "jsonl":
        for a in found:
            print(json.dumps(a, ensure_ascii=False))
        return
    if not found:
        err.print("no alerts", highlight=False)
        return
    t = Table(title=f"Escalation alerts (z ≥ {threshold} over {window} {by}s)", show_lines=True)
    for col in ("period", "dyad", "z", "volume", "baseline", "events", "driving events"):
        t.add_column(col, overflow="fold")
    for a in found:
        drivers = "\n".join(
            f"{e['date']} {output.actor_label(e['source'])} {e['cameo']} "
            f"{output.actor_label(e['target'])} {e['goldstein']:+.0f} "
            f"[{e['articles']} art.] {output._clip(e['sentence'], 70)}"
            for e in a["drivers"])
        t.add_row(a["period"], f"{a['source']}–{a['target']}", f"{a['z']:.1f}",
                  f"{a['volume']:.0f}", f"{a['baseline_mean']:.1f}±{a['baseline_std']:.1f}",
                  str(a["events"]), drivers)
    output.print_table(t)


@app.command()
def export(
    db: DbOpt = "flashpoint.db",
    fmt: Annotated[str, typer.Option("--format", "-f", help="csv, jsonl or parquet.")] = "csv",
    layout: Annotated[str, typer.Option(help="Columns: native, gdelt or icews "
                                             "(docs/exports.md).")] = "native",
    out: Annotated[str | None, typer.Option("--out", "-o", help="Output file (default: "
                                                                "standard output).")] = None,
    source: Annotated[str | None, typer.Option(help="Source country or code prefix.")] = None,
    target: Annotated[str | None, typer.Option(help="Target country or code prefix.")] = None,
    cameo: Annotated[str | None, typer.Option(help="CAMEO code prefix.")] = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    mode: Annotated[list[str], typer.Option(help="Modes to include (repeatable), or all.")
                    ] = ["asserted"],  # noqa: B006 - typer needs a literal default
) -> None:
    """Export events, each counted once per story with its article and outlet counts."""
    from flashpoint.export import check, export_events
    from flashpoint.store import open_store
    from flashpoint.store.database import MODES, EventFilter

    check(fmt, layout)
    for m in mode:
        if m not in (*MODES, "all"):
            raise FlashpointError(f"--mode must be one of {', '.join(MODES)} or all, not {m!r}")
    f = EventFilter(source=source, target=target, cameo=cameo, since=_date(since, "--since"),
                    until=_date(until, "--until"), modes=tuple(mode))
    n = export_events(open_store(db), out, fmt=fmt, layout=layout, f=f)
    if out not in (None, "-"):
        err.print(f"{n} events written to {out} ({fmt}, {layout} layout)", highlight=False)


@app.command()
def serve(
    db: DbOpt = "flashpoint.db",
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    ingest_token: Annotated[str | None, typer.Option(
        "--ingest-token", envvar="FLASHPOINT_INGEST_TOKEN",
        help="Enable POST /api/ingest for clients sending this Bearer token "
             "(read-only without it).")] = None,
) -> None:
    """Serve the HTTP API (/api, /docs) and the web dashboard (/)."""
    try:
        import uvicorn
    except ImportError as exc:
        raise FlashpointError("serve needs uvicorn and fastapi: pip install uvicorn fastapi"
                              ) from exc
    from flashpoint.api import create_app

    application = create_app(db, ingest_token=ingest_token)
    err.print(f"flashpoint: dashboard http://{host}:{port}/ · API docs http://{host}:{port}"
              f"/docs · {'ingest enabled' if ingest_token else 'read-only'}", highlight=False)
    uvicorn.run(application, host=host, port=port, log_level="warning")
