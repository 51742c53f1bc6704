"""The one error a worklog page import raises: where in the page, what is wrong, and the fix."""

from __future__ import annotations


class WorklogParseError(Exception):
    """A page the importer cannot take in whole; `line` and `column` are 1-based."""

    def __init__(self, line: int, column: int, message: str) -> None:
        self.line = line
        self.column = column
        self.message = message
        super().__init__(f"line {line}, column {column}: {message}")

    def __reduce__(self) -> tuple[type, tuple[int, int, str]]:
        # keeps the error picklable (pytest-xdist ships exceptions between processes)
        return (type(self), (self.line, self.column, self.message))
