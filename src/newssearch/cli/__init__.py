"""The command line: a thin typer layer over newssearch.api, and the renderers of its output."""

from .app import main

__all__ = ["main"]
