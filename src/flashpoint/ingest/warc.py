"""WARC and ARC web archives (warcio): one Article per archived HTML page (2xx response
or resource record), its URL from ``WARC-Target-URI``. Other records are skipped."""

from __future__ import annotations

from collections.abc import Iterator

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from flashpoint.errors import InputError
from flashpoint.ingest.extract import article_from_html, decode_html
from flashpoint.ingest.options import ReadOptions
from flashpoint.ingest.registry import Item, reader
from flashpoint.ingest.sources import Source, one_line

HTML_TYPES = ("text/html", "application/xhtml+xml")


@reader(".warc", ".arc")
def read_warc(source: Source, options: ReadOptions) -> Iterator[Item]:
    records = pages = 0
    with source.open(options.max_archive_bytes) as stream:
        try:
            for record in ArchiveIterator(stream, arc2warc=True):
                records += 1
                item = _page(record, source, records, options)
                if item is not None:
                    pages += 1
                    yield item
        except ArchiveLoadFailed as exc:
            raise InputError(f"{source.name}: not a valid WARC/ARC archive "
                             f"(after {records} record(s)): {one_line(exc)}") from exc
    if pages == 0:
        raise InputError(f"{source.name}: no HTML pages in the archive "
                         f"({records} record(s))")


def _page(record: object, source: Source, n: int, options: ReadOptions) -> Item | None:
    rec_type = getattr(record, "rec_type", None)
    if rec_type not in ("response", "resource"):
        return None
    headers = record.rec_headers  # type: ignore[attr-defined]
    url = headers.get_header("WARC-Target-URI") or None
    where = url or f"{source.label}#{n}"
    http = record.http_headers  # type: ignore[attr-defined]
    if rec_type == "response":
        if http is None:
            return None
        status = (http.get_statuscode() or "0")
        if not status.isdigit() or not 200 <= int(status) < 300:
            return None
        ctype = http.get_header("Content-Type") or ""
    else:
        ctype = headers.get_header("Content-Type") or ""
    if not ctype.lower().startswith(HTML_TYPES):
        return None
    body = record.content_stream().read(options.max_bytes + 1)  # type: ignore[attr-defined]
    if len(body) > options.max_bytes:
        return InputError(f"{where}: page larger than the {options.max_bytes} byte cap")
    try:
        return article_from_html(decode_html(body, where), where, url=url)
    except InputError as exc:
        return exc
