"""Analyst commands of the ``flashpoint`` CLI: trend, alerts, export, serve."""

from __future__ import annotations

from flashpoint.cli import app  # noqa: F401 - commands register on the one app
