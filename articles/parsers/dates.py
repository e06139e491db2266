"""Find calendar dates written the ways news pages write them, with their positions in the text."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

MONTHS: dict[str, int] = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}

WEEKDAY_RE = (
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|mon|tues|tue|wed|thurs|thur|thu|fri|sat|sun)"
)

_MONTH = r"(?P<{name}>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b\.?"
_DAY = r"(?P<{name}>[0-3]?\d)(?:st|nd|rd|th)?"
# A year may be glued to following digits when pages are flattened ("3 November 20211 min read").
_YEAR = r"(?P<{name}>(?:19|20)\d\d)(?:(?!\d)|(?=\d{{1,2}}\s*min))"

_ISO = (
    r"(?<![\d/.-])(?P<iy>(?:19|20)\d\d)(?P<sep>[-/.])(?P<im>[01]?\d)(?P=sep)(?P<id>[0-3]?\d)(?!\d)"
    r"(?:[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?"
)
_DMY = (
    r"(?<!\d)"
    + _DAY.format(name="dd")
    + r"\s+(?:of\s+)?"
    + _MONTH.format(name="dm")
    + r",?\s+"
    + _YEAR.format(name="dy")
)
_MDY = (
    r"\b"
    + _MONTH.format(name="mm")
    + r"\s+"
    + _DAY.format(name="md")
    + r"(?!\d)(?:\s*,\s*|\s+)"
    + _YEAR.format(name="my")
)

FULL_DATE_RE = re.compile(f"{_ISO}|{_DMY}|{_MDY}", re.IGNORECASE)

# Month and day without a year, as in wire datelines ("KYIV, Feb 24 (Reuters) -").
MONTH_DAY_RE = re.compile(
    r"\b"
    + _MONTH.format(name="m")
    + r"\s+"
    + _DAY.format(name="d")
    + r"(?![\d,]*\s*,?\s*(?:19|20)\d\d)(?!\d)"
    r"|(?<!\d)" + _DAY.format(name="d2") + r"\s+" + _MONTH.format(name="m2") + r"(?!\s*,?\s*(?:19|20)\d\d)",
    re.IGNORECASE,
)


_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class DateMatch:
    """A date found in text, with the character span it occupies."""

    date: datetime.date
    start: int
    end: int


def make_date(year: int, month: int, day: int) -> datetime.date | None:
    """A real calendar date or None (31 February and friends are not dates)."""
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _from_match(match: re.Match[str]) -> datetime.date | None:
    groups = match.groupdict()
    if groups.get("iy"):
        return make_date(int(groups["iy"]), int(groups["im"]), int(groups["id"]))
    if groups.get("dd"):
        return make_date(int(groups["dy"]), MONTHS[groups["dm"].lower()], int(groups["dd"]))
    if groups.get("mm"):
        return make_date(int(groups["my"]), MONTHS[groups["mm"].lower()], int(groups["md"]))
    return None


def find_dates(text: str, start: int = 0, end: int | None = None) -> list[DateMatch]:
    """Every full (day, month, year) date in ``text[start:end]``, in order of appearance."""
    end = len(text) if end is None else end
    if _DIGIT.search(text, start, end) is None:  # cheap pre-check: every full date has digits
        return []
    found = []
    for match in FULL_DATE_RE.finditer(text, start, end):
        value = _from_match(match)
        if value is not None:
            found.append(DateMatch(value, match.start(), match.end()))
    return found


def parse_date(value: str) -> datetime.date | None:
    """The first full date in a short string (a meta tag value, a PDF field...), or None."""
    found = find_dates(value)
    return found[0].date if found else None


def find_month_day(text: str, start: int = 0, end: int | None = None) -> tuple[int, int, int, int] | None:
    """(month, day, start, end) of the first yearless date in the range, if any."""
    match = MONTH_DAY_RE.search(text, start, len(text) if end is None else end)
    if match is None:
        return None
    month_name = match.group("m") or match.group("m2")
    day = match.group("d") or match.group("d2")
    return MONTHS[month_name.lower()], int(day), match.start(), match.end()


NUMERIC_DATE_RE = re.compile(
    r"(?<![\d/.-])(?P<a>[0-3]?\d)(?P<sep>[/.])(?P<b>[0-3]?\d)(?P=sep)(?P<y>(?:19|20)\d\d)(?!\d)"
)


def match_numeric_date(text: str, pos: int = 0) -> tuple[datetime.date, int] | None:
    """A dd/mm/yyyy or mm/dd/yyyy date at ``pos`` when unambiguous (dots mean day first); else None.

    Only used right after a label such as "Published:", where a bare number pattern is surely a date.
    """
    match = NUMERIC_DATE_RE.match(text, pos)
    if match is None:
        return None
    first, second, year = int(match.group("a")), int(match.group("b")), int(match.group("y"))
    if match.group("sep") == "." or first > 12:
        value = make_date(year, second, first)
    elif second > 12:
        value = make_date(year, first, second)
    else:
        value = None  # 05/03/2024: March or May? Unknown stays unknown.
    return (value, match.end()) if value else None
