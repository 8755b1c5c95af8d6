"""The store: SQLite by default, PostgreSQL by URL, one schema and one migration list."""

from flashpoint.store.database import Store, open_store

__all__ = ["Store", "open_store"]
