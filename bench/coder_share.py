"""The coder's share of end-to-end time: flashpoint's components vs the spaCy parse.

Parses the same texts once with the bare pipeline, then runs flashpoint's components
(actors, events, quotes, records) over the parsed docs, single process, and prints
each component's time and the coder's share (aim: under 20%).

    python bench/coder_share.py [--n 300]
"""

from __future__ import annotations

import argparse
import json
import time

from flashpoint.datafiles import data_path
from flashpoint.nlp import COMPONENTS, load_pipeline


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=300, help="articles (default 300)")
    args = ap.parse_args()
    base = [json.loads(x)["text"]
            for x in data_path("sample", "articles.jsonl").read_text().splitlines()]
    texts = [base[i % len(base)] + f"\n\nBulletin {i}." for i in range(args.n)]
    full = load_pipeline()
    with full.select_pipes(disable=list(COMPONENTS)):  # the same vocab, spaCy's own parts
        list(full.pipe(texts[:10]))  # warm-up
        t0 = time.perf_counter()
        docs = list(full.pipe(texts, batch_size=32))
        parse = time.perf_counter() - t0
    spent = dict.fromkeys(COMPONENTS, 0.0)
    for doc in docs:
        for name in COMPONENTS:
            t = time.perf_counter()
            full.get_pipe(name)(doc)
            spent[name] += time.perf_counter() - t
    coder = sum(spent.values())
    words = sum(len(t.split()) for t in texts)
    print(f"{args.n} articles, {words} words, one process")
    print(f"spaCy parse (bare pipeline): {parse:6.2f}s")
    for name, s in spent.items():
        print(f"  {name:<20} {s:6.2f}s")
    print(f"flashpoint components      : {coder:6.2f}s")
    print(f"coder share of end-to-end  : {coder / (parse + coder):.1%}")


if __name__ == "__main__":
    main()
