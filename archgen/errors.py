"""Model errors: a path into the model, turned into `file:line:col` in one place.

Checks report *paths* (`("relations", 3, "to")`), never lines; the loaded document
knows where each path stands in its file (see `load.Document.locate`).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Iterable, Sequence

Path_ = tuple[str | int, ...]


@dataclass(frozen=True, order=True)
class ModelError:
    """One problem in the model, at a file position, with the fix in the message."""

    file: str
    line: int
    column: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return f"{self.file}:{self.line}:{self.column}: {where}{self.message}"


class ModelInvalid(Exception):
    """Raised with every error of a run, sorted in file order."""

    def __init__(self, errors: Iterable[ModelError]) -> None:
        self.errors = sorted(set(errors))
        super().__init__("\n".join(str(e) for e in self.errors))


class ToolMissing(RuntimeError):
    """A program the product runs (Graphviz's dot, ...) is missing or failed; the message says what to do."""


def format_path(path: Sequence[str | int]) -> str:
    """`("relations", 3, "to")` -> `relations[3].to`."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


# Names said with a vowel sound although spelled with a consonant: "an s3.bucket", "an sqs.queue".
_SAID_WITH_A_VOWEL = ("s3", "sqs", "sns", "ssm", "ses", "rds", "xray", "x-ray")


def a_or_an(word: str) -> str:
    """`word` with its indefinite article, as said aloud: 'a lambda.function', 'an s3.bucket'."""
    bare = word.strip("'\"").lower()
    vowel = bare[:1] in tuple("aeiou") or bare.startswith(_SAID_WITH_A_VOWEL)
    return f"{'an' if vowel else 'a'} {word}"


def counted(number: int, noun: str) -> str:
    """'1 flow', '2 flows' (the noun given in the singular)."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def suggest(word: object, candidates: Iterable[str]) -> str:
    """` (did you mean 'table'?)` when a candidate is close, else ``."""
    if not isinstance(word, str):
        return ""
    close = difflib.get_close_matches(word, sorted(set(candidates)), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def one_of(candidates: Iterable[str]) -> str:
    """`'a', 'b' or 'c'`: the allowed values, for a message."""
    items = [f"'{c}'" for c in dict.fromkeys(candidates)]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " or " + items[-1]
