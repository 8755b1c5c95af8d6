"""HTTP API in-process (FastAPI TestClient): endpoints, paging, one error shape, read-only
by default, Bearer-token ingest, and a dashboard that never renders data as HTML."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient

from flashpoint.analysis.synthetic import escalation_store
from flashpoint.api import MAX_LIMIT, create_app
from flashpoint.api.app import STATIC
from flashpoint.store import Store


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, Any]]:
    path = str(tmp_path_factory.mktemp("api") / "api.db")
    return path, escalation_store(Store(path))


@pytest.fixture(scope="module")
def client(sample: tuple[str, dict[str, Any]]) -> TestClient:
    return TestClient(create_app(sample[0]), raise_server_exceptions=False)


def _error(r: Any, status: int) -> str:
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body) == {"ok", "error"} and body["ok"] is False
    assert isinstance(body["error"], str) and body["error"]
    return body["error"]


def test_events_page_filters_and_story_counts(client: TestClient, sample: Any) -> None:
    _, info = sample
    r = client.get("/api/events", params={"story": info["spike_story"], "limit": 2})
    body = r.json()
    assert body["ok"] is True and len(body["items"]) == 2 and body["next_offset"] == 2
    nxt = client.get("/api/events", params={"story": info["spike_story"], "limit": 2,
                                            "offset": 2}).json()
    assert len(nxt["items"]) == 1 and nxt["next_offset"] is None
    assert all(e["articles"] == 3 and e["outlets"] == 3 for e in body["items"] + nxt["items"])
    every = client.get("/api/events", params={"story": info["spike_story"],
                                              "per_story": "false", "limit": 50}).json()
    assert len(every["items"]) == 9
    dyad = client.get("/api/events", params={"dyad": "usa,prk", "quad_class": 4}).json()
    assert dyad["items"] and all(e["quad_class"] == 4 for e in dyad["items"])
    modes = client.get("/api/events", params=[("mode", "all"), ("limit", 1)]).json()
    assert modes["ok"] is True


def test_quotes_articles_stories(client: TestClient, sample: Any) -> None:
    _, info = sample
    q = client.get("/api/quotes", params={"contains": "sanctions"}).json()["items"]
    assert [x["speaker"]["code"] for x in q] == ["PRKGOV"]
    art = client.get(f"/api/articles/{q[0]['article_id']}").json()["article"]
    assert art["text"][q[0]["span"][0]:q[0]["span"][1]] == q[0]["text"]
    assert art["events"] and art["quotes"]
    stories = client.get("/api/stories", params={"limit": 100}).json()["items"]
    assert any(s["id"] == info["spike_story"] and s["articles"] == 3 for s in stories)
    story = client.get(f"/api/stories/{info['spike_story']}").json()["story"]
    assert len(story["articles"]) == 3


def test_analysis_endpoints(client: TestClient, sample: Any) -> None:
    _, info = sample
    t = client.get("/api/trends", params={"a": "USA", "b": "PRK"}).json()
    assert t["series"][-1]["period"] == info["spike_week"].isoformat()
    assert [a["period"] for a in t["alerts"]] == [info["spike_week"].isoformat()]
    alerts = client.get("/api/alerts").json()["items"]
    assert alerts and alerts[0]["drivers"][0]["goldstein"] == -10.0
    dyads = client.get("/api/dyads").json()["items"]
    assert (dyads[0]["source"], dyads[0]["target"]) == ("PRK", "USA")
    assert client.get("/api/actors", params={"role": "source"}).json()["items"]


@pytest.mark.parametrize("url,status", [
    ("/api/articles/999999", 404),
    ("/api/stories/999999", 404),
    ("/no/such/page", 404),
    ("/static/../app.py", 404),
    ("/api/articles/abc", 422),
    (f"/api/events?limit={MAX_LIMIT + 1}", 422),
    ("/api/events?limit=0", 422),
    ("/api/events?offset=-1", 422),
    ("/api/events?since=yesterday", 422),
    ("/api/events?source=PRK%25", 422),
    ("/api/events?mode=dreamt", 400),
    ("/api/trends?a=USA", 422),
    ("/api/trends?a=USA&b=PRK&by=year", 422),
    ("/api/alerts?window=1", 422),
])
def test_one_error_shape(client: TestClient, url: str, status: int) -> None:
    _error(client.get(url), status)


def test_error_shape_for_methods_and_crashes(sample: Any, monkeypatch: Any) -> None:
    app = create_app(sample[0])
    c = TestClient(app, raise_server_exceptions=False)
    _error(c.post("/api/events"), 405)
    _error(c.post("/api/ingest", content="{}"), 404)  # read-only: no ingest route
    monkeypatch.setattr(app.state.store, "story_events",
                        lambda *_a, **_k: 1 / 0)
    assert "ZeroDivisionError" in _error(c.get("/api/events"), 500)


def test_openapi_lists_the_api(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert {"/api/events", "/api/quotes", "/api/articles/{article_id}", "/api/stories",
            "/api/trends", "/api/alerts", "/api/dyads"} <= set(schema["paths"])
    assert "/api/ingest" not in schema["paths"]


def test_ingest_needs_the_token(sample: Any, tmp_path: Path) -> None:
    c = TestClient(create_app(str(tmp_path / "i.db"), ingest_token="s3cret"),
                   raise_server_exceptions=False)
    assert "/api/ingest" in c.get("/openapi.json").json()["paths"]
    _error(c.post("/api/ingest", content="{}"), 401)
    _error(c.post("/api/ingest", content="{}", headers={"Authorization": "Bearer nope"}), 401)
    _error(c.post("/api/ingest", content="  ",
                  headers={"Authorization": "Bearer s3cret"}), 400)


@pytest.mark.model
def test_ingest_codes_and_stores(tmp_path: Path) -> None:
    c = TestClient(create_app(str(tmp_path / "i.db"), ingest_token="s3cret"))
    body = ('{"id": "n1", "date": "2025-05-01", "outlet": "Wire", "text": '
            '"North Korea fired missiles at South Korea on Thursday."}\n'
            '{"id": "bad"}\n')
    r = c.post("/api/ingest", content=body, headers={"Authorization": "Bearer s3cret",
                                                     "Content-Type": "application/x-ndjson"})
    out = r.json()
    assert out["new"] == 1 and out["failed"] == 1 and out["ok"] is False
    assert c.get("/api/articles/1").json()["article"]["outlet"] == "Wire"


def test_dashboard_is_served_with_a_strict_policy(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200 and "text/html" in r.headers["content-type"]
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert re.search(r"<script[^>]*src=\"/static/app.js\"", r.text)
    assert "http" not in re.sub(r"<meta[^>]*>", "", r.text).lower().replace("http-equiv", "")
    assert client.get("/static/app.js").status_code == 200
    assert client.get("/static/app.css").status_code == 200


def test_dashboard_code_never_writes_html_from_data() -> None:
    js = (STATIC / "app.js").read_text()
    code = re.sub(r"//[^\n]*", "", js)  # the header comment names what is forbidden
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                 "new Function"):
        assert sink not in code, sink
    assert "http://" not in code.replace('"http://www.w3.org/2000/svg"', "")
    assert "https://" not in code.replace("/^https?:\\/\\//i", "")
