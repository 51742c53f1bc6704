"""What a worklog page import reports: the error that refuses a page, and the warnings that keep it.

Both name the line (1-based) and say what to do; the store prefixes the page's file name.
"""

from __future__ import annotations

from dataclasses import dataclass


class WorklogParseError(Exception):
    """A page that cannot be a worklog week at all; `line` and `column` are 1-based."""

    def __init__(self, line: int, column: int, message: str) -> None:
        self.line = line
        self.column = column
        self.message = message
        super().__init__(f"line {line}, column {column}: {message}")

    def __reduce__(self) -> tuple[type, tuple[int, int, str]]:
        # keeps the error picklable (pytest-xdist ships exceptions between processes)
        return (type(self), (self.line, self.column, self.message))


@dataclass(frozen=True)
class WorklogWarning:
    """Something kept as written rather than understood, or that Hugo shows differently than it reads."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"
