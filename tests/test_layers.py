"""The rooms of the package and who may import whom (CONTRIBUTING.md has the table and the
reasons). Every import of every module is read, lazy ones inside functions included."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from helpers import ROOT

PACKAGE = ROOT / "src" / "newssearch"

# room -> the other rooms it may import (a room may always import itself)
MAY_IMPORT = {
    "model": set(),
    "errors": set(),
    "results": {"model"},
    "text": {"model"},
    "ingest": {"model", "text", "errors"},
    "query": {"model", "text", "errors"},
    "engine": {"model", "text", "query", "errors"},
    "indexing": {"ingest", "engine", "text", "model", "results", "errors"},
    "search": {"query", "engine", "text", "model", "results", "errors"},
    "api": {"model", "errors", "results", "text", "ingest", "query", "engine", "indexing", "search"},
    "cli": {"api", "results", "errors", "serve", "__init__"},  # serve: lazily, to run the server; __init__: the version
    "serve": {"api", "results", "errors", "cli"},  # cli: its export layouts and output safety
    "__init__": {"api", "errors"},  # (and the package itself, for `from . import errors`)
    "__main__": {"cli"},
}
FACE_ONLY = {"engine"}  # rooms that others may import only through their package's face


def room_of(module: str) -> str:
    """newssearch.search.core -> search; newssearch.api -> api; newssearch -> __init__."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        parts = list(rel.parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        yield path, ".".join(parts), is_package


def is_module(name: str) -> bool:
    """Is this dotted name one of our modules or packages (not a class or function in one)?"""
    parts = name.split(".")
    if parts[0] != "newssearch":
        return False
    where = PACKAGE.joinpath(*parts[1:])
    return where.with_suffix(".py").exists() or (where / "__init__.py").exists()


def imports(path: Path, module: str, is_package: bool):
    """(imported module, line) for every import in the file, relative ones resolved."""
    here = module.split(".") if is_package else module.split(".")[:-1]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[: len(here) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:  # from x import y: y may be a module of x
                name = f"{target}.{alias.name}" if target else alias.name
                yield (name if is_module(name) else target), node.lineno


ALL = [(str(path.relative_to(ROOT)), path, module, pkg) for path, module, pkg in modules()]


@pytest.mark.parametrize("name,path,module,is_package", ALL, ids=[a[0] for a in ALL])
def test_imports_follow_the_rules(name, path, module, is_package):
    mine = room_of(module)
    broken = []
    for target, line in imports(path, module, is_package):
        top = target.split(".")[0]
        if top == "whoosh" and mine != "engine":
            broken.append(f"{name}:{line} imports {target}: only engine/ may import Whoosh")
        if top != "newssearch":
            continue
        theirs = room_of(target)
        if theirs == mine:
            continue
        if theirs not in MAY_IMPORT[mine]:
            broken.append(f"{name}:{line} imports {target}: {mine} may not import {theirs}")
        elif theirs in FACE_ONLY and target != f"newssearch.{theirs}" and mine not in ("api",):
            broken.append(f"{name}:{line} imports {target}: use the face, newssearch.{theirs}")
    assert not broken, "\n".join(broken)


def test_every_module_is_in_a_room():
    assert {room_of(module) for _, module, _ in modules()} <= set(MAY_IMPORT)


def test_no_module_is_over_400_lines():
    long = [f"{p.relative_to(ROOT)}: {n}" for p, _, _ in modules()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400]
    assert not long, long


def test_the_rule_checker_sees_modules_imported_by_name(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text("from newssearch import cli\nfrom ..engine import store\nfrom ..engine import Snapshot\n")
    found = [t for t, _ in imports(probe, "newssearch.search.probe", False)]
    assert found == ["newssearch.cli", "newssearch.engine.store", "newssearch.engine"]


def test_the_rule_checker_sees_relative_and_lazy_imports():
    src = PACKAGE / "search" / "core.py"
    found = {t for t, _ in imports(src, "newssearch.search.core", False)}
    assert {"newssearch.engine", "newssearch.query.plan", "newssearch.search.options"} <= found
    api = {t for t, _ in imports(PACKAGE / "api.py", "newssearch.api", False)}
    assert "newssearch.indexing.indexer" in api  # imported inside a method
