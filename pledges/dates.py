"""The dates Pledgewatch accepts in filters and draws on the timeline.

Pure Python (the timeline layout imports it). A pledge date outside these bounds is a typing
error, and date arithmetic near year 1 or 9999 overflows: `?start=0001-01-01` or zooming out
sixteen times once answered 500. Every date a user can give or reach is kept inside.
"""

from __future__ import annotations

import datetime as dt

EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2100, 12, 31)


def clamp(day: dt.date) -> dt.date:
    """`day` moved inside [EARLIEST, LATEST]."""
    return min(max(day, EARLIEST), LATEST)


def in_bounds(day: dt.date) -> bool:
    return EARLIEST <= day <= LATEST


def shift(day: dt.date, days: float) -> dt.date:
    """`day` plus `days`, stopping at the bounds instead of overflowing."""
    ordinal = round(day.toordinal() + days)
    return clamp(dt.date.fromordinal(min(max(ordinal, 1), dt.date.max.toordinal())))
