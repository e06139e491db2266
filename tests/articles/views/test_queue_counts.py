"""The queue's per-article tally (extracted / confirmed / added) and its query count with 50 articles."""

from __future__ import annotations

import pytest
from django.urls import reverse

from articles.models import PossiblePledge
from tests.factories import (
    ArticleFactory,
    ConditionFactory,
    EntityMentionFactory,
    EvidenceFactory,
    LeaderCandidateFactory,
    OrganisationCandidateFactory,
)

pytestmark = pytest.mark.django_db
QUEUE = reverse("articles:review")
# Session, user and their two permission lookups; the articles and their count; evidence with pledges,
# conditions, mentions, leader and organisation candidates, the restatement pool, the per-article
# tally, the quotes in the same articles (siblings are not suggested as originals), the waiting count,
# the three entity lists of the candidate forms, the possible pledges.
QUEUE_QUERIES = 19


def pending_article(n_pledges: int = 2):
    article = ArticleFactory()
    for _ in range(n_pledges):
        pledge = EvidenceFactory(article=article, pledge__review_state="extracted").pledge
        ConditionFactory(pledge=pledge)
    EntityMentionFactory(article=article)
    LeaderCandidateFactory(article=article)
    OrganisationCandidateFactory(article=article)
    PossiblePledge.objects.create(
        article=article, actor="FR", category="military", quote="x", start=0, end=1, confidence=0.2, rule="r"
    )
    return article


def test_each_article_shows_extracted_confirmed_rejected_and_added(editor_client):
    article = ArticleFactory(title="Tallied")
    EvidenceFactory(article=article, pledge__review_state="extracted")
    EvidenceFactory(article=article, pledge__review_state="confirmed")
    EvidenceFactory(article=article, pledge__review_state="confirmed")
    EvidenceFactory(article=article, pledge__review_state="rejected")
    EvidenceFactory(article=article, pledge__review_state="confirmed", pledge__origin="editor")
    html = editor_client.get(QUEUE).content.decode()
    tally = html[html.index('class="article-counts"') :]
    tally = tally[: tally.index("</p>")]
    assert ">4 extracted<" in tally and ">2 confirmed<" in tally and ">1 rejected<" in tally
    assert ">1 added<" in tally


def test_queue_with_50_articles_pending_runs_a_fixed_number_of_queries(
    editor_client, django_assert_num_queries
):
    for _ in range(50):
        pending_article()
    with django_assert_num_queries(QUEUE_QUERIES):
        response = editor_client.get(QUEUE)
    html = response.content.decode()
    assert "100 pledges awaiting review" in html
    assert html.count('class="review-article"') == 10  # one page of articles
    assert "Page 1 of 5" in html


def test_the_count_is_the_same_with_5_articles(editor_client, django_assert_num_queries):
    for _ in range(5):
        pending_article(n_pledges=1)
    with django_assert_num_queries(QUEUE_QUERIES):
        editor_client.get(QUEUE)
