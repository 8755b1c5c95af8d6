"""Event patterns: parse and validate the ``verbs/*.txt`` files (docs/dictionaries.md)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from flashpoint.actors.dictionary import check_extra_folders, extra_folders
from flashpoint.datafiles import Problems, data_path, read_rows
from flashpoint.ontology import Ontology, default_ontology

_ID = re.compile(r"[a-z0-9][a-z0-9._:-]*")
_LEMMA = re.compile(r"[a-z][a-z'-]*(_[a-z'-]+)*")


@dataclass(frozen=True)
class Pattern:
    id: str
    cameo: str
    heads: tuple[str, ...]  # verb lemmas (with "_particle"), or noun lemmas when nominal
    nominal: bool
    objects: frozenset[str]
    xcomps: frozenset[str]
    preps: frozenset[str]
    example: str
    where: str
    order: int

    @property
    def specificity(self) -> int:
        return (2 * bool(self.objects) + 2 * bool(self.xcomps) + bool(self.preps)
                + any(" " in o for o in self.objects))

    @property
    def prep_required(self) -> bool:
        """A ``~`` is a condition only when nothing else narrows an ambiguous head."""
        return bool(self.preps) and not self.objects and not self.xcomps

    def text(self) -> str:
        head = ("n:" if self.nominal else "") + ";".join(
            h.replace(" ", "_") for h in self.heads)
        parts = [head]
        for mark, items in (("+", self.objects), (">", self.xcomps), ("~", self.preps)):
            if items:
                parts.append(mark + ";".join(sorted(items)))
        return " ".join(parts)


def parse_pattern(text: str) -> tuple[dict[str, object], list[str]]:
    """Split a pattern into its parts; returns (parts, problems)."""
    problems: list[str] = []
    tokens = text.split()
    if not tokens:
        return {}, ["empty pattern"]
    head, rest = tokens[0], tokens[1:]
    nominal = head.startswith("n:")
    if nominal:
        head = head[2:]
    heads = []
    for h in head.split(";"):
        if not _LEMMA.fullmatch(h):
            problems.append(f"bad head {h!r}")
            continue
        heads.append(h.replace("_", " ") if nominal else h)
    parts: dict[str, set[str]] = {"+": set(), ">": set(), "~": set()}
    for tok in rest:
        mark, items = tok[0], tok[1:]
        if mark not in parts or not items:
            problems.append(f"bad part {tok!r}: expected +objects, >xcomps or ~prepositions")
            continue
        for item in items.split(";"):
            if not _LEMMA.fullmatch(item):
                problems.append(f"bad word {item!r} in {tok!r}")
            parts[mark].add(item.replace("_", " "))
    return {"heads": tuple(heads), "nominal": nominal,
            "objects": frozenset(parts["+"]), "xcomps": frozenset(parts[">"]),
            "preps": frozenset(parts["~"])}, problems


def _by_object_length(p: Pattern) -> list[Pattern]:
    """A pattern with both two-word and one-word objects ranks as two: "scrap
    +treaty;peace_treaty" is more specific than "reject +agreement" only when it matched
    "peace treaty", not plain "treaty"."""
    two = frozenset(o for o in p.objects if " " in o)
    if not two or two == p.objects:
        return [p]
    return [replace(p, objects=two), replace(p, objects=p.objects - two)]


class PatternSet:
    """All patterns, indexed by head lemma."""

    def __init__(self, patterns: list[Pattern]) -> None:
        self.patterns = patterns
        self.by_id = {p.id: p for p in patterns}
        # lemma → [(pattern, particle)], most specific first
        self.verbs: dict[str, list[tuple[Pattern, str | None]]] = defaultdict(list)
        self.nouns: dict[str, list[tuple[Pattern, str | None]]] = defaultdict(list)
        for p in (v for q in patterns for v in _by_object_length(q)):
            for h in p.heads:
                if p.nominal:
                    self.nouns[h.split()[-1]].append((p, h if " " in h else None))
                else:
                    lemma, _, particle = h.partition("_")
                    self.verbs[lemma].append((p, particle or None))
        for table in (self.verbs, self.nouns):
            for cands in table.values():
                cands.sort(key=lambda c: (-c[0].specificity - bool(c[1]), c[0].order))

    def __len__(self) -> int:
        return len(self.patterns)

    @classmethod
    def load(cls, paths: list[Path] | None = None, ontology: Ontology | None = None, *,
             require_examples: bool = True, extra: Sequence[Path] = ()) -> PatternSet:
        """Patterns from ``paths`` (default: the bundled ``verbs/*.txt``), then ``extra``.

        ``require_examples``: every pattern of ``paths`` needs an example sentence (the
        bundled files do; imported ones have none). Patterns of ``extra`` files never need
        one. Ids must be unique across all files.
        """
        ontology = ontology or default_ontology()
        paths = paths or bundled_pattern_files()
        problems = Problems()
        patterns: list[Pattern] = []
        seen: dict[str, str] = {}
        for group, need_example in ((paths, require_examples), (extra, False)):
            for path in group:
                _read_patterns(path, ontology, problems, patterns, seen, need_example)
        problems.raise_if_any()
        return cls(patterns)


def _read_patterns(path: Path, ontology: Ontology, problems: Problems,
                   patterns: list[Pattern], seen: dict[str, str], require_example: bool
                   ) -> None:
    for row in read_rows(path, 4, problems, min_fields=3 if not require_example else None):
        pid, code, text, example = row.get(0), row.get(1), row.get(2), row.get(3)
        if not _ID.fullmatch(pid):
            problems.add(row, f"bad pattern id {pid!r}")
            continue
        if pid in seen:
            problems.add(row, f"pattern id {pid!r} already used at {seen[pid]}")
            continue
        seen[pid] = row.where()
        if code not in ontology:
            problems.add(row, f"unknown CAMEO code {code!r}")
            continue
        parts, errs = parse_pattern(text)
        for err in errs:
            problems.add(row, err)
        if errs:
            continue
        if not example and require_example:
            problems.add(row, "missing example sentence")
        patterns.append(Pattern(id=pid, cameo=code, example=example,
                                where=row.where(), order=len(patterns),
                                **parts))  # type: ignore[arg-type]


def bundled_pattern_files() -> list[Path]:
    return sorted(data_path("verbs").glob("*.txt"))


def extra_pattern_files(folders: Sequence[Path] | None = None,
                        problems: Problems | None = None) -> list[Path]:
    """``verbs/*.txt`` of each folder (default: $FLASHPOINT_DICTIONARIES), in order."""
    folders = extra_folders() if folders is None else folders
    problems = problems if problems is not None else Problems()
    return [path for folder in check_extra_folders(folders, problems)
            for path in sorted((folder / "verbs").glob("*.txt"))]


@cache
def default_patterns() -> PatternSet:
    """The bundled patterns, then those of the folders in $FLASHPOINT_DICTIONARIES."""
    problems = Problems()
    extra = extra_pattern_files(problems=problems)
    problems.raise_if_any()
    return PatternSet.load(extra=extra)
