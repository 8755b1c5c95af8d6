"""Sources: a named stream of bytes (a file, an archive member, a download) with size caps.

Every read goes through a cap, so a huge file or a decompression bomb stops with an
``InputError`` naming the item instead of filling memory.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from flashpoint.errors import InputError

# Errors that decompressors and parsers raise on corrupt input
CORRUPT: tuple[type[Exception], ...] = (OSError, EOFError, ValueError, RuntimeError,
                                        NotImplementedError, zlib.error)


class CappedStream(io.RawIOBase):
    """Reads through ``inner`` and raises InputError once more than ``cap`` bytes came out."""

    def __init__(self, inner: BinaryIO, cap: int, name: str, what: str = "file") -> None:
        self.inner, self.cap, self.name, self.what, self.count = inner, cap, name, what, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self.inner.read(len(buffer))
        self.count += len(data)
        if self.count > self.cap:
            raise InputError(f"{self.name}: {self.what} larger than the "
                             f"{self.cap // 1024 // 1024 or self.cap} "
                             f"{'MiB' if self.cap >= 1024 * 1024 else 'byte'} cap")
        buffer[:len(data)] = data
        return len(data)

    def close(self) -> None:
        try:
            self.inner.close()
        finally:
            super().close()


@dataclass
class Source:
    """One input item: ``name`` for messages and Article.doc, ``opener`` for its bytes."""

    name: str
    opener: Callable[[], BinaryIO]
    url: str | None = None
    content_type: str | None = None  # from HTTP, when known
    path: Path | None = None  # a file on disk, when it is one (zip needs to seek)

    @property
    def suffix(self) -> str:
        return PurePosixPath(self.name.split("?")[0]).suffix.lower()

    @property
    def label(self) -> str:
        """The short name an Article's ``doc`` gets: the last path part."""
        return self.name.rsplit("/", 1)[-1].rsplit("!", 1)[-1] or self.name

    def open(self, cap: int) -> BinaryIO:
        try:
            raw = self.opener()
        except OSError as exc:
            raise InputError(f"{self.name}: cannot read: {exc.strerror or exc}") from exc
        return io.BufferedReader(CappedStream(raw, cap, self.name))  # type: ignore[arg-type]

    def read(self, cap: int) -> bytes:
        """All bytes, or InputError when over ``cap`` or unreadable/corrupt."""
        with self.open(cap) as stream:
            try:
                return stream.read()
            except InputError:
                raise
            except CORRUPT as exc:
                raise InputError(f"{self.name}: corrupt or unreadable: "
                                 f"{one_line(exc)}") from exc


def bytes_source(name: str, data: bytes, **kw: str | None) -> Source:
    return Source(name, lambda: io.BytesIO(data), **kw)


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 (or UTF-16 with a BOM) text, or InputError for binary and other encodings."""
    if not data.strip():
        raise InputError(f"{name}: empty file")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(f"{name}: invalid UTF-16 text") from exc
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: not UTF-8 text (byte {exc.start})") from exc
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    if controls > max(8, len(text[:8192]) // 100):
        raise InputError(f"{name}: binary file, not text")
    return text


def one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:200]


def file_source(path: Path) -> Source:
    return Source(str(path), lambda: open(path, "rb"), path=path)
