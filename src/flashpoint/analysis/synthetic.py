"""Synthetic coded articles: fast, deterministic stores for tests, benchmarks and demos of
the analysis layer (no spaCy parse: records are written in the output-contract shape and
stored with ``Store.add_article``)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from flashpoint.article import Article
from flashpoint.ontology import default_ontology
from flashpoint.store import Store

ACTORS = {
    "USA": ("the United States", "USA", "GOV"), "PRK": ("North Korea", "PRK", "GOV"),
    "KOR": ("South Korea", "KOR", "GOV"), "CHN": ("China", "CHN", "GOV"),
    "RUS": ("Russia", "RUS", "MIL"), "UKR": ("Ukraine", "UKR", "GOV"),
    "IND": ("India", "IND", "GOV"), "PAK": ("Pakistan", "PAK", "MIL"),
    "IGOUNO": ("the United Nations", None, None),
}
OUTLETS = ("Harbour Times", "Northern Courier", "Daily Ledger", "Wire Service")


def actor(key: str) -> dict[str, Any]:
    name, country, sector = ACTORS[key]
    code = key if country is None else country + (sector or "")
    return {"text": name, "code": code, "country": country, "sector": sector}


def event_record(source: str, target: str, cameo: str, day: date, *, sentence: str,
                 sentence_index: int = 0, start: int = 0, mode: str = "asserted",
                 doc: str = "doc") -> dict[str, Any]:
    """One event in the output-contract shape; ``sentence`` starts at offset ``start``."""
    c = default_ontology()[cameo]
    return {"type": "event", "doc": doc, "sentence_index": sentence_index,
            "sentence": sentence, "span": [start, start + len(sentence)],
            "date": day.isoformat(), "source": actor(source), "target": actor(target),
            "cameo": c.code, "root": c.root, "goldstein": c.goldstein,
            "quad_class": c.quad_class, "plover": c.plover, "mode": mode,
            "attributed_to": None, "pattern": f"synthetic.{c.code}"}


def quote_record(text: str, start: int, speaker: str | None, code: str | None,
                 doc: str = "doc") -> dict[str, Any]:
    sp = None if speaker is None else {"text": speaker, "name": speaker, "code": code,
                                       "country": code[:3] if code else None}
    return {"type": "quote", "doc": doc, "text": text, "span": [start, start + len(text)],
            "kind": "direct", "cue": "said", "speaker": sp}


def add_story_article(store: Store, doc: str, day: date, events: list[tuple[str, str, str]],
                      *, outlet: str = OUTLETS[0], story_id: int | None = None,
                      title: str | None = None, extra_text: str = "",
                      quotes: list[tuple[str, str | None, str | None]] = (),  # type: ignore[assignment]
                      ) -> tuple[int, int]:
    """Store an article whose sentences state ``events`` (source, target, cameo); returns
    (article id, story id). The same ``events`` with the same ``story_id`` model a reprint."""
    onto = default_ontology()
    parts: list[str] = []
    records: list[dict[str, Any]] = []
    pos = 0
    for i, (s, t, cameo) in enumerate(events):
        name = ACTORS[s][0]
        sentence = (f"{name[0].upper() + name[1:]} moved to {onto[cameo].name.lower()} "
                    f"against {ACTORS[t][0]} ({doc}, sentence {i}).")
        records.append(event_record(s, t, cameo, day, sentence=sentence, sentence_index=i,
                                    start=pos, doc=doc))
        parts.append(sentence)
        pos += len(sentence) + 1
    for words, speaker, code in quotes:
        q = f"“{words}”"
        start = pos + 1
        parts.append(q + f" said {speaker or 'an official'}.")
        records.append(quote_record(words, start, speaker, code, doc=doc))
        pos += len(parts[-1]) + 1
    if extra_text:
        parts.append(extra_text)
    text = " ".join(parts)
    art = Article(doc=doc, text=text, title=title or f"Report {doc}", date=day,
                  url=f"https://news.example/{doc}", outlet=outlet, lang="en")
    if art.text != text:
        raise ValueError(f"{doc}: text changes when normalised; spans would be wrong")
    added = store.add_article(art, records, story_id=story_id)
    if added is None:
        raise ValueError(f"{doc}: already stored")
    return added


def escalation_store(store: Store, *, start: date = date(2025, 1, 6), weeks: int = 12,
                     seed: int = 7) -> dict[str, Any]:
    """A store in which USA–PRK is quiet for ``weeks - 1`` weeks, then escalates sharply in
    the last week; KOR–PRK cooperates throughout; one story is reprinted by three outlets.

    Returns ids and dates the tests check against.
    """
    rng = random.Random(seed)
    for w in range(weeks - 1):
        day = start + timedelta(weeks=w, days=rng.randrange(5))
        n = w + 1
        add_story_article(store, f"calm-{n}", day,
                          [("USA", "PRK", "036"), ("PRK", "USA", rng.choice(["111", "040"]))],
                          outlet=OUTLETS[w % len(OUTLETS)],
                          quotes=[("We remain open to dialogue", "Jane Envoy", "USAGOV")])
        add_story_article(store, f"coop-{n}", day + timedelta(days=1),
                          [("KOR", "PRK", "057"), ("PRK", "KOR", "043")],
                          outlet=OUTLETS[(w + 1) % len(OUTLETS)])
    spike = start + timedelta(weeks=weeks - 1)
    first = add_story_article(store, "spike-1", spike,
                              [("PRK", "USA", "190"), ("USA", "PRK", "163"),
                               ("PRK", "USA", "138")],
                              outlet=OUTLETS[0], title="Shelling and sanctions",
                              quotes=[("These sanctions are an act of war", "Kim Spokes",
                                       "PRKGOV")])
    story = first[1]
    reprints = [add_story_article(store, f"spike-1-reprint-{i}", spike,
                                  [("PRK", "USA", "190"), ("USA", "PRK", "163"),
                                   ("PRK", "USA", "138")],
                                  outlet=OUTLETS[i], story_id=story,
                                  title="Shelling and sanctions (reprint)")
                for i in (1, 2)]
    second = add_story_article(store, "spike-2", spike + timedelta(days=2),
                               [("PRK", "USA", "195"), ("USA", "PRK", "172")],
                               outlet=OUTLETS[3])
    hostile = add_story_article(
        store, "hostile", spike + timedelta(days=3), [("CHN", "USA", "112")],
        outlet=OUTLETS[2], title="<img src=x onerror=alert(1)>",
        extra_text="<script>window.__pwned = true</script> <b>bold</b> & more.")
    return {"spike_week": spike, "spike_story": story, "spike_articles":
            [first[0], *(r[0] for r in reprints)], "second": second[0],
            "hostile_article": hostile[0], "start": start, "weeks": weeks}
