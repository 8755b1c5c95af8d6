"""Import TABARI / PETRARCH dictionaries (``.actors``, ``.agents``, ``.verbs``).

The community's event-coding dictionaries use the plain-text formats described in
the TABARI manual and the PETRARCH dictionary documentation. This module reads
them and writes flashpoint's own formats (docs/dictionaries.md):

- ``.actors`` → ``people_imported.txt`` (actors with dated codes: office-holders)
  and ``organizations_imported.txt`` (everything else);
- ``.agents`` → ``sectors_imported.txt``;
- ``.verbs``  → ``verbs/imported.txt``.

Only a documented subset of the verb pattern language is converted (see
``docs/dictionaries.md``, "Importing TABARI/PETRARCH dictionaries"); every line
that is not converted is reported as ``file:line: reason``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from flashpoint.actors.dictionary import NON_STATE, SECTORS
from flashpoint.datafiles import Problems, data_path, read_rows
from flashpoint.errors import InputError
from flashpoint.events.patterns import parse_pattern
from flashpoint.importers.tabari_entries import (
    _BRACES,
    BAD_LINE,
    DUPLICATE,
    KINDS,
    NO_CODE,
    NO_EVENT,
    UNKNOWN_AGENT,
    UNKNOWN_CAMEO,
    UNKNOWN_COUNTRY,
    UNKNOWN_SECTOR,
    UNSUPPORTED,
    UNSUPPORTED_VERB,
    Code,
    Entry,
    ImportReport,
    _read_text,
    _singular,
    clean_lines,
    detect_kind,
    parse_entries,
)
from flashpoint.importers.tabari_names import display_names
from flashpoint.ontology import Ontology, default_ontology

OUTPUT_FILES = {"people": "people_imported.txt", "organizations": "organizations_imported.txt",
                "sectors": "sectors_imported.txt", "patterns": "verbs/imported.txt"}
HEADERS = {
    "people": "names | country | sector | from | to | role",
    "organizations": "code | country | sector | names",
    "sectors": "phrase | sector",
    "patterns": "id | cameo | pattern | example",
}
# two-digit years: yy < 50 → 20yy, else 19yy

# words kept in lower case inside a name (unless first)
# hyphenated prefixes after which the next part keeps its capital ("al-Assad")
_PREPOSITIONS = frozenset({
    "about", "above", "across", "after", "against", "along", "among", "amid", "around",
    "as", "at", "before", "behind", "below", "beneath", "beside", "between", "beyond",
    "by", "despite", "down", "during", "for", "from", "in", "inside", "into", "near",
    "of", "off", "on", "onto", "out", "outside", "over", "past", "regarding", "since",
    "through", "throughout", "to", "toward", "towards", "under", "underneath", "until",
    "up", "upon", "via", "with", "within", "without"
})
# ordinary words that open organisation names: never guessed to be acronyms
_BRACKET = re.compile(r"\[([^\]]*)\]")
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*_?")
_HEAD = re.compile(r"[a-z][a-z'-]*(_[a-z'-]+)?")
_CAMEO = re.compile(r"\d{2,4}")




# -- the importer ---------------------------------------------------------------------------
def bundled_countries() -> frozenset[str]:
    problems = Problems()
    return frozenset(row.get(0) for row in read_rows(data_path("actors", "countries.txt"), 4,
                                                     problems, min_fields=2))


class _Skip(Exception):
    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason, self.detail = reason, detail


@dataclass
class _Block:
    heads: list[str]
    code: str | None
    where: str
    lines: list[tuple[str, str, str]] = field(default_factory=list)  # (where, tokens, code)


class TabariImporter:
    """Collects converted lines from any number of files; ``write`` saves them."""

    def __init__(self, *, countries: frozenset[str] | None = None,
                 ontology: Ontology | None = None) -> None:
        self.countries = countries if countries is not None else bundled_countries()
        self.ontology = ontology or default_ontology()
        self.report = ImportReport()
        self.lines: dict[str, list[str]] = {key: [] for key in OUTPUT_FILES}
        self.sources: list[str] = []
        self._names: dict[str, str] = {}  # actor name → where first used
        self._phrases: dict[str, tuple[str, str]] = {}  # agent phrase → (sector, where)
        self._patterns: dict[str, tuple[str, str]] = {}  # pattern text → (code, where)
        self._ids: Counter[str] = Counter()

    # -- files ------------------------------------------------------------------------------
    def add_file(self, path: Path, kind: str | None = None) -> None:
        """Convert one file; InputError when it cannot be read or its kind is unknown."""
        kind = kind or detect_kind(path)
        if kind not in KINDS:
            raise InputError(f"{path}: cannot tell whether it holds verbs, actors or agents: "
                             "name it *.verbs, *.actors or *.agents, or pass --kind")
        self.add_text(_read_text(path), path.name, kind)

    def add_text(self, text: str, name: str, kind: str) -> None:
        self.sources.append(name)
        first_message, first_note = len(self.report.messages), len(self.report.notes)
        self._convert(text, name, kind)
        # blocks are converted when they end: put this file's messages in line order
        for items, first in ((self.report.messages, first_message),
                             (self.report.notes, first_note)):
            items[first:] = sorted(items[first:], key=_line_number)

    def _convert(self, text: str, name: str, kind: str) -> None:
        if kind == "actors":
            for entry in parse_entries(text, name, self.report):
                self._actor(entry)
        elif kind == "agents":
            for entry in parse_entries(text, name, self.report):
                self._agent(entry)
        elif kind == "verbs":
            self._verbs(text, name)
        else:
            raise ValueError(f"unknown kind {kind!r}")

    def write(self, out: Path) -> list[Path]:
        """Write the non-empty outputs under ``out``; returns the paths written."""
        written = []
        for key, rel in OUTPUT_FILES.items():
            if not self.lines[key]:
                continue
            path = out / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            head = [f"# Imported by `flashpoint import-dictionary` from "
                    f"{', '.join(dict.fromkeys(self.sources))}.",
                    "# Review before use: see docs/dictionaries.md.", f"# {HEADERS[key]}"]
            path.write_text("\n".join(head + self.lines[key]) + "\n", encoding="utf-8")
            written.append(path)
        return written

    def _emit(self, key: str, line: str, where: str) -> None:
        self.lines[key].append(f"{line}  # {where}")
        self.report.converted[key] += 1

    # -- actors -----------------------------------------------------------------------------
    def _split(self, code: Code, *, person: bool) -> tuple[str, str]:
        """(country, sector) of a code for our files; _Skip when it cannot be used."""
        c = code.code
        if len(c) % 3 or not c.isalpha():
            raise _Skip(BAD_LINE, f"code {c!r} is not groups of 3 letters")
        prefix, rest = c[:3], c[3:]
        if prefix in NON_STATE:
            if person and prefix == "IGO":
                if not rest:
                    raise _Skip(UNKNOWN_SECTOR, f"{c}: an IGO office needs the "
                                                "organisation's code (IGOUNO)")
                return "IGO", rest  # our people files: country IGO, sector = organisation
            if person:
                return prefix, rest[:3]
            return "-", rest[:3] if rest[:3] in SECTORS else prefix if prefix in SECTORS else ""
        if prefix not in self.countries:
            raise _Skip(UNKNOWN_COUNTRY, f"{prefix!r} in {c}")
        return prefix, rest[:3]

    def _actor(self, entry: Entry) -> None:
        if not entry.names:
            return
        if not entry.codes:
            self.report.skip(entry.where, NO_CODE, entry.names[0])
            return
        person = any(c.dated for c in entry.codes)
        country_only = not person and len(entry.codes[0].code) == 3
        names: list[str] = []
        for raw in entry.names + entry.plurals:
            for name in display_names(raw, person=person, country=country_only):
                used = self._names.get(name)
                if used is None:
                    names.append(name)
                    self._names[name] = entry.where
                elif used != entry.where:
                    self.report.adjust(entry.where, "name dropped",
                                       f"{name!r} already used at {used}")
        if not names:
            self.report.skip(entry.where, DUPLICATE, f"every name already used: {entry.names[0]}")
            return
        if person:
            self._person(entry, names)
        else:
            self._organization(entry, names)

    def _person(self, entry: Entry, names: list[str]) -> None:
        for code in entry.codes:
            try:
                country, sector = self._split(code, person=True)
            except _Skip as skip:
                self.report.skip(code.where, skip.reason, skip.detail)
                continue
            if country != "IGO":
                if sector not in SECTORS:
                    self.report.skip(code.where, UNKNOWN_SECTOR,
                                     f"{code.code}: a person needs one of flashpoint's "
                                     f"sectors, not {sector or 'none'!r}")
                    continue
                if len(code.code) > 6:
                    self.report.adjust(code.where, "code shortened",
                                       f"{code.code} → {country}{sector}")
            start = code.start.isoformat() if code.start else ""
            end = code.end.isoformat() if code.end else ""
            self._emit("people", f"{'; '.join(names)} | {country} | {sector} | {start} | "
                                 f"{end} | {code.code}", code.where)

    def _organization(self, entry: Entry, names: list[str]) -> None:
        code = entry.codes[0]
        for other in entry.codes[1:]:
            self.report.skip(other.where, DUPLICATE,
                             f"second code {other.code} for {entry.names[0]} (kept {code.code})")
        try:
            country, sector = self._split(code, person=False)
        except _Skip as skip:
            self.report.skip(code.where, skip.reason, skip.detail)
            return
        if sector and sector not in SECTORS:
            self.report.adjust(code.where, "sector left empty",
                               f"{sector!r} of {code.code} is not a flashpoint sector")
            sector = ""
        self._emit("organizations", f"{code.code} | {country} | {sector or '-'} | "
                                    f"{'; '.join(names)}", code.where)

    # -- agents -----------------------------------------------------------------------------
    def _agent(self, entry: Entry) -> None:
        if not entry.names:
            return
        if not entry.codes:
            self.report.skip(entry.where, NO_CODE, entry.names[0])
            return
        code = entry.codes[0]
        for other in entry.codes[1:]:
            self.report.skip(other.where, DUPLICATE, f"second code {other.code} for "
                                                     f"{entry.names[0]} (kept {code.code})")
        sector = code.code
        if sector not in SECTORS:
            self.report.skip(code.where, UNKNOWN_AGENT, f"{entry.names[0]} [~{sector}]")
            return
        phrases = [n.strip("_").replace("_", " ").lower() for n in entry.names]
        # single words are matched by lemma, so only multi-word plurals are needed
        phrases += [p.strip("_").replace("_", " ").lower() for p in entry.plurals
                    if "_" in p.strip("_")]
        for phrase in dict.fromkeys(phrases):
            if not phrase or not re.fullmatch(r"[a-z0-9][a-z0-9 '.&-]*", phrase):
                self.report.skip(entry.where, BAD_LINE, f"not a phrase: {phrase!r}")
                continue
            old = self._phrases.get(phrase)
            if old is not None:
                if old[0] != sector:
                    self.report.skip(entry.where, DUPLICATE, f"{phrase!r} already has sector "
                                                             f"{old[0]} at {old[1]}")
                continue
            self._phrases[phrase] = (sector, entry.where)
            self._emit("sectors", f"{phrase} | {sector}", entry.where)

    # -- verbs ------------------------------------------------------------------------------
    def _verbs(self, text: str, name: str) -> None:
        block: _Block | None = None
        in_synset = False
        for number, line in clean_lines(text):
            where = f"{name}:{number}"
            if line.startswith("---") or (not line.startswith(("-", "+", "&", "{"))
                                          and _BRACKET.search(line)):
                if block is not None:
                    self._flush(block)
                block, in_synset = self._header(line, where), False
                continue
            if line.startswith("&"):
                in_synset = True
                self.report.skip(where, UNSUPPORTED, f"synset definition {line.split()[0]}")
                continue
            if line.startswith("+"):
                if not in_synset:
                    self.report.skip(where, BAD_LINE, f"{line!r} outside a synset")
                continue  # a synset member: reported with its synset
            in_synset = False
            if line.startswith("{"):
                continue  # verb forms: we lemmatise
            if line.startswith("-"):
                m = re.fullmatch(r"-\s*(.*?)\s*\[([^\]]*)\]\s*(?:\{[^}]*\})?", line)
                if block is None or m is None:
                    self.report.skip(where, BAD_LINE, f"{line!r}" + (
                        " before any verb" if block is None else ""))
                    continue
                block.lines.append((where, m.group(1), m.group(2).strip()))
                continue
            if block is None:
                block = self._header(line, where)
                continue
            self._member(block, line, where)
        if block is not None:
            self._flush(block)

    def _header(self, line: str, where: str) -> _Block:
        """A verb block: ``--- PULL_OUT [087] ---`` or ``ACCUSE {forms} [112]``."""
        body = _BRACES.sub(" ", line.strip().strip("-"))
        m = _BRACKET.search(body)
        code = m.group(1).strip() if m else None
        if m is not None:
            body = body[:m.start()] + body[m.end():]
        head = body.strip().strip("-").strip()
        block = _Block([], code, where)
        self._add_head(block, head, where)
        return block

    def _add_head(self, block: _Block, word: str, where: str) -> None:
        head = word.strip("_").lower()
        if not _HEAD.fullmatch(head):
            why = ("verbs of more than two words are not supported" if head.count("_") > 1
                   else f"not a verb: {word!r}")
            self.report.skip(where, UNSUPPORTED_VERB, why)
            return
        if head not in block.heads:
            block.heads.append(head)

    def _member(self, block: _Block, line: str, where: str) -> None:
        """A plain verb line inside a block: another verb (PETRARCH) or a form of one."""
        word = _BRACES.sub(" ", line).strip().strip("_").lower()
        if " " in word:
            self.report.skip(where, BAD_LINE, f"cannot read {line!r}")
            return
        for head in block.heads:
            first, _, particle = head.partition("_")
            w_first, _, w_particle = word.partition("_")
            if particle == w_particle and w_first.startswith(first[:max(3, len(first) - 1)]):
                return  # an inflected form ("ACCUSED") of a verb already in the block
        self._add_head(block, word, where)

    def _flush(self, block: _Block) -> None:
        if not block.heads:
            for where, _, _ in block.lines:
                self.report.skip(where, UNSUPPORTED_VERB, "the block's verb was not converted")
            return
        if block.code is not None:
            self._pattern(block, block.where, "*", block.code)
        for where, tokens, code in block.lines:
            self._pattern(block, where, tokens, code)

    def _pattern(self, block: _Block, where: str, tokens: str, code: str) -> None:
        if not _CAMEO.fullmatch(code) or set(code) == {"0"}:
            if re.fullmatch(r"-*|0*", code):
                self.report.skip(where, NO_EVENT, f"[{code}]")
            else:
                self.report.skip(where, UNSUPPORTED, f"code [{code}]")
            return
        if code not in self.ontology:
            self.report.skip(where, UNKNOWN_CAMEO, code)
            return
        parts = convert_pattern(tokens.split())
        if isinstance(parts, str):
            self.report.skip(where, UNSUPPORTED, f"{parts} in '- {tokens}'")
            return
        objects, preps = parts
        text = ";".join(block.heads)
        if objects:
            text += " +" + ";".join(sorted(objects))
        if preps:
            text += " ~" + ";".join(sorted(preps))
        _, errs = parse_pattern(text)
        if errs:
            self.report.skip(where, UNSUPPORTED, "; ".join(errs))
            return
        old = self._patterns.get(text)
        if old is not None:
            self.report.skip(where, DUPLICATE, f"pattern {text!r} already given at {old[1]}"
                                               f" ({old[0]})")
            return
        self._patterns[text] = (code, where)
        lemma = re.sub(r"[^a-z0-9_-]", "", block.heads[0])
        self._ids[lemma] += 1
        self._emit("patterns", f"imported.{lemma}.{self._ids[lemma]} | {code} | {text} |",
                   where)


def convert_pattern(tokens: list[str]) -> tuple[set[str], set[str]] | str:
    """(objects, prepositions) of a TABARI pattern, or why it is outside the subset.

    ``*`` is the verb, ``$`` the source, ``+`` the target. Supported: only ``$``/``+``
    before ``*``; a literal noun right after ``*`` (→ ``+object``); a preposition right
    before ``+`` (→ ``~prep``).
    """
    if tokens.count("*") != 1:
        return "a pattern needs exactly one '*' (the verb)"
    star = tokens.index("*")
    for tok in tokens[:star]:
        if tok not in ("$", "+"):
            return f"{tok!r} before the verb"
    objects: set[str] = set()
    preps: set[str] = set()
    after = tokens[star + 1:]
    for i, tok in enumerate(after):
        if tok in ("$", "+"):
            continue
        if tok.startswith("&"):
            return f"synset {tok}"
        if "%" in tok:
            return "compound actor marker '%'"
        if "_" in tok.rstrip("_"):
            return f"multi-word literal {tok!r}"
        if not _WORD.fullmatch(tok):
            return f"token {tok!r}"
        word = tok.rstrip("_").lower()
        following = after[i + 1] if i + 1 < len(after) else None
        if word in _PREPOSITIONS and following == "+":
            preps.add(word)
        elif i == 0 and word not in _PREPOSITIONS:
            objects.update({word, _singular(word)})
        else:
            return (f"{tok!r} (only a noun right after '*' or a preposition right before '+' "
                    "is supported)")
    return objects, preps


def _line_number(message: str) -> int:
    parts = message.split(":", 2)
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0


def import_files(paths: list[Path], kind: str | None = None) -> TabariImporter:
    """Convert ``paths`` (InputError on the first unreadable one)."""
    importer = TabariImporter()
    for path in paths:
        importer.add_file(path, kind)
    return importer
