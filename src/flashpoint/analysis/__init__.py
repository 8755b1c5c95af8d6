"""Analysis over the store: dyads, time series, top actors and speakers."""

from flashpoint.analysis.dyads import dyad_series, top_dyads, top_speakers

__all__ = ["dyad_series", "top_dyads", "top_speakers"]
