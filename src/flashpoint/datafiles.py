"""The one line syntax shared by every dictionary and ontology file.

See docs/dictionaries.md: ``#`` comments, ``|`` between fields, ``;`` inside a
list field, ``-`` or nothing for an empty field. Problems are collected, never
raised one at a time, so a reviewer sees every bad line of a file at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from flashpoint.errors import DictionaryError


def data_path(*parts: str) -> Path:
    """Path of a file or folder bundled under ``flashpoint/data``."""
    return Path(__file__).parent.joinpath("data", *parts)


@dataclass
class Row:
    path: Path
    line: int
    fields: list[str]

    def where(self) -> str:
        return f"{self.path.name}:{self.line}"

    def get(self, i: int) -> str:
        value = self.fields[i] if i < len(self.fields) else ""
        return "" if value == "-" else value

    def items(self, i: int) -> list[str]:
        return [x.strip() for x in self.get(i).split(";") if x.strip() and x.strip() != "-"]


@dataclass
class Problems:
    """Collects ``file:line: problem`` messages and raises them together."""

    messages: list[str] = field(default_factory=list)

    def add(self, row: Row | None, message: str) -> None:
        self.messages.append(f"{row.where()}: {message}" if row else message)

    def raise_if_any(self) -> None:
        if self.messages:
            raise DictionaryError(self.messages)


def strip_comment(line: str) -> str:
    if line.lstrip().startswith("#"):
        return ""
    # a comment after data starts at " #" (a "#" inside a name is kept)
    cut = line.find(" #")
    return line if cut < 0 else line[:cut]


def read_rows(path: Path, n_fields: int, problems: Problems, *, min_fields: int | None = None,
              ) -> Iterator[Row]:
    """Yield the data rows of ``path``; wrong field counts go to ``problems``."""
    low = n_fields if min_fields is None else min_fields
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.add(None, f"{path.name}: cannot read: {exc}")
        return
    for number, raw in enumerate(text.splitlines(), start=1):
        line = strip_comment(raw).strip()
        if not line:
            continue
        fields = [f.strip() for f in line.split("|")]
        row = Row(path, number, fields)
        if not low <= len(fields) <= n_fields:
            want = n_fields if low == n_fields else f"{low} to {n_fields}"
            problems.add(row, f"expected {want} '|'-separated fields, found {len(fields)}")
            continue
        yield row
