"""Importers for statistics tables: read → shape → plan (validated, previewable) → apply."""
