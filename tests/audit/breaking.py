"""Helpers to audit a project and to break its outputs on purpose, one file at a time."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import yaml

from archgen.audit import run_audit
from archgen.audit.report import Audit, Problem


def audit(root: Path) -> Audit:
    return run_audit(root / "model")


def problems(result: Audit, leg: str | None = None) -> list[Problem]:
    """The gaps and orphans found (warnings left out), of one leg or of all."""
    return [p for each in result.legs if leg is None or each.name == leg
            for p in each.problems if p.severity != "warning"]


def drop_lines(path: Path, keep: Callable[[str], bool]) -> list[str]:
    """Remove the lines `keep` rejects; return them (a test asserts it removed what it meant to)."""
    lines = path.read_text("utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if keep(line)), "utf-8")
    return [line for line in lines if not keep(line)]


def add_before_last_brace(path: Path, text: str) -> None:
    """Add statements inside a DOT graph, before its closing brace."""
    dot = path.read_text("utf-8").rstrip()
    assert dot.endswith("}")
    path.write_text(f"{dot[:-1]}\t{text}\n}}\n", "utf-8")


def edit_template(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    template = yaml.safe_load(path.read_text("utf-8"))
    change(template["Resources"])
    path.write_text(yaml.safe_dump(template, sort_keys=False, allow_unicode=True), "utf-8")
