"""Dictionary self-test: every file validates, every pattern fires on its own example."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from flashpoint.actors.dictionary import default_dictionary
from flashpoint.errors import DictionaryError
from flashpoint.events.coder import EventCoder
from flashpoint.events.patterns import PatternSet
from flashpoint.nlp import load_spacy
from flashpoint.ontology import default_ontology


def pattern_failures(patterns: PatternSet, model: str | None = None) -> list[str]:
    """``file:line: ...`` for each pattern whose example does not produce it."""
    nlp = load_spacy(model)
    from flashpoint.actors import recognizer  # noqa: F401 - registers the component

    nlp.add_pipe("flashpoint_actors")
    coder = EventCoder(patterns)
    failures = []
    examples = [p.example for p in patterns.patterns]
    for p, doc in zip(patterns.patterns, nlp.pipe(examples, batch_size=64), strict=True):
        coder(doc)
        got = [e for e in doc._.events if e.pattern.id == p.id]
        if not got:
            others = ", ".join(f"{e.pattern.id}({e.pattern.cameo})" for e in doc._.events)
            notes = "; ".join(n for _, n in doc._.event_notes)
            failures.append(f"{p.where}: {p.id}: example did not fire"
                            + (f" (fired instead: {others})" if others else "")
                            + (f" [{notes}]" if notes else ""))
    return failures


def check_all(pattern_files: list[Path] | None = None, *, model: str | None = None,
              echo: Callable[[str], None] = print) -> list[str]:
    problems: list[str] = []
    for label, load in (("ontology", default_ontology), ("actors", default_dictionary)):
        try:
            load()
            echo(f"{label}: ok")
        except DictionaryError as exc:
            problems.extend(exc.problems)
    try:
        patterns = PatternSet.load(pattern_files or None)
    except DictionaryError as exc:
        problems.extend(exc.problems)
        patterns = None
    if patterns is not None:
        failures = pattern_failures(patterns, model)
        problems.extend(failures)
        echo(f"patterns: {len(patterns)} loaded, {len(patterns) - len(failures)} fire on "
             "their example")
    for p in problems:
        echo(p)
    echo(f"{len(problems)} problem(s)")
    return problems
