"""EventBridge Scheduler's expressions, checked as the service does before anything deploys:
`rate(value unit)`, `cron(minutes hours day-of-month month day-of-week year)` and `at(yyyy-mm-ddThh:mm:ss)`."""

from __future__ import annotations

import re
from datetime import datetime

RATE = re.compile(r"^rate\((?P<value>[0-9]+) (?P<unit>[a-z]+)\)$")
UNITS = ("minute", "minutes", "hour", "hours", "day", "days")
AT = re.compile(r"^at\((?P<when>[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2})\)$")
CRON = re.compile(r"^cron\((?P<fields>[^()]*)\)$")
_MONTHS = "JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC"
_DAYS = "SUN|MON|TUE|WED|THU|FRI|SAT"
# Each cron field: its name, the values allowed, and the wildcards it takes.
_FIELDS = (
    ("minutes", r"[0-5]?[0-9]", ",-*/"),
    ("hours", r"[01]?[0-9]|2[0-3]", ",-*/"),
    ("day-of-month", r"[1-9]|[12][0-9]|3[01]", ",-*?/LW"),
    ("month", rf"[1-9]|1[0-2]|{_MONTHS}", ",-*/"),
    ("day-of-week", rf"[1-7]|{_DAYS}", ",-*?L#"),
    ("year", r"19[7-9][0-9]|2[01][0-9][0-9]", ",-*/"),
)
EXAMPLE = "e.g. rate(5 minutes), cron(0 8 * * ? *) or at(2030-01-31T09:00:00)"


def expression_problem(text: str) -> str | None:
    """What is wrong with a schedule expression, with the fix; None when the scheduler accepts it."""
    if text.startswith("rate("):
        return _rate(text)
    if text.startswith("cron("):
        return _cron(text)
    if text.startswith("at("):
        return _at(text)
    return f"'{text}' is not a schedule expression: write rate(...), cron(...) or at(...), {EXAMPLE}"


def _rate(text: str) -> str | None:
    found = RATE.match(text)
    if found is None or found["unit"] not in UNITS:
        return f"'{text}' is not a rate: write rate(<number> <minute(s)|hour(s)|day(s)>), e.g. rate(5 minutes)"
    value, unit = int(found["value"]), found["unit"]
    if value < 1:
        return f"'{text}' never runs: a rate is 1 or more, e.g. rate(1 {unit.rstrip('s')})"
    if (value == 1) != (not unit.endswith("s")):
        right = unit.rstrip("s") if value == 1 else unit + "s"
        return f"'{text}': the scheduler wants rate({value} {right}) (singular for 1, plural above)"
    return None


def _cron(text: str) -> str | None:
    found = CRON.match(text)
    fields = found["fields"].split() if found else []
    if len(fields) != 6:
        return (f"'{text}' has {len(fields)} fields; a scheduler cron has 6: minutes hours day-of-month month "
                "day-of-week year, e.g. cron(0 8 * * ? *) for 08:00 every day")
    for (name, values, wild), field in zip(_FIELDS, fields):
        if not _field_ok(field, values, wild):
            return f"'{text}': '{field}' is not a valid {name} field ({_hint(name)})"
    if (fields[2] == "?") == (fields[4] == "?"):
        return (f"'{text}': exactly one of day-of-month and day-of-week must be '?' (the other says which days), "
                "e.g. cron(0 8 * * ? *) or cron(0 8 ? * MON-FRI *)")
    return None


def _field_ok(field: str, values: str, wild: str) -> bool:
    value = rf"(?:{values})"
    atom = rf"(?:\*|\?|L|W|{value}(?:-{value})?|{value}W|{value}L|{value}#[1-5]|L-?[0-9]*)"
    step = rf"{atom}(?:/[0-9]+)?"
    if not re.fullmatch(rf"{step}(?:,{step})*", field):
        return False
    used = set(re.sub(r"[A-Z0-9]", "", field.replace("L", "").replace("W", "")))
    letters = {c for c in ("L", "W") if c in re.sub(_MONTHS + "|" + _DAYS, "", field)}
    return used.union(letters) <= set(wild)


def _hint(name: str) -> str:
    return {"minutes": "0-59", "hours": "0-23", "day-of-month": "1-31, ?, L, W", "month": "1-12 or JAN-DEC",
            "day-of-week": "1-7 or SUN-SAT, ?, L, #", "year": "1970-2199"}[name] + "; with , - * /"


def _at(text: str) -> str | None:
    found = AT.match(text)
    if found is None:
        return f"'{text}' is not a one-time schedule: write at(yyyy-mm-ddThh:mm:ss), e.g. at(2030-01-31T09:00:00)"
    try:
        datetime.fromisoformat(found["when"])
    except ValueError:
        return f"'{text}': {found['when']} is not a date and time"
    return None
