"""Score the coder against gold files: ``flashpoint eval GOLD.jsonl``.

Three record formats are understood (detected per record):

- flashpoint gold: ``{"id", "text", "date"?, "events": [{"cameo", "source", "target",
  "mode"}]}``; ``"events": []`` means the sentence must produce nothing.
- PLOVER gold-standard style: ``{"id", "text", "event", "source": [{"code", "sector"}],
  "target": [...]}``, one event per sentence.
- CAMEO-example style: ``{"id", "text", "cameo", "root"}``, one event, no actors.

On flashpoint gold every predicted event counts and its mode is scored. On the two
public formats a predicted event counts unless it is ``negated`` or ``desired`` (the
content of an appeal); statements of intent and hypotheses are events there.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from flashpoint.article import Article
from flashpoint.coding import code_articles
from flashpoint.errors import InputError

PLOVER_RENAMES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "FIGHT": "ASSAULT",
                  "INVESTIGATE": "ACCUSE"}
CAMEO_COUNTRY_FIXES = {"JAP": "JPN", "ITL": "ITA", "GER": "DEU", "UKG": "GBR", "SWZ": "CHE"}
NON_STATE = {"IGO", "NGO", "IMG", "ISM", "MNC"}


@dataclass
class Tally:
    hits: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.total += 1
        self.hits += int(ok)

    @property
    def rate(self) -> float:
        return self.hits / self.total if self.total else 0.0


@dataclass
class Report:
    name: str
    n: int = 0
    metrics: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    per_category: dict[str, dict[str, Tally]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(Tally)))
    confusions: Counter[tuple[str, str]] = field(default_factory=Counter)

    def f1(self, recall: str, precision: str) -> float:
        r, p = self.metrics[recall].rate, self.metrics[precision].rate
        return 2 * p * r / (p + r) if p + r else 0.0

    def lines(self) -> list[str]:
        out = [f"{self.name}: {self.n} records"]
        for key, t in self.metrics.items():
            out.append(f"  {key:<34} {t.rate:6.3f}  ({t.hits}/{t.total})")
        if "recall" in self.metrics and "precision" in self.metrics:
            out.append(f"  {'F1':<34} {self.f1('recall', 'precision'):6.3f}")
        if self.per_category:
            out.append("  per category (recall / precision):")
            for cat in sorted(self.per_category):
                t = self.per_category[cat]
                out.append(f"    {cat:<12} recall {t['recall'].rate:5.2f} ({t['recall'].hits}/"
                           f"{t['recall'].total})  precision {t['precision'].rate:5.2f} "
                           f"({t['precision'].hits}/{t['precision'].total})")
        if self.confusions:
            out.append("  most common confusions (gold → predicted):")
            for (g, p), c in self.confusions.most_common(8):
                out.append(f"    {g} → {p}: {c}")
        return out

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "n": self.n,
                "metrics": {k: round(v.rate, 4) for k, v in self.metrics.items()}}


def load_gold(path: Path) -> list[dict[str, Any]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read gold file: {exc}") from exc
    out = []
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{n}: invalid JSON: {exc.msg}") from exc
        if not isinstance(rec, dict) or "text" not in rec:
            raise InputError(f"{path}:{n}: a gold record needs a 'text' field")
        out.append(rec)
    return out


def record_format(rec: dict[str, Any]) -> str:
    if "quotes" in rec:
        return "quotes"
    if "events" in rec:
        return "flashpoint"
    if "event" in rec:
        return "plover"
    if "cameo" in rec:
        return "cameo"
    raise InputError(f"record {rec.get('id')!r}: unknown gold format")


def _country(code: str | None) -> str | None:
    if not code:
        return None
    head = code[:3].upper()
    return CAMEO_COUNTRY_FIXES.get(head, head)


def _actor_match(gold: list[dict[str, Any]] | None, pred: dict[str, Any] | None) -> bool:
    """Gold PLOVER actors match on country (or the non-state kind) when gold has any."""
    if not gold:
        return True
    if pred is None:
        return False
    want = {_country(g.get("code")) for g in gold}
    got = _country(pred.get("code")) if pred.get("country") is None else pred["country"]
    if pred.get("country") is None and pred.get("code", "")[:3] in NON_STATE:
        got = pred["code"][:3]
    return got in want or (got in NON_STATE and bool(want & NON_STATE))


def _predict(records: list[dict[str, Any]], model: str | None,
             kind: str = "event") -> list[list[dict[str, Any]]]:
    arts = []
    for i, rec in enumerate(records):
        day = None
        if rec.get("date"):
            try:
                day = date.fromisoformat(str(rec["date"])[:10])
            except ValueError:
                day = None
        arts.append(Article(doc=str(i), text=rec["text"], date=day))
    out: list[list[dict[str, Any]]] = [[] for _ in records]
    for art, recs, _doc in code_articles(arts, model=model):
        if isinstance(art, Article):
            out[int(art.doc)] = [r for r in recs if r["type"] == kind]
    return out


def evaluate(path: Path, *, model: str | None = None) -> list[Report]:
    records = load_gold(path)
    quotes = bool(records) and record_format(records[0]) == "quotes"
    preds = _predict(records, model, "quote" if quotes else "event")
    reports: dict[str, Report] = {}
    for rec, pred in zip(records, preds, strict=True):
        kind = record_format(rec)
        rep = reports.setdefault(kind, Report(f"{path.name} [{kind}]"))
        rep.n += 1
        {"plover": _score_plover, "cameo": _score_cameo, "flashpoint": _score_flashpoint,
         "quotes": _score_quotes}[kind](rep, rec, pred)
    return list(reports.values())


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Spans match when each covers at least half of the other."""
    inter = min(a[1], b[1]) - max(a[0], b[0])
    return inter > 0 and inter >= 0.5 * (a[1] - a[0]) and inter >= 0.5 * (b[1] - b[0])


