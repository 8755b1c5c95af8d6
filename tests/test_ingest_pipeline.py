"""Ingest: idempotent re-ingest (identity checked in batches, before parsing),
resume after an interruption, stories stored, bad items reported and skipped.

A blank spaCy pipeline stands in for the model: parsing is not the point here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc

from flashpoint.ingest import parsing, pipeline
from flashpoint.store import Store


@pytest.fixture
def fake_nlp(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    loads: list[int] = []
    if not Doc.has_extension("date"):
        Doc.set_extension("date", default=None)

    def load(model: str | None = None) -> spacy.language.Language:
        loads.append(1)
        return spacy.blank("en")

    monkeypatch.setattr(parsing, "load_pipeline", load)
    monkeypatch.setattr(parsing, "doc_records", lambda article, doc: [])
    return loads


def corpus(tmp_path: Path, n: int = 30) -> Path:
    path = tmp_path / "c.jsonl"
    lines = [json.dumps({"id": f"a{i}", "text": f"Article {i}: the minister of region {i} "
                         f"met envoys from {i * 7} towns on day {i} and said talks would "
                         f"resume in week {i + 3}, officials in city {i * 11} told us."})
             for i in range(n)]
    lines.append(json.dumps({"id": "dup", "text": json.loads(lines[0])["text"]}))
    lines.append("{broken")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_reingest_adds_nothing_and_skips_parsing(tmp_path: Path, fake_nlp: list[int],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store(str(tmp_path / "s.db"))
    path = corpus(tmp_path)
    first = pipeline.ingest([str(path)], store, workers=1)
    assert (first.read, first.new, first.unchanged, first.failed) == (31, 30, 1, 1)
    assert "c.jsonl:32: invalid JSON" in first.errors[0]
    calls: list[int] = []
    known = store.known_hashes
    monkeypatch.setattr(store, "known_hashes", lambda h: calls.append(1) or known(h))
    again = pipeline.ingest([str(path)], store, workers=1)
    assert (again.new, again.unchanged) == (0, 31)
    assert len(calls) == 1  # one batched identity query, not one per article
    assert len(fake_nlp) == 1  # nothing new: the model is not even loaded
    assert store.counts()["articles"] == 30


def test_interrupted_ingest_resumes(tmp_path: Path, fake_nlp: list[int]) -> None:
    store = Store(str(tmp_path / "s.db"))
    path = corpus(tmp_path)

    def stop(summary: pipeline.IngestSummary) -> None:
        if summary.new == 12:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        pipeline.ingest([str(path)], store, workers=1, on_progress=stop)
    assert store.counts()["articles"] == 12
    rest = pipeline.ingest([str(path)], store, workers=1)
    assert rest.new == 18 and store.counts()["articles"] == 30


def test_reprints_share_a_story(tmp_path: Path, fake_nlp: list[int]) -> None:
    text = ("Seoul proposed military talks with Pyongyang on Tuesday to reduce tensions "
            "along the border, the first such offer in more than a year, officials said. "
            "The unification minister said Seoul was ready to meet at any time and place.")
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.txt").write_text(text + "\n\nLeave a Comment\nShare this:",
                                    encoding="utf-8")
    (tmp_path / "c.txt").write_text(text.replace("Tuesday", "Tues."), encoding="utf-8")
    store = Store(str(tmp_path / "s.db"))
    summary = pipeline.ingest([str(tmp_path)], store, workers=1)
    assert (summary.new, summary.unchanged) == (2, 1)  # b is a, once boilerplate is gone
    assert store.counts()["stories"] == 1
