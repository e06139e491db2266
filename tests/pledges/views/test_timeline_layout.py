"""The timeline's geometry from plain rows: no database, no Django."""

from __future__ import annotations

import datetime as dt
import itertools

from pledges import timeline as tl

D = dt.date


def row(
    pk, day, lane=1, *, org=None, restates=None, category="military", status="announced", conditional=False
):
    return {
        "id": pk,
        "announced_on": day,
        "category": category,
        "status": status,
        "actor_country_id": None if org else lane,
        "actor_organisation_id": org,
        "restates_id": restates,
        "conditional": conditional,
        "beneficiary": "Ukraine",
        "short_summary": f"Pledge {pk}",
        "amount_value": None,
        "amount_unit": "",
        "amount_approximate": False,
    }


def lanes(*names, org=None):
    specs = [
        tl.LaneSpec(
            key=f"c{i}", label=name, periods=((D(2025, 3, 2), None),), filter_param=("member", f"C{i}")
        )
        for i, name in enumerate(names, start=1)
    ]
    if org:
        specs.insert(0, tl.LaneSpec(key=f"o{org}", label="The coalition", own=True))
    return specs


def test_one_mark_per_pledge_in_its_lane_at_its_date():
    drawing = tl.build([row(1, D(2025, 6, 1), 1), row(2, D(2025, 9, 1), 2)], lanes("France", "Germany"))
    france, germany = drawing.lanes
    assert [m.id for m in france.marks] == [1]
    assert [m.id for m in germany.marks] == [2]
    assert france.marks[0].x < germany.marks[0].x
    assert drawing.plot_left <= france.marks[0].x <= drawing.plot_right
    assert france.marks[0].y == france.mid
    assert drawing.total == 2


def test_restatements_are_ticks_on_the_original_not_marks():
    rows = [row(1, D(2025, 5, 1)), row(2, D(2025, 8, 1), restates=1), row(3, D(2025, 10, 1), restates=2)]
    drawing = tl.build(rows, lanes("France"))
    (lane,) = drawing.lanes
    assert [m.id for m in lane.marks] == [1]
    assert len(lane.marks[0].restatement_xs) == 2  # a restatement of a restatement ticks the original
    assert "restated 2×" in lane.marks[0].title
    assert drawing.total == 1 and drawing.restatements == 2
    assert lane.count == 1


def test_restatement_of_an_original_outside_the_view_is_a_tick_linking_to_it():
    drawing = tl.build([row(5, D(2025, 8, 1), restates=99)], lanes("France"))
    (lane,) = drawing.lanes
    assert lane.marks == []
    assert [(o.id, o.original_id) for o in lane.orphans] == [(5, 99)]


def test_conditional_and_status_carried_to_the_mark():
    rows = [row(1, D(2025, 5, 1), conditional=True, status="withdrawn", category="financial")]
    mark = tl.build(rows, lanes("France")).lanes[0].marks[0]
    assert (mark.conditional, mark.status, mark.category) == (True, "withdrawn", "financial")
    assert "conditional" in mark.title and "Withdrawn" in mark.title and "Financial" in mark.title


def test_crowded_dates_become_a_cluster_linking_to_the_filtered_list():
    rows = [row(i, D(2025, 6, 1)) for i in range(1, 8)]
    drawing = tl.build(rows, lanes("France"), list_url="/pledges/", list_query={"category": ["military"]})
    (lane,) = drawing.lanes
    assert lane.marks == []
    (cluster,) = lane.clusters
    assert cluster.count == 7
    assert cluster.href.startswith("/pledges/?")
    assert "member=C1" in cluster.href and "category=military" in cluster.href
    assert "start=2025-06-01" in cluster.href and "end=2025-06-01" in cluster.href
    assert drawing.total == 7


def test_two_pledges_on_one_day_are_stacked_and_a_third_moves_beside_them():
    rows = [row(i, D(2025, 6, 1)) for i in range(1, 4)]
    (lane,) = tl.build(rows, lanes("France")).lanes
    assert len(lane.marks) == 3 and lane.clusters == []
    first, second, third = sorted(lane.marks, key=lambda m: m.id)
    assert first.x == second.x and first.y < lane.mid < second.y  # stacked, earliest on top
    assert third.x == first.x + tl.COLUMN and third.y == lane.mid  # offset one column
    assert_no_overlap(lane)


