"""The HTTP API and web dashboard (FastAPI): ``create_app(db_url, ingest_token=None)``."""

from flashpoint.api.app import MAX_LIMIT, create_app

__all__ = ["MAX_LIMIT", "create_app"]
