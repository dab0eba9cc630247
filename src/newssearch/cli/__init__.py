"""The command line: a thin typer layer over newssearch.api (app.py), entered through launch.py,
where a plain query starts without typer (quick.py)."""

from .launch import main

__all__ = ["main"]
