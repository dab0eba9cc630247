"""The command line: a thin typer layer over newssearch.api, and the renderers of its output."""

from . import serving  # noqa: F401  (declares the serve command)
from .app import main

__all__ = ["main"]
