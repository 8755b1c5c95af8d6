"""CAMEO event codes, Goldstein weights, QuadClass and the CAMEO → PLOVER mapping."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from flashpoint.datafiles import Problems, data_path, read_rows

PLOVER_TYPES = frozenset({
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
})


def quad_class(root: str) -> int:
    """QuadClass of a CAMEO root: 01–05 → 1, 06–08 → 2, 09–13 → 3, 14–20 → 4."""
    n = int(root)
    if not 1 <= n <= 20:
        raise ValueError(f"not a CAMEO root: {root!r}")
    return 1 if n <= 5 else 2 if n <= 8 else 3 if n <= 13 else 4


@dataclass(frozen=True)
class CameoCode:
    code: str
    name: str
    goldstein: float
    plover: str | None

    @property
    def root(self) -> str:
        return self.code[:2]

    @property
    def quad_class(self) -> int:
        return quad_class(self.root)


class Ontology:
    """All CAMEO codes by code string."""

    def __init__(self, codes: dict[str, CameoCode], intent: dict[str, str] | None = None,
                 refusal: dict[str, str] | None = None,
                 request: dict[str, tuple[str, str]] | None = None) -> None:
        self.codes = codes
        self.intent = intent or {}
        self.refusal = refusal or {}
        self.request = request or {}

    def intent_code(self, code: str) -> str | None:
        """The code of announcing ``code`` for the future (``ontology/intent.txt``)."""
        return next((self.intent[code[:n]] for n in (4, 3, 2) if code[:n] in self.intent),
                    None)

    def request_code(self, code: str, *, demand: bool) -> str:
        """The appeal (02x) or demand (10x) asking for the act ``code``
        (``ontology/request.txt``); 020 or 100 when the act is not listed."""
        pair = next((self.request[code[:n]] for n in (4, 3, 2) if code[:n] in self.request),
                    ("020", "100"))
        return pair[1] if demand else pair[0]

    def refusal_code(self, code: str) -> str | None:
        """The code of announcing that ``code`` will not happen (``ontology/refusal.txt``)."""
        return next((self.refusal[code[:n]] for n in (4, 3, 2) if code[:n] in self.refusal),
                    None)

    def __contains__(self, code: str) -> bool:
        return code in self.codes

    def __getitem__(self, code: str) -> CameoCode:
        return self.codes[code]

    def roots(self) -> list[str]:
        return sorted(c for c in self.codes if len(c) == 2)

    @classmethod
    def load(cls, cameo_file: Path | None = None, plover_file: Path | None = None,
             intent_file: Path | None = None, refusal_file: Path | None = None,
             request_file: Path | None = None) -> Ontology:
        problems = Problems()
        cameo_file = cameo_file or data_path("ontology", "cameo.txt")
        plover_file = plover_file or data_path("ontology", "plover.txt")
        if intent_file is None and cameo_file == data_path("ontology", "cameo.txt"):
            intent_file = data_path("ontology", "intent.txt")
        if refusal_file is None and cameo_file == data_path("ontology", "cameo.txt"):
            refusal_file = data_path("ontology", "refusal.txt")
        if request_file is None and cameo_file == data_path("ontology", "cameo.txt"):
            request_file = data_path("ontology", "request.txt")
        plover: dict[str, str | None] = {}
        for row in read_rows(plover_file, 2, problems):
            prefix, kind = row.get(0), row.get(1)
            if not re.fullmatch(r"\d{2,4}", prefix):
                problems.add(row, f"not a CAMEO code prefix: {prefix!r}")
            elif kind and kind not in PLOVER_TYPES:
                problems.add(row, f"unknown PLOVER type {kind!r}")
            elif prefix in plover:
                problems.add(row, f"prefix {prefix} mapped twice")
            else:
                plover[prefix] = kind or None
        rows: dict[str, tuple[str, float]] = {}
        for row in read_rows(cameo_file, 3, problems):
            code, name, weight = row.get(0), row.get(1), row.get(2)
            if not re.fullmatch(r"(0[1-9]|1\d|20)\d{0,2}", code):
                problems.add(row, f"not a CAMEO code: {code!r}")
                continue
            try:
                goldstein = float(weight)
            except ValueError:
                problems.add(row, f"Goldstein weight is not a number: {weight!r}")
                continue
            if not -10 <= goldstein <= 10:
                problems.add(row, f"Goldstein weight outside -10..10: {goldstein}")
            if code in rows:
                problems.add(row, f"code {code} listed twice")
            rows[code] = (name, goldstein)
        codes = {}
        for code, (name, goldstein) in rows.items():
            kind = next((plover[code[:n]] for n in (4, 3, 2) if code[:n] in plover), None)
            codes[code] = CameoCode(code, name, goldstein, kind)
        for root in {c[:2] for c in codes}:
            if root not in plover:
                problems.add(None, f"{plover_file.name}: root {root} has no PLOVER mapping")
        intent = _code_map(intent_file, codes, problems)
        refusal = _code_map(refusal_file, codes, problems)
        request: dict[str, tuple[str, str]] = {}
        if request_file is not None:
            for row in read_rows(request_file, 3, problems):
                prefix, appeal, demand = row.get(0), row.get(1), row.get(2)
                if any(c not in codes for c in (prefix, appeal, demand)):
                    problems.add(row, f"unknown CAMEO code in {prefix!r} → {appeal!r}, "
                                      f"{demand!r}")
                elif appeal[:2] != "02" or demand[:2] != "10":
                    problems.add(row, "an appeal is under root 02 and a demand under 10")
                elif prefix in request:
                    problems.add(row, f"prefix {prefix} listed twice")
                else:
                    request[prefix] = (appeal, demand)
        problems.raise_if_any()
        return cls(codes, intent, refusal, request)


def _code_map(path: Path | None, codes: dict[str, CameoCode], problems: Problems
              ) -> dict[str, str]:
    """A ``prefix | code`` table of CAMEO codes (intent.txt, refusal.txt)."""
    out: dict[str, str] = {}
    if path is None:
        return out
    for row in read_rows(path, 2, problems):
        prefix, code = row.get(0), row.get(1)
        if prefix not in codes or code not in codes:
            problems.add(row, f"unknown CAMEO code in {prefix!r} → {code!r}")
        elif prefix in out:
            problems.add(row, f"prefix {prefix} listed twice")
        else:
            out[prefix] = code
    return out


@cache
def default_ontology() -> Ontology:
    return Ontology.load()
