"""Possible pledges: candidates below the threshold are kept for editors, listed under their article in
the review queue, promoted through the add-pledge form or dismissed; analysts never see them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from articles import services
from articles.models import Article, PossiblePledge
from pledges.models import Pledge
from tests.articles.helpers import ARTICLE, ingest
from tests.articles.views.test_add_pledge import post_data

pytestmark = pytest.mark.django_db
# A past provision is history, not a commitment: extraction keeps it only as a possible pledge.
HISTORY = "Germany has sent 500 tents to Ukraine, the ministry said."
TEXT = ARTICLE + "\n" + HISTORY + "\n"
QUEUE = reverse("articles:review")


@pytest.fixture
def article(gazetteer, django_capture_on_commit_callbacks) -> Article:
    return ingest(TEXT, django_capture_on_commit_callbacks)


def test_ingestion_keeps_the_possible_pledge_apart(article):
    (possible,) = PossiblePledge.objects.filter(article=article)
    assert (possible.actor, possible.state) == ("DE", "pending")
    assert possible.confidence < 0.25 and possible.rule.startswith("possible:")
    assert article.text[possible.start : possible.end] == possible.quote == HISTORY
    assert not Pledge.objects.filter(actor_country__code="DE").exists()
    assert article.timings["counts"]["possible_pledges"] == 1


def test_the_queue_lists_it_with_promote_and_dismiss(editor_client, article):
    (possible,) = PossiblePledge.objects.filter(article=article)
    body = editor_client.get(QUEUE).content.decode()
    assert "Possible pledges" in body and f'id="possible-{possible.pk}"' in body
    promote = (
        reverse("articles:pledge_add", args=[article.pk]) + f"?start={possible.start}&amp;end={possible.end}"
    )
    assert promote in body
    assert reverse("articles:possible_dismiss", args=[possible.pk]) in body


def test_dismissed_it_leaves_the_queue_and_is_not_proposed_again(
    editor_client, article, django_capture_on_commit_callbacks
):
    (possible,) = PossiblePledge.objects.filter(article=article)
    response = editor_client.post(
        reverse("articles:possible_dismiss", args=[possible.pk]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and response.content == b""
    possible.refresh_from_db()
    assert possible.state == "dismissed" and possible.decided_by.username == "editor"
    assert f'id="possible-{possible.pk}"' not in editor_client.get(QUEUE).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.requeue(Article.objects.filter(pk=article.pk))  # extraction runs again
    article.refresh_from_db()
    assert article.state == "done"
    assert list(PossiblePledge.objects.filter(article=article).values_list("state", flat=True)) == [
        "dismissed"
    ]


def test_adding_a_pledge_over_its_passage_promotes_it(editor_client, article):
    (possible,) = PossiblePledge.objects.filter(article=article)
    data = post_data(article, possible.start, possible.end, summary="Germany sent 500 tents to Ukraine.")
    response = editor_client.post(reverse("articles:pledge_add", args=[article.pk]), data)
    assert response.status_code == 302
    possible.refresh_from_db()
    assert possible.state == "accepted"
    assert Pledge.objects.get(actor_country__code="DE").origin == "editor"


def test_analysts_cannot_dismiss(analyst_client, article):
    (possible,) = PossiblePledge.objects.filter(article=article)
    assert analyst_client.post(reverse("articles:possible_dismiss", args=[possible.pk])).status_code == 403
    possible.refresh_from_db()
    assert possible.state == "pending"
