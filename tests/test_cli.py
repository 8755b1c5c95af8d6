"""Every command: documented, runs, and bad input gets one clear line (no traceback)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from flashpoint.cli import app
from flashpoint.store import open_store

NEWS = ("North Korea fired two ballistic missiles into the sea on Tuesday. "
        "Seoul condemned the launch and imposed new sanctions on Pyongyang.\n\n"
        "“This provocation will not go unanswered,” South Korea's defence minister said.")


def _commands():
    import typer.main

    return typer.main.get_command(app).commands  # type: ignore[attr-defined]


def test_every_command_has_help_text():
    cmds = _commands()
    for name in ("code", "extract", "ingest", "events", "quotes", "demo", "eval",
                 "check-dictionaries"):
        assert name in cmds
    for name, cmd in cmds.items():
        assert cmd.help and len(cmd.help) > 10, name


def test_every_command_is_documented_in_the_readme():
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    for name in _commands():
        assert f"flashpoint {name}" in readme, name


def test_code_prints_contract_jsonl(cli, nlp, tmp_path):
    f = tmp_path / "news.txt"
    f.write_text(NEWS)
    res = cli("code", str(f), "--format", "jsonl")
    assert res.exit_code == 0
    recs = [json.loads(x) for x in res.stdout.splitlines()]
    kinds = {r["type"] for r in recs}
    assert kinds == {"event", "quote"}
    assert all(r["doc"] == "news.txt" for r in recs)


def test_code_reads_jsonl_records_from_stdin(cli, nlp):
    line = json.dumps({"id": "r1", "text": "Russian troops attacked Kyiv.",
                       "date": "2023-02-01"})
    res = cli("code", "-", "--input-format", "jsonl", input=line + "\n")
    assert res.exit_code == 0
    recs = [json.loads(x) for x in res.stdout.splitlines()]
    assert recs and recs[0]["doc"] == "r1" and recs[0]["date"] == "2023-02-01"


def test_code_explain_says_why(cli, nlp, tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Russian troops attacked Kyiv. The weather was fine.")
    res = cli("code", str(f), "--explain")
    assert "via pattern" in res.stdout
    assert "nothing coded" in res.stdout


def test_ingest_then_query_events_and_quotes(cli, nlp, tmp_path):
    f = tmp_path / "news.txt"
    f.write_text(NEWS)
    db = str(tmp_path / "s.db")
    assert cli("ingest", str(f), "--db", db, "-w", "1").exit_code == 0
    res = cli("events", "--db", db, "--source", "KOR", "--format", "jsonl")
    rows = [json.loads(x) for x in res.stdout.splitlines()]
    assert rows and all(r["source"]["code"].startswith("KOR") for r in rows)
    res = cli("events", "--db", db, "--format", "csv")
    assert res.stdout.splitlines()[0].startswith("id,date,doc")
    res = cli("quotes", "--db", db, "--contains", "provocation", "--format", "jsonl")
    rows = [json.loads(x) for x in res.stdout.splitlines()]
    assert len(rows) == 1 and rows[0]["speaker"]["code"] == "KORGOV"


def test_reingest_adds_nothing(cli, nlp, tmp_path):
    f = tmp_path / "news.txt"
    f.write_text(NEWS)
    db = str(tmp_path / "s.db")
    cli("ingest", str(f), "--db", db, "-w", "1")
    before = open_store(db).counts()
    res = cli("ingest", str(f), "--db", db, "-w", "1")
    assert res.exit_code == 0
    assert open_store(db).counts() == before
    assert "unchanged 1" in res.stderr


def _run(*args: str, cwd=None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "flashpoint", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=120)


def test_bad_files_get_one_line_each_and_good_ones_are_kept(tmp_path):
    news = tmp_path / "news"
    news.mkdir()
    db = str(tmp_path / "s.db")
    tmp_path = news
    good = tmp_path / "good.txt"
    good.write_text(NEWS)
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02binary\x00")
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 au lait".encode("latin-1"))
    res = _run("ingest", str(tmp_path), "--db", db, "-w", "1")
    assert res.returncode == 1
    errors = [ln for ln in res.stderr.splitlines() if ln.startswith("Error:")]
    assert len(errors) == 3
    assert any("empty.txt" in e and "empty" in e for e in errors)
    assert any("binary.txt" in e and "binary" in e for e in errors)
    assert any("latin1.txt" in e and "UTF-8" in e for e in errors)
    assert "Traceback" not in res.stderr
    assert open_store(db).counts()["articles"] == 1


def test_missing_file_and_bad_options_are_one_line_errors(tmp_path):
    res = _run("code", str(tmp_path / "nope.txt"))
    assert res.returncode == 1 and "nope.txt" in res.stderr and "Traceback" not in res.stderr
    res = _run("events", "--db", str(tmp_path / "x.db"), "--since", "yesterday")
    assert res.returncode == 1 and "--since" in res.stderr and "Traceback" not in res.stderr


def test_unknown_model_names_the_fix(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Russia attacked Ukraine.")
    res = _run("code", str(f), "--model", "no_such_pipeline")
    assert res.returncode == 1
    assert "no_such_pipeline" in res.stderr and "pip install" in res.stderr


@pytest.mark.parametrize("mode", ["negated", "all"])
def test_events_mode_filter(cli, nlp, tmp_path, mode):
    f = tmp_path / "n.txt"
    f.write_text("Russian troops did not attack Kyiv. Russian troops attacked Kharkiv.")
    db = str(tmp_path / "s.db")
    cli("ingest", str(f), "--db", db, "-w", "1")
    rows = [json.loads(x) for x in cli("events", "--db", db, "--mode", mode, "--format",
                                       "jsonl").stdout.splitlines()]
    modes = {r["mode"] for r in rows}
    assert ("negated" in modes) and (modes == {"negated"} if mode == "negated" else True)


def test_demo_shows_dyads_trend_and_speakers(cli, nlp, tmp_path):
    res = cli("demo", "--db", str(tmp_path / "d.db"))
    assert res.exit_code == 0
    for heading in ("Top dyads", "weekly Goldstein trend", "event timeline",
                    "Most-quoted speakers"):
        assert heading in res.stdout
    assert "PRK" in res.stdout and "KOR" in res.stdout


def test_ingest_with_worker_processes(tmp_path):
    """Docs cross process boundaries with nlp.pipe(n_process=2): nothing unserialisable."""
    news = tmp_path / "news"
    news.mkdir()
    for i in range(6):
        (news / f"a{i}.txt").write_text(f"Russian troops shelled Kharkiv on day {i}. "
                                        "“We will respond,” Ukraine's defence minister said.")
    db = str(tmp_path / "s.db")
    res = _run("ingest", str(news), "--db", db, "--workers", "2", "--batch-size", "2",
               "--json-field", "text=body")
    assert res.returncode == 0, res.stderr
    counts = open_store(db).counts()
    assert counts["articles"] == 6 and counts["events"] >= 6 and counts["quotes"] >= 6
