"""Query benchmark: a store of N events (default 1,000,000), bulk-inserted, then

1. a dyad trend query (``flashpoint.analysis.trend``, weekly, both directions) for the
   busiest dyad and a middling one;
2. a filtered event page (``Store.story_events``: source, CAMEO root, date range, 50 rows);
3. the HTTP API's requests per second for ``/api/events`` pages with ``--clients``
   concurrent keep-alive clients on 127.0.0.1, for ``--seconds`` (bounded), counting errors.

On SQLite always; on PostgreSQL too when FLASHPOINT_TEST_PG_URL is set (a fresh database
is created there and dropped afterwards). The events are bulk-inserted, then the story-level
view is built as migration 4 backfills it (``Store.rebuild_story_view``, timed) and the
planner's statistics are gathered (ANALYZE). Prints milliseconds (median of ``--repeat`` runs
after one warm-up) and the ratio to the 200 ms aim.

    .venv/bin/python bench/query.py --events 1000000
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, insert, text

from flashpoint.analysis import trend
from flashpoint.ontology import default_ontology
from flashpoint.store import Store
from flashpoint.store.database import EventFilter, _url
from flashpoint.store.schema import articles, events, stories

COUNTRIES = ["USA", "CHN", "RUS", "UKR", "PRK", "KOR", "JPN", "IND", "PAK", "IRN", "ISR",
             "PSE", "SYR", "TUR", "SAU", "GBR", "FRA", "DEU", "BRA", "MEX", "NGA", "ETH",
             "SDN", "AFG", "IRQ", "VEN", "COL", "EGY", "LBY", "YEM", "POL", "TWN", "PHL",
             "VNM", "MMR", "SOM", "MLI", "CAN", "AUS", "ZAF"]
SECTORS = ["GOV", "MIL", "GOV", "OPP", "CVL", "REB", "COP", ""]
OUTLETS = [f"Outlet {i}" for i in range(60)]
START = date(2022, 1, 1)
DAYS = 3 * 365
EVENTS_PER_ARTICLE = 4
BATCH = 20_000


def generate(store: Store, n_events: int, seed: int = 1) -> None:
    """Bulk-insert ~n_events events: 4 per article; 1 article in 4 is a reprint (another
    outlet, same story, same events) so story-level counting has work to do."""
    rng = random.Random(seed)
    onto = default_ontology()
    codes = [c for c in (f"{r:02d}{s}" for r in range(1, 21) for s in ("", "0", "1", "2", "3"))
             if c in onto]
    weights = [1 / (i + 1) for i in range(len(COUNTRIES))]  # Zipf: a few dyads dominate
    now = datetime.now(UTC)
    story_rows: list[dict[str, Any]] = []
    article_rows: list[dict[str, Any]] = []
    event_rows: list[dict[str, Any]] = []
    next_story = next_article = next_event = 1
    last: tuple[int, date, list[dict[str, Any]]] | None = None

    def flush(final: bool = False) -> None:
        if len(event_rows) < BATCH and not final:
            return
        with store.engine.begin() as conn:
            if story_rows:
                conn.execute(insert(stories), story_rows)
            if article_rows:
                conn.execute(insert(articles), article_rows)
            if event_rows:
                conn.execute(insert(events), event_rows)
        story_rows.clear()
        article_rows.clear()
        event_rows.clear()

    while next_event <= n_events:
        reprint = last is not None and rng.random() < 0.25
        if reprint:
            assert last is not None
            sid, day, evs = last
        else:
            sid, day = next_story, START + timedelta(days=rng.randrange(DAYS))
            story_rows.append({"id": sid, "first_date": day, "title": f"Story {sid}"})
            next_story += 1
            evs = []
            for i in range(EVENTS_PER_ARTICLE):
                s, t = rng.choices(COUNTRIES, weights, k=2)
                if s == t:
                    t = COUNTRIES[(COUNTRIES.index(s) + 1) % len(COUNTRIES)]
                c = onto[rng.choice(codes)]
                ss, ts = rng.choice(SECTORS), rng.choice(SECTORS)
                evs.append({"sentence_index": i, "sentence": f"{s} {c.name} {t}.",
                            "span_start": i * 40, "span_end": i * 40 + 30, "date": day,
                            "source_text": s, "source_code": s + ss, "source_country": s,
                            "source_sector": ss or None, "target_text": t,
                            "target_code": t + ts, "target_country": t,
                            "target_sector": ts or None, "cameo": c.code, "root": c.root,
                            "goldstein": c.goldstein, "quad_class": c.quad_class,
                            "plover": c.plover, "mode": "asserted" if rng.random() < 0.9
                            else "hypothetical", "attributed_to": None,
                            "pattern": "bench"})
        aid = next_article
        next_article += 1
        article_rows.append({"id": aid, "hash": uuid.UUID(int=rng.getrandbits(128)).hex * 2,
                             "doc": f"a{aid}", "url": f"https://news.example/{aid}",
                             "outlet": rng.choice(OUTLETS), "title": f"Article {aid}",
                             "date": day, "lang": "en", "coded": 1,
                             "text": " ".join(e["sentence"] for e in evs), "story_id": sid,
                             "ingested_at": now})
        for e in evs:
            event_rows.append({**e, "id": next_event, "article_id": aid, "story_id": sid})
            next_event += 1
        last = (sid, day, evs)
        flush()
    flush(final=True)
    if store.dialect == "postgresql":  # explicit ids were inserted: move the sequences on
        with store.engine.begin() as conn:
            for table in ("stories", "articles", "events"):
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                  f"(SELECT max(id) FROM {table}))"))


def load(store: Store, n_events: int, label: str) -> None:
    """Generate, then build the story-level view as the migration's backfill does (the bulk
    insert bypasses ``Store.add_article``, which keeps it at write time) and ANALYZE."""
    t = time.perf_counter()
    generate(store, n_events)
    print(f"  {label:10} generated in {time.perf_counter() - t:.1f} s "
          f"({store.counts()})", flush=True)
    t = time.perf_counter()
    store.rebuild_story_view()
    print(f"  {label:10} story view backfilled and analyzed in "
          f"{time.perf_counter() - t:.1f} s", flush=True)


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    result = fn()  # warm-up
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), result


def run_queries(store: Store, label: str, repeat: int) -> None:
    with store.engine.connect() as conn:
        dyads = conn.execute(text(
            "SELECT source_country, target_country, count(*) AS n FROM events "
            "GROUP BY source_country, target_country ORDER BY n DESC")).all()
    busiest, middling = dyads[0], dyads[len(dyads) // 2]
    cases: list[tuple[str, Callable[[], Any]]] = [
        (f"dyad trend, busiest dyad {busiest[0]}↔{busiest[1]} (weekly)",
         lambda: trend(store, busiest[0], busiest[1], by="week")),
        (f"dyad trend, middling dyad {middling[0]}↔{middling[1]} (weekly)",
         lambda: trend(store, middling[0], middling[1], by="week")),
        ("event page: source=USA cameo=19* 2023, 50 rows",
         lambda: store.story_events(EventFilter(source="USA", cameo="19",
                                                since=date(2023, 1, 1),
                                                until=date(2023, 12, 31), limit=50))),
        (f"event page: dyad {busiest[0]},{busiest[1]}, offset 1000, 50 rows",
         lambda: store.story_events(EventFilter(between=(busiest[0], busiest[1]), limit=50,
                                                offset=1000))),
    ]
    for name, fn in cases:
        ms, result = timed(fn, repeat)
        rows = sum(r["events"] for r in result) if name.startswith("dyad") else len(result)
        print(f"  {label:10} {name:58} {ms:8.1f} ms  ({ms / 200:.2f}× the 200 ms aim; "
              f"{rows} {'events' if name.startswith('dyad') else 'rows'})", flush=True)


def http_bench(db: str, clients: int, seconds: float, path: str) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "flashpoint", "serve", "--db", db,
                             "--port", str(port)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise SystemExit("server did not start: " +
                                     (proc.stderr.read().decode() if proc.stderr else "")
                                     ) from None
                time.sleep(0.1)
        ok = [0] * clients
        errors = [0] * clients
        stop_at = time.monotonic() + seconds

        def client(i: int) -> None:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            while time.monotonic() < stop_at:
                try:
                    conn.request("GET", path)
                    resp = conn.getresponse()
                    body = resp.read()
                    if resp.status == 200 and json.loads(body)["ok"]:
                        ok[i] += 1
                    else:
                        errors[i] += 1
                except (OSError, http.client.HTTPException, ValueError):
                    errors[i] += 1
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.close()

        threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - t0
        print(f"  HTTP GET {path}: {clients} clients, {elapsed:.1f} s: "
              f"{sum(ok) / elapsed:.0f} requests/s, {sum(ok)} ok, {sum(errors)} errors",
              flush=True)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


HTTP_PATH = "/api/events?source=USA&cameo=19&since=2023-01-01&limit=50"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--db", help="SQLite file to (re)use; default: a temporary file")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--no-http", action="store_true")
    args = ap.parse_args()

    tmp = tempfile.mkdtemp(prefix="fp-bench-")
    db = args.db or str(Path(tmp) / "bench.db")
    fresh = not Path(db).exists()
    store = Store(db)
    print(f"flashpoint query benchmark: {args.events:,} events", flush=True)
    if fresh:
        load(store, args.events, "sqlite")
    run_queries(store, "sqlite", args.repeat)
    if not args.no_http:
        http_bench(db, args.clients, args.seconds, HTTP_PATH)

    pg = os.environ.get("FLASHPOINT_TEST_PG_URL")
    if not pg:
        print("  postgresql skipped: FLASHPOINT_TEST_PG_URL is not set", flush=True)
        return
    admin = create_engine(_url(pg), isolation_level="AUTOCOMMIT")
    name = f"fp_bench_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        pg_url = pg.rpartition("/")[0] + "/" + name
        pg_store = Store(pg_url)
        load(pg_store, args.events, "postgresql")
        run_queries(pg_store, "postgresql", args.repeat)
        pg_store.engine.dispose()
        if not args.no_http:
            http_bench(pg_url, args.clients, args.seconds, HTTP_PATH)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()
