"""The public output contract (DESIGN §4): every field, every mode, spans into the text."""

from __future__ import annotations

import json
from datetime import date

import pytest

from flashpoint.coding import code_text

ARTICLE = (
    "Pyongyang rejected Seoul's offer of talks on Monday and warned Washington against "
    "further drills.\n\n"
    "“We will not be intimidated,” Japan's defence minister told reporters.\n\n"
    "The European Union imposed sanctions on Russia, officials said."
)

EVENT_KEYS = {"type", "doc", "sentence_index", "sentence", "span", "date", "source", "target",
              "cameo", "root", "goldstein", "quad_class", "plover", "mode", "attributed_to",
              "pattern"}
QUOTE_KEYS = {"type", "doc", "text", "span", "kind", "cue", "speaker"}
ACTOR_KEYS = {"text", "code", "country", "sector"}


@pytest.fixture(scope="module")
def records(nlp):
    return code_text(ARTICLE, day=date(2021, 3, 26), doc_id="art1")


def test_event_records_have_every_contract_field(records):
    events = [r for r in records if r["type"] == "event"]
    assert events, "the article must yield events"
    for e in events:
        assert set(e) == EVENT_KEYS
        assert e["doc"] == "art1" and e["date"] == "2021-03-26"
        assert isinstance(e["sentence_index"], int)
        assert e["sentence"] in ARTICLE
        start, end = e["span"]
        assert 0 <= start < end <= len(ARTICLE)
        assert set(e["source"]) == ACTOR_KEYS
        assert e["target"] is None or set(e["target"]) == ACTOR_KEYS
        assert e["cameo"].startswith(e["root"]) and len(e["root"]) == 2
        assert isinstance(e["goldstein"], float) and -10 <= e["goldstein"] <= 10
        assert e["quad_class"] in (1, 2, 3, 4)
        assert e["mode"] in ("asserted", "negated", "hypothetical", "future", "desired")
        assert e["pattern"]
    json.dumps(records)  # serialisable as JSON Lines


def test_rejection_is_coded_between_the_metonyms(records):
    rej = [e for e in records if e["type"] == "event" and e["root"] == "12"]
    assert rej, records
    assert rej[0]["source"]["code"] == "PRKGOV"
    assert rej[0]["target"]["code"] == "KORGOV"
    assert rej[0]["plover"] == "REJECT" and rej[0]["quad_class"] == 3


def test_sanctions_event_has_igo_source_without_country(records):
    sanc = [e for e in records if e["type"] == "event" and e["cameo"].startswith("16")]
    assert sanc
    assert sanc[0]["source"]["country"] is None and sanc[0]["source"]["code"].startswith("IGO")
    assert sanc[0]["target"]["country"] == "RUS"


def test_quote_record_with_speaker_resolved_to_actor(records):
    quotes = [r for r in records if r["type"] == "quote" and r["kind"] == "direct"]
    assert len(quotes) == 1
    q = quotes[0]
    assert set(q) == QUOTE_KEYS
    assert ARTICLE[q["span"][0]:q["span"][1]] == q["text"]
    assert q["text"].startswith("We will not be intimidated")
    assert q["cue"] == "told"
    assert q["speaker"]["code"] == "JPNGOV" and q["speaker"]["country"] == "JPN"


@pytest.mark.parametrize(("sentence", "mode"), [
    ("Russian troops attacked Kyiv on Tuesday.", "asserted"),
    ("Russian troops did not attack Kyiv on Tuesday.", "negated"),
    ("Russian troops could attack Kyiv next week.", "hypothetical"),
    ("If talks fail, Russian troops would attack Kyiv.", "hypothetical"),
    ("Russian troops will attack Kyiv, officials said.", "future"),
    ("Russia plans to attack Kyiv in the spring.", "future"),
    ("The United Nations hopes that Russia will withdraw its troops from Ukraine.", "desired"),
])
def test_every_mode(nlp, sentence, mode):
    events = [r for r in code_text(sentence) if r["type"] == "event"]
    modes = {e["mode"] for e in events}
    assert mode in modes, events


def test_urging_is_the_event_and_the_one_urged_is_its_target(nlp):
    events = [r for r in code_text("The United Nations urged Russia to withdraw its troops "
                                   "from Ukraine.") if r["type"] == "event"]
    assert [(e["source"]["code"], e["target"]["code"], e["mode"]) for e in events] == [
        ("IGOUNO", "RUS", "asserted")]
    assert events[0]["root"] == "02"


def test_event_inside_a_quote_is_attributed_to_the_speaker(nlp):
    text = ("Kenji Sato, Japan's defence minister, spoke on Friday. "
            "“China threatened Japan again,” Sato said.")
    events = [r for r in code_text(text, day=date(2024, 1, 5)) if r["type"] == "event"]
    assert events
    assert events[0]["attributed_to"] is not None
    assert "Sato" in (events[0]["attributed_to"]["name"] or "")
