"""The ingestion task on the real pipeline: claims, duplicates, failures, retries, reingest, restatements."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import OperationalError
from django.utils import timezone

from articles import services
from articles.models import Article, EntityMention, Evidence, LeaderCandidate
from articles.pipeline import stages
from articles.tasks import ingest_article
from pledges.models import Pledge, Revision
from tests.articles.helpers import ARTICLE

pytestmark = pytest.mark.django_db(transaction=True)


def upload(text: str = ARTICLE, **kwargs) -> Article:
    stored = services.store_upload(text.encode(), original_name="allies.txt", **kwargs)
    stored.article.refresh_from_db()
    return stored.article


def test_upload_is_ingested_in_process(gazetteer):
    article = upload()
    assert article.state == "done", article.error_message
    assert article.published_on == dt.date(2026, 1, 6)
    assert article.extractor_version
    assert set(article.timings) >= {"read", "parse", "extract", "persist"}
    pledges = Pledge.objects.filter(evidence__article=article)
    actors = sorted(p.actor_country.code for p in pledges)
    assert actors == ["FR", "GB"]
    french = pledges.get(actor_country__code="FR")
    assert french.review_state == "extracted"
    assert french.announced_by.name == "Emmanuel Macron"
    assert french.beneficiary_country.code == "UA"
    assert (french.amount_unit, french.amount_approximate) == ("troops", True)
    assert {c.kind for c in french.conditions.all()} >= {"ceasefire"}
    british = pledges.get(actor_country__code="GB")
    assert (british.amount_value, british.amount_unit) == (200_000_000, "GBP")


def test_ingestion_moves_the_extractions_counter_only(gazetteer):
    """Unreviewed results must not empty the cached pages analysts see by default."""
    before = Revision.numbers(Revision.PLEDGES, Revision.EXTRACTIONS)
    upload()
    after = Revision.numbers(Revision.PLEDGES, Revision.EXTRACTIONS)
    assert after[0] == before[0] and after[1] > before[1]


def test_evidence_and_mentions_point_into_the_text(gazetteer):
    article = upload()
    for evidence in Evidence.objects.filter(article=article):
        assert article.text[evidence.start : evidence.end] == evidence.quote
    mentions = EntityMention.objects.filter(article=article)
    assert mentions.filter(kind="country", country__code="UA").exists()
    for mention in mentions:
        assert article.text[mention.start : mention.end] == mention.text


def test_duplicate_upload_points_to_the_existing_article(gazetteer):
    first = upload()
    again = services.store_upload(ARTICLE.encode(), original_name="copy.txt")
    assert not again.created
    assert again.article.pk == first.pk
    assert Article.objects.count() == 1
    assert Pledge.objects.count() == 2


def test_a_second_message_for_the_same_article_is_a_no_op(gazetteer):
    article = upload()
    Article.objects.filter(pk=article.pk).update(state="queued")
    assert services.claim(article.pk, "task-a")
    assert services.ingest(article.pk, "task-b") == "skipped"
    assert services.ingest(article.pk, "task-a") == "done"
    assert Pledge.objects.count() == 2


def test_bad_file_fails_with_a_message_and_no_retry(gazetteer):
    stored = services.store_upload(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, original_name="photo.txt")
    article = Article.objects.get(pk=stored.article.pk)
    assert article.state == "failed"
    assert "photo.txt" in article.error_message
    assert "Traceback" not in article.error_message
    assert article.attempts == 1


def test_transient_database_error_is_retried(gazetteer, monkeypatch):
    calls = {"n": 0}
    real_run = stages.Extract.run

    def flaky(self, context):
        calls["n"] += 1
        if calls["n"] == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real_run(self, context)

    monkeypatch.setattr(stages.Extract, "run", flaky)
    article = upload()
    assert calls["n"] == 2
    assert article.state == "done"
    assert article.attempts == 2


def test_retries_exhausted_end_in_failed_with_reason(gazetteer, monkeypatch):
    def always_down(self, context):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(stages.Extract, "run", always_down)
    article = upload()
    assert article.state == "failed"
    assert "database could not be reached" in article.error_message


def test_unexpected_error_is_recorded(gazetteer, monkeypatch):
    def broken(self, context):
        raise ValueError("a bug")

    monkeypatch.setattr(stages.Extract, "run", broken)
    article = upload()
    assert article.state == "failed"
    assert article.error_message == services.UNEXPECTED_FAILURE


def test_reingest_replaces_unreviewed_results_and_keeps_reviewed_ones(gazetteer):
    article = upload()
    french = Pledge.objects.get(actor_country__code="FR")
    french.review_state = "confirmed"
    french.save()
    services.requeue(Article.objects.filter(pk=article.pk))
    article.refresh_from_db()
    assert article.state == "done"
    assert Pledge.objects.count() == 2
    assert Pledge.objects.get(actor_country__code="FR").pk == french.pk
    assert Evidence.objects.filter(article=article).count() == 2
    assert LeaderCandidate.objects.filter(article=article).count() == LeaderCandidate.objects.count()


def test_restatement_is_linked_not_counted_twice(gazetteer):
    upload()
    later = ARTICLE.replace("Published: 6 January 2026", "Published: 20 January 2026") + "\nMore news.\n"
    second = upload(later)
    restatements = Pledge.objects.filter(evidence__article=second, restates__isnull=False)
    assert restatements.count() == 2
    assert Pledge.objects.originals().count() == 2


def test_stale_articles_are_enqueued_again(gazetteer):
    article = upload()
    old = timezone.now() - dt.timedelta(hours=1)
    Article.objects.filter(pk=article.pk).update(
        state="processing", task_id="dead-worker", state_changed_at=old
    )
    assert services.requeue_stale(older_than_seconds=60) == 1
    article.refresh_from_db()
    assert article.state == "done"
    assert services.requeue_stale(older_than_seconds=60) == 0


def test_task_returns_final_state(gazetteer):
    article = upload()
    Article.objects.filter(pk=article.pk).update(state="queued", task_id="")
    assert ingest_article.apply(args=[article.pk]).get() == "done"
