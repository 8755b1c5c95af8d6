"""URLs: user agent, robots.txt, retries with backoff, size cap, HTTP errors, timeouts.

No network: httpx.MockTransport, and one real request to a local http.server."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator

import httpx
import pytest

from flashpoint.article import Article
from flashpoint.errors import InputError
from flashpoint.ingest.options import USER_AGENT, ReadOptions
from flashpoint.ingest.readers import read_paths
from flashpoint.ingest.web import Fetcher

PAGE = ("<html><head><title>Border talks</title></head><body><article>"
        "<p>South Korea proposed military talks with North Korea on Tuesday to ease "
        "tensions along the border, officials in Seoul said.</p>"
        "<p>The unification ministry said it was ready to meet at any time.</p>"
        "</article></body></html>")
FEED = ("<?xml version='1.0'?><rss version='2.0'><channel><title>T</title><item>"
        "<guid>1</guid><title>x</title><description>Seoul and Tokyo held talks on trade."
        "</description></item></channel></rss>")


def fetch_all(urls: list[str], handler, **kw) -> list:  # type: ignore[no-untyped-def]
    opts = ReadOptions(transport=httpx.MockTransport(handler), backoff=0, **kw)
    return list(read_paths(urls, options=opts))


def test_page_feed_robots_and_user_agent() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers["user-agent"])
        if request.url.path == "/robots.txt":
            return httpx.Response(200, text="User-agent: *\nDisallow: /private/\n")
        if request.url.path == "/feed":
            return httpx.Response(200, text=FEED, headers={"content-type": "application/rss+xml"})
        return httpx.Response(200, text=PAGE, headers={"content-type": "text/html"})

    got = fetch_all(["https://news.example/a/story", "https://news.example/feed",
                     "https://news.example/private/x"], handler)
    a, b, err = got
    assert isinstance(a, Article) and a.title == "Border talks"
    assert a.url == "https://news.example/a/story"
    assert isinstance(b, Article) and "trade" in b.text
    assert str(err) == "https://news.example/private/x: disallowed by robots.txt"
    assert set(seen) == {USER_AGENT} and len(seen) == 3  # robots.txt fetched once


def test_retries_with_backoff_then_success() -> None:
    calls = {"n": 0}

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        calls["n"] += 1
        if calls["n"] < 3:
            return httpx.Response(503)
        return httpx.Response(200, text=PAGE, headers={"content-type": "text/html"})

    sleeps: list[float] = []
    opts = ReadOptions(transport=httpx.MockTransport(handler), retries=2, backoff=0.5)
    with Fetcher(opts, sleep=sleeps.append) as f:
        assert f.fetch("https://e.x/p").read(10_000).startswith(b"<html>")
    assert sleeps == [0.5, 1.0]


@pytest.mark.parametrize(("status", "message"), [(404, "HTTP 404"), (503, "HTTP 503")])
def test_http_errors(status: int, message: str) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(404 if request.url.path == "/robots.txt" else status)

    [err] = fetch_all(["https://e.x/p"], handler, retries=1)
    assert isinstance(err, InputError) and str(err) == f"https://e.x/p: {message}"


def test_timeout_size_cap_and_unreachable_robots() -> None:
    def slow(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        raise httpx.ReadTimeout("timed out", request=request)

    [err] = fetch_all(["https://e.x/p"], slow, retries=1)
    assert str(err) == "https://e.x/p: timed out after 2 attempt(s)"

    def big(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        return httpx.Response(200, content=b"x" * 5000)

    [err] = fetch_all(["https://e.x/p"], big, max_bytes=1000)
    assert "over the 1000 byte cap" in str(err) or "larger than the 1000" in str(err)

    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    [err] = fetch_all(["https://e.x/p"], down)
    assert str(err).startswith("https://e.x/robots.txt: unreachable")


@pytest.fixture
def local_server() -> Iterator[str]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = PAGE.encode() if self.path == "/news/1" else b"not found"
            self.send_response(200 if self.path == "/news/1" else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_local_http_server(local_server: str) -> None:
    got = list(read_paths([f"{local_server}/news/1", f"{local_server}/news/2"],
                          options=ReadOptions(timeout=5, retries=0)))
    assert isinstance(got[0], Article) and got[0].title == "Border talks"
    assert str(got[1]) == f"{local_server}/news/2: HTTP 404"
