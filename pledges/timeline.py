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

from pledges.dates import shift

WIDTH = 1000.0
LABEL_WIDTH = 200.0
RIGHT_MARGIN = 16.0
AXIS_HEIGHT = 30.0
BOTTOM_MARGIN = 8.0
LANE_HEIGHT = 28.0
MARK_RADIUS = 5.0
DIAMOND_RADIUS = 6.0  # half the diagonal of a conditional pledge's diamond
COLUMN = 12.0  # marks sit on column centres this far apart: wider than any mark
COLUMNS = int((WIDTH - RIGHT_MARGIN - LABEL_WIDTH) // COLUMN)
# One pledge in a column on the middle line, two stacked 14 apart (more than a diamond's height);
# more make the column crowded, and it becomes part of a cluster.
STACK_OFFSETS = ((0.0,), (-7.0, 7.0))
SPREAD_COLUMNS = 3  # a busy column spreads over at most this many free columns before it clusters
CLUSTER_INSET = 1.0  # a cluster's pill ends this far inside its outer columns
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
    change_x: float | None = None  # where a condition of this pledge was met or lapsed
    change_state: str = ""


@dataclass
class Cluster:
    x: float
    y: float
    count: int
    title: str
    href: str
    width: float = 2 * COLUMN


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
    hidden_lanes: int = 0  # lanes left out because no pledge of theirs is in the window
    earliest: dt.date | None = None  # first and last dated pledge drawn (marks mode only)
    latest: dt.date | None = None

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
    if row.get("condition_changed_on") and row.get("condition_state"):
        parts.append(
            f"condition {row['condition_state']} {format_date(_as_day(row['condition_changed_on']))}"
        )
    summary = (row.get("short_summary") or row.get("summary") or "").strip()
    if len(summary) > SUMMARY_CHARS:
        summary = summary[: SUMMARY_CHARS - 1].rstrip() + "…"
    return " · ".join(parts) + (f"\n{summary}" if summary else "")


def _as_day(value: Any) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


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


def column_of(x: float) -> int:
    """The column of the mark grid holding x: marks sit on column centres, COLUMN apart."""
    return min(max(int((x - LABEL_WIDTH) // COLUMN), 0), COLUMNS - 1)


def column_x(column: int) -> float:
    return LABEL_WIDTH + COLUMN * column + COLUMN / 2


def place(
    lane_columns: Mapping[int, list[Mapping[str, Any]]],
) -> tuple[list[tuple[int, float, Mapping[str, Any]]], list[tuple[int, int, list[Mapping[str, Any]]]]]:
    """Marks and clusters of one lane, no two drawn on top of each other.

    Marks sit on the centres of columns COLUMN wide (more than a mark's width): one pledge in a
    column is drawn on the lane's middle line, two are stacked above and below it. A column with
    more spreads into free neighbouring columns (at most SPREAD_COLUMNS, in date order); where there
    is no room it is crowded: it and its neighbours become one cluster (a pill spanning those
    columns, with the count), and touching clusters merge. The pill ends more than a mark's radius
    from the next column's centre, so clusters and marks never overlap either.

    Returns the marks as (column, dy, row) and the clusters as (first column, last column, rows).
    """
    per_column = len(STACK_OFFSETS)
    by_date = {c: sorted(rows, key=_date_order) for c, rows in lane_columns.items()}
    cells: dict[int, list[Mapping[str, Any]]] = {
        c: rows for c, rows in by_date.items() if len(rows) <= per_column
    }
    crowded: list[int] = []
    for column in sorted(c for c, rows in by_date.items() if len(rows) > per_column):
        rows = by_date[column]
        need = math.ceil(len(rows) / per_column)
        window = _free_window(column, need, cells, by_date) if need <= SPREAD_COLUMNS else None
        if window is None:
            crowded.append(column)
            cells[column] = rows
            continue
        for i, c in enumerate(range(window, window + need)):
            cells[c] = rows[i * per_column : (i + 1) * per_column]

    spans: list[list[int]] = []
    for column in crowded:
        lo, hi = max(column - 1, 0), min(column + 1, COLUMNS - 1)
        if spans and lo <= spans[-1][1] + 1:
            spans[-1][1] = hi
        else:
            spans.append([lo, hi])
    marks: list[tuple[int, float, Mapping[str, Any]]] = []
    clusters: list[tuple[int, int, list[Mapping[str, Any]]]] = []
    taken: set[int] = set()
    for lo, hi in spans:
        rows = [row for c in range(lo, hi + 1) for row in cells.get(c, [])]
        rows.sort(key=_date_order)
        clusters.append((lo, hi, rows))
        taken.update(range(lo, hi + 1))
    for column in sorted(cells):
        if column in taken:
            continue
        rows = cells[column]
        marks.extend((column, dy, row) for dy, row in zip(STACK_OFFSETS[len(rows) - 1], rows, strict=True))
    return marks, clusters


def _condition_change(row: Mapping[str, Any], scale: Scale, lo: dt.date, hi: dt.date) -> dict[str, Any]:
    """Where the latest met or lapsed condition of a pledge changed, if inside the window."""
    day, state = row.get("condition_changed_on"), row.get("condition_state")
    if not day or not state:
        return {}
    day = _as_day(day)
    if day < lo or day > hi:
        return {}
    return {"change_x": round(scale(day), 1), "change_state": state}


def _date_order(row: Mapping[str, Any]) -> tuple[dt.date, int]:
    return (row["announced_on"], row["id"])


def _free_window(column: int, need: int, cells: Mapping[int, list], wanted: Mapping[int, list]) -> int | None:
    """The first column of `need` adjacent columns around `column`, all free but `column` itself;
    the most centred such window, or None."""
    starts = sorted(range(column - need + 1, column + 1), key=lambda s: abs(2 * s + need - 1 - 2 * column))
    for start in starts:
        span = range(start, start + need)
        if start < 0 or span[-1] >= COLUMNS:
            continue
        if all(c == column or (c not in cells and c not in wanted) for c in span):
            return start
    return None


def _cluster(
    lane: Lane,
    spec: LaneSpec,
    first_column: int,
    last_column: int,
    rows: list[Mapping[str, Any]],
    list_url: str,
    base_query: str,
) -> Cluster:
    """A pill over the columns of a crowded stretch, linking to the list of its pledges."""
    first, last = rows[0]["announced_on"], rows[-1]["announced_on"]
    cats = Counter(CATEGORY_LABELS.get(r["category"], r["category"]) for r in rows)
    conditional = sum(1 for r in rows if r.get("conditional"))
    title = (
        f"{lane.label}: {len(rows)} pledges, {format_date(first)} – {format_date(last)}\n"
        + ", ".join(f"{n} {name.lower()}" for name, n in cats.most_common())
        + (f"; {conditional} conditional" if conditional else "")
        + "\nOpen the list of these pledges, or zoom in."
    )
    param, value = spec.filter_param
    own = urlencode([*([(param, value)] if param else []), ("start", first), ("end", last)])
    query = f"{base_query}&{own}" if base_query else own
    left, right = column_x(first_column) - COLUMN / 2, column_x(last_column) + COLUMN / 2
    return Cluster(
        x=round((left + right) / 2, 1),
        y=round(lane.mid, 1),
        count=len(rows),
        title=title,
        href=f"{list_url}?{query}",
        width=round(right - left - 2 * CLUSTER_INSET, 1),
    )


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
    hide_empty: bool = False,
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
    # Without a zoom the window also reaches the day a condition was met or lapsed, to mark it.
    changes = [_as_day(row["condition_changed_on"]) for row in dated if row.get("condition_changed_on")]
    lo, hi = domain([row["announced_on"] for row in dated] + changes, start, end, today)
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
    keep = None
    if hide_empty:  # lanes with a mark or a tick in the window
        keep = {
            lane_key(r["actor_country_id"], r["actor_organisation_id"])
            for r in dated
            if lo <= r["announced_on"] <= hi
        }
    drawing = _lanes_and_axis(lanes, counts, lo, hi, sort, today, keep)
    out_lanes = {lane.key: lane for lane in drawing.lanes}
    if dated:
        drawing.earliest = min(row["announced_on"] for row in dated)
        drawing.latest = max(row["announced_on"] for row in dated)

    columns: dict[str, dict[int, list[Mapping[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for row in originals:
        day = row["announced_on"]
        if day < lo or day > hi:
            continue
        key = lane_key(row["actor_country_id"], row["actor_organisation_id"])
        columns[key][column_of(scale(day))].append(row)

    base_query = urlencode(
        [(k, v) for k, v in (list_query or {}).items() if k not in ("member", "actor_org", "start", "end")],
        doseq=True,
    )
    for key, lane_columns in columns.items():
        lane = out_lanes[key]
        placed, crowded = place(lane_columns)
        for column, dy, row in placed:
            dates = restated.get(row["id"], [])
            lane.marks.append(
                Mark(
                    id=row["id"],
                    x=round(column_x(column), 1),
                    y=round(lane.mid + dy, 1),
                    category=row["category"],
                    status=row["status"],
                    conditional=bool(row.get("conditional")),
                    title=mark_title(row, lane.label, dates),
                    restatement_xs=[round(scale(d), 1) for d in sorted(dates) if lo <= d <= hi],
                    **_condition_change(row, scale, lo, hi),
                )
            )
        for first_column, last_column, rows_in in crowded:
            lane.clusters.append(
                _cluster(lane, specs[key], first_column, last_column, rows_in, list_url, base_query)
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
    lanes: list[LaneSpec],
    counts: Mapping[str, int],
    lo: dt.date,
    hi: dt.date,
    sort: str,
    today: dt.date,
    keep: set[str] | None = None,
) -> Timeline:
    """The empty drawing: lanes in order with their membership shading and notes, and the axis.

    `keep`, when given, names the lanes with something to draw: the others are left out (most
    members of a large coalition in a short window) and counted in `hidden_lanes`.
    """
    scale = Scale(lo, hi, LABEL_WIDTH, WIDTH - RIGHT_MARGIN)
    shown = [spec for spec in lanes if spec.key in keep] if keep is not None else lanes
    own = [spec for spec in shown if spec.own]
    # Every member's lane gives the founding date, drawn or not.
    all_members = [spec for spec in lanes if not spec.own]
    members = [spec for spec in shown if not spec.own]
    if sort == "count":
        members.sort(key=lambda s: (-counts.get(s.key, 0), s.label.casefold()))
    else:
        members.sort(key=lambda s: s.label.casefold())
    founded = min((j for spec in all_members for j, _ in spec.periods if j is not None), default=None)
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
        hidden_lanes=len(lanes) - len(shown),
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
    hide_empty: bool = False,
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

    keep = {key for key, _ in cells} | {key for key, n in counts.items() if n} if hide_empty else None
    drawing = _lanes_and_axis(lanes, counts, lo, hi, sort, today, keep)
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


# --- zoom: windows the page offers, kept inside the dates that make sense -------------------------

REACH_DAYS = 366  # zooming out stops a year beyond the first and the last pledge (or today)


def zoom_out(
    start: dt.date, end: dt.date, earliest: dt.date | None, latest: dt.date | None, today: dt.date
) -> tuple[dt.date, dt.date] | None:
    """Twice the span around the same middle, kept within a year of the data and of today;
    None when the window already shows all of that (zooming out further would only add empty years)."""
    span = max((end - start).days, MIN_SPAN_DAYS)
    middle = shift(start, (end - start).days / 2)
    reach_lo = shift(min(earliest or today, today), -REACH_DAYS)
    reach_hi = shift(max(latest or today, today), REACH_DAYS)
    lo, hi = max(shift(middle, -span), reach_lo), min(shift(middle, span), reach_hi)
    if lo >= start and hi <= end:
        return None
    return min(lo, start), max(hi, end)


def anchored_windows(latest: dt.date | None) -> list[tuple[str, dt.date, dt.date]]:
    """Zoom presets ending at the latest pledge, not today: "last 3 months" of a record whose last
    pledge is a year old would show nothing."""
    if latest is None:
        return []
    return [
        ("12 months", shift(latest, -365), latest),
        ("3 months", shift(latest, -91), latest),
    ]


def around(day: dt.date, start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """A window as wide as start–end, centred on `day`: where the nearest pledges are."""
    half = max((end - start).days, MIN_SPAN_DAYS) / 2
    return shift(day, -half), shift(day, half)
