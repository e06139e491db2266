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

    @property
    def mid(self) -> float:
        return self.y + LANE_HEIGHT / 2

    @property
    def text_y(self) -> float:
        return self.mid + 4

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

    @property
    def height(self) -> float:
        return AXIS_HEIGHT + LANE_HEIGHT * max(len(self.lanes), 1) + BOTTOM_MARGIN

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
    own = [spec for spec in lanes if spec.own]
    members = [spec for spec in lanes if not spec.own]
    if sort == "count":
        members.sort(key=lambda s: (-counts[s.key], s.label.casefold()))
    else:
        members.sort(key=lambda s: s.label.casefold())
    founded = min((j for spec in members for j, _ in spec.periods if j is not None), default=None)

    out_lanes: dict[str, Lane] = {}
    for index, spec in enumerate(own + members):
        note, former = _lane_note(spec, founded, today)
        lane = Lane(spec.key, spec.label, spec.url, spec.own, note, former, index=index)
        lane.y = AXIS_HEIGHT + index * LANE_HEIGHT
        lane.count = counts[spec.key]
        for joined, left in spec.periods:
            a = max(joined or lo, lo)
            b = min(left or hi, hi)
            if b >= a:
                x = scale(a)
                lane.periods.append(
                    Period(x, max(scale(b) - x, 1.0), _period_title(spec.label, joined, left))
                )
        out_lanes[spec.key] = lane

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

    ticks = [
        Tick(round(scale(day), 1), label, day, min(until, hi), major)
        for day, until, label, major in date_ticks(lo, hi)
        if lo <= day <= hi
    ]
    return Timeline(
        start=lo,
        end=hi,
        lanes=list(out_lanes.values()),
        ticks=ticks,
        total=sum(len(lane.marks) + sum(c.count for c in lane.clusters) for lane in out_lanes.values()),
        restatements=sum(len(v) for v in restated.values()) + len(orphans),
        undated=len(undated_ids),
        today_x=round(scale(today), 1) if lo <= today <= hi else None,
    )
