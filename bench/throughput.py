"""Throughput: `flashpoint ingest` vs a bare spaCy `nlp.pipe` parse of the same texts.

Both run in this process on the same texts with the same worker count; the ratio
(ingest articles/s ÷ bare-parse articles/s) is what we track (aim ≥ 0.8).

    python bench/throughput.py [--n 400] [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from flashpoint.datafiles import data_path
from flashpoint.ingest.extract import detect_language
from flashpoint.ingest.pipeline import default_workers, ingest
from flashpoint.nlp import load_pipeline, load_spacy
from flashpoint.store import open_store


def corpus(n: int) -> list[dict]:
    base = [json.loads(x) for x in data_path("sample", "articles.jsonl").read_text().splitlines()]
    out = []
    for i in range(n):
        rec = dict(base[i % len(base)])
        rec["id"] = f"{rec['id']}-{i}"
        rec["text"] = rec["text"] + f"\n\nBulletin {i} of the benchmark run."
        out.append(rec)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=400, help="articles (default 400)")
    ap.add_argument("--workers", type=int, default=default_workers())
    args = ap.parse_args()
    recs = corpus(args.n)
    texts = [r["text"] for r in recs]
    words = sum(len(t.split()) for t in texts)
    print(f"{args.n} articles, {words} words, {args.workers} worker(s)")

    nlp = load_spacy()
    for _ in nlp.pipe(texts[:20], batch_size=32, n_process=1):  # warm-up
        pass
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32, n_process=args.workers):
        pass
    bare = time.perf_counter() - t0
    print(f"bare nlp.pipe parse : {args.n / bare:7.1f} articles/s ({bare:.1f}s)")

    # warm start for both: the bare run's model was loaded before its clock started too
    load_pipeline()
    detect_language("warm up the bundled language model before timing")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "corpus.jsonl"
        src.write_text("\n".join(json.dumps(r) for r in recs))
        store = open_store(str(Path(tmp) / "bench.db"))
        t0 = time.perf_counter()
        summary = ingest([str(src)], store, workers=args.workers)
        full = time.perf_counter() - t0
        print(f"flashpoint ingest   : {args.n / full:7.1f} articles/s ({full:.1f}s; "
              f"{summary.events} events, {summary.quotes} quotes)")
        t0 = time.perf_counter()
        again = ingest([str(src)], store, workers=args.workers)
        re = time.perf_counter() - t0
        print(f"re-ingest unchanged : {re:.2f}s ({again.unchanged} unchanged) = "
              f"{re / full:.1%} of the first ingest")
    print(f"ratio ingest / bare parse: {bare / full:.2f}")


if __name__ == "__main__":
    main()
