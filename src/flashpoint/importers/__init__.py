"""Importers: bring dictionaries written for other event coders into flashpoint's formats."""

from flashpoint.importers.tabari import ImportReport, TabariImporter, detect_kind, import_files

__all__ = ["ImportReport", "TabariImporter", "detect_kind", "import_files"]
