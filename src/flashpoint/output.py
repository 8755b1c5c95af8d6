"""Writing records as JSON Lines, CSV or a terminal table."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable
from typing import Any, TextIO

from rich.console import Console
from rich.table import Table

FORMATS = ("table", "jsonl", "csv")


def flatten(record: dict[str, Any]) -> dict[str, Any]:
    """Nested actors become prefixed columns: source.code → source_code."""
    out: dict[str, Any] = {}
    for key, value in record.items():
        if isinstance(value, dict):
            for k, v in value.items():
                out[f"{key}_{k}"] = v
        elif key in ("source", "target", "speaker", "attributed_to") and value is None:
            continue
        elif isinstance(value, list):
            out[key] = json.dumps(value)
        else:
            out[key] = value
    return out


def write_jsonl(records: Iterable[dict[str, Any]], out: TextIO | None = None) -> int:
    out = out or sys.stdout
    n = 0
    for r in records:
        out.write(json.dumps(r, ensure_ascii=False) + "\n")
        n += 1
    return n


def write_csv(records: Iterable[dict[str, Any]], columns: list[str],
              out: TextIO | None = None) -> int:
    w = csv.DictWriter(out or sys.stdout, fieldnames=columns, extrasaction="ignore")
    w.writeheader()
    n = 0
    for r in records:
        w.writerow(flatten(r))
        n += 1
    return n


def actor_label(actor: dict[str, Any] | None) -> str:
    if not actor:
        return "—"
    return f"{actor.get('code')} ({actor.get('text')})"


def event_table(records: Iterable[dict[str, Any]], title: str = "Events") -> Table:
    t = Table(title=title, show_lines=False)
    for col in ("date", "source", "cameo", "target", "gold.", "mode", "sentence"):
        t.add_column(col, overflow="fold")
    for r in records:
        t.add_row(r.get("date") or "", actor_label(r.get("source")),
                  f"{r['cameo']} {r.get('plover') or ''}", actor_label(r.get("target")),
                  f"{r['goldstein']:+.1f}", r["mode"], _clip(r["sentence"], 90))
    return t


def quote_table(records: Iterable[dict[str, Any]], title: str = "Quotes") -> Table:
    t = Table(title=title)
    for col in ("date", "speaker", "code", "kind", "quote"):
        t.add_column(col, overflow="fold")
    for r in records:
        sp = r.get("speaker") or {}
        t.add_row(r.get("date") or "", sp.get("name") or sp.get("text") or "—",
                  sp.get("code") or "—", r["kind"], _clip(r["text"], 100))
    return t


def _clip(s: str, n: int) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


def print_table(table: Table) -> None:
    Console(width=max(120, Console().width), file=sys.stdout).print(table)


EVENT_COLUMNS = [
    "id", "date", "doc", "article_id", "story_id", "sentence_index", "source_text",
    "source_code", "source_country", "source_sector", "cameo", "root", "plover", "goldstein",
    "quad_class", "target_text", "target_code", "target_country", "target_sector", "mode",
    "attributed_to_name", "attributed_to_code", "pattern", "span", "sentence", "outlet", "url",
]
QUOTE_COLUMNS = ["id", "date", "doc", "article_id", "speaker_text", "speaker_name",
                 "speaker_code", "speaker_country", "kind", "cue", "text", "span", "outlet"]
