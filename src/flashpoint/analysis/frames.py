"""Records → DataFrames, for notebooks. pandas is optional: records (lists of dicts) are
the Python API's native shape, and polars reads them directly (``pl.DataFrame(rows)``)."""

from __future__ import annotations

from typing import Any

from flashpoint.errors import FlashpointError
from flashpoint.output import flatten


def to_frame(records: list[dict[str, Any]], *, flat: bool = True) -> Any:
    """A pandas DataFrame of ``records`` (nested actors flattened to ``source_code`` …)."""
    try:
        import pandas as pd
    except ImportError as exc:
        raise FlashpointError("to_frame needs pandas: pip install pandas") from exc
    rows = [flatten(r) for r in records] if flat else records
    return pd.DataFrame.from_records(rows)
