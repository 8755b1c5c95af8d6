"""Quotes: find quoted speech in text and attribute it to a speaker."""
