"""SVG for the timeline's marks, built in Python because a dense lane has thousands of them.

Template loops cost tens of microseconds per mark; these f-strings cost a few. Every value that
comes from data goes through `escape()`; numbers are formatted, never interpolated raw.
"""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from pledges.timeline import DIAMOND_RADIUS, LANE_HEIGHT, MARK_RADIUS, Lane, Mark

register = template.Library()

DIAMOND = DIAMOND_RADIUS
TICK = 7.0


def _n(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


@register.filter
def n1(value: float) -> str:
    """A coordinate with one decimal, never localised: floatformat's Decimal work, without its cost."""
    return f"{value:.1f}"


@register.filter
def n0(value: float) -> str:
    """A whole-number coordinate or size, never localised."""
    return f"{value:.0f}"


def _shape(mark: Mark) -> str:
    x, y = mark.x, mark.y
    if mark.conditional:
        d = DIAMOND
        path = f"M{_n(x)} {_n(y - d)}l{_n(d)} {_n(d)}l{_n(-d)} {_n(d)}l{_n(-d)} {_n(-d)}z"
        shape = f'<path class="shape" d="{path}"/>'
    else:
        shape = f'<circle class="shape" cx="{_n(x)}" cy="{_n(y)}" r="{_n(MARK_RADIUS)}"/>'
    if mark.status == "withdrawn":
        r = MARK_RADIUS + 1
        shape += f'<path class="wd" d="M{_n(x - r)} {_n(y + r)}L{_n(x + r)} {_n(y - r)}"/>'
    return shape


def _ticks(mark: Mark) -> str:
    if not mark.restatement_xs:
        return ""
    y = mark.y
    end = max(mark.restatement_xs)
    parts = [f"M{_n(mark.x)} {_n(y)}H{_n(end)}"] if end > mark.x else []
    parts += [f"M{_n(x)} {_n(y - TICK)}v{_n(2 * TICK)}" for x in mark.restatement_xs]
    return f'<path class="rt" d="{"".join(parts)}"/>'


def _change(mark: Mark) -> str:
    """A condition met or lapsed: a dotted line from the pledge to the day, ending in a short bar
    (met) or a cross (lapsed) — drawn on the pledge's own line, never as another mark."""
    if mark.change_x is None:
        return ""
    x, y, end = mark.x, mark.y, mark.change_x
    state = "met" if mark.change_state == "met" else "lapsed"
    if state == "met":
        glyph = f"M{_n(end)} {_n(y - 4)}v8"
    else:
        glyph = f"M{_n(end - 3)} {_n(y - 3)}l6 6M{_n(end - 3)} {_n(y + 3)}l6 -6"
    return f'<path class="cc cc-{state}" d="M{_n(x)} {_n(y)}H{_n(end)}{glyph}"/>'


@register.simple_tag
def lane_marks(lane: Lane) -> SafeString:
    """The marks, clusters and restatement ticks of one lane, as SVG."""
    prefix = reverse("pledges:pledge", args=[0]).removesuffix("0/")
    out = []
    for orphan in lane.orphans:
        url = f"{prefix}{orphan.original_id}/"
        out.append(
            f'<a class="mk orphan" href="{url}" hx-get="{url}"><title>{escape(orphan.title)}</title>'
            f'<rect class="hit" x="{_n(orphan.x - 4)}" y="{_n(orphan.y - TICK)}" width="8" '
            f'height="{_n(2 * TICK)}"/>'
            f'<path class="rt" d="M{_n(orphan.x)} {_n(orphan.y - TICK)}v{_n(2 * TICK)}"/></a>'
        )
    for mark in lane.marks:
        url = f"{prefix}{mark.id}/"
        classes = f"mk c-{escape(mark.category)} s-{escape(mark.status)}" + (
            " cond" if mark.conditional else ""
        )
        out.append(
            f'<a class="{classes}" href="{url}" hx-get="{url}" data-pledge="{mark.id}">'
            f"<title>{escape(mark.title)}</title>{_ticks(mark)}{_change(mark)}{_shape(mark)}</a>"
        )
    for cluster in lane.clusters:
        label = str(cluster.count)
        width = cluster.width  # spans the crowded columns: never over a neighbouring mark
        out.append(
            f'<a class="cl" href="{escape(cluster.href)}"><title>{escape(cluster.title)}</title>'
            f'<rect x="{_n(cluster.x - width / 2)}" y="{_n(cluster.y - 8)}" width="{_n(width)}" '
            'height="16" rx="8"/>'
            f'<text x="{_n(cluster.x)}" y="{_n(cluster.y + 4)}">{label}</text></a>'
        )
    return mark_safe("".join(out))  # every interpolated value above is escaped or numeric


@register.simple_tag
def lane_bins(lane: Lane) -> SafeString:
    """The cells of one lane in binned mode: stacked bars under links, as SVG.

    Each link is a real href to the filtered list (no JavaScript needed); pledgewatch.js loads it
    into the side panel instead. A bar segment is a vertical stroke as wide as the bar, and all the
    segments of one colour (and width) are one path: a dense drawing stays small.
    """
    bars: dict[tuple[str, float], list[str]] = {}
    links = []
    top, height = _n(round(lane.y + 2)), _n(LANE_HEIGHT - 4)
    full = max((cell.width for cell in lane.bins), default=0.0)
    for cell in lane.bins:
        width = round(min(cell.width, full), 0) or 1.0
        cx = _n(cell.x + cell.width / 2)
        for category, y, h in cell.segments:
            bars.setdefault((category, width), []).append(f"M{cx} {_n(y + h)}v-{_n(h)}")
        hit_w = _n(round(cell.width + 1))
        links.append(
            f'<a href="{escape(cell.href)}"><title>{escape(cell.title)}</title>'
            f'<path d="M{_n(round(cell.x))} {top}h{hit_w}v{height}h-{hit_w}z"/></a>'
        )
    paths = "".join(
        f'<path class="bar c-{escape(category)}" stroke-width="{_n(width)}" d="{"".join(parts)}"/>'
        for (category, width), parts in bars.items()
    )
    return mark_safe(paths + "".join(links))  # every interpolated value above is escaped or numeric
