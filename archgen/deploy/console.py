"""What deploy shows: change sets as tables, stack events as live progress (plain lines off a terminal)."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import Iterator, TextIO

from rich.console import Console as RichConsole
from rich.live import Live
from rich.table import Table

from archgen.deploy.changes import ChangeSet
from archgen.deploy.events import StackEvent

_STYLE = {"Add": "green", "Modify": "yellow", "Remove": "red", "Import": "cyan"}


class Console:
    def __init__(self, out: TextIO | None = None, quiet: bool = False) -> None:
        self.out = out or sys.stdout
        self.quiet = quiet
        self.terminal = self.out.isatty()
        self.rich = RichConsole(file=self.out, highlight=False, force_terminal=self.terminal or None,
                                width=None if self.terminal else 200)

    def say(self, text: str) -> None:
        if not self.quiet:
            self.rich.print(text, markup=False)

    def change_set(self, change_set: ChangeSet) -> None:
        if self.quiet:
            return
        if change_set.empty:
            self.say(f"{change_set.stack}: no changes")
            return
        summary = ", ".join(f"{change_set.count(a)} to {a.lower()}" for a in ("Add", "Modify", "Remove", "Import")
                            if change_set.count(a))
        self.say(f"{change_set.stack} ({change_set.kind.lower()}): {summary or 'nothing to change'}")
        table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
        for column in ("action", "resource", "type", "replacement"):
            table.add_column(column)
        for change in change_set.changes:
            replacement = {"True": "True: REPLACED", "Conditional": "Conditional: may be replaced",
                           "False": "False"}.get(change.replacement, "")
            table.add_row(change.action, change.logical_id, change.resource_type, replacement,
                          style=_STYLE.get(change.action, ""))
        self.rich.print(table)
        for change in change_set.changes:
            for prop in change.properties:
                self.say(f"  {change.logical_id}.{prop.text()}")
        replaced = change_set.replaced()
        if replaced:
            self.say(f"  {change_set.stack}: will replace {', '.join(f'{c.logical_id} ({c.replacement})' for c in replaced)}"
                     " (a new resource; the old one and what it holds are deleted)")

    @contextmanager
    def progress(self, stack: str) -> Iterator[_Progress]:
        """Per-resource status while a stack changes: a live table on a terminal, else one line per event."""
        progress = _Progress(stack, self)
        if self.terminal and not self.quiet:
            with Live(progress.table(), console=self.rich, refresh_per_second=4, transient=False) as live:
                progress.live = live
                yield progress
        else:
            yield progress

    def confirm(self, question: str) -> bool:
        if not sys.stdin.isatty():
            return False
        self.rich.print(f"{question} [y/N] ", end="", markup=False)
        return sys.stdin.readline().strip().lower() in ("y", "yes")


class _Progress:
    def __init__(self, stack: str, console: Console) -> None:
        self.stack = stack
        self.console = console
        self.status: dict[str, tuple[str, str, str]] = {}
        self.live: Live | None = None

    def event(self, event: StackEvent) -> None:
        self.status[event.logical_id] = (event.resource_type, event.status, event.reason)
        if self.live is not None:
            self.live.update(self.table())
        elif not self.console.quiet:
            reason = f"  {event.reason}" if event.reason else ""
            self.console.say(f"  {self.stack}  {event.status:<20} {event.logical_id} ({event.resource_type}){reason}")

    def table(self) -> Table:
        table = Table(title=f"stack {self.stack}", box=None, show_header=True, header_style="bold")
        for column in ("resource", "type", "status"):
            table.add_column(column)
        for logical_id, (kind, status, _) in self.status.items():
            style = "green" if status.endswith("_COMPLETE") else "red" if "FAILED" in status else "yellow"
            table.add_row(logical_id, kind, status, style=style)
        return table