def test_a_crowded_day_next_to_single_marks_clusters_without_covering_them():
    rows = [row(1, D(2025, 5, 20)), *[row(i, D(2025, 6, 1)) for i in range(2, 12)], row(20, D(2025, 6, 30))]
    (lane,) = tl.build(rows, lanes("France"), start=D(2025, 1, 1), end=D(2025, 12, 31)).lanes
    (cluster,) = lane.clusters
    assert cluster.count >= 10
    assert {m.id for m in lane.marks} == {1, 20}  # the neighbours stay single marks
    assert_no_overlap(lane)


def assert_no_overlap(lane):
    """No two marks closer than a mark's diameter; no mark under a cluster's pill."""
    marks = lane.marks
    for i, a in enumerate(marks):
        for b in marks[i + 1 :]:
            distance = ((a.x - b.x) ** 2 + (a.y - b.y) ** 2) ** 0.5
            assert distance >= 2 * tl.MARK_RADIUS, (a.id, b.id, distance)
        assert lane.y <= a.y - tl.DIAMOND_RADIUS and a.y + tl.DIAMOND_RADIUS <= lane.y + tl.LANE_HEIGHT
        for cluster in lane.clusters:
            gap = abs(a.x - cluster.x) - cluster.width / 2
            assert gap >= tl.MARK_RADIUS, (a.id, cluster.x, gap)
    pills = sorted((c.x - c.width / 2, c.x + c.width / 2) for c in lane.clusters)
    assert all(left[1] < right[0] for left, right in itertools.pairwise(pills))


def test_no_two_marks_overlap_whatever_the_dates():
    import random

    rng = random.Random(13)
    for trial in range(60):
        days = rng.choice([14, 60, 365, 1500])
        start = D(2025, 1, 1)
        n = rng.choice([3, 10, 40, 150])
        rows = [row(i, start + dt.timedelta(days=rng.randrange(days)), 1 + i % 2) for i in range(1, n + 1)]
        drawing = tl.build(rows, lanes("France", "Germany"), start=start, end=start + dt.timedelta(days=days))
        for lane in drawing.lanes:
            assert_no_overlap(lane)
        shown = sum(len(lane.marks) + sum(c.count for c in lane.clusters) for lane in drawing.lanes)
        assert shown == n, trial  # every pledge is a mark or counted in a cluster


def test_hide_empty_lanes_counts_them():
    rows = [row(1, D(2025, 6, 1), 2)]
    drawing = tl.build(rows, lanes("France", "Germany", "Italy", org=9), hide_empty=True)
    assert [lane.label for lane in drawing.lanes] == ["Germany"]
    assert drawing.hidden_lanes == 3
    assert drawing.lanes[0].y == tl.AXIS_HEIGHT  # the lanes shown are packed from the top


def test_zoom_out_is_bounded_and_presets_end_at_the_latest_pledge():
    today = D(2026, 12, 4)
    wider = tl.zoom_out(D(2025, 6, 1), D(2025, 6, 30), D(2025, 1, 1), D(2025, 12, 1), today)
    assert wider[0] < D(2025, 6, 1) and wider[1] > D(2025, 6, 30)
    # already wider than a year around the data and today: nothing further out to show
    assert tl.zoom_out(D(1900, 1, 1), D(2100, 12, 31), D(2025, 1, 1), D(2025, 12, 1), today) is None
    assert tl.zoom_out(D(2023, 1, 1), D(2028, 1, 1), D(2025, 1, 1), D(2025, 12, 1), today) is None
    (year, quarter) = tl.anchored_windows(D(2021, 3, 20))
    assert year[1:] == (D(2020, 3, 20), D(2021, 3, 20)) and quarter[1:] == (D(2020, 12, 19), D(2021, 3, 20))
    assert tl.anchored_windows(None) == []
    assert tl.around(D(2100, 12, 30), D(2025, 1, 1), D(2025, 12, 31))[1] == D(2100, 12, 31)


