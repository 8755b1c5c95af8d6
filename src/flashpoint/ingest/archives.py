"""``.gz`` and ``.zip`` read transparently, with caps against decompression bombs.

Members come back as Sources and go through the same dispatch as files, so a
``.jsonl.gz`` is read as JSON Lines and a zip of HTML pages as HTML. Sizes are
checked both as declared and as actually decompressed (headers can lie).
"""

from __future__ import annotations

import gzip
import io
import zipfile
from collections.abc import Callable, Iterator
from typing import BinaryIO

from flashpoint.errors import InputError
from flashpoint.ingest.options import ReadOptions
from flashpoint.ingest.registry import archive
from flashpoint.ingest.sources import CappedStream, Source, one_line


@archive(".gz", ".gzip")
def read_gzip(source: Source, options: ReadOptions) -> Iterator[Source | InputError]:
    inner_name = source.name.rsplit(".", 1)[0]

    def opener() -> BinaryIO:
        compressed = source.open(options.max_archive_bytes)
        head = compressed.peek(2)[:2]
        if head != b"\x1f\x8b":
            compressed.close()
            raise InputError(f"{source.name}: not a gzip file")
        inner = gzip.GzipFile(fileobj=compressed)
        # the whole decompressed stream is capped; readers cap what they read whole
        return CappedStream(inner, options.max_archive_bytes, source.name,  # type: ignore[return-value]
                            "decompressed data")

    yield Source(inner_name, opener, url=source.url)


@archive(".zip")
def read_zip(source: Source, options: ReadOptions) -> Iterator[Source | InputError]:
    if source.path is not None:
        fileobj: BinaryIO = open(source.path, "rb")  # noqa: SIM115 - closed below
    else:
        fileobj = io.BytesIO(source.read(options.max_bytes))
    try:
        try:
            zf = zipfile.ZipFile(fileobj)
            infos = zf.infolist()
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            raise InputError(f"{source.name}: not a valid zip file: {one_line(exc)}") from exc
        files = [i for i in infos if not i.is_dir() and not _hidden(i.filename)]
        if len(files) > options.max_members:
            raise InputError(f"{source.name}: {len(files)} files, more than the "
                             f"{options.max_members} cap")
        if sum(i.file_size for i in files) > options.max_archive_bytes:
            raise InputError(f"{source.name}: would decompress to more than the "
                             f"{options.max_archive_bytes} byte cap")
        for info in files:
            name = f"{source.name}!{info.filename}"
            if info.file_size > options.max_bytes:
                yield InputError(f"{name}: larger than the {options.max_bytes} byte cap")
                continue
            if info.flag_bits & 0x1:
                yield InputError(f"{name}: encrypted zip member")
                continue
            yield Source(name, _member_opener(zf, info, name, options))
    finally:
        fileobj.close()


def _member_opener(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str,
                   options: ReadOptions) -> Callable[[], BinaryIO]:
    def opener() -> BinaryIO:
        try:
            stream = zf.open(info)
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, ValueError) as exc:
            raise InputError(f"{name}: cannot open zip member: {one_line(exc)}") from exc
        return CappedStream(stream, options.max_bytes, name,  # type: ignore[return-value]
                            "decompressed member")
    return opener


def _hidden(filename: str) -> bool:
    parts = filename.split("/")
    return parts[0] == "__MACOSX" or any(p.startswith(".") for p in parts if p)
