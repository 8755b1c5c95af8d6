"""Ingestion: read sources into Articles, group near-duplicates into stories, code and store."""
