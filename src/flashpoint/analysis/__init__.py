"""Analysis over the store: dyads, time series, escalation alerts, top actors and speakers.

Every function returns records (lists of dicts: pandas- and polars-friendly);
``to_frame`` turns them into a pandas DataFrame when pandas is installed.
"""

from flashpoint.analysis.alerts import AlertConfig, alerts
from flashpoint.analysis.dyads import (
    dyad_series,
    top_actors,
    top_dyads,
    top_speakers,
    trend,
)
from flashpoint.analysis.frames import to_frame

__all__ = ["AlertConfig", "alerts", "dyad_series", "to_frame", "top_actors", "top_dyads",
           "top_speakers", "trend"]