def test_organisation_lane_first_then_members_by_name_or_by_count():
    rows = [
        row(1, D(2025, 5, 1), 2),
        row(2, D(2025, 6, 1), 2),
        row(3, D(2025, 7, 1), 1),
        row(4, D(2025, 7, 1), org=9),
    ]
    by_name = tl.build(rows, lanes("Austria", "Belgium", org=9))
    assert [lane.label for lane in by_name.lanes] == ["The coalition", "Austria", "Belgium"]
    by_count = tl.build(rows, lanes("Austria", "Belgium", org=9), sort="count")
    assert [lane.label for lane in by_count.lanes] == ["The coalition", "Belgium", "Austria"]
    assert by_count.lanes[0].marks[0].id == 4


def test_membership_periods_shaded_and_joiners_and_leavers_noted():
    specs = [
        tl.LaneSpec("c1", "Founder", periods=((D(2025, 3, 2), None),)),
        tl.LaneSpec("c2", "Joiner", periods=((D(2025, 9, 4), None),)),
        tl.LaneSpec("c3", "Leaver", periods=((D(2025, 3, 2), D(2026, 2, 10)),)),
    ]
    drawing = tl.build([], specs, start=D(2025, 1, 1), end=D(2026, 6, 30), today=D(2026, 7, 1))
    founder, joiner, leaver = drawing.lanes
    assert founder.note == "" and not founder.former
    assert joiner.note == "joined 4 Sep 2025"
    assert leaver.former and "left 10 Feb 2026" in leaver.note
    assert joiner.periods[0].x > founder.periods[0].x
    assert leaver.periods[0].x + leaver.periods[0].width < drawing.plot_right


def test_zoom_drops_pledges_outside_and_undated_are_counted():
    rows = [row(1, D(2025, 5, 1)), row(2, D(2025, 11, 1)), row(3, None)]
    drawing = tl.build(rows, lanes("France"), start=D(2025, 10, 1), end=D(2025, 12, 31))
    assert [m.id for m in drawing.lanes[0].marks] == [2]
    assert drawing.undated == 1
    assert (drawing.start, drawing.end) == (D(2025, 10, 1), D(2025, 12, 31))


def test_rows_for_actors_without_a_lane_are_ignored():
    drawing = tl.build([row(1, D(2025, 5, 1), 7)], lanes("France"))
    assert drawing.total == 0


def test_date_ticks_have_a_sensible_step_for_every_span():
    for start, end, most, sample in [
        (D(2020, 1, 1), D(2026, 1, 1), 15, "2021"),
        (D(2025, 1, 15), D(2025, 12, 20), 13, "Mar"),
        (D(2025, 1, 1), D(2025, 2, 28), 10, "13 Jan"),
        (D(2025, 3, 1), D(2025, 3, 12), 13, "1 Mar 2025"),
    ]:
        ticks = tl.date_ticks(start, end)
        assert 2 <= len(ticks) <= most, (start, end, len(ticks))
        assert any(label == sample for _, _, label, _ in ticks), [t[2] for t in ticks]
        assert all(start <= day <= end for day, _, _, _ in ticks)
        days = [day for day, _, _, _ in ticks]
        assert days == sorted(days)


def test_empty_data_still_draws_an_axis():
    drawing = tl.build([], lanes("France"), today=D(2026, 1, 1))
    assert drawing.ticks and drawing.lanes[0].marks == []
    assert drawing.end >= drawing.start + dt.timedelta(days=tl.MIN_SPAN_DAYS)


# --- binned mode ---------------------------------------------------------------------------------


def bin_row(lane, period, *, n=0, restated=0, conditional=0, delivered=0, withdrawn=0, org=None, **cats):
    row = {
        "actor_country_id": None if org else lane,
        "actor_organisation_id": org,
        "period": period,
        "n": n,
        "conditional": conditional,
        "delivered": delivered,
        "withdrawn": withdrawn,
        "restated": restated,
    }
    row.update({f"c_{c}": 0 for c in tl.CATEGORY_ORDER})
    row.update({f"c_{c}": v for c, v in cats.items()})
    return row


