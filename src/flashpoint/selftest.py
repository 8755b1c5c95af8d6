"""Dictionary self-test: every file validates, every pattern fires on its own example."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from flashpoint.actors.dictionary import default_dictionary
from flashpoint.datafiles import Problems
from flashpoint.errors import DictionaryError
from flashpoint.events.coder import EventCoder
from flashpoint.events.patterns import PatternSet, extra_pattern_files
from flashpoint.nlp import load_spacy
from flashpoint.ontology import default_ontology


def pattern_failures(patterns: PatternSet, model: str | None = None) -> list[str]:
    """``file:line: ...`` for each pattern whose example does not produce it.

    Patterns without an example (imported ones) are not run.
    """
    nlp = load_spacy(model)
    from flashpoint.actors import recognizer  # noqa: F401 - registers the component

    nlp.add_pipe("flashpoint_actors")
    coder = EventCoder(patterns)
    failures = []
    with_example = [p for p in patterns.patterns if p.example]
    examples = [p.example for p in with_example]
    for p, doc in zip(with_example, nlp.pipe(examples, batch_size=64), strict=True):
        coder(doc)
        got = [e for e in doc._.events if e.pattern.id == p.id]
        if not got:
            others = ", ".join(f"{e.pattern.id}({e.pattern.cameo})" for e in doc._.events)
            notes = "; ".join(n for _, n in doc._.event_notes)
            failures.append(f"{p.where}: {p.id}: example did not fire"
                            + (f" (fired instead: {others})" if others else "")
                            + (f" [{notes}]" if notes else ""))
    return failures


_NOTES_SHOWN = 20


def check_all(pattern_files: list[Path] | None = None, *, model: str | None = None,
              echo: Callable[[str], None] = print) -> list[str]:
    """Validate everything; with $FLASHPOINT_DICTIONARIES, its folders are checked too."""
    problems: list[str] = []
    try:
        default_ontology()
        echo("ontology: ok")
    except DictionaryError as exc:
        problems.extend(exc.problems)
    actors_ok = False
    try:
        actors = default_dictionary()
        actors_ok = True
        echo("actors: ok" + (f" ({len(actors.ignored)} entries of extra folders ignored: "
                             "already defined)" if actors.ignored else ""))
        for note in actors.ignored[:_NOTES_SHOWN]:
            echo(f"note: {note}")
        if len(actors.ignored) > _NOTES_SHOWN:
            echo(f"note: ... {len(actors.ignored) - _NOTES_SHOWN} more")
    except DictionaryError as exc:
        problems.extend(exc.problems)
    extra_problems = Problems()
    extra = [] if pattern_files else extra_pattern_files(problems=extra_problems)
    problems.extend(m for m in extra_problems.messages if m not in problems)
    try:
        patterns = PatternSet.load(pattern_files or None, extra=extra)
    except DictionaryError as exc:
        problems.extend(exc.problems)
        patterns = None
    if patterns is not None and not actors_ok:
        echo(f"patterns: {len(patterns)} loaded, not run (the actor dictionary has problems)")
    elif patterns is not None:
        failures = pattern_failures(patterns, model)
        problems.extend(failures)
        run = sum(1 for p in patterns.patterns if p.example)
        echo(f"patterns: {len(patterns)} loaded, {run - len(failures)} fire on their example"
             + (f", {len(patterns) - run} without example (not run)"
                if run < len(patterns) else ""))
    for p in problems:
        echo(p)
    echo(f"{len(problems)} problem(s)")
    return problems
