"""Exports: CSV, JSON Lines, Parquet × native, GDELT-like, ICEWS-like layouts; CLI."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from flashpoint.analysis.synthetic import escalation_store
from flashpoint.cli import app
from flashpoint.errors import FlashpointError
from flashpoint.export import LAYOUT_COLUMNS, LAYOUTS, export_events
from flashpoint.store import Store
from flashpoint.store.database import EventFilter


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Store, dict[str, Any]]:
    path = str(tmp_path_factory.mktemp("ex") / "e.db")
    store = Store(path)
    return path, store, escalation_store(store)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_csv_and_jsonl_have_the_layout_columns(db: Any, tmp_path: Path, layout: str) -> None:
    _, store, _ = db
    names = [c[0] for c in LAYOUT_COLUMNS[layout]]
    n = export_events(store, str(tmp_path / "e.csv"), fmt="csv", layout=layout)
    with open(tmp_path / "e.csv", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == names
        assert len(list(reader)) == n == store.count_events()
    export_events(store, str(tmp_path / "e.jsonl"), fmt="jsonl", layout=layout)
    rows = [json.loads(line) for line in (tmp_path / "e.jsonl").read_text().splitlines()]
    assert len(rows) == n and list(rows[0]) == names


def test_gdelt_counts_articles_and_outlets(db: Any, tmp_path: Path) -> None:
    _, store, info = db
    export_events(store, str(tmp_path / "g.jsonl"), fmt="jsonl", layout="gdelt",
                  f=EventFilter(story=info["spike_story"]))
    rows = [json.loads(line) for line in (tmp_path / "g.jsonl").read_text().splitlines()]
    assert len(rows) == 3
    force = next(r for r in rows if r["EventCode"] == "190")
    assert force["NumMentions"] == 3 and force["NumSources"] == 3
    assert force["SQLDATE"] == int(info["spike_week"].strftime("%Y%m%d"))
    assert force["EventRootCode"] == "19" and force["QuadClass"] == 4
    assert force["Actor1CountryCode"] == "PRK" and force["Actor2CountryCode"] == "USA"
    assert force["GoldsteinScale"] == -10.0 and force["SOURCEURL"].startswith("https://")


def test_icews_names_and_story(db: Any, tmp_path: Path) -> None:
    _, store, info = db
    export_events(store, str(tmp_path / "i.jsonl"), fmt="jsonl", layout="icews",
                  f=EventFilter(story=info["spike_story"], cameo="190"))
    (row,) = [json.loads(line) for line in (tmp_path / "i.jsonl").read_text().splitlines()]
    assert row["Source Country"] == "North Korea" and row["Target Country"] == "United States"
    assert row["Source Sectors"] == "Government"
    assert row["CAMEO Code"] == "190" and row["Intensity"] == -10.0
    assert row["Story ID"] == info["spike_story"] and row["Sentence Number"] == 1
    assert row["Number of Articles"] == 3 and row["Event Text"]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_parquet_round_trip(db: Any, tmp_path: Path, layout: str) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    _, store, _ = db
    n = export_events(store, str(tmp_path / "e.parquet"), fmt="parquet", layout=layout)
    table = pq.read_table(tmp_path / "e.parquet")
    assert table.num_rows == n and table.column_names == [c[0] for c in LAYOUT_COLUMNS[layout]]
    empty = export_events(store, str(tmp_path / "none.parquet"), fmt="parquet",
                          layout=layout, f=EventFilter(source="ZZZ"))
    assert empty == 0 and pq.read_table(tmp_path / "none.parquet").num_rows == 0


def test_bad_options(db: Any) -> None:
    _, store, _ = db
    with pytest.raises(FlashpointError, match="--format"):
        export_events(store, None, fmt="xlsx")
    with pytest.raises(FlashpointError, match="--layout"):
        export_events(store, None, layout="acled")
    with pytest.raises(FlashpointError, match="--out"):
        export_events(store, None, fmt="parquet")


def test_cli_export_trend_alerts(db: Any, tmp_path: Path) -> None:
    path, _, info = db
    runner = CliRunner()
    r = runner.invoke(app, ["export", "--db", path, "--format", "csv", "--layout", "gdelt"])
    assert r.exit_code == 0, r.output
    assert r.stdout.splitlines()[0].startswith("GlobalEventID,SQLDATE,")
    out = tmp_path / "x.parquet"
    r = runner.invoke(app, ["export", "--db", path, "-f", "parquet", "-o", str(out)])
    assert r.exit_code == 0 and out.exists()
    r = runner.invoke(app, ["trend", "usa", "prk", "--db", path, "--format", "jsonl",
                            "--plot", str(tmp_path / "t.png")])
    assert r.exit_code == 0, r.output
    rows = [json.loads(line) for line in r.stdout.splitlines() if line.startswith("{")]
    assert rows[-1]["alert"] is True and not any(x["alert"] for x in rows[:-1])
    assert (tmp_path / "t.png").stat().st_size > 10_000
    r = runner.invoke(app, ["alerts", "--db", path, "--format", "jsonl"])
    assert r.exit_code == 0
    alert = json.loads(r.stdout.splitlines()[0])
    assert alert["period"] == info["spike_week"].isoformat() and alert["drivers"]
    r = runner.invoke(app, ["alerts", "--db", path, "--dyad", "USA"])
    assert r.exit_code != 0
    r = runner.invoke(app, ["trend", "USA", "PRK", "--db", path, "--by", "year"])
    assert r.exit_code != 0
