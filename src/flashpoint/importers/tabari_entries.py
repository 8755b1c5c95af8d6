"""Reading TABARI/PETRARCH files: comments, entries with bracketed codes and dates."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from flashpoint.errors import InputError

KINDS = ("actors", "agents", "verbs")
# skip reasons (the keys of ImportReport.skipped)
NO_CODE = "no code"
NO_EVENT = "no event code"
BAD_LINE = "unreadable line"
BAD_DATE = "bad date"
UNKNOWN_COUNTRY = "unknown country code"
UNKNOWN_SECTOR = "unknown sector"
UNKNOWN_AGENT = "agent code not a flashpoint sector"
UNKNOWN_CAMEO = "unknown CAMEO code"
UNSUPPORTED = "unsupported pattern"
UNSUPPORTED_VERB = "unsupported verb"
DUPLICATE = "duplicate"


YEAR_PIVOT = 50

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_'.&-]*")
_CODE = re.compile(
    r"\[\s*(~?)\s*([A-Za-z]+)\s*(?:(\d{6}|\d{8})\s*-\s*(\d{6}|\d{8})|([<>])\s*(\d{6}|\d{8}))?"
    r"\s*\]")
_BRACES = re.compile(r"\{([^}]*)\}")

# -- reading --------------------------------------------------------------------------------
def detect_kind(path: Path) -> str | None:
    """``actors``, ``agents`` or ``verbs`` from a name like ``Phoenix.Countries.actors.txt``."""
    parts = [p.lower() for p in path.name.split(".")[1:]]
    return next((kind for kind in KINDS if kind in parts), None)


def clean_lines(text: str) -> Iterator[tuple[int, str]]:
    """(line number, text) of each non-empty line, comments removed.

    Comments: ``<!-- ... -->`` (may span lines), and anything after ``#`` or ``;`` on a
    line. A line ``~~FINISH`` ends the file.
    """
    in_block = False
    for number, raw in enumerate(text.splitlines(), start=1):
        rest, kept = raw, []
        while rest:
            if in_block:
                end = rest.find("-->")
                if end < 0:
                    break
                rest, in_block = rest[end + 3:], False
            else:
                start = rest.find("<!--")
                if start < 0:
                    kept.append(rest)
                    break
                kept.append(rest[:start])
                rest, in_block = rest[start + 4:], True
        line = "".join(kept)
        for mark in ("#", ";"):
            cut = line.find(mark)
            if cut >= 0:
                line = line[:cut]
        line = line.strip()
        if line.upper().startswith("~~FINISH"):
            return
        if line:
            yield number, line


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")  # older dictionaries are Latin-1 or plain ASCII


# -- actor and agent entries ----------------------------------------------------------------
@dataclass
class Code:
    code: str
    agent: bool  # written with "~" (an agent code)
    start: date | None
    end: date | None  # exclusive, like flashpoint's `to`
    where: str

    @property
    def dated(self) -> bool:
        return self.start is not None or self.end is not None


@dataclass
class Entry:
    """One actor or agent: a primary name, its synonyms and plurals, and its codes."""

    where: str
    names: list[str] = field(default_factory=list)
    plurals: list[str] = field(default_factory=list)
    codes: list[Code] = field(default_factory=list)


def parse_date(text: str) -> date:
    """``yymmdd`` (yy < 50 → 20yy) or ``yyyymmdd``; ValueError when not a date."""
    if len(text) == 6:
        yy = int(text[:2])
        year = 2000 + yy if yy < YEAR_PIVOT else 1900 + yy
        return date(year, int(text[2:4]), int(text[4:6]))
    return date(int(text[:4]), int(text[4:6]), int(text[6:8]))


def _parse_code(match: re.Match[str], where: str) -> Code:
    tilde, code, first, last, op, single = match.groups()
    start = end = None
    if first:
        start = parse_date(first)
        end = parse_date(last) + timedelta(days=1)  # TABARI ranges include their last day
        if end <= start:
            raise ValueError(f"range ends before it starts: {first}-{last}")
    elif op == ">":
        start = parse_date(single) + timedelta(days=1)  # strictly after the date
    elif op == "<":
        end = parse_date(single)
    return Code(code.upper(), bool(tilde), start, end, where)


def parse_entries(text: str, name: str, report: ImportReport) -> list[Entry]:
    """The entries of an ``.actors`` or ``.agents`` file.

    ``NAME_ {PLURAL_} [CODE]`` starts an entry; ``+SYNONYM_`` lines add names and
    ``[CODE ...]`` lines add codes to the entry above them.
    """
    entries: list[Entry] = []
    current: Entry | None = None
    for number, line in clean_lines(text):
        where = f"{name}:{number}"
        codes_text = line
        body = _CODE.sub(" ", line)
        plurals = [p for m in _BRACES.finditer(body) for p in m.group(1).split()]
        body = _BRACES.sub(" ", body).strip()
        if "[" in body or "]" in body or "{" in body or "}" in body:
            report.skip(where, BAD_LINE, f"cannot read {line!r}")
            continue
        synonym = body.startswith("+")
        body = body.lstrip("+").strip()
        if body and (" " in body or not _NAME.fullmatch(body)):
            report.skip(where, BAD_LINE, f"not a name: {body!r}")
            continue
        if body and not synonym:
            current = Entry(where)
            entries.append(current)
        if current is None:
            report.skip(where, BAD_LINE, f"{line!r} belongs to no entry")
            continue
        if body:
            current.names.append(body)
        current.plurals.extend(plurals)
        for match in _CODE.finditer(codes_text):
            try:
                current.codes.append(_parse_code(match, where))
            except ValueError as exc:
                report.skip(where, BAD_DATE, f"{match.group(0)}: {exc}")
    return entries


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "ches", "shes", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


_LABELS = {"people": "people lines", "organizations": "organisations",
           "sectors": "sector phrases", "patterns": "verb patterns"}


# -- the report -----------------------------------------------------------------------------
@dataclass
class ImportReport:
    """What was converted, what was skipped and why (``file:line: reason: detail``)."""

    converted: Counter[str] = field(default_factory=Counter)  # output → lines written
    skipped: Counter[str] = field(default_factory=Counter)  # reason → entries skipped
    adjusted: Counter[str] = field(default_factory=Counter)  # reason → entries changed
    messages: list[str] = field(default_factory=list)  # one per skipped entry
    notes: list[str] = field(default_factory=list)  # one per adjusted entry

    def skip(self, where: str, reason: str, detail: str = "") -> None:
        self.skipped[reason] += 1
        self.messages.append(f"{where}: {reason}" + (f": {detail}" if detail else ""))

    def adjust(self, where: str, reason: str, detail: str = "") -> None:
        self.adjusted[reason] += 1
        self.notes.append(f"{where}: {reason}" + (f": {detail}" if detail else ""))

    def summary(self) -> list[str]:
        def counts(c: Counter[str]) -> str:
            return ", ".join(f"{n} {what}" for what, n in c.most_common()) or "none"

        converted = ", ".join(f"{self.converted[key]} {label}" for key, label in _LABELS.items()
                              if self.converted[key]) or "nothing"
        lines = [f"converted: {converted}",
                 f"skipped {sum(self.skipped.values())}: {counts(self.skipped)}"]
        if self.adjusted:
            lines.append(f"adjusted {sum(self.adjusted.values())}: {counts(self.adjusted)}")
        return lines
