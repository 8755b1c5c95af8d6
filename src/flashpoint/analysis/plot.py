"""A dyad's trend as a PNG: Goldstein line over QuadClass stacked bars, alerts marked."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from flashpoint.errors import FlashpointError

QUAD_COLOURS = {  # colour-blind-safe: blues for cooperation, orange/red for conflict
    "verbal_cooperation": ("#9ecae1", "verbal cooperation"),
    "material_cooperation": ("#3182bd", "material cooperation"),
    "verbal_conflict": ("#fdae6b", "verbal conflict"),
    "material_conflict": ("#d94801", "material conflict"),
}
_WIDTH = {"day": 0.8, "week": 5.5, "month": 24.0}


def plot_trend(series: list[dict[str, Any]], alerts: list[dict[str, Any]], path: Path, *,
               title: str, by: str = "week") -> Path:
    """Draw ``trend`` records and ``alerts`` (same dyad and period) to ``path``."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.dates as mdates
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise FlashpointError("--plot needs matplotlib: pip install matplotlib") from exc
    if not series:
        raise FlashpointError(f"{title}: no events to plot")
    days = [date.fromisoformat(p["period"]) for p in series]
    x = [d + timedelta(days=_WIDTH[by] / 2) if by != "day" else d for d in days]
    fig, (top, bottom) = plt.subplots(
        2, 1, sharex=True, figsize=(11, 6.5), height_ratios=[1.1, 1], constrained_layout=True)
    fig.suptitle(title, fontsize=14, fontweight="bold")

    means = [p["goldstein_mean"] if p["events"] else None for p in series]
    pts = [(xi, m) for xi, m in zip(x, means, strict=True) if m is not None]
    top.axhline(0, color="#888888", linewidth=0.8)
    top.axhspan(0, 10.5, color="#3182bd", alpha=0.05)
    top.axhspan(-10.5, 0, color="#d94801", alpha=0.05)
    if pts:
        top.plot([p[0] for p in pts], [p[1] for p in pts], marker="o", color="#222222",
                 linewidth=1.8, markersize=4, label="mean Goldstein (per event)")
    top.set_ylim(-10.5, 10.5)
    top.set_ylabel("Goldstein mean\n(−10 conflict … +10 cooperation)")
    top.grid(axis="y", alpha=0.3)

    bottom_acc = [0] * len(series)
    for key, (colour, label) in QUAD_COLOURS.items():
        vals = [p[key] for p in series]
        bottom.bar(x, vals, width=_WIDTH[by], bottom=bottom_acc, color=colour, label=label,
                   edgecolor="white", linewidth=0.4)
        bottom_acc = [a + v for a, v in zip(bottom_acc, vals, strict=True)]
    bottom.set_ylabel(f"events per {by}\n(each story counted once)")
    bottom.grid(axis="y", alpha=0.3)
    bottom.yaxis.get_major_locator().set_params(integer=True)

    flagged = False
    for a in alerts:
        d = date.fromisoformat(a["period"])
        xa = d + timedelta(days=_WIDTH[by] / 2) if by != "day" else d
        for ax in (top, bottom):
            ax.axvline(xa, color="#b30000", linestyle="--", linewidth=1.2, alpha=0.8)
        top.annotate(f"alert z={a['z']:.1f}", xy=(xa, 9.6), ha="center", va="top",
                     fontsize=9, color="#b30000", fontweight="bold",
                     bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "#b30000"})
        top.plot([xa], [-9.8], marker="^", color="#b30000", markersize=11,
                 label=None if flagged else "escalation alert")
        flagged = True
    top.legend(loc="lower left", fontsize=9, framealpha=0.9)
    bottom.legend(loc="upper left", fontsize=9, ncol=2, framealpha=0.9)
    locator = mdates.AutoDateLocator(minticks=4, maxticks=12)
    bottom.xaxis.set_major_locator(locator)
    bottom.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
