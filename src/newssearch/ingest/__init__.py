"""Ingest: files of any supported format -> raw records -> cleaned Articles. Never touches the index."""
