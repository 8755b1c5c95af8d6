"""Shared fixtures: the full pipeline is loaded once per session; CLI runs in-process."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

from flashpoint.cli import app

REPO = Path(__file__).resolve().parent.parent

# Property tests and API fuzzing draw the same examples on every run, so CI is
# reproducible; set HYPOTHESIS_PROFILE=explore locally to search afresh.
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def nlp():
    from flashpoint.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture
def cli():
    runner = CliRunner()

    def run(*args: str, input: str | None = None):
        return runner.invoke(app, list(args), input=input, catch_exceptions=False)

    return run
