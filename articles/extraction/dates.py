"""When a pledge was announced: the publication date, or a day the sentence names.

News dates pledges relative to publication ("on Tuesday", "yesterday"); a weekday means
the most recent such day on or before publication.
"""

from __future__ import annotations

import datetime as dt
import re

_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH_RX = "|".join(sorted(_MONTHS, key=len, reverse=True))
WEEKDAY = re.compile(
    r"\b(?:on |last |this )?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I
)
RELATIVE = re.compile(
    r"\b(yesterday|today|tonight|this morning|this afternoon|earlier today|last week)\b", re.I
)
DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)? ({_MONTH_RX})\.?(?:,? (\d{{4}}))?\b", re.I)
MONTH_DAY = re.compile(rf"\b({_MONTH_RX})\.? (\d{{1,2}})(?:st|nd|rd|th)?(?:,? (\d{{4}}))?\b", re.I)


def weekday_on_or_before(weekday: str, published: dt.date) -> dt.date:
    """ "on Tuesday" in an article of Wednesday 7 January means Tuesday 6 January."""
    target = _WEEKDAYS.index(weekday.lower())
    return published - dt.timedelta(days=(published.weekday() - target) % 7)


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def explicit_date(text: str, published: dt.date | None) -> dt.date | None:
    """A day-month(-year) date in the text; the year defaults to the publication year."""
    for rx, order in ((DAY_MONTH, "dm"), (MONTH_DAY, "md")):
        m = rx.search(text)
        if not m:
            continue
        if order == "dm":
            day, month, year = int(m.group(1)), _MONTHS[m.group(2).lower()], m.group(3)
        else:
            month, day, year = _MONTHS[m.group(1).lower()], int(m.group(2)), m.group(3)
        if year:
            return _safe_date(int(year), month, day)
        if published:
            found = _safe_date(published.year, month, day)
            if found and found > published:
                found = _safe_date(published.year - 1, month, day)
            return found
    return None


def announced_on(sentence: str, published: dt.date | None) -> dt.date | None:
    """Resolve the day a sentence says something was announced, falling back to publication."""
    m = WEEKDAY.search(sentence)
    if m and published:
        return weekday_on_or_before(m.group(1), published)
    m = RELATIVE.search(sentence)
    if m and published:
        word = m.group(1).lower()
        if word == "yesterday":
            return published - dt.timedelta(days=1)
        if word == "last week":
            return published - dt.timedelta(days=7)
        return published
    found = explicit_date(sentence, published)
    if found and (published is None or found <= published):
        return found
    return published


_YEAR_RX = re.compile(r"(?<![\d/.-])((?:19|20)\d\d)(?![\d/])")
_TARGET_BEFORE = re.compile(r"(?:by|until|till|through|to|–|-|and|before|in fiscal year|fy)\s*$", re.I)


def reference_year(text: str, published: dt.date | None) -> int | None:
    """The year the article speaks from: its date, else the latest year it mentions as past or present.

    Years that end a period or set a target ("by 2030", "2024-2027") are not evidence of when
    the article was written.
    """
    if published is not None:
        return published.year
    years = [
        int(m.group(1))
        for m in _YEAR_RX.finditer(text)
        if not _TARGET_BEFORE.search(text[max(0, m.start() - 16) : m.start()])
    ]
    return max(years) if years else None
