"""Geometry of the coalition timeline, computed from plain rows.

No Django and no database here: the view runs ONE values() query and hands the rows to `build()`,
which returns dataclasses the template draws as SVG. Keeping the layout pure keeps it fast (no
model instances per mark) and testable without a database.

Coordinates are SVG user units inside a fixed-width viewBox; the browser scales the drawing.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

WIDTH = 1000.0
LABEL_WIDTH = 200.0
RIGHT_MARGIN = 16.0
AXIS_HEIGHT = 30.0
BOTTOM_MARGIN = 8.0
LANE_HEIGHT = 28.0
MARK_RADIUS = 5.0
BUCKET = 11.0  # marks closer than this share a bucket
STACK_OFFSETS = (0.0, -8.0, 8.0)  # up to three marks in a bucket are stacked; more become a cluster
MIN_SPAN_DAYS = 14
# calendar.month_abbr goes through strftime on every access: far too slow per mark.
MONTHS = ("", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
SUMMARY_CHARS = 110

CATEGORY_LABELS = {
    "military": "Military",
    "financial": "Financial",
    "humanitarian": "Humanitarian",
    "reconstruction": "Reconstruction",
    "security_guarantee": "Security guarantee",
    "monitoring": "Monitoring",
    "diplomatic": "Diplomatic",
    "sanctions": "Sanctions",
    "other": "Other",
}
STATUS_LABELS = {
    "announced": "Announced",
    "committed": "Committed",
    "in_progress": "In progress",
    "delivered": "Delivered",
    "withdrawn": "Withdrawn",
}


@dataclass(frozen=True)
class LaneSpec:
    """One lane to draw: a member country or the organisation itself, with its membership periods."""

    key: str  # lane_key() of the actor
    label: str
    url: str = ""
    periods: tuple[tuple[dt.date | None, dt.date | None], ...] = ()
    own: bool = False  # the organisation's own lane
    filter_param: tuple[str, str] = ("", "")  # GET parameter selecting this actor in the list view


@dataclass
class Tick:
    x: float
    label: str
    start: dt.date
    end: dt.date
    major: bool = False
    href: str = ""


@dataclass
class Mark:
    id: int
    x: float
    y: float
    category: str
    status: str
    conditional: bool
    title: str
    restatement_xs: list[float] = field(default_factory=list)


@dataclass
class Cluster:
    x: float
    y: float
    count: int
    title: str
    href: str


@dataclass
class OrphanTick:
    """A restatement whose original lies outside the current view: a tick linking to the original."""

    id: int
    original_id: int
    x: float
    y: float
    title: str


@dataclass
class Period:
    x: float
    width: float
    title: str


@dataclass
class Lane:
    key: str
    label: str
    url: str
    own: bool
    note: str
    former: bool
    index: int = 0
    y: float = 0.0
    count: int = 0
    periods: list[Period] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)
    clusters: list[Cluster] = field(default_factory=list)
    orphans: list[OrphanTick] = field(default_factory=list)
    bins: list[Bin] = field(default_factory=list)

    @property
    def mid(self) -> float:
        return self.y + LANE_HEIGHT / 2

    @property
    def text_y(self) -> float:
        # With a note ("joined …, left …") the name moves up and the note takes a second line.
        return self.mid - 2 if self.note else self.mid + 4

    @property
    def period_y(self) -> float:
        return self.y + 3

    @property
    def period_height(self) -> float:
        return LANE_HEIGHT - 6

    @property
    def aria_label(self) -> str:
        noun = "pledge" if self.count == 1 else "pledges"
        return f"{self.label}{', ' + self.note if self.note else ''}: {self.count} {noun} shown"


@dataclass
class Timeline:
    start: dt.date
    end: dt.date
    lanes: list[Lane]
    ticks: list[Tick]
    total: int
    restatements: int
    undated: int
    today_x: float | None
    width: float = WIDTH
    plot_left: float = LABEL_WIDTH
    plot_right: float = WIDTH - RIGHT_MARGIN
    binned: bool = False  # one stacked bar per lane and period instead of one mark per pledge
    unit: str = ""  # the period of a bin: week, month, quarter or year

    @property
    def height(self) -> float:
        return AXIS_HEIGHT + LANE_HEIGHT * max(len(self.lanes), 1) + BOTTOM_MARGIN

    @property
    def unit_name(self) -> str:
        return {"half": "half-year"}.get(self.unit, self.unit)

    @property
    def plot_bottom(self) -> float:
        return AXIS_HEIGHT + LANE_HEIGHT * len(self.lanes)

    @property
    def axis_y(self) -> float:
        return AXIS_HEIGHT - 6

    @property
    def label_x(self) -> float:
        return self.plot_left - 8

    @property
    def tick_label_y(self) -> float:
        return self.axis_y - 6

    @property
    def lane_height(self) -> float:
        return LANE_HEIGHT


def lane_key(actor_country_id: int | None, actor_organisation_id: int | None) -> str:
    """The lane a pledge belongs to: its actor country, or the organisation that made it."""
    return f"c{actor_country_id}" if actor_country_id is not None else f"o{actor_organisation_id}"


class Scale:
    """Maps dates to x between the plot's edges."""

    def __init__(self, start: dt.date, end: dt.date, left: float, right: float) -> None:
        self.start, self.end, self.left, self.right = start, end, left, right
        self.days = max((end - start).days, 1)

    def __call__(self, day: dt.date) -> float:
        return self.left + (day - self.start).days / self.days * (self.right - self.left)


