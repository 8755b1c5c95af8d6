"""Load and validate the actor dictionary files (format: docs/dictionaries.md)."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

from flashpoint.datafiles import Problems, Row, data_path, read_rows

SECTORS = frozenset(
    ["GOV", "MIL", "LEG", "JUD", "COP", "SPY", "OPP", "REB", "INS", "PTY", "BUS", "MED", "EDU",
     "CVL", "REF", "LAB", "HLH", "REL", "ELI", "IGO", "NGO", "CRM", "ENV", "AGR", "MNC", "UAF",
     "SEP", "MOD", "RAD"]
)
# codes of actors that have no country of their own
NON_STATE = frozenset({"IGO", "NGO", "MNC", "IMG", "UIS"})
ORDER = ("blocked", "person", "org", "metonym", "capital", "country", "demonym", "place",
         "ethnic")
# extra dictionary folders, separated like PATH: FLASHPOINT_DICTIONARIES=/a/dir:/b/dir
EXTRA_ENV_VAR = "FLASHPOINT_DICTIONARIES"
# the actor files an extra folder may hold, in loading order
EXTRA_ACTOR_FILES = ("metonyms*.txt", "organizations*.txt", "sectors*.txt", "people*.txt",
                     "places*.txt", "ethnicities*.txt")


def extra_folders() -> list[Path]:
    """The folders named by $FLASHPOINT_DICTIONARIES, in order (empty when unset)."""
    value = os.environ.get(EXTRA_ENV_VAR, "")
    return [Path(part).expanduser() for part in value.split(os.pathsep) if part.strip()]


def check_extra_folders(folders: Sequence[Path], problems: Problems) -> list[Path]:
    """The folders that exist; each missing one is reported."""
    found = []
    for folder in folders:
        if folder.is_dir():
            found.append(folder)
        else:
            problems.add(None, f"{EXTRA_ENV_VAR}: not a folder: {folder}")
    return found


@dataclass(frozen=True)
class Role:
    country: str
    sector: str
    start: date | None
    end: date | None
    title: str
    where: str

    def covers(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


@dataclass
class Person:
    name: str
    roles: list[Role] = field(default_factory=list)

    def role_on(self, day: date | None, title: str = "") -> tuple[str, str, str]:
        """(country, sector, reason) for the person on ``day``; without a date, the role
        whose title the text uses ("Premier Li Peng"), else the latest."""
        roles = sorted(self.roles, key=lambda r: r.start or date.min)
        if day is None:
            words = set(title.lower().split())
            named = [r for r in roles if words & set(r.title.lower().split())]
            r = (named or roles)[-1]
            how = "its title in the text" if named else "latest role"
            return r.country, r.sector, f"{self.name}: {r.title} (no article date: {how})"
        for r in reversed(roles):
            if r.covers(day):
                return r.country, r.sector, f"{self.name}: {r.title} on {day} ({r.where})"
        past = [r for r in roles if r.end and r.end <= day]
        if past:
            r = past[-1]
            return r.country, "ELI", f"{self.name}: former {r.title} on {day} → elite"
        r = roles[0]
        return r.country, "ELI", f"{self.name}: not yet {r.title} on {day} → elite"


@dataclass(frozen=True)
class NameEntry:
    phrase: str
    kind: str  # one of ORDER
    code: str | None
    country: str | None
    sector: str | None
    where: str
    person: Person | None = None


@dataclass
class ActorDictionary:
    names: dict[str, NameEntry] = field(default_factory=dict)
    sector_words: dict[str, str] = field(default_factory=dict)  # lemma → sector
    sector_phrases: dict[str, str] = field(default_factory=dict)  # lower phrase → sector
    countries: dict[str, str] = field(default_factory=dict)  # code → first name
    persons: dict[str, Person] = field(default_factory=dict)
    # entries of extra folders that were not used: ``file:line: why``
    ignored: list[str] = field(default_factory=list)
    # names, sector words and persons an extra folder may not redefine (set while loading one)
    _locked: frozenset[str] | None = field(default=None, repr=False)

    @classmethod
    def load(cls, folder: Path | None = None, extra: Sequence[Path] = ()) -> ActorDictionary:
        """The dictionary in ``folder`` (default: the bundled one), then each ``extra`` folder.

        Extra folders add ``metonyms*.txt``, ``organizations*.txt``, ``sectors*.txt`` and
        ``people*.txt``. A name, sector phrase or person already defined by the bundled
        files or an earlier folder keeps its first definition; the later one goes to
        ``ignored``. Within one extra folder the usual checks apply.
        """
        folder = folder or data_path("actors")
        problems = Problems()
        d = cls()
        d._load_countries(folder / "countries.txt", problems)
        if (folder / "metonyms.txt").exists():
            d._load_metonyms(folder / "metonyms.txt", problems)
        if (folder / "organizations.txt").exists():
            d._load_orgs(folder / "organizations.txt", problems)
        if (folder / "sectors.txt").exists():
            d._load_sectors(folder / "sectors.txt", problems)
        for path in sorted(folder.glob("people*.txt")):
            d._load_people(path, problems)
        for path in sorted(folder.glob("places*.txt")):
            d._load_places(path, problems)
        for path in sorted(folder.glob("ethnicities*.txt")):
            d._load_ethnicities(path, problems)
        if (folder / "not_actors.txt").exists():
            d._load_blocked(folder / "not_actors.txt", problems)
        for extra_folder in check_extra_folders(extra, problems):
            d._load_extra(extra_folder, problems)
        problems.raise_if_any()
        return d

    def _load_extra(self, folder: Path, problems: Problems) -> None:
        self._locked = frozenset(self.names) | frozenset(self.sector_words) | \
            frozenset(self.sector_phrases) | frozenset(f"person:{p}" for p in self.persons)
        loaders = (self._load_metonyms, self._load_orgs, self._load_sectors, self._load_people,
                   self._load_places, self._load_ethnicities)
        for pattern, loader in zip(EXTRA_ACTOR_FILES, loaders, strict=True):
            for path in sorted(folder.glob(pattern)):
                loader(path, problems)
        self._locked = None

    def _is_locked(self, row: Row, key: str, what: str, old: str, *, same: bool = False
                   ) -> bool:
        """True when an extra folder tries to redefine ``key`` (noted unless ``same``)."""
        if self._locked is None or key not in self._locked:
            return False
        if not same:
            self.ignored.append(f"{row.path.parent.name}/{row.where()}: {what} already "
                                f"defined {old}; kept that")
        return True

    # -- loading ---------------------------------------------------------------------------
    def _add(self, row: Row, problems: Problems, entry: NameEntry) -> None:
        old = self.names.get(entry.phrase)
        if old is not None and self._is_locked(
                row, entry.phrase, f"name {entry.phrase!r}", f"at {old.where}",
                same=(old.kind, old.code) == (entry.kind, entry.code) and entry.person is None):
            return
        if old is None or ORDER.index(entry.kind) < ORDER.index(old.kind):
            self.names[entry.phrase] = entry
            return
        same_person = old.person is not None and old.person is entry.person
        if not same_person and (old.code, old.kind) != (entry.code, entry.kind) and \
                old.kind == entry.kind:
            problems.add(row, f"name {entry.phrase!r} already listed at {old.where} "
                              f"as {old.code}")

    def _country_ok(self, row: Row, problems: Problems, country: str) -> bool:
        if country in self.countries or country in NON_STATE:
            return True
        problems.add(row, f"unknown country code {country!r}")
        return False

    def _load_countries(self, path: Path, problems: Problems) -> None:
        rows = list(read_rows(path, 4, problems, min_fields=2))
        for row in rows:
            code = row.get(0)
            if not re.fullmatch(r"[A-Z]{3}", code):
                problems.add(row, f"country code must be 3 capital letters: {code!r}")
                continue
            if code in self.countries:
                problems.add(row, f"country {code} listed twice")
            names = row.items(1)
            if not names:
                problems.add(row, "a country needs at least one name")
                continue
            self.countries[code] = names[0]
        for row in rows:
            code = row.get(0)
            if code not in self.countries:
                continue
            where = row.where()
            for name in row.items(1):
                self._add(row, problems, NameEntry(name, "country", code, code, None, where))
            for name in row.items(2):
                self._add(row, problems, NameEntry(name, "demonym", code, code, None, where))
            for name in row.items(3):
                self._add(row, problems,
                          NameEntry(name, "capital", code + "GOV", code, "GOV", where))

    def _split_code(self, row: Row, problems: Problems, code: str
                    ) -> tuple[str | None, str | None] | None:
        if not re.fullmatch(r"([A-Z]{3})+", code):
            problems.add(row, f"actor code must be groups of 3 capital letters: {code!r}")
            return None
        country, rest = code[:3], code[3:]
        if country in NON_STATE:
            return None, country
        if not self._country_ok(row, problems, country):
            return None
        sector = rest[:3] or None
        if sector and sector not in SECTORS:
            problems.add(row, f"unknown sector {sector!r} in {code}")
            return None
        return country, sector

    def _load_metonyms(self, path: Path, problems: Problems) -> None:
        for row in read_rows(path, 2, problems):
            phrase, code = row.get(0), row.get(1)
            parts = self._split_code(row, problems, code)
            if parts is None:
                continue
            if phrase.lower().startswith("the "):
                phrase = phrase[4:]
            self._add(row, problems, NameEntry(phrase, "metonym", code, *parts, row.where()))

    def _load_orgs(self, path: Path, problems: Problems) -> None:
        for row in read_rows(path, 4, problems):
            code, country, sector = row.get(0), row.get(1) or None, row.get(2) or None
            if not re.fullmatch(r"([A-Z]{3})+", code):
                problems.add(row, f"actor code must be groups of 3 capital letters: {code!r}")
                continue
            if country and not self._country_ok(row, problems, country):
                continue
            if sector and sector not in SECTORS:
                problems.add(row, f"unknown sector {sector!r}")
                continue
            names = row.items(3)
            if not names:
                problems.add(row, "an organisation needs at least one name")
            for name in names:
                self._add(row, problems, NameEntry(name, "org", code, country, sector,
                                                   row.where()))

    def _load_sectors(self, path: Path, problems: Problems) -> None:
        for row in read_rows(path, 2, problems):
            phrase, sector = row.get(0).lower(), row.get(1)
            if sector not in SECTORS:
                problems.add(row, f"unknown sector {sector!r}")
                continue
            # "secretary-general" is several tokens: matched as a phrase, not a word
            table = self.sector_phrases if " " in phrase or "-" in phrase else self.sector_words
            if phrase in table and self._is_locked(row, phrase, f"sector phrase {phrase!r}",
                                                   f"as {table[phrase]}",
                                                   same=table[phrase] == sector):
                continue
            if phrase in table and table[phrase] != sector:
                problems.add(row, f"{phrase!r} already has sector {table[phrase]}")
            table[phrase] = sector

    def _load_people(self, path: Path, problems: Problems) -> None:
        for row in read_rows(path, 6, problems):
            names = row.items(0)
            country, sector = row.get(1), row.get(2)
            if not names:
                problems.add(row, "a person needs a name")
                continue
            if country == "IGO":  # international office: code IGO + organisation
                pass
            elif not self._country_ok(row, problems, country):
                continue
            elif sector not in SECTORS:
                problems.add(row, f"unknown sector {sector!r}")
                continue
            try:
                start = date.fromisoformat(row.get(3)) if row.get(3) else None
                end = date.fromisoformat(row.get(4)) if row.get(4) else None
            except ValueError as exc:
                problems.add(row, f"bad date: {exc}")
                continue
            if start and end and end < start:
                problems.add(row, f"office ends ({end}) before it starts ({start})")
                continue
            if names[0] in self.persons and self._is_locked(
                    row, f"person:{names[0]}", f"person {names[0]!r}",
                    f"at {self.persons[names[0]].roles[0].where}"):
                continue
            person = self.persons.setdefault(names[0], Person(names[0]))
            person.roles.append(Role(country, sector, start, end, row.get(5) or "office",
                                     row.where()))
            for name in names:
                self._add(row, problems, NameEntry(name, "person", None, None, None,
                                                   row.where(), person))

    def _load_places(self, path: Path, problems: Problems) -> None:
        """Regions, provinces and cities: where things happen, never actors themselves.
        A place gives its country to a sector noun ("Darfur rebels") and to an act done
        there ("a curfew in Samarra")."""
        self._load_country_hints(path, problems, "place", "a place")

    def _load_ethnicities(self, path: Path, problems: Problems) -> None:
        """Ethnic and religious communities, coded by where they live (the sentence's
        country first, the listed one otherwise; ``-`` for peoples of several)."""
        self._load_country_hints(path, problems, "ethnic", "an ethnicity", several=True)

    def _load_country_hints(self, path: Path, problems: Problems, kind: str, what: str,
                            *, several: bool = False) -> None:
        """``country | names`` files of names that hint at a country without acting
        (places, ethnicities); ``several`` allows ``-`` for no one country. A name any
        other actor file lists is an error."""
        for row in read_rows(path, 2, problems):
            code = row.get(0)
            country = None if several and code in ("", "-") else code
            if country is not None and (country in NON_STATE
                                        or not self._country_ok(row, problems, country)):
                if country in NON_STATE:
                    alt = " or '-'" if several else ""
                    problems.add(row, f"{what} needs a country code{alt}, not {code!r}")
                continue
            names = row.items(1)
            if not names:
                problems.add(row, f"{what} line needs at least one name")
            for name in names:
                old = self.names.get(name)
                if old is not None:
                    if not self._is_locked(row, name, f"{kind} {name!r}", f"at {old.where}",
                                           same=(old.kind, old.code) == (kind, country)):
                        problems.add(row, f"{kind} {name!r} already listed at {old.where}")
                    continue
                self.names[name] = NameEntry(name, kind, country, country, None,
                                             row.where())

    def _load_blocked(self, path: Path, problems: Problems) -> None:
        """Phrases that contain an actor's name but are not that actor ("Latin America")."""
        for row in read_rows(path, 2, problems, min_fields=1):
            phrase = row.get(0)
            if not phrase:
                problems.add(row, "empty phrase")
                continue
            if phrase in self.names and self.names[phrase].kind == "blocked":
                problems.add(row, f"{phrase!r} already blocked at {self.names[phrase].where}")
                continue
            if phrase in self.names:  # a blocker would silently unmake a listed actor
                problems.add(row, f"{phrase!r} is an actor name at "
                                  f"{self.names[phrase].where}; block it or list it, not both")
                continue
            self.names[phrase] = NameEntry(phrase, "blocked", None, None, None, row.where())

    # -- lookups ---------------------------------------------------------------------------
    def sector_of(self, lemma: str) -> str | None:
        return self.sector_words.get(lemma.lower())


@cache
def default_dictionary() -> ActorDictionary:
    """The bundled dictionary plus the folders in $FLASHPOINT_DICTIONARIES (cached)."""
    return ActorDictionary.load(extra=extra_folders())
