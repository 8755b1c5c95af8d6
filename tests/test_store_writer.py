"""Batched writes: one transaction per batch, one savepoint per article."""

from __future__ import annotations

import pytest

from flashpoint.article import Article
from flashpoint.errors import StoreError
from flashpoint.store import open_store


def _event(cameo: str | None) -> dict:
    return {"type": "event", "sentence_index": 0, "sentence": "X attacked Y.", "span": [0, 5],
            "date": "2024-01-02", "source": {"text": "X", "code": "RUS", "country": "RUS",
                                             "sector": None},
            "target": None, "cameo": cameo, "root": "19", "goldstein": -10.0,
            "quad_class": 4, "plover": "ASSAULT", "mode": "asserted", "attributed_to": None,
            "pattern": "attack"}


def test_a_failed_article_in_a_batch_leaves_nothing_and_the_others_are_kept(tmp_path):
    store = open_store(str(tmp_path / "s.db"))
    with store.writer() as w:
        assert w.add(Article(doc="a", text="first article"), [_event("190")]) is not None
        with pytest.raises(StoreError, match="'bad'"):
            w.add(Article(doc="bad", text="broken article"), [_event(None)])
        assert w.add(Article(doc="c", text="third article"), [_event("190")]) is not None
    counts = store.counts()
    assert counts["articles"] == 2 and counts["events"] == 2
    docs = {e["doc"] for e in store.events()}
    assert docs == {"a", "c"}


def test_the_same_text_twice_in_one_batch_is_stored_once(tmp_path):
    store = open_store(str(tmp_path / "s.db"))
    with store.writer() as w:
        assert w.add(Article(doc="a", text="same words"), []) is not None
        assert w.add(Article(doc="b", text="same  words"), []) is None
    assert store.counts()["articles"] == 1
