"""PledgeFilterSet answers for every listing: its parameters, a sentence, a file name, a page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import QueryDict

from pledges.filtersets import PledgeFilterSet
from pledges.models import Pledge
from tests.factories import CountryFactory, PledgeFactory

pytestmark = pytest.mark.django_db


def filterset(query: str) -> PledgeFilterSet:
    return PledgeFilterSet(QueryDict(query), queryset=Pledge.objects.all())


def test_params_describe_and_filename_say_what_was_filtered():
    CountryFactory(code="FR", alpha3="FRA", name="France")
    found = filterset("category=military&member=FR&start=2025-01-01&page=3&currency=EUR&origin=editor")
    assert found.params() == {
        "category": ["military"],
        "member": ["FR"],
        "start": ["2025-01-01"],
        "origin": ["editor"],
    }
    assert found.describe() == "Military pledges by France from 2025-01-01, added by an editor"
    assert found.filename().startswith("pledges_category-military_member-fr_start-2025-01-01_origin-editor_")
    assert filterset("").describe() == "Pledges" and "_all_" in filterset("").filename()


def test_page_and_count_come_from_the_rollup_when_it_answers(django_assert_num_queries):
    france = CountryFactory(code="FR", alpha3="FRA", name="France")
    for day in range(1, 8):
        PledgeFactory(actor_country=france, announced_on=dt.date(2025, 3, day))
    PledgeFactory(actor_country=france, review_state="rejected")
    found = filterset("member=FR")
    found.form.is_valid()
    with django_assert_num_queries(2):  # the count from the rollup, the rows of the page
        page = found.paginate(found.qs, 2, 5)
        assert [p.announced_on.day for p in page] == [2, 1]
    assert page.paginator.count == 7 and filterset("member=FR&q=Pledge").count() == 7
    assert found.paginate(found.qs, 99, 5).number == 2  # out of range: the last page