def domain(
    dates: Iterable[dt.date], start: dt.date | None, end: dt.date | None, today: dt.date
) -> tuple[dt.date, dt.date]:
    """The date range to draw: the zoom if given, else the data's range with a little padding."""
    seen = [d for d in dates if d is not None]
    lo = start or (min(seen) if seen else None)
    hi = end or (max(seen) if seen else None)
    if lo is None and hi is None:
        lo, hi = today - dt.timedelta(days=365), today
    elif lo is None:
        lo = hi - dt.timedelta(days=365)
    elif hi is None:
        hi = max(lo, today)
    if hi < lo:
        lo, hi = hi, lo
    if not (start and end):
        pad = dt.timedelta(days=max(2, (hi - lo).days // 30))
        lo, hi = (lo if start else lo - pad), (hi if end else hi + pad)
    if (hi - lo).days < MIN_SPAN_DAYS:
        extra = dt.timedelta(days=(MIN_SPAN_DAYS - (hi - lo).days + 1) // 2)
        lo, hi = lo - extra, hi + extra
    return lo, hi


def _add_months(day: dt.date, months: int) -> dt.date:
    total = day.year * 12 + day.month - 1 + months
    return dt.date(total // 12, total % 12 + 1, 1)


def date_ticks(start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date, str, bool]]:
    """(tick date, end of its interval, label, major) with a step chosen for the span.

    Years for long spans, quarters or months for a year or two, weeks for a couple of months,
    days for a fortnight; at most about fifteen labels whatever the span.
    """
    days = (end - start).days
    out: list[tuple[dt.date, dt.date, str, bool]] = []
    if days > 4 * 366:
        step = max(1, math.ceil((end.year - start.year + 1) / 12))
        year = start.year + (1 if (start.month, start.day) != (1, 1) else 0)
        while year <= end.year:
            tick = dt.date(year, 1, 1)
            out.append((tick, dt.date(year + step, 1, 1) - dt.timedelta(days=1), str(year), True))
            year += step
        return out
    if days > 75:
        months = 3 if days > 550 else (2 if days > 400 else 1)
        tick = _add_months(start.replace(day=1), 0 if start.day == 1 else 1)
        while tick.month % months != 1 % months:
            tick = _add_months(tick, 1)
        first = True
        while tick <= end:
            following = _add_months(tick, months)
            major = tick.month == 1 or first
            label = f"{MONTHS[tick.month]} {tick.year}" if major else MONTHS[tick.month]
            out.append((tick, following - dt.timedelta(days=1), label, major))
            tick, first = following, False
        return out
    step = 7 if days > 21 else 1
    tick = start + dt.timedelta(days=(7 - start.weekday()) % 7) if step == 7 else start
    if step == 1 and days > 14:
        step = 2
    first = True
    while tick <= end:
        major = first or tick.day <= step
        label = f"{tick.day} {MONTHS[tick.month]}"
        if major:
            label += f" {tick.year}" if first or tick.month == 1 else ""
        out.append((tick, tick + dt.timedelta(days=step - 1), label, major))
        tick += dt.timedelta(days=step)
        first = False
    return out


def format_date(day: dt.date | None) -> str:
    return f"{day.day} {MONTHS[day.month]} {day.year}" if day else "?"


def format_amount(value: Any, unit: str, approximate: bool) -> str:
    if value is None or not unit:
        return ""
    number = Decimal(str(value)).normalize()
    text = f"{number:,.0f}" if number == number.to_integral() else f"{number:,}"
    unit = {"percent_gdp": "% of GDP"}.get(unit, unit)
    return f"{'about ' if approximate else ''}{text} {unit}".replace(" % of", "% of")


def mark_title(row: Mapping[str, Any], actor: str, restated: list[dt.date]) -> str:
    """The tooltip (and accessible name) of one mark: who, to whom, what, when, in which state."""
    parts = [f"#{row['id']} {actor}" + (f" → {row['beneficiary']}" if row.get("beneficiary") else "")]
    parts.append(CATEGORY_LABELS.get(row["category"], row["category"]))
    amount = format_amount(
        row.get("amount_value"), row.get("amount_unit") or "", row.get("amount_approximate")
    )
    if amount:
        parts.append(amount)
    parts.append(format_date(row["announced_on"]))
    parts.append(STATUS_LABELS.get(row["status"], row["status"]))
    if row.get("conditional"):
        parts.append("conditional")
    if restated:
        parts.append(f"restated {len(restated)}× ({', '.join(format_date(d) for d in sorted(restated))})")
    summary = (row.get("short_summary") or row.get("summary") or "").strip()
    if len(summary) > SUMMARY_CHARS:
        summary = summary[: SUMMARY_CHARS - 1].rstrip() + "…"
    return " · ".join(parts) + (f"\n{summary}" if summary else "")


def _root(pledge_id: int, parent: Mapping[int, int | None], present: set[int]) -> int | None:
    """The original at the end of a restatement chain, if it is among the rows drawn."""
    seen = 0
    current = parent.get(pledge_id)
    root = None
    while current is not None and current in present and seen < 50:
        root = current
        current = parent.get(current)
        seen += 1
    return root


def _period_title(label: str, joined: dt.date | None, left: dt.date | None) -> str:
    return f"{label}: member {format_date(joined) if joined else 'from the start'} – " + (
        format_date(left) if left else "today"
    )


def _lane_note(spec: LaneSpec, founded: dt.date | None, today: dt.date) -> tuple[str, bool]:
    if spec.own or not spec.periods:
        return ("", False)
    last_left = [left for _, left in spec.periods]
    former = all(left is not None and left <= today for left in last_left)
    joined = min((j for j, _ in spec.periods if j is not None), default=None)
    notes = []
    if joined and founded and joined > founded:
        notes.append(f"joined {format_date(joined)}")
    if former:
        notes.append(f"left {format_date(max(d for d in last_left if d))}")
    return (", ".join(notes), former)


def build(
    rows: Iterable[Mapping[str, Any]],
    lanes: list[LaneSpec],
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    sort: str = "name",
    today: dt.date | None = None,
    list_url: str = "/pledges/",
    list_query: Mapping[str, Any] | None = None,
) -> Timeline:
    """Lay out lanes, marks, restatement ticks, clusters and axis ticks from plain pledge rows.

    Each row is a mapping with: id, announced_on, category, status, actor_country_id,
    actor_organisation_id, restates_id, conditional, and optionally beneficiary, summary,
    amount_value, amount_unit, amount_approximate. Rows for actors without a lane are ignored.
    """
    today = today or dt.date.today()
    specs = {spec.key: spec for spec in lanes}
    rows = [row for row in rows if lane_key(row["actor_country_id"], row["actor_organisation_id"]) in specs]
    dated = [row for row in rows if row["announced_on"] is not None]
    undated_ids = {row["id"] for row in rows if row["announced_on"] is None}
    lo, hi = domain((row["announced_on"] for row in dated), start, end, today)
    scale = Scale(lo, hi, LABEL_WIDTH, WIDTH - RIGHT_MARGIN)

    by_id = {row["id"]: row for row in dated}
    parent = {row["id"]: row["restates_id"] for row in rows}
    present = set(by_id)
    restated: dict[int, list[dt.date]] = defaultdict(list)
    originals: list[Mapping[str, Any]] = []
    orphans: list[tuple[Mapping[str, Any], int]] = []
    for row in dated:
        if row["restates_id"] is None:
            originals.append(row)
            continue
        root = _root(row["id"], parent, present)
        if root is not None:
            restated[root].append(row["announced_on"])
        else:
            orphans.append((row, row["restates_id"]))

    counts: Counter[str] = Counter(
        lane_key(r["actor_country_id"], r["actor_organisation_id"]) for r in originals
    )
    counts.update(
        lane_key(r["actor_country_id"], r["actor_organisation_id"])
        for r in rows
        if r["id"] in undated_ids and r["restates_id"] is None
    )
    drawing = _lanes_and_axis(lanes, counts, lo, hi, sort, today)
    out_lanes = {lane.key: lane for lane in drawing.lanes}

    buckets: dict[tuple[str, int], list[tuple[float, Mapping[str, Any]]]] = defaultdict(list)
    for row in originals:
        day = row["announced_on"]
        if day < lo or day > hi:
            continue
        key = lane_key(row["actor_country_id"], row["actor_organisation_id"])
        x = scale(day)
        buckets[(key, int((x - LABEL_WIDTH) // BUCKET))].append((x, row))

    base_query = urlencode(
        [(k, v) for k, v in (list_query or {}).items() if k not in ("member", "actor_org", "start", "end")],
        doseq=True,
    )
    for (key, _), members_in_bucket in sorted(buckets.items(), key=lambda item: item[0][1]):
        lane = out_lanes[key]
        members_in_bucket.sort(key=lambda item: (item[1]["announced_on"], item[1]["id"]))
        if len(members_in_bucket) <= len(STACK_OFFSETS):
            for (x, row), dy in zip(members_in_bucket, STACK_OFFSETS, strict=False):
                dates = restated.get(row["id"], [])
                lane.marks.append(
                    Mark(
                        id=row["id"],
                        x=round(x, 1),
                        y=round(lane.mid + dy, 1),
                        category=row["category"],
                        status=row["status"],
                        conditional=bool(row.get("conditional")),
                        title=mark_title(row, lane.label, dates),
                        restatement_xs=[round(scale(d), 1) for d in sorted(dates) if lo <= d <= hi],
                    )
                )
            continue
        first = members_in_bucket[0][1]["announced_on"]
        last = members_in_bucket[-1][1]["announced_on"]
        cats = Counter(CATEGORY_LABELS.get(r["category"], r["category"]) for _, r in members_in_bucket)
        conditional = sum(1 for _, r in members_in_bucket if r.get("conditional"))
        title = (
            f"{lane.label}: {len(members_in_bucket)} pledges, {format_date(first)} – {format_date(last)}\n"
            + ", ".join(f"{n} {name.lower()}" for name, n in cats.most_common())
            + (f"; {conditional} conditional" if conditional else "")
            + "\nOpen the list of these pledges, or zoom in."
        )
        param, value = specs[key].filter_param
        own = urlencode([*([(param, value)] if param else []), ("start", first), ("end", last)])
        query = f"{base_query}&{own}" if base_query else own
        xs = [x for x, _ in members_in_bucket]
        lane.clusters.append(
            Cluster(
                x=round(sum(xs) / len(xs), 1),
                y=round(lane.mid, 1),
                count=len(members_in_bucket),
                title=title,
                href=f"{list_url}?{query}",
            )
        )

    for row, original in orphans:
        day = row["announced_on"]
        if day < lo or day > hi:
            continue
        lane = out_lanes[lane_key(row["actor_country_id"], row["actor_organisation_id"])]
        lane.orphans.append(
            OrphanTick(
                id=row["id"],
                original_id=original,
                x=round(scale(day), 1),
                y=round(lane.mid, 1),
                title=f"#{row['id']} restates #{original} (announced before this view) · {format_date(day)}",
            )
        )

    drawing.total = sum(len(lane.marks) + sum(c.count for c in lane.clusters) for lane in out_lanes.values())
    drawing.restatements = sum(len(v) for v in restated.values()) + len(orphans)
    drawing.undated = len(undated_ids)
    return drawing


def _lanes_and_axis(
    lanes: list[LaneSpec], counts: Mapping[str, int], lo: dt.date, hi: dt.date, sort: str, today: dt.date
) -> Timeline:
    """The empty drawing: lanes in order with their membership shading and notes, and the axis."""
    scale = Scale(lo, hi, LABEL_WIDTH, WIDTH - RIGHT_MARGIN)
    own = [spec for spec in lanes if spec.own]
    members = [spec for spec in lanes if not spec.own]
    if sort == "count":
        members.sort(key=lambda s: (-counts.get(s.key, 0), s.label.casefold()))
    else:
        members.sort(key=lambda s: s.label.casefold())
    founded = min((j for spec in members for j, _ in spec.periods if j is not None), default=None)
    out_lanes: list[Lane] = []
    for index, spec in enumerate(own + members):
        note, former = _lane_note(spec, founded, today)
        lane = Lane(spec.key, spec.label, spec.url, spec.own, note, former, index=index)
        lane.y = AXIS_HEIGHT + index * LANE_HEIGHT
        lane.count = counts.get(spec.key, 0)
        for joined, left in spec.periods:
            a = max(joined or lo, lo)
            b = min(left or hi, hi)
            if b >= a:
                x = scale(a)
                lane.periods.append(
                    Period(x, max(scale(b) - x, 1.0), _period_title(spec.label, joined, left))
                )
        out_lanes.append(lane)
    ticks = [
        Tick(round(scale(day), 1), label, day, min(until, hi), major)
        for day, until, label, major in date_ticks(lo, hi)
        if lo <= day <= hi
    ]
    return Timeline(
        start=lo,
        end=hi,
        lanes=out_lanes,
        ticks=ticks,
        total=0,
        restatements=0,
        undated=0,
        today_x=round(scale(today), 1) if lo <= today <= hi else None,
    )


# --- binned mode: one cell per lane and period, from aggregated rows ----------------------------

MARK_LIMIT = 1200  # more pledges than this in the window and marks stop being readable: bin them
MAX_COLUMNS = 120
CELL_BUDGET = 450  # lanes × columns: a cell's markup is ~250 bytes, so a drawing stays ~100 KB
BAR_MAX = LANE_HEIGHT - 5
BIN_GAP = 1.0
BAR_COLOURS = 3  # categories drawn in their own colour in a bar; the others are one grey segment
REST = "rest"
UNITS = ("week", "month", "quarter", "half", "year")
SQL_UNIT = {"half": "quarter"}  # half-years are merged from quarters; the others come from Trunc()
CATEGORY_ORDER = tuple(CATEGORY_LABELS)


def _unit_start(day: dt.date, unit: str) -> dt.date:
    if unit == "week":
        return day - dt.timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    if unit == "quarter":
        return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    if unit == "half":
        return dt.date(day.year, 1 if day.month < 7 else 7, 1)
    return dt.date(day.year, 1, 1)


def _unit_next(day: dt.date, unit: str) -> dt.date:
    """The start of the period after the one starting on `day`."""
    if unit == "week":
        return day + dt.timedelta(days=7)
    return _add_months(day, {"month": 1, "quarter": 3, "half": 6, "year": 12}[unit])


def period_columns(start: dt.date, end: dt.date, unit: str) -> int:
    """How many periods of `unit` the window touches."""
    n, day = 0, _unit_start(start, unit)
    while day <= end:
        n, day = n + 1, _unit_next(day, unit)
    return n


def bin_unit(start: dt.date, end: dt.date, lanes: int) -> str:
    """The finest period (week, month, quarter, year) that keeps the grid small enough to read.

    At most MAX_COLUMNS columns, and at most about CELL_BUDGET cells over all lanes, so 36 lanes over
    five years get quarters, one lane over a year gets weeks.
    """
    limit = min(MAX_COLUMNS, max(12, CELL_BUDGET // max(lanes, 1)))
    for unit in UNITS[:-1]:
        if period_columns(start, end, unit) <= limit:
            return unit
    return "year"


def period_label(day: dt.date, unit: str) -> str:
    if unit == "week":
        return f"week of {format_date(day)}"
    if unit == "month":
        return f"{MONTHS_LONG[day.month]} {day.year}"
    if unit == "quarter":
        return f"Q{(day.month - 1) // 3 + 1} {day.year}"
    if unit == "half":
        return f"{'first' if day.month < 7 else 'second'} half of {day.year}"
    return str(day.year)


def snap(start: dt.date, end: dt.date, unit: str) -> tuple[dt.date, dt.date]:
    """The window widened to whole periods, so no bin is cut at the edges."""
    return _unit_start(start, unit), _unit_next(_unit_start(end, unit), unit) - dt.timedelta(days=1)


MONTHS_LONG = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass
class Bin:
    """One lane × period cell: how many pledges, by category, drawn as a stacked bar."""

    x: float
    width: float
    start: dt.date
    end: dt.date
    total: int  # original pledges (re-announcements are counted apart)
    categories: list[tuple[str, int]]
    conditional: int
    delivered: int
    withdrawn: int
    restated: int
    title: str = ""
    href: str = ""
    segments: list[tuple[str, float, float]] = field(default_factory=list)  # category, y, height


def bin_title(label: str, period: str, cell: Bin) -> str:
    """The tooltip and accessible name of a cell: who, when, how many, of which kinds."""
    noun = "pledge" if cell.total == 1 else "pledges"
    text = f"{label}, {period}: {cell.total} {noun}"
    if cell.categories:
        shown = [f"{n} {CATEGORY_LABELS.get(c, c).lower()}" for c, n in cell.categories[:2]]
        text += " — " + ", ".join(shown) + ("…" if len(cell.categories) > 2 else "")
    extra = [
        f"{n} {word}"
        for n, word in (
            (cell.conditional, "conditional"),
            (cell.delivered, "delivered"),
            (cell.withdrawn, "withdrawn"),
            (cell.restated, "restated"),
        )
        if n
    ]
    return text + ("; " + ", ".join(extra) if extra else "")


def build_bins(
    rows: Iterable[Mapping[str, Any]],
    lanes: list[LaneSpec],
    *,
    start: dt.date,
    end: dt.date,
    unit: str,
    sort: str = "name",
    today: dt.date | None = None,
    list_url: str = "/pledges/",
    list_query: Mapping[str, Any] | None = None,
) -> Timeline:
    """Lay out the binned timeline from aggregated rows, for windows too dense for single marks.

    Each row is a mapping with: actor_country_id, actor_organisation_id, period (a day in the period,
    truncated here to `unit`; None for undated pledges), n (original pledges), one `c_<category>`
    count per category (originals), conditional, delivered, withdrawn (among the originals) and
    restated (re-announcements).
    `start`/`end` is the window drawn (already through domain()).
    """
    today = today or dt.date.today()
    specs = {spec.key: spec for spec in lanes}
    lo, hi = start, end
    scale = Scale(lo, hi, LABEL_WIDTH, WIDTH - RIGHT_MARGIN)

    cells: dict[tuple[str, dt.date], dict[str, Any]] = {}
    counts: Counter[str] = Counter()
    undated = restatements = 0
    for row in rows:
        key = lane_key(row["actor_country_id"], row["actor_organisation_id"])
        if key not in specs:
            continue
        counts[key] += row["n"]
        period = row["period"]
        if isinstance(period, dt.datetime):
            period = period.date()
        if period is not None:
            period = _unit_start(period, unit)
        if period is None:
            undated += row["n"] + row["restated"]
            continue
        if period > hi or _unit_next(period, unit) <= lo:
            continue
        restatements += row["restated"]
        cell = cells.setdefault((key, period), {"cats": Counter(), "cond": 0, "del": 0, "wd": 0, "rs": 0})
        for category in CATEGORY_ORDER:
            if row.get(f"c_{category}"):
                cell["cats"][category] += row[f"c_{category}"]
        cell["cond"] += row["conditional"]
        cell["del"] += row["delivered"]
        cell["wd"] += row["withdrawn"]
        cell["rs"] += row["restated"]

    drawing = _lanes_and_axis(lanes, counts, lo, hi, sort, today)
    out_lanes = {lane.key: lane for lane in drawing.lanes}
    # Full height at the 90th percentile of the cells, so one outlier does not flatten every bar.
    totals = sorted(sum(c["cats"].values()) for c in cells.values())
    top = (totals[math.ceil(0.9 * len(totals)) - 1] if totals else 0) or 1
    base = urlencode(
        [
            (k, v)
            for k, vs in (list_query or {}).items()
            if k not in ("member", "actor_org", "start", "end", "page")
            for v in (vs if isinstance(vs, list | tuple) else [vs])
            if v != ""
        ]
    )
    base = f"{list_url}?{base}&" if base else f"{list_url}?"
    for (key, period), cell in sorted(cells.items(), key=lambda item: item[0][1]):
        lane = out_lanes[key]
        following = _unit_next(period, unit)
        first, last = max(period, lo), min(following - dt.timedelta(days=1), hi)
        x0, x1 = scale(first), scale(last + dt.timedelta(days=1)) if last < hi else scale(hi)
        width = max(x1 - x0 - BIN_GAP, 1.0)
        categories = sorted(cell["cats"].items(), key=lambda kv: (-kv[1], CATEGORY_ORDER.index(kv[0])))
        total = sum(n for _, n in categories)
        item = Bin(
            x=round(x0 + BIN_GAP / 2, 1),
            width=round(width, 1),
            start=first,
            end=last,
            total=total,
            categories=categories,
            conditional=cell["cond"],
            delivered=cell["del"],
            withdrawn=cell["wd"],
            restated=cell["rs"],
        )
        # A bar's height grows with the square root of its count, so small cells stay visible next
        # to the busiest one; the segments stack in the fixed category order of the legend.
        height = max(2.0, BAR_MAX * min(1.0, math.sqrt(total / top))) if total else 0.0
        y = lane.y + LANE_HEIGHT - 3
        # The three largest categories keep their colour, the rest share one neutral segment on top:
        # that keeps a dense drawing's markup small, and the tooltip lists them.
        shown = sorted(categories[:BAR_COLOURS], key=lambda kv: CATEGORY_ORDER.index(kv[0]))
        rest = total - sum(n for _, n in shown)
        for category, n in [*shown, *([(REST, rest)] if rest else [])]:
            h = round(height * n / total, 1)
            y -= h
            item.segments.append((category, round(y, 1), round(h, 1)))
        item.title = bin_title(lane.label, period_label(period, unit), item)
        param, value = specs[key].filter_param
        own = [*([(param, value)] if param else []), ("start", first.isoformat()), ("end", last.isoformat())]
        item.href = base + urlencode(own)
        lane.bins.append(item)

    drawing.binned = True
    drawing.unit = unit
    drawing.total = sum(b.total for lane in drawing.lanes for b in lane.bins)
    drawing.restatements = restatements
    drawing.undated = undated
    return drawing
