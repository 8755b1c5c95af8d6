"""Extraction quality: flashpoint vs bare trafilatura on the article-extraction dev set.

Metric (the benchmark's): precision/recall/F1 of word 4-gram shingles of the extracted
text against the gold ``articleBody``, averaged over pages.

    .venv/bin/python bench/extraction.py [--limit N]

Reads ``../shared/data/article_extraction_dev/`` relative to the repository root and
skips with a message when it is absent.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

import trafilatura

from flashpoint.errors import InputError
from flashpoint.ingest.extract import article_from_html

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "article_extraction_dev"
_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, n: int = 4) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    return {tuple(words[i:i + n]) for i in range(max(0, len(words) - n + 1))}


def prf(pred: str, gold: str) -> tuple[float, float, float]:
    p_set, g_set = shingles(pred), shingles(gold)
    if not p_set and not g_set:
        return 1.0, 1.0, 1.0
    if not p_set or not g_set:
        return 0.0, 0.0, 0.0
    tp = len(p_set & g_set)
    p, r = tp / len(p_set), tp / len(g_set)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def flashpoint_text(html: str, url: str) -> str:
    try:
        return article_from_html(html, "page", url=url).text
    except InputError:
        return ""


def trafilatura_text(html: str, url: str) -> str:
    return trafilatura.extract(html, url=url) or ""


def score(pages: list[tuple[str, str, str]], fn: Callable[[str, str], str]
          ) -> tuple[float, float, float, float]:
    started = time.perf_counter()
    totals = [0.0, 0.0, 0.0]
    for html, url, gold in pages:
        for i, v in enumerate(prf(fn(html, url), gold)):
            totals[i] += v
    n = len(pages) or 1
    return totals[0] / n, totals[1] / n, totals[2] / n, time.perf_counter() - started


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None)
    args = ap.parse_args()
    if not (DATA / "ground-truth.json").exists():
        print(f"skipped: {DATA} not found")
        return 0
    truth = json.loads((DATA / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for pid, item in sorted(truth.items())[:args.limit]:
        path = DATA / "html" / f"{pid}.html.gz"
        if path.exists():
            html = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
            pages.append((html, item.get("url") or "", item["articleBody"]))
    print(f"{len(pages)} pages")
    fp = score(pages, flashpoint_text)
    tr = score(pages, trafilatura_text)
    for name, (p, r, f, s) in (("flashpoint", fp), ("trafilatura (default)", tr)):
        print(f"{name:22s} precision {p:.3f}  recall {r:.3f}  F1 {f:.3f}  ({s:.1f}s)")
    print(f"F1 ratio flashpoint / trafilatura: {fp[2] / tr[2]:.3f}" if tr[2] else "")
    return 0


if __name__ == "__main__":
    sys.exit(main())