def _words(name: str | None) -> set[str]:
    return {w.strip(".,'’").lower() for w in (name or "").replace("'s", " ").split()} - {
        "the", "a", "an", "mr", "ms", "of", "s"}


def same_speaker(gold: str | None, pred: str | None) -> bool:
    g, p = _words(gold), _words(pred)
    if not g or not p:
        return not g and not p
    return g <= p or p <= g or len(g & p) / len(g | p) >= 0.5


def _score_quotes(rep: Report, rec: dict[str, Any], pred: list[dict[str, Any]]) -> None:
    used: set[int] = set()
    for g in rec["quotes"]:
        gspan = (g["start"], g["end"])
        match = next((i for i, p in enumerate(pred)
                      if i not in used and _overlap(gspan, tuple(p["span"]))), None)
        kind = g.get("kind", "direct")
        rep.metrics["recall"].add(match is not None)
        rep.per_category[kind]["recall"].add(match is not None)
        if match is None:
            continue
        used.add(match)
        sp = pred[match]["speaker"] or {}
        name = sp.get("name") or sp.get("text")
        rep.metrics["speaker"].add(same_speaker(g.get("speaker"), name))
        rep.metrics["speaker code"].add(sp.get("code") == g.get("speaker_code"))
        if not same_speaker(g.get("speaker"), name):
            rep.confusions[(str(g.get("speaker")), str(name))] += 1
    for i, p in enumerate(pred):
        rep.metrics["precision"].add(i in used)
        rep.per_category[p["kind"]]["precision"].add(i in used)


def _acts(pred: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Events the public gold formats count: not negated, and not the mere content of an
    appeal ("desired"); statements of intent and hypotheses count."""
    return [p for p in pred if p.get("mode") not in ("negated", "desired")]


def _score_plover(rep: Report, rec: dict[str, Any], pred: list[dict[str, Any]]) -> None:
    pred = _acts(pred)
    gold_type = PLOVER_RENAMES.get(rec["event"], rec["event"])
    types = {p["plover"] for p in pred}
    hit = gold_type in types
    full = any(p["plover"] == gold_type and _actor_match(rec.get("source"), p["source"])
               and _actor_match(rec.get("target"), p["target"]) for p in pred)
    rep.metrics["recall"].add(hit)
    rep.metrics["type+source+target recall"].add(full)
    if pred:
        rep.metrics["precision"].add(hit)
        rep.per_category[gold_type]["precision"].add(hit)
    rep.per_category[gold_type]["recall"].add(hit)
    if not hit:
        rep.confusions[(gold_type, "/".join(sorted(str(t) for t in types)) or "nothing")] += 1


def _score_cameo(rep: Report, rec: dict[str, Any], pred: list[dict[str, Any]]) -> None:
    pred = _acts(pred)
    root = str(rec.get("root") or rec["cameo"][:2])
    roots = {p["root"] for p in pred}
    hit = root in roots
    rep.metrics["recall"].add(hit)
    rep.metrics["code recall"].add(any(p["cameo"] == rec["cameo"] for p in pred))
    if pred:
        rep.metrics["precision"].add(hit)
        rep.per_category[root]["precision"].add(hit)
    rep.per_category[root]["recall"].add(hit)
    if not hit:
        rep.confusions[(root, "/".join(sorted(roots)) or "nothing")] += 1


def _score_flashpoint(rep: Report, rec: dict[str, Any], pred: list[dict[str, Any]]) -> None:
    gold = rec["events"]
    if not gold:
        rep.metrics["negatives kept empty"].add(not pred)
    used: set[int] = set()
    for g in gold:
        root = g["cameo"][:2]
        best = None
        for i, p in enumerate(pred):  # the same mode first, then any
            if i not in used and p["root"] == root and p["mode"] == g.get("mode", "asserted"):
                best = i
                break
        for i, p in enumerate(pred):
            if best is None and i not in used and p["root"] == root:
                best = i
                break
        hit = best is not None
        rep.metrics["recall"].add(hit)
        rep.per_category[root]["recall"].add(hit)
        if best is None:
            got = "/".join(sorted({p["root"] for p in pred})) or "nothing"
            rep.confusions[(root, got)] += 1
            continue
        used.add(best)
        p = pred[best]
        src = (p["source"] or {}).get("code")
        tgt = (p["target"] or {}).get("code")
        rep.metrics["code exact"].add(p["cameo"] == g["cameo"])
        rep.metrics["source exact"].add(src == g.get("source"))
        rep.metrics["target exact"].add(tgt == g.get("target"))
        rep.metrics["root+source+target"].add(src == g.get("source") and tgt == g.get("target"))
        rep.metrics["mode"].add(p["mode"] == g.get("mode", "asserted"))
    for i, p in enumerate(pred):
        ok = i in used
        rep.metrics["precision"].add(ok)
        rep.per_category[p["root"]]["precision"].add(ok)
