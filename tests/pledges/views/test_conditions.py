"""The conditions page (issue 13, part 2): by kind and state, met or lapsed and when; editors change
a condition's state with the day and the source; the timeline marks the change."""

from __future__ import annotations

import datetime as dt

import pytest

from pledges.models import Condition
from tests.factories import ConditionFactory, PledgeFactory
from tests.pledges.views.helpers import HX, coalition, queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def conditions():
    org, members = coalition(2)
    a = PledgeFactory(
        actor_country=members[0], announced_on=dt.date(2025, 5, 1), summary="Troops after truce"
    )
    b = PledgeFactory(actor_country=members[1], announced_on=dt.date(2025, 6, 1))
    hidden = PledgeFactory(actor_country=members[1], review_state="extracted")
    return {
        "org": org,
        "ceasefire": ConditionFactory(pledge=a, kind="ceasefire", text="once the guns fall silent"),
        "vote": ConditionFactory(
            pledge=b,
            kind="approval",
            text="if parliament approves",
            state="met",
            state_changed_on=dt.date(2025, 7, 3),
        ),
        "hidden": ConditionFactory(pledge=hidden, kind="reciprocity", text="unreviewed"),
    }


def test_matrix_by_kind_and_state_and_the_list(analyst_client, conditions):
    response = analyst_client.get("/conditions/")
    assert response.status_code == 200
    body = response.content.decode()
    matrix = {row["kind"]: {c["state"]: c["n"] for c in row["cells"]} for row in response.context["matrix"]}
    assert matrix["ceasefire"] == {"pending": 1, "met": 0, "lapsed": 0}
    assert matrix["approval"]["met"] == 1
    assert matrix["reciprocity"] == {"pending": 0, "met": 0, "lapsed": 0}  # unreviewed pledges left out
    assert "once the guns fall silent" in body and "unreviewed" not in body
    assert "3 Jul 2025" in body
    body = analyst_client.get("/conditions/?kind=ceasefire&state=pending").content.decode()
    assert "once the guns fall silent" in body and "if parliament approves" not in body
    assert "/state/" not in body  # analysts read only: no state forms


def test_editor_marks_a_condition_met_with_a_day_and_a_source(editor_client, conditions):
    condition = conditions["ceasefire"]
    response = editor_client.post(
        f"/conditions/{condition.pk}/state/",
        {"state": "met", "changed_on": "2025-09-14", "source": "https://news.example/truce"},
        **HX,
    )
    assert response.status_code == 200
    assert response.content.decode().lstrip().startswith(f'<tr id="condition-{condition.pk}"')
    condition.refresh_from_db()
    assert (condition.state, condition.state_changed_on, condition.state_source) == (
        "met",
        dt.date(2025, 9, 14),
        "https://news.example/truce",
    )
    record = condition.history.latest()
    assert record.history_user.username == "editor" and "met" in record.history_change_reason


def test_met_or_lapsed_needs_the_day(editor_client, conditions):
    condition = conditions["ceasefire"]
    response = editor_client.post(f"/conditions/{condition.pk}/state/", {"state": "lapsed"}, **HX)
    assert response.status_code == 200 and "Give the day" in response.content.decode()  # swapped in place
    assert Condition.objects.get(pk=condition.pk).state == "pending"
    response = editor_client.post(f"/conditions/{condition.pk}/state/", {"state": "lapsed"})  # no htmx
    assert response.status_code == 400 and "Give the day" in response.content.decode()
    assert "Back to the conditions" in response.content.decode()


def test_without_htmx_the_editor_is_sent_back(editor_client, conditions):
    condition = conditions["ceasefire"]
    response = editor_client.post(
        f"/conditions/{condition.pk}/state/",
        {"state": "lapsed", "changed_on": "2025-10-01", "next": "/conditions/?kind=ceasefire"},
    )
    assert response.status_code == 302 and response["Location"] == "/conditions/?kind=ceasefire"
    response = editor_client.post(
        f"/conditions/{condition.pk}/state/",
        {"state": "pending", "next": "https://evil.example/"},
    )
    assert response["Location"] == "/conditions/"


def test_analysts_cannot_change_a_condition(analyst_client, conditions):
    condition = conditions["ceasefire"]
    response = analyst_client.post(
        f"/conditions/{condition.pk}/state/", {"state": "met", "changed_on": "2025-01-01"}
    )
    assert response.status_code == 403
    assert Condition.objects.get(pk=condition.pk).state == "pending"


def test_the_timeline_marks_the_change(analyst_client, conditions):
    body = analyst_client.get(f"/coalitions/{conditions['org'].slug}/").content.decode()
    assert 'class="cc cc-met"' in body
    assert "condition met 3 Jul 2025" in body


def test_query_count_does_not_grow_with_conditions(editor_client, conditions):
    few = queries(editor_client, "/conditions/")
    for i in range(15):
        ConditionFactory(pledge=PledgeFactory(announced_on=dt.date(2025, 1, 1) + dt.timedelta(days=i)))
    assert queries(editor_client, "/conditions/") == few
