"""Accuracy gates on the project's own gold: pinned floors that may only rise.

Like trafilatura's evaluation gate: a change that lowers a score fails CI. Raise a
floor when a change lifts the score for good; never lower one to make a change pass.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from flashpoint.evaluate import evaluate

GOLD = Path(__file__).resolve().parent.parent / "gold"

EVENT_FLOORS = {
    "recall": 0.93,
    "precision": 0.94,
    "source exact": 0.98,
    "target exact": 0.87,
    "root+source+target": 0.86,
    "mode": 0.97,
    "negatives kept empty": 0.95,
}
QUOTE_FLOORS = {
    "recall": 0.95,
    "precision": 0.98,
    "speaker": 0.92,
    "speaker code": 0.61,
}


# the project's own sentences in the two public gold formats (PLOVER records with actors,
# CAMEO codebook-style examples), written for this project from the codebooks' definitions
STYLE_FLOORS = {
    ("plover_style.jsonl", "recall"): 0.89,
    ("plover_style.jsonl", "type+source+target recall"): 0.78,
    ("plover_style.jsonl", "precision"): 0.95,
    ("cameo_style.jsonl", "recall"): 0.87,
    ("cameo_style.jsonl", "precision"): 0.93,
}


@pytest.fixture(scope="module")
def style_reports(nlp):
    return {name: evaluate(GOLD / name)[0]
            for name in sorted({name for name, _ in STYLE_FLOORS})}


@pytest.mark.parametrize(("gold", "metric", "floor"),
                         sorted((g, m, f) for (g, m), f in STYLE_FLOORS.items()))
def test_public_format_gold_floor(style_reports, gold, metric, floor):
    got = style_reports[gold].metrics[metric].rate
    assert got >= floor, f"{gold} {metric} fell to {got:.3f} (floor {floor})"


@pytest.fixture(scope="module")
def event_report(nlp):
    (report,) = evaluate(GOLD / "events.jsonl")
    return report


@pytest.fixture(scope="module")
def quote_report(nlp):
    (report,) = evaluate(GOLD / "quotes.jsonl")
    return report


@pytest.mark.parametrize(("metric", "floor"), sorted(EVENT_FLOORS.items()))
def test_event_gold_floor(event_report, metric, floor):
    got = event_report.metrics[metric].rate
    assert got >= floor, f"event {metric} fell to {got:.3f} (floor {floor})"


@pytest.mark.parametrize(("metric", "floor"), sorted(QUOTE_FLOORS.items()))
def test_quote_gold_floor(quote_report, metric, floor):
    got = quote_report.metrics[metric].rate
    assert got >= floor, f"quote {metric} fell to {got:.3f} (floor {floor})"


def test_gold_sets_are_big_enough_and_cover_every_root_and_mode():
    import json

    events = [json.loads(x) for x in (GOLD / "events.jsonl").read_text().splitlines()]
    assert len(events) >= 300
    roots = {e["cameo"][:2] for r in events for e in r["events"]}
    assert roots == {f"{n:02d}" for n in range(1, 21)}
    modes = {e.get("mode", "asserted") for r in events for e in r["events"]}
    assert modes == {"asserted", "negated", "hypothetical", "future", "desired"}
    assert sum(1 for r in events if not r["events"]) >= 40
    quotes = [json.loads(x) for x in (GOLD / "quotes.jsonl").read_text().splitlines()]
    assert len(quotes) >= 40
