"""Bad input: each bad item is one InputError naming it, and reading goes on."""

from __future__ import annotations

import gzip
import io
import zipfile
from pathlib import Path

from flashpoint.article import Article
from flashpoint.errors import InputError
from flashpoint.ingest.options import ReadOptions
from flashpoint.ingest.readers import read_paths

GOOD = "Seoul and Pyongyang agreed on Monday to resume talks on the border."


def run(tmp_path: Path, files: dict[str, bytes], **kw: int) -> tuple[list[str], list[str]]:
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "zz_good.txt").write_text(GOOD, encoding="utf-8")
    got = list(read_paths([str(tmp_path)], options=ReadOptions(**kw)))
    errs = [str(e) for e in got if isinstance(e, InputError)]
    assert all("\n" not in e for e in errs)
    docs = [a.doc for a in got if isinstance(a, Article)]
    assert docs[-1] == "zz_good.txt"  # the run went on
    return docs, errs


def test_corrupt_archives(tmp_path: Path) -> None:
    good_gz = gzip.compress(GOOD.encode() * 50)
    _, errs = run(tmp_path, {"a.txt.gz": b"not gzip at all", "b.txt.gz": good_gz[:40],
                             "c.zip": b"PK\x03\x04 broken", "d.zip": b""})
    assert len(errs) == 4
    assert any(e.startswith(f"{tmp_path}/a.txt.gz: not a gzip file") for e in errs)
    assert any(e.startswith(f"{tmp_path}/b.txt: corrupt or unreadable") for e in errs)
    assert any(e.startswith(f"{tmp_path}/c.zip: not a valid zip file") for e in errs)


def test_bombs_and_huge_files(tmp_path: Path) -> None:
    bomb = gzip.compress(b"a" * 3_000_000)  # ~3 KB compressed
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("big.txt", b"b" * 3_000_000)
        zf.writestr("ok.txt", GOOD)
    _, errs = run(tmp_path, {"bomb.txt.gz": bomb, "bomb.zip": buf.getvalue(),
                             "huge.txt": b"c" * 2_000_000}, max_bytes=1_000_000)
    assert len(errs) == 3 and all("cap" in e for e in errs)
    assert any("bomb.zip!big.txt" in e for e in errs)


def test_zip_with_lying_header_is_capped(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("x.txt", b"d" * 5000)
    data = bytearray(buf.getvalue())
    # claim 10 bytes uncompressed in the central directory
    cd = data.rfind(b"PK\x01\x02")
    data[cd + 24:cd + 28] = (10).to_bytes(4, "little")
    _, errs = run(tmp_path, {"lie.zip": bytes(data)}, max_bytes=1000)
    assert len(errs) == 1 and "lie.zip!x.txt" in errs[0]


def test_binary_text_malformed_html_and_invalid_feeds(tmp_path: Path) -> None:
    _, errs = run(tmp_path, {
        "photo.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
        "latin.txt": "caf\xe9".encode("latin-1") + b" \xff\xfe\xfd",
        "bad.html": b"<html><body><div><p></div></span>",
        "bad.rss": b"<rss><channel><item>",
        "bad.atom": b"this is no feed",
        "bad.warc": b"WARC/1.0\r\nnonsense\r\n\r\n",
        "bad.json": b"{\"articles\": [",
        "empty.txt": b"   ",
    })
    assert len(errs) == 8, errs
    assert any(e.startswith(f"{tmp_path}/bad.atom: not an RSS/Atom feed") for e in errs)
    assert f"{tmp_path}/photo.txt: binary file, not text" in errs
    assert f"{tmp_path}/empty.txt: empty file" in errs
    assert any(e.startswith("bad.rss[1]: feed entry has no text") for e in errs)
    assert any(e.startswith("bad.html: no article text") for e in errs)
    assert any(e.startswith(f"{tmp_path}/bad.warc:") for e in errs)
