"""Fetching URLs politely: a clear User-Agent, robots.txt, timeouts, retries with
backoff, and a size cap. Every failure is an InputError naming the URL."""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from flashpoint.errors import InputError
from flashpoint.ingest.options import ReadOptions
from flashpoint.ingest.sources import Source, bytes_source, one_line

RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
MAX_RETRY_AFTER = 30.0  # seconds; a longer Retry-After is not waited for


def is_url(name: str) -> bool:
    return name.startswith(("http://", "https://"))


class Fetcher:
    """One HTTP client and robots.txt cache for a run; close() when done."""

    def __init__(self, options: ReadOptions, *,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.options = options
        self.sleep = sleep
        self.client = httpx.Client(timeout=options.timeout, follow_redirects=True,
                                   max_redirects=5, transport=options.transport,
                                   headers={"User-Agent": options.user_agent})
        self.robots: dict[str, RobotFileParser | None] = {}

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def fetch(self, url: str) -> Source:
        """The page at ``url`` as a Source, or InputError (robots, HTTP, timeout, size)."""
        if not is_url(url) or not urlsplit(url).hostname:
            raise InputError(f"{url}: not an http(s) URL")
        if self.options.respect_robots and not self.allowed(url):
            raise InputError(f"{url}: disallowed by robots.txt")
        response_url, content_type, data = self._get(url, self.options.max_bytes)
        return bytes_source(url, data, url=response_url, content_type=content_type)

    def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self.robots:
            self.robots[origin] = self._robots(origin)
        rules = self.robots[origin]
        return rules is None or rules.can_fetch(self.options.user_agent, url)

    def _robots(self, origin: str) -> RobotFileParser | None:
        """Parsed robots.txt; None (allow all) when it is absent (4xx)."""
        rules = RobotFileParser()
        try:
            response = self.client.get(origin + "/robots.txt")
        except httpx.HTTPError as exc:
            raise InputError(f"{origin}/robots.txt: unreachable ({one_line(exc)}); "
                             "not fetching from this site") from exc
        if 400 <= response.status_code < 500:
            return None
        if response.status_code >= 500:
            raise InputError(f"{origin}/robots.txt: HTTP {response.status_code}; "
                             "not fetching from this site")
        rules.parse(response.text[:512_000].splitlines())
        return rules

    def _get(self, url: str, cap: int) -> tuple[str, str | None, bytes]:
        attempts = self.options.retries + 1
        for attempt in range(attempts):
            last = attempt == attempts - 1
            try:
                with self.client.stream("GET", url) as response:
                    if response.status_code in RETRY_STATUS and not last:
                        self.sleep(self._delay(attempt, response))
                        continue
                    if response.status_code >= 400:
                        raise InputError(f"{url}: HTTP {response.status_code}")
                    declared = response.headers.get("content-length", "")
                    if declared.isdigit() and int(declared) > cap:
                        raise InputError(f"{url}: {declared} bytes, over the {cap} byte cap")
                    body = bytearray()
                    for chunk in response.iter_bytes():
                        body += chunk
                        if len(body) > cap:
                            raise InputError(f"{url}: larger than the {cap} byte cap")
                    return (str(response.url), response.headers.get("content-type"),
                            bytes(body))
            except httpx.TimeoutException as exc:
                if last:
                    raise InputError(f"{url}: timed out after {attempts} attempt(s)") from exc
            except httpx.HTTPError as exc:
                if last:
                    raise InputError(f"{url}: {one_line(exc) or type(exc).__name__}") from exc
            self.sleep(self._delay(attempt, None))
        raise InputError(f"{url}: failed after {attempts} attempt(s)")  # pragma: no cover

    def _delay(self, attempt: int, response: httpx.Response | None) -> float:
        if response is not None:
            after = response.headers.get("retry-after", "")
            if after.isdigit():
                return min(float(after), MAX_RETRY_AFTER)
        return self.options.backoff * 2 ** attempt
