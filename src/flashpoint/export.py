"""Exports of story-level events: CSV, JSON Lines or Parquet, in three column layouts.

- ``native``: flashpoint's own columns (the output contract, flattened) plus ``articles``
  and ``outlets``: how many reports and distinct outlets stand behind each event.
- ``gdelt``: GDELT 1.0/2.0 event-table column names for the fields flashpoint has.
- ``icews``: ICEWS event-file column names.

Each layout is a list of columns (name, Parquet type, value from a record), so a new
layout is one more list. The columns are documented in docs/exports.md.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

from flashpoint.datafiles import data_path
from flashpoint.errors import FlashpointError
from flashpoint.ontology import default_ontology
from flashpoint.output import EVENT_COLUMNS, flatten
from flashpoint.store import Store
from flashpoint.store.database import EventFilter

FORMATS = ("csv", "jsonl", "parquet")
LAYOUTS = ("native", "gdelt", "icews")

Getter = Callable[[dict[str, Any]], Any]
Column = tuple[str, str, Getter]  # name, type (int|float|str|date), value


def _actor(role: str, key: str) -> Getter:
    return lambda r: (r.get(role) or {}).get(key)


def _day(r: dict[str, Any]) -> date | None:
    return date.fromisoformat(r["date"]) if r.get("date") else None


def _sqldate(r: dict[str, Any]) -> int | None:
    d = _day(r)
    return int(d.strftime("%Y%m%d")) if d else None


def _fraction_date(r: dict[str, Any]) -> float | None:
    d = _day(r)
    return round(d.year + (d.timetuple().tm_yday - 1) / 365.0, 4) if d else None


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """ISO alpha-3 → the first name in the actor dictionary's countries file."""
    names: dict[str, str] = {}
    for line in data_path("actors", "countries.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) >= 2 and parts[1]:
            names[parts[0]] = parts[1].split(";")[0].strip()
    return names


SECTOR_NAMES = {
    "GOV": "Government", "MIL": "Military", "LEG": "Legislative", "JUD": "Judicial",
    "COP": "Police", "SPY": "Intelligence", "OPP": "Opposition", "REB": "Rebels",
    "PTY": "Political Party", "BUS": "Business", "MED": "Media", "EDU": "Education",
    "CVL": "Civilian", "NGO": "Nongovernmental Organization",
    "IGO": "International Government Organization", "ELI": "Elites",
}


def _country_name(role: str) -> Getter:
    def get(r: dict[str, Any]) -> str | None:
        code = (r.get(role) or {}).get("country")
        return country_names().get(code, code) if code else None
    return get


def _sectors(role: str) -> Getter:
    def get(r: dict[str, Any]) -> str | None:
        sector = (r.get(role) or {}).get("sector")
        return SECTOR_NAMES.get(sector, sector) if sector else None
    return get


def _event_text(r: dict[str, Any]) -> str | None:
    onto = default_ontology()
    return onto[r["cameo"]].name if r["cameo"] in onto else None


def _native_type(name: str) -> str:
    if name in ("id", "article_id", "story_id", "sentence_index", "quad_class", "articles",
                "outlets"):
        return "int"
    if name == "goldstein":
        return "float"
    return "date" if name == "date" else "str"


NATIVE: list[Column] = [
    (name, _native_type(name), (lambda n: lambda r: r.get(n))(name))
    for name in [*EVENT_COLUMNS, "articles", "outlets"]
]

GDELT: list[Column] = [
    ("GlobalEventID", "int", lambda r: r["id"]),
    ("SQLDATE", "int", _sqldate),
    ("MonthYear", "int", lambda r: (_sqldate(r) or 0) // 100 or None),
    ("Year", "int", lambda r: (_sqldate(r) or 0) // 10000 or None),
    ("FractionDate", "float", _fraction_date),
    ("Actor1Code", "str", _actor("source", "code")),
    ("Actor1Name", "str", _actor("source", "text")),
    ("Actor1CountryCode", "str", _actor("source", "country")),
    ("Actor1Type1Code", "str", _actor("source", "sector")),
    ("Actor2Code", "str", _actor("target", "code")),
    ("Actor2Name", "str", _actor("target", "text")),
    ("Actor2CountryCode", "str", _actor("target", "country")),
    ("Actor2Type1Code", "str", _actor("target", "sector")),
    ("IsRootEvent", "int", lambda r: int(r["sentence_index"] == 0)),
    ("EventCode", "str", lambda r: r["cameo"]),
    ("EventBaseCode", "str", lambda r: r["cameo"][:3]),
    ("EventRootCode", "str", lambda r: r["root"]),
    ("QuadClass", "int", lambda r: r["quad_class"]),
    ("GoldsteinScale", "float", lambda r: r["goldstein"]),
    ("NumMentions", "int", lambda r: r["articles"]),
    ("NumSources", "int", lambda r: r["outlets"]),
    ("NumArticles", "int", lambda r: r["articles"]),
    ("SOURCEURL", "str", lambda r: r.get("url")),
]

ICEWS: list[Column] = [
    ("Event ID", "int", lambda r: r["id"]),
    ("Event Date", "date", lambda r: r.get("date")),
    ("Source Name", "str", _actor("source", "text")),
    ("Source Sectors", "str", _sectors("source")),
    ("Source Country", "str", _country_name("source")),
    ("Event Text", "str", _event_text),
    ("CAMEO Code", "str", lambda r: r["cameo"]),
    ("Intensity", "float", lambda r: r["goldstein"]),
    ("Target Name", "str", _actor("target", "text")),
    ("Target Sectors", "str", _sectors("target")),
    ("Target Country", "str", _country_name("target")),
    ("Story ID", "int", lambda r: r["story_id"]),
    ("Sentence Number", "int", lambda r: r["sentence_index"] + 1),
    ("Publisher", "str", lambda r: r.get("outlet")),
    ("Number of Articles", "int", lambda r: r["articles"]),
    ("Number of Outlets", "int", lambda r: r["outlets"]),
]

LAYOUT_COLUMNS: dict[str, list[Column]] = {"native": NATIVE, "gdelt": GDELT, "icews": ICEWS}


def check(fmt: str, layout: str) -> None:
    if fmt not in FORMATS:
        raise FlashpointError(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if layout not in LAYOUTS:
        raise FlashpointError(f"--layout must be one of {', '.join(LAYOUTS)}, not {layout!r}")


def rows(records: Iterable[dict[str, Any]], layout: str) -> Iterator[dict[str, Any]]:
    """Story-level event records → rows of ``layout`` (column name → value)."""
    cols = LAYOUT_COLUMNS[layout]
    for r in records:
        flat = flatten(r) if layout == "native" else r
        yield {name: get(flat) for name, _, get in cols}


def export_events(store: Store, out: str | None, *, fmt: str = "csv", layout: str = "native",
                  f: EventFilter | None = None) -> int:
    """Write story-level events matching ``f`` to ``out`` (a path; None or ``-``: stdout,
    not for Parquet). Returns the number of rows written."""
    check(fmt, layout)
    data = rows(store.iter_story_events(f), layout)
    names = [c[0] for c in LAYOUT_COLUMNS[layout]]
    if fmt == "parquet":
        if out in (None, "-"):
            raise FlashpointError("Parquet is binary: give --out FILE")
        return write_parquet(data, LAYOUT_COLUMNS[layout], Path(out))  # type: ignore[arg-type]
    if out in (None, "-"):
        return _write_text(data, names, fmt, sys.stdout)
    with open(out, "w", encoding="utf-8", newline="") as fh:  # type: ignore[arg-type]
        return _write_text(data, names, fmt, fh)


def _write_text(data: Iterable[dict[str, Any]], names: list[str], fmt: str,
                out: IO[str]) -> int:
    n = 0
    if fmt == "csv":
        w = csv.DictWriter(out, fieldnames=names)
        w.writeheader()
        for row in data:
            w.writerow(row)
            n += 1
    else:
        for row in data:
            out.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
            n += 1
    return n


def write_parquet(data: Iterable[dict[str, Any]], columns: list[Column], path: Path,
                  batch: int = 50_000) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise FlashpointError("Parquet export needs pyarrow: pip install pyarrow") from exc
    types = {"int": pa.int64(), "float": pa.float64(), "str": pa.string(),
             "date": pa.date32()}
    schema = pa.schema([(name, types[kind]) for name, kind, _ in columns])
    n = 0
    with pq.ParquetWriter(path, schema) as writer:
        chunk: list[dict[str, Any]] = []
        for row in data:
            chunk.append(_typed(row, columns))
            if len(chunk) >= batch:
                writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
                n += len(chunk)
                chunk = []
        if chunk or n == 0:
            writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
            n += len(chunk)
    return n


def _typed(row: dict[str, Any], columns: list[Column]) -> dict[str, Any]:
    out = dict(row)
    for name, kind, _ in columns:
        if kind == "date" and isinstance(out.get(name), str):
            out[name] = date.fromisoformat(out[name])
    return out
