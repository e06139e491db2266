"""Correcting an article's details, titles for .txt uploads, and archiving failed or unwanted articles."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from articles import services
from articles.models import Article, EntityMention, LeaderCandidate
from articles.parsers import parse_document
from pledges.models import Pledge
from tests.factories import (
    ArticleFactory,
    EntityMentionFactory,
    EvidenceFactory,
    LeaderCandidateFactory,
    PledgeFactory,
)

pytestmark = pytest.mark.django_db
LIST = reverse("articles:list")


def test_editor_corrects_the_details_with_history(editor_client, editor):
    article = ArticleFactory(title="3f9a0c…", publisher="")
    url = reverse("articles:edit", args=[article.pk])
    assert 'name="title"' in editor_client.get(url).content.decode()
    data = {
        "title": "Allies pledge troops for Ukraine",
        "published_on": "2026-01-06",
        "publisher": "Pledgewatch demo desk",
        "author": "J. Okafor",
        "source_url": "https://example.org/allies",
        "credibility": "0.8",
    }
    response = editor_client.post(url, data)
    assert response.status_code == 302 and response["Location"] == article.get_absolute_url()
    article.refresh_from_db()
    assert (article.title, article.published_on, article.publisher, article.credibility) == (
        "Allies pledge troops for Ukraine",
        dt.date(2026, 1, 6),
        "Pledgewatch demo desk",
        0.8,
    )
    record = article.history.latest()
    assert record.history_user == editor
    assert record.history_change_reason.startswith("Corrected by an editor: title, published_on")
    page = editor_client.get(article.get_absolute_url()).content.decode()
    assert "Allies pledge troops for Ukraine" in page and "https://example.org/allies" in page


def test_invalid_details_are_refused(editor_client):
    article = ArticleFactory(title="Kept")
    response = editor_client.post(
        reverse("articles:edit", args=[article.pk]), {"title": "x", "credibility": "3"}
    )
    assert (
        response.status_code == 200
        and "Ensure this value is less than or equal to 1" in response.content.decode()
    )
    article.refresh_from_db()
    assert article.title == "Kept"


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Ukraine aid\n\nFrance pledged aid to Ukraine on Monday.", "Ukraine aid"),
        (
            "France pledges €2bn to Ukraine on 4 March 2025\n\nFrance pledged aid.",
            "France pledges €2bn to Ukraine on 4 March 2025",
        ),
        ("France pledged aid to Ukraine on Monday. More followed.", None),  # a sentence, not a headline
        ("By John Smith\n\nFrance pledged aid.", None),
        ("4 March 2025\n\nFrance pledged aid.", None),
    ],
)
def test_a_txt_upload_takes_its_title_from_a_headline_shaped_first_line(text, title):
    assert parse_document(text.encode(), filename="3f9a0c.txt").title == title


def test_archiving_removes_unreviewed_results_and_hides_the_article(editor_client, editor):
    article = ArticleFactory(title="Unwanted", state="failed")
    pending = EvidenceFactory(article=article, pledge__review_state="extracted").pledge
    confirmed = EvidenceFactory(article=article, pledge__review_state="confirmed").pledge
    shared = PledgeFactory(review_state="extracted")  # also stated in another article: it lives on there
    EvidenceFactory(article=article, pledge=shared)
    EvidenceFactory(pledge=shared)
    EntityMentionFactory(article=article)
    LeaderCandidateFactory(article=article)
    kept = ArticleFactory(title="Kept article")

    response = editor_client.post(reverse("articles:archive", args=[article.pk]))
    assert response.status_code == 302 and response["Location"] == LIST
    article.refresh_from_db()
    assert article.is_archived and article.archived_by == editor
    assert article.history.latest().history_change_reason == "Archived"
    assert not Pledge.objects.filter(pk=pending.pk).exists()
    assert Pledge.objects.filter(pk=confirmed.pk, evidence__article=article).exists()
    assert (
        Pledge.objects.filter(pk=shared.pk).exists() and not shared.evidence.filter(article=article).exists()
    )
    assert not EntityMention.objects.filter(article=article).exists()
    assert not LeaderCandidate.objects.filter(article=article).exists()

    listing = editor_client.get(LIST).content.decode()
    assert (
        "“Unwanted” archived; 2 pledges awaiting review removed" in listing
    )  # the message after the redirect
    table = listing[listing.index('id="article-table"') :]
    assert "Kept article" in table and "Unwanted" not in table
    archived = editor_client.get(LIST + "?state=archived").content.decode()
    assert "Unwanted" in archived and "Kept article" not in archived
    assert "Unwanted" not in editor_client.get(reverse("articles:review")).content.decode()
    kept.refresh_from_db()
    assert kept.archived_at is None


def test_archived_articles_are_not_queued_again(editor_client):
    article = ArticleFactory(state="failed", archived_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    assert services.requeue(Article.objects.filter(pk=article.pk)) == 0
    article.refresh_from_db()
    assert article.state == "failed"


def test_an_article_being_processed_cannot_be_archived(editor_client):
    article = ArticleFactory(state="processing")
    response = editor_client.post(reverse("articles:archive", args=[article.pk]), follow=True)
    assert "archive it once it has finished" in response.content.decode()
    article.refresh_from_db()
    assert not article.is_archived


def test_restoring_brings_the_article_back_and_extracts_it_again(
    editor_client, gazetteer, django_capture_on_commit_callbacks
):
    from tests.articles.helpers import ARTICLE, ingest

    article = ingest(ARTICLE, django_capture_on_commit_callbacks)
    editor_client.post(reverse("articles:archive", args=[article.pk]))
    assert not Pledge.objects.filter(evidence__article=article).exists()
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(reverse("articles:restore", args=[article.pk]))
    article.refresh_from_db()
    assert not article.is_archived and article.state == "done"
    assert Pledge.objects.filter(evidence__article=article, review_state="extracted").count() == 2
    assert article.history.filter(history_change_reason="Restored from the archive").exists()
