"""Ingest at scale: articles/s, peak memory, and the cost of re-ingesting unchanged input.

Generates ``--n`` synthetic articles (sample-article sentences recombined, so each is
distinct), ingests them with the real pipeline into a temporary SQLite store, then
ingests them again. 10,000 articles (the default) take a while on 2 cores (the full
spaCy parse dominates); ``--n 1000`` gives the same ratios in a fraction of the time.

    .venv/bin/python bench/ingest_scale.py [--n 10000] [--workers N]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import sys
import tempfile
import time
from importlib import resources
from pathlib import Path

from flashpoint.ingest.pipeline import ingest
from flashpoint.store import Store

_SENT = re.compile(r"(?<=[.!?”\"])\s+(?=[A-Z“\"])")


def sentences() -> list[str]:
    path = resources.files("flashpoint") / "data" / "sample" / "articles.jsonl"
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            out += [s for s in _SENT.split(json.loads(line)["text"].replace("\n", " "))
                    if len(s.split()) > 5]
    return out


def generate(path: Path, n: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    pool = sentences()
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            body = rng.sample(pool, rng.randint(6, 10))
            paras = ["  ".join(body[j:j + 3]) for j in range(0, len(body), 3)]
            day = f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            fh.write(json.dumps({"id": f"syn-{i}", "text": "\n\n".join(paras),
                                 "date": day, "outlet": f"Outlet {i % 17}"}) + "\n")


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--workers", type=int, default=None)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data, db = Path(tmp) / "corpus.jsonl", Path(tmp) / "store.db"
        generate(data, args.n)
        store = Store(str(db))
        t0 = time.perf_counter()
        first = ingest([str(data)], store, workers=args.workers)
        t1 = time.perf_counter()
        again = ingest([str(data)], store, workers=args.workers)
        t2 = time.perf_counter()
        counts = store.counts()
    print(f"{args.n} synthetic articles; stored {counts['articles']} in "
          f"{counts['stories']} stories, {counts['events']} events, {counts['quotes']} quotes")
    print(f"first ingest : {t1 - t0:8.1f}s  {first.read / (t1 - t0):7.1f} articles/s  "
          f"(new {first.new}, failed {first.failed})")
    print(f"re-ingest    : {t2 - t1:8.1f}s  {again.read / (t2 - t1):7.1f} articles/s  "
          f"(new {again.new}, unchanged {again.unchanged})")
    print(f"re-ingest / first ingest time: {(t2 - t1) / (t1 - t0):.3%}")
    print(f"peak RSS (this process): {peak_rss_mib():.0f} MiB; children (workers): "
          f"{resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
