"""Every reader: text, HTML, JSON/JSONL, folders and globs, gz/zip, feeds, WARC, stdin."""

from __future__ import annotations

import gzip
import io
import json
import zipfile
from pathlib import Path

import pytest

from flashpoint.article import Article
from flashpoint.errors import InputError
from flashpoint.ingest.options import ReadOptions
from flashpoint.ingest.readers import read_paths

BODY = ("Japan's defence minister said on Monday that Tokyo would strengthen its air "
        "defences after a missile test.\n\nThe ministry said \"all options\" were open.")
HTML = f"""<html><head><title>Tokyo to bolster defences</title>
<meta property="article:published_time" content="2024-05-06"></head><body>
<nav>Home | World | Sport</nav><article><h1>Tokyo to bolster defences</h1>
{''.join(f'<p>{p}</p>' for p in BODY.split(chr(10)*2))}
<p>Japan's cabinet is expected to approve the plan next week, officials told reporters,
adding that talks with Washington on shared radar coverage would continue this month.</p>
<p>Leave a Comment</p></article><footer>Copyright 2024 Example News</footer></body></html>"""


def articles(items: list) -> list[Article]:
    return [i for i in items if isinstance(i, Article)]


def errors(items: list) -> list[InputError]:
    return [i for i in items if isinstance(i, InputError)]


def test_txt_and_html(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(BODY + "\n\nShare this:\nRead more", encoding="utf-8")
    (tmp_path / "b.html").write_text(HTML, encoding="utf-8")
    got = list(read_paths([str(tmp_path)]))
    assert not errors(got)
    a, b = articles(got)
    assert a.doc == "a.txt" and "Share this" not in a.text and '"all options"' in a.text
    assert b.title == "Tokyo to bolster defences" and "air defences" in b.text
    assert "Leave a Comment" not in b.text and str(b.date) == "2024-05-06"


def test_json_and_jsonl_with_default_and_custom_fields(tmp_path: Path) -> None:
    api = {"articles": [{"uuid": "x1", "headline": "H", "body": BODY,
                         "publishedAt": "2024-01-02T10:00:00Z",
                         "source": {"name": "Wire"}, "link": "https://e.x/1"}]}
    (tmp_path / "api.json").write_text(json.dumps(api), encoding="utf-8")
    (tmp_path / "d.jsonl").write_text(
        json.dumps({"story_text": BODY, "key": "k9", "when": "2024-02-03"}) + "\n\n{bad\n",
        encoding="utf-8")
    [a] = list(read_paths([str(tmp_path / "api.json")]))
    assert (a.doc, a.title, str(a.date), a.outlet, a.url) == (
        "x1", "H", "2024-01-02", "Wire", "https://e.x/1")
    opts = ReadOptions(fields={"text": ("story_text",), "id": ("key",), "date": ("when",)})
    got = list(read_paths([str(tmp_path / "d.jsonl")], options=opts))
    assert [x.doc for x in articles(got)] == ["k9"] and str(articles(got)[0].date) == "2024-02-03"
    [err] = errors(got)
    assert "d.jsonl:3: invalid JSON" in str(err)


def test_options_are_checked_all_at_once() -> None:
    with pytest.raises(ValueError, match=r"unknown key.*max_bytes"):
        ReadOptions(fields={"nope": ("x",)}, max_bytes=0)
    with pytest.raises(TypeError):
        ReadOptions("jsonl")  # type: ignore[misc]


def test_glob_and_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "x.txt").write_text(BODY, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    got = list(read_paths(["*.txt", "none/*.txt", "missing.txt"]))
    assert [a.doc for a in articles(got)] == ["x.txt"]
    assert [str(e) for e in errors(got)] == ["none/*.txt: no file matches",
                                            "missing.txt: no such file or folder"]


def test_gzip_and_zip_are_transparent(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl.gz").write_bytes(gzip.compress(
        (json.dumps({"id": "g1", "text": BODY}) + "\n").encode()))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("dump/page.html", HTML)
        zf.writestr("dump/note.txt", "A second note about the talks in Seoul today.")
        zf.writestr("__MACOSX/._page.html", b"\x00\x01")
        zf.writestr("inner.txt.gz", gzip.compress(b"Nested text read through two archives."))
    (tmp_path / "b.zip").write_bytes(buf.getvalue())
    got = list(read_paths([str(tmp_path)]))
    assert not errors(got)
    assert sorted(a.doc for a in articles(got)) == ["g1", "inner.txt", "note.txt", "page.html"]


def test_rss_and_atom(tmp_path: Path) -> None:
    rss = """<?xml version="1.0"?><rss version="2.0"><channel><title>Wire Feed</title>
    <item><title>Talks</title><link>https://e.x/talks</link><guid>t1</guid>
    <pubDate>Tue, 03 Mar 2026 10:00:00 GMT</pubDate>
    <description>&lt;p&gt;Seoul offered talks.&lt;/p&gt;&lt;p&gt;Pyongyang said
    nothing.&lt;/p&gt;</description></item>
    <item><title>Empty</title><guid>t2</guid></item></channel></rss>"""
    atom = """<?xml version="1.0" encoding="utf-8"?>
    <feed xmlns="http://www.w3.org/2005/Atom"><title>Atom News</title>
    <entry><id>urn:a1</id><title>Aid</title><updated>2026-01-05T00:00:00Z</updated>
    <content type="html">&lt;p&gt;The EU pledged aid to Sudan.&lt;/p&gt;</content></entry>
    </feed>"""
    (tmp_path / "f.rss").write_text(rss, encoding="utf-8")
    (tmp_path / "g.atom").write_text(atom, encoding="utf-8")
    got = list(read_paths([str(tmp_path / "f.rss"), str(tmp_path / "g.atom")]))
    a, b = articles(got)
    assert (a.doc, a.title, a.url, a.outlet, str(a.date)) == (
        "t1", "Talks", "https://e.x/talks", "Wire Feed", "2026-03-03")
    assert a.text.splitlines()[0] == "Seoul offered talks."
    assert b.outlet == "Atom News" and "pledged aid" in b.text and str(b.date) == "2026-01-05"
    [err] = errors(got)
    assert str(err) == "t2: feed entry has no text"


def test_warc(tmp_path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "crawl.warc.gz"
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for url, ctype, body, status in (
                ("https://e.x/a", "text/html; charset=utf-8", HTML.encode(), "200 OK"),
                ("https://e.x/logo.png", "image/png", b"\x89PNG", "200 OK"),
                ("https://e.x/gone", "text/html", b"<p>gone</p>", "404 Not Found")):
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), http_headers=headers))
    got = list(read_paths([str(path)]))
    assert not errors(got)
    [a] = articles(got)
    assert a.url == "https://e.x/a" and "air defences" in a.text


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps({"id": "s", "text": BODY})))
    [a] = list(read_paths(["-"], input_format="jsonl"))
    assert a.doc == "s"
    monkeypatch.setattr("sys.stdin", io.StringIO("  "))
    [e] = list(read_paths(["-"]))
    assert str(e) == "<stdin>: empty input"
