"""Shared fixtures: the full pipeline is loaded once per session; CLI runs in-process."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from flashpoint.cli import app

REPO = Path(__file__).resolve().parent.parent


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