def test_bin_unit_keeps_the_grid_small():
    five_years = (D(2022, 1, 1), D(2026, 12, 31))
    assert tl.bin_unit(*five_years, lanes=36) == "half"
    assert tl.bin_unit(*five_years, lanes=3) == "month"
    assert tl.bin_unit(D(2025, 1, 1), D(2025, 12, 31), lanes=36) == "month"
    assert tl.bin_unit(D(2025, 1, 1), D(2025, 12, 31), lanes=2) == "week"
    assert tl.bin_unit(D(2000, 1, 1), D(2025, 12, 31), lanes=36) == "year"


def test_snap_widens_the_window_to_whole_periods():
    assert tl.snap(D(2025, 2, 10), D(2025, 5, 3), "quarter") == (D(2025, 1, 1), D(2025, 6, 30))
    assert tl.snap(D(2025, 7, 9), D(2025, 7, 9), "week") == (D(2025, 7, 7), D(2025, 7, 13))


def test_one_cell_per_lane_and_period_with_stacked_categories_and_a_title():
    rows = [
        bin_row(1, D(2025, 3, 1), n=14, military=6, financial=5, humanitarian=3, conditional=4, restated=2),
        bin_row(2, D(2025, 4, 1), n=1, sanctions=1),
        bin_row(2, None, n=2, other=2),  # undated: counted, not drawn
        bin_row(9, D(2025, 4, 1), n=5, other=5),  # an actor without a lane
    ]
    drawing = tl.build_bins(
        rows, lanes("France", "Germany"), start=D(2025, 1, 1), end=D(2025, 12, 31), unit="month"
    )
    assert drawing.binned and drawing.total == 15 and drawing.undated == 2 and drawing.restatements == 2
    france, germany = drawing.lanes
    (cell,) = france.bins
    assert (cell.start, cell.end, cell.total) == (D(2025, 3, 1), D(2025, 3, 31), 14)
    assert cell.title == (
        "France, March 2025: 14 pledges — 6 military, 5 financial…; 4 conditional, 2 restated"
    )
    assert [c for c, _, _ in cell.segments] == ["military", "financial", "humanitarian"]
    assert abs(sum(h for _, _, h in cell.segments) - tl.BAR_MAX) < 0.5  # the busiest cell is full height
    assert cell.href == "/pledges/?member=C1&start=2025-03-01&end=2025-03-31"
    (small,) = germany.bins
    assert sum(h for _, _, h in small.segments) < tl.BAR_MAX / 2
    assert france.bins[0].x < small.x and germany.count == 3


def test_bins_merge_quarters_into_half_years_and_keep_list_filters():
    rows = [bin_row(1, D(2025, 1, 1), n=2, military=2), bin_row(1, D(2025, 4, 1), n=3, military=3)]
    drawing = tl.build_bins(
        rows,
        lanes("France"),
        start=D(2025, 1, 1),
        end=D(2025, 12, 31),
        unit="half",
        list_query={"category": ["military"], "start": ["2025-01-01"], "lanes": ["count"]},
    )
    (cell,) = drawing.lanes[0].bins
    assert cell.total == 5 and cell.title.startswith("France, first half of 2025: 5 pledges")
    assert cell.href == "/pledges/?category=military&lanes=count&member=C1&start=2025-01-01&end=2025-06-30"


def test_more_than_three_categories_share_one_grey_segment():
    rows = [bin_row(1, D(2025, 3, 1), n=10, military=4, financial=3, humanitarian=2, sanctions=1)]
    (cell,) = (
        tl.build_bins(rows, lanes("France"), start=D(2025, 1, 1), end=D(2025, 12, 31), unit="month")
        .lanes[0]
        .bins
    )
    assert [c for c, _, _ in cell.segments] == ["military", "financial", "humanitarian", tl.REST]


def test_bins_sort_lanes_by_count_and_keep_membership_shading():
    rows = [bin_row(1, D(2025, 3, 1), n=1, military=1), bin_row(2, D(2025, 3, 1), n=9, military=9)]
    drawing = tl.build_bins(
        rows, lanes("France", "Germany"), start=D(2025, 1, 1), end=D(2025, 12, 31), unit="month", sort="count"
    )
    assert [lane.label for lane in drawing.lanes] == ["Germany", "France"]
    assert all(lane.periods for lane in drawing.lanes)
