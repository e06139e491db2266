"""Leader candidates: accept as a new leader, attach as an alias, dismiss; the article is extracted again."""

from __future__ import annotations

import pytest
from django.urls import reverse

from articles.models import EntityMention, LeaderCandidate
from pledges.models import Leader, LeaderAlias, Pledge
from tests.articles.helpers import ingest
from tests.factories import LeaderFactory

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}
HEALEY = (
    "Britain to send troops\n\nPublished: 6 January 2026\n\n"
    "British Defence Secretary John Healey said Britain would send 500 soldiers to Ukraine.\n"
)


def test_candidate_is_listed_with_its_article(editor_client, gazetteer, django_capture_on_commit_callbacks):
    article = ingest(HEALEY, django_capture_on_commit_callbacks)
    candidate = LeaderCandidate.objects.get(article=article)
    assert (candidate.name, candidate.title, candidate.country.code) == (
        "John Healey",
        "Defence Secretary",
        "GB",
    )
    html = editor_client.get(reverse("articles:review")).content.decode()
    assert f'id="candidate-{candidate.pk}"' in html
    assert f'<option value="{candidate.country_id}" selected>United Kingdom</option>' in html


def test_accept_creates_leader_and_office_and_reruns_the_article(
    editor_client, editor, gazetteer, django_capture_on_commit_callbacks
):
    article = ingest(HEALEY, django_capture_on_commit_callbacks)
    assert Pledge.objects.get(evidence__article=article).announced_by is None
    candidate = LeaderCandidate.objects.get(article=article)
    p = f"c{candidate.pk}"
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            reverse("articles:candidate_accept", args=["leader", candidate.pk]),
            {
                f"{p}-name": "John Healey",
                f"{p}-country": candidate.country_id,
                f"{p}-office": "Defence Secretary",
            },
            **HX,
        )
    assert response.status_code == 200
    assert "John Healey added as a leader" in response.content.decode()
    leader = Leader.objects.get(name="John Healey")
    assert leader.country.code == "GB"
    assert leader.offices.get().title == "Defence Secretary"
    assert leader.history.latest().history_user == editor
    candidate.refresh_from_db()
    assert (candidate.state, candidate.leader) == ("accepted", leader)
    # The article was extracted again: the pledge is now announced by the new leader.
    assert Pledge.objects.get(evidence__article=article).announced_by == leader
    assert EntityMention.objects.filter(article=article, leader=leader).exists()


def test_accept_needs_a_country_or_organisation(editor_client, gazetteer, django_capture_on_commit_callbacks):
    article = ingest(HEALEY, django_capture_on_commit_callbacks)
    candidate = LeaderCandidate.objects.get(article=article)
    response = editor_client.post(
        reverse("articles:candidate_accept", args=["leader", candidate.pk]),
        {f"c{candidate.pk}-name": "John Healey"},
        **HX,
    )
    assert "Choose the country" in response.content.decode()
    assert not Leader.objects.filter(name="John Healey").exists()


def test_attach_as_alias_of_an_existing_leader(editor_client, gazetteer, django_capture_on_commit_callbacks):
    known = LeaderFactory(name="John Healey MP", slug="john-healey-mp", country=gazetteer["GB"])
    article = ingest(HEALEY, django_capture_on_commit_callbacks)
    candidate = LeaderCandidate.objects.get(article=article)
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            reverse("articles:candidate_alias", args=["leader", candidate.pk]),
            {f"c{candidate.pk}-leader": known.pk},
        )
    assert response.status_code == 302
    assert LeaderAlias.objects.filter(leader=known, name="John Healey").exists()
    candidate.refresh_from_db()
    assert (candidate.state, candidate.leader) == ("aliased", known)
    assert Pledge.objects.get(evidence__article=article).announced_by == known


def test_dismiss(editor_client, gazetteer, django_capture_on_commit_callbacks):
    article = ingest(HEALEY, django_capture_on_commit_callbacks)
    candidate = LeaderCandidate.objects.get(article=article)
    response = editor_client.post(reverse("articles:candidate_dismiss", args=["leader", candidate.pk]), **HX)
    assert "dismissed" in response.content.decode()
    candidate.refresh_from_db()
    assert candidate.state == "dismissed"
    # Already decided: a second action on it is a 404, not a second leader.
    again = editor_client.post(reverse("articles:candidate_dismiss", args=["leader", candidate.pk]), **HX)
    assert again.status_code == 404


def test_decisions_are_recorded_with_the_editor_for_every_article_naming_them(
    editor, editor_client, gazetteer, django_capture_on_commit_callbacks
):
    first = ingest(HEALEY, django_capture_on_commit_callbacks)
    second = ingest(HEALEY.replace("500 soldiers", "600 soldiers"), django_capture_on_commit_callbacks)
    candidate = LeaderCandidate.objects.get(article=first)
    other = LeaderCandidate.objects.get(article=second)
    known = LeaderFactory(name="John Healey MP", slug="john-healey-mp", country=gazetteer["GB"])
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(
            reverse("articles:candidate_alias", args=["leader", candidate.pk]),
            {f"c{candidate.pk}-leader": known.pk},
        )
    for row in (candidate, other):
        last = row.history.latest()
        assert (last.state, last.history_user, last.history_change_reason) == (
            "aliased",
            editor,
            "Attached to John Healey MP",
        )


def test_dismissal_is_recorded_and_a_stale_decision_is_refused(
    editor, gazetteer, django_capture_on_commit_callbacks
):
    from articles import candidates, review

    article = ingest(HEALEY, django_capture_on_commit_callbacks)
    candidate = LeaderCandidate.objects.get(article=article)
    stale = LeaderCandidate.objects.get(pk=candidate.pk)  # a second editor's page, loaded before
    candidates.dismiss_candidate(candidate, editor)
    assert candidate.history.latest().history_user == editor
    with pytest.raises(review.ReviewError, match="already been decided"):
        candidates.alias_candidate(stale, editor, LeaderFactory(country=gazetteer["GB"]))
    assert not LeaderAlias.objects.filter(name="John Healey").exists()
